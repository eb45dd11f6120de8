package dev.k8srun.config;

/**
 * A value the user configured is not acceptable. The user's project is at fault, so the plugin
 * reports it as a build failure and the message says what to change.
 *
 * <p>The exception keeps the parameter (as the user writes it, e.g. {@code <name>}) and the
 * rejected value so callers and tests can inspect them without parsing the message.
 */
public class InvalidValueException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String parameter;
  private final String value;

  public InvalidValueException(String parameter, String value, String message) {
    super(message);
    this.parameter = parameter;
    this.value = value;
  }

  /** The parameter that holds the bad value, e.g. {@code <name>}. */
  public String getParameter() {
    return parameter;
  }

  /** The rejected value, exactly as given. */
  public String getValue() {
    return value;
  }
}
