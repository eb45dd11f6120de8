package dev.k8srun.cluster;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a pod's status means for our run: has the main container started, has it ended and how, or
 * has the run failed in a way that will not heal (so waiting longer is pointless).
 *
 * @param phase the pod's phase, or {@code Pending} before it has a status
 * @param waitingReason the main container's waiting reason, or null
 * @param started the main container runs or has run
 * @param terminated the main container (or the whole pod) has ended
 * @param exitCode the main container's exit code, when it ended
 * @param terminatedReason the main container's terminated reason ({@code Completed}, {@code Error},
 *     {@code OOMKilled}), or null
 * @param terminatedMessage the main container's terminated message, or null
 * @param failure why the run cannot succeed any more, or null
 */
record PodView(
    String phase,
    String waitingReason,
    boolean started,
    boolean terminated,
    Integer exitCode,
    String terminatedReason,
    String terminatedMessage,
    Failure failure) {

  /** A failure that ends the wait at once. */
  record Failure(String reason, String message, String container) {}

  /** Waiting reasons that do not heal by waiting (or only after the user acts). */
  static final Set<String> FATAL_WAITING =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "ErrImageNeverPull",
          "CreateContainerConfigError",
          "CreateContainerError",
          "CrashLoopBackOff",
          "RunContainerError");

  /** Pod reasons that end the pod. */
  static final Set<String> FATAL_POD_REASONS =
      Set.of(
          "Evicted",
          "DeadlineExceeded",
          "OutOfcpu",
          "OutOfmemory",
          "NodeLost",
          "Shutdown",
          "UnexpectedAdmissionError");

  static final PodView NOT_YET = new PodView("Pending", null, false, false, null, null, null, null);

  static PodView of(Pod pod, String container, Job job) {
    Failure jobFailure = jobFailure(job);
    if (pod == null) {
      return jobFailure == null
          ? NOT_YET
          : new PodView("Pending", null, false, false, null, null, null, jobFailure);
    }
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String phase = status.getPhase() == null ? "Pending" : status.getPhase();
    ContainerStatus main = find(status.getContainerStatuses(), container);
    String waiting = null;
    boolean started = false;
    boolean terminated = "Succeeded".equals(phase) || "Failed".equals(phase);
    Integer exitCode = null;
    String terminatedReason = null;
    String terminatedMessage = null;
    if (main != null && main.getState() != null) {
      ContainerStateWaiting w = main.getState().getWaiting();
      ContainerStateTerminated t = main.getState().getTerminated();
      if (w != null) {
        waiting = w.getReason();
      }
      if (main.getState().getRunning() != null) {
        started = true;
      }
      if (t != null) {
        started = true;
        terminated = true;
        exitCode = t.getExitCode();
        terminatedReason = t.getReason();
        terminatedMessage = t.getMessage();
      }
    }
    if ("Succeeded".equals(phase) && exitCode == null) {
      exitCode = 0;
      started = true;
    }
    // once the main container has ended, its exit code is the result; only a pod-level reason
    // (evicted, deadline) says more about why
    Failure failure = podFailure(status, phase, container, exitCode);
    if (exitCode != null && failure != null && !FATAL_POD_REASONS.contains(failure.reason())) {
      failure = null;
    }
    if (exitCode == null && failure == null) {
      failure = jobFailure;
    }
    return new PodView(
        phase,
        waiting,
        started,
        terminated,
        exitCode,
        terminatedReason,
        terminatedMessage,
        failure);
  }

  private static Failure podFailure(
      PodStatus status, String phase, String container, Integer exitCode) {
    if (status.getReason() != null
        && (FATAL_POD_REASONS.contains(status.getReason()) || "Failed".equals(phase))) {
      return new Failure(status.getReason(), status.getMessage(), null);
    }
    for (PodCondition condition : nullSafe(status.getConditions())) {
      if ("PodScheduled".equals(condition.getType())
          && "False".equals(condition.getStatus())
          && "Unschedulable".equals(condition.getReason())) {
        return new Failure("Unschedulable", condition.getMessage(), null);
      }
    }
    List<ContainerStatus> all = new ArrayList<>(nullSafe(status.getInitContainerStatuses()));
    all.addAll(nullSafe(status.getContainerStatuses()));
    for (ContainerStatus s : all) {
      ContainerStateWaiting w = s.getState() == null ? null : s.getState().getWaiting();
      if (w != null && FATAL_WAITING.contains(w.getReason())) {
        return new Failure(w.getReason(), w.getMessage(), s.getName());
      }
    }
    if ("Failed".equals(phase) && exitCode == null) {
      return new Failure("Failed", status.getMessage(), null);
    }
    return null;
  }

  private static Failure jobFailure(Job job) {
    if (job == null || job.getStatus() == null) {
      return null;
    }
    for (JobCondition condition : nullSafe(job.getStatus().getConditions())) {
      if ("Failed".equals(condition.getType()) && "True".equals(condition.getStatus())) {
        return new Failure(
            condition.getReason() == null ? "JobFailed" : condition.getReason(),
            condition.getMessage(),
            null);
      }
    }
    return null;
  }

  private static ContainerStatus find(List<ContainerStatus> statuses, String name) {
    return nullSafe(statuses).stream()
        .filter(s -> name.equals(s.getName()))
        .findFirst()
        .orElse(null);
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
