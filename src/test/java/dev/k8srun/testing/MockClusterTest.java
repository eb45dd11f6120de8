package dev.k8srun.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MockClusterTest {

  @Test
  void drivesAPodToSucceededAndServesItsLog() {
    try (MockCluster cluster = MockCluster.start()) {
      cluster.script("p", PodScript.succeeds("one", "two"));
      KubernetesClient c = cluster.client();
      c.pods()
          .inNamespace("ns")
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("p")
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("main")
                  .withImage("x")
                  .endContainer()
                  .endSpec()
                  .build())
          .create();
      Pod done =
          c.pods()
              .inNamespace("ns")
              .withName("p")
              .waitUntilCondition(
                  p ->
                      p != null
                          && p.getStatus() != null
                          && "Succeeded".equals(p.getStatus().getPhase()),
                  10,
                  TimeUnit.SECONDS);
      assertThat(
              done.getStatus()
                  .getContainerStatuses()
                  .get(0)
                  .getState()
                  .getTerminated()
                  .getExitCode())
          .isZero();
      assertThat(c.pods().inNamespace("ns").withName("p").getLog()).isEqualTo("one\ntwo\n");
    }
  }

  @Test
  void annotationsChooseTheOutcomeAndTheKubeconfigPointsAtTheServer(@TempDir Path dir)
      throws Exception {
    try (MockCluster cluster = MockCluster.start()) {
      Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"), "ns");
      assertThat(Files.readString(kubeconfig))
          .contains("server: " + cluster.url(), "current-context: mock", "namespace: ns");
      KubernetesClient c = cluster.client();
      c.pods()
          .inNamespace("ns")
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("q")
                  .withAnnotations(
                      Map.of(
                          MockCluster.EXIT_CODE_ANNOTATION,
                          "3",
                          MockCluster.LOG_ANNOTATION,
                          "x\ny"))
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("main")
                  .withImage("x")
                  .endContainer()
                  .endSpec()
                  .build())
          .create();
      Pod done =
          c.pods()
              .inNamespace("ns")
              .withName("q")
              .waitUntilCondition(
                  p ->
                      p != null
                          && p.getStatus() != null
                          && "Failed".equals(p.getStatus().getPhase()),
                  10,
                  TimeUnit.SECONDS);
      assertThat(
              done.getStatus()
                  .getContainerStatuses()
                  .get(0)
                  .getState()
                  .getTerminated()
                  .getExitCode())
          .isEqualTo(3);
      assertThat(c.pods().inNamespace("ns").withName("q").getLog()).isEqualTo("x\ny\n");
    }
  }
}
