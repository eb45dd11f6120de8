package dev.k8srun.manifest;

import dev.k8srun.testing.RecordingReporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8srun.config.ManifestRequest;
import dev.k8srun.config.WorkloadKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fragments that cannot be used: each is a clear error naming the file and the fix. */
class FragmentErrorsTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} in the first unnamed container")
  @CsvSource({
    "command, '[java, -jar, /opt/app.jar]', '<mainClass>, <jvmFlags> and <args>'",
    "workingDir, /opt, '<workingDirectory>'",
    "image, 'busybox:1', '<image> and <tag>'"
  })
  void refusesFieldsThatWouldNotRunTheBuiltCode(String field, String value, String advice)
      throws Exception {
    Path fragment = fragment("spec:\n  containers:\n  - " + field + ": " + value + "\n");

    assertThatThrownBy(() -> render(Requests.minimal(), fragment))
        .isInstanceOf(FragmentException.class)
        .hasMessageContaining(fragment.toString())
        .hasMessageContaining("sets " + field + " in the container demo-app")
        .hasMessageContaining(advice)
        .extracting(e -> ((FragmentException) e).getFile())
        .isEqualTo(fragment);
  }

  @Test
  void refusesCommandInAContainerNamedLikeOurs() throws Exception {
    Path fragment =
        fragment(
            """
            spec:
              containers:
              - name: proxy
                command: [envoy]
              - name: demo-app
                command: [sh, -c, "java -cp /build/classes app.Main"]
            """);

    assertThatThrownBy(() -> render(Requests.minimal(), fragment))
        .isInstanceOf(FragmentException.class)
        .hasMessageContaining("sets command in the container demo-app")
        .hasMessageContaining("relative command");
  }

  @Test
  void reportsInvalidYamlWithFileLineAndColumn() throws Exception {
    Path fragment =
        fragment(
            """
            spec:
              nodeSelector:
                disk: ssd: fast
            """);

    assertThatThrownBy(() -> render(Requests.minimal(), fragment))
        .isInstanceOfSatisfying(
            FragmentException.class,
            e -> {
              assertThat(e.getFile()).isEqualTo(fragment);
              assertThat(e.getLine()).isEqualTo(3);
              assertThat(e.getColumn()).isEqualTo(14);
            })
        .hasMessageContaining(fragment + " is not valid YAML at line 3, column 14")
        .hasMessageContaining("mapping values are not allowed here");
  }

  @Test
  void reportsTabIndentationWithItsPosition() throws Exception {
    Path fragment = fragment("spec:\n\tnodeSelector: {}\n");

    assertThatThrownBy(() -> render(Requests.minimal(), fragment))
        .isInstanceOfSatisfying(
            FragmentException.class,
            e -> assertThat(new int[] {e.getLine(), e.getColumn()}).containsExactly(2, 1))
        .hasMessageContaining("line 2, column 1");
  }

  @Test
  void reportsDuplicateKeysWithTheirPosition() throws Exception {
    Path fragment = fragment("spec:\n  nodeSelector: {}\n  nodeSelector: {a: b}\n");

    assertThatThrownBy(() -> render(Requests.minimal(), fragment))
        .isInstanceOfSatisfying(FragmentException.class, e -> assertThat(e.getLine()).isEqualTo(3))
        .hasMessageContaining("duplicate key nodeSelector");
  }

  @Test
  void refusesAFragmentThatIsNotAMapping() throws Exception {
    Path fragment = fragment("- name: x\n- name: y\n");

    assertThatThrownBy(() -> render(Requests.minimal(), fragment))
        .isInstanceOf(FragmentException.class)
        .hasMessageContaining(fragment + " is not a mapping");
  }

  @Test
  void refusesAJobFragmentForAPod() throws Exception {
    Path fragment = fragment("apiVersion: batch/v1\nkind: Job\nspec:\n  backoffLimit: 3\n");

    assertThatThrownBy(() -> render(Requests.minimal(), fragment))
        .isInstanceOf(FragmentException.class)
        .hasMessageContaining("is a Job, but k8s-run writes a Pod")
        .hasMessageContaining("<kind>Job</kind>");
  }

  @Test
  void refusesAnotherKind() throws Exception {
    Path fragment = fragment("kind: Deployment\n");

    assertThatThrownBy(() -> render(Requests.minimal().kind(WorkloadKind.JOB), fragment))
        .isInstanceOf(FragmentException.class)
        .hasMessageContaining("has kind Deployment, but k8s-run writes a Job");
  }

  @Test
  void refusesAContradictingApiVersion() throws Exception {
    Path fragment = fragment("apiVersion: apps/v1\nkind: Pod\n");

    assertThatThrownBy(() -> render(Requests.minimal(), fragment))
        .isInstanceOf(FragmentException.class)
        .hasMessageContaining("has apiVersion apps/v1")
        .hasMessageContaining("use apiVersion v1");
  }

  @Test
  void refusesContainersDirectlyUnderAJobSpec() throws Exception {
    Path fragment = fragment("kind: Job\nspec:\n  containers:\n  - name: x\n");

    assertThatThrownBy(() -> render(Requests.minimal().kind(WorkloadKind.JOB), fragment))
        .isInstanceOf(FragmentException.class)
        .hasMessageContaining("spec.template.spec");
  }

  @Test
  void refusesASecondUnnamedContainer() throws Exception {
    Path fragment = fragment("spec:\n  containers:\n  - args: [a]\n  - image: busybox\n");

    assertThatThrownBy(() -> render(Requests.minimal(), fragment))
        .isInstanceOf(FragmentException.class)
        .hasMessageContaining("second container without a name");
  }

  @Test
  void refusesChangingTheRunLabel() throws Exception {
    Path fragment = fragment("metadata:\n  labels:\n    k8s-run.dev/run: other\n");

    assertThatThrownBy(() -> render(Requests.minimal(), fragment))
        .isInstanceOf(FragmentException.class)
        .hasMessageContaining("changes the label k8s-run.dev/run");
  }

  @Test
  void refusesAnInvalidPodName() throws Exception {
    Path fragment = fragment("metadata:\n  name: Nightly_Import\n");

    assertThatThrownBy(() -> render(Requests.minimal(), fragment))
        .isInstanceOf(FragmentException.class)
        .hasMessageContaining("'Nightly_Import'")
        .hasMessageContaining("for example 'nightly-import'");
  }

  @Test
  void explicitFragmentMustExist() {
    Path missing = dir.resolve("k8s/pod-extra.yaml");
    ManifestRequest request = Requests.minimal().fragment(missing, true).build();

    assertThatThrownBy(() -> new ManifestGenerator(new RecordingReporter()).render(request))
        .isInstanceOf(FragmentException.class)
        .hasMessageContaining(missing + " configured in <fragment>")
        .hasMessageContaining("does not exist");
  }

  private void render(ManifestRequest.Builder request, Path fragment) throws Exception {
    new ManifestGenerator(new RecordingReporter()).render(request.fragment(fragment, true).build());
  }

  private Path fragment(String text) throws IOException {
    Path file = dir.resolve("pod.yaml");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
