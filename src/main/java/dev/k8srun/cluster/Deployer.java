package dev.k8srun.cluster;

import dev.k8srun.config.CleanupPolicy;
import dev.k8srun.config.DeployRequest;
import dev.k8srun.config.Reporter;
import dev.k8srun.config.WaitMode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;

/** Deploy, start to end: connect, apply, record, wait and follow, report, clean up. */
final class Deployer {

  private final ClusterConnector connector;
  private final Reporter reporter;

  Deployer(ClusterConnector connector, Reporter reporter) {
    this.connector = connector;
    this.reporter = reporter;
  }

  DeployResult deploy(DeployRequest request) throws ClusterException {
    return deploy(request, connector.connect(request.context()));
  }

  /** Deploys over a connection already open; closes it when done. */
  DeployResult deploy(DeployRequest request, Connection open) throws ClusterException {
    long start = System.nanoTime();
    Deadline deadline = Deadline.after(request.timeout());
    try (Connection connection = open) {
      Manifest manifest =
          Manifest.load(connection.client(), request.manifest(), request.container());
      String namespace =
          request.namespace() != null
              ? request.namespace()
              : manifest.namespace() != null ? manifest.namespace() : connection.defaultNamespace();
      reporter.debug(
          "Deploying "
              + manifest.kind()
              + " "
              + manifest.name()
              + " to namespace "
              + namespace
              + " on "
              + connection.describe());
      Applier applier = new Applier(connection, reporter);
      applier.removeOtherKind(LastRun.readIfPresent(request.lastRunFile()), manifest, namespace);
      HasMetadata created = applier.apply(manifest, namespace, deadline);
      LastRun lastRun =
          new LastRun(
              namespace,
              created.getKind(),
              manifest.name(),
              created.getMetadata().getUid(),
              manifest.runLabel(),
              request.imageDigest(),
              created instanceof Pod ? manifest.name() : null,
              manifest.container(),
              connection.context(),
              Instant.now().toString());
      lastRun.write(request.lastRunFile());
      if (request.waitMode() == WaitMode.NONE) {
        warnCleanupSkipped(request);
        return new DeployResult(
            namespace,
            created.getKind(),
            manifest.name(),
            lastRun.podName(),
            WaitMode.NONE,
            null,
            null,
            since(start));
      }
      return await(connection, request, manifest, namespace, created, lastRun, deadline, start);
    }
  }

  private DeployResult await(
      Connection connection,
      DeployRequest request,
      Manifest manifest,
      String namespace,
      HasMetadata created,
      LastRun lastRun,
      Deadline deadline,
      long start)
      throws ClusterException {
    Api api = new Api(connection);
    Cleanup cleanup =
        new Cleanup(
            connection.client(),
            reporter,
            request.cleanup(),
            created.getKind(),
            manifest.name(),
            namespace);
    cleanup.arm();
    try (RunWatch watch =
        api.call(
            "watch",
            "pods",
            namespace,
            () -> RunWatch.start(connection.client(), created, manifest.container()))) {
      RunSession session =
          new RunSession(
              connection, watch, request, namespace, manifest.container(), lastRun, reporter);
      PodView view;
      try {
        view = session.await(deadline);
      } catch (PodFailedException e) {
        cleanup.afterResult(false);
        throw e;
      }
      if (request.waitMode() == WaitMode.STARTED && !view.terminated()) {
        reporter.info(
            "Pod "
                + session.podName()
                + " is running (wait=started); see its log with"
                + " mvn k8s-run:logs");
        warnCleanupSkipped(request);
        return new DeployResult(
            namespace,
            created.getKind(),
            manifest.name(),
            session.podName(),
            WaitMode.STARTED,
            null,
            null,
            since(start));
      }
      Duration runTime = session.runTime();
      int exitCode = view.exitCode();
      if (!request.successExitCodes().contains(exitCode)) {
        PodFailedException failure = session.report().exited(view, session.tail());
        cleanup.afterResult(false);
        throw failure;
      }
      reporter.info(
          "Pod "
              + session.podName()
              + (exitCode == 0
                  ? " succeeded (exit code 0"
                  : " ended with exit code " + exitCode + ", a success code (successExitCodes")
              + (runTime == null ? "" : ", ran " + FailureReport.human(runTime))
              + ")");
      cleanup.afterResult(true);
      return new DeployResult(
          namespace,
          created.getKind(),
          manifest.name(),
          session.podName(),
          request.waitMode(),
          exitCode,
          runTime,
          since(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterUnavailableException(
          "interrupted while waiting for "
              + manifest.kind()
              + " "
              + manifest.name()
              + " in namespace "
              + namespace,
          e);
    } finally {
      cleanup.disarm();
    }
  }

  private void warnCleanupSkipped(DeployRequest request) {
    if (request.cleanup() != CleanupPolicy.NEVER) {
      reporter.warn(
          "cleanup="
              + request.cleanup()
              + " is not applied with wait="
              + request.waitMode()
              + ": the pod may still run. Delete it later with mvn k8s-run:delete");
    }
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
