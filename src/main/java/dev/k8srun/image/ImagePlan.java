package dev.k8srun.image;

import com.google.cloud.tools.jib.api.ImageReference;
import dev.k8srun.config.ImageRequest;
import dev.k8srun.image.AppLayout.Library;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything about the two images that can be known without a registry: names, the application's layout, the
 * main class and command, the layers, and the keys of the inputs. {@code k8s-run:manifest} uses it alone.
 */
public final class ImagePlan {

  /** Tag prefix of base images. */
  public static final String BASE_TAG_PREFIX = "base-";
  /** Hex characters of the base key kept in the tag (96 bits). */
  private static final int BASE_TAG_KEY_LENGTH = 24;
  /** Changes whenever the way the base image is made changes, so old bases are not reused by mistake. */
  private static final String BASE_FORMAT = "k8s-run base image v1";
  private static final String UPDATE_FORMAT = "k8s-run update image v1";

  private final ImageRequest request;
  private final ImageReference target;
  private final ImageReference from;
  private final ImageReference baseImage;
  private final AppLayout layout;
  private final String mainClass;
  private final List<String> command;
  private final String workingDirectory;
  private final LayerSpec baseLayer;
  private final String baseKey;
  private final java.util.Map<LayerSpec, String> layerKeys = new java.util.HashMap<>();

  private ImagePlan(ImageRequest request) throws ImageConfigurationException, IOException {
    this.request = request;
    this.workingDirectory = checkWorkingDirectory(request.workingDirectory());
    this.from = ImageNames.parse(request.from(), "<from> / -Dk8s-run.from");
    this.target = target(request);
    this.layout = AppLayout.of(request);
    this.mainClass = MainClassResolver.resolve(request.mainClass(), request.mainClassOrigin(),
        request.classesDirectory(), request.dependencies().stream().map(d -> d.file()).toList());
    this.command = Entrypoint.of(layout, request.jvmFlags(), mainClass, request.javaRelease());
    this.baseLayer = LayerSpec.dependencies(workingDirectory, layout.stableLibraries());
    this.baseKey = baseKey(request, workingDirectory, layout.stableLibraries());
    String baseTag = BASE_TAG_PREFIX + baseKey.substring(0, BASE_TAG_KEY_LENGTH);
    if (request.baseRepository() != null && !request.baseRepository().isBlank()) {
      ImageReference repository = ImageNames.parse(request.baseRepository(), "<baseRepository> / -Dk8s-run.baseRepository");
      this.baseImage = ImageReference.of(repository.getRegistry(), repository.getRepository(), baseTag);
    } else {
      this.baseImage = ImageReference.of(target.getRegistry(), target.getRepository(), baseTag);
    }
  }

  /** Plans the images of a request. */
  public static ImagePlan of(ImageRequest request) throws ImageConfigurationException, IOException {
    return new ImagePlan(request);
  }

  private static ImageReference target(ImageRequest request) throws ImageConfigurationException {
    if (!request.toRegistry()) {
      String tag = ImageNames.checkTag(request.tag(), "<tag> / -Dk8s-run.tag");
      return ImageReference.of(null, ImageNames.repositoryFor(request.name()), tag);
    }
    ImageReference image = ImageNames.parse(request.image(), "<image> / -Dk8s-run.image");
    if (image.getDigest().isPresent()) {
      throw new ImageConfigurationException(
          "<image> / -Dk8s-run.image is '" + request.image() + "', which names a digest: an image that is"
              + " built cannot be pushed to a digest. Give a repository, optionally with a :tag.");
    }
    String value = request.image().trim();
    boolean explicitTag = value.indexOf(':', value.lastIndexOf('/') + 1) >= 0;
    String tag = explicitTag
        ? image.getTag().orElseThrow()
        : ImageNames.checkTag(request.tag(), "<tag> / -Dk8s-run.tag");
    return ImageReference.of(image.getRegistry(), image.getRepository(), tag);
  }

  private static String checkWorkingDirectory(String directory) throws ImageConfigurationException {
    String normalized = directory == null ? "" : directory.trim().replaceAll("/+$", "");
    if (!normalized.startsWith("/") || normalized.isEmpty() || normalized.contains("/../")
        || normalized.contains("/./") || normalized.endsWith("/..") || normalized.endsWith("/.")
        || normalized.matches(".*[\\s:\\\\].*")) {
      throw new ImageConfigurationException(
          "<workingDirectory> / -Dk8s-run.workingDirectory is '" + directory + "': it must be an absolute"
              + " directory other than /, without spaces, colons or . and .. parts, such as /app.");
    }
    return normalized;
  }

  /**
   * The key of the base image's inputs: the {@code from} reference as written, the working directory, and for
   * each released jar its place, coordinates and size. Files are only looked at with {@code stat}, never
   * read: a code-only rebuild reads no dependency jar. The base's times are fixed ({@link
   * ImageBuilder#BASE_FILE_TIME}), not the project's {@code outputTimestamp}, so a release (which moves that
   * timestamp) or another project with the same dependencies shares the base.
   */
  private static String baseKey(ImageRequest request, String workingDirectory, List<Library> libraries)
      throws IOException {
    Fingerprint key = new Fingerprint(BASE_FORMAT)
        .add("from", request.from().trim())
        .add("workingDirectory", workingDirectory);
    for (Library library : libraries) {
      key.add("lib", library.path())
          .add("coordinates", library.dependency().coordinates())
          .add("size", Files.size(library.dependency().file()));
    }
    return key.hex();
  }

  /**
   * The key of the update image's inputs: the base digest (or key), the target, the command and its
   * configuration, and the content of every file of the update layers (the project's own, small files).
   */
  String updateKey(String base, Path classpathFile) throws IOException {
    Fingerprint key = new Fingerprint(UPDATE_FORMAT)
        .add("base", base)
        .add("target", target)
        .add("command", command)
        .add("args", request.args())
        .add("user", request.user())
        .add("workingDirectory", workingDirectory)
        .add("fileTime", ImageBuilder.fileTime(request))
        .add("creationTime", ImageBuilder.creationTime(request))
        .add("name", request.name())
        .add("version", request.version());
    for (Map.Entry<String, String> env : request.environment().entrySet()) {
      key.add("env", env.getKey()).add("value", env.getValue());
    }
    for (Map.Entry<String, String> label : request.labels().entrySet()) {
      key.add("label", label.getKey()).add("value", label.getValue());
    }
    for (LayerSpec layer : updateLayers(classpathFile)) {
      key.add("layer", layerKey(layer));
    }
    return key.hex();
  }

  /** A layer's content key, computed once per build (it reads every file of the layer). */
  String layerKey(LayerSpec layer) throws IOException {
    String key = layerKeys.get(layer);
    if (key == null) {
      key = layer.key(ImageBuilder.fileTime(request));
      layerKeys.put(layer, key);
    }
    return key;
  }

  List<LayerSpec> updateLayers(Path classpathFile) throws IOException {
    return LayerSpec.update(workingDirectory, layout, request.classesDirectory(), request.extraDirectories(),
        classpathFile);
  }

  LayerSpec baseLayer() {
    return baseLayer;
  }

  /** What was asked for. */
  public ImageRequest request() {
    return request;
  }

  /** The update image, {@code repository:tag}. */
  public ImageReference target() {
    return target;
  }

  /** The image the runtime comes from. */
  public ImageReference from() {
    return from;
  }

  /** The base image, {@code repository:base-<key>}. */
  public ImageReference baseImage() {
    return baseImage;
  }

  /** The full key of the base image's inputs. */
  public String baseKey() {
    return baseKey;
  }

  public AppLayout layout() {
    return layout;
  }

  public String mainClass() {
    return mainClass;
  }

  /** The container's command, relative to the working directory. */
  public List<String> command() {
    return command;
  }

  public List<String> args() {
    return request.args();
  }

  /** The application root in the image. */
  public String workingDirectory() {
    return workingDirectory;
  }
}
