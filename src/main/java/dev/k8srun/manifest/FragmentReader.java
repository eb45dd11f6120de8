package dev.k8srun.manifest;

import dev.k8srun.config.Reporter;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the user's fragment with SnakeYAML's safe constructor, as YAML 1.1 (as kubectl would).
 *
 * <p>Fields the Kubernetes API only accepts as strings are kept as the text the user wrote, even
 * where YAML 1.1 reads a number or a bool: mapping keys, env {@code value}s, and the values of
 * {@code labels}, {@code annotations}, {@code nodeSelector} and resource {@code limits} and {@code
 * requests} (quantities, which the API also takes as strings). So {@code value: 1.10} stays {@code
 * "1.10"}, not 1.1.
 */
final class FragmentReader {

  private static final Set<String> STRING_MAPS =
      Set.of("labels", "annotations", "nodeSelector", "limits", "requests");

  private final Reporter reporter;

  FragmentReader(Reporter reporter) {
    this.reporter = reporter;
  }

  /**
   * Reads a fragment file.
   *
   * @return the fragment as ordered maps and lists; empty when the file holds no document
   * @throws FragmentException when the file is not UTF-8, not valid YAML or not a mapping
   */
  Map<String, Object> read(Path file) throws FragmentException, IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new FragmentException(
          file, "The fragment " + file + " is not UTF-8 text: save it as UTF-8.");
    }
    return parse(text, file);
  }

  /** Parses fragment text; {@code file} only names the source in messages. */
  Map<String, Object> parse(String text, Path file) throws FragmentException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    StringConstructor constructor = new StringConstructor(options);
    Yaml yaml =
        new Yaml(
            constructor,
            new Representer(new DumperOptions()),
            new DumperOptions(),
            options,
            new Resolver());
    Node root;
    try {
      root = yaml.compose(new StringReader(text));
      if (root == null) {
        reporter.debug("The fragment " + file + " is empty: nothing to merge.");
        return new LinkedHashMap<>();
      }
      if (!(root instanceof MappingNode)) {
        Mark mark = root.getStartMark();
        throw new FragmentException(
            file,
            mark.getLine() + 1,
            mark.getColumn() + 1,
            "The fragment "
                + file
                + " is not a mapping (line "
                + (mark.getLine() + 1)
                + ", column "
                + (mark.getColumn() + 1)
                + "): write it as a Pod, with keys such as metadata and spec at the top level.",
            null);
      }
      keepStrings(root, null, file);
      return constructor.constructMap(root);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 0 : mark.getLine() + 1;
      int column = mark == null ? 0 : mark.getColumn() + 1;
      throw new FragmentException(
          file,
          line,
          column,
          "The fragment "
              + file
              + " is not valid YAML at line "
              + line
              + ", column "
              + column
              + ": "
              + describe(e)
              + "; fix the YAML there.",
          e);
    } catch (YAMLException e) {
      throw new FragmentException(
          file,
          0,
          0,
          "The fragment " + file + " cannot be read as YAML: " + e.getMessage() + "; fix the file.",
          e);
    }
  }

  private static String describe(MarkedYAMLException e) {
    String context = e.getContext();
    String problem = e.getProblem();
    if (context != null && problem != null) {
      return context + ", " + problem;
    }
    return problem != null ? problem : String.valueOf(context);
  }

  /** Re-tags scalars the API wants as strings, so they keep the text written. */
  private void keepStrings(Node node, String key, Path file) {
    if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        if ("env".equals(key) && item instanceof MappingNode variable) {
          stringifyEnvValue(variable, file);
        }
        keepStrings(item, null, file);
      }
    } else if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (keyNode instanceof ScalarNode scalarKey && !Tag.MERGE.equals(keyNode.getTag())) {
          keyNode.setTag(Tag.STR);
          Node value = tuple.getValueNode();
          if (STRING_MAPS.contains(scalarKey.getValue()) && value instanceof MappingNode strings) {
            for (NodeTuple entry : strings.getValue()) {
              entry.getKeyNode().setTag(Tag.STR);
              stringify(entry.getValueNode(), scalarKey.getValue(), file);
            }
          }
          keepStrings(value, scalarKey.getValue(), file);
        }
      }
    }
  }

  private void stringifyEnvValue(MappingNode variable, Path file) {
    for (NodeTuple tuple : variable.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key && "value".equals(key.getValue())) {
        stringify(tuple.getValueNode(), "env", file);
      }
    }
  }

  private void stringify(Node value, String where, Path file) {
    if (value instanceof ScalarNode scalar
        && !Tag.STR.equals(scalar.getTag())
        && !Tag.NULL.equals(scalar.getTag())) {
      reporter.debug(
          "The fragment "
              + file
              + " has a "
              + where
              + " value at line "
              + (scalar.getStartMark().getLine() + 1)
              + " that YAML reads as "
              + scalar.getTag().getValue().replace(Tag.PREFIX, "")
              + "; it is used as the string written, since Kubernetes only accepts strings there.");
      scalar.setTag(Tag.STR);
    }
  }

  /** Exposes the safe constructor's document construction for an already composed node. */
  private static final class StringConstructor extends SafeConstructor {

    StringConstructor(LoaderOptions options) {
      super(options);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> constructMap(Node root) {
      return (Map<String, Object>) constructDocument(root);
    }
  }
}
