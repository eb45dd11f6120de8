package dev.k8srun.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the connector looks for cluster credentials: the environment variables ({@code KUBECONFIG},
 * {@code KUBERNETES_SERVICE_HOST}), the home directory ({@code ~/.kube/config}) and the service
 * account directory of a pod. Tests pass their own instead of the machine's.
 *
 * @param env environment variables
 * @param home the user's home directory
 * @param serviceAccountDir the mounted service account of a pod
 */
public record ClusterEnvironment(Map<String, String> env, Path home, Path serviceAccountDir) {

  public static final Path IN_CLUSTER_ACCOUNT =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  public ClusterEnvironment {
    env = Map.copyOf(env);
  }

  /**
   * This machine: {@code System.getenv()}, {@code user.home}, the standard service account path.
   */
  public static ClusterEnvironment system() {
    return new ClusterEnvironment(
        System.getenv(), Path.of(System.getProperty("user.home")), IN_CLUSTER_ACCOUNT);
  }

  /**
   * Only this kubeconfig file, as if {@code KUBECONFIG} named it, with no home and no pod around.
   */
  public static ClusterEnvironment ofKubeconfig(Path kubeconfig) {
    Path nowhere = kubeconfig.toAbsolutePath().resolveSibling(".no-home");
    return new ClusterEnvironment(
        Map.of("KUBECONFIG", kubeconfig.toString()), nowhere, nowhere.resolve("serviceaccount"));
  }

  /**
   * The kubeconfig files to read, in order: those in {@code KUBECONFIG}, else {@code
   * ~/.kube/config}.
   */
  public List<Path> kubeconfigCandidates() {
    String variable = env.get("KUBECONFIG");
    List<Path> paths = new ArrayList<>();
    if (variable != null && !variable.isBlank()) {
      for (String part : variable.split(File.pathSeparator)) {
        if (!part.isBlank()) {
          paths.add(Path.of(part.trim()));
        }
      }
      return paths;
    }
    paths.add(home.resolve(".kube").resolve("config"));
    return paths;
  }

  /** True inside a pod with a mounted service account. */
  public boolean inCluster() {
    return env.containsKey("KUBERNETES_SERVICE_HOST")
        && Files.isRegularFile(serviceAccountDir.resolve("token"));
  }

  boolean isSystem() {
    return env.equals(System.getenv()) && IN_CLUSTER_ACCOUNT.equals(serviceAccountDir);
  }
}
