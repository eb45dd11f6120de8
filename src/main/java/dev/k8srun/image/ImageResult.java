package dev.k8srun.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.google.cloud.tools.jib.json.JsonTemplate;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a build made, as written to {@code target/k8s-run/image.json}.
 *
 * @param image the update image, {@code repository:tag}
 * @param digest the update image's manifest digest ({@code sha256:...}); {@code null} for a tarball
 * @param imageId the update image's config digest
 * @param reference what a pod pulls: {@code repository@digest}, or {@code repository:tag} for a tarball
 * @param baseImage the base image, {@code repository:base-<key>}; {@code null} for a tarball
 * @param baseDigest the base image's digest
 * @param baseReused whether the base image was already in the registry
 * @param updateReused whether the update image was already in the registry (nothing changed)
 * @param tarball the image tarball, or {@code null} when pushed to a registry
 * @param mainClass the class the command runs
 * @param command the container's command (the image's entrypoint), relative to {@code workingDirectory}
 * @param args the program arguments (the image's cmd)
 * @param workingDirectory the application root in the image
 * @param baseKey the content key of the base image's inputs
 * @param updateKey the content key of the update image's inputs
 */
public record ImageResult(
    String image,
    String digest,
    String imageId,
    String reference,
    String baseImage,
    String baseDigest,
    boolean baseReused,
    boolean updateReused,
    String tarball,
    String mainClass,
    List<String> command,
    List<String> args,
    String workingDirectory,
    String baseKey,
    String updateKey)
    implements JsonTemplate {

  /** The record's canonical constructor, which jib's Jackson 2 uses to read the file back. */
  @JsonCreator
  public ImageResult {}

  /** The file name under the output directory. */
  public static final String FILE = "image.json";

  /**
   * Writes {@code image.json} in the directory, unless it already says the same. With jib's own JSON mapping:
   * it is loaded for the build anyway, where a second JSON library would cost a fresh JVM a fifth of a second.
   */
  public void write(Path outputDirectory) throws IOException {
    Files.createDirectories(outputDirectory);
    Path file = outputDirectory.resolve(FILE);
    String json = JsonTemplateMapper.toUtf8String(this) + "\n";
    if (!Files.isRegularFile(file) || !Files.readString(file).equals(json)) {
      Files.writeString(file, json);
    }
  }

  /** Reads {@code image.json} from the directory; empty when there is none or it cannot be read. */
  public static Optional<ImageResult> read(Path outputDirectory) {
    Path file = outputDirectory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JsonTemplateMapper.readJsonFromFile(file, ImageResult.class));
    } catch (IOException e) {
      return Optional.empty(); // unreadable, or from another version of the plugin: as if there were none
    }
  }
}
