package dev.k8srun.manifest;

import dev.k8srun.testing.RecordingReporter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.k8srun.config.Labels;
import dev.k8srun.config.ManifestRequest;
import dev.k8srun.config.WorkloadKind;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The user's fragment merged over the generated manifest, by the documented rules. */
class FragmentMergeTest {

  private static final Path GOLDEN = Path.of("src/test/resources/manifest");

  @TempDir Path dir;

  private final RecordingReporter reporter = new RecordingReporter();

  @Test
  void mergesVolumesNodeSelectorTolerationsGpuAndSidecar() throws Exception {
    ManifestRequest request =
        Requests.minimal()
            .resourceLimits(Map.of("memory", "1Gi"))
            .fragment(GOLDEN.resolve("fragments/gpu-volumes-sidecar.yaml"), true)
            .build();

    String yaml = new ManifestGenerator(reporter).render(request);

    Map<String, Object> pod = new Yaml().load(yaml);
    Map<String, Object> spec = map(pod.get("spec"));
    assertThat(spec.get("nodeSelector")).isEqualTo(Map.of("accelerator", "nvidia-a100"));
    assertThat(spec.get("tolerations"))
        .isEqualTo(
            List.of(Map.of("key", "nvidia.com/gpu", "operator", "Exists", "effect", "NoSchedule")));
    assertThat(spec.get("volumes"))
        .isEqualTo(
            List.of(
                Map.of(
                    "name", "data", "persistentVolumeClaim", Map.of("claimName", "training-data")),
                Map.of("name", "scratch", "emptyDir", Map.of())));
    List<?> containers = (List<?>) spec.get("containers");
    assertThat(containers).hasSize(2);
    Map<String, Object> ours = map(containers.get(0));
    assertThat(ours)
        .containsEntry("name", "demo-app")
        .containsEntry("image", Requests.IMAGE)
        .containsEntry("command", Requests.COMMAND)
        .containsEntry("workingDir", "/app")
        .containsEntry(
            "resources", Map.of("limits", Map.of("memory", "1Gi", "nvidia.com/gpu", "1")));
    assertThat((List<?>) ours.get("volumeMounts")).hasSize(2);
    assertThat(map(containers.get(1)))
        .containsEntry("name", "log-shipper")
        .containsEntry("image", "registry.example.com/fluent-bit:3.0");
    assertThat(map(map(pod.get("metadata")).get("labels")))
        .containsEntry("team", "ml")
        .containsEntry(Labels.RUN, "demo-app");
    assertThat(reporter.warnings()).isEmpty();
    if (Boolean.getBoolean("k8s-run.updateGolden")) {
      Files.writeString(GOLDEN.resolve("merged-pod.yaml"), yaml, StandardCharsets.UTF_8);
    }
    assertThat(yaml).isEqualTo(Files.readString(GOLDEN.resolve("merged-pod.yaml")));

    Container gpu = Fabric8.unmarshal(yaml, Pod.class).getSpec().getContainers().get(0);
    assertThat(gpu.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(gpu.getVolumeMounts().get(0).getMountPath()).isEqualTo("/data");
  }

  @Test
  void envMergesByNameAndTheFragmentWinsOnce() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("JAVA_OPTS", "-Xmx2g");
    env.put("REGION", "eu");
    Path fragment =
        fragment(
            """
            spec:
              containers:
              - env:
                - name: JAVA_OPTS
                  value: -Xmx1g
                - name: EXTRA
                  value: from-fragment
            """);

    Map<String, Object> container = ourContainer(render(Requests.minimal().env(env), fragment));

    assertThat(container.get("env"))
        .isEqualTo(
            List.of(
                Map.of("name", "JAVA_OPTS", "value", "-Xmx1g"),
                Map.of("name", "REGION", "value", "eu"),
                Map.of("name", "EXTRA", "value", "from-fragment")));
    assertThat(reporter.info())
        .filteredOn(line -> line.contains("JAVA_OPTS"))
        .singleElement()
        .satisfies(
            line -> assertThat(line).contains(fragment.toString(), "fragment's value is used"));
    assertThat(reporter.all()).noneMatch(line -> line.contains("Xmx"));
  }

  @Test
  void fragmentItemsWithTheSameNameAreKeptApart() throws Exception {
    Path fragment =
        fragment(
            """
            spec:
              containers:
              - volumeMounts:
                - name: config
                  mountPath: /app/config/a.properties
                  subPath: a.properties
                - name: config
                  mountPath: /app/config/b.properties
                  subPath: b.properties
            """);

    Map<String, Object> container = ourContainer(render(Requests.minimal(), fragment));

    assertThat((List<?>) container.get("volumeMounts")).hasSize(2);
  }

  @Test
  void envValueFromInTheFragmentReplacesAConfiguredValue() throws Exception {
    Path fragment =
        fragment(
            """
            spec:
              containers:
              - env:
                - name: DB_PASSWORD
                  valueFrom:
                    secretKeyRef:
                      name: db
                      key: password
            """);

    Map<String, Object> container =
        ourContainer(render(Requests.minimal().env(Map.of("DB_PASSWORD", "dev-only")), fragment));

    assertThat(container.get("env"))
        .isEqualTo(
            List.of(
                Map.of(
                    "name",
                    "DB_PASSWORD",
                    "valueFrom",
                    Map.of("secretKeyRef", Map.of("name", "db", "key", "password")))));
    assertThat(reporter.info())
        .singleElement()
        .asString()
        .contains("spec.containers[demo-app].env[DB_PASSWORD].valueFrom")
        .doesNotContain("dev-only");
  }

  @Test
  void fragmentArgsReplaceConfiguredArgs() throws Exception {
    Path fragment =
        fragment(
            """
            spec:
              containers:
              - args: [--fast]
            """);

    Map<String, Object> container =
        ourContainer(render(Requests.minimal().args(List.of("--slow", "x")), fragment));

    assertThat(container.get("args")).isEqualTo(List.of("--fast"));
    assertThat(reporter.info())
        .singleElement()
        .asString()
        .contains("spec.containers[demo-app].args");
  }

  @Test
  void containerNamedLikeOursIsOurs() throws Exception {
    Path fragment =
        fragment(
            """
            spec:
              containers:
              - name: sidecar
                image: registry.example.com/proxy:1
              - name: demo-app
                imagePullPolicy: Always
            """);

    List<?> containers = containers(render(Requests.minimal(), fragment));

    assertThat(containers).hasSize(2);
    assertThat(map(containers.get(0)))
        .containsEntry("name", "demo-app")
        .containsEntry("imagePullPolicy", "Always");
    assertThat(map(containers.get(1))).containsEntry("name", "sidecar");
  }

  @Test
  void fragmentValuesThatYamlReadsAsNumbersOrBoolsStayAsWritten() throws Exception {
    Path fragment =
        fragment(
            """
            metadata:
              labels:
                enabled: yes
              annotations:
                example.com/version: 1.10
            spec:
              nodeSelector:
                gpu: true
              containers:
              - env:
                - name: PORT
                  value: 5023
                - name: FLAG
                  value: on
                - name: VERSION
                  value: 1.10
                - name: MASK
                  value: 0x1F
            """);

    String yaml = render(Requests.minimal(), fragment);

    assertThat(ourContainer(yaml).get("env"))
        .isEqualTo(
            List.of(
                Map.of("name", "PORT", "value", "5023"),
                Map.of("name", "FLAG", "value", "on"),
                Map.of("name", "VERSION", "value", "1.10"),
                Map.of("name", "MASK", "value", "0x1F")));
    assertThat(yaml)
        .contains("enabled: 'yes'", "example.com/version: '1.10'", "gpu: 'true'", "value: 'on'");
    assertThat(reporter.debugs())
        .filteredOn(line -> line.contains("env value at line"))
        .hasSize(4)
        .allMatch(line -> line.contains(fragment.toString()));
  }

  @Test
  void nullRemovesAFieldAndTheRestrictedCheckWarns() throws Exception {
    Path fragment =
        fragment(
            """
            spec:
              securityContext:
                seccompProfile: null
            """);

    String yaml = render(Requests.minimal(), fragment);

    assertThat(yaml).doesNotContain("seccompProfile");
    assertThat(reporter.info())
        .anyMatch(line -> line.contains("removes spec.securityContext.seccompProfile"));
    assertThat(reporter.warnings())
        .singleElement()
        .asString()
        .contains(
            fragment.toString(),
            "restricted",
            "spec.containers[demo-app].securityContext.seccompProfile.type");
  }

  @Test
  void privilegedFragmentGetsOneWarningNamingTheField() throws Exception {
    Path fragment =
        fragment(
            """
            spec:
              hostNetwork: true
              containers:
              - securityContext:
                  privileged: true
            """);

    render(Requests.minimal(), fragment);

    assertThat(reporter.warnings())
        .singleElement()
        .asString()
        .contains("spec.hostNetwork", "spec.containers[demo-app].securityContext.privileged");
  }

  @Test
  void noWarningWhenRestrictedIsOff() throws Exception {
    Path fragment =
        fragment(
            """
            spec:
              containers:
              - securityContext:
                  privileged: true
            """);

    render(Requests.minimal().restricted(false), fragment);

    assertThat(reporter.warnings()).isEmpty();
  }

  @Test
  void jobTakesAPodShapedFragmentIntoItsTemplate() throws Exception {
    Path fragment =
        fragment(
            """
            apiVersion: v1
            kind: Pod
            metadata:
              annotations:
                sidecar.istio.io/inject: "false"
            spec:
              nodeSelector:
                pool: batch
              containers:
              - env:
                - name: MODE
                  value: job
            """);

    Map<String, Object> job =
        new Yaml().load(render(Requests.minimal().kind(WorkloadKind.JOB), fragment));

    assertThat(job).containsEntry("kind", "Job").containsEntry("apiVersion", "batch/v1");
    Map<String, Object> template = map(map(job.get("spec")).get("template"));
    assertThat(map(map(template.get("metadata")).get("annotations")))
        .containsEntry("sidecar.istio.io/inject", "false");
    Map<String, Object> podSpec = map(template.get("spec"));
    assertThat(podSpec.get("nodeSelector")).isEqualTo(Map.of("pool", "batch"));
    assertThat(map(((List<?>) podSpec.get("containers")).get(0)).get("env"))
        .isEqualTo(List.of(Map.of("name", "MODE", "value", "job")));
    assertThat(map(job.get("spec"))).doesNotContainKey("nodeSelector");
  }

  @Test
  void jobTakesAJobShapedFragment() throws Exception {
    Path fragment =
        fragment(
            """
            apiVersion: batch/v1
            kind: Job
            spec:
              backoffLimit: 3
              template:
                spec:
                  nodeSelector:
                    pool: batch
            """);

    Map<String, Object> job =
        new Yaml().load(render(Requests.minimal().kind(WorkloadKind.JOB), fragment));

    Map<String, Object> spec = map(job.get("spec"));
    assertThat(spec).containsEntry("backoffLimit", 3);
    assertThat(map(map(spec.get("template")).get("spec")).get("nodeSelector"))
        .isEqualTo(Map.of("pool", "batch"));
    assertThat(reporter.info()).singleElement().asString().contains("spec.backoffLimit");
  }

  @Test
  void emptyFragmentChangesNothing() throws Exception {
    Path fragment = fragment("# nothing yet\n");

    assertThat(render(Requests.minimal(), fragment))
        .isEqualTo(new ManifestGenerator(reporter).render(Requests.minimal().build()));
  }

  @Test
  void missingDefaultFragmentIsNotUsed() throws Exception {
    ManifestRequest request =
        Requests.minimal().fragment(dir.resolve("src/main/k8s-run/pod.yaml"), false).build();

    assertThat(new ManifestGenerator(reporter).render(request))
        .isEqualTo(new ManifestGenerator(reporter).render(Requests.minimal().build()));
  }

  @Test
  void fragmentMayRenameThePod() throws Exception {
    Path fragment =
        fragment(
            """
            metadata:
              name: nightly-import
            """);

    ManifestResult result =
        new ManifestGenerator(reporter)
            .write(
                Requests.minimal()
                    .fragment(fragment, true)
                    .output(dir.resolve("pod.yaml"))
                    .build());

    assertThat(result.name()).isEqualTo("nightly-import");
    assertThat(result.runLabel()).isEqualTo("demo-app");
    assertThat(reporter.info()).anyMatch(line -> line.contains("metadata.name"));
  }

  private String render(ManifestRequest.Builder request, Path fragment) throws Exception {
    return new ManifestGenerator(reporter).render(request.fragment(fragment, true).build());
  }

  private Path fragment(String text) throws IOException {
    Path file = dir.resolve("pod.yaml");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static List<?> containers(String yaml) {
    Map<String, Object> pod = new Yaml().load(yaml);
    return (List<?>) map(pod.get("spec")).get("containers");
  }

  private static Map<String, Object> ourContainer(String yaml) {
    return map(containers(yaml).get(0));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
