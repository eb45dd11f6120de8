package dev.k8srun.manifest;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes manifests as YAML that means what it says to a YAML 1.1 reader such as kubectl: block
 * style, two spaces, keys in insertion order, no line wrapping, Unicode kept, multi-line strings as
 * literal blocks, and every string quoted that could be read as anything but that string (its
 * resolver reads a superset of the YAML 1.1 and 1.2 implicit types). The same input always gives
 * the same text.
 */
public final class ManifestYaml {

  private ManifestYaml() {}

  /**
   * Writes one document.
   *
   * @param document maps (ordered), lists, strings, numbers, booleans and nulls
   */
  public static String dump(Object document) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setWidth(Integer.MAX_VALUE);
    options.setSplitLines(false);
    options.setAllowUnicode(true);
    options.setLineBreak(DumperOptions.LineBreak.UNIX);
    options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
    LoaderOptions loaderOptions = new LoaderOptions();
    Yaml yaml =
        new Yaml(
            new SafeConstructor(loaderOptions),
            new StringStyleRepresenter(options),
            options,
            loaderOptions,
            new QuotingResolver());
    return yaml.dump(document);
  }

  /**
   * Chooses a string's style: literal block for multi-line text, double quotes where escapes are
   * needed.
   */
  private static final class StringStyleRepresenter extends Representer {

    /** Characters a literal block cannot carry faithfully to every reader. */
    private static final Pattern NEEDS_ESCAPES =
        Pattern.compile(
            "[^\\t\\n\\x20-\\x7E\\xA0-\\uD7FF\\uE000-\\uFFFD\\x{10000}-\\x{10FFFF}]"
                + "|[\\x85\\u2028\\u2029\\uFEFF]");

    private static final Pattern MULTI_LINE = Pattern.compile("\\n");

    StringStyleRepresenter(DumperOptions options) {
      super(options);
      this.representers.put(
          String.class,
          data -> {
            String text = (String) data;
            ScalarStyle style = ScalarStyle.PLAIN;
            if (NEEDS_ESCAPES.matcher(text).find()) {
              style = ScalarStyle.DOUBLE_QUOTED;
            } else if (MULTI_LINE.matcher(text).find()) {
              style = ScalarStyle.LITERAL;
            }
            return representScalar(Tag.STR, text, style);
          });
    }
  }
}
