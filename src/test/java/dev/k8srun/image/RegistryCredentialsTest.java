package dev.k8srun.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8srun.config.RegistryCredential;
import dev.k8srun.testing.RecordingReporter;
import dev.k8srun.testing.TestImages;
import dev.k8srun.testing.TestRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry that asks for a password (over TLS, as real ones do): settings.xml credentials by host. */
class RegistryCredentialsTest {

  private static final String USER = "builder";
  private static final String PASSWORD = "s3cret-Pa55";

  @TempDir static Path shared;
  static TestRegistry secured;
  static TestRegistry open;
  static String from;

  @TempDir Path dir;
  final RecordingReporter reporter = new RecordingReporter();

  @BeforeAll
  static void startRegistries() throws Exception {
    secured = TestRegistry.startWithAuth(shared.resolve("secured"), USER, PASSWORD);
    open = TestRegistry.start(shared.resolve("open"));
    from = TestImages.pushBase(open.host(), "base/runtime", "test", shared.resolve("base"));
  }

  @AfterAll
  static void stop() throws Exception {
    secured.close();
    open.close();
  }

  @Test
  void pushesWithTheServerCredentialsOfItsHost() throws Exception {
    SampleApp app = new SampleApp(dir);
    ImageResult result = new ImageBuilder(reporter).build(app.request(from)
        .image(secured.host() + "/team/app")
        .credential(secured.host(), new RegistryCredential(USER, PASSWORD, "settings.xml <server> '" + secured.host() + "'"))
        .build());

    assertThat(result.digest()).startsWith("sha256:");
    assertThat(reporter.all()).noneMatch(line -> line.contains(PASSWORD));
  }

  @Test
  void wrongCredentialsAreRefusedWithTheirSourceAndNoPassword() throws Exception {
    SampleApp app = new SampleApp(dir);
    String source = "settings.xml <server> '" + secured.host() + "'";

    assertThatThrownBy(() -> new ImageBuilder(reporter).build(app.request(from)
            .image(secured.host() + "/team/app")
            .credential(secured.host(), new RegistryCredential(USER, "wrong-password", source))
            .build()))
        .isInstanceOf(RegistryAccessException.class)
        .hasMessageContaining("registry " + secured.host())
        .hasMessageContaining("refused access")
        .hasMessageContaining(source)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-password"));
    assertThat(reporter.all()).noneMatch(line -> line.contains("wrong-password"));
  }

  @Test
  void missingCredentialsSayHowToGiveThem() throws Exception {
    SampleApp app = new SampleApp(dir);

    assertThatThrownBy(() -> new ImageBuilder(reporter).build(app.request(from)
            .image(secured.host() + "/team/app")
            .build()))
        .isInstanceOf(RegistryAccessException.class)
        .hasMessageContaining("No credentials were found for " + secured.host())
        .hasMessageContaining("<server>")
        .hasMessageContaining("docker login " + secured.host());
  }
}
