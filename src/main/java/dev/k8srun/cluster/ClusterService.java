package dev.k8srun.cluster;

import dev.k8srun.config.DeleteRequest;
import dev.k8srun.config.DeployRequest;
import dev.k8srun.config.LogsRequest;
import dev.k8srun.config.Reporter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cluster side of the plugin: {@code deploy}, {@code logs} and {@code delete}. Each call opens
 * its own client and closes it (with every watch and stream) before returning.
 *
 * <pre>{@code
 * ClusterService cluster = new ClusterService(reporter);
 * DeployResult result = cluster.deploy(DeployRequest.builder(manifest).namespace(ns).build());
 * }</pre>
 *
 * <p>Exceptions: {@link ClusterConfigException} and {@link PodFailedException} are the user's
 * (configuration, or the program failed): report them as build failures. {@link
 * ClusterUnavailableException} is the environment's: report it as an execution error.
 */
public final class ClusterService {

  private final Reporter reporter;
  private final ClusterConnector connector;

  /**
   * Uses this machine's kubeconfig ({@code KUBECONFIG}, {@code ~/.kube/config}) or service account.
   */
  public ClusterService(Reporter reporter) {
    this(reporter, ClusterEnvironment.system());
  }

  public ClusterService(Reporter reporter, ClusterEnvironment environment) {
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    this.connector = new ClusterConnector(environment, reporter);
  }

  /**
   * Starts connecting on a background thread (reading the kubeconfig, choosing the context, setting up
   * the client and loading its classes), so that it overlaps with the rest of the build. {@link
   * Prepared#check()} then reports a wrong kubeconfig or context before anything is built or pushed,
   * and {@link #deploy(DeployRequest, Prepared)} uses the connection. Once the connection is ready
   * the thread also sends one harmless request ({@code GET /version}, whatever its answer), so that
   * the TLS handshake with the API server is done before the deploy needs it. Close it if it is not
   * used.
   */
  public Prepared prepare(String context) {
    CompletableFuture<Connection> future = new CompletableFuture<>();
    CompletableFuture<ClusterException> probe = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              Connection connection;
              try {
                connection = connector.connect(context);
                WarmUp.run(connection.client());
              } catch (Throwable e) {
                future.completeExceptionally(e);
                return;
              }
              if (future.complete(connection)) {
                probe.complete(WarmUp.openConnection(connection));
              } else {
                connection.close(); // closed before it was ready
              }
            },
            "k8s-run-connect");
    thread.setDaemon(true);
    thread.start();
    return new Prepared(future, probe, context);
  }

  /** A connection being opened in the background by {@link #prepare(String)}. */
  public static final class Prepared implements AutoCloseable {
    /** How long {@link #check()} waits for the answer to {@code GET /version} once connected. */
    private static final long PROBE_WAIT_MS = 2000;

    private final CompletableFuture<Connection> future;
    private final CompletableFuture<ClusterException> probe;
    private final String context;
    private boolean taken;
    private boolean closed;

    private Prepared(
        CompletableFuture<Connection> future,
        CompletableFuture<ClusterException> probe,
        String context) {
      this.future = future;
      this.probe = probe;
      this.context = context;
    }

    /**
     * Waits for the connection and throws what went wrong setting it up; then, once {@code GET
     * /version} has been answered (waiting for that at most 2 s), throws when it showed the API
     * server unreachable or the credentials rejected (401), so a deploy fails before it builds.
     */
    public void check() throws ClusterException {
      connection();
      ClusterException found;
      try {
        found = probe.get(PROBE_WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        return; // no answer yet: the deploy's own requests will tell
      }
      if (found != null) {
        throw found;
      }
    }

    Connection connection() throws ClusterException {
      try {
        return future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterUnavailableException("interrupted while connecting to the cluster", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof ClusterException cluster) {
          throw cluster;
        }
        throw new ClusterUnavailableException(
            "cannot set up the Kubernetes client: " + e.getCause(), e.getCause());
      } catch (CancellationException e) {
        throw new IllegalStateException("the prepared connection was closed", e);
      }
    }

    /** The kubeconfig context it was prepared for (null: the current one). */
    public String context() {
      return context;
    }

    private Connection take() throws ClusterException {
      Connection connection = connection();
      taken = true;
      return connection;
    }

    /** Closes the connection unless a deploy took it; does not wait for it to be ready. */
    @Override
    public synchronized void close() {
      if (taken || closed) {
        return;
      }
      closed = true;
      if (!future.cancel(false) && !future.isCompletedExceptionally()) {
        future.join().close();
      }
    }
  }

  /**
   * Applies the manifest over a connection {@linkplain #prepare(String) prepared} earlier for the
   * same context; otherwise as {@link #deploy(DeployRequest)}.
   */
  public DeployResult deploy(DeployRequest request, Prepared prepared) throws ClusterException {
    if (!Objects.equals(prepared.context(), request.context())) {
      throw new IllegalArgumentException(
          "prepared for context " + prepared.context() + ", not " + request.context());
    }
    return new Deployer(connector, reporter).deploy(request, prepared.take());
  }

  /**
   * Applies the manifest (replacing a Pod or Job of the same name), records the run in the last-run
   * file, waits as asked, streams the log, and returns once the main container ended with a success
   * code (or started, or was created, per the wait mode).
   *
   * @throws PodFailedException the container exited with another code, or the pod cannot run, or
   *     the timeout passed
   * @throws ClusterConfigException kubeconfig, context, permissions, namespace or manifest are
   *     wrong
   * @throws ClusterUnavailableException the API server cannot be reached or failed
   */
  public DeployResult deploy(DeployRequest request) throws ClusterException {
    return new Deployer(connector, reporter).deploy(request);
  }

  /**
   * Prints the log of the last run's main container, prefixed {@code [pod/<name>]}; with {@code
   * follow}, until the container ends. Returns the number of lines printed.
   */
  public long logs(LogsRequest request) throws ClusterException {
    return new LastRunTools(connector, reporter).logs(request);
  }

  /**
   * Deletes what the last run created (its kind, in its namespace, by its run label). Returns what
   * was deleted ({@code Pod/name}), empty when nothing was found.
   */
  public List<String> delete(DeleteRequest request) throws ClusterException {
    return new LastRunTools(connector, reporter).delete(request);
  }
}
