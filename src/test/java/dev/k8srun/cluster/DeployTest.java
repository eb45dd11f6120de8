package dev.k8srun.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8srun.config.WaitMode;
import dev.k8srun.testing.Manifests;
import dev.k8srun.testing.PodScript;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DeployTest extends ClusterTestBase {

  @Test
  void successPrintsEveryLogLineOnceInOrderWithThePodPrefix() throws Exception {
    cluster.script(name, PodScript.succeeds("one", "two", "", "three  "));

    DeployResult result = service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build());

    assertThat(reporter.podLines(name)).containsExactly("one", "two", "", "three  ");
    assertThat(result.exitCode()).isZero();
    assertThat(result.podName()).isEqualTo(name);
    assertThat(result.namespace()).isEqualTo(NAMESPACE);
    assertThat(reporter.info()).contains("Created pod " + name + " in namespace " + NAMESPACE);
    assertThat(reporter.info())
        .anyMatch(l -> l.startsWith("Pod " + name + " succeeded (exit code 0"));
    // the log comes before the result
    List<String> info = reporter.info();
    assertThat(info.indexOf("[pod/" + name + "] three  "))
        .isLessThan(indexOf(info, "Pod " + name + " succeeded"));
  }

  @Test
  void writesLastRunJson() throws Exception {
    service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).imageDigest("sha256:abc").build());

    @SuppressWarnings("unchecked")
    Map<String, Object> json =
        Serialization.unmarshal(Files.readString(dir.resolve("last-run.json")), Map.class);
    Pod pod = cluster.client().pods().inNamespace(NAMESPACE).withName(name).get();
    assertThat(json)
        .containsEntry("namespace", NAMESPACE)
        .containsEntry("kind", "Pod")
        .containsEntry("name", name)
        .containsEntry("podName", name)
        .containsEntry("uid", pod.getMetadata().getUid())
        .containsEntry("runLabel", name)
        .containsEntry("imageDigest", "sha256:abc")
        .containsEntry("container", "app")
        .containsEntry("context", "mock")
        .containsKey("createdAt");
  }

  /** Case C09: a changed spec under the same name is deleted and recreated, never patched. */
  @Test
  void secondRunWithAChangedSpecDeletesAndRecreatesNeverPatches() throws Exception {
    service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build());
    String firstUid =
        cluster.client().pods().inNamespace(NAMESPACE).withName(name).get().getMetadata().getUid();
    cluster.clearCalls();

    service().deploy(request(Manifests.pod(dir, name, "-Xmx2g")).build());

    Pod second = cluster.client().pods().inNamespace(NAMESPACE).withName(name).get();
    assertThat(second.getMetadata().getUid()).isNotEqualTo(firstUid);
    assertThat(second.getSpec().getContainers().get(0).getCommand()).contains("-Xmx2g");
    String podPath = "/api/v1/namespaces/" + NAMESPACE + "/pods/" + name;
    List<String> calls = calls();
    assertThat(calls)
        .contains("DELETE " + podPath, "POST /api/v1/namespaces/" + NAMESPACE + "/pods");
    assertThat(calls.indexOf("DELETE " + podPath))
        .isLessThan(calls.indexOf("POST /api/v1/namespaces/" + NAMESPACE + "/pods"));
    assertThat(calls).noneMatch(c -> c.startsWith("PATCH") || c.startsWith("PUT"));
    // the old pod had finished: deleted with grace period 0, nothing to wait out
    assertThat(cluster.calls())
        .filteredOn(c -> c.method().equals("DELETE"))
        .allMatch(c -> c.body().contains("\"gracePeriodSeconds\":0"));
    assertThat(reporter.info())
        .contains(
            "Replacing pod " + name + " in namespace " + NAMESPACE + " (previous run: Succeeded)");
  }

  @Test
  void aStillRunningPreviousPodIsDeletedGracefullyAndAwaited() throws Exception {
    cluster.script(name, PodScript.succeeds().runningForever());
    service()
        .deploy(request(Manifests.pod(dir, name, "-Xmx1g")).waitMode(WaitMode.STARTED).build());
    cluster.script(name, PodScript.succeeds("second"));
    cluster.clearCalls();

    service().deploy(request(Manifests.pod(dir, name, "-Xmx2g")).build());

    assertThat(reporter.info())
        .contains(
            "Replacing pod " + name + " in namespace " + NAMESPACE + " (previous run: Running)");
    assertThat(cluster.calls())
        .filteredOn(c -> c.method().equals("DELETE"))
        .hasSize(1)
        .allMatch(c -> !c.body().contains("\"gracePeriodSeconds\":0"));
    assertThat(reporter.podLines(name)).containsExactly("second");
  }

  /** Case C11: System.exit(5). */
  @Test
  void nonZeroExitFailsNamingTheCodeTheReasonAndTheLastLines() {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      lines.add("line " + i);
    }
    cluster.script(name, PodScript.exits(5).withLines(lines));

    assertThatThrownBy(() -> service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build()))
        .isInstanceOfSatisfying(
            PodFailedException.class,
            e -> {
              assertThat(e.exitCode()).hasValue(5);
              assertThat(e.reason()).isEqualTo("Error");
              assertThat(e.isUserFault()).isTrue();
              assertThat(e.getMessage())
                  .contains("pod " + name + " in namespace " + NAMESPACE + " failed")
                  .contains("exited with code 5 (Error)")
                  .contains("last 20 log lines", "line 11", "line 30")
                  .doesNotContain("line 10\n");
              assertThat(e.lastLogLines()).hasSize(20).endsWith("line 30");
            });
    assertThat(reporter.podLines(name)).hasSize(30);
  }

  @Test
  void withoutFollowAFailureStillShowsTheLastLines() {
    cluster.script(name, PodScript.exits(5, "reading input", "java.lang.IllegalStateException"));

    assertThatThrownBy(
            () ->
                service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).follow(false).build()))
        .isInstanceOfSatisfying(
            PodFailedException.class,
            e -> {
              assertThat(e.lastLogLines())
                  .containsExactly("reading input", "java.lang.IllegalStateException");
              assertThat(e.getMessage()).contains("exited with code 5", "IllegalStateException");
            });
    assertThat(reporter.podLines(name)).isEmpty();
  }

  @Test
  void successExitCodesCountAsSuccess() throws Exception {
    cluster.script(name, PodScript.exits(3, "partial"));

    DeployResult result =
        service()
            .deploy(
                request(Manifests.pod(dir, name, "-Xmx1g")).successExitCodes(Set.of(0, 3)).build());

    assertThat(result.exitCode()).isEqualTo(3);
  }

  @Test
  void oomKilledNamesTheReason() {
    cluster.script(name, PodScript.succeeds("allocating").withTermination(137, "OOMKilled", null));

    assertThatThrownBy(() -> service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build()))
        .isInstanceOfSatisfying(
            PodFailedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("OOMKilled");
              assertThat(e.exitCode()).hasValue(137);
              assertThat(e.getMessage()).contains("OOMKilled", "memory limit");
            });
  }

  @Test
  void waitNoneReturnsOnceCreated() throws Exception {
    cluster.script(name, PodScript.succeeds("never seen").withPendingFor(Duration.ofMinutes(10)));

    DeployResult result =
        service()
            .deploy(request(Manifests.pod(dir, name, "-Xmx1g")).waitMode(WaitMode.NONE).build());

    assertThat(result.waited()).isEqualTo(WaitMode.NONE);
    assertThat(result.exitCode()).isNull();
    assertThat(calls()).noneMatch(c -> c.contains("/log"));
    assertThat(cluster.client().pods().inNamespace(NAMESPACE).withName(name).get()).isNotNull();
  }

  @Test
  void waitStartedReturnsOnceTheContainerRuns() throws Exception {
    cluster.script(name, PodScript.succeeds("still going").runningForever());

    DeployResult result =
        service()
            .deploy(request(Manifests.pod(dir, name, "-Xmx1g")).waitMode(WaitMode.STARTED).build());

    assertThat(result.waited()).isEqualTo(WaitMode.STARTED);
    Pod pod = cluster.client().pods().inNamespace(NAMESPACE).withName(name).get();
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getRunning()).isNotNull();
    assertThat(reporter.info()).anyMatch(l -> l.contains("is running (wait=started)"));
  }

  @Test
  void completedMeansOurContainerEndedEvenWhenASidecarKeepsRunning() throws Exception {
    cluster.script(name, PodScript.succeeds("done").withSidecar("istio-proxy"));

    DeployResult result = service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build());

    assertThat(result.exitCode()).isZero();
    assertThat(
            cluster
                .client()
                .pods()
                .inNamespace(NAMESPACE)
                .withName(name)
                .get()
                .getStatus()
                .getPhase())
        .isEqualTo("Running");
    assertThat(reporter.podLines(name)).containsExactly("done");
  }

  @Test
  void aBrokenLogStreamIsResumedWithoutLossOrRepeats() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      lines.add("step " + i + " of 8");
    }
    cluster.script(
        name,
        PodScript.succeeds()
            .withLines(lines)
            .withRunFor(Duration.ofMillis(800))
            .droppingLogAfter(3));

    service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build());

    assertThat(reporter.podLines(name)).containsExactlyElementsOf(lines);
    assertThat(calls()).filteredOn(c -> c.endsWith("/log")).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void aLongerRunIsFollowedAndEndsWithTheContainer() throws Exception {
    cluster.script(
        name,
        PodScript.succeeds("a", "b", "c")
            .withPendingFor(Duration.ofMillis(200))
            .withRunFor(Duration.ofMillis(500)));

    DeployResult result = service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build());

    assertThat(reporter.podLines(name)).containsExactly("a", "b", "c");
    assertThat(result.runTime()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(reporter.info())
        .containsSubsequence(
            "Pod " + name + ": Pending",
            "Pod " + name + ": Running",
            "Pod " + name + ": Succeeded");
  }

  @Test
  void followOffPrintsNoLogButStillReportsTheResult() throws Exception {
    cluster.script(name, PodScript.succeeds("quiet"));

    DeployResult result =
        service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).follow(false).build());

    assertThat(result.exitCode()).isZero();
    assertThat(reporter.podLines(name)).isEmpty();
  }

  @Test
  void namespaceComesFromTheRequestThenTheManifestThenTheContext() throws Exception {
    Path manifest =
        Manifests.write(
            dir,
            Files.readString(Manifests.pod(dir, name, "-Xmx1g"))
                .replace(
                    "  name: " + name + "\n",
                    "  name: " + name + "\n  namespace: from-manifest\n"));

    assertThat(service().deploy(request(manifest).build()).namespace()).isEqualTo("from-manifest");
    assertThat(service().deploy(request(manifest).namespace("from-request").build()).namespace())
        .isEqualTo("from-request");
    assertThat(service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build()).namespace())
        .isEqualTo(NAMESPACE);
  }

  @Test
  void otherResourcesAreServerSideApplied() throws Exception {
    String yaml =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %s-config
        data:
          greeting: hello
        ---
        """
                .formatted(name)
            + Files.readString(Manifests.pod(dir, name, "-Xmx1g"));

    service().deploy(request(Manifests.write(dir, yaml)).build());

    assertThat(cluster.calls())
        .anySatisfy(
            c -> {
              assertThat(c.method()).isEqualTo("PATCH");
              assertThat(c.path())
                  .startsWith("/api/v1/namespaces/" + NAMESPACE + "/configmaps/" + name + "-config")
                  .contains("fieldManager=k8s-run")
                  .contains("force=true");
              assertThat(c.contentType()).startsWith("application/apply-patch+yaml");
            });
  }

  /** Issue 5: deploy's own time against the mock with an instant pod. Printed, not asserted. */
  @Test
  void measureDeployTimeWithAnInstantPod() throws Exception {
    cluster.script(name, PodScript.succeeds("hi"));
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      cluster.clearCalls();
      long t0 = System.nanoTime();
      DeployResult result = service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build());
      millis.add(result.elapsed().toMillis());
      if (Boolean.getBoolean("k8s-run.test.trace")) {
        cluster
            .calls()
            .forEach(c -> System.out.printf("  %4d ms %s%n", (c.nanoTime() - t0) / 1_000_000, c));
        System.out.println("  total " + result.elapsed().toMillis());
      }
    }
    List<Long> warm = new ArrayList<>(millis.subList(2, millis.size()));
    warm.sort(null);
    System.out.println(
        "[k8s-run] deploy against the mock, instant pod, ms per run: "
            + millis
            + "; median once warm: "
            + warm.get(warm.size() / 2)
            + " ms (target < 300 ms)");
    assertThat(reporter.podLines(name)).containsOnly("hi").hasSize(12);
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
