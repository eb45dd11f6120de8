package dev.k8srun.maven;

import dev.k8srun.cluster.ClusterException;
import dev.k8srun.cluster.ClusterService;
import dev.k8srun.config.LogsRequest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Prints the log of the last run's pod (recorded in {@code target/k8s-run/last-run.json}). */
@Mojo(name = "logs", threadSafe = true)
public class LogsMojo extends AbstractK8sRunMojo {

  /** The kubeconfig context to use. Default: the one the last deploy used. */
  @Parameter(property = "k8s-run.context")
  private String context;

  /** Keep streaming until the container ends. */
  @Parameter(property = "k8s-run.follow", defaultValue = "false")
  private boolean follow;

  /** A container to print instead of the run's own (a sidecar). */
  @Parameter(property = "k8s-run.container")
  private String container;

  /** Skips this goal only. */
  @Parameter(property = "k8s-run.logs.skip", defaultValue = "false")
  private boolean skipLogs;

  @Override
  protected String goal() {
    return "logs";
  }

  @Override
  protected boolean goalSkip() {
    return skipLogs;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    try {
      new ClusterService(reporter()).logs(
          new LogsRequest(lastRunFile(), context, follow, container));
    } catch (ClusterException e) {
      throw MojoErrors.cluster(e);
    }
  }
}
