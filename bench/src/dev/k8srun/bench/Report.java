package dev.k8srun.bench;

import dev.k8srun.bench.Bench.Case;
import dev.k8srun.bench.Bench.Run;
import dev.k8srun.bench.Bench.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** The table, the k8s-run/jib ratios and the targets' PASS/MISS lines, from the runs of one benchmark. */
final class Report {

  private Report() {}

  static String render(List<Run> runs, String warmRuns, int heavyRuns, String started, String command, String plugin,
      String from, String loadBefore, String loadAfter, double totalSeconds, Map<String, Integer> jars) {
    StringBuilder out = new StringBuilder();
    Set<String> projects = new LinkedHashSet<>();
    runs.forEach(r -> projects.add(r.project()));
    Set<Case> cases = new LinkedHashSet<>();
    for (Case kase : Case.values()) {
      if (runs.stream().anyMatch(r -> r.kase() == kase)) {
        cases.add(kase);
      }
    }
    out.append("k8s-run-maven-plugin benchmark (issue 5), started ").append(started).append('\n');
    out.append("machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (nproc), ")
        .append(memory()).append(", Java ").append(System.getProperty("java.version"))
        .append(", Maven 3.9.11 (wrapper); load average before ").append(loadBefore).append(", after ")
        .append(loadAfter).append('\n');
    out.append("command: ").append(command).append('\n');
    out.append("plugin: k8s-run-maven-plugin ").append(plugin).append("; jib-maven-plugin ")
        .append(BenchProject.JIB_VERSION).append('\n');
    out.append("from image: ").append(from).append('\n');
    out.append(String.format(Locale.ROOT, "runs (n): %s each for no change and code-only (more while within the"
        + " time budget), %d for cold and dependency; tools alternated round by round; medians%n", warmRuns,
        heavyRuns));
    out.append("wall = mvnw start to exit (range = min-max of the runs); overhead = median wall of the tool - median"
        + " wall of the floor (mvn package) in the same case; goal = the goal's own time in the build log (its"
        + " '--- goal ---' line to BUILD SUCCESS); cpu = user+sys of the Maven JVM; uploaded = request bodies the"
        + " registry received (blobs + manifests); received = every byte sent to the registry (headers too);"
        + " up req = PUT/PATCH/POST requests\n\n");

    out.append(String.format(Locale.ROOT, "%-7s %5s  %-10s %-8s %2s %7s %12s %9s %7s %7s %9s %11s %11s %6s%n",
        "project", "jars", "case", "tool", "n", "wall s", "range s", "overhead", "goal s", "cpu s", "peak RSS",
        "uploaded", "received", "up req"));
    for (String project : projects) {
      for (Case kase : cases) {
        double floor = median(select(runs, project, kase, Tool.FLOOR), Run::wallSeconds);
        for (Tool tool : Tool.values()) {
          List<Run> selected = select(runs, project, kase, tool);
          if (selected.isEmpty()) {
            continue;
          }
          double wall = median(selected, Run::wallSeconds);
          out.append(String.format(Locale.ROOT, "%-7s %5d  %-10s %-8s %2d %7.2f %12s %9s %7s %7.2f %9s %11s %11s %6s%n",
              project, jars.getOrDefault(project, 0), kase.label, tool.label, selected.size(), wall,
              String.format(Locale.ROOT, "%.2f-%.2f", min(selected, Run::wallSeconds), max(selected, Run::wallSeconds)),
              tool == Tool.FLOOR || Double.isNaN(floor) ? "-" : String.format(Locale.ROOT, "%+.2f", wall - floor),
              tool == Tool.FLOOR ? "-" : String.format(Locale.ROOT, "%.2f", median(selected, Run::goalSeconds)),
              median(selected, Run::cpuSeconds),
              Bench.bytes((long) median(selected, r -> r.rssKb() * 1024.0)),
              Bench.bytes((long) median(selected, r -> r.traffic().bodyBytes())),
              Bench.bytes((long) median(selected, r -> r.traffic().wireBytes())),
              fmt(median(selected, r -> r.traffic().uploadRequests()))));
        }
      }
    }

    out.append("\nratios k8s-run / jib, same run: overhead (wall), goal time, CPU overhead, bytes uploaded, peak RSS\n");
    out.append(String.format(Locale.ROOT, "%-7s %-10s %9s %6s %8s %9s %9s   %-22s %-22s%n", "project", "case",
        "overhead", "goal", "cpu ovh", "uploaded", "peak RSS", "k8s-run ovh/goal/cpu s", "jib ovh/goal/cpu s"));
    for (String project : projects) {
      for (Case kase : cases) {
        double k8s = overhead(runs, project, kase, Tool.K8S);
        double jib = overhead(runs, project, kase, Tool.JIB);
        double k8sGoal = median(select(runs, project, kase, Tool.K8S), Run::goalSeconds);
        double jibGoal = median(select(runs, project, kase, Tool.JIB), Run::goalSeconds);
        double k8sCpu = cpuOverhead(runs, project, kase, Tool.K8S);
        double jibCpu = cpuOverhead(runs, project, kase, Tool.JIB);
        double k8sBytes = median(select(runs, project, kase, Tool.K8S), r -> r.traffic().bodyBytes());
        double jibBytes = median(select(runs, project, kase, Tool.JIB), r -> r.traffic().bodyBytes());
        double rss = median(select(runs, project, kase, Tool.K8S), r -> r.rssKb())
            / median(select(runs, project, kase, Tool.JIB), r -> r.rssKb());
        out.append(String.format(Locale.ROOT, "%-7s %-10s %9s %6s %8s %9s %9s   %-22s %-22s%n", project, kase.label,
            ratio(k8s, jib), ratio(k8sGoal, jibGoal), ratio(k8sCpu, jibCpu), ratio(k8sBytes, jibBytes),
            ratio(rss, 1), String.format(Locale.ROOT, "%.2f / %.2f / %.2f", k8s, k8sGoal, k8sCpu),
            String.format(Locale.ROOT, "%.2f / %.2f / %.2f", jib, jibGoal, jibCpu)));
      }
    }

    out.append("\ntargets\n");
    targets(out, runs, projects, cases);
    out.append(String.format(Locale.ROOT, "%ntotal run time: %.1f min (setup, warm-up and measurements)%n",
        totalSeconds / 60));
    return out.toString();
  }

  private static void targets(StringBuilder out, List<Run> runs, Set<String> projects, Set<Case> cases) {
    if (cases.contains(Case.CODE)) {
      // 1. Code-only: no dependency bytes; total within 2x (classes layer + config + manifest).
      boolean pass = true;
      List<String> details = new ArrayList<>();
      for (String project : projects) {
        long dependencyBytes = 0;
        double worst = 0;
        long worstUploaded = 0;
        long worstReference = 0;
        for (Run run : select(runs, project, Case.CODE, Tool.K8S)) {
          dependencyBytes = Math.max(dependencyBytes, run.check().dependencyBytes());
          double share = (double) run.traffic().bodyBytes() / run.check().reference();
          if (share >= worst) {
            worst = share;
            worstUploaded = run.traffic().bodyBytes();
            worstReference = run.check().reference();
          }
        }
        pass &= dependencyBytes == 0 && worst <= 2.0;
        details.add(String.format(Locale.ROOT, "%s: %s dependency bytes, uploaded %s = %.2fx of classes layer +"
            + " config + manifest (%s; limit 2x)", project, Bench.bytes(dependencyBytes), Bench.bytes(worstUploaded),
            worst, Bench.bytes(worstReference)));
      }
      line(out, pass, "code-only uploads: zero dependency bytes, total <= 2x (code layer + config + manifest),"
          + " worst run per project", details);

      // 2. Overhead, code-only: at most half of jib's.
      pass = true;
      details = new ArrayList<>();
      for (String project : projects) {
        double k8s = overhead(runs, project, Case.CODE, Tool.K8S);
        double jib = overhead(runs, project, Case.CODE, Tool.JIB);
        double r = k8s / jib;
        pass &= jib > 0 && r <= 0.5;
        double k8sGoal = median(select(runs, project, Case.CODE, Tool.K8S), Run::goalSeconds);
        double jibGoal = median(select(runs, project, Case.CODE, Tool.JIB), Run::goalSeconds);
        details.add(String.format(Locale.ROOT, "%s: %.2f s vs jib %.2f s = %sx (limit 0.5x); goal time %.2f s vs"
            + " %.2f s = %sx", project, k8s, jib, ratio(k8s, jib), k8sGoal, jibGoal, ratio(k8sGoal, jibGoal)));
      }
      line(out, pass, "overhead over the floor, code-only change: k8s-run <= 0.5x jib's", details);
    }

    // 3. Flat in dependency count: large/small overhead <= 1.2 (code-only and no change).
    if (projects.contains("small") && projects.contains("large")) {
      boolean pass = true;
      List<String> details = new ArrayList<>();
      for (Case kase : List.of(Case.CODE, Case.NO_CHANGE)) {
        if (!cases.contains(kase)) {
          continue;
        }
        double small = overhead(runs, "small", kase, Tool.K8S);
        double large = overhead(runs, "large", kase, Tool.K8S);
        double r = large / small;
        pass &= small > 0 && r <= 1.2;
        double smallGoal = median(select(runs, "small", kase, Tool.K8S), Run::goalSeconds);
        double largeGoal = median(select(runs, "large", kase, Tool.K8S), Run::goalSeconds);
        details.add(String.format(Locale.ROOT, "%s: large %.2f s / small %.2f s = %sx (limit 1.2x; jib: %sx);"
                + " goal time %.2f s / %.2f s = %sx (jib: %sx)", kase.label, large, small, ratio(large, small),
            ratio(overhead(runs, "large", kase, Tool.JIB), overhead(runs, "small", kase, Tool.JIB)), largeGoal,
            smallGoal, ratio(largeGoal, smallGoal),
            ratio(median(select(runs, "large", kase, Tool.JIB), Run::goalSeconds),
                median(select(runs, "small", kase, Tool.JIB), Run::goalSeconds))));
      }
      line(out, pass, "flat in dependency count: k8s-run overhead large <= 1.2x small", details);
    }

    // 4. No change: nothing uploaded.
    if (cases.contains(Case.NO_CHANGE)) {
      boolean pass = true;
      List<String> details = new ArrayList<>();
      for (String project : projects) {
        List<Run> selected = select(runs, project, Case.NO_CHANGE, Tool.K8S);
        int uploads = selected.stream().mapToInt(r -> r.traffic().uploadRequests()).max().orElse(0);
        long bodies = selected.stream().mapToLong(r -> r.traffic().bodyBytes()).max().orElse(0);
        int requests = selected.stream().mapToInt(r -> r.traffic().requests()).max().orElse(0);
        long wire = selected.stream().mapToLong(r -> r.traffic().wireBytes()).max().orElse(0);
        pass &= uploads == 0 && bodies == 0;
        List<Run> jib = select(runs, project, Case.NO_CHANGE, Tool.JIB);
        details.add(String.format(Locale.ROOT, "%s: at most %d upload requests, %s of bodies; only %d GET/HEAD"
                + " requests (%s with headers) in the worst of %d runs (jib: %d upload requests, %s)", project, uploads,
            Bench.bytes(bodies), requests, Bench.bytes(wire), selected.size(),
            jib.stream().mapToInt(r -> r.traffic().uploadRequests()).max().orElse(0),
            Bench.bytes(jib.stream().mapToLong(r -> r.traffic().bodyBytes()).max().orElse(0))));
      }
      line(out, pass, "no change: nothing uploaded (no PUT/PATCH/POST, no request body)", details);
    }

    // 5. Peak RSS within 1.2x of jib's.
    boolean pass = true;
    List<String> details = new ArrayList<>();
    double worst = 0;
    String where = "";
    for (String project : projects) {
      for (Case kase : cases) {
        double r = median(select(runs, project, kase, Tool.K8S), Run::rssKb)
            / median(select(runs, project, kase, Tool.JIB), Run::rssKb);
        pass &= r <= 1.2;
        if (r > worst) {
          worst = r;
          where = project + ", " + kase.label;
        }
      }
    }
    details.add(String.format(Locale.ROOT, "worst median ratio %.2fx (%s); limit 1.2x", worst, where));
    line(out, pass, "peak RSS of the Maven JVM: k8s-run <= 1.2x jib, every project and case", details);
  }

  private static void line(StringBuilder out, boolean pass, String target, List<String> details) {
    out.append(pass ? "PASS " : "MISS ").append(target).append('\n');
    details.forEach(d -> out.append("       ").append(d).append('\n'));
  }

  static double overhead(List<Run> runs, String project, Case kase, Tool tool) {
    return median(select(runs, project, kase, tool), Run::wallSeconds)
        - median(select(runs, project, kase, Tool.FLOOR), Run::wallSeconds);
  }

  static double cpuOverhead(List<Run> runs, String project, Case kase, Tool tool) {
    return median(select(runs, project, kase, tool), Run::cpuSeconds)
        - median(select(runs, project, kase, Tool.FLOOR), Run::cpuSeconds);
  }

  static List<Run> select(List<Run> runs, String project, Case kase, Tool tool) {
    return runs.stream().filter(r -> r.project().equals(project) && r.kase() == kase && r.tool() == tool).toList();
  }

  static double median(List<Run> runs, ToDoubleFunction<Run> value) {
    double[] values = runs.stream().mapToDouble(value).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  private static double min(List<Run> runs, ToDoubleFunction<Run> value) {
    return runs.stream().mapToDouble(value).min().orElse(Double.NaN);
  }

  private static double max(List<Run> runs, ToDoubleFunction<Run> value) {
    return runs.stream().mapToDouble(value).max().orElse(Double.NaN);
  }

  private static String ratio(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.2f", a / b);
  }

  private static String fmt(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String memory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("\\D", ""));
          return String.format(Locale.ROOT, "%.1f GiB memory", kb / 1024.0 / 1024.0);
        }
      }
    } catch (IOException e) {
      // unknown
    }
    return "? memory";
  }

  /** Every run, one line each. */
  static String csv(List<Run> runs) {
    StringBuilder out = new StringBuilder("project,jars,case,tool,round,wall_s,goal_s,cpu_s,peak_rss_kb,uploaded_body_bytes,"
        + "received_wire_bytes,requests,upload_requests,blobs_uploaded,blob_bytes,manifest_puts,manifest_bytes,mounts,"
        + "dependency_bytes,classes_layer_bytes,config_bytes,manifest_size\n");
    for (Run r : runs) {
      out.append(String.join(",", r.project(), String.valueOf(r.jars()), r.kase().label, r.tool().label,
          String.valueOf(r.round()), String.format(Locale.ROOT, "%.3f", r.wallSeconds()),
          String.format(Locale.ROOT, "%.3f", r.goalSeconds()),
          String.format(Locale.ROOT, "%.2f", r.cpuSeconds()), String.valueOf(r.rssKb()),
          String.valueOf(r.traffic().bodyBytes()), String.valueOf(r.traffic().wireBytes()),
          String.valueOf(r.traffic().requests()), String.valueOf(r.traffic().uploadRequests()),
          String.valueOf(r.traffic().blobs().size()), String.valueOf(r.traffic().blobBytes()),
          String.valueOf(r.traffic().manifestPuts()), String.valueOf(r.traffic().manifestBytes()),
          String.valueOf(r.traffic().mounts()),
          r.check() == null ? "" : String.valueOf(r.check().dependencyBytes()),
          r.check() == null ? "" : String.valueOf(r.check().classesLayer()),
          r.check() == null ? "" : String.valueOf(r.check().config()),
          r.check() == null ? "" : String.valueOf(r.check().manifest()))).append('\n');
    }
    return out.toString();
  }
}
