/**
 * The cluster side of k8s-run, free of Maven: connect with the fabric8 client, apply the manifest
 * (a Pod or Job is deleted and created anew, never patched; anything else is server-side applied),
 * wait with watches, follow the main container's log, turn the end into a result or a typed
 * failure, clean up, and record the run for {@code logs} and {@code delete}.
 *
 * <p>Entry point: {@link dev.k8srun.cluster.ClusterService}. Requests live in {@code
 * dev.k8srun.config} ({@code DeployRequest}, {@code LogsRequest}, {@code DeleteRequest}). Failures
 * are {@link dev.k8srun.cluster.ClusterException}s: {@link
 * dev.k8srun.cluster.ClusterConfigException} and {@link dev.k8srun.cluster.PodFailedException} are
 * the user's fault, {@link dev.k8srun.cluster.ClusterUnavailableException} the environment's.
 */
package dev.k8srun.cluster;
