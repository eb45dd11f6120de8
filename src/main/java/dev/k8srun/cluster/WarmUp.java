package dev.k8srun.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Touches what a deploy needs first, so class loading happens before the deploy does. */
final class WarmUp {

  private static final String POD =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: warm-up
        labels: {k8s-run.dev/run: warm-up}
      spec:
        restartPolicy: Never
        containers:
        - name: app
          image: example.invalid/warm-up:1
      status:
        phase: Succeeded
        containerStatuses:
        - name: app
          state: {terminated: {exitCode: 0, reason: Completed}}
      """;

  private WarmUp() {}

  /** Loads and initialises what a deploy uses, with a client that is open anyway; sends nothing. */
  static void run(KubernetesClient client) {
    try {
      List<HasMetadata> items =
          client.load(new ByteArrayInputStream(POD.getBytes(StandardCharsets.UTF_8))).items();
      io.fabric8.kubernetes.api.model.Pod pod = (io.fabric8.kubernetes.api.model.Pod) items.get(0);
      PodView.of(pod, "app", null);
      client.pods().inNamespace("default").withName("warm-up"); // builds the operation classes
      Config.fromKubeconfig(null, "apiVersion: v1\nkind: Config\n", null);
    } catch (RuntimeException | LinkageError e) {
      // only a warm-up: the deploy reports real problems
    }
  }

  /**
   * Sends {@code GET /version}: it opens (and keeps alive) the connection to the API server, TLS
   * handshake included, for the requests that follow. Returns the problem it showed when that is
   * one every later request would have too (the server cannot be reached, or rejects the
   * credentials), else null: any other answer (403, 404) says nothing about the deploy.
   */
  static ClusterException openConnection(Connection connection) {
    try {
      new Api(connection).call("get", "version", null, connection.client()::getKubernetesVersion);
      return null;
    } catch (ClusterUnavailableException e) {
      return e;
    } catch (ClusterConfigException e) {
      return e.problem() == ClusterConfigException.Problem.UNAUTHORIZED ? e : null;
    } catch (ClusterException | RuntimeException e) {
      return null;
    }
  }
}
