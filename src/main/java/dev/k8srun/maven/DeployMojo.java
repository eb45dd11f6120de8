package dev.k8srun.maven;

import java.util.List;
import javax.inject.Inject;
import org.apache.maven.lifecycle.LifecycleExecutionException;
import org.apache.maven.lifecycle.LifecycleExecutor;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Runs the project on Kubernetes: builds and pushes the images if this invocation has not, writes the
 * manifest, applies it (replacing a pod of the same name), waits for the pod, streams its log, and ends the
 * build with its result.
 *
 * <p>{@code mvn k8s-run:deploy} alone first runs the lifecycle up to {@code package} (compile, test, package,
 * and {@code k8s-run:build} when it is bound), as a forking goal would. Bound to a phase ({@code mvn deploy}
 * with this goal in the POM), or after {@code package} on the command line, it does not: the lifecycle has
 * already run, and running it twice would run the tests twice. The images are never built twice in one
 * invocation.
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, requiresDependencyResolution = ResolutionScope.RUNTIME,
    threadSafe = true)
public class DeployMojo extends AbstractDeployMojo {

  /** Skips this goal only. */
  @Parameter(property = "k8s-run.deploy.skip", defaultValue = "false")
  private boolean skipDeploy;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
  private MojoExecution mojoExecution;

  private final LifecycleExecutor lifecycle;

  @Inject
  public DeployMojo(SettingsDecrypter settingsDecrypter, LifecycleExecutor lifecycle) {
    super(settingsDecrypter);
    this.lifecycle = lifecycle;
  }

  @Override
  protected String goal() {
    return "deploy";
  }

  @Override
  protected boolean goalSkip() {
    return skipDeploy;
  }

  @Override
  protected void packageIfNeeded() throws MojoExecutionException, MojoFailureException {
    if (!needsPackage(mojoExecution.getSource(), session.getGoals())) {
      return;
    }
    getLog().info("Running the lifecycle up to package first (k8s-run:deploy was run without it)");
    MojoDescriptor forking = mojoExecution.getMojoDescriptor().clone();
    forking.setExecutePhase("package"); // a literal: the annotations are not there at run time
    MojoExecution fork = new MojoExecution(forking, mojoExecution.getExecutionId(), mojoExecution.getSource());
    fork.setConfiguration(mojoExecution.getConfiguration());
    try {
      lifecycle.calculateForkedExecutions(fork, session);
      lifecycle.executeForkedExecutions(fork, session);
    } catch (LifecycleExecutionException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof MojoFailureException failure) {
          throw failure; // a compile error or a failed test: the project's, as in a normal build
        }
      }
      throw MojoErrors.error(e.getMessage(), e);
    } catch (Exception e) {
      throw MojoErrors.error("Cannot run the lifecycle up to package: " + e.getMessage(), e);
    }
  }

  /**
   * Whether this execution must package the project itself: only when it was asked for on the command line
   * with no phase from {@code package} on before it.
   */
  static boolean needsPackage(MojoExecution.Source source, List<String> goals) {
    if (source == MojoExecution.Source.LIFECYCLE) {
      return false;
    }
    return !LifecycleFacts.reaches(goals, "package");
  }
}
