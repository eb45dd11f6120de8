package dev.k8srun.manifest;

import dev.k8srun.testing.RecordingReporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8srun.config.InvalidNameException;
import dev.k8srun.config.KubernetesNames;
import dev.k8srun.config.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/** Names and label values follow the Kubernetes rules. Cases C05, C06, C07. */
class NamesAndLabelsTest {

  private static final String LONG_A =
      "customer-onboarding-document-verification-service-with-extra-long-suffix";
  private static final String LONG_B =
      "customer-onboarding-document-verification-service-with-extra-long-suffiy";

  @ParameterizedTest
  @CsvSource({
    "OrderService, orderservice", // C05
    "JKubeResource, jkuberesource", // C06
    "final_assignment, final-assignment", // C06
    "my.app, my-app",
    "--Weird__Name--, weird-name",
    "a  b::c, a-b-c",
    "Ünïcödé-App, n-c-d-app",
    "123, 123"
  })
  void derivesDns1123Labels(String source, String expected) {
    assertThat(KubernetesNames.toDns1123Label(source)).isEqualTo(expected);
    assertThat(KubernetesNames.isDns1123Label(expected)).isTrue();
  }

  @Test
  void cutsLongNamesWithAHashSoTheyStayDistinct() { // C07 (the case's example is 72 characters)
    assertThat(LONG_A).hasSizeGreaterThan(63);
    String a = KubernetesNames.toDns1123Label(LONG_A);
    String b = KubernetesNames.toDns1123Label(LONG_B);

    assertThat(a).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(b).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(a).isNotEqualTo(b).startsWith("customer-onboarding-document-verification-servic");
    assertThat(a).matches(".*-[0-9a-f]{8}");
    assertThat(KubernetesNames.toDns1123Label(LONG_A)).as("stable").isEqualTo(a);
  }

  @Test
  void longArtifactIdGivesValidNamesAndLabelsInThePod() throws Exception { // C07
    String yaml =
        new ManifestGenerator(new RecordingReporter())
            .render(Requests.minimal().artifactId(LONG_A).version(LONG_B + "-SNAPSHOT").build());

    Map<String, Object> pod = new Yaml().load(yaml);
    Map<?, ?> metadata = (Map<?, ?>) pod.get("metadata");
    String name = (String) metadata.get("name");
    assertThat(KubernetesNames.isDns1123Label(name)).isTrue();
    Map<?, ?> container =
        (Map<?, ?>) ((List<?>) ((Map<?, ?>) pod.get("spec")).get("containers")).get(0);
    assertThat(container.get("name")).isEqualTo(name);
    for (Object value : ((Map<?, ?>) metadata.get("labels")).values()) {
      assertThat(KubernetesNames.isLabelValue((String) value)).as("label value %s", value).isTrue();
      assertThat((String) value).hasSizeLessThanOrEqualTo(63);
    }
  }

  @Test
  void derivesLabelValues() {
    assertThat(KubernetesNames.toLabelValue("1.2.3+build.7")).isEqualTo("1.2.3-build.7");
    assertThat(KubernetesNames.toLabelValue("1.0-SNAPSHOT")).isEqualTo("1.0-SNAPSHOT");
    assertThat(KubernetesNames.toLabelValue("_v1.0_")).isEqualTo("v1.0");
    assertThat(KubernetesNames.toLabelValue("+++")).isEmpty();
    String cut = KubernetesNames.toLabelValue("V" + "x".repeat(80) + "+1");
    assertThat(cut).hasSize(63).startsWith("Vxxx").matches(".*-[0-9a-f]{8}");
    assertThat(KubernetesNames.isLabelValue(cut)).isTrue();
  }

  @Test
  void versionLabelIsSanitized() throws Exception {
    String yaml =
        new ManifestGenerator(new RecordingReporter())
            .render(Requests.minimal().version("1.2.3+build.7").build());

    Pod pod = Fabric8.unmarshal(yaml, Pod.class);
    assertThat(pod.getMetadata().getLabels()).containsEntry(Labels.VERSION, "1.2.3-build.7");
  }

  @Test
  void versionWithoutLetterOrDigitOmitsTheLabel() throws Exception {
    String yaml =
        new ManifestGenerator(new RecordingReporter())
            .render(Requests.minimal().version("+").build());

    assertThat(yaml).doesNotContain(Labels.VERSION);
  }

  @Test
  void explicitNameIsUsedAsGiven() throws Exception {
    String yaml =
        new ManifestGenerator(new RecordingReporter())
            .render(Requests.minimal().name("nightly-import").build());

    assertThat(yaml).contains("  name: nightly-import\n", "k8s-run.dev/run: nightly-import\n");
  }

  @ParameterizedTest
  @CsvSource({
    "OrderService, orderservice, upper-case letter 'O'",
    "final_assignment, final-assignment, character '_'",
    "-leading, leading, starts or ends with '-'",
    "my.app, my-app, character '.'",
  })
  void rejectsAnInvalidExplicitName(String name, String suggestion, String problem) {
    assertThatThrownBy(
            () ->
                new ManifestGenerator(new RecordingReporter())
                    .render(Requests.minimal().name(name).build()))
        .isInstanceOfSatisfying(
            InvalidNameException.class,
            e -> {
              assertThat(e.getValue()).isEqualTo(name);
              assertThat(e.getSuggestion()).isEqualTo(suggestion);
              assertThat(e.getParameter()).contains("<name>");
            })
        .hasMessageContaining("'" + name + "'")
        .hasMessageContaining("<name> (-Dk8s-run.name)")
        .hasMessageContaining(problem)
        .hasMessageContaining("for example '" + suggestion + "'");
  }

  @Test
  void rejectsAnExplicitNameThatIsTooLong() {
    assertThatThrownBy(
            () ->
                new ManifestGenerator(new RecordingReporter())
                    .render(Requests.minimal().name(LONG_A).build()))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("72 characters long, more than 63")
        .hasMessageContaining(KubernetesNames.toDns1123Label(LONG_A));
  }

  @Test
  void rejectsAnArtifactIdWithoutLetterOrDigit() {
    assertThatThrownBy(
            () ->
                new ManifestGenerator(new RecordingReporter())
                    .render(Requests.minimal().artifactId("___").build()))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("'___'")
        .hasMessageContaining("<name> (-Dk8s-run.name)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Batch", "team_a", "-ns"})
  void rejectsAnInvalidNamespace(String namespace) {
    assertThatThrownBy(
            () ->
                new ManifestGenerator(new RecordingReporter())
                    .render(Requests.minimal().namespace(namespace).build()))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("<namespace> (-Dk8s-run.namespace)");
  }

  @Test
  void qualifiedNames() {
    assertThat(KubernetesNames.isQualifiedName("nvidia.com/gpu")).isTrue();
    assertThat(KubernetesNames.isQualifiedName("app.kubernetes.io/name")).isTrue();
    assertThat(KubernetesNames.isQualifiedName("team")).isTrue();
    assertThat(KubernetesNames.isQualifiedName("Example.com/x")).isFalse();
    assertThat(KubernetesNames.isQualifiedName("a/b/c")).isFalse();
    assertThat(KubernetesNames.isQualifiedName("example.com/")).isFalse();
    assertThat(KubernetesNames.isQualifiedName("-x")).isFalse();
  }
}
