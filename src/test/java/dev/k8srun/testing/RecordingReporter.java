package dev.k8srun.testing;

import dev.k8srun.config.Reporter;
import java.util.ArrayList;
import java.util.List;

/** A {@link Reporter} that keeps every line, for assertions; optionally echoes to stdout. */
public final class RecordingReporter implements Reporter {

  private final List<String> info = new ArrayList<>();
  private final List<String> warn = new ArrayList<>();
  private final List<String> debug = new ArrayList<>();
  private final boolean echo;

  public RecordingReporter() {
    this(Boolean.getBoolean("k8s-run.test.echo"));
  }

  public RecordingReporter(boolean echo) {
    this.echo = echo;
  }

  @Override
  public synchronized void info(String message) {
    info.add(message);
    print("[INFO] ", message);
  }

  @Override
  public synchronized void warn(String message) {
    warn.add(message);
    print("[WARNING] ", message);
  }

  @Override
  public synchronized void debug(String message) {
    debug.add(message);
    print("[DEBUG] ", message);
  }

  @Override
  public boolean isDebugEnabled() {
    return true;
  }

  public synchronized List<String> info() {
    return List.copyOf(info);
  }

  public synchronized List<String> warnings() {
    return List.copyOf(warn);
  }

  public synchronized List<String> debugs() {
    return List.copyOf(debug);
  }

  /** Every line at every level. */
  public synchronized List<String> all() {
    List<String> all = new ArrayList<>(info);
    all.addAll(warn);
    all.addAll(debug);
    return all;
  }

  /** The info lines that start with {@code [pod/<name>] }, without that prefix. */
  public synchronized List<String> podLines(String pod) {
    String prefix = "[pod/" + pod + "] ";
    return info.stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .toList();
  }

  private void print(String level, String message) {
    if (echo) {
      System.out.println(level + message);
    }
  }
}
