package dev.k8srun.manifest;

import dev.k8srun.config.WorkloadKind;
import java.nio.file.Path;

/**
 * A manifest that was written.
 *
 * @param path the file written
 * @param kind Pod or Job
 * @param name the Pod's or Job's name
 * @param namespace the namespace in the manifest, or {@code null} when it has none (the cluster's
 *     current namespace applies)
 * @param runLabel the value of the {@link dev.k8srun.config.Labels#RUN} label, to find what the run
 *     created
 * @param yaml the text written
 */
public record ManifestResult(
    Path path, WorkloadKind kind, String name, String namespace, String runLabel, String yaml) {}
