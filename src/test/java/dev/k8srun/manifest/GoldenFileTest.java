package dev.k8srun.manifest;

import dev.k8srun.testing.RecordingReporter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k8srun.config.ManifestRequest;
import dev.k8srun.config.WorkloadKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated manifests, byte for byte. To accept a deliberate change, run the test with {@code
 * -Dk8s-run.updateGolden=true}, then review and commit the files under {@code
 * src/test/resources/manifest/}.
 */
class GoldenFileTest {

  private static final Path GOLDEN = Path.of("src/test/resources/manifest");

  static Stream<Arguments> manifests() {
    return Stream.of(
        Arguments.of("default-pod.yaml", Requests.minimal().build()),
        Arguments.of("default-job.yaml", Requests.minimal().kind(WorkloadKind.JOB).build()),
        Arguments.of("configured-pod.yaml", Requests.configuredPod().build()),
        Arguments.of("configured-job.yaml", Requests.configuredJob().build()),
        Arguments.of("unrestricted-pod.yaml", Requests.minimal().restricted(false).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  void matchesGoldenFile(String file, ManifestRequest request) throws Exception {
    String yaml = new ManifestGenerator(new RecordingReporter()).render(request);
    Path golden = GOLDEN.resolve(file);
    if (Boolean.getBoolean("k8s-run.updateGolden")) {
      Files.writeString(golden, yaml, StandardCharsets.UTF_8);
    }
    assertThat(yaml).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  void sameRequestGivesSameBytes(String file, ManifestRequest request) throws Exception {
    byte[] first =
        new ManifestGenerator(new RecordingReporter())
            .render(request)
            .getBytes(StandardCharsets.UTF_8);
    byte[] second =
        new ManifestGenerator(new RecordingReporter())
            .render(request.toBuilder().build())
            .getBytes(StandardCharsets.UTF_8);
    assertThat(second).isEqualTo(first);
  }
}
