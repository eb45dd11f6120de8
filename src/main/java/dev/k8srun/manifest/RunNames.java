package dev.k8srun.manifest;

/**
 * The names of one run, checked against the Kubernetes rules.
 *
 * @param runName the pod or job name, also the container name and the run label's value
 * @param versionLabel the {@code app.kubernetes.io/version} value, or {@code null} to omit it
 */
record RunNames(String runName, String versionLabel) {}
