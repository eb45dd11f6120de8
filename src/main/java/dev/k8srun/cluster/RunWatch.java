package dev.k8srun.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Watches what one deploy created: the pod, or the Job and the pod it starts. Gives the current
 * {@link PodView} and wakes the waiting thread through its {@link Signal} on every change.
 */
final class RunWatch implements AutoCloseable {

  private final String container;
  private final Tracker<Pod> pods;
  private final Tracker<Job> job;
  private final Signal signal;

  private RunWatch(String container, Tracker<Pod> pods, Tracker<Job> job, Signal signal) {
    this.container = container;
    this.pods = pods;
    this.job = job;
    this.signal = signal;
  }

  /** Starts watching the created resource. fabric8 errors propagate unchecked. */
  static RunWatch start(KubernetesClient client, HasMetadata created, String container) {
    String namespace = created.getMetadata().getNamespace();
    String uid = created.getMetadata().getUid();
    Signal signal = new Signal();
    if (created instanceof Job createdJob) {
      FilterWatchListDeletable<Pod, PodList, PodResource> selected =
          client.pods().inNamespace(namespace).withLabels(podSelector(createdJob));
      Tracker<Pod> pods = null;
      Tracker<Job> job = null;
      try {
        pods =
            Tracker.start(
                selected::watch, () -> selected.list().getItems(), p -> true, false, signal);
        var byName =
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(namespace)
                .withName(created.getMetadata().getName());
        job =
            Tracker.start(
                byName::watch,
                () -> listOf(byName.get()),
                j -> uid.equals(j.getMetadata().getUid()),
                true,
                signal);
      } catch (RuntimeException e) {
        closeQuietly(pods);
        throw e;
      }
      return new RunWatch(container, pods, job, signal);
    }
    PodResource byName =
        client.pods().inNamespace(namespace).withName(created.getMetadata().getName());
    Tracker<Pod> pods =
        Tracker.start(
            byName::watch,
            () -> listOf(byName.get()),
            p -> uid.equals(p.getMetadata().getUid()),
            true,
            signal);
    return new RunWatch(container, pods, null, signal);
  }

  /** The Job's pods: its selector (the controller-uid label on every Kubernetes version). */
  private static Map<String, String> podSelector(Job job) {
    LabelSelector selector = job.getSpec() == null ? null : job.getSpec().getSelector();
    if (selector != null
        && selector.getMatchLabels() != null
        && !selector.getMatchLabels().isEmpty()) {
      return selector.getMatchLabels();
    }
    return Map.of("controller-uid", job.getMetadata().getUid());
  }

  private static <T> List<T> listOf(T item) {
    return item == null ? List.of() : List.of(item);
  }

  Signal signal() {
    return signal;
  }

  /** The pod that runs the program: the pod, or the Job's first pod; null before there is one. */
  Pod pod() {
    return pods.first();
  }

  PodView view() {
    return PodView.of(pod(), container, job == null ? null : job.first());
  }

  /** True when the pod was deleted while we watched it. */
  boolean podDeleted() {
    return pods.sawDeletion() && pods.first() == null;
  }

  /** Re-opens a watch that the server closed with an error. */
  void reopenIfFailed() {
    pods.reopenIfFailed();
    if (job != null) {
      job.reopenIfFailed();
    }
  }

  @Override
  public void close() {
    closeQuietly(pods);
    closeQuietly(job);
  }

  private static void closeQuietly(Tracker<?> tracker) {
    if (tracker != null) {
      tracker.close();
    }
  }

  @Override
  public String toString() {
    return Objects.toString(pod() == null ? null : pod().getMetadata().getName());
  }
}
