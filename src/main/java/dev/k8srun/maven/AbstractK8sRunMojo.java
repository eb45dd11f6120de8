package dev.k8srun.maven;

import dev.k8srun.config.Reporter;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: the project, the skip flags ({@code k8s-run.skip} and {@code k8s-run.<goal>.skip},
 * OR-ed) and the output directory. A goal's {@code execute()} checks skip, then runs {@link #run()}.
 */
abstract class AbstractK8sRunMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  protected MavenSession session;

  /** Skips every k8s-run goal. */
  @Parameter(property = "k8s-run.skip", defaultValue = "false")
  protected boolean skip;

  /** Where the plugin writes what it makes: {@code image.json}, {@code pod.yaml}, {@code last-run.json}, ... */
  @Parameter(property = "k8s-run.outputDirectory", defaultValue = "${project.build.directory}/k8s-run")
  protected File outputDirectory;

  /** Where a deploy records what it created, for {@code logs} and {@code delete}. */
  protected Path lastRunFile() {
    return outputDirectory.toPath().resolve("last-run.json");
  }

  private Reporter reporter;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping k8s-run:" + goal() + " (k8s-run.skip is true)");
      return;
    }
    if (goalSkip()) {
      getLog().info("Skipping k8s-run:" + goal() + " (k8s-run." + goal() + ".skip is true)");
      return;
    }
    run();
  }

  /** The goal's name, for messages. */
  protected abstract String goal();

  /** The goal's own skip flag, {@code k8s-run.<goal>.skip}. */
  protected abstract boolean goalSkip();

  /** The goal's work, once it is known not to be skipped. */
  protected abstract void run() throws MojoExecutionException, MojoFailureException;

  protected Reporter reporter() {
    if (reporter == null) {
      reporter = new MavenReporter(getLog());
    }
    return reporter;
  }
}
