package dev.k8srun.manifest;

import io.fabric8.kubernetes.client.utils.Serialization;

/** Reads YAML with fabric8's model, as the deploy goal and the API server's clients would. */
final class Fabric8 {

  private Fabric8() {}

  static <T> T unmarshal(String yaml, Class<T> type) {
    return Serialization.unmarshal(yaml, type);
  }
}
