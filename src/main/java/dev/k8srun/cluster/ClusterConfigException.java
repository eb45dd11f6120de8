package dev.k8srun.cluster;

/** The user's configuration is wrong: the message says what, where, and how to fix it. */
public final class ClusterConfigException extends ClusterException {

  /** What kind of configuration problem. */
  public enum Problem {
    /** No kubeconfig file was found and the build does not run inside a cluster. */
    NO_KUBECONFIG,
    /** A kubeconfig file exists but cannot be read or parsed. */
    INVALID_KUBECONFIG,
    /** The kubeconfig has no current context and none was configured. */
    NO_CONTEXT,
    /** The configured context is not in the kubeconfig. */
    UNKNOWN_CONTEXT,
    /** The API server rejected the credentials (401). */
    UNAUTHORIZED,
    /** The user may not do this (403). */
    FORBIDDEN,
    /** The namespace does not exist. */
    NAMESPACE_NOT_FOUND,
    /** The API server refused a resource as invalid (422). */
    INVALID_RESOURCE,
    /** The manifest is missing, unreadable, or holds no Pod or Job. */
    INVALID_MANIFEST,
    /** The configured main container is not in the pod. */
    UNKNOWN_CONTAINER,
    /** There is no record of a previous deploy. */
    NO_LAST_RUN
  }

  private final Problem problem;

  public ClusterConfigException(Problem problem, String message) {
    this(problem, message, null);
  }

  public ClusterConfigException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  @Override
  public boolean isUserFault() {
    return true;
  }
}
