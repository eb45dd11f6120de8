package dev.k8srun.manifest;

import dev.k8srun.testing.RecordingReporter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8srun.config.InvalidNameException;
import dev.k8srun.config.ManifestRequest;
import dev.k8srun.config.WorkloadKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing the manifest file and what the caller gets back. */
class ManifestWriteTest {

  @TempDir Path dir;

  @Test
  void writesThePodAndReportsIt() throws Exception {
    Path output = dir.resolve("target/k8s-run/pod.yaml");
    RecordingReporter reporter = new RecordingReporter();
    ManifestRequest request = Requests.configuredPod().output(output).build();

    ManifestResult result = new ManifestGenerator(reporter).write(request);

    assertThat(result.path()).isEqualTo(output);
    assertThat(result.kind()).isEqualTo(WorkloadKind.POD);
    assertThat(result.name()).isEqualTo("demo-app");
    assertThat(result.namespace()).isEqualTo("batch");
    assertThat(result.runLabel()).isEqualTo("demo-app");
    assertThat(Files.readString(output, StandardCharsets.UTF_8)).isEqualTo(result.yaml());
    assertThat(result.yaml()).isEqualTo(new ManifestGenerator(reporter).render(request));
    assertThat(reporter.info())
        .containsExactly("Wrote Pod manifest " + output + " (pod/demo-app in namespace batch)");
    try (var files = Files.list(output.getParent())) {
      assertThat(files).containsExactly(output);
    }
  }

  @Test
  void writingTwiceGivesTheSameBytes() throws Exception {
    Path output = dir.resolve("pod.yaml");
    ManifestRequest request = Requests.configuredJob().output(output).build();
    ManifestGenerator generator = new ManifestGenerator(new RecordingReporter());

    generator.write(request);
    byte[] first = Files.readAllBytes(output);
    ManifestResult second = generator.write(request);

    assertThat(Files.readAllBytes(output)).isEqualTo(first);
    assertThat(second.kind()).isEqualTo(WorkloadKind.JOB);
    assertThat(second.namespace()).isEqualTo("batch");
  }

  @Test
  void writesNothingWhenTheRequestIsInvalid() {
    Path output = dir.resolve("target/k8s-run/pod.yaml");
    ManifestRequest request = Requests.minimal().name("Bad_Name").output(output).build();

    assertThatThrownBy(() -> new ManifestGenerator(new RecordingReporter()).write(request))
        .isInstanceOf(InvalidNameException.class);
    assertThat(output.getParent()).doesNotExist();
  }

  @Test
  void manifestWithoutNamespaceSaysSo() throws Exception {
    Path output = dir.resolve("pod.yaml");
    RecordingReporter reporter = new RecordingReporter();

    ManifestResult result =
        new ManifestGenerator(reporter).write(Requests.minimal().output(output).build());

    assertThat(result.namespace()).isNull();
    assertThat(result.yaml()).doesNotContain("namespace");
    assertThat(reporter.info()).containsExactly("Wrote Pod manifest " + output + " (pod/demo-app)");
  }
}
