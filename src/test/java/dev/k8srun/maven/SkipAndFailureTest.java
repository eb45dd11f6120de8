package dev.k8srun.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

/** Skip flags stop a goal before it does anything; the user's mistakes are MojoFailureExceptions. */
@MojoTest
class SkipAndFailureTest {

  private static final String POM = "src/test/resources/unit/run-parameters/pom.xml";

  private final MavenProject project;

  SkipAndFailureTest() throws Exception {
    project = MojoTestSupport.project(new File(POM).getAbsoluteFile());
  }

  @Provides
  MavenProject project() {
    return project;
  }

  @Provides
  MavenSession session() {
    return MojoTestSupport.session(project);
  }

  private boolean outputExists() {
    return new File(project.getBasedir(), "target/k8s-run").exists();
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  @MojoParameter(name = "image", value = "Not A Valid Image")
  void skipStopsTheBuildGoal(BuildMojo mojo) throws Exception {
    mojo.execute();
    assertThat(outputExists()).isFalse();
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  @MojoParameter(name = "skipBuild", value = "true")
  @MojoParameter(name = "image", value = "Not A Valid Image")
  void theGoalsOwnSkipStopsIt(BuildMojo mojo) throws Exception {
    mojo.execute();
    assertThat(outputExists()).isFalse();
  }

  @Test
  @InjectMojo(goal = "manifest", pom = POM)
  @MojoParameter(name = "skipManifest", value = "true")
  void theManifestGoalHasItsOwnSkip(ManifestMojo mojo) throws Exception {
    mojo.execute();
    assertThat(outputExists()).isFalse();
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  @MojoParameter(name = "image", value = "registry.example.com/Team/Report")
  void anInvalidImageIsTheUsersFault(BuildMojo mojo) {
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("Invalid image reference 'registry.example.com/Team/Report'")
        .hasMessageContaining("try 'registry.example.com/team/report'");
    assertThat(outputExists()).isFalse();
  }

  @Test
  @InjectMojo(goal = "manifest", pom = POM)
  @MojoParameter(name = "kind", value = "Deployment")
  void anUnknownKindIsTheUsersFault(ManifestMojo mojo) {
    assertThatThrownBy(() -> mojo.manifestRequest("x:1", java.util.List.of("java"), "/app"))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("Deployment");
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  @MojoParameter(name = "runAsUser", value = "0")
  void rootIsRefused(BuildMojo mojo) {
    assertThatThrownBy(mojo::imageRequest)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("-Dk8s-run.runAsUser is 0");
  }

  @Test
  @InjectMojo(goal = "manifest", pom = POM)
  @MojoParameter(name = "restricted", value = "nope")
  void aRestrictedValueThatIsNeitherTrueNorFalseIsRefused(ManifestMojo mojo) {
    assertThatThrownBy(() -> mojo.manifestRequest("x:1", java.util.List.of("java"), "/app"))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("Invalid <restricted> 'nope'")
        .hasMessageContaining("use true");
  }

  @Test
  @InjectMojo(goal = "manifest", pom = POM)
  @MojoParameter(name = "restricted", value = "FALSE")
  void restrictedFalseIsTakenInAnyCase(ManifestMojo mojo) throws Exception {
    assertThat(mojo.manifestRequest("x:1", java.util.List.of("java"), "/app").restricted()).isFalse();
  }
}
