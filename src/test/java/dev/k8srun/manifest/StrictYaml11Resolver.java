package dev.k8srun.manifest;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * An independent reference for the tests: the implicit types of the YAML 1.1 type repository
 * (yaml.org/type: bool with y/n, int with octal/hex/binary/sexagesimal, float, null, timestamp,
 * merge, value) plus the YAML 1.2 core schema's ints and floats ({@code 0o17}, {@code 1e3}, {@code
 * 0999}). A plain scalar this resolver reads as anything but {@code !!str} would not reach a YAML
 * 1.1 or 1.2 reader as a string.
 */
final class StrictYaml11Resolver extends Resolver {

  private static final Pattern BOOL_11 =
      Pattern.compile(
          "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
  private static final Pattern INT_11 =
      Pattern.compile(
          "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
              + "|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+");
  private static final Pattern FLOAT_11 =
      Pattern.compile(
          "[-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*"
              + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
  private static final Pattern INT_12 = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
  private static final Pattern FLOAT_12 =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern NULL_11 = Pattern.compile("~|null|Null|NULL|");
  private static final Pattern TIMESTAMP_11 =
      Pattern.compile(
          "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
              + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]"
              + ":[0-9][0-9](\\.[0-9]*)?(([ \\t]*)Z|[-+][0-9][0-9]?(:[0-9][0-9])?)?");
  private static final Pattern MERGE_11 = Pattern.compile("<<");
  private static final Pattern VALUE_11 = Pattern.compile("=");

  @Override
  protected void addImplicitResolvers() {
    addImplicitResolver(Tag.BOOL, BOOL_11, "yYnNtTfFoO", Integer.MAX_VALUE);
    addImplicitResolver(Tag.INT, INT_11, "-+0123456789", Integer.MAX_VALUE);
    addImplicitResolver(Tag.INT, INT_12, "-+0123456789", Integer.MAX_VALUE);
    addImplicitResolver(Tag.FLOAT, FLOAT_11, "-+0123456789.", Integer.MAX_VALUE);
    addImplicitResolver(Tag.FLOAT, FLOAT_12, "-+0123456789.", Integer.MAX_VALUE);
    addImplicitResolver(Tag.NULL, NULL_11, "~nN\0", Integer.MAX_VALUE);
    addImplicitResolver(Tag.TIMESTAMP, TIMESTAMP_11, "0123456789", Integer.MAX_VALUE);
    addImplicitResolver(Tag.MERGE, MERGE_11, "<", Integer.MAX_VALUE);
    addImplicitResolver(new Tag("tag:yaml.org,2002:value"), VALUE_11, "=", Integer.MAX_VALUE);
  }
}
