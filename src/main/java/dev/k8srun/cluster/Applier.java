package dev.k8srun.cluster;

import dev.k8srun.config.Reporter;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Puts the manifest on the cluster. Pods and Jobs are immutable in practice, so an existing one of
 * the same name is deleted, awaited until gone, and created anew: never PATCHed or PUT, which the
 * API would answer with 422 "pod updates may not change fields". Everything else is server-side
 * applied with field manager {@value #FIELD_MANAGER}.
 */
final class Applier {

  static final String FIELD_MANAGER = "k8s-run";

  private final KubernetesClient client;
  private final Api api;
  private final Reporter reporter;
  private final String context;

  Applier(Connection connection, Reporter reporter) {
    this.client = connection.client();
    this.context = connection.context();
    this.api = new Api(connection);
    this.reporter = reporter;
  }

  /** Applies everything and returns the created Pod or Job, as the server answered. */
  HasMetadata apply(Manifest manifest, String namespace, Deadline deadline)
      throws ClusterException {
    for (HasMetadata other : manifest.others()) {
      serverSideApply(other, namespace);
    }
    HasMetadata main = manifest.main();
    main.getMetadata().setNamespace(namespace);
    return main instanceof Pod pod
        ? replacePod(pod, namespace, deadline)
        : replaceJob((Job) main, namespace, deadline);
  }

  /**
   * When the last run in this project created the other kind (a Job, and the manifest is now a Pod, or the other
   * way round) on the same cluster and namespace, deletes it in the background, so that switching {@code kind}
   * leaves nothing running. Only the very object the last run recorded (same uid) is deleted; a failure to delete
   * it is a warning, not a reason to fail this run.
   */
  void removeOtherKind(LastRun previous, Manifest manifest, String namespace) {
    if (previous == null
        || previous.kind().equals(manifest.kind())
        || !previous.namespace().equals(namespace)
        || !Objects.equals(previous.context(), context)) {
      return;
    }
    String what = previous.kind().toLowerCase(Locale.ROOT) + " " + previous.name();
    try {
      Resource<? extends HasMetadata> resource =
          "Job".equals(previous.kind())
              ? client.batch().v1().jobs().inNamespace(namespace).withName(previous.name())
              : client.pods().inNamespace(namespace).withName(previous.name());
      HasMetadata old = resource.get();
      if (old == null
          || previous.uid() != null && !previous.uid().equals(old.getMetadata().getUid())) {
        return;
      }
      reporter.info(
          "Deleting "
              + what
              + " in namespace "
              + namespace
              + ", left by the previous run: the manifest now makes a "
              + manifest.kind());
      resource.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    } catch (KubernetesClientException e) {
      reporter.warn(
          "Could not delete "
              + what
              + " in namespace "
              + namespace
              + ", left by the previous run ("
              + e.getCode()
              + (e.getStatus() == null || e.getStatus().getMessage() == null
                  ? ""
                  : " " + e.getStatus().getMessage())
              + "): delete it by hand with kubectl");
    }
  }

  private void serverSideApply(HasMetadata item, String namespace) throws ClusterException {
    String plural = plural(item);
    boolean namespaced = item instanceof Namespaced || item.getMetadata().getNamespace() != null;
    if (namespaced) {
      item.getMetadata().setNamespace(namespace);
    }
    api.call(
        "patch",
        plural,
        namespaced ? namespace : null,
        () -> {
          Resource<HasMetadata> resource =
              namespaced ? client.resource(item).inNamespace(namespace) : client.resource(item);
          return resource.fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        });
    reporter.debug(
        "Applied "
            + item.getKind()
            + " "
            + item.getMetadata().getName()
            + (namespaced ? " in namespace " + namespace : "")
            + " (server-side apply)");
  }

  private Pod replacePod(Pod pod, String namespace, Deadline deadline) throws ClusterException {
    String name = pod.getMetadata().getName();
    Resource<Pod> existing = client.pods().inNamespace(namespace).withName(name);
    Pod old = api.call("get", "pods", namespace, existing::get);
    if (old != null) {
      String phase = old.getStatus() == null ? null : old.getStatus().getPhase();
      boolean finished = "Succeeded".equals(phase) || "Failed".equals(phase);
      reporter.info(
          "Replacing pod "
              + name
              + " in namespace "
              + namespace
              + " (previous run: "
              + (phase == null ? "unknown phase" : phase)
              + ")");
      // a finished pod has no process to stop: grace period 0 removes it at once
      api.run(
          "delete",
          "pods",
          namespace,
          () -> (finished ? existing.withGracePeriod(0L) : existing).delete());
      awaitGone(existing, old, "pods", namespace, deadline);
    }
    Pod created =
        api.call(
            "create",
            "pods",
            namespace,
            () -> client.pods().inNamespace(namespace).resource(strip(pod)).create());
    reporter.info("Created pod " + name + " in namespace " + namespace);
    return created;
  }

  private Job replaceJob(Job job, String namespace, Deadline deadline) throws ClusterException {
    String name = job.getMetadata().getName();
    Resource<Job> existing = client.batch().v1().jobs().inNamespace(namespace).withName(name);
    Job old = api.call("get", "jobs", namespace, existing::get);
    if (old != null) {
      reporter.info("Replacing job " + name + " in namespace " + namespace);
      // Background: the Job goes now, its pods right after; the new Job's pods are told apart by
      // uid
      api.run(
          "delete",
          "jobs",
          namespace,
          () -> existing.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
      awaitGone(existing, old, "jobs", namespace, deadline);
    }
    Job created =
        api.call(
            "create",
            "jobs",
            namespace,
            () -> client.batch().v1().jobs().inNamespace(namespace).resource(strip(job)).create());
    reporter.info("Created job " + name + " in namespace " + namespace);
    return created;
  }

  private <T extends HasMetadata> void awaitGone(
      Resource<T> resource, T old, String plural, String namespace, Deadline deadline)
      throws ClusterException {
    String uid = old.getMetadata().getUid();
    T now = api.call("get", plural, namespace, resource::get);
    if (now == null || !uid.equals(now.getMetadata().getUid())) {
      return;
    }
    reporter.debug("Waiting for the previous " + old.getKind() + " to be deleted");
    try {
      resource.waitUntilCondition(
          r -> r == null || !uid.equals(r.getMetadata().getUid()),
          deadline.remainingMillis(),
          TimeUnit.MILLISECONDS);
    } catch (KubernetesClientTimeoutException e) {
      throw new ClusterUnavailableException(
          "the previous "
              + old.getKind().toLowerCase(Locale.ROOT)
              + " "
              + old.getMetadata().getName()
              + " in namespace "
              + namespace
              + " is still being deleted after "
              + deadline.total().toSeconds()
              + " s (a finalizer or"
              + " a long termination grace period?). Delete it by hand, or raise the timeout",
          e);
    } catch (KubernetesClientException e) {
      throw api.map(e, "watch", plural, namespace);
    }
  }

  /** The manifest's object without server-owned fields, ready to create. */
  private static <T extends HasMetadata> T strip(T item) {
    item.getMetadata().setResourceVersion(null);
    item.getMetadata().setUid(null);
    return item;
  }

  static String plural(HasMetadata item) {
    try {
      return HasMetadata.getPlural(item.getClass());
    } catch (RuntimeException e) {
      return item.getKind().toLowerCase(Locale.ROOT) + "s";
    }
  }
}
