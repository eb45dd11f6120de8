package dev.k8srun.cluster;

/** A change counter that threads wait on: watches bump it, the waiting thread wakes up at once. */
final class Signal {

  private long version;

  synchronized void bump() {
    version++;
    notifyAll();
  }

  synchronized long version() {
    return version;
  }

  /**
   * Waits until something changed since {@code seen}, or until {@code untilNanos} (a {@link
   * System#nanoTime()} value). Returns whether something changed.
   */
  synchronized boolean awaitChange(long seen, long untilNanos) throws InterruptedException {
    while (version == seen) {
      long left = untilNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      long millis = left / 1_000_000;
      wait(millis, (int) (left % 1_000_000));
    }
    return true;
  }
}
