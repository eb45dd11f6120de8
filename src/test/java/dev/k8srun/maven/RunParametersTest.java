package dev.k8srun.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k8srun.config.ImageRequest;
import dev.k8srun.config.ManifestRequest;
import dev.k8srun.config.RegistryCredential;
import dev.k8srun.config.WorkloadKind;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

/** The POM's configuration, as Maven injects it, turned into the core's requests. */
@MojoTest
class RunParametersTest {

  private static final String POM = "src/test/resources/unit/run-parameters/pom.xml";

  private final MavenProject project;

  RunParametersTest() throws Exception {
    project = MojoTestSupport.project(new File(POM).getAbsoluteFile());
  }

  @Provides
  MavenProject project() {
    return project;
  }

  @Provides
  MavenSession session() {
    return MojoTestSupport.session(project,
        MojoTestSupport.server("registry.example.com", "deployer", "s3cret"),
        MojoTestSupport.server("docker.io", "hub-user", "hub-token"));
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  void imageParametersBecomeTheImageRequest(BuildMojo mojo) throws Exception {
    ImageRequest request = mojo.imageRequest();

    assertThat(request.name()).isEqualTo("Report_Job");
    assertThat(request.image()).isEqualTo("registry.example.com/team/report");
    assertThat(request.tag()).as("a tag cannot hold +").isEqualTo("1.2.3_build.7");
    assertThat(request.from()).as("default runtime for release 21").isEqualTo("eclipse-temurin:21-jre");
    assertThat(request.javaRelease()).isEqualTo(21);
    assertThat(request.mainClass()).isEqualTo("com.example.FromJarPlugin");
    assertThat(request.mainClassOrigin()).contains("maven-jar-plugin");
    assertThat(request.jvmFlags()).containsExactly("-Xmx1g", "-Dapp.mode=batch");
    assertThat(request.args()).containsExactly("--day", "2024-05-06");
    assertThat(request.environment()).as("in the POM's order").containsExactly(
        Map.entry("DB_PORT", "5023"), Map.entry("FLAG", "yes"), Map.entry("EMPTY", ""));
    assertThat(request.workingDirectory()).isEqualTo("/srv/report");
    assertThat(request.user()).isEqualTo("4242");
    assertThat(request.timestamp()).isEqualTo(Instant.parse("2024-05-06T07:08:09Z"));
    assertThat(request.allowInsecureRegistries()).isFalse();
    assertThat(request.classesDirectory()).isEqualTo(project.getBasedir().toPath().resolve("target/classes"));
    assertThat(request.extraDirectories())
        .containsExactly(project.getBasedir().toPath().resolve("src/main/k8s-run/files"));
    assertThat(request.outputDirectory()).isEqualTo(project.getBasedir().toPath().resolve("target/k8s-run"));
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  void settingsServersAreCredentialsByRegistryHost(BuildMojo mojo) throws Exception {
    Map<String, RegistryCredential> credentials = mojo.imageRequest().credentials();

    assertThat(credentials.get("registry.example.com").username()).isEqualTo("deployer");
    assertThat(credentials.get("registry.example.com").password()).isEqualTo("s3cret");
    assertThat(credentials.get("registry-1.docker.io").username()).as("docker.io is jib's registry-1.docker.io")
        .isEqualTo("hub-user");
    assertThat(credentials.get("registry.example.com").toString()).doesNotContain("s3cret");
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  void anUnresolvedJarPluginMainClassIsIgnored(BuildMojo mojo) throws Exception {
    // C01: a parent's <mainClass>${start-class}</mainClass> with start-class never defined
    project.getBuild().getPluginsAsMap().get("org.apache.maven.plugins:maven-jar-plugin")
        .setConfiguration(org.codehaus.plexus.util.xml.Xpp3DomBuilder.build(new java.io.StringReader(
            "<configuration><archive><manifest><mainClass>${start-class}</mainClass></manifest></archive>"
                + "</configuration>")));

    assertThat(mojo.imageRequest().mainClass()).as("left to detection").isNull();
  }

  @Test
  @InjectMojo(goal = "manifest", pom = POM)
  void podParametersBecomeTheManifestRequest(ManifestMojo mojo) throws Exception {
    ManifestRequest request = mojo.manifestRequest("registry.example.com/team/report@sha256:abc",
        List.of("java", "-cp", "@classpath", "app.Main"), "/srv/report");

    assertThat(request.kind()).isEqualTo(WorkloadKind.JOB);
    assertThat(request.artifactId()).isEqualTo("Report_Job");
    assertThat(request.name()).as("derived by the generator").isNull();
    assertThat(request.namespace()).isEqualTo("batch");
    assertThat(request.image()).isEqualTo("registry.example.com/team/report@sha256:abc");
    assertThat(request.command()).containsExactly("java", "-cp", "@classpath", "app.Main");
    assertThat(request.args()).containsExactly("--day", "2024-05-06");
    assertThat(request.workingDir()).isEqualTo("/srv/report");
    assertThat(request.env()).containsEntry("EMPTY", "");
    assertThat(request.resourceRequests()).containsExactly(Map.entry("cpu", "500m"));
    assertThat(request.resourceLimits()).containsExactly(Map.entry("memory", "1Gi"));
    assertThat(request.imagePullSecrets()).containsExactly("regcred");
    assertThat(request.runAsUser()).isEqualTo(4242);
    assertThat(request.restricted()).isTrue();
    assertThat(request.backoffLimit()).isEqualTo(2);
    assertThat(request.ttlSecondsAfterFinished()).isEqualTo(600);
    assertThat(request.activeDeadlineSeconds()).isNull();
    assertThat(request.fragment()).isEqualTo(Path.of("src/main/k8s-run/pod.yaml"));
    assertThat(request.fragmentExplicit()).isFalse();
    assertThat(request.output()).isEqualTo(project.getBasedir().toPath().resolve("target/k8s-run/pod.yaml"));
  }
}
