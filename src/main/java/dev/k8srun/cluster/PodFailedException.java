package dev.k8srun.cluster;

import java.util.List;
import java.util.OptionalInt;

/**
 * The run failed: the main container exited with a code that is not a success code, or the pod
 * could not run at all (image pull, configuration, scheduling, OOM, eviction, deadline) or did not
 * finish within the timeout. The message names the reason and holds the pod's recent events and
 * last log lines.
 */
public final class PodFailedException extends ClusterException {

  private final String podName;
  private final String reason;
  private final Integer exitCode;
  private final List<String> events;
  private final List<String> lastLogLines;

  PodFailedException(
      String message,
      String podName,
      String reason,
      Integer exitCode,
      List<String> events,
      List<String> lastLogLines) {
    super(message, null);
    this.podName = podName;
    this.reason = reason;
    this.exitCode = exitCode;
    this.events = List.copyOf(events);
    this.lastLogLines = List.copyOf(lastLogLines);
  }

  public String podName() {
    return podName;
  }

  /**
   * Why: a container reason ({@code Error}, {@code OOMKilled}, {@code ErrImagePull}, {@code
   * ImagePullBackOff}, ...), a pod reason ({@code Unschedulable}, {@code Evicted}, {@code
   * DeadlineExceeded}), a Job condition reason ({@code BackoffLimitExceeded}), or {@code Timeout}.
   */
  public String reason() {
    return reason;
  }

  /** The main container's exit code, when it ended. */
  public OptionalInt exitCode() {
    return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
  }

  /** The pod's recent events, one line each (empty when none or not readable). */
  public List<String> events() {
    return events;
  }

  /** The main container's last log lines. */
  public List<String> lastLogLines() {
    return lastLogLines;
  }

  @Override
  public boolean isUserFault() {
    return true;
  }
}
