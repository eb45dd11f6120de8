package dev.k8srun.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a plugin's time goes, from JFR recordings of Maven builds (item 4 of issue 5): execution samples of all
 * threads while the plugin's mojo runs, counted inclusively per method of the plugin's packages (and of jib),
 * and by the leaf frame; the classes loaded while it runs, by package, with their summed load time.
 *
 * <pre>java -cp ... dev.k8srun.bench.JfrSummary &lt;package of the mojo&gt; file.jfr...</pre>
 *
 * Record with {@code -XX:StartFlightRecording=filename=F.jfr,settings=profile,jdk.ClassLoad#enabled=true}.
 */
public final class JfrSummary {

  private JfrSummary() {}

  public static void main(String[] args) throws IOException {
    String mojo = args[0];
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> leaves = new HashMap<>();
    Map<String, Integer> loaded = new HashMap<>();
    Map<String, Long> loadNanos = new HashMap<>();
    int samples = 0;
    int files = 0;
    long windowNanos = 0;
    for (int i = 1; i < args.length; i++) {
      files++;
      List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[i]));
      // The mojo's window: from the loading of the first class of the plugin's package (its mojo) to the end of
      // the recording (the goal is the build's last step).
      Instant first = null;
      Instant last = null;
      for (RecordedEvent event : events) {
        if (event.getEventType().getName().equals("jdk.ClassLoad")
            && event.getClass("loadedClass").getName().startsWith(mojo)) {
          first = first == null || event.getStartTime().isBefore(first) ? event.getStartTime() : first;
        }
        last = last == null || event.getEndTime().isAfter(last) ? event.getEndTime() : last;
      }
      if (first == null) {
        System.out.println(args[i] + ": no class of " + mojo + " loaded (record with jdk.ClassLoad#enabled=true)");
        continue;
      }
      windowNanos += Duration.between(first, last).toNanos();
      for (RecordedEvent event : events) {
        if (event.getStartTime().isBefore(first) || event.getStartTime().isAfter(last)) {
          continue;
        }
        String type = event.getEventType().getName();
        if (type.equals("jdk.ExecutionSample")) {
          RecordedStackTrace stack = event.getStackTrace();
          if (stack == null) {
            continue;
          }
          samples++;
          Set<String> seen = new HashSet<>();
          List<RecordedFrame> frames = stack.getFrames();
          for (RecordedFrame frame : frames) {
            String type2 = frame.getMethod().getType().getName();
            if (type2.startsWith("dev.k8srun.") || type2.startsWith("com.google.cloud.tools.jib.")) {
              String name = type2.replaceFirst("^dev\\.k8srun\\.", "").replaceFirst("^com\\.google\\.cloud\\.tools\\.jib\\.", "jib.")
                  + "." + frame.getMethod().getName();
              if (seen.add(name)) {
                inclusive.merge(name, 1, Integer::sum);
              }
            }
          }
          if (!frames.isEmpty()) {
            leaves.merge(bucket(frames), 1, Integer::sum);
          }
        } else if (type.equals("jdk.ClassLoad") || type.equals("jdk.ClassDefine")) {
          if (!type.equals("jdk.ClassLoad")) {
            continue;
          }
          String name = event.getClass("loadedClass").getName();
          String pkg = packageGroup(name);
          loaded.merge(pkg, 1, Integer::sum);
          loadNanos.merge(pkg, event.getDuration().toNanos(), Long::sum);
        }
      }
    }
    System.out.printf("%d recordings, %d execution samples (all threads) in the mojo's windows, %.0f ms per"
        + " recording on average%n", files, samples, windowNanos / 1e6 / Math.max(1, files));
    System.out.println("\ninclusive samples per method (dev.k8srun.*, jib.*), top 45:");
    print(inclusive, 45, samples);
    System.out.println("\nsamples by leaf frame (class loading, zip/jar reading, crypto, ...), top 25:");
    print(leaves, 25, samples);
    if (!loaded.isEmpty()) {
      System.out.println("\nclasses loaded during the mojo, by package group (count, summed load time ms):");
      Map<String, Integer> sorted = loaded.entrySet().stream()
          .sorted((a, b) -> Long.compare(loadNanos.get(b.getKey()), loadNanos.get(a.getKey())))
          .limit(25)
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
      int n = Math.max(1, files);
      sorted.forEach((k, v) -> System.out.printf("  %6d %8.1f  %s%n", v / n, loadNanos.get(k) / 1e6 / n, k));
      System.out.printf("  total: %d classes per recording%n",
          loaded.values().stream().mapToInt(Integer::intValue).sum() / Math.max(1, files));
    }
  }

  /** What the sampled thread was doing, by its innermost frames. */
  private static String bucket(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      String method = frame.getMethod().getName();
      if (type.startsWith("java.lang.ClassLoader") || type.contains("ClassRealm") || type.contains("URLClassPath")
          || type.startsWith("jdk.internal.loader") || method.equals("defineClass1") || method.contains("loadClass")) {
        return "class loading (" + type.replaceFirst(".*\\.", "") + "." + method + ")";
      }
    }
    RecordedFrame leaf = frames.get(0);
    return packageGroup(leaf.getMethod().getType().getName()) + " (" + leaf.getMethod().getType().getName()
        .replaceFirst(".*\\.", "") + "." + leaf.getMethod().getName() + ")";
  }

  private static String packageGroup(String className) {
    String[] parts = className.split("\\.");
    int keep = className.startsWith("com.google.cloud.tools.jib") ? 6
        : className.startsWith("dev.k8srun") ? 3
        : className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
            || className.startsWith("sun.") ? 2 : 3;
    List<String> head = new ArrayList<>();
    for (int i = 0; i < Math.min(keep, parts.length - 1); i++) {
      head.add(parts[i]);
    }
    return String.join(".", head);
  }

  private static void print(Map<String, Integer> counts, int limit, int total) {
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(limit)
        .forEach(e -> System.out.printf("  %5d %5.1f%%  %s%n", e.getValue(), 100.0 * e.getValue() / Math.max(1, total),
            e.getKey()));
  }
}
