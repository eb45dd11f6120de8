package dev.k8srun.cluster;

import dev.k8srun.config.DeployRequest;
import dev.k8srun.config.Reporter;
import dev.k8srun.config.WaitMode;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One deploy's wait: reacts to every change the {@link RunWatch} reports, follows the log once the
 * main container runs, stops at once on a failure that cannot heal, and turns the end into a result
 * or a {@link PodFailedException}.
 */
final class RunSession {

  /** How long a log stream may stay open after the container ended before it is cut. */
  private static final long STREAM_GRACE_MS = 1_000;

  private final Connection connection;
  private final RunWatch watch;
  private final DeployRequest request;
  private final String namespace;
  private final String container;
  private final Reporter reporter;
  private LastRun lastRun;
  private String podName;
  private String phase;
  private String waitingReason;
  private LogLines lines;
  private LogFollower follower;
  private Thread followerThread;

  RunSession(
      Connection connection,
      RunWatch watch,
      DeployRequest request,
      String namespace,
      String container,
      LastRun lastRun,
      Reporter reporter) {
    this.connection = connection;
    this.watch = watch;
    this.request = request;
    this.namespace = namespace;
    this.container = container;
    this.lastRun = lastRun;
    this.reporter = reporter;
    this.podName = lastRun.podName();
  }

  /** Waits as the request asks; returns the final view, or throws when the run failed. */
  PodView await(Deadline deadline) throws ClusterException, InterruptedException {
    boolean follow = request.follow() && request.waitMode() == WaitMode.COMPLETED;
    try {
      while (true) {
        new Api(connection).run("watch", "pods", namespace, watch::reopenIfFailed);
        long seen = watch.signal().version();
        PodView view = watch.view();
        noticeChanges(watch.pod(), view);
        if (watch.podDeleted()) {
          stopFollowing();
          throw report().deleted(tail());
        }
        if (view.terminated()
            && view.exitCode() != null
            && (view.failure() == null
                || !PodView.FATAL_POD_REASONS.contains(view.failure().reason()))) {
          if (follow) {
            finishFollowing(view, deadline);
          }
          return view;
        }
        if (view.failure() != null) {
          stopFollowing();
          throw report().failed(view, tail());
        }
        if (request.waitMode() == WaitMode.STARTED && view.started()) {
          return view;
        }
        if (follow && view.started() && follower == null) {
          startFollowing(view);
        }
        if (!watch.signal().awaitChange(seen, deadline.nanos())) {
          stopFollowing();
          PodView last = watch.view();
          throw report().timedOut(last, deadline.total(), !last.started(), tail());
        }
      }
    } finally {
      stopFollowing();
    }
  }

  String podName() {
    return podName;
  }

  /** How long the main container ran, from its terminated state; null when unknown. */
  Duration runTime() {
    Pod pod = watch.pod();
    if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
      if (container.equals(s.getName())
          && s.getState() != null
          && s.getState().getTerminated() != null) {
        try {
          return Duration.between(
              Instant.parse(s.getState().getTerminated().getStartedAt()),
              Instant.parse(s.getState().getTerminated().getFinishedAt()));
        } catch (DateTimeParseException | NullPointerException e) {
          return null;
        }
      }
    }
    return null;
  }

  FailureReport report() {
    return new FailureReport(
        connection.client(),
        namespace,
        podName == null ? lastRun.name() : podName,
        container,
        request.failureLogLines());
  }

  List<String> tail() {
    return lines == null ? List.of() : lines.tail();
  }

  private void noticeChanges(Pod pod, PodView view) throws ClusterUnavailableException {
    if (pod == null) {
      return;
    }
    if (podName == null) {
      podName = pod.getMetadata().getName();
      reporter.info("Job " + lastRun.name() + " started pod " + podName);
      lastRun = lastRun.withPodName(podName);
      lastRun.write(request.lastRunFile());
    }
    if (!view.phase().equals(phase)) {
      phase = view.phase();
      reporter.info("Pod " + podName + ": " + phase);
    }
    if (view.waitingReason() != null && !view.waitingReason().equals(waitingReason)) {
      reporter.debug(
          "Pod "
              + podName
              + ": container "
              + container
              + " waiting ("
              + view.waitingReason()
              + ")");
    }
    waitingReason = view.waitingReason();
  }

  private void startFollowing(PodView view) {
    lines = new LogLines(reporter, podName, request.failureLogLines());
    Pod first = watch.pod();
    follower =
        new LogFollower(
            connection.client(),
            namespace,
            () -> watch.pod() == null ? first : watch.pod(),
            container,
            lines,
            () -> watch.view().terminated(),
            watch.signal(),
            reporter);
    followerThread = follower.start();
  }

  /** Makes sure every line is printed before the result is reported. */
  private void finishFollowing(PodView view, Deadline deadline) throws InterruptedException {
    if (follower == null) {
      startFollowing(view); // the pod ended before we could follow it: print its whole log
    }
    // the kubelet ends the stream when the container ends; if it lingers, cut it: the follower's
    // final read prints the rest exactly
    followerThread.join(Math.max(1, Math.min(STREAM_GRACE_MS, deadline.remainingMillis())));
    if (followerThread.isAlive()) {
      reporter.debug("Log stream of pod " + podName + " still open after its container ended");
      follower.cutStream();
      followerThread.join(Math.max(1, deadline.remainingMillis()));
    }
    if (followerThread.isAlive()) {
      reporter.warn(
          "The log of pod "
              + podName
              + " may be incomplete: the timeout passed while"
              + " reading it");
    }
    stopFollowing();
  }

  /** Stops the follower and waits briefly for its thread, so none outlives the deploy. */
  private void stopFollowing() {
    if (follower != null) {
      follower.stop();
      try {
        followerThread.join(STREAM_GRACE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (followerThread.isAlive()) {
        reporter.debug(
            "Log follower of pod " + podName + " did not stop within " + STREAM_GRACE_MS + " ms");
      }
    }
  }
}
