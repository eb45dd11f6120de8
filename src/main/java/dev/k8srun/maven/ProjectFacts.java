package dev.k8srun.maven;

import dev.k8srun.config.Dependency;
import dev.k8srun.config.RegistryCredential;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/** What the plugin reads from the Maven project and settings, turned into plain values for the core. */
final class ProjectFacts {

  private static final Set<String> RUNTIME_SCOPES = Set.of(Artifact.SCOPE_COMPILE, Artifact.SCOPE_RUNTIME);
  private static final int[] LTS = {8, 11, 17, 21, 25};
  /** Docker Hub as jib names it, and the names users give it in settings.xml. */
  private static final String DOCKER_HUB = "registry-1.docker.io";
  private static final Set<String> DOCKER_HUB_ALIASES = Set.of("docker.io", "index.docker.io", "hub.docker.com");

  private ProjectFacts() {}

  /**
   * The runtime classpath after the project's own classes, in Maven's order. Released artifacts outside the
   * reactor are stable (base image); snapshots and reactor modules are not (update image).
   */
  static List<Dependency> runtimeDependencies(MavenProject project, MavenSession session) {
    Set<String> reactor = session.getProjects().stream()
        .map(p -> p.getGroupId() + ":" + p.getArtifactId() + ":" + p.getVersion())
        .collect(Collectors.toSet());
    List<Dependency> dependencies = new ArrayList<>();
    for (Artifact artifact : project.getArtifacts()) {
      if (!RUNTIME_SCOPES.contains(artifact.getScope()) || artifact.getFile() == null
          || !artifact.getArtifactHandler().isAddedToClasspath()) {
        continue;
      }
      boolean inReactor = reactor.contains(
          artifact.getGroupId() + ":" + artifact.getArtifactId() + ":" + artifact.getBaseVersion());
      dependencies.add(new Dependency(artifact.getGroupId(), artifact.getArtifactId(), artifact.getBaseVersion(),
          artifact.getClassifier(), artifact.getFile().toPath(), !artifact.isSnapshot() && !inReactor));
    }
    return dependencies;
  }

  /**
   * The Java release the project compiles for: {@code maven.compiler.release}, else {@code
   * maven.compiler.target}, else the compiler plugin's {@code release}/{@code target}; empty when none is set.
   */
  static Optional<Integer> javaRelease(MavenProject project) {
    List<String> candidates = new ArrayList<>();
    candidates.add(project.getProperties().getProperty("maven.compiler.release"));
    Xpp3Dom compiler = configuration(project, "org.apache.maven.plugins:maven-compiler-plugin");
    if (compiler != null) {
      candidates.add(value(compiler, "release"));
    }
    candidates.add(project.getProperties().getProperty("maven.compiler.target"));
    if (compiler != null) {
      candidates.add(value(compiler, "target"));
    }
    for (String candidate : candidates) {
      if (candidate != null && !candidate.isBlank() && !candidate.contains("${")) {
        String number = candidate.trim().startsWith("1.") ? candidate.trim().substring(2) : candidate.trim();
        try {
          return Optional.of(Integer.parseInt(number));
        } catch (NumberFormatException e) {
          // not a number: try the next
        }
      }
    }
    return Optional.empty();
  }

  /** The Eclipse Temurin JRE for a release: the first long-term-support version at or above it. */
  static String defaultFrom(int release) {
    for (int lts : LTS) {
      if (release <= lts) {
        return "eclipse-temurin:" + lts + "-jre";
      }
    }
    return "eclipse-temurin:" + release + "-jre";
  }

  /**
   * The main class the jar plugin's manifest names ({@code <archive><manifest><mainClass>}), unless it holds a
   * property that was never resolved (case C01: {@code ${start-class}}).
   */
  static Optional<String> jarPluginMainClass(MavenProject project) {
    Xpp3Dom configuration = configuration(project, "org.apache.maven.plugins:maven-jar-plugin");
    if (configuration == null) {
      return Optional.empty();
    }
    Xpp3Dom archive = configuration.getChild("archive");
    Xpp3Dom manifest = archive == null ? null : archive.getChild("manifest");
    String mainClass = manifest == null ? null : value(manifest, "mainClass");
    return Optional.ofNullable(mainClass).map(String::trim).filter(s -> !s.isEmpty());
  }

  /** The plugin's configuration, merged with its default execution's, or {@code null}. */
  private static Xpp3Dom configuration(MavenProject project, String pluginKey) {
    Plugin plugin = project.getBuild().getPluginsAsMap().get(pluginKey);
    if (plugin == null) {
      return null;
    }
    Xpp3Dom configuration = (Xpp3Dom) plugin.getConfiguration();
    for (PluginExecution execution : plugin.getExecutions()) {
      if (execution.getId().startsWith("default-") && execution.getConfiguration() != null) {
        configuration = Xpp3Dom.mergeXpp3Dom((Xpp3Dom) execution.getConfiguration(), configuration);
      }
    }
    return configuration;
  }

  private static String value(Xpp3Dom parent, String child) {
    Xpp3Dom node = parent.getChild(child);
    return node == null ? null : node.getValue();
  }

  /**
   * {@code project.build.outputTimestamp} as an instant: ISO-8601 or seconds since the epoch; empty when unset
   * or disabled (a single character, as Maven's archiver reads it).
   */
  static Optional<Instant> outputTimestamp(MavenProject project) throws MojoFailureException {
    String value = project.getProperties().getProperty("project.build.outputTimestamp");
    if (value == null || value.trim().length() <= 1) {
      return Optional.empty();
    }
    String trimmed = value.trim();
    try {
      if (trimmed.matches("\\d+")) {
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(trimmed)));
      }
      return Optional.of(OffsetDateTime.parse(trimmed).toInstant());
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new MojoFailureException("project.build.outputTimestamp is '" + value + "': expected an ISO-8601"
          + " time such as 2024-01-01T00:00:00Z, or seconds since 1970. Fix the property in the POM.", e);
    }
  }

  /**
   * Registry credentials from {@code settings.xml}: every {@code <server>} with a user name and password, by
   * its id, which names a registry host such as {@code registry.example.com} or {@code 127.0.0.1:5000}.
   */
  static Map<String, RegistryCredential> credentials(MavenSession session, SettingsDecrypter decrypter)
      throws MojoFailureException {
    List<Server> servers = session.getSettings().getServers();
    if (servers.isEmpty()) {
      return Map.of();
    }
    SettingsDecryptionResult decrypted = decrypter.decrypt(new DefaultSettingsDecryptionRequest().setServers(servers));
    for (SettingsProblem problem : decrypted.getProblems()) {
      if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
        throw new MojoFailureException("Cannot decrypt a password in settings.xml: " + problem.getMessage()
            + ". Check settings-security.xml, or the <server> entry it names.");
      }
    }
    Map<String, RegistryCredential> credentials = new LinkedHashMap<>();
    for (Server server : decrypted.getServers()) {
      if (server.getUsername() != null && server.getPassword() != null) {
        RegistryCredential credential = new RegistryCredential(server.getUsername(), server.getPassword(),
            "settings.xml <server> '" + server.getId() + "'");
        credentials.put(server.getId(), credential);
        if (DOCKER_HUB_ALIASES.contains(server.getId())) {
          credentials.putIfAbsent(DOCKER_HUB, credential);
        }
      }
    }
    return credentials;
  }
}
