package dev.k8srun.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One generated Maven project: a few classes and a resource on top of a set of real dependencies from Maven
 * Central, with both image plugins declared (neither bound to a phase), the Maven wrapper of the plugin's
 * repository, and the edits the cases need: one class changed, one dependency's version bumped. The benchmark
 * gives each tool its own identical copy, so that one tool's build never changes another's starting state.
 */
final class BenchProject {

  static final String GROUP = "bench.app";
  static final String VERSION = "1.0.0";
  static final String MAIN_CLASS = "bench.app.Main";
  static final String JIB_VERSION = "3.5.2";
  static final String SPRING_BOOT = "3.5.8";
  static final String HADOOP = "3.4.1";
  /** The dependency whose version the "one dependency changed" case bumps: each run gets one never used before. */
  static final String BUMPED = "org.apache.commons:commons-lang3";
  static final List<String> BUMP_VERSIONS = List.of("3.1", "3.2", "3.2.1", "3.3", "3.3.1", "3.3.2", "3.4", "3.5",
      "3.6", "3.7", "3.8", "3.8.1", "3.9", "3.10", "3.11", "3.12.0", "3.13.0", "3.14.0", "3.15.0", "3.16.0", "3.17.0",
      "3.18.0");

  private static final Pattern BUMP = Pattern.compile("(<version>)([^<]*)(</version><!-- bench: bumped -->)");
  private static final Pattern EDIT = Pattern.compile("EDIT = (\\d+);");

  final String name;
  final Path dir;
  private final List<String> starters;
  private final List<String> extraDependencies;

  private BenchProject(String name, Path dir, List<String> starters, List<String> extraDependencies) {
    this.name = name;
    this.dir = dir;
    this.starters = starters;
    this.extraDependencies = extraDependencies;
  }

  /** The project of that name (small, medium, large) in a directory. */
  static BenchProject of(String name, Path dir) {
    return switch (name) {
      case "small" -> small(dir);
      case "medium" -> medium(dir);
      case "large" -> large(dir);
      default -> throw new IllegalArgumentException("unknown project " + name + " (small, medium, large)");
    };
  }

  /** About 5 dependency jars: a few Apache Commons libraries and SLF4J. */
  static BenchProject small(Path dir) {
    return new BenchProject("small", dir, List.of(), List.of(
        dependency("org.apache.commons", "commons-csv", "1.14.1"),
        dependency("org.slf4j", "slf4j-api", "2.0.17")));
  }

  /** About 100: a Spring Boot 3.5 web service with JPA, security, actuator, WebFlux and templates. */
  static BenchProject medium(Path dir) {
    return new BenchProject("medium", dir,
        List.of("web", "data-jpa", "actuator", "security", "validation", "webflux", "thymeleaf", "cache",
            "data-redis"),
        List.of());
  }

  /** About 300: the medium stack plus messaging, batch, data stores, GraphQL, and a Hadoop 3.4 client. */
  static BenchProject large(Path dir) {
    return new BenchProject("large", dir,
        List.of("web", "data-jpa", "actuator", "security", "validation", "webflux", "thymeleaf", "cache",
            "data-redis", "data-mongodb", "mail", "amqp", "quartz", "oauth2-client", "jdbc", "websocket", "batch",
            "integration", "graphql", "data-cassandra", "artemis", "data-rest", "hateoas",
            "oauth2-resource-server", "rsocket"),
        List.of(dependency("org.springframework.kafka", "spring-kafka", null),
            dependency("org.apache.hadoop", "hadoop-client", HADOOP)));
  }

  private static String dependency(String group, String artifact, String version) {
    return "    <dependency><groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId>"
        + (version == null ? "" : "<version>" + version + "</version>") + "</dependency>\n";
  }

  /** Writes the project from scratch: POM, wrapper, sources, a resource. */
  void generate(Path repository, String pluginVersion) throws IOException {
    Bench.deleteTree(dir);
    Files.createDirectories(dir.resolve(".mvn/wrapper"));
    Files.copy(repository.resolve("mvnw"), dir.resolve("mvnw"));
    dir.resolve("mvnw").toFile().setExecutable(true);
    Files.copy(repository.resolve(".mvn/wrapper/maven-wrapper.properties"),
        dir.resolve(".mvn/wrapper/maven-wrapper.properties"));
    Files.writeString(dir.resolve("pom.xml"), pom(pluginVersion, BUMP_VERSIONS.get(0)));
    Path java = dir.resolve("src/main/java/bench/app");
    Files.createDirectories(java);
    Files.writeString(java.resolve("Main.java"), """
        package bench.app;

        import java.io.IOException;
        import java.io.InputStream;
        import java.util.Properties;
        import org.apache.commons.lang3.StringUtils;

        /** Reads its resource and greets. */
        public final class Main {
          public static void main(String[] args) throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/app.properties")) {
              properties.load(in);
            }
            String who = args.length > 0 ? args[0] : properties.getProperty("greeting.name", "world");
            System.out.println(StringUtils.capitalize(new Greeter().greet(who)) + " " + Totals.sum(1, 2, 3));
          }
        }
        """);
    Files.writeString(java.resolve("Greeter.java"), """
        package bench.app;

        /** The class the code-only case edits. */
        public final class Greeter {
          static final int EDIT = 0;

          String greet(String name) {
            return "hello, " + name + " (edit " + EDIT + ")";
          }
        }
        """);
    Files.writeString(java.resolve("Totals.java"), """
        package bench.app;

        import java.util.stream.IntStream;

        final class Totals {
          private Totals() {}

          static int sum(int... values) {
            return IntStream.of(values).sum();
          }
        }
        """);
    Path resources = dir.resolve("src/main/resources");
    Files.createDirectories(resources);
    Files.writeString(resources.resolve("app.properties"), "greeting.name=benchmark\n");
  }

  private String pom(String pluginVersion, String bumped) {
    StringBuilder dependencies = new StringBuilder();
    dependencies.append("    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId>")
        .append("<version>").append(bumped).append("</version><!-- bench: bumped --></dependency>\n");
    for (String starter : starters) {
      dependencies.append(dependency("org.springframework.boot", "spring-boot-starter-" + starter, null));
    }
    extraDependencies.forEach(dependencies::append);
    String management = starters.isEmpty()
        ? ""
        : """
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>org.springframework.boot</groupId>
                <artifactId>spring-boot-dependencies</artifactId>
                <version>%s</version>
                <type>pom</type>
                <scope>import</scope>
              </dependency>
            </dependencies>
          </dependencyManagement>
        """.formatted(SPRING_BOOT);
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <groupId>%s</groupId>
          <artifactId>bench-%s</artifactId>
          <version>%s</version>
          <description>k8s-run benchmark project (%s), generated by bench/run.sh</description>

          <properties>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
            <maven.compiler.release>17</maven.compiler.release>
          </properties>
        %s
          <dependencies>
        %s  </dependencies>

          <build>
            <pluginManagement>
              <plugins>
                <plugin><artifactId>maven-clean-plugin</artifactId><version>3.5.0</version></plugin>
                <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
                <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                <plugin><artifactId>maven-install-plugin</artifactId><version>3.1.4</version></plugin>
              </plugins>
            </pluginManagement>
            <plugins>
              <!-- Both image plugins, configured alike; neither is bound to a phase: the goal on the command
                   line (package k8s-run:build, package jib:build) says which one runs. Registry, from image and
                   target come from -D properties. jib is listed first so that resolving the k8s-run prefix
                   never costs jib anything. -->
              <plugin>
                <groupId>com.google.cloud.tools</groupId>
                <artifactId>jib-maven-plugin</artifactId>
                <version>%s</version>
                <configuration>
                  <container>
                    <mainClass>%s</mainClass>
                    <user>1000</user>
                  </container>
                </configuration>
              </plugin>
              <plugin>
                <groupId>dev.k8srun</groupId>
                <artifactId>k8s-run-maven-plugin</artifactId>
                <version>%s</version>
                <configuration>
                  <mainClass>%s</mainClass>
                </configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(GROUP, name, VERSION, name, management, dependencies, JIB_VERSION, MAIN_CLASS,
        pluginVersion, MAIN_CLASS);
  }

  /** Edits one class: a new constant, so its bytecode and the classes layer change. */
  void editClass(int edit) throws IOException {
    Path greeter = dir.resolve("src/main/java/bench/app/Greeter.java");
    String source = Files.readString(greeter);
    Matcher m = EDIT.matcher(source);
    if (!m.find()) {
      throw new IllegalStateException("no EDIT constant in " + greeter);
    }
    Files.writeString(greeter, m.replaceFirst("EDIT = " + edit + ";"));
  }

  /** Sets the bumped dependency's version in the POM. */
  void setBumpedVersion(String version) throws IOException {
    Path pom = dir.resolve("pom.xml");
    String text = Files.readString(pom);
    Matcher m = BUMP.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no bumped dependency in " + pom);
    }
    Files.writeString(pom, m.replaceFirst("$1" + Matcher.quoteReplacement(version) + "$3"));
  }

  String bumpedVersion() throws IOException {
    Matcher m = BUMP.matcher(Files.readString(dir.resolve("pom.xml")));
    return m.find() ? m.group(2) : null;
  }

  /** A POM that only downloads every bumped version (used once, in the warm-up). */
  static String prefetchPom() {
    StringBuilder items = new StringBuilder();
    for (String version : BUMP_VERSIONS) {
      items.append("              <artifactItem><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId>")
          .append("<version>").append(version).append("</version></artifactItem>\n");
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>bench.app</groupId>
          <artifactId>bench-prefetch</artifactId>
          <version>1.0.0</version>
          <packaging>pom</packaging>
          <build>
            <plugins>
              <plugin>
                <artifactId>maven-dependency-plugin</artifactId>
                <version>3.8.1</version>
                <executions>
                  <execution>
                    <id>prefetch</id>
                    <phase>validate</phase>
                    <goals><goal>copy</goal></goals>
                    <configuration>
                      <outputDirectory>${project.build.directory}/prefetched</outputDirectory>
                      <artifactItems>
        %s              </artifactItems>
                    </configuration>
                  </execution>
                </executions>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(items);
  }
}
