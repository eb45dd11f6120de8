package dev.k8srun.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings that make a pod pass the restricted Pod Security Standard. */
final class SecurityDefaults {

  private SecurityDefaults() {}

  /** Pod level: non-root with a numeric user and group, the runtime's default seccomp profile. */
  static Map<String, Object> podSecurityContext(long uid) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("runAsNonRoot", true);
    context.put("runAsUser", uid);
    context.put("runAsGroup", uid);
    context.put("seccompProfile", new LinkedHashMap<>(Map.of("type", "RuntimeDefault")));
    return context;
  }

  /** Container level: no privilege escalation, every capability dropped, non-root. */
  static Map<String, Object> containerSecurityContext() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("allowPrivilegeEscalation", false);
    Map<String, Object> capabilities = new LinkedHashMap<>();
    capabilities.put("drop", new ArrayList<>(List.of("ALL")));
    context.put("capabilities", capabilities);
    context.put("runAsNonRoot", true);
    return context;
  }
}
