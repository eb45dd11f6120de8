package dev.k8srun.bench;

import dev.k8srun.cluster.ClusterEnvironment;
import dev.k8srun.cluster.ClusterService;
import dev.k8srun.config.DeployRequest;
import dev.k8srun.config.Reporter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The deploy on its own in a JVM that has deployed before (as in a Maven daemon, or the second project of a
 * reactor): deploys the manifest {@code rounds} times with the plugin's cluster code, each time with a new
 * client (kubeconfig read, TLS handshake) as a deploy goal does, and prints one line per round: {@code round
 * <n> <milliseconds>}. Run by {@link DeployLoop} on its own JVM, with the plugin's runtime classpath.
 *
 * <pre>java dev.k8srun.bench.WarmDeploy KUBECONFIG MANIFEST WORKDIR ROUNDS</pre>
 */
public final class WarmDeploy {

  private WarmDeploy() {}

  public static void main(String[] args) throws Exception {
    Path kubeconfig = Path.of(args[0]);
    Path manifest = Path.of(args[1]);
    Path dir = Files.createDirectories(Path.of(args[2]));
    int rounds = Integer.parseInt(args[3]);
    Reporter quiet = new Reporter() {
      @Override
      public void info(String message) {}

      @Override
      public void warn(String message) {
        System.err.println("[warn] " + message);
      }

      @Override
      public void debug(String message) {}
    };
    for (int round = 1; round <= rounds; round++) {
      long start = System.nanoTime();
      new ClusterService(quiet, ClusterEnvironment.ofKubeconfig(kubeconfig))
          .deploy(DeployRequest.builder(manifest).lastRunFile(dir.resolve("last-run.json")).build());
      System.out.printf("round %d %.1f%n", round, (System.nanoTime() - start) / 1e6);
    }
  }
}
