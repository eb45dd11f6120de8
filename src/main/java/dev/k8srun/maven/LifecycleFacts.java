package dev.k8srun.maven;

import java.util.List;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;

/** What this Maven invocation is going to run, as far as the plugin's goals are concerned. */
final class LifecycleFacts {

  /** The default lifecycle's phases, in order. */
  static final List<String> PHASES = List.of("validate", "initialize", "generate-sources", "process-sources",
      "generate-resources", "process-resources", "compile", "process-classes", "generate-test-sources",
      "process-test-sources", "generate-test-resources", "process-test-resources", "test-compile",
      "process-test-classes", "test", "prepare-package", "package", "pre-integration-test", "integration-test",
      "post-integration-test", "verify", "install", "deploy");

  private static final String PLUGIN_KEY = "dev.k8srun:k8s-run-maven-plugin";

  private LifecycleFacts() {}

  /** Whether the invocation asks for a phase at or after {@code phase}. */
  static boolean reaches(List<String> goals, String phase) {
    int wanted = PHASES.indexOf(phase);
    return wanted >= 0 && goals.stream().anyMatch(goal -> PHASES.indexOf(goal) >= wanted);
  }

  /**
   * Whether {@code k8s-run:deploy} will run after the build in an invocation of {@code goals}: asked for on the
   * command line, or bound in the POM to a phase the invocation reaches.
   */
  static boolean deployFollows(List<String> goals, MavenProject project) {
    if (goals.stream().anyMatch(g -> g.equals("k8s-run:deploy")
        || g.startsWith(PLUGIN_KEY + ":") && g.endsWith(":deploy"))) {
      return true;
    }
    Plugin plugin = project.getBuild().getPluginsAsMap().get(PLUGIN_KEY);
    if (plugin == null) {
      return false;
    }
    for (PluginExecution execution : plugin.getExecutions()) {
      if (execution.getGoals().contains("deploy")) {
        String phase = execution.getPhase() == null ? "deploy" : execution.getPhase();
        if (reaches(goals, phase)) {
          return true;
        }
      }
    }
    return false;
  }
}
