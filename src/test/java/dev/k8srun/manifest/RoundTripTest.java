package dev.k8srun.manifest;

import dev.k8srun.testing.RecordingReporter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k8srun.config.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The written YAML, read back by SnakeYAML and by fabric8's model: every field where Kubernetes
 * expects it.
 */
class RoundTripTest {

  private final ManifestGenerator generator = new ManifestGenerator(new RecordingReporter());

  @Test
  void podReadsBackWithFabric8() throws Exception {
    Pod pod = Fabric8.unmarshal(generator.render(Requests.configuredPod().build()), Pod.class);

    assertThat(pod.getApiVersion()).isEqualTo("v1");
    assertThat(pod.getKind()).isEqualTo("Pod");
    assertMetadata(pod.getMetadata());
    assertThat(pod.getMetadata().getName()).isEqualTo("demo-app");
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("batch");
    assertPodSpec(pod.getSpec());
  }

  @Test
  void jobReadsBackWithFabric8() throws Exception {
    Job job = Fabric8.unmarshal(generator.render(Requests.configuredJob().build()), Job.class);

    assertThat(job.getApiVersion()).isEqualTo("batch/v1");
    assertThat(job.getKind()).isEqualTo("Job");
    assertMetadata(job.getMetadata());
    assertThat(job.getMetadata().getName()).isEqualTo("demo-app");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("batch");
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
    assertMetadata(job.getSpec().getTemplate().getMetadata());
    assertPodSpec(job.getSpec().getTemplate().getSpec());
  }

  @Test
  void jobOptionsAreLeftOutWhenNotSet() throws Exception {
    Job job =
        Fabric8.unmarshal(
            generator.render(Requests.minimal().kind(dev.k8srun.config.WorkloadKind.JOB).build()),
            Job.class);

    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isNull();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isNull();
    assertThat(job.getMetadata().getNamespace()).isNull();
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void podReadsBackWithSnakeYaml() throws Exception {
    Map<String, Object> pod = new Yaml().load(generator.render(Requests.configuredPod().build()));

    assertThat(pod).containsEntry("apiVersion", "v1").containsEntry("kind", "Pod");
    Map<String, Object> metadata = map(pod.get("metadata"));
    assertThat(metadata).containsEntry("name", "demo-app").containsEntry("namespace", "batch");
    assertThat(map(metadata.get("labels")))
        .containsEntry(Labels.NAME, "demo-app")
        .containsEntry(Labels.VERSION, "1.2.3-build.7")
        .containsEntry(Labels.MANAGED_BY, "k8s-run-maven-plugin")
        .containsEntry(Labels.RUN, "demo-app")
        .containsEntry("team", "data");
    assertThat(map(metadata.get("annotations")))
        .containsEntry("example.com/owner", "data-team@example.com");

    Map<String, Object> spec = map(pod.get("spec"));
    assertThat(spec)
        .containsEntry("restartPolicy", "Never")
        .containsEntry("serviceAccountName", "runner")
        .containsEntry("imagePullSecrets", List.of(Map.of("name", "regcred")));
    assertThat(map(spec.get("securityContext")))
        .containsEntry("runAsNonRoot", true)
        .containsEntry("runAsUser", 1000)
        .containsEntry("runAsGroup", 1000)
        .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));

    Map<String, Object> container = map(((List<?>) spec.get("containers")).get(0));
    assertThat(container)
        .containsEntry("name", "demo-app")
        .containsEntry("image", Requests.IMAGE)
        .containsEntry("imagePullPolicy", "IfNotPresent")
        .containsEntry("command", Requests.COMMAND)
        .containsEntry("args", List.of("--input", "data.csv"))
        .containsEntry("workingDir", "/app")
        .containsEntry(
            "env",
            List.of(
                Map.of("name", "JAVA_TOOL_OPTIONS", "value", "-XX:+UseZGC"),
                Map.of("name", "DB_PORT", "value", "5023"),
                Map.of("name", "GREETING", "value", "héllo wörld")))
        .containsEntry(
            "resources",
            Map.of(
                "requests", Map.of("cpu", "500m", "memory", "512Mi"),
                "limits", Map.of("memory", "1Gi", "nvidia.com/gpu", "1")));
    assertThat(map(container.get("securityContext")))
        .containsEntry("allowPrivilegeEscalation", false)
        .containsEntry("capabilities", Map.of("drop", List.of("ALL")))
        .containsEntry("runAsNonRoot", true);
  }

  private static void assertMetadata(ObjectMeta metadata) {
    assertThat(metadata.getLabels())
        .containsExactly(
            Map.entry(Labels.NAME, "demo-app"),
            Map.entry(Labels.VERSION, "1.2.3-build.7"),
            Map.entry(Labels.MANAGED_BY, "k8s-run-maven-plugin"),
            Map.entry(Labels.RUN, "demo-app"),
            Map.entry("team", "data"));
    assertThat(metadata.getAnnotations())
        .containsExactly(Map.entry("example.com/owner", "data-team@example.com"));
  }

  private static void assertPodSpec(PodSpec spec) {
    assertThat(spec.getRestartPolicy()).isEqualTo("Never");
    assertThat(spec.getServiceAccountName()).isEqualTo("runner");
    assertThat(spec.getImagePullSecrets()).containsExactly(new LocalObjectReference("regcred"));
    assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(spec.getSecurityContext().getRunAsGroup()).isEqualTo(1000L);
    assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(spec.getContainers()).hasSize(1);

    Container container = spec.getContainers().get(0);
    assertThat(container.getName()).isEqualTo("demo-app");
    assertThat(container.getImage()).isEqualTo(Requests.IMAGE);
    assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(container.getCommand()).isEqualTo(Requests.COMMAND);
    assertThat(container.getCommand()).noneMatch(part -> part.startsWith("/"));
    assertThat(container.getArgs()).containsExactly("--input", "data.csv");
    assertThat(container.getWorkingDir()).isEqualTo("/app");
    assertThat(container.getEnv())
        .containsExactly(
            new EnvVar("JAVA_TOOL_OPTIONS", "-XX:+UseZGC", null),
            new EnvVar("DB_PORT", "5023", null),
            new EnvVar("GREETING", "héllo wörld", null));
    assertThat(container.getResources().getRequests())
        .containsExactly(
            Map.entry("cpu", new Quantity("500m")), Map.entry("memory", new Quantity("512Mi")));
    assertThat(container.getResources().getLimits())
        .containsExactly(
            Map.entry("memory", new Quantity("1Gi")),
            Map.entry("nvidia.com/gpu", new Quantity("1")));
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
