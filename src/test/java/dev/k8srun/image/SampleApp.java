package dev.k8srun.image;

import dev.k8srun.config.Dependency;
import dev.k8srun.config.ImageRequest;
import dev.k8srun.testing.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small application for image tests, the Java twin of {@code script.py} importing {@code utils.py}: {@code
 * app.Main} uses {@code app.util.Greeter}, a class from a released dependency jar, and a bundled resource. A
 * second released dependency is 2 MiB of random bytes, so its upload shows in the registry's byte count.
 */
final class SampleApp {

  static final int BIG_JAR_SIZE = 2 * 1024 * 1024;

  final Path dir;
  final Path classes;
  final Path greetingJar;
  final Path bigJar;
  final List<Dependency> dependencies = new ArrayList<>();

  SampleApp(Path dir) throws IOException {
    this.dir = dir;
    Path libSource = TestProjects.compile(Map.of("com/example/greeting/Greeting.java", """
        package com.example.greeting;
        public class Greeting {
          public static String suffix() { return "(from greeting-lib)"; }
        }
        """), dir.resolve("greeting-classes"), List.of());
    greetingJar = TestProjects.jar(libSource, dir.resolve("repo/greeting-lib-1.0.jar"));
    bigJar = TestProjects.randomJar(dir.resolve("repo/big-lib-2.0.jar"), BIG_JAR_SIZE, 42);
    dependencies.add(new Dependency("com.example", "greeting-lib", "1.0", null, greetingJar, true));
    dependencies.add(new Dependency("com.example", "big-lib", "2.0", null, bigJar, true));
    classes = dir.resolve("target/classes");
    writeCode("Hello");
  }

  /** (Re)compiles the application with a greeting word: a code-only change. */
  void writeCode(String word) throws IOException {
    TestProjects.compile(Map.of(
        "app/Main.java", """
            package app;
            import app.util.Greeter;
            import com.example.greeting.Greeting;
            public class Main {
              public static void main(String[] args) throws Exception {
                String message;
                try (var in = Main.class.getResourceAsStream("/message.txt")) {
                  message = new String(in.readAllBytes()).trim();
                }
                System.out.println(Greeter.greet(message) + " " + Greeting.suffix());
                System.out.println("args=" + String.join(",", args));
                System.out.println("flag=" + System.getProperty("demo.flag"));
                System.out.println("env=" + System.getenv("DEMO_ENV"));
              }
            }
            """,
        "app/util/Greeter.java", """
            package app.util;
            public class Greeter {
              public static String greet(String who) { return "%s, " + who + "!"; }
            }
            """.formatted(word)), classes, List.of(greetingJar));
    Files.writeString(classes.resolve("message.txt"), "world\n");
  }

  /** A request for this application with the test defaults; the caller sets image, from and the rest. */
  ImageRequest.Builder request(String from) {
    return ImageRequest.builder()
        .name("sample-app")
        .version("1.0")
        .classesDirectory(classes)
        .dependencies(dependencies)
        .from(from)
        .tag("1.0")
        .allowInsecureRegistries(true)
        .outputDirectory(dir.resolve("target/k8s-run"))
        .baseImageLayersCache(dir.resolve("jib-base-cache"));
  }
}
