package dev.k8srun.image;

/** The project's configuration cannot make an image (bad reference, no main class, ...). The user's to fix. */
public class ImageConfigurationException extends Exception {

  public ImageConfigurationException(String message) {
    super(message);
  }

  public ImageConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
