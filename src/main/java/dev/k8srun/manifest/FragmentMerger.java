package dev.k8srun.manifest;

import dev.k8srun.config.Reporter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Merges the user's fragment over the generated manifest. The rules:
 *
 * <ul>
 *   <li>Maps merge deeply; where both set a scalar, the fragment's value wins, and the reporter
 *       gets one info line naming the field (never its value, which may be a secret).
 *   <li>Lists of named things merge by {@code name}: {@code containers}, {@code env}, {@code
 *       volumes}, {@code volumeMounts}, {@code ports}, {@code imagePullSecrets}. An item whose name
 *       matches a generated item merges into it; other items are appended in the fragment's order
 *       (fragment items never merge with each other, so one volume can be mounted twice).
 *   <li>In {@code containers}, the first fragment container with no name, or with the run's
 *       container name, is the run's container; the others (sidecars) are appended and need a name.
 *   <li>Every other list (args, tolerations, capabilities.drop, ...) is replaced by the fragment's.
 *   <li>An env variable from the fragment with {@code valueFrom} replaces a configured {@code
 *       value} of the same name (and the other way round).
 *   <li>A {@code null} in the fragment removes the field.
 * </ul>
 *
 * <p>Structural checks (kind, refused fields) are done by {@link FragmentShape} before merging.
 */
final class FragmentMerger {

  static final Set<String> NAMED_LISTS =
      Set.of("containers", "env", "volumes", "volumeMounts", "ports", "imagePullSecrets");

  private final Path file;
  private final String containerName;
  private final Reporter reporter;

  FragmentMerger(Path file, String containerName, Reporter reporter) {
    this.file = file;
    this.containerName = containerName;
    this.reporter = reporter;
  }

  /** Merges {@code overlay} into {@code base}, changing {@code base}. */
  void merge(Map<String, Object> base, Map<String, Object> overlay) {
    mergeMap(base, overlay, "");
  }

  @SuppressWarnings("unchecked")
  private void mergeMap(Map<String, Object> base, Map<String, Object> overlay, String path) {
    for (Map.Entry<String, Object> entry : overlay.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      String at = child(path, key);
      Object current = base.get(key);
      if (value == null) {
        if (base.remove(key) != null) {
          reporter.info("The fragment " + file + " removes " + at + " (the fragment wins).");
        }
      } else if (current == null) {
        base.put(key, copy(value));
      } else if (current instanceof Map && value instanceof Map) {
        mergeMap((Map<String, Object>) current, (Map<String, Object>) value, at);
      } else if (current instanceof List && value instanceof List && NAMED_LISTS.contains(key)) {
        mergeNamedList((List<Object>) current, (List<Object>) value, at, key);
      } else {
        if (!sameValue(current, value)) {
          reporter.info(
              "The fragment "
                  + file
                  + " sets "
                  + at
                  + ", which the plugin configuration also sets: the fragment's value is used.");
        }
        base.put(key, copy(value));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void mergeNamedList(List<Object> base, List<Object> overlay, String path, String key) {
    List<Object> generated = List.copyOf(base);
    boolean oursSeen = false;
    for (Object item : overlay) {
      Object name = item instanceof Map<?, ?> map ? map.get("name") : null;
      if (key.equals("containers") && !oursSeen && (name == null || containerName.equals(name))) {
        oursSeen = true;
        name = containerName;
      }
      Map<String, Object> existing = name == null ? null : findByName(generated, name);
      if (existing != null && item instanceof Map) {
        String at = path + "[" + name + "]";
        if (key.equals("env")) {
          replaceValueSource(existing, (Map<String, Object>) item, at);
        }
        mergeMap(existing, (Map<String, Object>) item, at);
      } else {
        base.add(copy(item));
      }
    }
  }

  /**
   * An env variable has either a {@code value} or a {@code valueFrom}: when the fragment gives one,
   * the generated other goes, so the fragment's source wins alone.
   */
  private void replaceValueSource(
      Map<String, Object> variable, Map<String, Object> item, String at) {
    for (String[] pair : new String[][] {{"valueFrom", "value"}, {"value", "valueFrom"}}) {
      if (item.get(pair[0]) != null && variable.containsKey(pair[1])) {
        variable.remove(pair[1]);
        reporter.info(
            "The fragment "
                + file
                + " sets "
                + at
                + "."
                + pair[0]
                + ", which replaces the "
                + pair[1]
                + " the plugin configuration sets: the fragment's value is used.");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> findByName(List<Object> list, Object name) {
    for (Object item : list) {
      if (item instanceof Map<?, ?> map && Objects.equals(map.get("name"), name)) {
        return (Map<String, Object>) map;
      }
    }
    return null;
  }

  private static boolean sameValue(Object current, Object value) {
    if (current instanceof Number a && value instanceof Number b) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    return current.equals(value);
  }

  /** A path segment: {@code a.b} for plain keys, {@code a[b.c/d]} for keys with dots or slashes. */
  static String child(String path, String key) {
    if (key.contains(".") || key.contains("/")) {
      return path + "[" + key + "]";
    }
    return path.isEmpty() ? key : path + "." + key;
  }

  /**
   * A deep copy without {@code null} map values, so the result never shares the fragment's objects.
   */
  static Object copy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach(
          (key, item) -> {
            if (item != null) {
              copy.put(String.valueOf(key), copy(item));
            }
          });
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      for (Object item : list) {
        copy.add(copy(item));
      }
      return copy;
    }
    return value;
  }
}
