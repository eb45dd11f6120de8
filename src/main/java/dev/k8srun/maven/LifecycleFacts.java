package dev.k8srun.maven;

import java.util.List;
import java.util.Properties;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

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
    return runs(goals, project, "deploy", "deploy");
  }

  private static boolean runs(List<String> goals, MavenProject project, String goal, String defaultPhase) {
    if (goals.stream().anyMatch(g -> g.equals("k8s-run:" + goal)
        || g.startsWith(PLUGIN_KEY + ":") && g.endsWith(":" + goal))) {
      return true;
    }
    Plugin plugin = project.getBuild().getPluginsAsMap().get(PLUGIN_KEY);
    if (plugin == null) {
      return false;
    }
    for (PluginExecution execution : plugin.getExecutions()) {
      if (execution.getGoals().contains(goal)) {
        String phase = execution.getPhase() == null ? defaultPhase : execution.getPhase();
        if (reaches(goals, phase)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The kubeconfig context the deploy will most likely use, as Maven will set its {@code context} parameter:
   * {@code <context>} in the deploy execution's or the plugin's configuration, else the property {@code
   * k8s-run.context} from the command line or the POM; null for the current context. Only a guess for
   * connecting early: the deploy checks it against its own parameter.
   */
  static String deployContext(MavenProject project, Properties userProperties) {
    Plugin plugin = project.getBuild().getPluginsAsMap().get(PLUGIN_KEY);
    if (plugin != null) {
      for (PluginExecution execution : plugin.getExecutions()) {
        if (execution.getGoals().contains("deploy")) {
          String value = child(execution.getConfiguration(), "context");
          if (value != null) {
            return value;
          }
        }
      }
      String value = child(plugin.getConfiguration(), "context");
      if (value != null) {
        return value;
      }
    }
    String property = userProperties.getProperty("k8s-run.context");
    return property != null ? property : project.getProperties().getProperty("k8s-run.context");
  }

  private static String child(Object configuration, String name) {
    if (configuration instanceof Xpp3Dom dom && dom.getChild(name) != null) {
      String value = dom.getChild(name).getValue();
      return value == null || value.isBlank() ? null : value.trim();
    }
    return null;
  }
}
