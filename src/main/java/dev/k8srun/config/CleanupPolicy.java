package dev.k8srun.config;

/** What {@code deploy} deletes once the pod's result is known (or the build is interrupted). */
public enum CleanupPolicy {
  /** Keep the pod (or Job): {@code k8s-run:logs} and {@code k8s-run:delete} can use it later. */
  NEVER("never"),
  /** Delete it when the run succeeded; keep a failed one for inspection. */
  ON_SUCCESS("onSuccess"),
  /** Delete it whatever the result, and on Ctrl-C. */
  ALWAYS("always");

  private final String spelling;

  CleanupPolicy(String spelling) {
    this.spelling = spelling;
  }

  /**
   * Parses {@code never}, {@code onSuccess} (also {@code on-success}, {@code ON_SUCCESS}), {@code
   * always}.
   */
  public static CleanupPolicy parse(String value) {
    return Enums.parse(CleanupPolicy.class, value, "cleanup");
  }

  /** The spelling users write: {@code onSuccess}. */
  @Override
  public String toString() {
    return spelling;
  }
}
