package dev.k8srun.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of the project's runtime classpath, in Maven's order.
 *
 * @param groupId the group
 * @param artifactId the artifact
 * @param version the resolved version
 * @param classifier the classifier, or {@code null}
 * @param file the jar (or, for a reactor module that was only compiled, its classes directory)
 * @param stable {@code true} for a released artifact from a repository: it goes into the cached base
 *     image. {@code false} for snapshots and reactor modules: they go into the thin update image.
 */
public record Dependency(
    String groupId, String artifactId, String version, String classifier, Path file, boolean stable) {

  public Dependency {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(artifactId, "artifactId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(file, "file");
  }

  /** {@code groupId:artifactId:version[:classifier]}. */
  public String coordinates() {
    String gav = groupId + ":" + artifactId + ":" + version;
    return classifier == null || classifier.isEmpty() ? gav : gav + ":" + classifier;
  }
}
