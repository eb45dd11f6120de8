package dev.k8srun.config;

import java.util.Locale;

/** Lenient parsing of the user-facing enum values: case, {@code -} and {@code _} do not matter. */
final class Enums {

  private Enums() {}

  static <E extends Enum<E>> E parse(Class<E> type, String value, String parameter) {
    String wanted = normalize(value);
    for (E constant : type.getEnumConstants()) {
      if (normalize(constant.name()).equals(wanted)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "invalid "
            + parameter
            + " '"
            + value
            + "': use one of "
            + WaitMode.choices(type)
            + " (<"
            + parameter
            + "> or -Dk8s-run."
            + parameter
            + ")");
  }

  private static String normalize(String value) {
    return value == null
        ? ""
        : value.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT).trim();
  }
}
