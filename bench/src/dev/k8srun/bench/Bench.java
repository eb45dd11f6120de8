package dev.k8srun.bench;

import dev.k8srun.bench.CountingHttpProxy.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark of issue 5 (items 1-3): three generated projects (small, medium, large), four cases (cold, no
 * change, code-only change, one dependency changed), three tools run alternately round by round ({@code mvn
 * package} alone, the floor; {@code package k8s-run:build}; {@code package jib:build}), each measured for wall
 * time, peak RSS of the Maven JVM ({@code /usr/bin/time -v}) and the bytes the registry received (a counting
 * proxy in front of it). Prints one table, the k8s-run/jib ratios, and PASS/MISS per target.
 */
public final class Bench {

  enum Tool {
    FLOOR("floor"), K8S("k8s-run"), JIB("jib");

    final String label;

    Tool(String label) {
      this.label = label;
    }
  }

  enum Case {
    COLD("cold"), NO_CHANGE("no change"), CODE("code-only"), DEPENDENCY("dependency");

    final String label;

    Case(String label) {
      this.label = label;
    }
  }

  /** One uploaded blob: its digest and the body bytes that carried it. */
  record Blob(String digest, long bytes) {}

  /** What the registry received during one build. */
  record Traffic(long wireBytes, long bodyBytes, int requests, int uploadRequests, List<Blob> blobs,
      int manifestPuts, long manifestBytes, int mounts) {

    long blobBytes() {
      return blobs.stream().mapToLong(Blob::bytes).sum();
    }
  }

  /** Code-only check of one run: dependency bytes uploaded, and the code layer + config + manifest sizes. */
  record CodeCheck(long dependencyBytes, long classesLayer, long config, long manifest) {
    long reference() {
      return classesLayer + config + manifest;
    }
  }

  /**
   * One measured build. {@code goalSeconds}: the goal's own time in the build log, from its {@code --- goal ---}
   * line to {@code BUILD SUCCESS} (0 for the floor): the part of the overhead that the plugin's code spends.
   */
  record Run(String project, int jars, Case kase, Tool tool, int round, double wallSeconds, double goalSeconds,
      double cpuSeconds, long rssKb, Traffic traffic, CodeCheck check) {}

  private static final Pattern UPLOAD_PATH = Pattern.compile("^/v2/(.+)/blobs/uploads/([^/]*)$");
  private static final Pattern MANIFEST_PATH = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
  private static final List<List<Tool>> ORDERS = List.of(
      List.of(Tool.FLOOR, Tool.K8S, Tool.JIB),
      List.of(Tool.K8S, Tool.JIB, Tool.FLOOR),
      List.of(Tool.JIB, Tool.FLOOR, Tool.K8S));

  private final Path repository;
  private final Path work;
  private final String pluginVersion;
  private final int runs;
  private final int heavyRuns;
  private final List<String> projectNames;
  private final List<Case> cases;
  private final String command;
  private final boolean serve;
  private final String pluginCommit;
  /** The benchmark's own local repository chained to the user's: see run.sh. */
  private final List<String> repositories;
  private final List<Run> results = new ArrayList<>();
  private final Map<String, Integer> jarCounts = new HashMap<>();
  private final Map<String, String> warmRepositories = new HashMap<>();
  private CountingHttpProxy proxy;
  private Registry registry;
  private String registryHost;
  private String from;
  private int edits;
  private final Map<String, Integer> bumps = new HashMap<>();
  /** The longest round so far per project and case, for the time budget. */
  private final Map<String, Double> roundSeconds = new HashMap<>();
  private final int minRuns;
  /** The plugin's test classpath, for the mock API server of the deploy loop; null: no deploy loop. */
  private final String testClasspath;
  private final int deployRuns;
  private final List<DeployLoop.Round> deployRounds = new ArrayList<>();
  private List<Double> warmDeploys = List.of();
  private boolean deployKubectl;
  private final double budgetMinutes;
  private final double startedEpoch;

  private Bench(Map<String, String> options) {
    this.repository = Path.of(options.getOrDefault("repo", ".")).toAbsolutePath().normalize();
    this.work = Path.of(options.getOrDefault("work", repository.resolve("bench/work").toString()))
        .toAbsolutePath().normalize();
    this.pluginVersion = options.getOrDefault("plugin-version", "0.1.0-SNAPSHOT");
    this.runs = Integer.parseInt(options.getOrDefault("runs", "7"));
    this.heavyRuns = Integer.parseInt(options.getOrDefault("heavy-runs", "3"));
    this.minRuns = Math.min(runs, Integer.parseInt(options.getOrDefault("min-runs", "3")));
    this.budgetMinutes = Double.parseDouble(options.getOrDefault("budget-minutes", "18.5"));
    this.startedEpoch = Double.parseDouble(options.getOrDefault("started-epoch",
        String.valueOf(System.currentTimeMillis() / 1000.0)));
    this.projectNames = List.of(options.getOrDefault("projects", "small,medium,large").split(","));
    this.cases = Arrays.stream(options.getOrDefault("cases", "cold,no-change,code-only,dependency").split(","))
        .map(c -> switch (c.trim()) {
          case "cold" -> Case.COLD;
          case "no-change" -> Case.NO_CHANGE;
          case "code-only" -> Case.CODE;
          case "dependency" -> Case.DEPENDENCY;
          default -> throw new IllegalArgumentException("unknown case " + c);
        }).toList();
    this.command = options.getOrDefault("command", "bench/run.sh");
    this.testClasspath = options.get("test-classpath");
    this.deployRuns = Integer.parseInt(options.getOrDefault("deploy-runs", "5"));
    this.serve = Boolean.parseBoolean(options.getOrDefault("serve", "false"));
    this.pluginCommit = options.getOrDefault("plugin-commit", "?");
    this.repositories = options.containsKey("m2-head")
        ? List.of("-Dmaven.repo.local=" + options.get("m2-head"), "-Dmaven.repo.local.tail=" + options.get("m2-tail"))
        : List.of();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("options are --name=value, got " + arg);
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    new Bench(options).run();
  }

  private void run() throws Exception {
    long start = System.nanoTime();
    String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    String loadBefore = loadAverage();
    Files.createDirectories(work);
    deleteTree(work.resolve("logs"));
    deleteTree(work.resolve("caches"));
    Files.createDirectories(work.resolve("logs"));
    try (LocalRegistry local = LocalRegistry.start(work.resolve("registry"));
        CountingHttpProxy counting = new CountingHttpProxy(new InetSocketAddress("127.0.0.1", local.port()))) {
      proxy = counting;
      registry = new Registry(local.port());
      registryHost = "127.0.0.1:" + counting.port();
      log("registry on 127.0.0.1:%d, counting proxy on %s", local.port(), registryHost);
      from = BaseImage.push(registryHost, "bench/runtime", "17", work.resolve("base"));
      Registry.Image base = registry.image("bench/runtime", from.substring(from.indexOf('@') + 1));
      log("from image %s: %d layer, %s compressed", from, base.layers().size(),
          bytes(base.layers().stream().mapToLong(Registry.Layer::size).sum()));

      // Each tool builds its own identical copy of each project, so no tool's build changes another's state.
      Map<String, Map<Tool, BenchProject>> projects = new LinkedHashMap<>();
      for (String name : projectNames) {
        Map<Tool, BenchProject> copies = new LinkedHashMap<>();
        for (Tool tool : Tool.values()) {
          BenchProject copy = BenchProject.of(name.trim(), work.resolve("projects/" + name.trim() + "/" + tool.label));
          copy.generate(repository, pluginVersion);
          copies.put(tool, copy);
        }
        projects.put(name.trim(), copies);
      }
      warmUp(projects);
      if (serve) {
        serve(projects);
        return;
      }
      log("warm-up done after %.0f s; measuring", seconds(start));
      // First every case with the minimum number of rounds; then more rounds of no change and code-only (the
      // cases of most targets), up to --runs, while the whole run stays within the time budget.
      for (Map<Tool, BenchProject> copies : projects.values()) {
        prepare(copies);
        for (Case kase : List.of(Case.COLD, Case.NO_CHANGE, Case.CODE, Case.DEPENDENCY)) {
          if (cases.contains(kase)) {
            for (int round = 1; round <= (kase == Case.COLD || kase == Case.DEPENDENCY ? heavyRuns : minRuns); round++) {
              round(copies, kase, round);
            }
          }
        }
      }
      for (int round = minRuns + 1; round <= runs; round++) {
        for (Map<Tool, BenchProject> copies : projects.values()) {
          for (Case kase : List.of(Case.NO_CHANGE, Case.CODE)) {
            if (!cases.contains(kase)) {
              continue;
            }
            String key = copies.get(Tool.FLOOR).name + "/" + kase;
            double estimate = roundSeconds.getOrDefault(key, 0.0);
            double elapsed = (System.currentTimeMillis() / 1000.0) - startedEpoch;
            if (elapsed + estimate + deployReserveSeconds() > budgetMinutes * 60) {
              log("budget: no round %d of %s (%.0f s so far, a round takes ~%.0f s, budget %.1f min)", round, key,
                  elapsed, estimate, budgetMinutes);
              continue;
            }
            round(copies, kase, round);
          }
        }
      }
      if (testClasspath != null && deployRuns > 0) {
        Map<Tool, BenchProject> copies = projects.getOrDefault("small", projects.values().iterator().next());
        deployLoop(copies);
      }
    }
    String loadAfter = loadAverage();
    double total = seconds(start);
    String report = Report.render(results, minRuns + "-" + runs, heavyRuns, started, command,
        pluginVersion + " from commit " + pluginCommit, from, loadBefore, loadAfter, total, jarCounts);
    if (!deployRounds.isEmpty()) {
      report = report + "\n" + DeployLoop.report(deployRounds, deployKubectl, warmDeploys);
    }
    System.out.println();
    System.out.println(report);
    Path out = work.resolve("results");
    Files.createDirectories(out);
    Files.writeString(out.resolve("report.txt"), report);
    Files.writeString(out.resolve("runs.csv"), Report.csv(results));
    log("report in %s; raw runs in %s; build logs in %s", out.resolve("report.txt"), out.resolve("runs.csv"),
        work.resolve("logs"));
    deleteTree(work.resolve("registry"));
    deleteTree(work.resolve("caches"));
  }

  /**
   * Leaves the registry, proxy and warmed-up projects up for profiling by hand, printing the commands of the
   * three tools, until the process is stopped.
   */
  private void serve(Map<String, Map<Tool, BenchProject>> projects) throws Exception {
    log("serving: registry behind the proxy at %s; from image %s", registryHost, from);
    for (Map<Tool, BenchProject> copies : projects.values()) {
      for (Map.Entry<Tool, BenchProject> copy : copies.entrySet()) {
        log("  (cd %s && XDG_CACHE_HOME=%s %s)", copy.getValue().dir, work.resolve("caches/warm"), String.join(" ",
            mavenCommand(copy.getValue(), copy.getKey(), repo(copy.getValue(), copy.getKey(), "warmup"), null)));
      }
    }
    log("stop with Ctrl-C (or kill %d)", ProcessHandle.current().pid());
    Thread.sleep(Long.MAX_VALUE);
  }

  /**
   * Downloads everything once, unmeasured: the bumped versions, each project's dependencies (its floor copy's
   * {@code mvn package}), and both plugins with their dependencies (the first project's k8s-run and jib copies).
   */
  private void warmUp(Map<String, Map<Tool, BenchProject>> projects) throws Exception {
    Path prefetch = work.resolve("prefetch");
    deleteTree(prefetch);
    Files.createDirectories(prefetch);
    Files.writeString(prefetch.resolve("pom.xml"), BenchProject.prefetchPom());
    log("warm-up: downloading %d versions of %s", BenchProject.BUMP_VERSIONS.size(), BenchProject.BUMPED);
    List<String> command = new ArrayList<>(List.of(repository.resolve("mvnw").toString(), "-B", "-q", "validate"));
    command.addAll(repositories);
    exec(prefetch, command);
    Path cache = work.resolve("caches/warm");
    boolean plugins = false;
    for (Map<Tool, BenchProject> copies : projects.values()) {
      log("warm-up: %s", copies.get(Tool.FLOOR).name);
      build(copies.get(Tool.FLOOR), Tool.FLOOR, "warmup", null, cache, null, false);
      if (!plugins || serve) {
        for (Tool tool : List.of(Tool.K8S, Tool.JIB)) {
          build(copies.get(tool), tool, "warmup", repo(copies.get(tool), tool, "warmup"), cache, null, false);
        }
        plugins = true;
      }
    }
  }

  /** The dependency jars of a project: the entries of the classpath file k8s-run wrote. */
  private static int countJars(BenchProject project) throws IOException {
    Path classpath = project.dir.resolve("target/k8s-run/classpath");
    if (!Files.isRegularFile(classpath)) {
      return 0;
    }
    String content = Files.readString(classpath).trim();
    return (int) Arrays.stream(content.split(":")).filter(e -> e.endsWith(".jar")).count();
  }

  /** Without the cold rounds (which leave each copy built), builds each copy once, unmeasured. */
  private void prepare(Map<Tool, BenchProject> copies) throws Exception {
    if (!cases.contains(Case.COLD)) {
      for (Tool tool : Tool.values()) {
        build(copies.get(tool), tool, "prime", tool == Tool.FLOOR ? null : warmRepository(copies.get(tool), tool),
            work.resolve("caches/warm"), null, false);
      }
    }
  }

  /** One round of a case: each tool once, in this round's order, each on its own copy of the project. */
  private void round(Map<Tool, BenchProject> copies, Case kase, int round) throws Exception {
    Path warmCache = work.resolve("caches/warm");
    String name = copies.get(Tool.FLOOR).name;
    double roundWall = 0;
    for (Tool tool : ORDERS.get((round - 1) % ORDERS.size())) {
      BenchProject project = copies.get(tool);
      String repo = tool == Tool.FLOOR ? null : warmRepository(project, tool);
      Path cache = warmCache;
      Path jibBaseCache = null;
      switch (kase) {
        case COLD -> {
          // Empty caches (target/, jib's base image layer cache) and an empty registry repository; the last
          // cold round's repository is the one the later cases build on.
          deleteTree(project.dir.resolve("target"));
          cache = work.resolve("caches/cold-" + name + "-" + tool.label + "-" + round);
          deleteTree(cache);
          if (tool != Tool.FLOOR) {
            repo = repo(project, tool, "cold" + round);
            warmRepositories.put(name + "/" + tool, repo);
          }
          if (tool == Tool.JIB) {
            jibBaseCache = cache.resolve("jib-base-image-cache");
          }
        }
        case CODE -> project.editClass(++edits);
        case DEPENDENCY -> {
          int bump = bumps.merge(name + "/" + tool, 1, Integer::sum);
          if (bump >= BenchProject.BUMP_VERSIONS.size()) {
            throw new IllegalStateException("not enough versions of " + BenchProject.BUMPED + " to bump");
          }
          project.setBumpedVersion(BenchProject.BUMP_VERSIONS.get(bump));
        }
        case NO_CHANGE -> {
          // nothing: build again
        }
      }
      Run run = build(project, tool, kase.label.replace(' ', '-') + "-" + round, repo, cache, jibBaseCache, true);
      if (tool == Tool.K8S && !jarCounts.containsKey(name)) {
        jarCounts.put(name, countJars(project));
      }
      run = new Run(name, jarCounts.getOrDefault(name, 0), kase, tool, round, run.wallSeconds(), run.goalSeconds(),
          run.cpuSeconds(), run.rssKb(), run.traffic(),
          kase == Case.CODE && tool != Tool.FLOOR ? codeCheck(run.traffic(), repo) : null);
      results.add(run);
      roundWall += run.wallSeconds();
      log("%-6s %-10s %-7s round %d: %6.2f s (goal %5.2f s), cpu %6.2f s, peak RSS %s, uploaded %s in %d requests,"
              + " received %s", name, kase.label, tool.label, round, run.wallSeconds(), run.goalSeconds(),
          run.cpuSeconds(), bytes(run.rssKb() * 1024), bytes(run.traffic().bodyBytes()),
          run.traffic().uploadRequests(), bytes(run.traffic().wireBytes()));
      if (kase == Case.COLD) {
        deleteTree(cache);
      }
    }
    roundSeconds.merge(name + "/" + kase, roundWall, Math::max);
  }

  /** The time kept in the budget for the deploy loop, which runs last: about 20 s a round, and its set-up. */
  private double deployReserveSeconds() {
    return testClasspath != null && deployRuns > 0 ? 30 + 20.0 * deployRuns : 0;
  }

  /**
   * The deploy loop (item 5), against the mock API server: rounds of a code-only change followed by the
   * k8s-run loop and, when kubectl talks to the mock, the by-hand loop, in alternating order.
   */
  private void deployLoop(Map<Tool, BenchProject> copies) throws Exception {
    Path dir = work.resolve("mock");
    Process mock = DeployLoop.startMock(testClasspath, dir);
    try {
      Path kubeconfig = dir.resolve("kubeconfig");
      deployKubectl = DeployLoop.kubectlWorks(kubeconfig);
      log("deploy loop: mock API server up (%s); kubectl %s", kubeconfig,
          deployKubectl ? "talks to it: the by-hand loop is measured too" : "absent or refused: k8s-run only");
      BenchProject k8s = copies.get(Tool.K8S);
      BenchProject jib = copies.get(Tool.JIB);
      Map<String, String> env = Map.of("KUBECONFIG", kubeconfig.toString());
      for (int round = 1; round <= deployRuns; round++) {
        double k8sWall = 0;
        double[] goals = {Double.NaN, Double.NaN};
        double jibWall = Double.NaN;
        double kubectl = Double.NaN;
        for (int step = 0; step < 2; step++) {
          boolean k8sTurn = (round + step) % 2 == 1;
          if (k8sTurn) {
            k8s.editClass(++edits);
            List<String> command = new ArrayList<>(mavenCommand(k8s, Tool.K8S, warmRepository(k8s, Tool.K8S), null));
            command.add("k8s-run:deploy");
            Path log = work.resolve("logs/" + k8s.name + "-deploy-" + round + "-k8s-run.log");
            k8sWall = runLogged(command, k8s.dir, log, env);
            goals = DeployLoop.goalTimes(log);
          } else if (deployKubectl) {
            jib.editClass(++edits);
            String repo = warmRepository(jib, Tool.JIB);
            Path log = work.resolve("logs/" + jib.name + "-deploy-" + round + "-jib.log");
            jibWall = runLogged(mavenCommand(jib, Tool.JIB, repo, null), jib.dir, log, Map.of());
            String digest = Files.readString(jib.dir.resolve("target/jib-image.digest")).trim();
            Path pod = dir.resolve("by-hand-pod.yaml");
            Files.writeString(pod, DeployLoop.pod(repo + "@" + digest));
            kubectl = DeployLoop.byHand(kubeconfig, pod, work.resolve("logs/" + jib.name + "-deploy-" + round
                + "-kubectl.log"));
          }
        }
        DeployLoop.Round result = new DeployLoop.Round(k8sWall, goals[0], goals[1],
            Double.isNaN(kubectl) ? Double.NaN : jibWall + kubectl, jibWall, kubectl);
        deployRounds.add(result);
        log("deploy loop round %d: k8s-run %.2f s (build goal %.2f s, deploy own %.3f s)%s", round, k8sWall,
            goals[0], goals[1], Double.isNaN(kubectl) ? "" : String.format("; by hand %.2f s (jib:build %.2f s +"
                + " kubectl %.2f s)", jibWall + kubectl, jibWall, kubectl));
      }
      warmDeploys = DeployLoop.warmDeploys(kubeconfig, k8s.dir.resolve("target/k8s-run/pod.yaml"),
          dir.resolve("warm"), deployRuns + 1, work.resolve("logs/" + k8s.name + "-deploy-warm-jvm.log"));
      log("deploy alone in one JVM, %d rounds: %s ms", warmDeploys.size(), warmDeploys.stream()
          .map(d -> String.format("%.0f", d * 1000)).toList());
    } finally {
      mock.destroy();
      mock.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Runs a Maven command into a log, with the warm caches and extra environment; returns its wall time. */
  private double runLogged(List<String> command, Path directory, Path log, Map<String, String> env)
      throws IOException, InterruptedException {
    Files.writeString(log, "$ " + String.join(" ", command) + "\n");
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("XDG_CACHE_HOME", work.resolve("caches/warm").toString());
    builder.environment().remove("MAVEN_OPTS");
    builder.environment().remove("MAVEN_ARGS");
    builder.environment().putAll(env);
    long t0 = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("failed: " + String.join(" ", command) + ", see " + log);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private String warmRepository(BenchProject project, Tool tool) {
    return warmRepositories.computeIfAbsent(project.name + "/" + tool, k -> repo(project, tool, "warm"));
  }

  private String repo(BenchProject project, Tool tool, String suffix) {
    return registryHost + "/bench/" + project.name + "-" + tool.label + "-" + suffix;
  }

  /** Runs one build; returns its measurements (project, case and round are filled in by the caller). */
  private Run build(BenchProject project, Tool tool, String label, String repo, Path xdgCache, Path jibBaseCache,
      boolean measured) throws Exception {
    List<String> command = new ArrayList<>();
    Path timeFile = work.resolve("logs/time.txt");
    command.addAll(List.of("/usr/bin/time", "-v", "-o", timeFile.toString()));
    command.addAll(mavenCommand(project, tool, repo, jibBaseCache));
    String extra = System.getenv("BENCH_MAVEN_ARGS");
    if (extra != null && !extra.isBlank() && measured) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    Path logFile = work.resolve("logs/" + project.name + "-" + label + "-" + tool.label + ".log");
    Files.writeString(logFile, "$ " + String.join(" ", mavenCommand(project, tool, repo, jibBaseCache)) + "\n");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(project.dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.environment().put("XDG_CACHE_HOME", xdgCache.toString());
    builder.environment().remove("MAVEN_OPTS");
    builder.environment().remove("MAVEN_ARGS");
    String profile = System.getenv("BENCH_MAVEN_OPTS");
    if (profile != null && measured) {
      builder.environment().put("MAVEN_OPTS", profile.replace("@LABEL@", project.name + "-" + label + "-" + tool.label));
    }
    Files.createDirectories(xdgCache);
    int mark = proxy.mark();
    long wire = proxy.wireBytes();
    long t0 = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(15, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("build timed out: " + logFile);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    if (process.exitValue() != 0) {
      List<String> lines = Files.readAllLines(logFile);
      throw new IOException("build failed (" + String.join(" ", command) + "), see " + logFile + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }
    Thread.sleep(100); // the proxy records a request once its body is through; let the last one land
    Path imageJson = project.dir.resolve("target/k8s-run/image.json");
    if (tool == Tool.K8S && Files.isRegularFile(imageJson)) {
      Files.copy(imageJson, work.resolve("logs/" + project.name + "-" + label + "-k8s-run.image.json"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Traffic traffic = traffic(proxy.since(mark), proxy.wireBytes() - wire);
    String time = Files.readString(timeFile);
    long rss = Long.parseLong(field(time, "Maximum resident set size \\(kbytes\\): (\\d+)"));
    double cpu = Double.parseDouble(field(time, "User time \\(seconds\\): ([\\d.]+)"))
        + Double.parseDouble(field(time, "System time \\(seconds\\): ([\\d.]+)"));
    if (!measured) {
      log("  (unmeasured %s %s: %.1f s)", label, tool.label, wall);
    }
    return new Run(project.name, 0, null, tool, 0, wall, goalSeconds(logFile, tool), cpu, rss, traffic, null);
  }

  /**
   * An INFO line of a measured build's log (Maven runs with {@code -Dorg.slf4j.simpleLogger.dateTimeFormat=
   * HH:mm:ss.SSS}): hours, minutes, seconds, milliseconds and the message.
   */
  static final Pattern LOG_LINE = Pattern.compile("^(\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3}) \\[INFO\\] (.*)$");

  /** The time of day of a {@link #LOG_LINE} match, in seconds. */
  static double logSeconds(Matcher line) {
    return Integer.parseInt(line.group(1)) * 3600 + Integer.parseInt(line.group(2)) * 60
        + Integer.parseInt(line.group(3)) + Integer.parseInt(line.group(4)) / 1000.0;
  }

  /** The goal's time from the build log's timestamps: its {@code --- goal ---} line to BUILD SUCCESS. */
  private static double goalSeconds(Path logFile, Tool tool) throws IOException {
    if (tool == Tool.FLOOR) {
      return 0;
    }
    double start = -1;
    double end = -1;
    for (String text : Files.readAllLines(logFile)) {
      Matcher m = LOG_LINE.matcher(text);
      if (!m.matches()) {
        continue;
      }
      double t = logSeconds(m);
      if (start < 0 && m.group(5).startsWith("--- " + (tool == Tool.K8S ? "k8s-run:" : "jib:"))) {
        start = t;
      } else if (m.group(5).equals("BUILD SUCCESS")) {
        end = t;
      }
    }
    if (start < 0 || end < 0) {
      return Double.NaN;
    }
    return end >= start ? end - start : end + 86400 - start;
  }

  private List<String> mavenCommand(BenchProject project, Tool tool, String repo, Path jibBaseCache) {
    List<String> command = new ArrayList<>(List.of(project.dir.resolve("mvnw").toString(), "-B"));
    command.addAll(repositories);
    command.addAll(List.of("-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS", "package"));
    switch (tool) {
      case FLOOR -> {
      }
      case K8S -> command.addAll(List.of("k8s-run:build", "-Dk8s-run.from=" + from, "-Dk8s-run.image=" + repo,
          "-Dk8s-run.allowInsecureRegistries=true"));
      case JIB -> {
        command.addAll(List.of("jib:build", "-Djib.from.image=" + from,
            "-Djib.to.image=" + repo + ":" + BenchProject.VERSION, "-Djib.allowInsecureRegistries=true",
            "-Djib.disableUpdateChecks=true"));
        if (jibBaseCache != null) {
          command.add("-Djib.baseImageCache=" + jibBaseCache);
        }
      }
    }
    return command;
  }

  /** What the registry received: uploads (request bodies of PUT, PATCH, POST) told apart from GET and HEAD. */
  static Traffic traffic(List<Request> requests, long wireBytes) {
    Map<String, Long> sessions = new HashMap<>();
    List<Blob> blobs = new ArrayList<>();
    long bodies = 0;
    int uploads = 0;
    int manifestPuts = 0;
    long manifestBytes = 0;
    int mounts = 0;
    for (Request request : requests) {
      bodies += request.bodyBytes();
      if (request.isUpload()) {
        uploads++;
      }
      Matcher upload = UPLOAD_PATH.matcher(request.path());
      Matcher manifest = MANIFEST_PATH.matcher(request.path());
      if (upload.matches()) {
        String session = upload.group(2);
        switch (request.method()) {
          case "POST" -> {
            if (request.query("mount") != null) {
              mounts++;
            }
            if (request.query("digest") != null && request.bodyBytes() > 0) {
              blobs.add(new Blob(request.query("digest"), request.bodyBytes()));
            }
          }
          case "PATCH" -> sessions.merge(session, request.bodyBytes(), Long::sum);
          case "PUT" -> {
            long total = sessions.getOrDefault(session, 0L) + request.bodyBytes();
            sessions.remove(session);
            blobs.add(new Blob(request.query("digest"), total));
          }
          default -> {
          }
        }
      } else if (manifest.matches() && request.method().equals("PUT")) {
        manifestPuts++;
        manifestBytes += request.bodyBytes();
      }
    }
    return new Traffic(wireBytes, bodies, requests.size(), uploads, blobs, manifestPuts, manifestBytes, mounts);
  }

  /**
   * For a code-only run: how many uploaded bytes belong to dependency (or runtime) layers of the image just
   * pushed, and the sizes of its classes layer, config and manifest.
   */
  private CodeCheck codeCheck(Traffic traffic, String repo) throws IOException, InterruptedException {
    String repository = repo.substring(repo.indexOf('/') + 1);
    Registry.Image image = registry.image(repository, BenchProject.VERSION);
    if (image == null) {
      throw new IOException("no image " + repo + ":" + BenchProject.VERSION + " in the registry");
    }
    Map<String, Registry.Layer> byDigest = new HashMap<>();
    image.layers().forEach(l -> byDigest.put(l.digest(), l));
    long dependencyBytes = 0;
    for (Blob blob : traffic.blobs()) {
      Registry.Layer layer = byDigest.get(blob.digest());
      if (layer != null && (layer.name().contains("dependencies") || layer.name().equals("runtime"))) {
        dependencyBytes += blob.bytes();
      }
    }
    Registry.Layer classes = image.layer("classes");
    return new CodeCheck(dependencyBytes, classes == null ? 0 : classes.size(), image.configSize(),
        image.manifestSize());
  }

  private static String field(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no '" + regex + "' in /usr/bin/time's output:\n" + text);
    }
    return m.group(1);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
    } catch (IOException e) {
      return "?";
    }
  }

  static void log(String format, Object... args) {
    System.out.printf("[bench] " + format + "%n", args);
    System.out.flush();
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format("%.1f KiB", bytes / 1024.0);
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }
    return String.format("%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  }

  static void exec(Path directory, List<String> command) throws IOException, InterruptedException {
    String output = execOutput(directory, command);
    if (output.length() > 0 && System.getenv("BENCH_VERBOSE") != null) {
      System.out.print(output);
    }
  }

  static String execOutput(Path directory, List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (process.waitFor() != 0) {
      throw new IOException("failed: " + String.join(" ", command) + "\n" + new String(output, StandardCharsets.UTF_8));
    }
    return new String(output, StandardCharsets.UTF_8);
  }

  static void deleteTree(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
