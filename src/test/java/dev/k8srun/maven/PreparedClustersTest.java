package dev.k8srun.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8srun.cluster.ClusterEnvironment;
import dev.k8srun.cluster.ClusterService;
import dev.k8srun.testing.RecordingReporter;
import java.nio.file.Path;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.MavenExecutionRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build goal's early cluster connections, handed to the deploy of the same invocation and context. */
class PreparedClustersTest {

  @TempDir Path dir;

  private ClusterService.Prepared prepare(String context) {
    return new ClusterService(new RecordingReporter(), ClusterEnvironment.ofKubeconfig(dir.resolve("none")))
        .prepare(context);
  }

  @Test
  void aDeployTakesWhatWasOpenedForItsInvocationAndContextOnce() {
    MavenExecutionRequest invocation = new DefaultMavenExecutionRequest();
    MavenExecutionRequest other = new DefaultMavenExecutionRequest();
    ClusterService.Prepared current = prepare(null);
    ClusterService.Prepared staging = prepare("staging");
    PreparedClusters.offer(invocation, current);
    PreparedClusters.offer(invocation, staging);

    assertThat(PreparedClusters.has(invocation, null)).isTrue();
    assertThat(PreparedClusters.has(other, null)).isFalse();
    assertThat(PreparedClusters.take(other, null)).isNull();
    assertThat(PreparedClusters.take(invocation, "prod")).isNull();
    assertThat(PreparedClusters.take(invocation, "staging")).isSameAs(staging);
    assertThat(PreparedClusters.take(invocation, null)).isSameAs(current);
    assertThat(PreparedClusters.take(invocation, null)).as("taken once").isNull();
    current.close();
    staging.close();
  }

  @Test
  void aSecondOfferForTheSameContextKeepsTheFirst() {
    MavenExecutionRequest invocation = new DefaultMavenExecutionRequest();
    ClusterService.Prepared first = prepare("dev");
    ClusterService.Prepared second = prepare("dev");
    PreparedClusters.offer(invocation, first);
    PreparedClusters.offer(invocation, second);

    assertThat(PreparedClusters.take(invocation, "dev")).isSameAs(first);
    first.close();
  }
}
