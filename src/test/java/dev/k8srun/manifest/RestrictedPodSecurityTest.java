package dev.k8srun.manifest;

import dev.k8srun.testing.RecordingReporter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k8srun.config.WorkloadKind;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/** The restricted Pod Security Standard: the default passes; each way of breaking it is found. */
class RestrictedPodSecurityTest {

  @Test
  void defaultPodPasses() throws Exception {
    assertThat(RestrictedPodSecurity.violations(podSpec(WorkloadKind.POD, true))).isEmpty();
  }

  @Test
  void defaultJobTemplatePasses() throws Exception {
    assertThat(RestrictedPodSecurity.violations(podSpec(WorkloadKind.JOB, true))).isEmpty();
  }

  @Test
  void unrestrictedPodHasNoSecuritySettings() throws Exception {
    Map<String, Object> spec = podSpec(WorkloadKind.POD, false);

    assertThat(spec).doesNotContainKey("securityContext");
    assertThat(container(spec)).doesNotContainKey("securityContext");
    assertThat(RestrictedPodSecurity.violations(spec))
        .containsExactly(
            "containers[demo-app].securityContext.allowPrivilegeEscalation: must be false",
            "containers[demo-app].securityContext.runAsNonRoot: must be true (here or in the pod's"
                + " securityContext)",
            "containers[demo-app].securityContext.seccompProfile.type: must be RuntimeDefault or"
                + " Localhost (here or in the pod's securityContext)",
            "containers[demo-app].securityContext.capabilities.drop: must include ALL");
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        violation(
            "privileged",
            s -> containerContext(s).put("privileged", true),
            "containers[demo-app].securityContext.privileged: must not be true"),
        violation("hostNetwork", s -> s.put("hostNetwork", true), "hostNetwork: must not be true"),
        violation("hostPID", s -> s.put("hostPID", true), "hostPID: must not be true"),
        violation("hostIPC", s -> s.put("hostIPC", true), "hostIPC: must not be true"),
        violation(
            "hostPath volume",
            s ->
                s.put(
                    "volumes",
                    List.of(Map.of("name", "data", "hostPath", Map.of("path", "/data")))),
            "volumes[data].hostPath: volume type hostPath is not allowed"),
        violation(
            "nfs volume",
            s -> s.put("volumes", List.of(Map.of("name", "share", "nfs", Map.of("server", "x")))),
            "volumes[share].nfs: volume type nfs is not allowed"),
        violation(
            "added capability",
            s -> capabilities(s).put("add", List.of("NET_BIND_SERVICE", "SYS_ADMIN")),
            "containers[demo-app].securityContext.capabilities.add: SYS_ADMIN is not allowed (only"
                + " NET_BIND_SERVICE)"),
        violation(
            "capabilities not dropping ALL",
            s -> capabilities(s).put("drop", List.of("NET_RAW")),
            "containers[demo-app].securityContext.capabilities.drop: must include ALL"),
        violation(
            "pod runAsNonRoot false",
            s -> podContext(s).put("runAsNonRoot", false),
            "securityContext.runAsNonRoot: must be true"),
        violation(
            "container runAsNonRoot false",
            s -> containerContext(s).put("runAsNonRoot", false),
            "containers[demo-app].securityContext.runAsNonRoot: must be true (here or in the pod's"
                + " securityContext)"),
        violation(
            "runAsNonRoot nowhere",
            s -> {
              podContext(s).remove("runAsNonRoot");
              containerContext(s).remove("runAsNonRoot");
            },
            "containers[demo-app].securityContext.runAsNonRoot: must be true (here or in the pod's"
                + " securityContext)"),
        violation(
            "pod runAsUser 0",
            s -> podContext(s).put("runAsUser", 0),
            "securityContext.runAsUser: must not be 0 (root)"),
        violation(
            "container runAsUser 0",
            s -> containerContext(s).put("runAsUser", 0),
            "containers[demo-app].securityContext.runAsUser: must not be 0 (root)"),
        violation(
            "allowPrivilegeEscalation true",
            s -> containerContext(s).put("allowPrivilegeEscalation", true),
            "containers[demo-app].securityContext.allowPrivilegeEscalation: must be false"),
        violation(
            "allowPrivilegeEscalation unset",
            s -> containerContext(s).remove("allowPrivilegeEscalation"),
            "containers[demo-app].securityContext.allowPrivilegeEscalation: must be false"),
        violation(
            "pod seccomp Unconfined",
            s -> podContext(s).put("seccompProfile", Map.of("type", "Unconfined")),
            "securityContext.seccompProfile.type: must be RuntimeDefault or Localhost"),
        violation(
            "container seccomp Unconfined",
            s -> containerContext(s).put("seccompProfile", Map.of("type", "Unconfined")),
            "containers[demo-app].securityContext.seccompProfile.type: must be RuntimeDefault or"
                + " Localhost (here or in the pod's securityContext)"),
        violation(
            "seccomp nowhere",
            s -> podContext(s).remove("seccompProfile"),
            "containers[demo-app].securityContext.seccompProfile.type: must be RuntimeDefault or"
                + " Localhost (here or in the pod's securityContext)"),
        violation(
            "host port",
            s ->
                container(s).put("ports", List.of(Map.of("containerPort", 8080, "hostPort", 8080))),
            "containers[demo-app].ports.hostPort: host ports are not allowed"),
        violation(
            "sidecar without settings",
            s ->
                ((List<Object>) s.get("containers"))
                    .add(new java.util.LinkedHashMap<>(Map.of("name", "proxy"))),
            "containers[proxy].securityContext.allowPrivilegeEscalation: must be false"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void findsEachViolation(String name, Consumer<Map<String, Object>> breakIt, String expected)
      throws Exception {
    Map<String, Object> spec = podSpec(WorkloadKind.POD, true);
    breakIt.accept(spec);

    assertThat(RestrictedPodSecurity.violations(spec)).contains(expected);
  }

  @Test
  void allowedVolumesAndLocalhostSeccompPass() throws Exception {
    Map<String, Object> spec = podSpec(WorkloadKind.POD, true);
    spec.put(
        "volumes",
        List.of(
            Map.of("name", "a", "emptyDir", Map.of()),
            Map.of("name", "b", "configMap", Map.of("name", "cm")),
            Map.of("name", "c", "secret", Map.of("secretName", "s")),
            Map.of("name", "d", "persistentVolumeClaim", Map.of("claimName", "pvc"))));
    podContext(spec)
        .put("seccompProfile", Map.of("type", "Localhost", "localhostProfile", "p.json"));
    capabilities(spec).put("add", List.of("NET_BIND_SERVICE"));

    assertThat(RestrictedPodSecurity.violations(spec)).isEmpty();
  }

  private static Arguments violation(
      String name, Consumer<Map<String, Object>> breakIt, String expected) {
    return Arguments.of(name, breakIt, expected);
  }

  /** The generated pod spec, read back from YAML so it is mutable. */
  private static Map<String, Object> podSpec(WorkloadKind kind, boolean restricted)
      throws Exception {
    String yaml =
        new ManifestGenerator(new RecordingReporter())
            .render(Requests.minimal().kind(kind).restricted(restricted).build());
    Map<String, Object> spec = map(new Yaml().<Map<String, Object>>load(yaml).get("spec"));
    return kind == WorkloadKind.JOB ? map(map(spec.get("template")).get("spec")) : spec;
  }

  private static Map<String, Object> container(Map<String, Object> spec) {
    return map(((List<?>) spec.get("containers")).get(0));
  }

  private static Map<String, Object> containerContext(Map<String, Object> spec) {
    return map(container(spec).get("securityContext"));
  }

  private static Map<String, Object> podContext(Map<String, Object> spec) {
    return map(spec.get("securityContext"));
  }

  private static Map<String, Object> capabilities(Map<String, Object> spec) {
    return map(containerContext(spec).get("capabilities"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
