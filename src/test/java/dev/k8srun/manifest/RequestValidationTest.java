package dev.k8srun.manifest;

import dev.k8srun.testing.RecordingReporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8srun.config.InvalidValueException;
import dev.k8srun.config.ManifestRequest;
import dev.k8srun.config.WorkloadKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad configured values are clear errors before anything is written. */
class RequestValidationTest {

  @Test
  void kindParsesPodAndJobInAnyCase() throws Exception {
    assertThat(WorkloadKind.parse("Pod")).isEqualTo(WorkloadKind.POD);
    assertThat(WorkloadKind.parse("job")).isEqualTo(WorkloadKind.JOB);
    assertThat(WorkloadKind.parse("JOB")).isEqualTo(WorkloadKind.JOB);
    assertThat(WorkloadKind.parse(null)).isEqualTo(WorkloadKind.POD);
    assertThatThrownBy(() -> WorkloadKind.parse("Deployment"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("'Deployment'")
        .hasMessageContaining("-Dk8s-run.kind")
        .hasMessageContaining("Pod (the default) or Job");
  }

  @Test
  void rejectsAnUnknownPullPolicy() {
    assertInvalid(
        Requests.minimal().imagePullPolicy("always"),
        "<imagePullPolicy>",
        "Always, IfNotPresent or Never");
  }

  @ParameterizedTest
  @ValueSource(strings = {"500 m", "1GB", "lots", "-"})
  void rejectsAQuantityThatIsNotOne(String quantity) {
    assertInvalid(
        Requests.minimal().resourceLimits(Map.of("memory", quantity)),
        "<resources><limits>",
        "not a Kubernetes quantity");
  }

  @ParameterizedTest
  @ValueSource(strings = {"500m", "2", "0.5", "512Mi", "1Gi", "1e3", "100k"})
  void acceptsQuantities(String quantity) throws Exception {
    new ManifestGenerator(new RecordingReporter())
        .render(Requests.minimal().resourceRequests(Map.of("cpu", quantity)).build());
  }

  @Test
  void rejectsAnInvalidLabelValue() {
    assertInvalid(
        Requests.minimal().labels(Map.of("team", "data team")),
        "<labels>",
        "for example 'data-team'");
  }

  @Test
  void rejectsTheReservedRunLabel() {
    assertInvalid(
        Requests.minimal().labels(Map.of("k8s-run.dev/run", "x")),
        "<labels>",
        "set by k8s-run itself");
  }

  @Test
  void rejectsAnInvalidAnnotationKey() {
    assertInvalid(
        Requests.minimal().annotations(Map.of("bad key", "x")), "<annotations>", "is not valid");
  }

  @Test
  void rejectsInvalidServiceAccountAndPullSecretNames() {
    assertInvalid(
        Requests.minimal().serviceAccountName("Runner"), "<serviceAccountName>", "'Runner'");
    assertInvalid(
        Requests.minimal().imagePullSecrets(List.of("reg_cred")),
        "<imagePullSecrets>",
        "'reg_cred'");
  }

  @Test
  void rejectsRootWhileRestricted() throws Exception {
    assertInvalid(
        Requests.minimal().runAsUser(0L), "<runAsUser>", "<restricted>false</restricted>");
    String yaml =
        new ManifestGenerator(new RecordingReporter())
            .render(Requests.minimal().runAsUser(0L).restricted(false).build());
    assertThat(yaml).doesNotContain("runAsUser");
  }

  @Test
  void usesTheConfiguredUid() throws Exception {
    String yaml =
        new ManifestGenerator(new RecordingReporter())
            .render(Requests.minimal().runAsUser(65532L).build());

    assertThat(yaml).contains("runAsUser: 65532\n", "runAsGroup: 65532\n");
  }

  @Test
  void rejectsNegativeJobSettings() {
    assertInvalid(
        Requests.minimal().kind(WorkloadKind.JOB).backoffLimit(-1), "<backoffLimit>", "0 or more");
    assertInvalid(
        Requests.minimal().kind(WorkloadKind.JOB).activeDeadlineSeconds(0L),
        "<activeDeadlineSeconds>",
        "1 or more");
  }

  @Test
  void rejectsAnEnvNameWithEquals() {
    assertInvalid(Requests.minimal().env(Map.of("A=B", "x")), "<env>", "'A=B'");
  }

  @Test
  void requestCopiesAreImmutableAndOrdered() {
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put("Z", "1");
    env.put("A", null);
    ManifestRequest request = Requests.minimal().env(env).build();
    env.put("LATER", "x");

    assertThat(request.env()).containsExactly(Map.entry("Z", "1"), Map.entry("A", ""));
    assertThatThrownBy(() -> request.env().put("B", "2"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(request.kind()).isEqualTo(WorkloadKind.POD);
    assertThat(request.restricted()).isTrue();
    assertThat(request.runAsUser()).isEqualTo(1000L);
    assertThat(request.backoffLimit()).isZero();
  }

  private static void assertInvalid(
      ManifestRequest.Builder request, String parameter, String messagePart) {
    assertThatThrownBy(() -> new ManifestGenerator(new RecordingReporter()).render(request.build()))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.getParameter()).isEqualTo(parameter))
        .hasMessageContaining(parameter)
        .hasMessageContaining(messagePart);
  }
}
