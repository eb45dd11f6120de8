package dev.k8srun.config;

/**
 * Where the Maven-free core reports what it does. The plugin adapts this to Maven's log; tests collect it.
 *
 * <p>{@code info} is for milestones only (one line each): an image and its digest, a manifest path, a pod
 * and its namespace, a phase change, a result. Everything else is {@code debug}.
 */
public interface Reporter {

  void info(String message);

  void warn(String message);

  void debug(String message);

  default boolean isDebugEnabled() {
    return false;
  }

  /** A reporter that drops everything. */
  static Reporter silent() {
    return new Reporter() {
      @Override
      public void info(String message) {}

      @Override
      public void warn(String message) {}

      @Override
      public void debug(String message) {}
    };
  }
}
