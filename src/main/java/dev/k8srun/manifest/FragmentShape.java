package dev.k8srun.manifest;

import dev.k8srun.config.KubernetesNames;
import dev.k8srun.config.Labels;
import dev.k8srun.config.WorkloadKind;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a fragment's shape against the requested kind, brings a Pod-shaped fragment into a Job's
 * pod template, refuses fields that k8s-run must own, and checks the merged result.
 */
final class FragmentShape {

  private final Path file;
  private final WorkloadKind kind;
  private final String runName;

  FragmentShape(Path file, WorkloadKind kind, String runName) {
    this.file = file;
    this.kind = kind;
    this.runName = runName;
  }

  /**
   * Returns the overlay to merge over the generated manifest: without {@code kind} and {@code
   * apiVersion}, and, for a Job and a Pod-shaped fragment, moved under {@code spec.template}.
   *
   * @throws FragmentException when the fragment's kind or apiVersion contradicts the requested kind
   */
  Map<String, Object> overlay(Map<String, Object> fragment) throws FragmentException {
    Object fragmentKind = fragment.get("kind");
    if (fragmentKind != null && !"Pod".equals(fragmentKind) && !"Job".equals(fragmentKind)) {
      throw fail(
          "has kind "
              + fragmentKind
              + ", but k8s-run writes a "
              + kind.kindName()
              + ": write it as a Pod"
              + (kind == WorkloadKind.JOB ? " or a Job" : "")
              + ", or leave kind out.");
    }
    boolean jobShaped =
        "Job".equals(fragmentKind)
            || fragmentKind == null && kind == WorkloadKind.JOB && hasTemplate(fragment);
    if (jobShaped && kind == WorkloadKind.POD) {
      throw fail(
          "is a Job, but k8s-run writes a Pod: set <kind>Job</kind> (-Dk8s-run.kind=Job), or write"
              + " the fragment as a Pod.");
    }
    String expectedApi = jobShaped ? WorkloadKind.JOB.apiVersion() : WorkloadKind.POD.apiVersion();
    Object apiVersion = fragment.get("apiVersion");
    if (apiVersion != null && !expectedApi.equals(apiVersion)) {
      throw fail(
          "has apiVersion "
              + apiVersion
              + ", which does not match its kind: use apiVersion "
              + expectedApi
              + ", or leave apiVersion out.");
    }
    Map<String, Object> overlay = new LinkedHashMap<>(fragment);
    overlay.remove("kind");
    overlay.remove("apiVersion");
    if (jobShaped && map(overlay.get("spec")).containsKey("containers")) {
      throw fail(
          "is a Job with spec.containers: put the pod's fields under spec.template.spec, or write"
              + " the fragment as a Pod.");
    }
    if (kind == WorkloadKind.JOB && !jobShaped) {
      Map<String, Object> template = new LinkedHashMap<>();
      template.put("template", overlay);
      Map<String, Object> wrapped = new LinkedHashMap<>();
      wrapped.put("spec", template);
      return wrapped;
    }
    return overlay;
  }

  /**
   * Refuses an overlay that changes how the run's container starts the code ({@code command},
   * {@code workingDir}, {@code image}), a container list that is not a list of mappings, and
   * sidecars without a name.
   */
  void checkContainers(Map<String, Object> overlay) throws FragmentException {
    Object containers = podSpec(overlay).get("containers");
    if (containers == null) {
      return;
    }
    if (!(containers instanceof List<?> list)) {
      throw fail(
          "has a containers field that is not a list: write containers as a list of mappings.");
    }
    boolean oursSeen = false;
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> container)) {
        throw fail("has a container that is not a mapping: write each container as a mapping.");
      }
      Object name = container.get("name");
      if (!oursSeen && (name == null || runName.equals(name))) {
        oursSeen = true;
        checkOurContainer(container);
      } else if (name == null) {
        throw fail(
            "has a second container without a name: only the first unnamed container is the run's"
                + " own; give every sidecar a name.");
      }
    }
  }

  private void checkOurContainer(Map<?, ?> container) throws FragmentException {
    if (container.containsKey("command")) {
      throw fail(
          "sets command in the container "
              + runName
              + ", which would replace the relative command that runs the code built into the"
              + " image: remove it, and use <mainClass>, <jvmFlags> and <args> instead.");
    }
    if (container.containsKey("workingDir")) {
      throw fail(
          "sets workingDir in the container "
              + runName
              + ", which would break the relative classpath the command uses: remove it, and use"
              + " <workingDirectory> to move the app root in the image.");
    }
    if (container.containsKey("image")) {
      throw fail(
          "sets image in the container "
              + runName
              + ", which would run another image than the one k8s-run builds from the project:"
              + " remove it, and use <image> and <tag> to name the built image.");
    }
  }

  /**
   * Checks the merged manifest: its name is still a valid pod name and the run label still names
   * the run, so later goals find what it created.
   */
  void checkMerged(Map<String, Object> manifest) throws FragmentException {
    Map<String, Object> metadata = map(manifest.get("metadata"));
    Object name = metadata.get("name");
    if (!(name instanceof String text) || !KubernetesNames.isDns1123Label(text)) {
      String suggestion = name == null ? runName : suggest(String.valueOf(name));
      throw fail(
          "sets metadata.name to '"
              + name
              + "', which is not a valid Kubernetes name: use at most 63 lower-case letters, digits"
              + " and '-', starting and ending with a letter or digit, for example '"
              + suggestion
              + "', or leave it out and set <name> (-Dk8s-run.name).");
    }
    checkRunLabel(metadata);
    if (kind == WorkloadKind.JOB) {
      checkRunLabel(map(map(map(manifest.get("spec")).get("template")).get("metadata")));
    }
  }

  private void checkRunLabel(Map<String, Object> metadata) throws FragmentException {
    if (!runName.equals(map(metadata.get("labels")).get(Labels.RUN))) {
      throw fail(
          "changes the label "
              + Labels.RUN
              + ", which k8s-run uses to find what a run created: remove it from the fragment (set"
              + " <name> to change the run name).");
    }
  }

  private Map<String, Object> podSpec(Map<String, Object> overlay) {
    Map<String, Object> spec = map(overlay.get("spec"));
    return kind == WorkloadKind.JOB ? map(map(spec.get("template")).get("spec")) : spec;
  }

  private static boolean hasTemplate(Map<String, Object> fragment) {
    return map(fragment.get("spec")).containsKey("template");
  }

  private static String suggest(String name) {
    try {
      return KubernetesNames.toDns1123Label(name);
    } catch (IllegalArgumentException e) {
      return "my-run";
    }
  }

  private FragmentException fail(String problem) {
    return new FragmentException(file, "The fragment " + file + " " + problem);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }
}
