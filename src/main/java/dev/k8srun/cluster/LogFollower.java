package dev.k8srun.cluster;

import dev.k8srun.config.Reporter;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Streams one container's log into {@link LogLines}, exactly once per line, even when the stream
 * breaks off.
 *
 * <p>How it stays exact: it counts the complete lines (ended by {@code \n}) it has printed. Every
 * (re)connection reads the log from its start and skips that many lines; a line cut off by a broken
 * stream is not counted, so it is printed whole after the reconnect. While the container runs the
 * stream follows; once the container has ended, one last plain read (no follow) prints whatever is
 * left, including a last line without {@code \n}. The kubelet serves the whole file of an ended
 * container, so nothing is lost and nothing repeats. (A container log rotated by the kubelet while
 * we follow, at 10 MiB by default, would break the count; we accept that.)
 */
final class LogFollower implements Runnable {

  private static final long MIN_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 2_000;

  private final KubernetesClient client;
  private final String namespace;
  private final String pod;
  private final Supplier<Pod> latest;
  private final String container;
  private final LogLines lines;
  private final BooleanSupplier terminated;
  private final Signal signal;
  private final Reporter reporter;
  private volatile boolean stopped;
  private volatile LogWatch current;
  private long printed;

  LogFollower(
      KubernetesClient client,
      String namespace,
      Supplier<Pod> latest,
      String container,
      LogLines lines,
      BooleanSupplier terminated,
      Signal signal,
      Reporter reporter) {
    this.client = client;
    this.namespace = namespace;
    this.latest = latest;
    this.pod = latest.get().getMetadata().getName();
    this.container = container;
    this.lines = lines;
    this.terminated = terminated;
    this.signal = signal;
    this.reporter = reporter;
  }

  /** Starts following on its own thread. */
  Thread start() {
    Thread thread = new Thread(this, "k8s-run-log-" + pod);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * Ends the current follow stream, if any, without stopping: the follower then does its final
   * read. Used when the container has ended but the stream stays open (the count keeps it exact).
   */
  void cutStream() {
    LogWatch watch = current;
    if (watch != null) {
      watch.close();
    }
  }

  /** Stops following (on timeout, failure or Ctrl-C); the thread ends soon after. */
  void stop() {
    stopped = true;
    LogWatch watch = current;
    if (watch != null) {
      watch.close();
    }
    signal.bump();
  }

  @Override
  public void run() {
    long backoff = MIN_BACKOFF_MS;
    while (!stopped) {
      boolean ended = terminated.getAsBoolean();
      long before = printed;
      long seen = signal.version();
      try {
        read(!ended);
        if (ended) {
          return; // the final read of an ended container: all printed
        }
        reporter.debug("Log stream of pod " + pod + " ended before its container did; resuming");
      } catch (IOException | KubernetesClientException e) {
        if (stopped) {
          return;
        }
        if (!ended && terminated.getAsBoolean()) {
          continue; // the stream was cut because the container ended: do the final read now
        }
        if (e instanceof KubernetesClientException k && k.getCode() == 404) {
          reporter.warn("Pod " + pod + " is gone: its log cannot be followed any more");
          return;
        }
        reporter.debug(
            "Log stream of pod " + pod + " broke off (" + e.getMessage() + "); resuming");
        if (ended) {
          reporter.warn("Could not read the rest of the log of pod " + pod + ": " + e.getMessage());
          return;
        }
      }
      backoff = printed > before ? MIN_BACKOFF_MS : Math.min(backoff * 2, MAX_BACKOFF_MS);
      try {
        // reconnect when the pod changes (e.g. the container ended) or after a short backoff
        signal.awaitChange(seen, System.nanoTime() + backoff * 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void read(boolean follow) throws IOException {
    // the pod object we already hold spares fabric8 a GET to check the container name
    ContainerResource log =
        client
            .pods()
            .inNamespace(namespace)
            .resource(latest.get())
            .inContainer(container)
            .withReadyWaitTimeout(0);
    if (follow) {
      try (LogWatch watch = log.watchLog()) {
        current = watch;
        if (stopped) {
          return;
        }
        consume(watch.getOutput(), false);
      } finally {
        current = null;
      }
    } else {
      try (InputStream in = log.getLogInputStream()) {
        consume(in, true);
      }
    }
  }

  /**
   * Prints the lines past those already printed; a trailing partial line only if {@code complete}.
   */
  private void consume(InputStream in, boolean complete) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long index = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
          index++;
          if (index > printed) {
            emit(line);
            printed = index;
          }
          line.reset();
        } else {
          line.write(buffer[i]);
        }
      }
      if (stopped) {
        return;
      }
    }
    if (complete && line.size() > 0 && index + 1 > printed) {
      emit(line);
      printed = index + 1;
    }
  }

  private void emit(ByteArrayOutputStream line) {
    String text = line.toString(StandardCharsets.UTF_8);
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    lines.accept(text);
  }
}
