package dev.k8srun.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * An open client for one cluster, with what messages need to say where it points. Closing it closes
 * the client and with it every watch and log stream it opened.
 *
 * @param client the fabric8 client
 * @param serverUrl the API server's URL
 * @param context the kubeconfig context used, or {@code in-cluster}
 * @param defaultNamespace the context's namespace, or {@code default}
 */
record Connection(
    KubernetesClient client, String serverUrl, String context, String defaultNamespace)
    implements AutoCloseable {

  @Override
  public void close() {
    client.close();
  }

  /** "the API server https://host:6443 (context 'prod')", for messages. */
  String describe() {
    return "the API server " + serverUrl + " (context '" + context + "')";
  }
}
