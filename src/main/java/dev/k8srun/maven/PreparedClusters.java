package dev.k8srun.maven;

import dev.k8srun.cluster.ClusterService;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import org.apache.maven.execution.MavenExecutionRequest;

/**
 * Cluster connections opened by {@code k8s-run:build} for a {@code k8s-run:deploy} that follows in the same
 * Maven invocation, by invocation and kubeconfig context. The deploy takes its one over (and closes it if it
 * fails before using it); the build goal closes it when the build fails. One a deploy never came for (a later
 * plugin failed the build) holds daemon threads only and goes with its invocation.
 */
final class PreparedClusters {

  /** Keyed by the invocation's request, which every project's session shares, even with {@code -T}. */
  private static final Map<MavenExecutionRequest, Map<String, ClusterService.Prepared>> OPEN =
      new WeakHashMap<>();

  private PreparedClusters() {}

  /** Whether a connection for {@code context} is already being opened in this invocation. */
  static synchronized boolean has(MavenExecutionRequest invocation, String context) {
    Map<String, ClusterService.Prepared> open = OPEN.get(invocation);
    return open != null && open.containsKey(key(context));
  }

  /** Keeps {@code prepared} for a deploy of this invocation; closes it if one is already kept for its context. */
  static void offer(MavenExecutionRequest invocation, ClusterService.Prepared prepared) {
    ClusterService.Prepared previous;
    synchronized (PreparedClusters.class) {
      previous = OPEN.computeIfAbsent(invocation, k -> new HashMap<>())
          .putIfAbsent(key(prepared.context()), prepared);
    }
    if (previous != null) {
      prepared.close();
    }
  }

  /** The connection opened for {@code context} in this invocation, now the caller's; null when there is none. */
  static synchronized ClusterService.Prepared take(MavenExecutionRequest invocation, String context) {
    Map<String, ClusterService.Prepared> open = OPEN.get(invocation);
    return open == null ? null : open.remove(key(context));
  }

  private static String key(String context) {
    return Objects.requireNonNullElse(context, "");
  }
}
