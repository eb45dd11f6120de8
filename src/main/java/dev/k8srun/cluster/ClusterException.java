package dev.k8srun.cluster;

/**
 * Why a deploy, logs or delete did not succeed. Three kinds, so the plugin can tell whose fault it
 * is:
 *
 * <ul>
 *   <li>{@link ClusterConfigException}: the user's configuration (kubeconfig, context, namespace,
 *       permissions, manifest); the plugin reports it as a build failure.
 *   <li>{@link PodFailedException}: the user's program (non-zero exit, image not pullable, OOM,
 *       unschedulable, timeout); a build failure too, like a failed test.
 *   <li>{@link ClusterUnavailableException}: the environment (API server unreachable, unexpected
 *       API error, local I/O); the plugin reports it as an execution error.
 * </ul>
 *
 * <p>Messages never hold credentials: tokens, passwords and auth headers are scrubbed.
 */
public abstract sealed class ClusterException extends Exception
    permits ClusterConfigException, PodFailedException, ClusterUnavailableException {

  ClusterException(String message, Throwable cause) {
    super(Redactor.redact(message), cause);
  }

  /** True when the user's configuration or program is at fault, false for the environment. */
  public abstract boolean isUserFault();
}
