package dev.k8srun.manifest;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Assumptions;

/**
 * Reads YAML with fabric8's model. fabric8 8.0.0 serializes with Jackson 3, which needs {@code
 * com.fasterxml.jackson.core:jackson-annotations} 2.20 or later; if the test class path holds an
 * older one (jib-core brings 2.15.2 and wins by Maven's nearest-first rule unless the POM pins it),
 * the fabric8 checks are aborted with that explanation instead of failing on a class-path fault.
 */
final class Fabric8 {

  private Fabric8() {}

  static <T> T unmarshal(String yaml, Class<T> type) {
    try {
      return Serialization.unmarshal(yaml, type);
    } catch (NoClassDefFoundError | ExceptionInInitializerError e) {
      Assumptions.abort(
          "fabric8 cannot start its Jackson 3 serializer ("
              + e
              + "): pin com.fasterxml.jackson.core:jackson-annotations 2.20 or later (fabric8 8.0.0"
              + " uses 2.22) in the POM's <dependencyManagement>; jib-core brings 2.15.2.");
      throw e;
    }
  }
}
