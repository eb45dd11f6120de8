package dev.k8srun.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.k8srun.cluster.ClusterConfigException.Problem;
import dev.k8srun.config.DeployRequest;
import dev.k8srun.testing.Manifests;
import dev.k8srun.testing.MockCluster;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each error is one clear message: what, where, how to fix; typed by whose fault it is. */
@Timeout(60)
class ErrorsTest extends ClusterTestBase {

  @Test
  void noKubeconfigSaysWhereItLookedAndHowToFix() {
    Path home = dir.resolve("home");
    ClusterEnvironment nothing = new ClusterEnvironment(Map.of(), home, dir.resolve("sa"));

    assertThatThrownBy(
            () ->
                new ClusterService(reporter, nothing)
                    .deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build()))
        .isInstanceOfSatisfying(
            ClusterConfigException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.NO_KUBECONFIG);
              assertThat(e.isUserFault()).isTrue();
              assertThat(e.getMessage())
                  .contains(
                      "no kubeconfig found",
                      home.resolve(".kube/config").toString(),
                      "KUBECONFIG is not set",
                      "not running inside a Kubernetes pod",
                      "KUBECONFIG",
                      "-Dk8s-run.context");
            });
  }

  @Test
  void aMissingKubeconfigVariableFileIsNamed() {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(
            () ->
                new ClusterService(reporter, ClusterEnvironment.ofKubeconfig(missing))
                    .deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build()))
        .isInstanceOfSatisfying(
            ClusterConfigException.class,
            e -> assertThat(e.getMessage()).contains("looked at " + missing));
  }

  @Test
  void kubeconfigsInKubeconfigAreMergedFirstWins() throws Exception {
    Path empty = dir.resolve("empty.yaml");
    Files.writeString(empty, "apiVersion: v1\nkind: Config\n");
    String both = empty + java.io.File.pathSeparator + kubeconfig;
    ClusterEnvironment env = new ClusterEnvironment(Map.of("KUBECONFIG", both), dir, dir);

    DeployResult result =
        new ClusterService(reporter, env)
            .deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build());

    assertThat(result.namespace()).isEqualTo(NAMESPACE);
  }

  @Test
  void insideAPodTheServiceAccountIsUsed() throws Exception {
    Path account = cluster.writeServiceAccount(dir.resolve("sa"), "in-pod");
    ClusterEnvironment pod =
        new ClusterEnvironment(
            Map.of(
                "KUBERNETES_SERVICE_HOST",
                "localhost",
                "KUBERNETES_SERVICE_PORT",
                String.valueOf(cluster.port())),
            dir.resolve("home"),
            account);

    DeployResult result =
        new ClusterService(reporter, pod)
            .deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build());

    assertThat(result.namespace()).isEqualTo("in-pod");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void insideAPodAContextCannotBeChosen() throws Exception {
    Path account = cluster.writeServiceAccount(dir.resolve("sa"), "in-pod");
    ClusterEnvironment pod =
        new ClusterEnvironment(
            Map.of("KUBERNETES_SERVICE_HOST", "localhost"), dir.resolve("home"), account);

    assertThatThrownBy(
            () ->
                new ClusterService(reporter, pod)
                    .deploy(request(Manifests.pod(dir, name, "-Xmx1g")).context("prod").build()))
        .isInstanceOfSatisfying(
            ClusterConfigException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("context 'prod' was asked for, but there is no kubeconfig"));
  }

  @Test
  void anUnknownContextListsTheContextsTheKubeconfigHas() {
    assertThatThrownBy(
            () ->
                service()
                    .deploy(request(Manifests.pod(dir, name, "-Xmx1g")).context("prod").build()))
        .isInstanceOfSatisfying(
            ClusterConfigException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_CONTEXT);
              assertThat(e.getMessage())
                  .contains(
                      "context 'prod' is not in kubeconfig " + kubeconfig,
                      "its contexts: mock, other",
                      "-Dk8s-run.context");
            });
  }

  @Test
  void aChosenContextIsUsed() throws Exception {
    // context "other" has no namespace: the default one applies
    DeployResult result =
        service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).context("other").build());

    assertThat(result.namespace()).isEqualTo("default");
  }

  /** A port nothing listens on. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The mock's kubeconfig with its server moved to {@code port}. */
  private Path kubeconfigForPort(int port) throws IOException {
    return Files.writeString(
        dir.resolve("dead.yaml"),
        Files.readString(kubeconfig).replace(":" + cluster.port(), ":" + port));
  }

  @Test
  void anUnreachableServerFailsFastNamingTheUrlAndTheCause() throws Exception {
    int port = freePort();
    Path dead = kubeconfigForPort(port);
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                new ClusterService(reporter, ClusterEnvironment.ofKubeconfig(dead))
                    .deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build()))
        .isInstanceOfSatisfying(
            ClusterUnavailableException.class,
            e -> {
              assertThat(e.isUserFault()).isFalse();
              assertThat(e.getMessage())
                  .contains(
                      "cannot reach the API server https://127.0.0.1:"
                          + port
                          + "/ (context 'mock')",
                      "ConnectException",
                      "VPN")
                  .doesNotContain(MockCluster.TOKEN);
              assertThat(e.getCause()).isNotNull();
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void unauthorizedSaysToLogInAgain() {
    cluster.reject(
        "GET",
        "/api/v1/namespaces/" + NAMESPACE + "/pods/" + name,
        401,
        "Unauthorized",
        "Unauthorized",
        10);

    assertThatThrownBy(() -> service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build()))
        .isInstanceOfSatisfying(
            ClusterConfigException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.UNAUTHORIZED);
              assertThat(e.getMessage())
                  .contains(
                      "rejected the credentials of context 'mock'",
                      "get pods in namespace 'team-a' (401)",
                      "Log in again")
                  .doesNotContain(MockCluster.TOKEN);
            });
  }

  @Test
  void aPreparedConnectionReportsAnUnreachableServerBeforeAnythingIsBuilt() throws Exception {
    int port = freePort();
    Path dead = kubeconfigForPort(port);

    try (ClusterService.Prepared prepared =
        new ClusterService(reporter, ClusterEnvironment.ofKubeconfig(dead)).prepare(null)) {
      assertThatThrownBy(prepared::check)
          .isInstanceOf(ClusterUnavailableException.class)
          .hasMessageContaining("cannot reach the API server https://127.0.0.1:" + port + "/")
          .hasMessageContaining("to get version");
    }
  }

  @Test
  void aPreparedConnectionReportsRejectedCredentialsBeforeAnythingIsBuilt() {
    // fabric8 sends a request again after a 401, in case the token was refreshed meanwhile
    cluster.reset().reject("GET", "/version", 401, "Unauthorized", "Unauthorized", 2);

    try (ClusterService.Prepared prepared = service().prepare(null)) {
      assertThatThrownBy(prepared::check)
          .isInstanceOfSatisfying(
              ClusterConfigException.class,
              e -> {
                assertThat(e.problem()).isEqualTo(Problem.UNAUTHORIZED);
                assertThat(e.getMessage()).doesNotContain(MockCluster.TOKEN);
              });
    } finally {
      cluster.reset();
    }
  }

  @Test
  void aPreparedConnectionIgnoresAnyOtherAnswerToItsProbe() throws Exception {
    cluster.reset().reject("GET", "/version", 403, "Forbidden", "forbidden", 2);

    try (ClusterService.Prepared prepared = service().prepare(null)) {
      prepared.check();
    }
    cluster.reset();
    try (ClusterService.Prepared prepared = service().prepare(null)) {
      prepared.check(); // the mock has no /version: 404
    }
    assertThat(cluster.calls()).anyMatch(c -> c.path().startsWith("/version"));
  }

  @Test
  void forbiddenNamesTheVerbTheResourceAndTheNamespace() {
    cluster.reject(
        "POST",
        "/api/v1/namespaces/" + NAMESPACE + "/pods",
        403,
        "Forbidden",
        "pods is forbidden: User \"dev\" cannot create resource \"pods\" in API group \"\" in the"
            + " namespace \"team-a\"",
        1);

    assertThatThrownBy(() -> service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build()))
        .isInstanceOfSatisfying(
            ClusterConfigException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.FORBIDDEN);
              assertThat(e.getMessage())
                  .startsWith(
                      "forbidden: cannot create pods in namespace"
                          + " 'team-a' as the current user")
                  .contains("Role", "pods/log get", "<namespace> / -Dk8s-run.namespace");
            });
  }

  @Test
  void aMissingNamespaceSaysSo() {
    cluster.reject(
        "POST",
        "/api/v1/namespaces/nowhere/pods",
        404,
        "NotFound",
        "namespaces \"nowhere\" not found",
        1);

    assertThatThrownBy(
            () ->
                service()
                    .deploy(
                        request(Manifests.pod(dir, name, "-Xmx1g")).namespace("nowhere").build()))
        .isInstanceOfSatisfying(
            ClusterConfigException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.NAMESPACE_NOT_FOUND);
              assertThat(e.getMessage())
                  .contains(
                      "namespace 'nowhere' does not exist",
                      "kubectl create namespace nowhere",
                      "-Dk8s-run.namespace");
            });
  }

  @Test
  void invalidNamesTheFields() {
    cluster.reject(
        "POST",
        "/api/v1/namespaces/" + NAMESPACE + "/pods",
        422,
        "Invalid",
        "Pod \"x\" is invalid",
        1,
        new StatusCauseBuilder()
            .withField("spec.containers[0].image")
            .withReason("FieldValueRequired")
            .withMessage("Required value")
            .build(),
        new StatusCauseBuilder()
            .withField("metadata.labels")
            .withReason("FieldValueInvalid")
            .withMessage("Invalid value: \"-x\"")
            .build());

    assertThatThrownBy(() -> service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build()))
        .isInstanceOfSatisfying(
            ClusterConfigException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.INVALID_RESOURCE);
              assertThat(e.getMessage())
                  .contains(
                      "refused to create pods in namespace 'team-a'",
                      "spec.containers[0].image: Required value",
                      "metadata.labels: Invalid value: \"-x\"");
            });
  }

  @Test
  void aServerErrorIsTheEnvironments() {
    cluster.reject(
        "POST",
        "/api/v1/namespaces/" + NAMESPACE + "/pods",
        500,
        "InternalError",
        "etcdserver: request timed out",
        5);

    assertThatThrownBy(() -> service().deploy(request(Manifests.pod(dir, name, "-Xmx1g")).build()))
        .isInstanceOfSatisfying(
            ClusterUnavailableException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("answered 500 to create pods in namespace 'team-a'", "etcdserver"));
  }

  @Test
  void aMissingManifestSaysWhatToRunFirst() {
    assertThatThrownBy(() -> service().deploy(request(dir.resolve("pod.yaml")).build()))
        .isInstanceOfSatisfying(
            ClusterConfigException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.INVALID_MANIFEST);
              assertThat(e.getMessage()).contains("does not exist", "k8s-run:build");
            });
  }

  @Test
  void aManifestWithoutPodOrJobIsRefused() {
    Path manifest = Manifests.write(dir, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");

    assertThatThrownBy(() -> service().deploy(request(manifest).build()))
        .isInstanceOfSatisfying(
            ClusterConfigException.class,
            e -> assertThat(e.getMessage()).contains("holds no Pod and no Job", "ConfigMap/c"));
  }

  @Test
  void anUnknownMainContainerListsTheContainers() {
    assertThatThrownBy(
            () ->
                service()
                    .deploy(request(Manifests.pod(dir, name, "-Xmx1g")).container("main").build()))
        .isInstanceOfSatisfying(
            ClusterConfigException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_CONTAINER);
              assertThat(e.getMessage())
                  .contains("container 'main' is not in Pod", "containers: app");
            });
  }

  @Test
  void requestDefaults() {
    DeployRequest request = DeployRequest.builder(Path.of("target/k8s-run/pod.yaml")).build();

    assertThat(request.waitMode()).isEqualTo(dev.k8srun.config.WaitMode.COMPLETED);
    assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(request.follow()).isTrue();
    assertThat(request.cleanup()).isEqualTo(dev.k8srun.config.CleanupPolicy.NEVER);
    assertThat(request.lastRunFile()).isEqualTo(Path.of("target/k8s-run/last-run.json"));
    assertThat(request.successExitCodes()).containsExactly(0);
    assertThat(request.failureLogLines()).isEqualTo(20);
    assertThat(dev.k8srun.config.CleanupPolicy.parse("on-success"))
        .isEqualTo(dev.k8srun.config.CleanupPolicy.ON_SUCCESS);
    assertThat(dev.k8srun.config.CleanupPolicy.parse("onSuccess").toString())
        .isEqualTo("onSuccess");
    assertThat(dev.k8srun.config.WaitMode.parse("Started"))
        .isEqualTo(dev.k8srun.config.WaitMode.STARTED);
    assertThatThrownBy(() -> dev.k8srun.config.WaitMode.parse("forever"))
        .hasMessageContaining("none, started, completed")
        .hasMessageContaining("-Dk8s-run.wait");
  }

  @Test
  void secretsAreScrubbedFromMessages() throws IOException {
    assertThat(Redactor.redact("Authorization: Bearer abc.def and token=xyz, password: hunter2"))
        .doesNotContain("abc.def", "xyz", "hunter2")
        .contains("***");
  }
}
