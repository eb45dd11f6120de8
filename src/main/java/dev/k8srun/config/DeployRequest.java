package dev.k8srun.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code k8s-run:deploy} does with the manifest. Build one with {@link #builder(Path)}; every
 * field but the manifest has a default.
 *
 * @param manifest the YAML written by the manifest step ({@code target/k8s-run/pod.yaml}): a Pod or
 *     a Job, possibly with other resources it needs
 * @param context kubeconfig context; null: the kubeconfig's current context
 * @param namespace namespace for every resource; null: the manifest's, else the context's, else
 *     {@code default}
 * @param waitMode how long to wait (default {@link WaitMode#COMPLETED})
 * @param timeout the longest the whole deploy may take, replacing an old pod included (default 5
 *     min)
 * @param follow stream the main container's log into the build (default true; only with {@code
 *     wait=completed})
 * @param cleanup what to delete once the result is known (default {@link CleanupPolicy#NEVER})
 * @param container the main container's name; null: the pod's first container
 * @param lastRunFile where to record the run for {@code logs} and {@code delete} (default {@code
 *     last-run.json} beside the manifest)
 * @param imageDigest the image digest, recorded in the last-run file; may be null
 * @param successExitCodes exit codes that count as success (default {@code [0]})
 * @param failureLogLines how many of the last log lines a failure message shows (default 20)
 */
public record DeployRequest(
    Path manifest,
    String context,
    String namespace,
    WaitMode waitMode,
    Duration timeout,
    boolean follow,
    CleanupPolicy cleanup,
    String container,
    Path lastRunFile,
    String imageDigest,
    Set<Integer> successExitCodes,
    int failureLogLines) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  public DeployRequest {
    Objects.requireNonNull(manifest, "manifest");
    waitMode = waitMode == null ? WaitMode.COMPLETED : waitMode;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("invalid timeout " + timeout + ": it must be positive");
    }
    cleanup = cleanup == null ? CleanupPolicy.NEVER : cleanup;
    lastRunFile = lastRunFile == null ? manifest.resolveSibling("last-run.json") : lastRunFile;
    successExitCodes =
        successExitCodes == null || successExitCodes.isEmpty()
            ? Set.of(0)
            : Set.copyOf(successExitCodes);
    failureLogLines = failureLogLines <= 0 ? 20 : failureLogLines;
    context = blankToNull(context);
    namespace = blankToNull(namespace);
    container = blankToNull(container);
  }

  public static Builder builder(Path manifest) {
    return new Builder(manifest);
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** Fills a {@link DeployRequest}; unset fields keep their defaults. */
  public static final class Builder {
    private final Path manifest;
    private String context;
    private String namespace;
    private WaitMode waitMode;
    private Duration timeout;
    private boolean follow = true;
    private CleanupPolicy cleanup;
    private String container;
    private Path lastRunFile;
    private String imageDigest;
    private Set<Integer> successExitCodes;
    private int failureLogLines;

    private Builder(Path manifest) {
      this.manifest = manifest;
    }

    public Builder context(String value) {
      context = value;
      return this;
    }

    public Builder namespace(String value) {
      namespace = value;
      return this;
    }

    public Builder waitMode(WaitMode value) {
      waitMode = value;
      return this;
    }

    public Builder timeout(Duration value) {
      timeout = value;
      return this;
    }

    public Builder follow(boolean value) {
      follow = value;
      return this;
    }

    public Builder cleanup(CleanupPolicy value) {
      cleanup = value;
      return this;
    }

    public Builder container(String value) {
      container = value;
      return this;
    }

    public Builder lastRunFile(Path value) {
      lastRunFile = value;
      return this;
    }

    public Builder imageDigest(String value) {
      imageDigest = value;
      return this;
    }

    public Builder successExitCodes(Set<Integer> value) {
      successExitCodes = value;
      return this;
    }

    public Builder failureLogLines(int value) {
      failureLogLines = value;
      return this;
    }

    public DeployRequest build() {
      return new DeployRequest(
          manifest,
          context,
          namespace,
          waitMode,
          timeout,
          follow,
          cleanup,
          container,
          lastRunFile,
          imageDigest,
          successExitCodes,
          failureLogLines);
    }
  }
}
