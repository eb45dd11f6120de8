package dev.k8srun.maven;

import dev.k8srun.cluster.ClusterException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Maven exceptions that carry the core's one message and nothing else. Maven's error line appends the message
 * of every cause that it does not already contain, which would add a library's raw text (an HTTP status dump,
 * a parser's wording) after ours. So the core's exception is attached as suppressed, not as the cause: the
 * line shows our message alone, and {@code -e} still prints the whole chain.
 */
final class MojoErrors {

  private MojoErrors() {}

  /** The user's problem: bad configuration, a failed pod. */
  static MojoFailureException failure(Exception e) {
    MojoFailureException failure = new MojoFailureException(e.getMessage());
    failure.addSuppressed(e);
    return failure;
  }

  /**
   * The Maven exception for a cluster problem: the user's (configuration, a failed pod) fails the build, the
   * environment's (API server unreachable) is an execution error, thrown.
   */
  static MojoFailureException cluster(ClusterException e) throws MojoExecutionException {
    if (e.isUserFault()) {
      return failure(e);
    }
    throw error(e.getMessage(), e);
  }

  /** Ours or the environment's: I/O, an unreachable API server. */
  static MojoExecutionException error(String message, Exception e) {
    MojoExecutionException error = new MojoExecutionException(message);
    error.addSuppressed(e);
    return error;
  }
}
