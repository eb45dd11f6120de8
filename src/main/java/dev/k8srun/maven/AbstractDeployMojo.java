package dev.k8srun.maven;

import dev.k8srun.cluster.ClusterException;
import dev.k8srun.cluster.ClusterService;
import dev.k8srun.cluster.DeployResult;
import dev.k8srun.config.CleanupPolicy;
import dev.k8srun.config.DeployRequest;
import dev.k8srun.config.WaitMode;
import dev.k8srun.image.ImageResult;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Deploys a run: makes sure the image is built (reusing this invocation's build, or building in-process),
 * writes the manifest, applies it, waits, follows the log, and ends the build with the pod's result.
 */
abstract class AbstractDeployMojo extends AbstractRunMojo {

  static {
    // The client's informer (used to wait for an old pod to go) logs an ERROR when it is stopped, as intended,
    // while a list is in flight. That is no error of the build: silence that one logger unless the user set it.
    String reflector = "org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.informers.impl.cache.Reflector";
    if (System.getProperty(reflector) == null) {
      System.setProperty(reflector, "off");
    }
  }

  /** The kubeconfig context to use. Default: the kubeconfig's current context. */
  @Parameter(property = "k8s-run.context")
  protected String context;

  /**
   * How long to wait for the pod: {@code none} (return once created), {@code started} (until the container
   * runs) or {@code completed} (until it ends; the build ends with its result).
   */
  @Parameter(property = "k8s-run.wait", defaultValue = "completed")
  protected String wait;

  /**
   * The longest the deploy may take, replacing an old pod and waiting included: {@code 90s}, {@code 10m},
   * {@code 1h}, or ISO-8601 ({@code PT10M}). Past it the build fails with the pod's state and events.
   */
  @Parameter(property = "k8s-run.timeout", defaultValue = "5m")
  protected String timeout;

  /** Stream the container's log into the build output as it comes (with {@code wait=completed}). */
  @Parameter(property = "k8s-run.follow", defaultValue = "true")
  protected boolean follow;

  /**
   * What to delete once the result is known, or on Ctrl-C: {@code never} (keep the pod for {@code
   * k8s-run:logs}), {@code onSuccess} (keep a failed one for inspection) or {@code always}.
   */
  @Parameter(property = "k8s-run.cleanup", defaultValue = "never")
  protected String cleanup;

  /** Exit codes that count as success, comma-separated: {@code 0,3}. */
  @Parameter(property = "k8s-run.successExitCodes", defaultValue = "0")
  protected String successExitCodes;

  protected AbstractDeployMojo(SettingsDecrypter settingsDecrypter) {
    super(settingsDecrypter);
  }

  /** Runs the lifecycle up to {@code package} first, when this invocation has not. */
  protected abstract void packageIfNeeded() throws MojoExecutionException, MojoFailureException;

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    if ("pom".equals(project.getPackaging())) {
      getLog().info("Skipping k8s-run:" + goal() + ": a project with pom packaging has no code to run");
      return;
    }
    // a connection opened earlier in this invocation is this goal's to use or close, whatever happens
    ClusterService.Prepared early = PreparedClusters.take(session.getRequest(), context);
    try {
      DeployRequest.Builder request = deployRequest();
      checkPullable();
      checkManifestConfiguration();
      ClusterService cluster = new ClusterService(reporter());
      if (early != null) {
        getLog().debug("Using the cluster connection opened earlier in this invocation");
      }
      try (ClusterService.Prepared connection = early != null ? early : cluster.prepare(context)) {
        packageIfNeeded();
        connection.check(); // a wrong kubeconfig or context fails here, before anything is pushed
        ImageResult image = builtInThisInvocation().orElse(null);
        if (image == null) {
          image = buildImage();
          publish(image);
        }
        writeManifest(image);
        DeployResult result = cluster.deploy(request.imageDigest(image.digest()).build(), connection);
        getLog().debug("Deploy result: " + result);
      } catch (ClusterException e) {
        throw MojoErrors.cluster(e);
      }
    } finally {
      if (early != null) {
        early.close(); // nothing if the deploy took it
      }
    }
  }

  /** The deploy parameters, checked before anything is built. */
  private DeployRequest.Builder deployRequest() throws MojoFailureException {
    try {
      return DeployRequest.builder(outputDirectory.toPath().resolve(MANIFEST_FILE))
          .context(context)
          .namespace(namespace)
          .waitMode(WaitMode.parse(wait))
          .timeout(parseTimeout(timeout))
          .follow(follow)
          .cleanup(CleanupPolicy.parse(cleanup))
          .lastRunFile(lastRunFile())
          .successExitCodes(parseExitCodes(successExitCodes));
    } catch (IllegalArgumentException e) {
      throw MojoErrors.failure(e);
    }
  }

  /**
   * Without {@code image} the build writes a tarball, which is in no registry: the cluster can run it only if
   * it was loaded into the nodes (kind load) and the pod does not try to pull it. Checked before building.
   */
  private void checkPullable() throws MojoFailureException {
    boolean tarball = image == null || image.isBlank();
    if (tarball && !"Never".equals(imagePullPolicy) && !"IfNotPresent".equals(imagePullPolicy)) {
      String file = outputDirectory.toPath().resolve(dev.k8srun.image.ImageBuilder.TARBALL).toString();
      throw new MojoFailureException("No <image> is set, so the image would only be written to " + file
          + ", which the cluster cannot pull. Set <image> (-Dk8s-run.image) to a registry the cluster pulls"
          + " from, or load the tarball into the nodes (kind load image-archive " + file + ") and set"
          + " <imagePullPolicy>Never</imagePullPolicy> (-Dk8s-run.imagePullPolicy=Never).");
    }
  }

  /** {@code 0,3}: exit codes from 0 to 255. */
  static Set<Integer> parseExitCodes(String value) {
    Set<Integer> codes = new HashSet<>();
    for (String part : (value == null ? "0" : value).split("[,\\s]+")) {
      if (part.isEmpty()) {
        continue;
      }
      try {
        int code = Integer.parseInt(part);
        if (code < 0 || code > 255) {
          throw new NumberFormatException();
        }
        codes.add(code);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid successExitCodes '" + value + "': give exit codes from 0 to"
            + " 255, comma-separated, such as 0,3 (<successExitCodes> or -Dk8s-run.successExitCodes)");
      }
    }
    return codes.isEmpty() ? Set.of(0) : codes;
  }

  /** {@code 90s}, {@code 10m}, {@code 1h}, {@code 300} (seconds) or ISO-8601 {@code PT10M}. */
  static Duration parseTimeout(String value) {
    String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    try {
      if (text.startsWith("pt") || text.startsWith("p")) {
        return positive(Duration.parse(text.toUpperCase(Locale.ROOT)), value);
      }
      if (text.matches("\\d+")) {
        return positive(Duration.ofSeconds(Long.parseLong(text)), value);
      }
      if (text.matches("\\d+(ms|s|m|h)")) {
        long amount = Long.parseLong(text.replaceAll("[a-z]+$", ""));
        String unit = text.replaceAll("^\\d+", "");
        return positive(switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        }, value);
      }
    } catch (DateTimeParseException | NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("invalid timeout '" + value + "': use a positive duration such as 90s,"
        + " 10m or 1h (<timeout> or -Dk8s-run.timeout)");
  }

  private static Duration positive(Duration duration, String value) {
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("invalid timeout '" + value + "': it must be positive, such as 10m"
          + " (<timeout> or -Dk8s-run.timeout)");
    }
    return duration;
  }
}
