package dev.k8srun.config;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the image build needs, already taken out of Maven. Immutable; made with {@link #builder()}.
 *
 * @param name the project's name (the artifactId): the default image repository and the image's title label
 * @param version the project's version: the image's version label
 * @param classesDirectory compiled classes and resources ({@code target/classes}); may not exist
 * @param dependencies the runtime classpath after the classes directory, in Maven's order
 * @param extraDirectories directories whose content is copied to the working directory as they are
 * @param from the image the runtime comes from
 * @param fromOrigin where {@code from} came from, for messages: the parameter, or the default it is
 * @param image the repository to push to ({@code registry/name}, optionally with {@code :tag}); {@code null}
 *     writes an image tarball instead
 * @param baseRepository where the base image goes; {@code null} for the same repository as {@code image}
 * @param tag the update image's tag
 * @param mainClass the class to run, or {@code null} to detect it
 * @param mainClassOrigin where {@code mainClass} was configured, for messages
 * @param jvmFlags JVM flags, before {@code -cp}
 * @param args program arguments
 * @param environment container environment
 * @param workingDirectory absolute directory in the image that holds the application; the command is
 *     relative to it
 * @param user the numeric user the image runs as
 * @param javaRelease the Java release the project targets: 8 or lower uses an inline classpath, 9 or
 *     higher an argument file
 * @param timestamp creation time and file modification time in the image, or {@code null} for the epoch
 * @param allowInsecureRegistries permit plain HTTP and unverified TLS
 * @param offline no network: only a tarball can be built, from a cached base
 * @param credentials registry credentials by registry host ({@code host[:port]})
 * @param outputDirectory where {@code image.json}, the tarball and the classpath file go ({@code
 *     target/k8s-run})
 * @param applicationLayersCache jib's cache of built layers
 * @param baseImageLayersCache jib's cache of pulled base layers, or {@code null} for jib's default
 * @param labels extra image labels
 */
public record ImageRequest(
    String name,
    String version,
    Path classesDirectory,
    List<Dependency> dependencies,
    List<Path> extraDirectories,
    String from,
    String fromOrigin,
    String image,
    String baseRepository,
    String tag,
    String mainClass,
    String mainClassOrigin,
    List<String> jvmFlags,
    List<String> args,
    Map<String, String> environment,
    String workingDirectory,
    String user,
    int javaRelease,
    Instant timestamp,
    boolean allowInsecureRegistries,
    boolean offline,
    Map<String, RegistryCredential> credentials,
    Path outputDirectory,
    Path applicationLayersCache,
    Path baseImageLayersCache,
    Map<String, String> labels) {

  public ImageRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(classesDirectory, "classesDirectory");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    dependencies = List.copyOf(dependencies);
    extraDirectories = List.copyOf(extraDirectories);
    jvmFlags = List.copyOf(jvmFlags);
    args = List.copyOf(args);
    environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    credentials = Map.copyOf(credentials);
    labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /** Whether the image goes to a registry (else to a tarball). */
  public boolean toRegistry() {
    return image != null && !image.isBlank();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder with the plugin's defaults. */
  public static final class Builder {
    private String name;
    private String version = "0";
    private Path classesDirectory;
    private final List<Dependency> dependencies = new ArrayList<>();
    private final List<Path> extraDirectories = new ArrayList<>();
    private String from;
    private String fromOrigin = "<from> / -Dk8s-run.from";
    private String image;
    private String baseRepository;
    private String tag = "latest";
    private String mainClass;
    private String mainClassOrigin = "<mainClass>";
    private final List<String> jvmFlags = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String workingDirectory = "/app";
    private String user = "1000";
    private int javaRelease = 17;
    private Instant timestamp;
    private boolean allowInsecureRegistries;
    private boolean offline;
    private final Map<String, RegistryCredential> credentials = new LinkedHashMap<>();
    private Path outputDirectory;
    private Path applicationLayersCache;
    private Path baseImageLayersCache;
    private final Map<String, String> labels = new LinkedHashMap<>();

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder version(String version) {
      this.version = version;
      return this;
    }

    public Builder classesDirectory(Path classesDirectory) {
      this.classesDirectory = classesDirectory;
      return this;
    }

    public Builder dependencies(List<Dependency> dependencies) {
      this.dependencies.clear();
      this.dependencies.addAll(dependencies);
      return this;
    }

    public Builder extraDirectories(List<Path> extraDirectories) {
      this.extraDirectories.clear();
      this.extraDirectories.addAll(extraDirectories);
      return this;
    }

    public Builder from(String from) {
      this.from = from;
      return this;
    }

    /** Says where {@code from} came from, e.g. that it is the default, for messages. */
    public Builder fromOrigin(String origin) {
      this.fromOrigin = origin;
      return this;
    }

    public Builder image(String image) {
      this.image = image;
      return this;
    }

    public Builder baseRepository(String baseRepository) {
      this.baseRepository = baseRepository;
      return this;
    }

    public Builder tag(String tag) {
      this.tag = tag;
      return this;
    }

    public Builder mainClass(String mainClass, String origin) {
      this.mainClass = mainClass;
      this.mainClassOrigin = origin;
      return this;
    }

    public Builder jvmFlags(List<String> jvmFlags) {
      this.jvmFlags.clear();
      this.jvmFlags.addAll(jvmFlags);
      return this;
    }

    public Builder args(List<String> args) {
      this.args.clear();
      this.args.addAll(args);
      return this;
    }

    public Builder environment(Map<String, String> environment) {
      this.environment.clear();
      this.environment.putAll(environment);
      return this;
    }

    public Builder workingDirectory(String workingDirectory) {
      this.workingDirectory = workingDirectory;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder javaRelease(int javaRelease) {
      this.javaRelease = javaRelease;
      return this;
    }

    public Builder timestamp(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    public Builder allowInsecureRegistries(boolean allow) {
      this.allowInsecureRegistries = allow;
      return this;
    }

    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    public Builder credential(String registry, RegistryCredential credential) {
      this.credentials.put(registry, credential);
      return this;
    }

    public Builder outputDirectory(Path outputDirectory) {
      this.outputDirectory = outputDirectory;
      return this;
    }

    public Builder applicationLayersCache(Path cache) {
      this.applicationLayersCache = cache;
      return this;
    }

    public Builder baseImageLayersCache(Path cache) {
      this.baseImageLayersCache = cache;
      return this;
    }

    public Builder labels(Map<String, String> labels) {
      this.labels.clear();
      this.labels.putAll(labels);
      return this;
    }

    public ImageRequest build() {
      Path cache = applicationLayersCache != null ? applicationLayersCache : outputDirectory.resolve("cache");
      return new ImageRequest(
          name, version, classesDirectory, dependencies, extraDirectories, from, fromOrigin, image, baseRepository,
          tag,
          mainClass, mainClassOrigin, jvmFlags, args, environment, workingDirectory, user, javaRelease,
          timestamp, allowInsecureRegistries, offline, credentials, outputDirectory, cache,
          baseImageLayersCache, labels);
    }
  }
}
