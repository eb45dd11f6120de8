package dev.k8srun.image;

/** The build failed for a reason that is neither the configuration nor the registry: I/O, jib, a bug. */
public class ImageBuildException extends Exception {

  public ImageBuildException(String message, Throwable cause) {
    super(message, cause);
  }
}
