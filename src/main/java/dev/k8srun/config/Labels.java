package dev.k8srun.config;

import java.util.Map;

/**
 * The label keys k8s-run puts on everything it creates. Later goals ({@code logs}, {@code delete})
 * find what a run created by {@link #RUN}.
 */
public final class Labels {

  /** The run name (the pod or job name k8s-run derived or was given). */
  public static final String NAME = "app.kubernetes.io/name";

  /** The project version, sanitized to a valid label value. */
  public static final String VERSION = "app.kubernetes.io/version";

  /** Always {@link #MANAGED_BY_VALUE}. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** The value of {@link #MANAGED_BY}. */
  public static final String MANAGED_BY_VALUE = "k8s-run-maven-plugin";

  /** The run name; select on it to find the pod (or job and its pods) of a run. */
  public static final String RUN = "k8s-run.dev/run";

  private Labels() {}

  /** The label selector of a run, for {@code withLabels(...)}. */
  public static Map<String, String> runSelector(String runName) {
    return Map.of(RUN, runName);
  }
}
