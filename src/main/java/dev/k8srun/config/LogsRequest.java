package dev.k8srun.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code k8s-run:logs} prints: the log of the main container of the pod the last deploy
 * recorded.
 *
 * @param lastRunFile the record of the last deploy ({@code target/k8s-run/last-run.json})
 * @param context kubeconfig context; null: the one the last deploy used (or the current one)
 * @param follow keep streaming until the container ends
 * @param container a container to print instead of the main one; null: the main one
 */
public record LogsRequest(Path lastRunFile, String context, boolean follow, String container) {

  public LogsRequest {
    Objects.requireNonNull(lastRunFile, "lastRunFile");
    context = DeployRequest.blankToNull(context);
    container = DeployRequest.blankToNull(container);
  }
}
