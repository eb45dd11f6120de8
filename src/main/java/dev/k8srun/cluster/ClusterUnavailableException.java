package dev.k8srun.cluster;

/**
 * The environment failed: the API server cannot be reached or answered unexpectedly, or local I/O
 * failed. Nothing in the user's project is known to be wrong.
 */
public final class ClusterUnavailableException extends ClusterException {

  public ClusterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isUserFault() {
    return false;
  }
}
