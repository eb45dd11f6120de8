package dev.k8srun.cluster;

import dev.k8srun.cluster.ClusterConfigException.Problem;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs one API call and turns fabric8's unchecked errors into our typed ones, naming the verb, the
 * resource and the namespace, so every message says what was attempted where.
 */
final class Api {

  private final Connection connection;

  Api(Connection connection) {
    this.connection = connection;
  }

  /**
   * A call that returns something; {@code verb} and {@code resource} as in RBAC ("create", "pods").
   */
  <T> T call(String verb, String resource, String namespace, Supplier<T> call)
      throws ClusterException {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw map(e, verb, resource, namespace);
    }
  }

  /** A call that returns nothing. */
  void run(String verb, String resource, String namespace, Runnable call) throws ClusterException {
    call(
        verb,
        resource,
        namespace,
        () -> {
          call.run();
          return null;
        });
  }

  ClusterException map(
      KubernetesClientException e, String verb, String resource, String namespace) {
    int code = e.getCode();
    String where = namespace == null ? "" : " in namespace '" + namespace + "'";
    String serverSays = serverMessage(e);
    if (code == 0 || isIo(e)) {
      return new ClusterUnavailableException(
          "cannot reach "
              + connection.describe()
              + " to "
              + verb
              + " "
              + resource
              + where
              + ": "
              + rootCause(e)
              + ". Check that the cluster is up and reachable from here (VPN, proxy, firewall) and"
              + " that the context is the cluster you mean (<context> or -Dk8s-run.context)",
          e);
    }
    if (code == 401) {
      return new ClusterConfigException(
          Problem.UNAUTHORIZED,
          "unauthorized: "
              + connection.describe()
              + " rejected the credentials of context '"
              + connection.context()
              + "' when trying to "
              + verb
              + " "
              + resource
              + where
              + " (401). Log in again or refresh the credentials (e.g."
              + " your cloud's get-credentials command), or choose another context with"
              + " -Dk8s-run.context",
          e);
    }
    if (code == 403) {
      return new ClusterConfigException(
          Problem.FORBIDDEN,
          "forbidden: cannot "
              + verb
              + " "
              + resource
              + where
              + " as the current user of context '"
              + connection.context()
              + "'"
              + (serverSays.isEmpty() ? "" : " (" + serverSays + ")")
              + ". Ask for a Role"
              + (namespace == null ? "" : " in '" + namespace + "'")
              + " granting pods"
              + " create/delete/get/list/watch, pods/log get and events list (jobs too for"
              + " kind Job), or set <namespace> / -Dk8s-run.namespace to a namespace you may use",
          e);
    }
    if (code == 404 && isMissingNamespace(e, serverSays)) {
      return new ClusterConfigException(
          Problem.NAMESPACE_NOT_FOUND,
          "namespace '"
              + namespace
              + "' does not exist on "
              + connection.describe()
              + ". Create it (kubectl create"
              + " namespace "
              + namespace
              + ") or set <namespace> / -Dk8s-run.namespace to an"
              + " existing one",
          e);
    }
    if (code == 422) {
      return new ClusterConfigException(
          Problem.INVALID_RESOURCE,
          "invalid: "
              + connection.describe()
              + " refused to "
              + verb
              + " "
              + resource
              + where
              + ": "
              + fields(e.getStatus(), serverSays)
              + ". Fix the field(s) in the plugin configuration (or the YAML fragment) that"
              + " produced the manifest",
          e);
    }
    return new ClusterUnavailableException(
        connection.describe()
            + " answered "
            + code
            + " to "
            + verb
            + " "
            + resource
            + where
            + (serverSays.isEmpty() ? "" : ": " + serverSays),
        e);
  }

  private static boolean isIo(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /** The most telling cause in the chain: refused, unknown host, TLS, timeout; else the deepest. */
  static String rootCause(Throwable e) {
    Throwable deepest = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage() == null ? "" : ": " + t.getMessage();
      if (t instanceof java.net.ConnectException) {
        return "connection refused (ConnectException" + message + ")";
      }
      if (t instanceof java.net.UnknownHostException
          || t instanceof java.nio.channels.UnresolvedAddressException) {
        return "unknown host (" + t.getClass().getSimpleName() + message + ")";
      }
      if (t instanceof javax.net.ssl.SSLException) {
        return "TLS failed ("
            + t.getClass().getSimpleName()
            + message
            + "); check the cluster's"
            + " certificate-authority in the kubeconfig";
      }
      if (t instanceof java.net.http.HttpTimeoutException
          || t instanceof java.net.SocketTimeoutException) {
        return "timed out (" + t.getClass().getSimpleName() + message + ")";
      }
      deepest = t;
    }
    String message = deepest.getMessage();
    return deepest.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String serverMessage(KubernetesClientException e) {
    Status status = e.getStatus();
    return status == null || status.getMessage() == null ? "" : status.getMessage();
  }

  private static boolean isMissingNamespace(KubernetesClientException e, String message) {
    Status status = e.getStatus();
    boolean kindIsNamespace =
        status != null
            && status.getDetails() != null
            && "namespaces".equals(status.getDetails().getKind());
    return kindIsNamespace || message.matches("(?s).*namespaces? \"[^\"]*\" not found.*");
  }

  /** "spec.containers[0].image: Required value; metadata.name: Invalid value: ..." */
  private static String fields(Status status, String fallback) {
    List<StatusCause> causes =
        status == null || status.getDetails() == null ? List.of() : status.getDetails().getCauses();
    if (causes == null || causes.isEmpty()) {
      return fallback.isEmpty() ? "(no details)" : fallback;
    }
    return causes.stream()
        .map(
            c ->
                (c.getField() == null ? "" : c.getField() + ": ")
                    + (c.getMessage() == null ? c.getReason() : c.getMessage()))
        .collect(Collectors.joining("; "));
  }
}
