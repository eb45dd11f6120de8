package dev.k8srun.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8srun.config.WaitMode;
import dev.k8srun.testing.Manifests;
import dev.k8srun.testing.PodScript;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every reason that cannot heal ends the wait at once, long before the (long) timeout. */
@Timeout(60)
class FailuresTest extends ClusterTestBase {

  private static final Duration LONG = Duration.ofMinutes(5);

  /** Case C10: an image that does not exist. */
  @Test
  void imagePullBackOffEndsTheWaitPromptlyWithTheReasonAndEvents() {
    String message = "Back-off pulling image \"127.0.0.1:5000/does-not-exist:1\"";
    cluster.script(name, PodScript.waiting("ImagePullBackOff", message));
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).timeout(LONG).build()))
        .isInstanceOfSatisfying(
            PodFailedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("ImagePullBackOff");
              assertThat(e.exitCode()).isEmpty();
              assertThat(e.getMessage())
                  .contains(
                      "cannot be pulled (ImagePullBackOff)",
                      message,
                      "recent events:",
                      "Warning Failed: " + message);
              assertThat(e.events()).containsExactly("Warning Failed: " + message);
            });

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).as("waited out the timeout?").isLessThan(LONG.dividedBy(10));
  }

  static Stream<Arguments> reasons() {
    return Stream.of(
        Arguments.of(
            PodScript.waiting("ErrImagePull", "rpc error: not found"),
            "ErrImagePull",
            "cannot be pulled"),
        Arguments.of(
            PodScript.waiting("InvalidImageName", "couldn't parse image reference"),
            "InvalidImageName",
            "image name"),
        Arguments.of(
            PodScript.waiting("CreateContainerConfigError", "secret \"db\" not found"),
            "CreateContainerConfigError",
            "secret \"db\" not found"),
        Arguments.of(
            PodScript.waiting("CreateContainerError", "no command specified"),
            "CreateContainerError",
            "cannot be started"),
        Arguments.of(
            PodScript.waiting("CrashLoopBackOff", "back-off 10s restarting"),
            "CrashLoopBackOff",
            "keeps crashing"),
        Arguments.of(PodScript.succeeds().neverScheduled(), "Unschedulable", "Insufficient cpu"),
        Arguments.of(
            PodScript.succeeds("working").withPodReason("Evicted"), "Evicted", "low on resource"),
        Arguments.of(
            PodScript.succeeds("working").withPodReason("DeadlineExceeded"),
            "DeadlineExceeded",
            "activeDeadlineSeconds"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("reasons")
  void failsAtOnceNamingTheReason(PodScript script, String reason, String text) {
    name = name + "-" + reason.toLowerCase();
    cluster.script(name, script);
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).timeout(LONG).build()))
        .isInstanceOfSatisfying(
            PodFailedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).contains("(" + reason + ")", text);
              assertThat(e.events()).isNotEmpty();
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG.dividedBy(10));
  }

  @Test
  void failsAtOnceAlsoWithWaitStarted() {
    cluster.script(name, PodScript.waiting("ErrImagePull", "not found"));

    assertThatThrownBy(
            () ->
                service()
                    .deploy(
                        request(Manifests.pod(dir, name, "-Xmx1g"))
                            .waitMode(WaitMode.STARTED)
                            .timeout(LONG)
                            .build()))
        .isInstanceOfSatisfying(
            PodFailedException.class, e -> assertThat(e.reason()).isEqualTo("ErrImagePull"));
  }

  @Test
  void theTimeoutFailsNamingTheStateTheEventsAndTheLastLines() {
    cluster.script(name, PodScript.succeeds("started", "working").runningForever());

    assertThatThrownBy(
            () ->
                service()
                    .deploy(
                        request(Manifests.pod(dir, name, "-Xmx1g"))
                            .timeout(Duration.ofSeconds(3))
                            .build()))
        .isInstanceOfSatisfying(
            PodFailedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("Timeout");
              assertThat(e.getMessage())
                  .contains(
                      "did not finish within 3.0 s (phase Running)",
                      "-Dk8s-run.timeout",
                      "working");
              assertThat(e.lastLogLines()).containsExactly("started", "working");
            });
    assertThat(Thread.getAllStackTraces().keySet())
        .as("log follower still running")
        .noneMatch(t -> t.isAlive() && t.getName().equals("k8s-run-log-" + name));
  }

  @Test
  void aPodThatNeverStartsTimesOutSayingSo() {
    cluster.script(name, PodScript.succeeds().withPendingFor(Duration.ofMinutes(10)));

    assertThatThrownBy(
            () ->
                service()
                    .deploy(
                        request(Manifests.pod(dir, name, "-Xmx1g"))
                            .timeout(Duration.ofSeconds(1))
                            .build()))
        .isInstanceOfSatisfying(
            PodFailedException.class,
            e ->
                assertThat(e.getMessage())
                    .contains(
                        "did not start within 1.0 s (phase Pending, container waiting:"
                            + " ContainerCreating)"));
  }

  @Test
  void unreadableEventsAreTolerated() {
    cluster.script(name, PodScript.waiting("ErrImagePull", "not found"));
    cluster.reject(
        "GET",
        "/api/v1/namespaces/" + NAMESPACE + "/events.*",
        403,
        "Forbidden",
        "events is forbidden",
        1);

    assertThatThrownBy(
            () ->
                service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).timeout(LONG).build()))
        .isInstanceOfSatisfying(
            PodFailedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("ErrImagePull");
              assertThat(e.events()).containsExactly("(events not readable: forbidden)");
            });
  }

  @Test
  void aPodDeletedWhileWaitingFails() throws Exception {
    cluster.script(name, PodScript.succeeds().runningForever());
    Thread deleter =
        new Thread(
            () -> {
              var pod = cluster.client().pods().inNamespace(NAMESPACE).withName(name);
              pod.waitUntilCondition(
                  p ->
                      p != null
                          && p.getStatus() != null
                          && "Running".equals(p.getStatus().getPhase()),
                  30,
                  TimeUnit.SECONDS);
              pod.withGracePeriod(0L).delete();
            });
    deleter.start();

    assertDeployFailsWithReasonDeleted();
    deleter.join();
  }

  @Test
  void aPodDeletedBeforeTheWatchBeganFailsToo() {
    // the kubelet deletes the pod as soon as it sees it, racing the deploy's watch
    cluster.script(name, PodScript.succeeds().runningForever());
    Thread deleter =
        new Thread(
            () -> {
              var pod = cluster.client().pods().inNamespace(NAMESPACE).withName(name);
              pod.waitUntilCondition(p -> p != null, 30, TimeUnit.SECONDS);
              pod.withGracePeriod(0L).delete();
            });
    deleter.start();

    assertDeployFailsWithReasonDeleted();
  }

  private void assertDeployFailsWithReasonDeleted() {
    assertThatThrownBy(
            () ->
                service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).timeout(LONG).build()))
        .isInstanceOfSatisfying(
            PodFailedException.class, e -> assertThat(e.reason()).isEqualTo("Deleted"));
  }
}
