package dev.k8srun.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

/** Whether a deploy follows the build in this invocation (so the cluster client can load meanwhile). */
class LifecycleFactsTest {

  private static MavenProject project(String deployPhase) {
    Model model = new Model();
    model.setBuild(new Build());
    Plugin plugin = new Plugin();
    plugin.setGroupId("dev.k8srun");
    plugin.setArtifactId("k8s-run-maven-plugin");
    if (deployPhase != null) {
      PluginExecution execution = new PluginExecution();
      execution.setId("run");
      execution.addGoal("deploy");
      execution.setPhase(deployPhase.isEmpty() ? null : deployPhase);
      plugin.addExecution(execution);
    }
    model.getBuild().addPlugin(plugin);
    return new MavenProject(model);
  }

  private static List<String> session(String... goals) {
    return List.of(goals);
  }

  @Test
  void onTheCommandLine() {
    assertThat(LifecycleFacts.deployFollows(session("package", "k8s-run:build", "k8s-run:deploy"), project(null)))
        .isTrue();
    assertThat(LifecycleFacts.deployFollows(
        session("dev.k8srun:k8s-run-maven-plugin:0.1.0:deploy"), project(null))).isTrue();
    assertThat(LifecycleFacts.deployFollows(session("package", "k8s-run:build"), project(null))).isFalse();
  }

  @Test
  void boundToAPhaseTheInvocationReaches() {
    assertThat(LifecycleFacts.deployFollows(session("install"), project("install"))).isTrue();
    assertThat(LifecycleFacts.deployFollows(session("deploy"), project(""))).as("default phase deploy").isTrue();
    assertThat(LifecycleFacts.deployFollows(session("install"), project(""))).isFalse();
    assertThat(LifecycleFacts.deployFollows(session("package"), project("install"))).isFalse();
  }

  @Test
  void phasesAreOrdered() {
    assertThat(LifecycleFacts.reaches(List.of("clean", "verify"), "package")).isTrue();
    assertThat(LifecycleFacts.reaches(List.of("compile", "k8s-run:deploy"), "package")).isFalse();
  }

  private static Xpp3Dom configuration(String context) {
    Xpp3Dom dom = new Xpp3Dom("configuration");
    Xpp3Dom child = new Xpp3Dom("context");
    child.setValue(context);
    dom.addChild(child);
    return dom;
  }

  private static Properties properties(String context) {
    Properties properties = new Properties();
    if (context != null) {
      properties.setProperty("k8s-run.context", context);
    }
    return properties;
  }

  @Test
  void deployContextAsMavenWouldSetIt() {
    MavenProject project = project("");
    assertThat(LifecycleFacts.deployContext(project, properties(null))).as("current context").isNull();

    project.getProperties().setProperty("k8s-run.context", "from-pom-property");
    assertThat(LifecycleFacts.deployContext(project, properties(null))).isEqualTo("from-pom-property");
    assertThat(LifecycleFacts.deployContext(project, properties("from-cli"))).isEqualTo("from-cli");

    Plugin plugin = project.getBuild().getPluginsAsMap().get("dev.k8srun:k8s-run-maven-plugin");
    plugin.setConfiguration(configuration("plugin-level"));
    assertThat(LifecycleFacts.deployContext(project, properties("from-cli"))).isEqualTo("plugin-level");

    plugin.getExecutions().get(0).setConfiguration(configuration("execution-level"));
    assertThat(LifecycleFacts.deployContext(project, properties("from-cli"))).isEqualTo("execution-level");
  }
}
