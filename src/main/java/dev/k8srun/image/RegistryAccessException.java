package dev.k8srun.image;

/**
 * A registry cannot be used as configured: unreachable, refusing the credentials, or plain HTTP without the
 * opt-in. The message names the registry and the fix; it never holds a password or token.
 */
public class RegistryAccessException extends Exception {

  public RegistryAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
