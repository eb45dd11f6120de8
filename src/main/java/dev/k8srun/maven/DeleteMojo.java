package dev.k8srun.maven;

import dev.k8srun.cluster.ClusterException;
import dev.k8srun.cluster.ClusterService;
import dev.k8srun.config.DeleteRequest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deletes what the last run created (recorded in {@code target/k8s-run/last-run.json}), found by its
 * namespace, kind and run label.
 */
@Mojo(name = "delete", threadSafe = true)
public class DeleteMojo extends AbstractK8sRunMojo {

  /** The kubeconfig context to use. Default: the one the last deploy used. */
  @Parameter(property = "k8s-run.context")
  private String context;

  /** Skips this goal only. */
  @Parameter(property = "k8s-run.delete.skip", defaultValue = "false")
  private boolean skipDelete;

  @Override
  protected String goal() {
    return "delete";
  }

  @Override
  protected boolean goalSkip() {
    return skipDelete;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    try {
      new ClusterService(reporter()).delete(new DeleteRequest(lastRunFile(), context));
    } catch (ClusterException e) {
      throw MojoErrors.cluster(e);
    }
  }
}
