package dev.k8srun.cluster;

import dev.k8srun.config.Reporter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Prints a pod's log lines as {@code [pod/<name>] <line>} and keeps the last few for a failure
 * message.
 */
final class LogLines {

  private final Reporter reporter;
  private final String prefix;
  private final int keep;
  private final Deque<String> tail = new ArrayDeque<>();
  private long count;

  LogLines(Reporter reporter, String podName, int keep) {
    this.reporter = reporter;
    this.prefix = "[pod/" + podName + "] ";
    this.keep = keep;
  }

  synchronized void accept(String line) {
    reporter.info(prefix + line);
    count++;
    tail.addLast(line);
    if (tail.size() > keep) {
      tail.removeFirst();
    }
  }

  synchronized List<String> tail() {
    return new ArrayList<>(tail);
  }

  synchronized long count() {
    return count;
  }
}
