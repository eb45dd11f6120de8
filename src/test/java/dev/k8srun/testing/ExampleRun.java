package dev.k8srun.testing;

import dev.k8srun.image.ImageResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the example end to end on this machine, as {@code examples/run-example.sh} does: starts a local
 * registry, pushes a stand-in base image, builds the example's images with the plugin, pulls the update image
 * back, unpacks it and runs its command from its working directory; then makes a code-only change and shows
 * that the rebuild reuses the base and uploads only the thin part; then runs {@code mvn k8s-run:deploy} against
 * a mock Kubernetes API server whose stand-in kubelet pulls and runs the pod's image.
 *
 * <p>Arguments: the example's directory, the plugin version, the Maven wrapper.
 */
public final class ExampleRun {

  private ExampleRun() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Exception e) {
      System.out.println("[example] FAILED: " + e.getMessage());
      e.printStackTrace(System.out);
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    Path example = Path.of(args[0]).toAbsolutePath();
    String pluginVersion = args[1];
    Path mvnw = Path.of(args[2]).toAbsolutePath();
    Path work = Path.of("target/example-run").toAbsolutePath();
    deleteTree(work);
    Path project = copyTree(example, work.resolve(example.getFileName()));

    try (TestRegistry registry = TestRegistry.start(work.resolve("registry"))) {
      String from = TestImages.pushBase(registry.host(), ItSupport.BASE, ItSupport.BASE_TAG, work.resolve("base"));
      String image = registry.host() + "/examples/" + example.getFileName();
      say("Local registry on " + registry.host() + "; stand-in base image " + from);

      List<String> build = new ArrayList<>(List.of(mvnw.toString(), "-B", "-f", project.resolve("pom.xml").toString(),
          "package", "k8s-run:build", "-Dk8s-run.version=" + pluginVersion, "-Dk8s-run.from=" + from,
          "-Dk8s-run.image=" + image, "-Dk8s-run.allowInsecureRegistries=true"));
      maven(build);
      ImageResult first = runImage(registry, project, work.resolve("pulled-1"));

      say("Code-only change: editing Summary.java and building again");
      Path summary = project.resolve("src/main/java/dev/k8srun/examples/batch/report/Summary.java");
      Files.writeString(summary, Files.readString(summary)
          .replace("lines.add(\"Total: \"", "lines.add(\"(report v2)\");\n    lines.add(\"Total: \""));
      registry.resetCount();
      maven(build);
      long received = registry.bytesReceived();
      ImageResult second = runImage(registry, project, work.resolve("pulled-2"));
      say("Rebuild: base image " + (second.baseDigest().equals(first.baseDigest()) ? "reused" : "CHANGED")
          + " (" + second.baseDigest() + "); the registry received " + received + " bytes in all");
      if (!second.baseDigest().equals(first.baseDigest())) {
        throw new IllegalStateException("the code-only change rebuilt the base image: was the plugin in the"
            + " local repository replaced between the two builds?");
      }

      try (MockCluster cluster = MockCluster.start()) {
        cluster.scriptSource(new ImageRunningKubelet(work.resolve("pods")));
        Path kubeconfig = cluster.writeKubeconfig(work.resolve("kubeconfig"), "default");
        say("Mock Kubernetes API server on " + cluster.url() + " (its kubelet pulls and runs the pod's image);"
            + " KUBECONFIG=" + kubeconfig);
        List<String> deploy = new ArrayList<>(List.of(mvnw.toString(), "-B", "-f",
            project.resolve("pom.xml").toString(), "k8s-run:deploy", "-Dk8s-run.version=" + pluginVersion,
            "-Dk8s-run.from=" + from, "-Dk8s-run.image=" + image, "-Dk8s-run.allowInsecureRegistries=true"));
        maven(deploy, Map.of("KUBECONFIG", kubeconfig.toString()));
      }
    }
    say("Example ran end to end.");
  }

  private static ImageResult runImage(TestRegistry registry, Path project, Path into) throws Exception {
    ImageResult result = ImageResult.read(project.resolve("target/k8s-run"))
        .orElseThrow(() -> new IllegalStateException("no target/k8s-run/image.json"));
    String repository = result.image().substring(registry.host().length() + 1, result.image().lastIndexOf(':'));
    PulledImage pulled = PulledImage.pull(registry.host(), repository, result.digest(), into);
    say("Pulled " + result.reference());
    say("  working directory: " + pulled.workingDir());
    say("  command:           " + String.join(" ", pulled.entrypoint()) + " " + String.join(" ", pulled.cmd()));
    say("  classpath file:    " + Files.readString(pulled.root().resolve("app/classpath")).trim());
    say("Running it from " + pulled.workingDir() + " (the host's java stands in for the image's runtime):");
    PulledImage.Run run = pulled.run(Duration.ofMinutes(2));
    run.output().lines().forEach(line -> System.out.println("    | " + line));
    if (run.exitCode() != 0) {
      throw new IllegalStateException("the image's command exited with " + run.exitCode());
    }
    return result;
  }

  private static void maven(List<String> command) throws IOException, InterruptedException {
    maven(command, Map.of());
  }

  private static void maven(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    say("$ " + String.join(" ", command));
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().putAll(env);
    Process process = builder.start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("Maven failed: " + String.join(" ", command));
    }
  }

  private static void say(String line) {
    System.out.println("[example] " + line);
  }

  private static Path copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.filter(p -> !from.relativize(p).startsWith("target")).toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return to;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
