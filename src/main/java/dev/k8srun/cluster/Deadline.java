package dev.k8srun.cluster;

import java.time.Duration;

/** A point in time the whole operation must finish by. */
record Deadline(long nanos, Duration total) {

  static Deadline after(Duration timeout) {
    return new Deadline(System.nanoTime() + timeout.toNanos(), timeout);
  }

  long remainingMillis() {
    return Math.max(0, (nanos - System.nanoTime()) / 1_000_000);
  }

  boolean passed() {
    return System.nanoTime() - nanos >= 0;
  }
}
