package dev.k8srun.testing;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventListBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API server for tests: the fabric8 mock server in CRUD mode plus a small "kubelet"
 * and "job controller" that give each new pod a life (Pending, Running, Succeeded or Failed), serve
 * its log, and record its events. Usable from JUnit and from any other JVM code (see {@link
 * #main}).
 *
 * <pre>{@code
 * try (MockCluster cluster = MockCluster.start()) {
 *   Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"), "default");
 *   cluster.script("my-pod", PodScript.exits(3, "hello"));
 *   ... run the code under test with KUBECONFIG=kubeconfig ...
 *   cluster.calls();   // what the code under test asked the API server
 * }
 * }</pre>
 *
 * <p>The pod's fate is chosen, in order, by {@link #script(String, PodScript)} for its name (or its
 * Job's name), by the pod annotations {@value #EXIT_CODE_ANNOTATION} and {@value #LOG_ANNOTATION}
 * (lines separated by {@code \n}), and by {@link #defaultScript(PodScript)}.
 */
public final class MockCluster implements AutoCloseable {

  /** The User-Agent of the mock's own client; its requests are not in {@link #calls()}. */
  public static final String KUBELET_AGENT = "k8s-run-mock-kubelet";

  /** A token in the kubeconfig, so tests can check that it never shows in messages. */
  public static final String TOKEN = "mock-token-s3cr3t-do-not-print";

  /** How long the mock holds a follow request of a running container before answering. */
  private static final long FOLLOW_HOLD_MS = 250;

  public static final String EXIT_CODE_ANNOTATION = "mock.k8s-run.dev/exit-code";
  public static final String LOG_ANNOTATION = "mock.k8s-run.dev/log";

  /**
   * The API discovery documents kubectl reads before anything else (the CRUD mock has none): the
   * core group with pods (and their log), events, config maps, services; the batch group with jobs.
   */
  private static final Map<String, String> DISCOVERY =
      Map.of(
          "/api",
          "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}",
          "/api/v1",
          "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
              + resource("pods", "Pod", true, "po")
              + ","
              + "{\"name\":\"pods/log\",\"singularName\":\"\",\"namespaced\":true,"
              + "\"kind\":\"Pod\",\"verbs\":[\"get\"]},"
              + resource("events", "Event", true, "ev")
              + ","
              + resource("configmaps", "ConfigMap", true, "cm")
              + ","
              + resource("services", "Service", true, "svc")
              + ","
              + resource("namespaces", "Namespace", false, "ns")
              + "]}",
          "/apis",
          "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[{\"name\":\"batch\","
              + "\"versions\":[{\"groupVersion\":\"batch/v1\",\"version\":\"v1\"}],"
              + "\"preferredVersion\":{\"groupVersion\":\"batch/v1\",\"version\":\"v1\"}}]}",
          "/apis/batch/v1",
          "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"batch/v1\","
              + "\"resources\":["
              + resource("jobs", "Job", true, "job")
              + "]}");

  private static String resource(String plural, String kind, boolean namespaced, String shortName) {
    return "{\"name\":\""
        + plural
        + "\",\"singularName\":\""
        + kind.toLowerCase(java.util.Locale.ROOT)
        + "\",\"namespaced\":"
        + namespaced
        + ",\"kind\":\""
        + kind
        + "\",\"shortNames\":[\""
        + shortName
        + "\"],\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]}";
  }

  private static final Pattern LOG_PATH =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");
  private static final Pattern EVENTS_PATH =
      Pattern.compile("/api/v1/namespaces/([^/]+)/events(\\?.*)?");

  /** A request the code under test sent. */
  public record Call(String method, String path, String contentType, String body, long nanoTime) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** An injected API error: the next matching request(s) get this status. */
  private record Fault(String method, Pattern path, Status status, AtomicInteger remaining) {}

  private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
  private final KubernetesMockServer server;
  private final ScheduledExecutorService kubeletThread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mock-kubelet");
            t.setDaemon(true);
            return t;
          });
  private final java.util.concurrent.ExecutorService closer =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "mock-watch-closer");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, PodScript> scripts = new ConcurrentHashMap<>();
  private final Map<String, PodRun> runs = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Object closing = new Object();
  private int closingWatches;
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private volatile PodScript defaultScript = PodScript.succeeds();
  private volatile Function<Pod, PodScript> scriptSource;
  private KubernetesClient kubelet;
  private final List<Watch> watches = new ArrayList<>();

  /** The mock web server logs every request at INFO; held here so the level sticks. */
  private static final java.util.logging.Logger QUIET = quiet();

  private static java.util.logging.Logger quiet() {
    java.util.logging.Logger logger =
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  private MockCluster() {
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            new ClusterDispatcher(new KubernetesMixedDispatcher(responses)),
            true);
  }

  /** Starts a cluster on a free loopback port. */
  public static MockCluster start() {
    return start(0);
  }

  /** Starts a cluster on the given loopback port (0: a free one). */
  public static MockCluster start(int port) {
    MockCluster cluster = new MockCluster();
    try {
      cluster.server.start(InetAddress.getLoopbackAddress(), port);
      cluster.kubelet = new KubernetesClientBuilder().withConfig(cluster.clientConfig()).build();
      cluster.watches.add(
          cluster.kubelet.pods().inAnyNamespace().watch(cluster.watcher(cluster::onPod)));
      cluster.watches.add(
          cluster
              .kubelet
              .batch()
              .v1()
              .jobs()
              .inAnyNamespace()
              .watch(cluster.watcher(cluster::onJob)));
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** The API server's URL, e.g. {@code https://127.0.0.1:34567/}. */
  public String url() {
    return "https://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  /**
   * Lays out a pod's service account directory ({@code token}, {@code ca.crt}, {@code namespace})
   * for this server, as Kubernetes mounts it, and returns it. The server's certificate is for
   * {@code localhost}: use that as {@code KUBERNETES_SERVICE_HOST}.
   */
  public Path writeServiceAccount(Path dir, String namespace) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("token"), TOKEN);
      Files.writeString(dir.resolve("namespace"), namespace);
      Files.copy(
          Path.of(server.getSelfSignedCertificate().certificatePath()),
          dir.resolve("ca.crt"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a kubeconfig whose current context {@code mock} points at this server with the given
   * default namespace (null: none). Also has a second context {@code other}.
   */
  public Path writeKubeconfig(Path file, String namespace) {
    String ns = namespace == null ? "" : "\n    namespace: " + namespace;
    String yaml =
        """
        apiVersion: v1
        kind: Config
        current-context: mock
        clusters:
        - name: mock
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        contexts:
        - name: mock
          context:
            cluster: mock
            user: mock-user%s
        - name: other
          context:
            cluster: mock
            user: mock-user
        users:
        - name: mock-user
          user:
            token: %s
        """
            .formatted(url(), ns, TOKEN);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** How pods (and Jobs' pods) with this name end. */
  public MockCluster script(String podOrJobName, PodScript script) {
    scripts.put(podOrJobName, script);
    return this;
  }

  /**
   * How pods that have no script by name or annotation end, decided when each is created (for example by
   * running its image: {@link ImageRunningKubelet}). Consulted before the default script; null: none.
   */
  public MockCluster scriptSource(Function<Pod, PodScript> source) {
    scriptSource = source;
    return this;
  }

  /** Forgets scripts, faults and recorded calls, so one running cluster can serve several tests. */
  public MockCluster reset() {
    scripts.clear();
    faults.clear();
    calls.clear();
    scriptSource = null;
    defaultScript = PodScript.succeeds();
    return this;
  }

  /** How every other pod ends (default: succeeds at once, no log). */
  public MockCluster defaultScript(PodScript script) {
    defaultScript = script;
    return this;
  }

  /**
   * The next {@code times} requests (from the code under test) with this method whose path (with
   * query) matches the regex get this HTTP status, with a Kubernetes Status body.
   */
  public MockCluster reject(
      String method,
      String pathRegex,
      int code,
      String reason,
      String message,
      int times,
      StatusCause... causes) {
    Status status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(code)
            .withReason(reason)
            .withMessage(message)
            .withNewDetails()
            .withCauses(causes)
            .endDetails()
            .build();
    faults.add(new Fault(method, Pattern.compile(pathRegex), status, new AtomicInteger(times)));
    return this;
  }

  /** The requests the code under test sent, in order (the kubelet's own are left out). */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public void clearCalls() {
    calls.clear();
  }

  /** A client of the kubelet's own (its requests are not recorded), for setting up and checking. */
  public KubernetesClient client() {
    return kubelet;
  }

  /** Whether the kubelet has started the pod (it has seen it). */
  public boolean hasSeen(String namespace, String podName) {
    return runs.keySet().stream().anyMatch(k -> k.startsWith(namespace + "/" + podName + "/"));
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
    kubeletThread.shutdownNow();
    if (kubelet != null) {
      kubelet.close();
    }
    server.shutdown();
    closer.shutdown();
  }

  /**
   * Runs a cluster until this process is stopped or its standard input closes, for integration
   * tests outside JUnit. Options: {@code --port N} (default 0: free), {@code --kubeconfig FILE}
   * (required), {@code --namespace NS}, {@code --exit-code N}, {@code --line TEXT} (repeatable),
   * {@code --ready-file FILE} (written with the port once the server answers).
   */
  public static void main(String[] args) throws Exception {
    Map<String, List<String>> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[i + 1]);
    }
    int port = Integer.parseInt(first(options, "--port", "0"));
    try (MockCluster cluster = start(port)) {
      cluster.writeKubeconfig(
          Path.of(first(options, "--kubeconfig", "kubeconfig")),
          first(options, "--namespace", null));
      int exitCode = Integer.parseInt(first(options, "--exit-code", "0"));
      cluster.defaultScript(
          PodScript.exits(exitCode).withLines(options.getOrDefault("--line", List.of())));
      String ready = first(options, "--ready-file", null);
      if (ready != null) {
        Files.writeString(Path.of(ready), String.valueOf(cluster.port()));
      }
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
      while (System.in.read() >= 0) {
        // runs until stdin closes or the process is killed
      }
    }
  }

  private static String first(Map<String, List<String>> options, String key, String fallback) {
    List<String> values = options.get(key);
    return values == null ? fallback : values.get(0);
  }

  private Config clientConfig() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withTrustCerts(true)
        .withNamespace("default")
        .withOauthToken("kubelet")
        .withUserAgent(KUBELET_AGENT)
        .withHttp2Disable(true)
        .withRequestRetryBackoffLimit(0)
        .build();
  }

  private <T> Watcher<T> watcher(java.util.function.BiConsumer<Watcher.Action, T> onEvent) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        kubeletThread.execute(() -> onEvent.accept(action, resource));
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  // ---------------------------------------------------------------- the kubelet

  /** What the kubelet knows about one pod. */
  private static final class PodRun {
    final String namespace;
    final String name;
    final String container;
    final PodScript script;
    final AtomicBoolean dropped = new AtomicBoolean();
    volatile String state = "Pending";
    volatile long terminateAtMillis;
    volatile Instant startedAt;

    PodRun(String namespace, String name, String container, PodScript script) {
      this.namespace = namespace;
      this.name = name;
      this.container = container;
      this.script = script;
    }
  }

  private void onPod(Watcher.Action action, Pod pod) {
    String key = key(pod);
    if (action == Watcher.Action.DELETED) {
      PodRun gone = runs.remove(key);
      if (gone != null) {
        gone.state = "Deleted";
      }
      return;
    }
    if (action == Watcher.Action.ADDED && !runs.containsKey(key)) {
      PodRun run =
          new PodRun(
              pod.getMetadata().getNamespace(),
              pod.getMetadata().getName(),
              pod.getSpec().getContainers().get(0).getName(),
              scriptFor(pod));
      runs.put(key, run);
      pending(run);
    }
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace()
        + "/"
        + pod.getMetadata().getName()
        + "/"
        + pod.getMetadata().getUid();
  }

  private PodScript scriptFor(Pod pod) {
    PodScript byName = scripts.get(pod.getMetadata().getName());
    if (byName != null) {
      return byName;
    }
    String job =
        pod.getMetadata().getLabels() == null
            ? null
            : pod.getMetadata().getLabels().get("job-name");
    if (job != null && scripts.containsKey(job)) {
      return scripts.get(job);
    }
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(EXIT_CODE_ANNOTATION)) {
      String log = annotations.getOrDefault(LOG_ANNOTATION, "");
      return PodScript.exits(Integer.parseInt(annotations.get(EXIT_CODE_ANNOTATION)))
          .withLines(log.isEmpty() ? List.of() : List.of(log.split("\n")));
    }
    Function<Pod, PodScript> source = scriptSource;
    PodScript fromSource = source == null ? null : source.apply(pod);
    return fromSource != null ? fromSource : defaultScript;
  }

  private void pending(PodRun run) {
    PodScript s = run.script;
    if (s.unschedulable()) {
      String message = "0/3 nodes are available: 3 Insufficient cpu.";
      event(run, "FailedScheduling", message); // events first: a failure report reads them at once
      setStatus(
          run,
          new PodStatusBuilder()
              .withPhase("Pending")
              .withConditions(
                  new PodConditionBuilder()
                      .withType("PodScheduled")
                      .withStatus("False")
                      .withReason("Unschedulable")
                      .withMessage(message)
                      .build())
              .build());
      return;
    }
    String reason = s.waitingReason() == null ? "ContainerCreating" : s.waitingReason();
    if (s.waitingReason() != null) {
      event(run, "Failed", s.waitingMessage());
    }
    setStatus(
        run,
        new PodStatusBuilder()
            .withPhase("Pending")
            .withConditions(
                new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
            .withContainerStatuses(
                containerStatus(
                    run.container,
                    new ContainerStateBuilder()
                        .withNewWaiting()
                        .withReason(reason)
                        .withMessage(s.waitingMessage())
                        .endWaiting()
                        .build()))
            .build());
    if (s.waitingReason() != null) {
      return;
    }
    later(s.pendingFor(), () -> running(run));
  }

  private void running(PodRun run) {
    run.startedAt = Instant.now();
    run.terminateAtMillis = System.currentTimeMillis() + run.script.runFor().toMillis();
    run.state = "Running";
    List<ContainerStatus> statuses = new ArrayList<>();
    statuses.add(containerStatus(run.container, runningState(run)));
    if (run.script.sidecar() != null) {
      statuses.add(containerStatus(run.script.sidecar(), runningState(run)));
    }
    setStatus(
        run,
        new PodStatusBuilder()
            .withPhase("Running")
            .withStartTime(run.startedAt.toString())
            .withConditions(
                new PodConditionBuilder().withType("PodScheduled").withStatus("True").build(),
                new PodConditionBuilder().withType("Ready").withStatus("True").build())
            .withContainerStatuses(statuses)
            .build());
    if (!run.script.runForever()) {
      later(run.script.runFor(), () -> terminate(run));
    }
  }

  private void terminate(PodRun run) {
    PodScript s = run.script;
    Instant now = Instant.now();
    if (s.podReason() != null) {
      run.state = "Terminated";
      PodStatus status = currentStatus(run);
      if (status != null) {
        status.setPhase("Failed");
        status.setReason(s.podReason());
        status.setMessage("Pod " + s.podReason() + ": The node was low on resource: memory.");
        event(run, s.podReason(), status.getMessage());
        setStatus(run, status);
      }
      return;
    }
    ContainerState terminated =
        new ContainerStateBuilder()
            .withNewTerminated()
            .withExitCode(s.exitCode())
            .withReason(s.terminatedReason())
            .withMessage(s.terminatedMessage())
            .withStartedAt(run.startedAt.toString())
            .withFinishedAt(now.toString())
            .endTerminated()
            .build();
    List<ContainerStatus> statuses = new ArrayList<>();
    statuses.add(containerStatus(run.container, terminated));
    if (s.sidecar() != null) {
      statuses.add(containerStatus(s.sidecar(), runningState(run)));
    }
    run.state = "Terminated";
    String phase = s.sidecar() != null ? "Running" : s.exitCode() == 0 ? "Succeeded" : "Failed";
    setStatus(
        run,
        new PodStatusBuilder()
            .withPhase(phase)
            .withStartTime(run.startedAt.toString())
            .withConditions(
                new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
            .withContainerStatuses(statuses)
            .build());
    finishJob(run, s.exitCode() == 0);
  }

  private static ContainerState runningState(PodRun run) {
    return new ContainerStateBuilder()
        .withNewRunning()
        .withStartedAt(run.startedAt.toString())
        .endRunning()
        .build();
  }

  private static ContainerStatus containerStatus(String name, ContainerState state) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withImage("mock")
        .withState(state)
        .withReady(state.getRunning() != null)
        .withRestartCount(0)
        .build();
  }

  private PodStatus currentStatus(PodRun run) {
    Pod pod = kubelet.pods().inNamespace(run.namespace).withName(run.name).get();
    return pod == null ? null : pod.getStatus();
  }

  private void setStatus(PodRun run, PodStatus status) {
    try {
      Pod pod = kubelet.pods().inNamespace(run.namespace).withName(run.name).get();
      if (pod == null) {
        return;
      }
      pod.setStatus(status);
      kubelet.pods().inNamespace(run.namespace).resource(pod).updateStatus();
    } catch (KubernetesClientException e) {
      // the pod went away meanwhile: nothing to drive
    }
  }

  private void event(PodRun run, String reason, String message) {
    Pod pod = kubelet.pods().inNamespace(run.namespace).withName(run.name).get();
    events.add(
        new EventBuilder()
            .withNewMetadata()
            .withName(run.name + "." + UUID.randomUUID())
            .withNamespace(run.namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withKind("Pod")
            .withName(run.name)
            .withNamespace(run.namespace)
            .withUid(pod == null ? null : pod.getMetadata().getUid())
            .endInvolvedObject()
            .withType("Warning")
            .withReason(reason)
            .withMessage(message)
            .withCount(1)
            .withLastTimestamp(Instant.now().toString())
            .build());
  }

  private void later(Duration delay, Runnable step) {
    if (delay.isZero()) {
      kubeletThread.execute(step);
    } else {
      kubeletThread.schedule(step, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  // ---------------------------------------------------------------- the job controller

  private void onJob(Watcher.Action action, Job job) {
    String ns = job.getMetadata().getNamespace();
    String uid = job.getMetadata().getUid();
    if (action == Watcher.Action.DELETED) {
      // the garbage collector: the Job's pods go with it
      kubelet.pods().inNamespace(ns).withLabel("controller-uid", uid).delete();
      return;
    }
    if (action != Watcher.Action.ADDED) {
      return;
    }
    Map<String, String> labels = new HashMap<>();
    if (job.getSpec().getTemplate().getMetadata() != null
        && job.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(job.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put("job-name", job.getMetadata().getName());
    labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
    labels.put("controller-uid", uid);
    labels.put("batch.kubernetes.io/controller-uid", uid);
    OwnerReference owner =
        new OwnerReferenceBuilder()
            .withApiVersion("batch/v1")
            .withKind("Job")
            .withName(job.getMetadata().getName())
            .withUid(uid)
            .withController(true)
            .build();
    String suffix = UUID.randomUUID().toString().substring(0, 5);
    kubelet
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "-" + suffix)
                .withNamespace(ns)
                .withLabels(labels)
                .withOwnerReferences(owner)
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .build())
        .create();
  }

  private void finishJob(PodRun run, boolean succeeded) {
    Pod pod = kubelet.pods().inNamespace(run.namespace).withName(run.name).get();
    if (pod == null || pod.getMetadata().getOwnerReferences() == null) {
      return;
    }
    for (OwnerReference owner : pod.getMetadata().getOwnerReferences()) {
      if (!"Job".equals(owner.getKind())) {
        continue;
      }
      Job job =
          kubelet.batch().v1().jobs().inNamespace(run.namespace).withName(owner.getName()).get();
      if (job == null) {
        continue;
      }
      String now = Instant.now().toString();
      job.setStatus(
          new JobStatusBuilder()
              .withSucceeded(succeeded ? 1 : 0)
              .withFailed(succeeded ? 0 : 1)
              .withConditions(
                  succeeded
                      ? new JobConditionBuilder()
                          .withType("Complete")
                          .withStatus("True")
                          .withLastTransitionTime(now)
                          .build()
                      : new JobConditionBuilder()
                          .withType("Failed")
                          .withStatus("True")
                          .withReason("BackoffLimitExceeded")
                          .withMessage("Job has reached the specified backoff limit")
                          .withLastTransitionTime(now)
                          .build())
              .build());
      try {
        kubelet.batch().v1().jobs().inNamespace(run.namespace).resource(job).updateStatus();
      } catch (KubernetesClientException e) {
        // deleted meanwhile
      }
    }
  }

  // ---------------------------------------------------------------- the HTTP side

  /**
   * Records calls, injects faults, serves logs and events, and leaves the rest to the CRUD mock.
   */
  private final class ClusterDispatcher extends Dispatcher {
    private final KubernetesMixedDispatcher crud;

    ClusterDispatcher(KubernetesMixedDispatcher crud) {
      this.crud = crud;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      boolean fromKubelet = KUBELET_AGENT.equals(request.getHeader("User-Agent"));
      if (!fromKubelet) {
        calls.add(
            new Call(
                request.getMethod(),
                request.getPath(),
                request.getHeader("Content-Type"),
                body(request),
                System.nanoTime()));
        for (Fault fault : faults) {
          if (fault.method().equalsIgnoreCase(request.getMethod())
              && fault.path().matcher(request.getPath()).matches()
              && fault.remaining().getAndDecrement() > 0) {
            return json(fault.status().getCode(), fault.status());
          }
        }
      }
      String discovery =
          "GET".equals(request.getMethod())
              ? DISCOVERY.get(request.getPath().replaceFirst("\\?.*", ""))
              : null;
      if (discovery != null) {
        return new MockResponse()
            .setResponseCode(200)
            .setHeader("Content-Type", "application/json")
            .setBody(discovery);
      }
      Matcher log = LOG_PATH.matcher(request.getPath());
      if (log.matches() && "GET".equals(request.getMethod())) {
        return log(log.group(1), log.group(2), query(log.group(3)));
      }
      Matcher ev = EVENTS_PATH.matcher(request.getPath());
      if (ev.matches()
          && "GET".equals(request.getMethod())
          && !request.getPath().contains("watch")) {
        return events(ev.group(1), query(ev.group(2)));
      }
      if (!"GET".equals(request.getMethod())) {
        awaitClosingWatches();
      }
      String type = request.getHeader("Content-Type");
      if ("PATCH".equals(request.getMethod())
          && type != null
          && type.startsWith("application/apply-patch")) {
        return serverSideApply(request);
      }
      return nonBlockingClose(crud.dispatch(request));
    }

    /**
     * The CRUD mock's watch listener waits (up to a minute) on the server's event loop, when a
     * client closes a watch, for its sender thread, which may need that very loop for an event in
     * flight: the whole server stalls. Closing on another thread avoids the stall.
     */
    private MockResponse nonBlockingClose(MockResponse response) {
      WebSocketListener inner = response.getWebSocketListener();
      if (inner == null) {
        return response;
      }
      return response.withWebSocketUpgrade(
          new WebSocketListener() {
            @Override
            public void onBeforeAccept(WebSocket ws, io.fabric8.mockwebserver.http.Response r) {
              inner.onBeforeAccept(ws, r);
            }

            @Override
            public void onOpen(WebSocket ws, io.fabric8.mockwebserver.http.Response r) {
              inner.onOpen(ws, r);
            }

            @Override
            public void onMessage(WebSocket ws, String text) {
              inner.onMessage(ws, text);
            }

            @Override
            public void onMessage(WebSocket ws, byte[] bytes) {
              inner.onMessage(ws, bytes);
            }

            @Override
            public void onClosing(WebSocket ws, int code, String reason) {
              inner.onClosing(ws, code, reason);
            }

            @Override
            public void onClosed(WebSocket ws, int code, String reason) {
              offLoop(() -> inner.onClosed(ws, code, reason));
            }

            @Override
            public void onFailure(
                WebSocket ws, Throwable t, io.fabric8.mockwebserver.http.Response r) {
              offLoop(() -> inner.onFailure(ws, t, r));
            }
          });
    }

    private void offLoop(Runnable task) {
      synchronized (closing) {
        closingWatches++;
      }
      Runnable counted =
          () -> {
            try {
              task.run();
            } finally {
              synchronized (closing) {
                closingWatches--;
                closing.notifyAll();
              }
            }
          };
      try {
        closer.execute(counted);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        counted.run(); // shutting down
      }
    }

    /**
     * A closing watch listener stops its sender before it unregisters; an event for it in between
     * fails the whole change (and the events of the other watches). So changes wait, briefly, for
     * closing watches to be gone.
     */
    private void awaitClosingWatches() {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      synchronized (closing) {
        while (closingWatches > 0 && System.nanoTime() < end) {
          try {
            closing.wait(Math.max(1, (end - System.nanoTime()) / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }

    /** The CRUD mock patches only what exists; server-side apply also creates. */
    private MockResponse serverSideApply(RecordedRequest request) {
      String path = request.getPath().replaceAll("\\?.*", "");
      MockResponse existing =
          crud.dispatch(
              new RecordedRequest(
                  "HTTP/1.1", HttpMethod.GET, path, Headers.builder().build(), new Buffer()));
      if (existing.code() != 404) {
        return crud.dispatch(request);
      }
      Headers headers = Headers.builder().add("Content-Type", "application/json").build();
      return crud.dispatch(
          new RecordedRequest(
              "HTTP/1.1",
              HttpMethod.POST,
              path.substring(0, path.lastIndexOf('/')),
              headers,
              new Buffer(body(request).getBytes(StandardCharsets.UTF_8))));
    }

    private MockResponse log(String namespace, String pod, Map<String, String> query) {
      PodRun run =
          runs.entrySet().stream()
              .filter(e -> e.getKey().startsWith(namespace + "/" + pod + "/"))
              .map(Map.Entry::getValue)
              .reduce((a, b) -> b)
              .orElse(null);
      if (run == null) {
        return json(404, status(404, "NotFound", "pods \"" + pod + "\" not found"));
      }
      String container = query.getOrDefault("container", run.container);
      if (!container.equals(run.container)) {
        return new MockResponse().setResponseCode(200).setBody("");
      }
      if ("Pending".equals(run.state)) {
        String reason =
            run.script.waitingReason() == null ? "ContainerCreating" : run.script.waitingReason();
        return json(
            400,
            status(
                400,
                "BadRequest",
                "container \""
                    + container
                    + "\" in pod \""
                    + pod
                    + "\" is waiting to start: "
                    + reason));
      }
      List<String> lines = run.script.lines();
      if (query.containsKey("tailLines")) {
        int tail = Integer.parseInt(query.get("tailLines"));
        lines = lines.subList(Math.max(0, lines.size() - tail), lines.size());
      }
      StringBuilder body = new StringBuilder();
      lines.forEach(l -> body.append(l).append('\n'));
      MockResponse response =
          new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain");
      boolean follow = "true".equals(query.get("follow"));
      if (follow && "Running".equals(run.state)) {
        int drop = run.script.dropLogAfter();
        if (drop >= 0 && drop < lines.size() && !run.dropped.getAndSet(true)) {
          // the stream breaks off mid-line
          StringBuilder part = new StringBuilder();
          lines.subList(0, drop).forEach(l -> part.append(l).append('\n'));
          String next = lines.get(drop);
          part.append(next, 0, next.length() / 2);
          return response.setBody(part.toString());
        }
        // a follow stream stays open while the container runs; the mock can only delay the whole
        // response (headers too), so it holds it a little and lets the client reconnect
        long untilEnd =
            run.script.runForever()
                ? Long.MAX_VALUE
                : run.terminateAtMillis - System.currentTimeMillis();
        long delay = Math.max(0, Math.min(untilEnd, FOLLOW_HOLD_MS));
        if (delay >= 1) {
          response.setBodyDelay(Duration.ofMillis(delay));
        }
      }
      return body.length() == 0 ? response : response.setBody(body.toString());
    }

    private MockResponse events(String namespace, Map<String, String> query) {
      Map<String, String> fields = new HashMap<>();
      String selector = query.getOrDefault("fieldSelector", "");
      for (String part : selector.split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length == 2) {
          fields.put(kv[0], kv[1]);
        }
      }
      List<Event> matching =
          events.stream()
              .filter(e -> namespace.equals(e.getMetadata().getNamespace()))
              .filter(
                  e -> matches(fields.get("involvedObject.name"), e.getInvolvedObject().getName()))
              .filter(
                  e -> matches(fields.get("involvedObject.kind"), e.getInvolvedObject().getKind()))
              .filter(
                  e -> matches(fields.get("involvedObject.uid"), e.getInvolvedObject().getUid()))
              .toList();
      return json(200, new EventListBuilder().withItems(matching).build());
    }

    private static boolean matches(String wanted, String actual) {
      return wanted == null || wanted.equals(actual);
    }
  }

  /** The request body, read without consuming it (the CRUD handler reads it after us). */
  private static String body(RecordedRequest request) {
    byte[] bytes = request.getBody() == null ? null : request.getBody().getBytes();
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }

  private static Map<String, String> query(String queryString) {
    Map<String, String> query = new HashMap<>();
    if (queryString == null || queryString.length() < 2) {
      return query;
    }
    for (String part : queryString.substring(1).split("&")) {
      String[] kv = part.split("=", 2);
      query.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return query;
  }

  private static Status status(int code, String reason, String message) {
    return new StatusBuilder()
        .withStatus("Failure")
        .withCode(code)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  private static MockResponse json(int code, Object body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(body));
  }
}
