package dev.k8srun.cluster;

import dev.k8srun.config.Labels;
import dev.k8srun.cluster.ClusterConfigException.Problem;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The manifest file, loaded: the main resource (the first Pod or Job), its main container, its run
 * label, and the other resources that go with it.
 *
 * @param main the Pod or Job that runs the program
 * @param others everything else in the file, in file order
 * @param container the main container's name
 * @param runLabel the value of the {@link Labels#RUN} label, or null
 * @param namespace the main resource's namespace in the file, or null
 */
record Manifest(
    HasMetadata main,
    List<HasMetadata> others,
    String container,
    String runLabel,
    String namespace) {


  boolean isJob() {
    return main instanceof Job;
  }

  String kind() {
    return main.getKind();
  }

  String name() {
    return main.getMetadata().getName();
  }

  static Manifest load(KubernetesClient client, Path file, String wantedContainer)
      throws ClusterConfigException {
    List<HasMetadata> items;
    try (InputStream in = Files.newInputStream(file)) {
      items = client.load(in).items();
    } catch (NoSuchFileException e) {
      throw new ClusterConfigException(
          Problem.INVALID_MANIFEST,
          "manifest "
              + file
              + " does not exist: run k8s-run:build (or k8s-run:manifest) before k8s-run:deploy",
          e);
    } catch (IOException | RuntimeException e) {
      throw new ClusterConfigException(
          Problem.INVALID_MANIFEST,
          "cannot read manifest "
              + file
              + ": "
              + e.getMessage()
              + ". Fix the YAML fragment merged into it, or run k8s-run:manifest"
              + " again",
          e);
    }
    HasMetadata main =
        items.stream().filter(i -> i instanceof Pod || i instanceof Job).findFirst().orElse(null);
    if (main == null) {
      throw new ClusterConfigException(
          Problem.INVALID_MANIFEST,
          "manifest "
              + file
              + " holds no Pod and no Job (it holds: "
              + describe(items)
              + "): nothing to run");
    }
    List<HasMetadata> others = new ArrayList<>(items);
    others.remove(main);
    PodSpec spec =
        main instanceof Pod pod ? pod.getSpec() : ((Job) main).getSpec().getTemplate().getSpec();
    List<String> names =
        spec == null || spec.getContainers() == null
            ? List.of()
            : spec.getContainers().stream().map(Container::getName).toList();
    if (names.isEmpty()) {
      throw new ClusterConfigException(
          Problem.INVALID_MANIFEST,
          main.getKind()
              + " '"
              + main.getMetadata().getName()
              + "' in "
              + file
              + " has no containers");
    }
    String container = wantedContainer == null ? names.get(0) : wantedContainer;
    if (!names.contains(container)) {
      throw new ClusterConfigException(
          Problem.UNKNOWN_CONTAINER,
          "container '"
              + container
              + "' is not in "
              + main.getKind()
              + " '"
              + main.getMetadata().getName()
              + "' ("
              + file
              + "); its containers: "
              + String.join(", ", names)
              + ". Set the main container's name to one of them, or leave it unset for the first");
    }
    Map<String, String> labels = main.getMetadata().getLabels();
    String runLabel = labels == null ? null : labels.get(Labels.RUN);
    return new Manifest(main, others, container, runLabel, main.getMetadata().getNamespace());
  }

  private static String describe(List<HasMetadata> items) {
    return items.isEmpty()
        ? "nothing"
        : items.stream()
            .map(i -> i.getKind() + "/" + i.getMetadata().getName())
            .collect(Collectors.joining(", "));
  }
}
