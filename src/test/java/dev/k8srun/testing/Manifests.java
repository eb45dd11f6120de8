package dev.k8srun.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Manifests like the manifest step writes them, for tests. */
public final class Manifests {

  private Manifests() {}

  /** A Pod named {@code name} with one container {@code app}, the given JVM flag in its command. */
  public static Path pod(Path dir, String name, String jvmFlag) {
    return write(
        dir,
        """
apiVersion: v1
kind: Pod
metadata:
  name: %1$s
  labels:
    app.kubernetes.io/name: %1$s
    app.kubernetes.io/managed-by: k8s-run-maven-plugin
    k8s-run.dev/run: %1$s
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: 127.0.0.1:5000/%1$s@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    workingDir: /app
    command: [java, "%2$s", -cp, "@classpath", app.Main]
"""
            .formatted(name, jvmFlag));
  }

  /** A batch/v1 Job named {@code name} running container {@code app}. */
  public static Path job(Path dir, String name) {
    return write(
        dir,
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %1$s
          labels:
            app.kubernetes.io/name: %1$s
            app.kubernetes.io/managed-by: k8s-run-maven-plugin
            k8s-run.dev/run: %1$s
        spec:
          backoffLimit: 0
          template:
            metadata:
              labels:
                k8s-run.dev/run: %1$s
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: 127.0.0.1:5000/%1$s:1
                command: [java, -cp, "@classpath", app.Main]
        """
            .formatted(name));
  }

  public static Path write(Path dir, String yaml) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("pod.yaml");
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
