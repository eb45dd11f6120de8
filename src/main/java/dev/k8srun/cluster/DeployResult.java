package dev.k8srun.cluster;

import dev.k8srun.config.WaitMode;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * How a deploy ended, when it did not throw.
 *
 * @param namespace the namespace
 * @param kind {@code Pod} or {@code Job}
 * @param name the Pod's or Job's name
 * @param podName the pod that ran the program; null for a Job deployed with {@code wait=none}
 * @param waited the wait mode that was honoured
 * @param exitCode the main container's exit code with {@code wait=completed}, else null
 * @param runTime how long the main container ran, when known (else null)
 * @param elapsed how long the deploy took, from connecting to the result
 */
public record DeployResult(
    String namespace,
    String kind,
    String name,
    String podName,
    WaitMode waited,
    Integer exitCode,
    Duration runTime,
    Duration elapsed) {

  public OptionalInt exit() {
    return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
  }
}
