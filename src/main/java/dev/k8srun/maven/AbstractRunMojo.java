package dev.k8srun.maven;

import dev.k8srun.config.ImageRequest;
import dev.k8srun.config.InvalidValueException;
import dev.k8srun.config.ManifestRequest;
import dev.k8srun.config.WorkloadKind;
import dev.k8srun.manifest.FragmentException;
import dev.k8srun.manifest.ManifestGenerator;
import dev.k8srun.manifest.ManifestResult;
import dev.k8srun.image.ImageBuildException;
import dev.k8srun.image.ImageConfigurationException;
import dev.k8srun.image.ImageNames;
import dev.k8srun.image.ImageResult;
import dev.k8srun.image.RegistryAccessException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * The parameters of a run, the image and its pod, shared by the goals that build or describe them ({@code
 * build}, {@code manifest}, {@code deploy}), and their mapping to an {@link ImageRequest} and a {@link
 * ManifestRequest}.
 */
abstract class AbstractRunMojo extends AbstractK8sRunMojo {

  /** Key of the build's result in the plugin context, so one invocation never builds twice. */
  static final String RESULT_KEY = "k8s-run.imageResult";
  /** The manifest's file name in the output directory. */
  static final String MANIFEST_FILE = "pod.yaml";

  /**
   * The image the Java runtime comes from. Default: the Eclipse Temurin JRE of the project's Java release
   * ({@code eclipse-temurin:17-jre} for release 17; 8, 11, 17, 21 and 25 are the choices, the first at or
   * above the release). Its {@code PATH} must find {@code java}.
   */
  @Parameter(property = "k8s-run.from")
  protected String from;

  /**
   * The repository to push to, {@code registry/name} (optionally {@code :tag}). The base image goes to the same
   * repository under a {@code base-<key>} tag. Unset: an image tarball {@code target/k8s-run/image.tar} named
   * after the artifactId.
   */
  @Parameter(property = "k8s-run.image")
  protected String image;

  /**
   * Where base images go, when not in {@code image}'s repository (for example one repository shared by
   * several projects on the same registry).
   */
  @Parameter(property = "k8s-run.baseRepository")
  protected String baseRepository;

  /** The update image's tag. Characters a tag cannot hold become {@code _}. */
  @Parameter(property = "k8s-run.tag", defaultValue = "${project.version}")
  protected String tag;

  /**
   * The class to run. Default: the jar plugin's {@code <archive><manifest><mainClass>}, else the only class
   * with a {@code public static void main(String[])}.
   */
  @Parameter(property = "k8s-run.mainClass")
  protected String mainClass;

  /** JVM flags, placed before the classpath: {@code <jvmFlags><jvmFlag>-Xmx512m</jvmFlag></jvmFlags>}. */
  @Parameter
  protected List<String> jvmFlags = new ArrayList<>();

  /** Program arguments: {@code <args><arg>--input</arg><arg>data.csv</arg></args>}. */
  @Parameter
  protected List<String> args = new ArrayList<>();

  /**
   * Environment variables: {@code <env><NAME>value</NAME></env>}, in the POM's order (a value may refer to an
   * earlier one as {@code $(NAME)}). Values are kept as strings.
   */
  @Parameter
  protected LinkedHashMap<String, String> env = new LinkedHashMap<>();

  /** The application root in the image; the command is relative to it. */
  @Parameter(property = "k8s-run.workingDirectory", defaultValue = "/app")
  protected String workingDirectory;

  /** The numeric user the image and the pod run as (not root). */
  @Parameter(property = "k8s-run.runAsUser", defaultValue = "1000")
  protected long runAsUser;

  /** Directories whose content is copied into the working directory as they are (data, scripts, config). */
  @Parameter
  protected List<File> extraDirectories;

  /** Default extra directory, used when {@code extraDirectories} is not configured. */
  @Parameter(defaultValue = "${project.basedir}/src/main/k8s-run/files", readonly = true)
  protected File defaultExtraDirectory;

  /** Permit registries that speak plain HTTP or have an untrusted certificate (a local or test registry). */
  @Parameter(property = "k8s-run.allowInsecureRegistries", defaultValue = "false")
  protected boolean allowInsecureRegistries;

  /**
   * The run's name: the pod's (or job's) name, its container's and its {@code k8s-run.dev/run} label. Must be
   * a DNS-1123 label (lowercase letters, digits and {@code -}, at most 63). Default: derived from the
   * artifactId ({@code final_assignment} becomes {@code final-assignment}).
   */
  @Parameter(property = "k8s-run.name")
  protected String name;

  /** What to run: {@code Pod} (default) or {@code Job} (a {@code batch/v1} Job). */
  @Parameter(property = "k8s-run.kind", defaultValue = "Pod")
  protected String kind;

  /** The namespace to run in. Default: the kubeconfig context's namespace. */
  @Parameter(property = "k8s-run.namespace")
  protected String namespace;

  /** The image pull policy: {@code Always}, {@code IfNotPresent} or {@code Never}. Default: Kubernetes'. */
  @Parameter(property = "k8s-run.imagePullPolicy")
  protected String imagePullPolicy;

  /** The container's resource requests and limits, e.g. {@code <requests><cpu>500m</cpu></requests>}. */
  @Parameter
  protected Resources resources;

  /** The service account the pod runs as. */
  @Parameter(property = "k8s-run.serviceAccountName")
  protected String serviceAccountName;

  /** Names of the secrets that let the cluster pull the image from a private registry. */
  @Parameter
  protected List<String> imagePullSecrets = new ArrayList<>();

  /** Extra labels on the pod (and job). */
  @Parameter
  protected LinkedHashMap<String, String> labels = new LinkedHashMap<>();

  /** Extra annotations on the pod (and job). */
  @Parameter
  protected LinkedHashMap<String, String> annotations = new LinkedHashMap<>();

  /**
   * Whether the pod meets the {@code restricted} Pod Security Standard (non-root, no privilege escalation,
   * all capabilities dropped, RuntimeDefault seccomp). Turn off only for a cluster that cannot run it.
   */
  @Parameter(property = "k8s-run.restricted", defaultValue = "true")
  protected String restricted;

  /**
   * A YAML fragment merged over the generated pod (volumes, node selectors, tolerations, GPUs, sidecars);
   * its fields win. Default: {@code src/main/k8s-run/pod.yaml} when it exists.
   */
  @Parameter(property = "k8s-run.fragment")
  protected File fragment;

  /** Job only: how many times a failed pod is retried before the job fails. */
  @Parameter(property = "k8s-run.backoffLimit", defaultValue = "0")
  protected int backoffLimit;

  /** Job only: seconds after which a finished job (and its pod) is deleted by the cluster. */
  @Parameter(property = "k8s-run.ttlSecondsAfterFinished")
  protected Integer ttlSecondsAfterFinished;

  /** Job only: seconds the job may run before the cluster stops it. */
  @Parameter(property = "k8s-run.activeDeadlineSeconds")
  protected Long activeDeadlineSeconds;

  private final SettingsDecrypter settingsDecrypter;

  protected AbstractRunMojo(SettingsDecrypter settingsDecrypter) {
    this.settingsDecrypter = settingsDecrypter;
  }

  /** The image request these parameters describe. */
  protected ImageRequest imageRequest() throws MojoFailureException {
    Optional<Integer> detected = ProjectFacts.javaRelease(project);
    int release = detected.orElse(17);
    if (detected.isEmpty()) {
      getLog().debug("No Java release in the POM (maven.compiler.release/target): assuming 17");
    }
    ImageRequest.Builder request = ImageRequest.builder()
        .name(project.getArtifactId())
        .version(project.getVersion())
        .classesDirectory(new File(project.getBuild().getOutputDirectory()).toPath())
        .dependencies(ProjectFacts.runtimeDependencies(project, session))
        .extraDirectories((extraDirectories != null ? extraDirectories : List.of(defaultExtraDirectory)).stream()
            .map(File::toPath).toList())
        .from(from != null && !from.isBlank() ? from.trim() : ProjectFacts.defaultFrom(release))
        .fromOrigin(from != null && !from.isBlank() ? "<from> / -Dk8s-run.from"
            : "the default for Java " + release + "; set <from> / -Dk8s-run.from to a runtime image your"
                + " network can pull")
        .image(image)
        .baseRepository(baseRepository)
        .tag(tag == null || tag.isBlank() ? "latest" : ImageNames.tagFor(tag.trim()))
        .jvmFlags(jvmFlags == null ? List.of() : jvmFlags)
        .args(args == null ? List.of() : args)
        .environment(environment())
        .workingDirectory(workingDirectory)
        .user(Long.toString(runAsUser))
        .javaRelease(release)
        .timestamp(ProjectFacts.outputTimestamp(project).orElse(null))
        .allowInsecureRegistries(allowInsecureRegistries)
        .offline(session.isOffline())
        .outputDirectory(outputDirectory.toPath());
    mainClass(request);
    ProjectFacts.credentials(session, settingsDecrypter).forEach(request::credential);
    if (runAsUser <= 0) {
      throw new MojoFailureException("<runAsUser> / -Dk8s-run.runAsUser is " + runAsUser
          + ": the image runs as a non-root user; give a number above 0, such as 1000.");
    }
    return request.build();
  }

  private void mainClass(ImageRequest.Builder request) {
    if (mainClass != null && !mainClass.isBlank()) {
      request.mainClass(mainClass, "<mainClass> / -Dk8s-run.mainClass");
      return;
    }
    Optional<String> fromJarPlugin = ProjectFacts.jarPluginMainClass(project);
    if (fromJarPlugin.isPresent() && fromJarPlugin.get().contains("${")) {
      getLog().warn("Ignoring the jar plugin's <mainClass>" + fromJarPlugin.get() + "</mainClass>: it holds a"
          + " property that is not defined. Looking for the class with a main method instead.");
    } else if (fromJarPlugin.isPresent()) {
      request.mainClass(fromJarPlugin.get(), "maven-jar-plugin <archive><manifest><mainClass>");
    }
  }

  private Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    if (env != null) {
      env.forEach((name, value) -> environment.put(name, value == null ? "" : value));
    }
    return environment;
  }

  /** Exposes the result to later plugins as properties, and to later goals of this invocation. */
  @SuppressWarnings("unchecked")
  protected void publish(ImageResult result) {
    getPluginContext().put(RESULT_KEY, result);
    project.getProperties().setProperty("k8s-run.built.image", result.image());
    project.getProperties().setProperty("k8s-run.built.reference", result.reference());
    if (result.digest() != null) {
      project.getProperties().setProperty("k8s-run.built.digest", result.digest());
    }
    if (result.baseImage() != null) {
      project.getProperties().setProperty("k8s-run.built.baseImage", result.baseImage());
      project.getProperties().setProperty("k8s-run.built.baseDigest", result.baseDigest());
    }
    if (result.tarball() != null) {
      project.getProperties().setProperty("k8s-run.built.tarball", result.tarball());
    }
  }

  /** The result of a build earlier in this invocation, if any. */
  protected Optional<ImageResult> builtInThisInvocation() {
    Object result = getPluginContext() == null ? null : getPluginContext().get(RESULT_KEY);
    return result instanceof ImageResult r ? Optional.of(r) : Optional.empty();
  }

  /**
   * {@code restricted} as written: {@code true} or {@code false}, nothing else. Maven would read any other
   * word (a typo) as false, and so drop the pod's security settings without a word.
   */
  private boolean restricted() throws MojoFailureException {
    String value = restricted == null ? "true" : restricted.trim();
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new MojoFailureException("Invalid <restricted> '" + restricted + "': use true (the default: the pod"
        + " meets the restricted Pod Security Standard) or false (<restricted> or -Dk8s-run.restricted).");
  }

  /**
   * The manifest of a run of {@code image}, whose command and working directory are the image's.
   *
   * @param image what the pod pulls: by digest when known
   */
  protected ManifestRequest manifestRequest(String image, List<String> command, String workingDir)
      throws MojoFailureException {
    WorkloadKind workloadKind;
    try {
      workloadKind = WorkloadKind.parse(kind);
    } catch (InvalidValueException e) {
      throw MojoErrors.failure(e);
    }
    return ManifestRequest.builder(project.getArtifactId(), image)
        .kind(workloadKind)
        .name(name)
        .version(project.getVersion())
        .namespace(namespace)
        .imagePullPolicy(imagePullPolicy)
        .command(command)
        .args(args)
        .workingDir(workingDir)
        .env(environment())
        .resourceRequests(resources == null ? Map.of() : resources.getRequests())
        .resourceLimits(resources == null ? Map.of() : resources.getLimits())
        .serviceAccountName(serviceAccountName)
        .imagePullSecrets(imagePullSecrets)
        .labels(labels)
        .annotations(annotations)
        .runAsUser(runAsUser)
        .restricted(restricted())
        .backoffLimit(backoffLimit)
        .ttlSecondsAfterFinished(ttlSecondsAfterFinished)
        .activeDeadlineSeconds(activeDeadlineSeconds)
        .fragment(fragment != null ? relative(fragment) : relative(new File(project.getBasedir(),
            ManifestRequest.DEFAULT_FRAGMENT)), fragment != null)
        .output(outputDirectory.toPath().resolve(MANIFEST_FILE))
        .build();
  }

  /** A path relative to the project when it is inside it, so messages read like the POM. */
  private Path relative(File file) {
    Path base = project.getBasedir().toPath().toAbsolutePath();
    Path path = file.toPath().toAbsolutePath();
    return path.startsWith(base) ? base.relativize(path) : path;
  }

  /**
   * Checks the pod's configuration (name, kind, pull policy, fragment...) before anything is built or pushed,
   * by rendering the manifest for a stand-in image and command; prints and writes nothing.
   */
  protected void checkManifestConfiguration() throws MojoExecutionException, MojoFailureException {
    ManifestRequest request = manifestRequest(
        image == null || image.isBlank() ? project.getArtifactId().toLowerCase(java.util.Locale.ROOT) : image,
        List.of("java", "-cp", "@classpath", "Main"), workingDirectory);
    try {
      new ManifestGenerator(dev.k8srun.config.Reporter.silent()).render(request);
    } catch (InvalidValueException | FragmentException e) {
      throw MojoErrors.failure(e);
    } catch (IOException e) {
      throw MojoErrors.error("Cannot read " + request.fragment() + ": " + e.getMessage(), e);
    }
  }

  /** Writes the manifest for the image a build made. */
  protected ManifestResult writeManifest(ImageResult image) throws MojoExecutionException, MojoFailureException {
    return writeManifest(manifestRequest(image.reference(), image.command(), image.workingDirectory()));
  }

  protected ManifestResult writeManifest(ManifestRequest request)
      throws MojoExecutionException, MojoFailureException {
    try {
      return new ManifestGenerator(reporter()).write(request);
    } catch (InvalidValueException | FragmentException e) {
      throw MojoErrors.failure(e);
    } catch (IOException e) {
      throw MojoErrors.error("Cannot write " + request.output() + ": " + e.getMessage(), e);
    }
  }

  /** Builds the images, mapping each failure to the right Maven exception. */
  protected ImageResult buildImage() throws MojoExecutionException, MojoFailureException {
    try {
      return new dev.k8srun.image.ImageBuilder(reporter()).build(imageRequest());
    } catch (ImageConfigurationException | RegistryAccessException e) {
      throw MojoErrors.failure(e);
    } catch (ImageBuildException e) {
      throw MojoErrors.error(e.getMessage(), e);
    }
  }
}
