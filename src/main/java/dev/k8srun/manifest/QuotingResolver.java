package dev.k8srun.manifest;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A resolver for <em>emitting</em> only. SnakeYAML writes a string plain only when its resolver
 * reads the plain text back as a string; otherwise it quotes it. This resolver's implicit types are
 * a superset of YAML 1.1's (which Kubernetes and kubectl use), of YAML 1.2's core schema and of
 * what Go's YAML readers accept as numbers, so every string that any of them could read as a bool,
 * number, null or timestamp is quoted. It also claims plain scalars that start with a YAML
 * indicator character (such as {@code -Xmx1g} or {@code ?x}), so those are quoted too.
 *
 * <p>Real non-strings keep their tags: an {@code Integer} is written as {@code 0}, a {@code
 * Boolean} as {@code true}, a {@code Double} as {@code 1.5}, {@code null} as {@code null}, all
 * plain.
 */
final class QuotingResolver extends Resolver {

  /** Integers as Java writes them: these are the only plain scalars resolved as {@code !!int}. */
  static final Pattern CANONICAL_INT = Pattern.compile("[-+]?(0|[1-9][0-9]*)");

  /** YAML 1.1 booleans (including y and n), in any case. */
  static final Pattern BOOL_LIKE = Pattern.compile("(?i:y|yes|n|no|true|false|on|off)");

  /** YAML 1.1 and 1.2 nulls, in any case; the empty string is handled by {@link #EMPTY}. */
  static final Pattern NULL_LIKE = Pattern.compile("~|(?i:null)");

  /** Dates and timestamps, also with one-digit fields or space separators as Go's reader allows. */
  static final Pattern TIMESTAMP_LIKE =
      Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt \\t].*)?", Pattern.DOTALL);

  /**
   * Anything that might be a number in some YAML reader: an optional sign, an optional dot, a
   * digit, then only digits, the letters numbers can hold (hex digits, {@code x o p}), {@code _ . :
   * + -}. Covers {@code 1.10}, {@code 0999}, {@code 0x1F}, {@code 0o17}, {@code 0b101}, {@code
   * 1e3}, {@code 1_000}, {@code 1:20}, {@code 1.2.3}, but leaves quantities such as {@code 500m}
   * and {@code 1Gi} plain.
   */
  static final Pattern NUMBER_LIKE = Pattern.compile("[-+]?\\.?[0-9][0-9a-fA-FxXoOpP_.:+-]*");

  /** Infinity and not-a-number, with or without sign and dot, in any case. */
  static final Pattern SPECIAL_FLOAT = Pattern.compile("[-+]?\\.?(?i:inf|infinity|nan)");

  /** A plain scalar starting with one of YAML's indicator characters. */
  static final Pattern INDICATOR_START =
      Pattern.compile("[-?:,\\[\\]{}#&*!|>'\"%@`].*", Pattern.DOTALL);

  /** YAML 1.1's "value" key type ({@code =}), which SnakeYAML does not name. */
  private static final Tag VALUE_KEY = new Tag("tag:yaml.org,2002:value");

  private static final Tag INDICATOR = new Tag("tag:k8s-run.dev,2026:indicator");
  private static final int NO_LIMIT = Integer.MAX_VALUE;

  @Override
  protected void addImplicitResolvers() {
    // Order matters within one first character: the first match wins.
    add(Tag.BOOL, BOOL_LIKE, "yYnNtTfFoO");
    add(Tag.INT, CANONICAL_INT, "-+0123456789");
    add(Tag.TIMESTAMP, TIMESTAMP_LIKE, "0123456789");
    add(Tag.FLOAT, NUMBER_LIKE, "-+.0123456789");
    add(Tag.FLOAT, SPECIAL_FLOAT, "-+.iInN");
    add(Tag.NULL, NULL_LIKE, "~nN");
    add(Tag.NULL, EMPTY, null);
    add(Tag.MERGE, MERGE, "<");
    add(VALUE_KEY, VALUE, "=");
    add(INDICATOR, INDICATOR_START, "-?:,[]{}#&*!|>'\"%@`");
  }

  private void add(Tag tag, Pattern pattern, String firstChars) {
    addImplicitResolver(tag, pattern, firstChars, NO_LIMIT);
  }
}
