package dev.k8srun.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import java.util.Locale;

/** Image repository names and tags: deriving valid ones, and refusing invalid ones before any network call. */
public final class ImageNames {

  private static final int MAX_TAG = 128;

  private ImageNames() {}

  /**
   * A valid repository name derived from a project name: lowercase, runs of other characters become one
   * {@code -}, no separator at either end ({@code OrderService} becomes {@code orderservice}).
   */
  public static String repositoryFor(String projectName) throws ImageConfigurationException {
    String name = projectName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    name = name.replaceAll("^-+|-+$", "");
    if (name.isEmpty()) {
      throw new ImageConfigurationException(
          "Cannot derive an image name from '" + projectName + "': it has no letter or digit. Set <image> or"
              + " -Dk8s-run.image to a repository such as registry.example.com/my-app.");
    }
    return name;
  }

  /**
   * A valid tag derived from a version: characters a tag cannot hold become {@code _} ({@code 1.2.3+build.7}
   * becomes {@code 1.2.3_build.7}), a leading {@code .} or {@code -} is dropped, and it is cut at 128.
   */
  public static String tagFor(String version) {
    String tag = version.replaceAll("[^A-Za-z0-9_.-]", "_").replaceAll("^[.-]+", "");
    if (tag.isEmpty()) {
      return "latest";
    }
    return tag.length() > MAX_TAG ? tag.substring(0, MAX_TAG) : tag;
  }

  /**
   * Parses a repository the user configured, refusing what a registry would refuse.
   *
   * @param value the configured value
   * @param parameter the parameter, e.g. {@code <image> / -Dk8s-run.image}, for the message
   */
  public static ImageReference parse(String value, String parameter) throws ImageConfigurationException {
    try {
      return ImageReference.parse(value.trim());
    } catch (InvalidImageReferenceException e) {
      String hint = "";
      String lower = value.trim().toLowerCase(Locale.ROOT);
      if (!lower.equals(value.trim()) && isValid(lower)) {
        hint = " Repository names must be lowercase: try '" + lower + "'.";
      }
      throw new ImageConfigurationException(
          "Invalid image reference '" + value + "' in " + parameter + ": expected [registry/]repository[:tag],"
              + " with a lowercase repository made of letters, digits and . _ - /." + hint,
          e);
    }
  }

  /** Checks a tag given by the user. */
  public static String checkTag(String tag, String parameter) throws ImageConfigurationException {
    if (!ImageReference.isValidTag(tag)) {
      throw new ImageConfigurationException(
          "Invalid image tag '" + tag + "' in " + parameter + ": a tag is at most 128 characters of letters,"
              + " digits, _ . and -, not starting with . or -. Try '" + tagFor(tag) + "'.");
    }
    return tag;
  }

  private static boolean isValid(String reference) {
    try {
      ImageReference.parse(reference);
      return true;
    } catch (InvalidImageReferenceException e) {
      return false;
    }
  }
}
