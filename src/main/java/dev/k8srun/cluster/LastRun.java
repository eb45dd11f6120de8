package dev.k8srun.cluster;

import dev.k8srun.cluster.ClusterConfigException.Problem;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What the last deploy created, recorded in {@code target/k8s-run/last-run.json} for {@code
 * k8s-run:logs} and {@code k8s-run:delete}.
 *
 * @param namespace the namespace
 * @param kind {@code Pod} or {@code Job}
 * @param name the Pod's or Job's name
 * @param uid its uid
 * @param runLabel the value of the {@code k8s-run.dev/run} label, or null
 * @param imageDigest the image digest, or null
 * @param podName the pod that runs the program (for a Job: once known), or null
 * @param container the main container
 * @param context the kubeconfig context used
 * @param createdAt when it was created (ISO-8601)
 */
public record LastRun(
    String namespace,
    String kind,
    String name,
    String uid,
    String runLabel,
    String imageDigest,
    String podName,
    String container,
    String context,
    String createdAt) {

  LastRun withPodName(String pod) {
    return new LastRun(
        namespace, kind, name, uid, runLabel, imageDigest, pod, container, context, createdAt);
  }

  /** Writes the record (atomically: a reader never sees half a file). */
  void write(Path file) throws ClusterUnavailableException {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temp, Serialization.asJson(this) + "\n");
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ClusterUnavailableException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The record, or null when there is none or it cannot be read (deploy then simply writes a new one). */
  static LastRun readIfPresent(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return read(file);
    } catch (ClusterException e) {
      return null;
    }
  }

  /** Reads the record; a missing file means no deploy ran in this project yet. */
  public static LastRun read(Path file) throws ClusterException {
    String json;
    try {
      json = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ClusterConfigException(
          Problem.NO_LAST_RUN, "no run recorded in " + file + ": run k8s-run:deploy first", e);
    } catch (IOException e) {
      throw new ClusterUnavailableException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      LastRun run = Serialization.unmarshal(json, LastRun.class);
      if (run == null || run.namespace() == null || run.kind() == null || run.name() == null) {
        throw new IllegalArgumentException("namespace, kind or name missing");
      }
      return run;
    } catch (RuntimeException e) {
      throw new ClusterConfigException(
          Problem.NO_LAST_RUN,
          "the run record "
              + file
              + " is damaged ("
              + e.getMessage()
              + "): delete it and run k8s-run:deploy again",
          e);
    }
  }
}
