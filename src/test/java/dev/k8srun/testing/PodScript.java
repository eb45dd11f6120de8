package dev.k8srun.testing;

import java.time.Duration;
import java.util.List;

/**
 * What the mock kubelet does with a pod: how long it stays pending and running, what it logs, how
 * it ends, or which failure it shows instead. Immutable; start from {@link #succeeds(String...)} or
 * {@link #exits(int, String...)} and refine with the {@code with*} methods.
 *
 * @param lines the main container's log lines, all visible once it runs
 * @param exitCode the main container's exit code
 * @param terminatedReason the terminated reason ({@code Completed}, {@code Error}, {@code
 *     OOMKilled})
 * @param terminatedMessage the terminated message, or null
 * @param pendingFor how long the pod is Pending before it runs
 * @param runFor how long the main container runs before it terminates
 * @param runForever the main container never terminates (timeout tests)
 * @param waitingReason a waiting reason the pod shows instead of running ({@code ErrImagePull},
 *     ...)
 * @param waitingMessage the waiting message
 * @param unschedulable the pod is never scheduled (PodScheduled False, reason Unschedulable)
 * @param podReason a pod-level failure reason ({@code Evicted}, {@code DeadlineExceeded})
 * @param sidecar name of a sidecar that keeps running after the main container ended, or null
 * @param dropLogAfter the first follow stream drops after this many lines (and half a line); -1:
 *     never
 */
public record PodScript(
    List<String> lines,
    int exitCode,
    String terminatedReason,
    String terminatedMessage,
    Duration pendingFor,
    Duration runFor,
    boolean runForever,
    String waitingReason,
    String waitingMessage,
    boolean unschedulable,
    String podReason,
    String sidecar,
    int dropLogAfter) {

  public PodScript {
    lines = List.copyOf(lines);
  }

  /** Runs at once, prints the lines, exits 0. */
  public static PodScript succeeds(String... lines) {
    return exits(0, lines);
  }

  /** Runs at once, prints the lines, exits with the code (reason {@code Error} unless 0). */
  public static PodScript exits(int exitCode, String... lines) {
    return new PodScript(
        List.of(lines),
        exitCode,
        exitCode == 0 ? "Completed" : "Error",
        null,
        Duration.ZERO,
        Duration.ZERO,
        false,
        null,
        null,
        false,
        null,
        null,
        -1);
  }

  /** Never runs: the main container waits with this reason, e.g. {@code ImagePullBackOff}. */
  public static PodScript waiting(String reason, String message) {
    return succeeds().withWaiting(reason, message);
  }

  public PodScript withLines(List<String> newLines) {
    return new PodScript(
        newLines,
        exitCode,
        terminatedReason,
        terminatedMessage,
        pendingFor,
        runFor,
        runForever,
        waitingReason,
        waitingMessage,
        unschedulable,
        podReason,
        sidecar,
        dropLogAfter);
  }

  public PodScript withTermination(int code, String reason, String message) {
    return new PodScript(
        lines,
        code,
        reason,
        message,
        pendingFor,
        runFor,
        runForever,
        waitingReason,
        waitingMessage,
        unschedulable,
        podReason,
        sidecar,
        dropLogAfter);
  }

  public PodScript withPendingFor(Duration duration) {
    return new PodScript(
        lines,
        exitCode,
        terminatedReason,
        terminatedMessage,
        duration,
        runFor,
        runForever,
        waitingReason,
        waitingMessage,
        unschedulable,
        podReason,
        sidecar,
        dropLogAfter);
  }

  public PodScript withRunFor(Duration duration) {
    return new PodScript(
        lines,
        exitCode,
        terminatedReason,
        terminatedMessage,
        pendingFor,
        duration,
        runForever,
        waitingReason,
        waitingMessage,
        unschedulable,
        podReason,
        sidecar,
        dropLogAfter);
  }

  public PodScript runningForever() {
    return new PodScript(
        lines,
        exitCode,
        terminatedReason,
        terminatedMessage,
        pendingFor,
        runFor,
        true,
        waitingReason,
        waitingMessage,
        unschedulable,
        podReason,
        sidecar,
        dropLogAfter);
  }

  public PodScript withWaiting(String reason, String message) {
    return new PodScript(
        lines,
        exitCode,
        terminatedReason,
        terminatedMessage,
        pendingFor,
        runFor,
        runForever,
        reason,
        message,
        unschedulable,
        podReason,
        sidecar,
        dropLogAfter);
  }

  public PodScript neverScheduled() {
    return new PodScript(
        lines,
        exitCode,
        terminatedReason,
        terminatedMessage,
        pendingFor,
        runFor,
        runForever,
        waitingReason,
        waitingMessage,
        true,
        podReason,
        sidecar,
        dropLogAfter);
  }

  /** The pod fails as a whole with this reason (e.g. {@code Evicted}) after its lines. */
  public PodScript withPodReason(String reason) {
    return new PodScript(
        lines,
        exitCode,
        terminatedReason,
        terminatedMessage,
        pendingFor,
        runFor,
        runForever,
        waitingReason,
        waitingMessage,
        unschedulable,
        reason,
        sidecar,
        dropLogAfter);
  }

  public PodScript withSidecar(String name) {
    return new PodScript(
        lines,
        exitCode,
        terminatedReason,
        terminatedMessage,
        pendingFor,
        runFor,
        runForever,
        waitingReason,
        waitingMessage,
        unschedulable,
        podReason,
        name,
        dropLogAfter);
  }

  public PodScript droppingLogAfter(int count) {
    return new PodScript(
        lines,
        exitCode,
        terminatedReason,
        terminatedMessage,
        pendingFor,
        runFor,
        runForever,
        waitingReason,
        waitingMessage,
        unschedulable,
        podReason,
        sidecar,
        count);
  }
}
