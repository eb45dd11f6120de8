package dev.k8srun.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Turns a failed run into one {@link PodFailedException} whose message says what happened, why,
 * what to do, and shows the pod's recent events and last log lines.
 */
final class FailureReport {

  private static final int EVENTS = 10;

  private final KubernetesClient client;
  private final String namespace;
  private final String pod;
  private final String container;
  private final int logLines;

  FailureReport(
      KubernetesClient client, String namespace, String pod, String container, int logLines) {
    this.client = client;
    this.namespace = namespace;
    this.pod = pod;
    this.container = container;
    this.logLines = logLines;
  }

  /** The main container exited with a code that is not a success code. */
  PodFailedException exited(PodView view, List<String> tail) {
    String reason = view.terminatedReason() == null ? "Error" : view.terminatedReason();
    String headline =
        "OOMKilled".equals(reason)
            ? "container '"
                + container
                + "' was killed for using more memory than its limit"
                + " (OOMKilled, exit code "
                + view.exitCode()
                + "). Raise its memory limit or lower"
                + " the JVM's heap (-Xmx, -XX:MaxRAMPercentage)"
            : "container '"
                + container
                + "' exited with code "
                + view.exitCode()
                + " ("
                + reason
                + ")";
    List<String> events = "OOMKilled".equals(reason) ? events() : List.of();
    List<String> logs = tail.isEmpty() ? fetchTail() : tail; // not followed: ask for the tail
    return build(headline, view.terminatedMessage(), reason, view.exitCode(), events, logs);
  }

  /** The run cannot succeed: image, configuration, scheduling, eviction, deadline, Job failure. */
  PodFailedException failed(PodView view, List<String> tail) {
    PodView.Failure f = view.failure();
    String which =
        f.container() == null
            ? "container '" + container + "'"
            : "container '" + f.container() + "'";
    String headline =
        switch (f.reason()) {
          case "ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull" ->
              "the image of "
                  + which
                  + " cannot be pulled ("
                  + f.reason()
                  + "). Check that the image name and tag are right, that the image was pushed, and"
                  + " that the cluster may pull it (imagePullSecrets)";
          case "InvalidImageName" ->
              "the image name of " + which + " is invalid (InvalidImageName)";
          case "CreateContainerConfigError" ->
              which
                  + " cannot be created (CreateContainerConfigError), usually a Secret or ConfigMap"
                  + " it refers to is missing";
          case "CreateContainerError", "RunContainerError" ->
              which + " cannot be started (" + f.reason() + ")";
          case "CrashLoopBackOff" -> which + " keeps crashing (CrashLoopBackOff)";
          case "Unschedulable" ->
              "the pod cannot be scheduled on any node (Unschedulable). Lower"
                  + " its resource requests, or check its node selector, affinity and tolerations";
          case "Evicted" -> "the pod was evicted from its node (Evicted)";
          case "DeadlineExceeded" ->
              "the pod ran past its activeDeadlineSeconds (DeadlineExceeded)";
          case "BackoffLimitExceeded" -> "the job failed (BackoffLimitExceeded)";
          default -> "the pod failed (" + f.reason() + ")";
        };
    List<String> logs = tail.isEmpty() && view.started() ? fetchTail() : tail;
    return build(headline, f.message(), f.reason(), view.exitCode(), events(), logs);
  }

  /** The timeout passed before the pod got as far as asked. */
  PodFailedException timedOut(
      PodView view, Duration timeout, boolean waitingForStart, List<String> tail) {
    String state =
        "phase "
            + view.phase()
            + (view.waitingReason() == null ? "" : ", container waiting: " + view.waitingReason());
    String headline =
        "the pod did not "
            + (waitingForStart ? "start" : "finish")
            + " within "
            + human(timeout)
            + " ("
            + state
            + "). Raise <timeout> / -Dk8s-run.timeout (e.g. PT30M),"
            + " or look at the events below";
    List<String> logs = tail.isEmpty() && view.started() ? fetchTail() : tail;
    return build(headline, null, "Timeout", view.exitCode(), events(), logs);
  }

  /** The pod disappeared while we waited for it. */
  PodFailedException deleted(List<String> tail) {
    return build(
        "the pod was deleted while waiting for it (by someone else, or by a controller)",
        null,
        "Deleted",
        null,
        List.of(),
        tail);
  }

  private PodFailedException build(
      String headline,
      String detail,
      String reason,
      Integer exitCode,
      List<String> events,
      List<String> logs) {
    StringBuilder message =
        new StringBuilder("pod ")
            .append(pod)
            .append(" in namespace ")
            .append(namespace)
            .append(" failed: ")
            .append(headline);
    if (detail != null && !detail.isBlank()) {
      message.append("\n  message: ").append(detail.strip().replace("\n", "\n    "));
    }
    if (!events.isEmpty()) {
      message.append("\n  recent events:");
      events.forEach(e -> message.append("\n    ").append(e));
    }
    if (!logs.isEmpty()) {
      message
          .append("\n  last ")
          .append(logs.size())
          .append(" log line")
          .append(logs.size() == 1 ? "" : "s")
          .append(" of container '")
          .append(container)
          .append("':");
      logs.forEach(l -> message.append("\n    ").append(l));
    }
    return new PodFailedException(message.toString(), pod, reason, exitCode, events, logs);
  }

  /** The pod's recent events, oldest first; an empty list when none or not readable. */
  List<String> events() {
    try {
      List<Event> items =
          new ArrayList<>(
              client
                  .v1()
                  .events()
                  .inNamespace(namespace)
                  .withField("involvedObject.name", pod)
                  .list()
                  .getItems());
      items.removeIf(
          e -> e.getInvolvedObject() == null || !pod.equals(e.getInvolvedObject().getName()));
      items.sort(Comparator.comparing(FailureReport::when));
      List<String> lines = new ArrayList<>();
      for (Event e : items.subList(Math.max(0, items.size() - EVENTS), items.size())) {
        lines.add(
            e.getType()
                + " "
                + e.getReason()
                + ": "
                + e.getMessage()
                + (e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : ""));
      }
      return lines;
    } catch (KubernetesClientException e) {
      String why =
          e.getCode() == 403
              ? "forbidden"
              : e.getCode() == 0 ? "unreachable" : "HTTP " + e.getCode();
      return List.of("(events not readable: " + why + ")");
    }
  }

  private static String when(Event e) {
    String t =
        e.getLastTimestamp() != null
            ? e.getLastTimestamp()
            : e.getEventTime() != null
                ? e.getEventTime().getTime()
                : e.getMetadata().getCreationTimestamp();
    return t == null ? "" : t;
  }

  private List<String> fetchTail() {
    try {
      String log =
          client
              .pods()
              .inNamespace(namespace)
              .withName(pod)
              .inContainer(container)
              .withReadyWaitTimeout(0)
              .tailingLines(logLines)
              .getLog();
      return log == null || log.isEmpty() ? List.of() : List.of(log.split("\r?\n"));
    } catch (KubernetesClientException e) {
      return List.of();
    }
  }

  static String human(Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + " ms";
    }
    if (d.toSeconds() < 120) {
      return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
    return d.toMinutes() + " min" + (d.toSecondsPart() == 0 ? "" : " " + d.toSecondsPart() + " s");
  }
}
