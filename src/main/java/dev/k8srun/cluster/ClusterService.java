package dev.k8srun.cluster;

import dev.k8srun.config.DeleteRequest;
import dev.k8srun.config.DeployRequest;
import dev.k8srun.config.LogsRequest;
import dev.k8srun.config.Reporter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

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
   * Loads and initialises the Kubernetes client's classes (JSON/YAML mapping, model, HTTP client)
   * on a daemon thread, without contacting any cluster. In a fresh JVM that takes about a second;
   * calling this when the build starts lets it overlap with the image build, so {@link #deploy}
   * itself starts warm. Safe to call more than once; errors are ignored.
   */
  public static void warmUpInBackground() {
    Thread thread = new Thread(WarmUp::run, "k8s-run-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Starts connecting on a background thread (reading the kubeconfig, choosing the context, setting up
   * the client and loading its classes), so that it overlaps with the rest of the build. {@link
   * Prepared#check()} then reports a wrong kubeconfig or context before anything is built or pushed,
   * and {@link #deploy(DeployRequest, Prepared)} uses the connection. Close it if it is not used.
   */
  public Prepared prepare(String context) {
    FutureTask<Connection> task =
        new FutureTask<>(
            () -> {
              Connection connection = connector.connect(context);
              WarmUp.run(connection.client());
              return connection;
            });
    Thread thread = new Thread(task, "k8s-run-connect");
    thread.setDaemon(true);
    thread.start();
    return new Prepared(task, context);
  }

  /** A connection being opened in the background by {@link #prepare(String)}. */
  public static final class Prepared implements AutoCloseable {
    private final FutureTask<Connection> task;
    private final String context;
    private boolean taken;

    private Prepared(FutureTask<Connection> task, String context) {
      this.task = task;
      this.context = context;
    }

    /** Waits for the connection; throws what went wrong setting it up (no request is sent). */
    public void check() throws ClusterException {
      connection();
    }

    Connection connection() throws ClusterException {
      try {
        return task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterUnavailableException("interrupted while connecting to the cluster", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof ClusterException cluster) {
          throw cluster;
        }
        throw new ClusterUnavailableException(
            "cannot set up the Kubernetes client: " + e.getCause(), e.getCause());
      }
    }

    String context() {
      return context;
    }

    private Connection take() throws ClusterException {
      Connection connection = connection();
      taken = true;
      return connection;
    }

    @Override
    public void close() {
      if (taken) {
        return;
      }
      task.cancel(false);
      try {
        task.get().close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | java.util.concurrent.CancellationException e) {
        // nothing was opened
      }
    }
  }

  /**
   * Applies the manifest over a connection {@linkplain #prepare(String) prepared} earlier for the
   * same context; otherwise as {@link #deploy(DeployRequest)}.
   */
  public DeployResult deploy(DeployRequest request, Prepared prepared) throws ClusterException {
    if (!java.util.Objects.equals(prepared.context(), request.context())) {
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
