package dev.k8srun.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8srun.cluster.ClusterConfigException.Problem;
import dev.k8srun.config.CleanupPolicy;
import dev.k8srun.config.DeleteRequest;
import dev.k8srun.config.LogsRequest;
import dev.k8srun.config.WaitMode;
import dev.k8srun.testing.Manifests;
import dev.k8srun.testing.PodScript;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cleanup policies, Jobs, and the logs and delete goals working from last-run.json. */
@Timeout(60)
class LifecycleTest extends ClusterTestBase {

  private Pod pod() {
    return cluster.client().pods().inNamespace(NAMESPACE).withName(name).get();
  }

  @Test
  void cleanupNeverKeepsThePod() throws Exception {
    service()
        .deploy(request(Manifests.pod(dir, name, "-Xmx1g")).cleanup(CleanupPolicy.NEVER).build());

    assertThat(pod()).isNotNull();
  }

  @Test
  void cleanupOnSuccessDeletesASucceededPod() throws Exception {
    service()
        .deploy(
            request(Manifests.pod(dir, name, "-Xmx1g")).cleanup(CleanupPolicy.ON_SUCCESS).build());

    assertThat(pod()).isNull();
    assertThat(reporter.info())
        .contains("Deleting pod " + name + " in namespace " + NAMESPACE + " (cleanup=onSuccess)");
  }

  @Test
  void cleanupOnSuccessKeepsAFailedPod() {
    cluster.script(name, PodScript.exits(2));

    assertThatThrownBy(
            () ->
                service()
                    .deploy(
                        request(Manifests.pod(dir, name, "-Xmx1g"))
                            .cleanup(CleanupPolicy.ON_SUCCESS)
                            .build()))
        .isInstanceOf(PodFailedException.class);

    assertThat(pod()).isNotNull();
  }

  @Test
  void cleanupAlwaysDeletesAFailedPod() {
    cluster.script(name, PodScript.waiting("ErrImagePull", "not found"));

    assertThatThrownBy(
            () ->
                service()
                    .deploy(
                        request(Manifests.pod(dir, name, "-Xmx1g"))
                            .cleanup(CleanupPolicy.ALWAYS)
                            .build()))
        .isInstanceOf(PodFailedException.class);

    assertThat(pod()).isNull();
  }

  @Test
  void cleanupIsNotAppliedToAPodThatStillRuns() throws Exception {
    cluster.script(name, PodScript.succeeds().runningForever());

    service()
        .deploy(
            request(Manifests.pod(dir, name, "-Xmx1g"))
                .waitMode(WaitMode.STARTED)
                .cleanup(CleanupPolicy.ALWAYS)
                .build());

    assertThat(pod()).isNotNull();
    assertThat(reporter.warnings()).anyMatch(w -> w.contains("cleanup=always is not applied"));
  }

  @Test
  void ctrlCWhileWaitingDeletesThePodWithCleanupAlways() {
    cluster
        .client()
        .pods()
        .inNamespace(NAMESPACE)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("x")
                .endContainer()
                .endSpec()
                .build())
        .create();
    Cleanup cleanup =
        new Cleanup(cluster.client(), reporter, CleanupPolicy.ALWAYS, "Pod", name, NAMESPACE);

    cleanup.arm();
    Thread hook = cleanup.hook();
    hook.run(); // what the JVM does on Ctrl-C
    cleanup.disarm();

    assertThat(pod()).isNull();
    assertThat(reporter.warnings())
        .contains(
            "Interrupted: deleting pod "
                + name
                + " in namespace "
                + NAMESPACE
                + " (cleanup=always)");
    assertThat(Runtime.getRuntime().removeShutdownHook(hook)).as("hook left registered").isFalse();
  }

  @Test
  void ctrlCKeepsThePodUnlessCleanupIsAlways() {
    for (CleanupPolicy policy : List.of(CleanupPolicy.NEVER, CleanupPolicy.ON_SUCCESS)) {
      Cleanup cleanup = new Cleanup(cluster.client(), reporter, policy, "Pod", name, NAMESPACE);
      cleanup.arm();
      assertThat(cleanup.hook()).isNull();
      cleanup.disarm();
    }
  }

  @Test
  void noThreadIsLeftBehind() throws Exception {
    cluster.script(name, PodScript.succeeds("x").withRunFor(Duration.ofMillis(200)));
    service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build());

    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.isAlive() && t.getName().equals("k8s-run-log-" + name));
  }

  @Test
  void aJobRunsItsPodAndIsReplacedOnTheNextRun() throws Exception {
    cluster.script(name, PodScript.succeeds("from the job"));

    DeployResult first = service().deploy(request(Manifests.job(dir, name)).build());
    DeployResult second = service().deploy(request(Manifests.job(dir, name)).build());

    assertThat(first.kind()).isEqualTo("Job");
    assertThat(first.podName()).startsWith(name + "-");
    assertThat(second.podName()).startsWith(name + "-").isNotEqualTo(first.podName());
    assertThat(reporter.podLines(first.podName())).containsExactly("from the job");
    assertThat(reporter.podLines(second.podName())).containsExactly("from the job");
    assertThat(calls())
        .contains("DELETE /apis/batch/v1/namespaces/" + NAMESPACE + "/jobs/" + name)
        .noneMatch(c -> c.startsWith("PATCH") || c.startsWith("PUT"));
    assertThat(cluster.calls())
        .filteredOn(c -> c.method().equals("DELETE"))
        .anyMatch(c -> c.body().contains("\"propagationPolicy\":\"Background\""));
    LastRun lastRun = LastRun.read(dir.resolve("last-run.json"));
    assertThat(lastRun.kind()).isEqualTo("Job");
    assertThat(lastRun.podName()).isEqualTo(second.podName());
  }

  @Test
  void switchingFromJobToPodDeletesTheLastRunsJob() throws Exception {
    cluster.script(name, PodScript.succeeds("ran"));
    service().deploy(request(Manifests.job(dir, name)).build());
    assertThat(cluster.client().batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get())
        .isNotNull();

    DeployResult second = service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build());

    assertThat(second.kind()).isEqualTo("Pod");
    assertThat(cluster.client().batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get())
        .isNull();
    assertThat(pod()).isNotNull();
    assertThat(reporter.info())
        .contains(
            "Deleting job "
                + name
                + " in namespace "
                + NAMESPACE
                + ", left by the previous run: the manifest now makes a Pod");
  }

  @Test
  void switchingFromPodToJobDeletesTheLastRunsPodOnly() throws Exception {
    cluster.script(name, PodScript.succeeds("ran"));
    service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build());
    Pod stranger =
        new PodBuilder()
            .withNewMetadata()
            .withName(name + "-other")
            .withNamespace(NAMESPACE)
            .endMetadata()
            .build();
    cluster.client().pods().inNamespace(NAMESPACE).resource(stranger).create();

    service().deploy(request(Manifests.job(dir, name)).build());

    assertThat(pod()).isNull();
    assertThat(cluster.client().pods().inNamespace(NAMESPACE).withName(name + "-other").get())
        .as("a pod the last run did not create stays")
        .isNotNull();
    assertThat(LastRun.read(dir.resolve("last-run.json")).kind()).isEqualTo("Job");
  }

  @Test
  void aFailedJobNamesTheExitCode() {
    cluster.script(name, PodScript.exits(4, "bad input"));

    assertThatThrownBy(() -> service().deploy(request(Manifests.job(dir, name)).build()))
        .isInstanceOfSatisfying(
            PodFailedException.class,
            e -> {
              assertThat(e.exitCode()).hasValue(4);
              assertThat(e.getMessage()).contains("exited with code 4", "bad input");
            });
  }

  @Test
  void logsPrintsTheLastRunsLog() throws Exception {
    cluster.script(name, PodScript.succeeds("first", "second"));
    service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).follow(false).build());

    long count = service().logs(new LogsRequest(dir.resolve("last-run.json"), null, false, null));

    assertThat(count).isEqualTo(2);
    assertThat(reporter.podLines(name)).containsExactly("first", "second");
  }

  @Test
  void logsFollowsARunningPodUntilItEnds() throws Exception {
    cluster.script(name, PodScript.succeeds("a", "b").withRunFor(Duration.ofMillis(700)));
    service()
        .deploy(request(Manifests.pod(dir, name, "-Xmx1g")).waitMode(WaitMode.STARTED).build());

    service().logs(new LogsRequest(dir.resolve("last-run.json"), null, true, null));

    assertThat(reporter.podLines(name)).containsExactly("a", "b");
    assertThat(pod().getStatus().getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void aPodThatFinishedBeforeFollowingBeganHasItsWholeLogPrintedOnce() throws Exception {
    cluster.script(name, PodScript.succeeds("1", "2", "3"));
    cluster
        .client()
        .pods()
        .inNamespace(NAMESPACE)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("x")
                .endContainer()
                .endSpec()
                .build())
        .create();
    Pod done =
        cluster
            .client()
            .pods()
            .inNamespace(NAMESPACE)
            .withName(name)
            .waitUntilCondition(
                p ->
                    p != null
                        && p.getStatus() != null
                        && "Succeeded".equals(p.getStatus().getPhase()),
                10,
                TimeUnit.SECONDS);
    Signal signal = new Signal();
    LogLines lines = new LogLines(reporter, name, 5);

    new LogFollower(
            cluster.client(), NAMESPACE, () -> done, "app", lines, () -> true, signal, reporter)
        .run();

    assertThat(reporter.podLines(name)).containsExactly("1", "2", "3");
  }

  @Test
  void deleteRemovesWhatTheLastRunCreated() throws Exception {
    service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build());

    List<String> deleted = service().delete(new DeleteRequest(dir.resolve("last-run.json"), null));

    assertThat(deleted).containsExactly("Pod/" + name);
    assertThat(pod()).isNull();
    assertThat(reporter.info()).contains("Deleted pod " + name + " in namespace " + NAMESPACE);
  }

  @Test
  void deleteSaysWhenNothingIsLeft() throws Exception {
    service()
        .deploy(request(Manifests.pod(dir, name, "-Xmx1g")).cleanup(CleanupPolicy.ALWAYS).build());

    assertThat(service().delete(new DeleteRequest(dir.resolve("last-run.json"), null))).isEmpty();
    assertThat(reporter.info())
        .contains(
            "Nothing to delete: no pod labelled k8s-run.dev/run="
                + name
                + " in namespace "
                + NAMESPACE);
  }

  @Test
  void deleteRemovesAJob() throws Exception {
    service().deploy(request(Manifests.job(dir, name)).build());

    assertThat(service().delete(new DeleteRequest(dir.resolve("last-run.json"), null)))
        .containsExactly("Job/" + name);
    assertThat(cluster.client().batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get())
        .isNull();
  }

  @Test
  void withoutALastRunLogsSaysToDeployFirstAndDeleteHasNothingToDo() throws Exception {
    assertThatThrownBy(
            () ->
                service()
                    .logs(
                        new LogsRequest(
                            dir.resolve("target/k8s-run/last-run.json"), null, false, null)))
        .isInstanceOfSatisfying(
            ClusterConfigException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.NO_LAST_RUN);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "no run recorded in "
                          + dir.resolve("target/k8s-run/last-run.json")
                          + ": run k8s-run:deploy first");
            });
    assertThat(service().delete(new DeleteRequest(dir.resolve("last-run.json"), null))).isEmpty();
    assertThat(reporter.info())
        .contains(
            "Nothing to delete: no run recorded in "
                + dir.resolve("last-run.json")
                + " (k8s-run:deploy records one)");
    assertThat(calls()).as("nothing asked of the cluster").isEmpty();
  }
}
