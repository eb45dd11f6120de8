package dev.k8srun.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.k8srun.config.ImageRequest;
import dev.k8srun.config.Reporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Builds the two images with jib-core: the cached base (the {@code from} image and the released dependency
 * jars, tagged by a key of those inputs and skipped when the registry has it) and the thin update image on top
 * of it, pinned by digest, holding the project's own code and the relative command. With no image name, one
 * tarball holding both.
 */
public final class ImageBuilder {

  /** Modification time of files when the project sets no {@code project.build.outputTimestamp} (as jib). */
  static final Instant DEFAULT_FILE_TIME = Instant.ofEpochSecond(1);
  /** The base image's file time and creation time: fixed, so the base depends on its inputs only. */
  static final Instant BASE_FILE_TIME = DEFAULT_FILE_TIME;

  static final String TOOL = "k8s-run-maven-plugin";
  /** The plugin's version, from its jar's manifest, for the images' history. */
  static final String TOOL_VERSION =
      java.util.Objects.requireNonNullElse(ImageBuilder.class.getPackage().getImplementationVersion(), "dev");

  /** The image tarball's file name in the output directory. */
  public static final String TARBALL = "image.tar";

  private final Reporter reporter;

  public ImageBuilder(Reporter reporter) {
    this.reporter = reporter;
  }

  /**
   * Starts loading the build's classes on another thread, to overlap with what the caller does before {@link
   * #build}. Optional; cheap to call more than once.
   */
  public static void warmUpInBackground() {
    WarmUp.startInBackground();
  }

  /** Works out the application's layout and command without building anything (no network). */
  public ImagePlan plan(ImageRequest request) throws ImageConfigurationException, IOException {
    return ImagePlan.of(request);
  }

  /** Builds, pushes (or writes the tarball), and writes {@code image.json}. */
  public ImageResult build(ImageRequest request)
      throws ImageConfigurationException, RegistryAccessException, ImageBuildException {
    try {
      return build(ImagePlan.of(request));
    } catch (IOException e) {
      throw new ImageBuildException("Reading the project's classes failed: " + e.getMessage(), e);
    }
  }

  /** Builds what a plan describes: the caller could check the rest of its configuration against it first. */
  public ImageResult build(ImagePlan plan)
      throws ImageConfigurationException, RegistryAccessException, ImageBuildException {
    ImageRequest request = plan.request();
    try {
      if (request.toRegistry() && request.offline()) {
        throw new ImageConfigurationException(
            "Cannot push " + plan.target() + " in offline mode (-o): run without -o, or unset <image> to"
                + " build a tarball.");
      }
      Path classpathFile = writeClasspathFile(request, plan);
      try (RegistryAccess access =
          new RegistryAccess(request.credentials(), request.allowInsecureRegistries(), reporter)) {
        ImageResult result = request.toRegistry()
            ? toRegistry(request, plan, classpathFile, access)
            : toTarball(request, plan, classpathFile, access);
        result.write(request.outputDirectory());
        return result;
      }
    } catch (IOException e) {
      throw new ImageBuildException("Building the image failed: " + e.getMessage(), e);
    }
  }

  private ImageResult toRegistry(ImageRequest request, ImagePlan plan, Path classpathFile, RegistryAccess access)
      throws IOException, RegistryAccessException, ImageBuildException, ImageConfigurationException {
    ImageReference target = plan.target();
    ImageReference base = plan.baseImage();
    Optional<ImageResult> previous = ImageResult.read(request.outputDirectory());
    Files.deleteIfExists(request.outputDirectory().resolve(TARBALL)); // a tarball of an earlier build would mislead

    // The last build recorded the base for these very inputs: no need to ask the registry again. Should the
    // registry have lost it since, the update build fails on it, and the base is then checked and rebuilt.
    Optional<String> recorded = previous
        .filter(p -> base.toString().equals(p.baseImage()) && p.baseDigest() != null)
        .map(ImageResult::baseDigest);
    if (recorded.isPresent()) {
      reporter.info("Base image " + base + " was built for the same from image and " + libraries(plan)
          + " (recorded in " + ImageResult.FILE + "): reused, nothing rebuilt or pushed");
      try {
        return update(request, plan, classpathFile, access, recorded.get(), true, previous);
      } catch (RegistryAccessException | ImageBuildException e) {
        if (access.digestOf(base).filter(recorded.get()::equals).isPresent()) {
          throw e; // the base is there: the failure is the update's own
        }
        reporter.info("Base image " + base + " is no longer in the registry as recorded: building it again");
      }
    }
    BaseImage baseImage = base(request, plan, access);
    return update(request, plan, classpathFile, access, baseImage.digest(), baseImage.reused(), previous);
  }

  private record BaseImage(String digest, boolean reused) {}

  /** The base image: found in the registry by its tag, else built and pushed. */
  private BaseImage base(ImageRequest request, ImagePlan plan, RegistryAccess access)
      throws IOException, RegistryAccessException, ImageBuildException, ImageConfigurationException {
    ImageReference base = plan.baseImage();
    long start = System.nanoTime();
    Optional<String> existing = access.digestOf(base);
    if (existing.isPresent()) {
      reporter.info("Base image " + base + " is in the registry (same from image and " + libraries(plan)
          + "): reused, nothing rebuilt or pushed");
      return new BaseImage(existing.get(), true);
    }
    checkFrom(access, plan);
    JibProgress progress = new JibProgress(reporter);
    JibContainerBuilder builder = Jib.from(access.image(plan.from()))
        .setCreationTime(Instant.EPOCH)
        .setFileEntriesLayers(plan.baseLayer().isEmpty()
            ? List.of() : List.of(plan.baseLayer().toJib(BASE_FILE_TIME)));
    JibContainer container = containerize(builder,
        configure(Containerizer.to(access.image(base)), request, progress), base, access);
    String digest = container.getDigest().toString();
    reporter.info("Base image " + base + " built from " + plan.from() + " + " + libraries(plan) + " and pushed: "
        + progress.summary() + ", digest " + digest + " (" + seconds(start) + ")");
    return new BaseImage(digest, false);
  }

  /** The update image on the base pinned by digest; not pushed again when its inputs are those of the last. */
  private ImageResult update(ImageRequest request, ImagePlan plan, Path classpathFile, RegistryAccess access,
      String baseDigest, boolean baseReused, Optional<ImageResult> previous)
      throws IOException, RegistryAccessException, ImageBuildException {
    ImageReference target = plan.target();
    ImageReference base = plan.baseImage();
    String updateKey = plan.updateKey(baseDigest, classpathFile);
    Optional<ImageResult> same = previous
        .filter(p -> updateKey.equals(p.updateKey()) && target.toString().equals(p.image()));
    if (same.isPresent()) {
      Optional<String> current = access.digestOf(target);
      if (current.isPresent() && current.get().equals(same.get().digest())) {
        reporter.info("Update image " + target + " is unchanged since the last build (digest "
            + current.get() + "): nothing pushed");
        return result(plan, target, current.get(), same.get().imageId(), base.toString(), baseDigest,
            baseReused, true, null, updateKey);
      }
    }
    long start = System.nanoTime();
    if (ThinUpdate.applies(plan)) {
      ThinUpdate.Pushed pushed;
      try {
        pushed = new ThinUpdate(request, plan, access, TOOL_VERSION)
            .push(baseDigest, plan.updateLayers(classpathFile), fileTime(request));
      } catch (RegistryException | CredentialRetrievalException e) {
        throw access.fail(target, e);
      }
      reporter.info("Update image " + target + " pushed: " + pushed.summary() + ", digest " + pushed.digest()
          + " (" + seconds(start) + ")");
      return result(plan, target, pushed.digest(), pushed.imageId(), base.toString(), baseDigest, baseReused,
          false, null, updateKey);
    }
    ImageReference pinnedBase = ImageReference.of(base.getRegistry(), base.getRepository(), null, baseDigest);
    JibProgress progress = new JibProgress(reporter);
    JibContainerBuilder builder = configureUpdate(Jib.from(access.image(pinnedBase)), request, plan, classpathFile);
    JibContainer container =
        containerize(builder, configure(Containerizer.to(access.image(target)), request, progress), target, access);
    String digest = container.getDigest().toString();
    reporter.info("Update image " + target + " pushed: " + progress.summary() + ", digest " + digest
        + " (" + seconds(start) + ")");
    return result(plan, target, digest, container.getImageId().toString(), base.toString(), baseDigest,
        baseReused, false, null, updateKey);
  }

  private static String libraries(ImagePlan plan) {
    int jars = plan.layout().stableLibraries().size();
    return jars + (jars == 1 ? " released jar" : " released jars");
  }

  private ImageResult toTarball(ImageRequest request, ImagePlan plan, Path classpathFile, RegistryAccess access)
      throws IOException, RegistryAccessException, ImageBuildException, ImageConfigurationException {
    ImageReference target = plan.target();
    Path tarball = request.outputDirectory().resolve(TARBALL);
    String updateKey = plan.updateKey(plan.baseKey(), classpathFile);
    Optional<ImageResult> previous = ImageResult.read(request.outputDirectory())
        .filter(p -> updateKey.equals(p.updateKey()) && tarball.toString().equals(p.tarball()));
    if (previous.isPresent() && Files.isRegularFile(tarball)) {
      reporter.info("Image tarball " + tarball + " (" + target + ") is unchanged since the last build: not rewritten");
      return previous.get();
    }
    long start = System.nanoTime();
    if (!request.offline()) {
      checkFrom(access, plan);
    }
    JibContainerBuilder builder = Jib.from(access.image(plan.from()));
    if (!plan.baseLayer().isEmpty()) {
      builder.addFileEntriesLayer(plan.baseLayer().toJib(BASE_FILE_TIME));
    }
    configureUpdate(builder, request, plan, classpathFile);
    JibProgress progress = new JibProgress(reporter);
    Containerizer containerizer =
        configure(Containerizer.to(TarImage.at(tarball).named(target)), request, progress)
            .setOfflineMode(request.offline());
    JibContainer container = containerize(builder, containerizer, plan.from(), access);
    reporter.info("Image tarball " + tarball + " written (" + target + ", image id " + container.getImageId()
        + ", " + seconds(start) + "); load it with 'docker load -i', 'podman load -i' or"
        + " 'kind load image-archive'");
    return result(plan, target, null, container.getImageId().toString(), null, null, false, false,
        tarball.toString(), updateKey);
  }

  /** Asks for the from image once, so a wrong name or registry fails at once and clearly, before jib's retries. */
  private static void checkFrom(RegistryAccess access, ImagePlan plan)
      throws RegistryAccessException, ImageBuildException, ImageConfigurationException {
    String origin = plan.request().fromOrigin();
    Optional<String> digest;
    try {
      digest = access.digestOf(plan.from());
    } catch (RegistryAccessException e) {
      throw new RegistryAccessException("Cannot get the from image " + plan.from() + " (" + origin + "): "
          + e.getMessage(), e);
    }
    if (digest.isEmpty()) {
      throw new ImageConfigurationException(
          "The from image " + plan.from() + " (" + origin + ") does not exist in registry "
              + plan.from().getRegistry() + ". Check its name and tag, or push that image first.");
    }
  }

  private JibContainerBuilder configureUpdate(
      JibContainerBuilder builder, ImageRequest request, ImagePlan plan, Path classpathFile) throws IOException {
    Instant fileTime = fileTime(request);
    for (LayerSpec layer : plan.updateLayers(classpathFile)) {
      builder.addFileEntriesLayer(layer.toJib(fileTime));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("org.opencontainers.image.title", request.name());
    labels.put("org.opencontainers.image.version", request.version());
    labels.putAll(request.labels());
    return builder
        .setEntrypoint(plan.command())
        .setProgramArguments(request.args())
        .setEnvironment(request.environment())
        .setWorkingDirectory(AbsoluteUnixPath.get(plan.workingDirectory()))
        .setUser(request.user())
        .setLabels(labels)
        .setCreationTime(creationTime(request));
  }

  private Containerizer configure(Containerizer containerizer, ImageRequest request, JibProgress progress) {
    containerizer
        .setToolName(TOOL)
        .setToolVersion(TOOL_VERSION)
        .setAllowInsecureRegistries(request.allowInsecureRegistries())
        .setApplicationLayersCache(request.applicationLayersCache())
        .addEventHandler(progress);
    if (request.baseImageLayersCache() != null) {
      containerizer.setBaseImageLayersCache(request.baseImageLayersCache());
    }
    return containerizer;
  }

  private JibContainer containerize(
      JibContainerBuilder builder, Containerizer containerizer, ImageReference image, RegistryAccess access)
      throws RegistryAccessException, ImageBuildException {
    try {
      return builder.containerize(containerizer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageBuildException("Interrupted while building " + image, e);
    } catch (CacheDirectoryCreationException e) {
      throw new ImageBuildException("Cannot create jib's cache directory: " + e.getMessage(), e);
    } catch (ExecutionException e) {
      throw access.fail(image, e.getCause() != null ? e.getCause() : e);
    } catch (RegistryException | IOException e) {
      throw access.fail(image, e);
    }
  }

  private ImageResult result(ImagePlan plan, ImageReference target, String digest, String imageId,
      String baseImage, String baseDigest, boolean baseReused, boolean updateReused, String tarball,
      String updateKey) {
    String reference = digest == null
        ? target.toString()
        : ImageReference.of(target.getRegistry(), target.getRepository(), null, digest).toString();
    return new ImageResult(target.toString(), digest, imageId, reference, baseImage, baseDigest, baseReused,
        updateReused, tarball, plan.mainClass(), plan.command(), plan.args(), plan.workingDirectory(),
        plan.baseKey(), updateKey);
  }

  /** Writes the classpath argument file only when its content changed, so jib's layer cache stays warm. */
  private static Path writeClasspathFile(ImageRequest request, ImagePlan plan) throws IOException {
    if (!Entrypoint.usesArgumentFile(request.javaRelease())) {
      return null;
    }
    Path file = request.outputDirectory().resolve(AppLayout.CLASSPATH_FILE);
    String content = plan.layout().classpathArgumentFile();
    if (!Files.isRegularFile(file) || !Files.readString(file).equals(content)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    }
    return file;
  }

  static Instant fileTime(ImageRequest request) {
    return request.timestamp() != null ? request.timestamp() : DEFAULT_FILE_TIME;
  }

  static Instant creationTime(ImageRequest request) {
    return request.timestamp() != null ? request.timestamp() : Instant.EPOCH;
  }

  private static String seconds(long startNanos) {
    return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
  }
}
