package dev.k8srun.manifest;

import dev.k8srun.config.ManifestRequest;
import dev.k8srun.config.WorkloadKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests the tests start from. */
final class Requests {

  static final String DIGEST =
      "sha256:3b2a1f0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a";
  static final String IMAGE = "127.0.0.1:5000/demo-app@" + DIGEST;
  static final List<String> COMMAND = List.of("java", "-Xmx256m", "-cp", "@classpath", "app.Main");

  private Requests() {}

  /** The least a caller passes: no fragment, no options. */
  static ManifestRequest.Builder minimal() {
    return ManifestRequest.builder("demo-app", IMAGE)
        .version("1.0.0")
        .command(COMMAND)
        .workingDir("/app");
  }

  /** A request with every Pod option set. */
  static ManifestRequest.Builder configuredPod() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("JAVA_TOOL_OPTIONS", "-XX:+UseZGC");
    env.put("DB_PORT", "5023");
    env.put("GREETING", "héllo wörld");
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("cpu", "500m");
    requests.put("memory", "512Mi");
    Map<String, String> limits = new LinkedHashMap<>();
    limits.put("memory", "1Gi");
    limits.put("nvidia.com/gpu", "1");
    return minimal()
        .version("1.2.3+build.7")
        .namespace("batch")
        .imagePullPolicy("IfNotPresent")
        .args(List.of("--input", "data.csv"))
        .env(env)
        .resourceRequests(requests)
        .resourceLimits(limits)
        .serviceAccountName("runner")
        .imagePullSecrets(List.of("regcred"))
        .labels(Map.of("team", "data"))
        .annotations(Map.of("example.com/owner", "data-team@example.com"));
  }

  /** {@link #configuredPod()} as a Job with every Job option set. */
  static ManifestRequest.Builder configuredJob() {
    return configuredPod()
        .kind(WorkloadKind.JOB)
        .backoffLimit(2)
        .ttlSecondsAfterFinished(3600)
        .activeDeadlineSeconds(600L);
  }
}
