package dev.k8srun.cluster;

import dev.k8srun.config.CleanupPolicy;
import dev.k8srun.config.Reporter;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Applies the cleanup policy once the result is known, and on Ctrl-C while waiting: a JVM shutdown
 * hook is registered only while the deploy waits, and removed after.
 */
final class Cleanup {

  private final KubernetesClient client;
  private final Reporter reporter;
  private final CleanupPolicy policy;
  private final String kind;
  private final String name;
  private final String namespace;
  private Thread hook;

  Cleanup(
      KubernetesClient client,
      Reporter reporter,
      CleanupPolicy policy,
      String kind,
      String name,
      String namespace) {
    this.client = client;
    this.reporter = reporter;
    this.policy = policy;
    this.kind = kind;
    this.name = name;
    this.namespace = namespace;
  }

  /** From now until {@link #disarm()}, an interrupted build (Ctrl-C) honours the policy. */
  void arm() {
    if (policy != CleanupPolicy.ALWAYS) {
      return; // never, or onSuccess: an interrupted run is no success, so it stays
    }
    hook =
        new Thread(
            () -> {
              reporter.warn("Interrupted: deleting " + what() + " (cleanup=" + policy + ")");
              delete();
            },
            "k8s-run-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The registered shutdown hook, or null. */
  Thread hook() {
    return hook;
  }

  void disarm() {
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs or ran
      }
      hook = null;
    }
  }

  /** Deletes, or not, according to the policy and the result. */
  void afterResult(boolean success) {
    boolean delete =
        policy == CleanupPolicy.ALWAYS || (policy == CleanupPolicy.ON_SUCCESS && success);
    if (delete) {
      reporter.info("Deleting " + what() + " (cleanup=" + policy + ")");
      delete();
    } else if (policy == CleanupPolicy.ON_SUCCESS) {
      reporter.info("Keeping " + what() + " for inspection (cleanup=" + policy + ", run failed)");
    }
  }

  private void delete() {
    try {
      if ("Job".equals(kind)) {
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withName(name)
            .withPropagationPolicy(DeletionPropagation.BACKGROUND)
            .delete();
      } else {
        client.pods().inNamespace(namespace).withName(name).withGracePeriod(0L).delete();
      }
    } catch (KubernetesClientException e) {
      reporter.warn("Could not delete " + what() + ": " + Redactor.redact(e.getMessage()));
    }
  }

  private String what() {
    return kind.toLowerCase(java.util.Locale.ROOT) + " " + name + " in namespace " + namespace;
  }
}
