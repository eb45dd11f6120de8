package dev.k8srun.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * Issue 5, item 5: the deploy loop (code change, pod finished, its log shown, build result), against the fabric8
 * mock API server (started as its own process from the plugin's test classes) with a pod that finishes at once.
 * Measures what {@code k8s-run:deploy} adds on top of the build (its goal's own time, from its {@code ---} line
 * to BUILD SUCCESS, the build bound before it in the same invocation), and the same loop done by hand: {@code
 * jib:build}, then {@code kubectl delete --wait}, {@code kubectl apply}, waiting for the pod to succeed, {@code
 * kubectl logs}, when a {@code kubectl} is on the PATH (the mock serves the discovery documents it reads first).
 * Against the mock this is indicative only: the target for the whole loop is for a real cluster.
 */
final class DeployLoop {

  /** One round: the k8s-run loop and the by-hand loop, in seconds ({@code NaN}: not measured). */
  record Round(double k8sWall, double k8sBuildGoal, double k8sDeployOwn, double byHandWall, double jibWall,
      double kubectlSeconds) {}

  private static final String POD = "bench-by-hand";

  private DeployLoop() {}

  /** Starts the mock API server; returns the process (its kubeconfig is written once it is up). */
  static Process startMock(String testClasspath, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path ready = dir.resolve("port");
    Files.deleteIfExists(ready);
    Process mock = new ProcessBuilder("java", "-cp", testClasspath, "dev.k8srun.testing.MockCluster",
        "--kubeconfig", dir.resolve("kubeconfig").toString(), "--namespace", "default",
        "--line", "bench pod ran", "--ready-file", ready.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mock.log").toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.isRegularFile(ready) || Files.readString(ready).isBlank()) {
      if (!mock.isAlive() || System.nanoTime() > deadline) {
        mock.destroyForcibly();
        throw new IOException("the mock API server did not start, see " + dir.resolve("mock.log"));
      }
      Thread.sleep(100);
    }
    return mock;
  }

  /** Whether {@code kubectl} is here and talks to the mock (lists pods). */
  static boolean kubectlWorks(Path kubeconfig) {
    try {
      Process process = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "get", "pods")
          .redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The pod the by-hand loop applies: jib's image by digest, the restricted settings k8s-run would give. */
  static String pod(String image) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
        spec:
          restartPolicy: Never
          securityContext:
            runAsNonRoot: true
            runAsUser: 1000
            seccompProfile:
              type: RuntimeDefault
          containers:
          - name: app
            image: %s
            securityContext:
              allowPrivilegeEscalation: false
              capabilities:
                drop: [ALL]
        """.formatted(POD, image);
  }

  /** The by-hand steps after {@code jib:build}; returns their time in seconds. */
  static double byHand(Path kubeconfig, Path podFile, Path log) throws IOException, InterruptedException {
    String config = kubeconfig.toString();
    long start = System.nanoTime();
    kubectl(log, "kubectl", "--kubeconfig", config, "delete", "pod", POD, "--ignore-not-found", "--wait=true");
    kubectl(log, "kubectl", "--kubeconfig", config, "apply", "--validate=false", "-f", podFile.toString());
    // kubectl wait watches with an HTTP stream, which the fabric8 mock does not serve (it watches over
    // WebSocket only) and so falls back to relisting after a second: kubectl get every 0.1 s stands in for it.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!kubectl(log, "kubectl", "--kubeconfig", config, "get", "pod", POD, "-o",
        "jsonpath={.status.phase}").trim().equals("Succeeded")) {
      if (System.nanoTime() > deadline) {
        throw new IOException("pod " + POD + " did not succeed within 2 minutes (see " + log + ")");
      }
      Thread.sleep(100);
    }
    kubectl(log, "kubectl", "--kubeconfig", config, "logs", POD);
    return (System.nanoTime() - start) / 1e9;
  }

  /** Runs a kubectl command, its output appended to {@code log}; returns its standard output. */
  private static String kubectl(Path log, String... command) throws IOException, InterruptedException {
    Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardOpenOption.APPEND,
        StandardOpenOption.CREATE);
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Files.writeString(log, output + "\n", StandardOpenOption.APPEND);
    if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("failed: " + String.join(" ", command) + " (see " + log + ")");
    }
    return output;
  }

  /**
   * The build goal's and the deploy goal's own times from one build log with both: {@code --- k8s-run:...:build}
   * to {@code --- k8s-run:...:deploy}, and from there to BUILD SUCCESS.
   */
  static double[] goalTimes(Path logFile) throws IOException {
    double build = -1;
    double deploy = -1;
    double end = -1;
    for (String text : Files.readAllLines(logFile)) {
      Matcher m = Bench.LOG_LINE.matcher(text);
      if (!m.matches()) {
        continue;
      }
      double t = Bench.logSeconds(m);
      String message = m.group(5);
      if (message.startsWith("--- k8s-run:") && message.contains(":build ")) {
        build = t;
      } else if (message.startsWith("--- k8s-run:") && message.contains(":deploy ")) {
        deploy = t;
      } else if (message.equals("BUILD SUCCESS")) {
        end = t;
      }
    }
    if (build < 0 || deploy < 0 || end < 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    return new double[] {deploy - build, end - deploy};
  }

  /**
   * Runs {@link WarmDeploy} on a JVM of its own: {@code rounds} deploys of {@code manifest} one after the other;
   * returns their times in seconds (the first one in a cold JVM).
   */
  static List<Double> warmDeploys(Path kubeconfig, Path manifest, Path dir, int rounds, Path log)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"),
        WarmDeploy.class.getName(), kubeconfig.toString(), manifest.toString(), dir.toString(),
        String.valueOf(rounds))
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    List<Double> seconds = new ArrayList<>();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Files.writeString(log, output, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("the warm deploys failed, see " + log);
    }
    for (String line : output.split("\n")) {
      String[] parts = line.trim().split(" ");
      if (parts.length == 3 && parts[0].equals("round")) {
        seconds.add(Double.parseDouble(parts[2]) / 1000);
      }
    }
    return seconds;
  }

  /** The report's section, with the target's verdict. */
  static String report(List<Round> rounds, boolean kubectl, List<Double> warm) {
    StringBuilder out = new StringBuilder();
    out.append("deploy loop (item 5): small project, code-only change before each round, mock API server, pod that")
        .append(" finishes at once;\n")
        .append("  k8s-run: mvn package k8s-run:build k8s-run:deploy (deploy own = its goal's line to BUILD SUCCESS);\n")
        .append("  by hand: mvn package jib:build, then kubectl delete --wait, apply, get until Succeeded (kubectl wait's\n")
        .append("           HTTP-stream watch is not served by the mock), logs\n\n");
    out.append(String.format("%-22s %3s %9s %12s %14s%n", "loop", "n", "wall s", "build goal s", "deploy own s"));
    List<Double> k8sWall = new ArrayList<>();
    List<Double> buildGoal = new ArrayList<>();
    List<Double> deployOwn = new ArrayList<>();
    List<Double> handWall = new ArrayList<>();
    List<Double> jibWall = new ArrayList<>();
    List<Double> kubectlTime = new ArrayList<>();
    for (Round round : rounds) {
      k8sWall.add(round.k8sWall());
      buildGoal.add(round.k8sBuildGoal());
      deployOwn.add(round.k8sDeployOwn());
      if (!Double.isNaN(round.byHandWall())) {
        handWall.add(round.byHandWall());
        jibWall.add(round.jibWall());
        kubectlTime.add(round.kubectlSeconds());
      }
    }
    out.append(String.format("%-22s %3d %9.2f %12.2f %14.3f%n", "k8s-run build+deploy", rounds.size(),
        median(k8sWall), median(buildGoal), median(deployOwn)));
    if (kubectl) {
      out.append(String.format("%-22s %3d %9.2f %12s %14s   (jib:build %.2f s + kubectl %.2f s)%n",
          "by hand (jib+kubectl)", handWall.size(), median(handWall), "-", "-", median(jibWall),
          median(kubectlTime)));
    } else {
      out.append("by hand (jib+kubectl)    not measured: no kubectl here that talks to the mock API server\n");
    }
    double own = median(deployOwn);
    out.append("\n").append(own < 0.300 ? "PASS" : "MISS")
        .append(String.format(" deploy's own time on top of the build, mock API server, instant pod: < 300 ms%n"))
        .append(String.format("       median %.0f ms over %d rounds (min %.0f ms, max %.0f ms)%n", own * 1000,
            deployOwn.size(), deployOwn.stream().mapToDouble(d -> d).min().orElse(Double.NaN) * 1000,
            deployOwn.stream().mapToDouble(d -> d).max().orElse(Double.NaN) * 1000));
    if (warm.size() > 1) {
      List<Double> warmRounds = warm.subList(1, warm.size());
      out.append(String.format("       the same deploy in a JVM that has deployed before (as in mvnd), %d rounds:"
          + " median %.0f ms (min %.0f ms); the first, in a fresh JVM: %.0f ms%n", warmRounds.size(),
          median(warmRounds) * 1000, warmRounds.stream().mapToDouble(d -> d).min().orElse(Double.NaN) * 1000,
          warm.get(0) * 1000));
    }
    out.append("n/a  the whole loop on a real cluster <= 0.6x the by-hand loop: no cluster on this machine");
    if (kubectl && !handWall.isEmpty()) {
      out.append(String.format("; against the mock (indicative only): %.2f s vs %.2f s = %.2fx", median(k8sWall),
          median(handWall), median(k8sWall) / median(handWall)));
    }
    out.append("\n");
    return out.toString();
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
