package dev.k8srun.maven;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The container's resource requests and limits:
 *
 * <pre>{@code
 * <resources>
 *   <requests><cpu>500m</cpu><memory>512Mi</memory></requests>
 *   <limits><memory>1Gi</memory></limits>
 * </resources>
 * }</pre>
 *
 * Extended resources whose names hold a {@code /} (such as {@code nvidia.com/gpu}) cannot be XML element
 * names: set them in the pod fragment.
 */
public class Resources {

  /** What the scheduler reserves for the container. */
  private LinkedHashMap<String, String> requests = new LinkedHashMap<>();

  /** What the container may use at most. */
  private LinkedHashMap<String, String> limits = new LinkedHashMap<>();

  public Map<String, String> getRequests() {
    return requests == null ? Map.of() : requests;
  }

  public Map<String, String> getLimits() {
    return limits == null ? Map.of() : limits;
  }
}
