package dev.k8srun.manifest;

import dev.k8srun.config.Labels;
import dev.k8srun.config.ManifestRequest;
import dev.k8srun.config.WorkloadKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the generated manifest (before any fragment) as ordered maps and lists, in the field order
 * {@code kubectl} users know. Absent optional values are left out, never written as {@code null}.
 */
final class ManifestBuilder {

  private ManifestBuilder() {}

  static Map<String, Object> build(ManifestRequest request, RunNames names) {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("apiVersion", request.kind().apiVersion());
    manifest.put("kind", request.kind().kindName());
    manifest.put("metadata", metadata(request, names, true));
    if (request.kind() == WorkloadKind.JOB) {
      manifest.put("spec", jobSpec(request, names));
    } else {
      manifest.put("spec", podSpec(request, names));
    }
    return manifest;
  }

  private static Map<String, Object> metadata(
      ManifestRequest request, RunNames names, boolean withName) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (withName) {
      metadata.put("name", names.runName());
      putIfPresent(metadata, "namespace", request.namespace());
    }
    metadata.put("labels", labels(request, names));
    if (!request.annotations().isEmpty()) {
      metadata.put("annotations", new LinkedHashMap<>(request.annotations()));
    }
    return metadata;
  }

  private static Map<String, Object> labels(ManifestRequest request, RunNames names) {
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put(Labels.NAME, names.runName());
    putIfPresent(labels, Labels.VERSION, names.versionLabel());
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.RUN, names.runName());
    request.labels().forEach((key, value) -> labels.put(key, value == null ? "" : value));
    return labels;
  }

  private static Map<String, Object> jobSpec(ManifestRequest request, RunNames names) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("backoffLimit", request.backoffLimit());
    putIfPresent(spec, "activeDeadlineSeconds", request.activeDeadlineSeconds());
    putIfPresent(spec, "ttlSecondsAfterFinished", request.ttlSecondsAfterFinished());
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("metadata", metadata(request, names, false));
    template.put("spec", podSpec(request, names));
    spec.put("template", template);
    return spec;
  }

  private static Map<String, Object> podSpec(ManifestRequest request, RunNames names) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("restartPolicy", "Never");
    putIfPresent(spec, "serviceAccountName", request.serviceAccountName());
    if (!request.imagePullSecrets().isEmpty()) {
      List<Object> secrets = new ArrayList<>();
      for (String secret : request.imagePullSecrets()) {
        secrets.add(named(secret));
      }
      spec.put("imagePullSecrets", secrets);
    }
    if (request.restricted()) {
      spec.put("securityContext", SecurityDefaults.podSecurityContext(request.runAsUser()));
    }
    List<Object> containers = new ArrayList<>();
    containers.add(container(request, names));
    spec.put("containers", containers);
    return spec;
  }

  private static Map<String, Object> container(ManifestRequest request, RunNames names) {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", names.runName());
    container.put("image", request.image());
    putIfPresent(container, "imagePullPolicy", request.imagePullPolicy());
    if (!request.command().isEmpty()) {
      container.put("command", new ArrayList<Object>(request.command()));
    }
    if (!request.args().isEmpty()) {
      container.put("args", new ArrayList<Object>(request.args()));
    }
    putIfPresent(container, "workingDir", request.workingDir());
    if (!request.env().isEmpty()) {
      List<Object> env = new ArrayList<>();
      request
          .env()
          .forEach(
              (name, value) -> {
                Map<String, Object> variable = named(name);
                variable.put("value", value);
                env.add(variable);
              });
      container.put("env", env);
    }
    Map<String, Object> resources = new LinkedHashMap<>();
    if (!request.resourceRequests().isEmpty()) {
      resources.put("requests", new LinkedHashMap<Object, Object>(request.resourceRequests()));
    }
    if (!request.resourceLimits().isEmpty()) {
      resources.put("limits", new LinkedHashMap<Object, Object>(request.resourceLimits()));
    }
    if (!resources.isEmpty()) {
      container.put("resources", resources);
    }
    if (request.restricted()) {
      container.put("securityContext", SecurityDefaults.containerSecurityContext());
    }
    return container;
  }

  private static Map<String, Object> named(String name) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("name", name);
    return item;
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
