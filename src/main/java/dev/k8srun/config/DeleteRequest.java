package dev.k8srun.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code k8s-run:delete} removes: everything the last deploy created, found by namespace, kind
 * and run label.
 *
 * @param lastRunFile the record of the last deploy ({@code target/k8s-run/last-run.json})
 * @param context kubeconfig context; null: the one the last deploy used (or the current one)
 */
public record DeleteRequest(Path lastRunFile, String context) {

  public DeleteRequest {
    Objects.requireNonNull(lastRunFile, "lastRunFile");
    context = DeployRequest.blankToNull(context);
  }
}
