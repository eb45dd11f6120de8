package dev.k8srun.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where k8s-run:build's time goes, from the timestamps of its own log lines in the benchmark's build logs
 * ({@code bench/work/logs/<project>-<case>-<round>-k8s-run.log}, written with Maven's log timestamps on): the
 * medians, per project and case, of the time between the goal's start and its base-image line, its
 * update-image line, its manifest line and the end of the build; and the same for jib's goal as a whole.
 *
 * <pre>java -cp ... dev.k8srun.bench.Timeline bench/work/logs</pre>
 */
public final class Timeline {

  private static final Pattern LINE = Pattern.compile("^(\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3}) \\[\\w+\\] (.*)$");
  private static final Pattern FILE = Pattern.compile("^(\\w+)-(cold|no-change|code-only|dependency)-(\\d+)-(k8s-run|jib)\\.log$");
  private static final String[] K8S_SEGMENTS = {
      "start -> base line (realm, request, plan, base key, base check)",
      "base line -> update line (update key, image.json, update check or push)",
      "update line -> manifest line (image.json written, pod.yaml)",
      "manifest line -> BUILD SUCCESS"};
  private static final String[] JIB_SEGMENTS = {
      "start -> 'Containerizing application' (realm, configuration)",
      "'Containerizing' -> 'Built and pushed' (jib's build steps)",
      "'Built and pushed' -> BUILD SUCCESS"};

  private Timeline() {}

  public static void main(String[] args) throws IOException {
    Map<String, List<double[]>> segments = new TreeMap<>();
    try (Stream<Path> files = Files.list(Path.of(args[0]))) {
      for (Path file : files.sorted().toList()) {
        Matcher name = FILE.matcher(file.getFileName().toString());
        if (!name.matches()) {
          continue;
        }
        boolean k8s = name.group(4).equals("k8s-run");
        double[] marks = k8s
            ? marks(file, "--- k8s-run:", "Base image ", "Update image ", "Wrote ", "BUILD SUCCESS")
            : marks(file, "--- jib:", "Containerizing application", "Built and pushed", "BUILD SUCCESS");
        if (marks == null) {
          continue;
        }
        double[] durations = new double[marks.length];
        for (int i = 1; i < marks.length; i++) {
          durations[i - 1] = marks[i] - marks[i - 1];
        }
        durations[marks.length - 1] = marks[marks.length - 1] - marks[0];
        segments.computeIfAbsent(name.group(1) + " " + name.group(2) + " " + name.group(4), k -> new ArrayList<>())
            .add(durations);
      }
    }
    for (Map.Entry<String, List<double[]>> entry : segments.entrySet()) {
      boolean k8s = entry.getKey().endsWith("k8s-run");
      String[] labels = k8s ? K8S_SEGMENTS : JIB_SEGMENTS;
      System.out.printf(Locale.ROOT, "%s (%d runs), medians:%n", entry.getKey(), entry.getValue().size());
      for (int i = 0; i <= labels.length; i++) {
        int index = i;
        double[] values = entry.getValue().stream().mapToDouble(d -> d[index]).sorted().toArray();
        System.out.printf(Locale.ROOT, "  %6.0f ms  %s%n", median(values) * 1000,
            i < labels.length ? labels[i] : "goal in all");
      }
    }
  }

  /** The time of the first line holding each marker, in order; null when one is missing. */
  private static double[] marks(Path file, String... markers) throws IOException {
    double[] marks = new double[markers.length];
    int next = 0;
    for (String text : Files.readAllLines(file)) {
      Matcher m = LINE.matcher(text);
      if (!m.matches() || next >= markers.length) {
        continue;
      }
      if (m.group(5).contains(markers[next])) {
        marks[next++] = Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60
            + Integer.parseInt(m.group(3)) + Integer.parseInt(m.group(4)) / 1000.0;
      }
    }
    return next == markers.length ? marks : null;
  }

  private static double median(double[] sorted) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
