package dev.k8srun.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How long {@code deploy} waits for the pod. */
public enum WaitMode {
  /** Return as soon as the pod (or Job) is created. */
  NONE,
  /** Wait until the main container runs (or has already ended). */
  STARTED,
  /** Wait until the main container has ended, follow its log, and report its exit code. */
  COMPLETED;

  /** Parses {@code none}, {@code started}, {@code completed} in any case. */
  public static WaitMode parse(String value) {
    return Enums.parse(WaitMode.class, value, "wait");
  }

  /** The spelling users write: {@code completed}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  static String choices(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(Object::toString)
        .collect(Collectors.joining(", "));
  }
}
