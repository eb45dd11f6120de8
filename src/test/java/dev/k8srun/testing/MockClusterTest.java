package dev.k8srun.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MockClusterTest {

  @Test
  void drivesAPodToSucceededAndServesItsLog() {
    try (MockCluster cluster = MockCluster.start()) {
      cluster.script("p", PodScript.succeeds("one", "two"));
      KubernetesClient c = cluster.client();
      c.pods().inNamespace("ns").resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
          .withNewSpec().addNewContainer().withName("main").withImage("x").endContainer().endSpec().build()).create();
      Pod done = c.pods().inNamespace("ns").withName("p")
          .waitUntilCondition(p -> p != null && p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase()), 10, TimeUnit.SECONDS);
      assertThat(done.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isZero();
      assertThat(c.pods().inNamespace("ns").withName("p").getLog()).isEqualTo("one\ntwo\n");
    }
  }
}
