package dev.k8srun.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8srun.config.DeployRequest;
import dev.k8srun.config.Reporter;
import dev.k8srun.testing.Manifests;
import dev.k8srun.testing.MockCluster;
import dev.k8srun.testing.RecordingReporter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** One mock cluster per test class; each test gets its own pod name, directory and reporter. */
abstract class ClusterTestBase {

  static final String NAMESPACE = "team-a";

  static MockCluster cluster;
  static Path kubeconfig;

  @TempDir Path dir;
  RecordingReporter reporter;
  String name;

  @BeforeAll
  static void startCluster(@TempDir Path home) throws Exception {
    cluster = MockCluster.start();
    kubeconfig = cluster.writeKubeconfig(home.resolve("kubeconfig"), NAMESPACE);
    // one deploy loads the classes, so the tests' short timeouts measure the code, not the JVM
    new ClusterService(Reporter.silent(), ClusterEnvironment.ofKubeconfig(kubeconfig))
        .deploy(
            DeployRequest.builder(Manifests.pod(home.resolve("warm-up"), "warm-up", "-Xmx1g"))
                .build());
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void setUp(TestInfo info) {
    reporter = new RecordingReporter();
    String method = info.getTestMethod().orElseThrow().getName();
    name =
        method
            .replaceAll("([a-z])([A-Z])", "$1-$2")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]", "-");
    if (name.length() > 50) {
      name = name.substring(0, 50).replaceAll("-+$", "");
    }
    cluster.clearCalls();
  }

  @AfterEach
  void noSecretsPrinted() {
    assertThat(String.join("\n", reporter.all())).doesNotContain(MockCluster.TOKEN);
  }

  ClusterService service() {
    return new ClusterService(reporter, ClusterEnvironment.ofKubeconfig(kubeconfig));
  }

  DeployRequest.Builder request(Path manifest) {
    return DeployRequest.builder(manifest).lastRunFile(dir.resolve("last-run.json"));
  }

  /** The calls the code under test made, as "METHOD path-without-query". */
  static List<String> calls() {
    return cluster.calls().stream()
        .map(c -> c.method() + " " + c.path().replaceAll("\\?.*", ""))
        .toList();
  }
}
