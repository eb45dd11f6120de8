package dev.k8srun.manifest;

import dev.k8srun.testing.RecordingReporter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k8srun.config.KubernetesNames;
import dev.k8srun.config.ManifestRequest;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Strings that YAML could read as something else reach a YAML 1.1 reader unchanged: as env values,
 * args, annotation values and (where valid) label values. Case C08 and its whole family.
 */
class TrickyStringsTest {

  static Stream<String> trickyStrings() {
    return Stream.of(
        // booleans, YAML 1.1 and 1.2
        "y",
        "Y",
        "n",
        "N",
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        // integers and floats of every base and form
        "5023",
        "0",
        "-1",
        "+1",
        "0999",
        "0755",
        "0x1F",
        "0o17",
        "0b1010",
        "1_000",
        "1.10",
        "1.0",
        "1.2.3",
        "1e3",
        "1E-3",
        "-.5",
        ".5",
        "5.",
        "+12.5",
        "1:20",
        "190:20:30.15",
        ".inf",
        "-.Inf",
        "+.INF",
        ".NaN",
        ".nan",
        "Infinity",
        "-infinity",
        "nan",
        "12345678901234567890123",
        // dates and timestamps
        "2001-12-14",
        "2001-12-14t21:59:43.10-05:00",
        "2001-12-14 21:59:43.10 -5",
        "2001-12-15T02:59:43.1Z",
        "2006-1-2",
        // nulls and special keys
        "~",
        "null",
        "Null",
        "NULL",
        "",
        " ",
        "=",
        "<<",
        // indicators and structure
        "-",
        "-x",
        "- x",
        "--input",
        "-Xmx1g",
        "?",
        "?x",
        ":",
        ":x",
        ",",
        "[x]",
        "]",
        "{a: b}",
        "}",
        "#comment",
        "&anchor",
        "*alias",
        "!tag",
        "!!str",
        "|",
        ">",
        "'",
        "\"",
        "%x",
        "@classpath",
        "`cmd`",
        "a: b",
        "a:b",
        "a #b",
        "a#b",
        "key:",
        " leading",
        "trailing ",
        "  both  ",
        // multi-line, Unicode, control characters
        "line one\nline two",
        "line one\nline two\n",
        "trailing newlines\n\n",
        "\nleading newline",
        "  indented\nfirst line",
        "trailing space \nnext",
        "tab\tinside",
        "cr\r\nlf",
        "é ü ß 日本語 🚀",
        "x\u2028y",
        "nel\u0085x",
        "bell\u0007",
        "\uFEFFbom",
        // things that look harmless and must stay plain-equal
        "plain",
        "app.Main",
        "500m",
        "1Gi",
        "1.2.3-build.7",
        "127.0.0.1:5000/app@sha256:abc");
  }

  @ParameterizedTest
  @MethodSource("trickyStrings")
  void readsBackAsTheSameString(String value) throws Exception {
    String yaml = render(value);

    Map<String, Object> pod = new Yaml().load(yaml);
    Map<String, Object> metadata = map(pod.get("metadata"));
    Map<String, Object> container = map(((List<?>) map(pod.get("spec")).get("containers")).get(0));
    assertThat(container.get("env")).isEqualTo(List.of(Map.of("name", "TRICKY", "value", value)));
    assertThat(container.get("args")).isEqualTo(List.of(value, "x"));
    assertThat(map(metadata.get("annotations"))).containsEntry("example.com/tricky", value);
    if (KubernetesNames.isLabelValue(value)) {
      assertThat(map(metadata.get("labels"))).containsEntry("tricky", value);
    }
  }

  @ParameterizedTest
  @MethodSource("trickyStrings")
  void aStrictYaml11ReaderSeesAString(String value) throws Exception {
    Node root = strictCompose(render(value));

    Node metadata = get(root, "metadata");
    Node container = ((SequenceNode) get(get(root, "spec"), "containers")).getValue().get(0);
    Node env = ((SequenceNode) get(container, "env")).getValue().get(0);
    assertString(get(env, "value"), value);
    assertString(((SequenceNode) get(container, "args")).getValue().get(0), value);
    assertString(get(get(metadata, "annotations"), "example.com/tricky"), value);
    if (KubernetesNames.isLabelValue(value)) {
      assertString(get(get(metadata, "labels"), "tricky"), value);
    }
  }

  @Test
  void caseC08QuotesWhatYamlWouldMisread() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DB_PORT", "5023");
    env.put("FLAG", "yes");
    env.put("VERSION", "1.10");
    env.put("EMPTY", null); // <EMPTY></EMPTY> in a POM
    String yaml =
        new ManifestGenerator(new RecordingReporter())
            .render(Requests.minimal().env(env).kind(dev.k8srun.config.WorkloadKind.JOB).build());

    assertThat(yaml)
        .containsPattern("- name: DB_PORT\n {10}value: (\"5023\"|'5023')\n")
        .contains("- name: FLAG\n          value: 'yes'\n")
        .contains("- name: VERSION\n          value: '1.10'\n")
        .contains("- name: EMPTY\n          value: ''\n");
    // Real numbers and booleans stay what they are.
    assertThat(yaml)
        .contains("  backoffLimit: 0\n")
        .contains("runAsUser: 1000\n")
        .contains("runAsNonRoot: true\n")
        .contains("allowPrivilegeEscalation: false\n");
  }

  @Test
  void stringsStartingWithAnIndicatorAreQuoted() {
    String yaml =
        ManifestYaml.dump(Map.of("a", List.of("-Xmx1g", "--input", "?x", ":x", "@x", "`x")));

    assertThat(yaml).isEqualTo("a:\n- '-Xmx1g'\n- '--input'\n- '?x'\n- ':x'\n- '@x'\n- '`x'\n");
  }

  @Test
  void plainStringsStayPlain() {
    String yaml = ManifestYaml.dump(Map.of("a", List.of("plain", "500m", "1Gi", "app.Main")));

    assertThat(yaml).isEqualTo("a:\n- plain\n- 500m\n- 1Gi\n- app.Main\n");
  }

  @Test
  void multiLineStringsAreLiteralBlocksAndUnicodeIsKept() {
    String yaml = ManifestYaml.dump(Map.of("script", "echo héllo\necho 日本\n"));

    assertThat(yaml).isEqualTo("script: |\n  echo héllo\n  echo 日本\n");
  }

  @Test
  void longStringsAreNotWrapped() {
    String longValue = "word ".repeat(60).trim();

    assertThat(ManifestYaml.dump(Map.of("k", longValue))).isEqualTo("k: " + longValue + "\n");
  }

  @Test
  void nonStringsAreNotQuoted() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("int", 5023);
    document.put("long", 1000L);
    document.put("negative", -1);
    document.put("bool", true);
    document.put("double", 1.5);
    document.put("nothing", null);

    assertThat(ManifestYaml.dump(document))
        .isEqualTo("int: 5023\nlong: 1000\nnegative: -1\nbool: true\ndouble: 1.5\nnothing: null\n");
  }

  private static String render(String value) throws Exception {
    Map<String, String> labels = new LinkedHashMap<>();
    if (KubernetesNames.isLabelValue(value)) {
      labels.put("tricky", value);
    }
    ManifestRequest request =
        Requests.minimal()
            .env(Map.of("TRICKY", value))
            .args(List.of(value, "x"))
            .annotations(Map.of("example.com/tricky", value))
            .labels(labels)
            .build();
    return new ManifestGenerator(new RecordingReporter()).render(request);
  }

  private static Node strictCompose(String yaml) {
    LoaderOptions options = new LoaderOptions();
    Yaml strict =
        new Yaml(
            new SafeConstructor(options),
            new Representer(new DumperOptions()),
            new DumperOptions(),
            options,
            new StrictYaml11Resolver());
    return strict.compose(new StringReader(yaml));
  }

  private static Node get(Node mapping, String key) {
    for (NodeTuple tuple : ((MappingNode) mapping).getValue()) {
      if (key.equals(((ScalarNode) tuple.getKeyNode()).getValue())) {
        return tuple.getValueNode();
      }
    }
    throw new AssertionError("no key " + key);
  }

  private static void assertString(Node node, String expected) {
    assertThat(node).isInstanceOf(ScalarNode.class);
    assertThat(node.getTag()).as("tag of %s", ((ScalarNode) node).getValue()).isEqualTo(Tag.STR);
    assertThat(((ScalarNode) node).getValue()).isEqualTo(expected);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
