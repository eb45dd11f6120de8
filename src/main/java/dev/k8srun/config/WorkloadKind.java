package dev.k8srun.config;

import java.util.Locale;

/** What the manifest runs the code as. */
public enum WorkloadKind {
  /** A bare {@code v1} Pod, {@code restartPolicy: Never}. The default. */
  POD("v1", "Pod"),
  /** A {@code batch/v1} Job whose pod template runs the code once. */
  JOB("batch/v1", "Job");

  private final String apiVersion;
  private final String kindName;

  WorkloadKind(String apiVersion, String kindName) {
    this.apiVersion = apiVersion;
    this.kindName = kindName;
  }

  /** The manifest's {@code apiVersion}, e.g. {@code batch/v1}. */
  public String apiVersion() {
    return apiVersion;
  }

  /** The manifest's {@code kind}, e.g. {@code Job}. */
  public String kindName() {
    return kindName;
  }

  /**
   * Reads the {@code <kind>} parameter: {@code Pod} or {@code Job}, in any case.
   *
   * @throws InvalidValueException for anything else
   */
  public static WorkloadKind parse(String value) throws InvalidValueException {
    if (value == null || value.isBlank()) {
      return POD;
    }
    for (WorkloadKind kind : values()) {
      if (kind.kindName.equalsIgnoreCase(value.trim())) {
        return kind;
      }
    }
    throw new InvalidValueException(
        "<kind>",
        value,
        "The kind '"
            + value
            + "' in <kind> (-Dk8s-run.kind) is not supported: use Pod (the default) or Job.");
  }

  /** Lower-case kind as kubectl prints it, e.g. {@code pod}. */
  public String resourceName() {
    return kindName.toLowerCase(Locale.ROOT);
  }
}
