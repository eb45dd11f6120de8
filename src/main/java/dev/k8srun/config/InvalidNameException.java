package dev.k8srun.config;

/**
 * A name (of a run, pod, container, namespace, service account, ...) breaks the Kubernetes naming
 * rules.
 */
public class InvalidNameException extends InvalidValueException {

  private static final long serialVersionUID = 1L;

  private final String suggestion;

  public InvalidNameException(String parameter, String value, String suggestion, String message) {
    super(parameter, value, message);
    this.suggestion = suggestion;
  }

  /** A valid name close to the rejected one, or {@code null} when none can be derived. */
  public String getSuggestion() {
    return suggestion;
  }
}
