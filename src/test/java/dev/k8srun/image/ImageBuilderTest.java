package dev.k8srun.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8srun.config.Dependency;
import dev.k8srun.config.ImageRequest;
import dev.k8srun.testing.PulledImage;
import dev.k8srun.testing.RecordingReporter;
import dev.k8srun.testing.TestImages;
import dev.k8srun.testing.TestProjects;
import dev.k8srun.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image build against a real registry: what is pushed, what runs, what is reused. */
class ImageBuilderTest {

  @TempDir static Path shared;
  static TestRegistry registry;
  static String from;

  @TempDir Path dir;
  final RecordingReporter reporter = new RecordingReporter();

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = TestRegistry.start(shared.resolve("registry"));
    from = TestImages.pushBase(registry.host(), "base/runtime", "test", shared.resolve("base"));
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    registry.close();
  }

  private String image(String name) {
    return registry.host() + "/" + name;
  }

  private PulledImage pull(String repository, String qualifier) throws Exception {
    return PulledImage.pull(registry.host(), repository, qualifier, Files.createTempDirectory(dir, "pulled"));
  }

  @Test
  void theUpdateImageRunsItsRelativeCommandFromItsWorkingDirectory() throws Exception {
    SampleApp app = new SampleApp(dir);
    ImageResult result = new ImageBuilder(reporter).build(app.request(from)
        .image(image("demo/runs"))
        .jvmFlags(List.of("-Ddemo.flag=on", "-Xss1m"))
        .args(List.of("first", "second arg"))
        .environment(Map.of("DEMO_ENV", "from-env"))
        .build());

    PulledImage pulled = pull("demo/runs", result.digest());
    assertThat(pulled.workingDir()).as("base has no working directory (C13)").isEqualTo("/app");
    assertThat(pulled.entrypoint())
        .containsExactly("java", "-Ddemo.flag=on", "-Xss1m", "-cp", "@classpath", "app.Main");
    assertThat(pulled.entrypoint()).noneMatch(arg -> arg.startsWith("/") || arg.contains(dir.toString()));
    assertThat(pulled.cmd()).containsExactly("first", "second arg");
    assertThat(pulled.user()).isEqualTo("1000");
    assertThat(Files.readString(pulled.root().resolve("app/classpath")).trim())
        .isEqualTo("classes:libs/greeting-lib-1.0.jar:libs/big-lib-2.0.jar");

    PulledImage.Run run = pulled.run(Duration.ofSeconds(60));
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains(
        "Hello, world! (from greeting-lib)", "args=first,second arg", "flag=on", "env=from-env");
    assertThat(result.reference()).isEqualTo(image("demo/runs") + "@" + result.digest());
    assertThat(ImageResult.read(app.dir.resolve("target/k8s-run"))).contains(result);
  }

  @Test
  void theUpdateImageStandsOnTheBaseImagePinnedByDigest() throws Exception {
    SampleApp app = new SampleApp(dir);
    ImageResult result = new ImageBuilder(reporter).build(app.request(from).image(image("demo/pinned")).build());

    assertThat(result.baseImage()).startsWith(image("demo/pinned") + ":base-");
    PulledImage base = pull("demo/pinned", result.baseDigest());
    PulledImage update = pull("demo/pinned", result.digest());
    assertThat(update.layerDigests()).startsWith(base.layerDigests().toArray(String[]::new));
    assertThat(update.layerDigests()).hasSizeGreaterThan(base.layerDigests().size());
    assertThat(base.entries()).containsKeys("/app/libs/big-lib-2.0.jar", "/app/libs/greeting-lib-1.0.jar");
    assertThat(base.entries().keySet()).noneMatch(path -> path.startsWith("/app/classes"));
  }

  @Test
  void aCodeOnlyChangePushesNoDependencyBytesAndKeepsTheBase() throws Exception {
    SampleApp app = new SampleApp(dir);
    ImageRequest request = app.request(from).image(image("demo/rebuild")).build();
    ImageResult first = new ImageBuilder(reporter).build(request);
    assertThat(first.baseReused()).isFalse();

    app.writeCode("Goodbye");
    registry.resetCount();
    ImageResult second = new ImageBuilder(reporter).build(request);
    long received = registry.bytesReceived();

    assertThat(second.baseReused()).isTrue();
    assertThat(second.baseDigest()).isEqualTo(first.baseDigest());
    assertThat(second.digest()).isNotEqualTo(first.digest());
    assertThat(received).as("bytes the registry received").isLessThan(SampleApp.BIG_JAR_SIZE / 20);
    assertThat(reporter.info()).anyMatch(line -> line.startsWith("Base image") && line.contains("reused"));
    assertThat(reporter.info().get(reporter.info().size() - 1))
        .as("one line per image saying what was pushed")
        .startsWith("Update image " + image("demo/rebuild") + ":1.0 pushed: 2 blobs uploaded");
    assertThat(pull("demo/rebuild", second.digest()).run(Duration.ofSeconds(60)).output())
        .contains("Goodbye, world!");
  }

  @Test
  void aReactorModuleChangeLeavesTheBaseAlone() throws Exception {
    SampleApp app = new SampleApp(dir);
    Path coreClasses = TestProjects.compile(Map.of("lib/core/Core.java", """
        package lib.core;
        public class Core { public static String name() { return "core-v1"; } }
        """), dir.resolve("lib-core/target/classes"), List.of());
    List<Dependency> dependencies = new ArrayList<>(app.dependencies);
    dependencies.add(new Dependency("com.example", "lib-core", "1.0-SNAPSHOT", null, coreClasses, false));
    ImageRequest request = app.request(from).image(image("demo/reactor")).dependencies(dependencies).build();
    ImageResult first = new ImageBuilder(reporter).build(request);

    TestProjects.compile(Map.of("lib/core/Core.java", """
        package lib.core;
        public class Core { public static String name() { return "core-v2"; } }
        """), coreClasses, List.of());
    registry.resetCount();
    ImageResult second = new ImageBuilder(reporter).build(request);

    assertThat(second.baseDigest()).isEqualTo(first.baseDigest());
    assertThat(second.digest()).isNotEqualTo(first.digest());
    assertThat(registry.bytesReceived()).isLessThan(SampleApp.BIG_JAR_SIZE / 20);
    PulledImage pulled = pull("demo/reactor", second.digest());
    assertThat(pulled.entries()).containsKey("/app/libs/lib-core-1.0-SNAPSHOT/lib/core/Core.class");
    assertThat(Files.readString(pulled.root().resolve("app/classpath")).trim()).endsWith(":libs/lib-core-1.0-SNAPSHOT");
  }

  @Test
  void aBaseTheRegistryNoLongerHasIsLookedUpAgain() throws Exception {
    SampleApp app = new SampleApp(dir);
    ImageRequest request = app.request(from).image(image("demo/lost-base")).build();
    ImageResult first = new ImageBuilder(reporter).build(request);
    // The record now says the base has a digest the registry does not have (as if it had been deleted).
    ImageResult lost = new ImageResult(first.image(), first.digest(), first.imageId(), first.reference(),
        first.baseImage(), "sha256:" + "0".repeat(64), true, false, null, first.mainClass(), first.command(),
        first.args(), first.workingDirectory(), first.baseKey(), first.updateKey());
    lost.write(app.dir.resolve("target/k8s-run"));
    app.writeCode("Again");

    ImageResult second = new ImageBuilder(reporter).build(request);

    assertThat(second.baseDigest()).isEqualTo(first.baseDigest());
    assertThat(reporter.info()).anyMatch(line -> line.contains("is no longer in the registry as recorded"));
    assertThat(pull("demo/lost-base", second.digest()).run(Duration.ofSeconds(60)).output()).contains("Again, world!");
  }

  @Test
  void noChangeUploadsNothing() throws Exception {
    SampleApp app = new SampleApp(dir);
    ImageRequest request = app.request(from).image(image("demo/same")).build();
    ImageResult first = new ImageBuilder(reporter).build(request);
    registry.resetCount();
    ImageResult second = new ImageBuilder(reporter).build(request);

    assertThat(second.updateReused()).isTrue();
    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(registry.bytesReceived()).as("only a few small GET requests").isLessThan(4096);
  }

  @Test
  void theSameInputsGiveTheSameDigestsWhateverTheHostModes() throws Exception {
    SampleApp app = new SampleApp(dir.resolve("a"));
    ImageResult first = new ImageBuilder(reporter).build(app.request(from).image(image("demo/repro-a")).build());

    SampleApp again = new SampleApp(dir.resolve("b"));
    try (Stream<Path> files = Files.walk(again.classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
    }
    ImageResult second = new ImageBuilder(reporter).build(again.request(from).image(image("demo/repro-b")).build());

    assertThat(second.baseDigest()).isEqualTo(first.baseDigest());
    assertThat(second.digest()).isEqualTo(first.digest());
    PulledImage pulled = pull("demo/repro-b", second.digest());
    for (TarArchiveEntry entry : pulled.entries().values()) {
      assertThat(entry.getMode() & 0777).as(entry.getName()).isEqualTo(entry.isDirectory() ? 0755 : 0644);
    }
    assertThat(pulled.created()).isEqualTo("1970-01-01T00:00:00Z");
  }

  @Test
  void aNewOutputTimestampKeepsTheBaseAndStampsTheUpdate() throws Exception {
    SampleApp app = new SampleApp(dir);
    ImageResult first = new ImageBuilder(reporter).build(app.request(from).image(image("demo/release"))
        .timestamp(java.time.Instant.parse("2025-01-01T00:00:00Z")).build());
    ImageResult second = new ImageBuilder(reporter).build(app.request(from).image(image("demo/release"))
        .timestamp(java.time.Instant.parse("2025-06-01T00:00:00Z")).build());

    assertThat(second.baseReused()).isTrue();
    assertThat(second.baseDigest()).isEqualTo(first.baseDigest());
    assertThat(second.digest()).isNotEqualTo(first.digest());
    PulledImage pulled = pull("demo/release", second.digest());
    assertThat(pulled.created()).isEqualTo("2025-06-01T00:00:00Z");
    assertThat(pulled.entries().get("/app/classes/app/Main.class").getLastModifiedTime().toInstant())
        .isEqualTo(java.time.Instant.parse("2025-06-01T00:00:00Z"));
    assertThat(pulled.entries().get("/app/libs/big-lib-2.0.jar").getLastModifiedTime().toInstant())
        .isEqualTo(java.time.Instant.ofEpochSecond(1));
  }

  @Test
  void aTarballWhenNoImageIsNamed() throws Exception {
    SampleApp app = new SampleApp(dir);
    ImageResult result = new ImageBuilder(reporter).build(app.request(from).name("OrderService").build());

    assertThat(result.tarball()).isEqualTo(app.dir.resolve("target/k8s-run/image.tar").toString());
    assertThat(result.image()).isEqualTo("orderservice:1.0");
    assertThat(result.reference()).isEqualTo("orderservice:1.0");
    PulledImage image = PulledImage.fromTarball(Path.of(result.tarball()), dir.resolve("unpacked"));
    assertThat(image.run(Duration.ofSeconds(60)).output()).contains("Hello, world! (from greeting-lib)");
  }

  @Test
  void java8TakesTheClasspathInline() throws Exception {
    SampleApp app = new SampleApp(dir);
    ImageResult result =
        new ImageBuilder(reporter).build(app.request(from).image(image("demo/java8")).javaRelease(8).build());

    PulledImage pulled = pull("demo/java8", result.digest());
    assertThat(pulled.entrypoint()).containsExactly(
        "java", "-cp", "classes:libs/greeting-lib-1.0.jar:libs/big-lib-2.0.jar", "app.Main");
    assertThat(pulled.entries()).doesNotContainKey("/app/classpath");
    assertThat(pulled.run(Duration.ofSeconds(60)).output()).contains("Hello, world!");
  }

  @Test
  void sameFileNameFromTwoGroupsGivesTwoFilesEachOnTheClasspathOnce() throws Exception {
    // C02: com.acme.alpha:rest-client:2.0.0 and com.acme.beta:rest-client:2.0.0
    SampleApp app = new SampleApp(dir);
    Path alpha = TestProjects.randomJar(dir.resolve("repo/alpha/rest-client-2.0.0.jar"), 1000, 1);
    Path beta = TestProjects.randomJar(dir.resolve("repo/beta/rest-client-2.0.0.jar"), 1000, 2);
    List<Dependency> dependencies = new ArrayList<>(app.dependencies);
    dependencies.add(new Dependency("com.acme.alpha", "rest-client", "2.0.0", null, alpha, true));
    dependencies.add(new Dependency("com.acme.beta", "rest-client", "2.0.0", null, beta, true));
    ImageResult result = new ImageBuilder(reporter).build(
        app.request(from).image(image("demo/c02")).dependencies(dependencies).build());

    PulledImage pulled = pull("demo/c02", result.digest());
    List<String> classpath = List.of(Files.readString(pulled.root().resolve("app/classpath")).trim().split(":"));
    List<String> libs;
    try (Stream<Path> files = Files.list(pulled.root().resolve("app/libs"))) {
      libs = files.map(f -> "libs/" + f.getFileName()).sorted().toList();
    }
    assertThat(classpath).doesNotHaveDuplicates();
    assertThat(classpath.subList(1, classpath.size())).containsExactlyInAnyOrderElementsOf(libs);
    assertThat(libs).contains("libs/com.acme.alpha-rest-client-2.0.0.jar", "libs/com.acme.beta-rest-client-2.0.0.jar");
    assertThat(pulled.root().resolve("app/libs/com.acme.alpha-rest-client-2.0.0.jar")).hasSameBinaryContentAs(alpha);
    assertThat(pulled.root().resolve("app/libs/com.acme.beta-rest-client-2.0.0.jar")).hasSameBinaryContentAs(beta);
  }

  @Test
  void theClasspathKeepsMavenOrderSoTheFirstClockWins() throws Exception {
    // C03: override-lib before base-lib, both with com.acme.Clock
    Path override = TestProjects.jar(TestProjects.compile(Map.of("com/acme/Clock.java", """
        package com.acme;
        public class Clock { public static String now() { return "override-lib"; } }
        """), dir.resolve("override-classes"), List.of()), dir.resolve("repo/override-lib-1.0.jar"));
    Path base = TestProjects.jar(TestProjects.compile(Map.of("com/acme/Clock.java", """
        package com.acme;
        public class Clock { public static String now() { return "base-lib"; } }
        """), dir.resolve("base-classes"), List.of()), dir.resolve("repo/base-lib-1.0.jar"));
    Path classes = TestProjects.compile(Map.of("app/Main.java", """
        package app;
        public class Main {
          public static void main(String[] args) { System.out.println("clock=" + com.acme.Clock.now()); }
        }
        """), dir.resolve("target/classes"), List.of(base));
    ImageResult result = new ImageBuilder(reporter).build(ImageRequest.builder()
        .name("clock").version("1").classesDirectory(classes).from(from).image(image("demo/c03")).tag("1")
        .allowInsecureRegistries(true).outputDirectory(dir.resolve("target/k8s-run"))
        .dependencies(List.of(
            new Dependency("com.acme", "override-lib", "1.0", null, override, true),
            new Dependency("com.acme", "base-lib", "1.0", null, base, true)))
        .build());

    PulledImage pulled = pull("demo/c03", result.digest());
    assertThat(Files.readString(pulled.root().resolve("app/classpath")).trim())
        .isEqualTo("classes:libs/override-lib-1.0.jar:libs/base-lib-1.0.jar");
    for (int i = 0; i < 3; i++) {
      assertThat(pulled.run(Duration.ofSeconds(60)).output()).contains("clock=override-lib");
    }
  }

  @Test
  void twoMainClassesFailBeforeAnythingIsPushed() throws Exception {
    // C01: app.Main and app.Tool, nothing configured
    Path classes = twoMainClasses();
    registry.resetCount();
    ImageRequest.Builder request = ImageRequest.builder()
        .name("tools").classesDirectory(classes).from(from).image(image("demo/c01"))
        .allowInsecureRegistries(true).outputDirectory(dir.resolve("target/k8s-run"));

    assertThatThrownBy(() -> new ImageBuilder(reporter).build(request.build()))
        .isInstanceOf(ImageConfigurationException.class)
        .hasMessageContaining("app.Main, app.Tool")
        .hasMessageContaining("<mainClass>")
        .hasMessageContaining("-Dk8s-run.mainClass");
    assertThat(registry.bytesReceived()).isZero();

    ImageResult result = new ImageBuilder(reporter).build(request.mainClass("app.Tool", "<mainClass>").build());
    assertThat(result.command()).last().isEqualTo("app.Tool");
    assertThat(pull("demo/c01", result.digest()).run(Duration.ofSeconds(60)).output()).contains("tool ran");
  }

  private Path twoMainClasses() throws Exception {
    return TestProjects.compile(Map.of(
        "app/Main.java", "package app; public class Main { public static void main(String[] a) {} }",
        "app/Tool.java", """
            package app;
            public class Tool { public static void main(String[] a) { System.out.println("tool ran"); } }
            """), dir.resolve("target/classes"), List.of());
  }

  @Test
  void anUnresolvedPropertyNeverReachesTheCommand() throws Exception {
    ImageRequest request = ImageRequest.builder()
        .name("tools").classesDirectory(twoMainClasses()).from(from).image(image("demo/c01b"))
        .mainClass("${start-class}", "<mainClass>")
        .allowInsecureRegistries(true).outputDirectory(dir.resolve("target/k8s-run")).build();

    assertThatThrownBy(() -> new ImageBuilder(reporter).build(request))
        .isInstanceOf(ImageConfigurationException.class)
        .hasMessageContaining("'${start-class}'")
        .hasMessageContaining("never defined");
  }

  @Test
  void aConfiguredMainClassThatIsNowhereFailsBeforeAnythingIsPushed() throws Exception {
    SampleApp app = new SampleApp(dir);
    registry.resetCount();

    assertThatThrownBy(() -> new ImageBuilder(reporter).build(
            app.request(from).image(image("demo/nope")).mainClass("app.Nope", "<mainClass>").build()))
        .isInstanceOf(ImageConfigurationException.class)
        .hasMessageContaining("'app.Nope'")
        .hasMessageContaining("ClassNotFoundException");
    assertThat(registry.bytesReceived()).isZero();
  }

  @Test
  void aMainClassFromADependencyRuns() throws Exception {
    // The project has no main of its own: the class to run comes from a released jar.
    Path tool = TestProjects.jar(TestProjects.compile(Map.of("com/acme/Tool.java", """
        package com.acme;
        public class Tool { public static void main(String[] a) { System.out.println("tool from a jar"); } }
        """), dir.resolve("tool-classes"), List.of()), dir.resolve("repo/tool-1.0.jar"));
    ImageResult result = new ImageBuilder(reporter).build(ImageRequest.builder()
        .name("runner").version("1").classesDirectory(dir.resolve("target/classes")).from(from)
        .image(image("demo/dependency-main")).tag("1").mainClass("com.acme.Tool", "<mainClass>")
        .allowInsecureRegistries(true).outputDirectory(dir.resolve("target/k8s-run"))
        .dependencies(List.of(new Dependency("com.acme", "tool", "1.0", null, tool, true)))
        .build());

    PulledImage pulled = pull("demo/dependency-main", result.digest());
    assertThat(Files.readString(pulled.root().resolve("app/classpath")).trim()).isEqualTo("libs/tool-1.0.jar");
    assertThat(pulled.run(Duration.ofSeconds(60)).output()).contains("tool from a jar");
  }

  @Test
  void noMainClassIsAClearError() throws Exception {
    Path classes = TestProjects.compile(
        Map.of("app/Util.java", "package app; public class Util {}"), dir.resolve("target/classes"), List.of());
    ImageRequest request = ImageRequest.builder().name("lib").classesDirectory(classes).from(from)
        .outputDirectory(dir.resolve("target/k8s-run")).build();

    assertThatThrownBy(() -> new ImageBuilder(reporter).build(request))
        .isInstanceOf(ImageConfigurationException.class)
        .hasMessageContaining("No main class")
        .hasMessageContaining("public static void main")
        .hasMessageContaining("-Dk8s-run.mainClass");
  }

  @Test
  void anInvalidImageNameFailsBeforeAnyNetworkCall() throws Exception {
    // C05: a user-given invalid name
    SampleApp app = new SampleApp(dir);
    registry.resetCount();

    assertThatThrownBy(() -> new ImageBuilder(reporter).build(
            app.request(from).image(registry.host() + "/OrderService").build()))
        .isInstanceOf(ImageConfigurationException.class)
        .hasMessageContaining("'" + registry.host() + "/OrderService'")
        .hasMessageContaining("-Dk8s-run.image")
        .hasMessageContaining("try '" + registry.host() + "/orderservice'");
    assertThat(registry.bytesReceived()).isZero();
  }

  @Test
  void anUnreachableRegistryFailsFast() throws Exception {
    SampleApp app = new SampleApp(dir);
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    long start = System.nanoTime();
    assertThatThrownBy(() -> new ImageBuilder(reporter).build(
            app.request(from).image("127.0.0.1:" + closedPort + "/demo/app").build()))
        .isInstanceOf(RegistryAccessException.class)
        .hasMessageContaining("Cannot reach registry 127.0.0.1:" + closedPort)
        .hasMessageContaining("connection refused")
        .hasMessageContaining("-Dk8s-run.image");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no long hang").isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void plainHttpNeedsTheOptIn() throws Exception {
    SampleApp app = new SampleApp(dir);
    assertThatThrownBy(() -> new ImageBuilder(reporter).build(
            app.request(from).image(image("demo/insecure")).allowInsecureRegistries(false).build()))
        .isInstanceOf(RegistryAccessException.class)
        .hasMessageContaining("registry " + registry.host())
        .hasMessageContaining("-Dk8s-run.allowInsecureRegistries=true");
  }
}
