package dev.k8srun.cluster;

import dev.k8srun.cluster.ClusterConfigException.Problem;
import dev.k8srun.config.DeleteRequest;
import dev.k8srun.config.Labels;
import dev.k8srun.config.LogsRequest;
import dev.k8srun.config.Reporter;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** {@code k8s-run:logs} and {@code k8s-run:delete}: they act on what last-run.json recorded. */
final class LastRunTools {

  private final ClusterConnector connector;
  private final Reporter reporter;

  LastRunTools(ClusterConnector connector, Reporter reporter) {
    this.connector = connector;
    this.reporter = reporter;
  }

  long logs(LogsRequest request) throws ClusterException {
    LastRun run = LastRun.read(request.lastRunFile());
    try (Connection connection = connector.connect(context(request.context(), run))) {
      Api api = new Api(connection);
      KubernetesClient client = connection.client();
      String namespace = run.namespace();
      Pod pod = findPod(api, client, run);
      String name = pod.getMetadata().getName();
      String container = request.container() != null ? request.container() : run.container();
      reporter.info(
          "Log of pod "
              + name
              + " (container "
              + container
              + ") in namespace "
              + namespace
              + (request.follow() ? ", following" : ""));
      LogLines lines = new LogLines(reporter, name, 1);
      try (RunWatch watch =
          api.call("watch", "pods", namespace, () -> RunWatch.start(client, pod, container))) {
        boolean follow = request.follow();
        LogFollower follower =
            new LogFollower(
                client,
                namespace,
                () -> watch.pod() == null ? pod : watch.pod(),
                container,
                lines,
                () -> !follow || watch.view().terminated() || watch.view().failure() != null,
                watch.signal(),
                reporter);
        Thread thread = follower.start();
        try {
          thread.join();
        } catch (InterruptedException e) {
          follower.stop();
          Thread.currentThread().interrupt();
        }
      }
      return lines.count();
    }
  }

  List<String> delete(DeleteRequest request) throws ClusterException {
    if (!Files.exists(request.lastRunFile())) {
      // nothing was deployed from here: a clean-up step (CI's "always") has nothing to do, and that is no error
      reporter.info(
          "Nothing to delete: no run recorded in "
              + request.lastRunFile()
              + " (k8s-run:deploy records one)");
      return List.of();
    }
    LastRun run = LastRun.read(request.lastRunFile());
    try (Connection connection = connector.connect(context(request.context(), run))) {
      Api api = new Api(connection);
      KubernetesClient client = connection.client();
      String namespace = run.namespace();
      boolean job = "Job".equals(run.kind());
      String plural = job ? "jobs" : "pods";
      List<? extends HasMetadata> found;
      String how;
      if (run.runLabel() != null) {
        how = "labelled " + Labels.RUN + "=" + run.runLabel();
        found =
            api.call(
                "list",
                plural,
                namespace,
                () ->
                    job
                        ? client
                            .batch()
                            .v1()
                            .jobs()
                            .inNamespace(namespace)
                            .withLabel(Labels.RUN, run.runLabel())
                            .list()
                            .getItems()
                        : client
                            .pods()
                            .inNamespace(namespace)
                            .withLabel(Labels.RUN, run.runLabel())
                            .list()
                            .getItems());
      } else {
        how = "named " + run.name();
        HasMetadata one =
            api.call(
                "get",
                plural,
                namespace,
                () ->
                    job
                        ? client
                            .batch()
                            .v1()
                            .jobs()
                            .inNamespace(namespace)
                            .withName(run.name())
                            .get()
                        : client.pods().inNamespace(namespace).withName(run.name()).get());
        found = one == null ? List.of() : List.of(one);
      }
      List<String> deleted = new ArrayList<>();
      for (HasMetadata item : found) {
        String name = item.getMetadata().getName();
        api.run(
            "delete",
            plural,
            namespace,
            () -> {
              if (job) {
                client
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(namespace)
                    .withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
              } else {
                client.pods().inNamespace(namespace).withName(name).delete();
              }
            });
        reporter.info(
            "Deleted "
                + run.kind().toLowerCase(Locale.ROOT)
                + " "
                + name
                + " in namespace "
                + namespace);
        deleted.add(run.kind() + "/" + name);
      }
      if (deleted.isEmpty()) {
        reporter.info(
            "Nothing to delete: no "
                + run.kind().toLowerCase(Locale.ROOT)
                + " "
                + how
                + " in namespace "
                + namespace);
      }
      return deleted;
    }
  }

  private static String context(String asked, LastRun run) {
    if (asked != null) {
      return asked;
    }
    return "in-cluster".equals(run.context()) ? null : run.context();
  }

  private static Pod findPod(Api api, KubernetesClient client, LastRun run)
      throws ClusterException {
    String namespace = run.namespace();
    Pod pod;
    if (run.podName() != null) {
      pod =
          api.call(
              "get",
              "pods",
              namespace,
              () -> client.pods().inNamespace(namespace).withName(run.podName()).get());
    } else {
      pod =
          api.call(
              "list",
              "pods",
              namespace,
              () ->
                  client
                      .pods()
                      .inNamespace(namespace)
                      .withLabel("controller-uid", run.uid())
                      .list()
                      .getItems()
                      .stream()
                      .min(
                          Comparator.comparing(
                              p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
                      .orElse(null));
    }
    if (pod == null) {
      String what = run.podName() != null ? "pod " + run.podName() : "a pod of job " + run.name();
      throw new ClusterConfigException(
          Problem.NO_LAST_RUN,
          "the last run's "
              + what
              + " is not in namespace "
              + namespace
              + " any more (deleted, or cleaned up after the"
              + " run): run k8s-run:deploy again, with cleanup=never to keep the pod");
    }
    return pod;
  }
}
