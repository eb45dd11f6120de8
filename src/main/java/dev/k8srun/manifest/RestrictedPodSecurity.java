package dev.k8srun.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a pod spec against the Kubernetes <em>restricted</em> Pod Security Standard (which
 * includes the baseline one) as far as k8s-run's users can break it: privileged containers, host
 * namespaces and ports, host paths and other disallowed volume types, added capabilities, root,
 * privilege escalation, seccomp and dropped capabilities.
 *
 * <p>The spec is the YAML form: maps, lists and scalars, as in a manifest's {@code spec} (or a
 * Job's {@code spec.template.spec}).
 */
public final class RestrictedPodSecurity {

  /** The volume types the restricted profile allows. */
  static final Set<String> ALLOWED_VOLUME_TYPES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  private static final Set<String> ALLOWED_SECCOMP = Set.of("RuntimeDefault", "Localhost");
  private static final List<String> CONTAINER_LISTS =
      List.of("initContainers", "containers", "ephemeralContainers");

  private RestrictedPodSecurity() {}

  /**
   * Lists the violations, one per field, each as {@code field path: what is wrong}, with paths
   * relative to the pod spec (e.g. {@code containers[app].securityContext.allowPrivilegeEscalation:
   * must be false}). An empty list means the spec passes.
   */
  public static List<String> violations(Map<?, ?> podSpec) {
    List<String> violations = new ArrayList<>();
    for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
      if (Boolean.TRUE.equals(podSpec.get(host))) {
        violations.add(host + ": must not be true");
      }
    }
    checkVolumes(podSpec, violations);
    Map<?, ?> pod = map(podSpec.get("securityContext"));
    boolean podNonRoot = Boolean.TRUE.equals(pod.get("runAsNonRoot"));
    if (Boolean.FALSE.equals(pod.get("runAsNonRoot"))) {
      violations.add("securityContext.runAsNonRoot: must be true");
    }
    if (isZero(pod.get("runAsUser"))) {
      violations.add("securityContext.runAsUser: must not be 0 (root)");
    }
    Object podSeccomp = seccompType(pod);
    boolean podSeccompOk = podSeccomp != null && ALLOWED_SECCOMP.contains(podSeccomp);
    if (podSeccomp != null && !podSeccompOk) {
      violations.add("securityContext.seccompProfile.type: must be RuntimeDefault or Localhost");
    }
    for (String list : CONTAINER_LISTS) {
      List<?> containers = list(podSpec.get(list));
      for (int i = 0; i < containers.size(); i++) {
        Map<?, ?> container = map(containers.get(i));
        String path = list + "[" + Objects.toString(container.get("name"), String.valueOf(i)) + "]";
        checkContainer(container, path, podNonRoot, podSeccompOk, violations);
      }
    }
    return violations;
  }

  private static void checkVolumes(Map<?, ?> podSpec, List<String> violations) {
    List<?> volumes = list(podSpec.get("volumes"));
    for (int i = 0; i < volumes.size(); i++) {
      Map<?, ?> volume = map(volumes.get(i));
      String path = "volumes[" + Objects.toString(volume.get("name"), String.valueOf(i)) + "]";
      for (Object type : volume.keySet()) {
        if (!"name".equals(type) && !ALLOWED_VOLUME_TYPES.contains(String.valueOf(type))) {
          violations.add(path + "." + type + ": volume type " + type + " is not allowed");
        }
      }
    }
  }

  private static void checkContainer(
      Map<?, ?> container,
      String path,
      boolean podNonRoot,
      boolean podSeccompOk,
      List<String> violations) {
    Map<?, ?> context = map(container.get("securityContext"));
    String at = path + ".securityContext.";
    if (Boolean.TRUE.equals(context.get("privileged"))) {
      violations.add(at + "privileged: must not be true");
    }
    if (!Boolean.FALSE.equals(context.get("allowPrivilegeEscalation"))) {
      violations.add(at + "allowPrivilegeEscalation: must be false");
    }
    Object nonRoot = context.get("runAsNonRoot");
    if (Boolean.FALSE.equals(nonRoot) || nonRoot == null && !podNonRoot) {
      violations.add(at + "runAsNonRoot: must be true (here or in the pod's securityContext)");
    }
    if (isZero(context.get("runAsUser"))) {
      violations.add(at + "runAsUser: must not be 0 (root)");
    }
    Object seccomp = seccompType(context);
    if (seccomp != null ? !ALLOWED_SECCOMP.contains(seccomp) : !podSeccompOk) {
      violations.add(
          at
              + "seccompProfile.type: must be RuntimeDefault or Localhost (here or in the pod's"
              + " securityContext)");
    }
    Map<?, ?> capabilities = map(context.get("capabilities"));
    if (!list(capabilities.get("drop")).contains("ALL")) {
      violations.add(at + "capabilities.drop: must include ALL");
    }
    for (Object added : list(capabilities.get("add"))) {
      if (!"NET_BIND_SERVICE".equals(added)) {
        violations.add(
            at + "capabilities.add: " + added + " is not allowed (only NET_BIND_SERVICE)");
      }
    }
    List<?> ports = list(container.get("ports"));
    for (Object port : ports) {
      Object hostPort = map(port).get("hostPort");
      if (hostPort != null && !isZero(hostPort)) {
        violations.add(path + ".ports.hostPort: host ports are not allowed");
      }
    }
  }

  private static Object seccompType(Map<?, ?> securityContext) {
    return map(securityContext.get("seccompProfile")).get("type");
  }

  private static boolean isZero(Object value) {
    return value instanceof Number number && number.longValue() == 0;
  }

  private static Map<?, ?> map(Object value) {
    return value instanceof Map<?, ?> map ? map : Map.of();
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> list ? list : List.of();
  }
}
