package dev.k8srun.cluster;

import dev.k8srun.cluster.ClusterConfigException.Problem;
import dev.k8srun.config.Reporter;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Opens a fabric8 client the way kubectl would: the kubeconfig files in {@code KUBECONFIG} (merged,
 * first wins) or {@code ~/.kube/config}, their current context or the configured one, exec auth
 * plugins and tokens as fabric8 supports them; else the pod's service account inside a cluster.
 */
final class ClusterConnector {

  /**
   * One quick retry on a broken connection, so an unreachable server fails in well under a second.
   */
  private static final int RETRIES = 1;

  private final ClusterEnvironment environment;
  private final Reporter reporter;

  ClusterConnector(ClusterEnvironment environment, Reporter reporter) {
    this.environment = environment;
    this.reporter = reporter;
  }

  Connection connect(String context) throws ClusterConfigException {
    List<Path> candidates = environment.kubeconfigCandidates();
    List<Path> found = candidates.stream().filter(Files::isRegularFile).toList();
    Config config;
    String contextName;
    if (found.isEmpty()) {
      if (!environment.inCluster()) {
        throw new ClusterConfigException(Problem.NO_KUBECONFIG, noKubeconfigMessage(candidates));
      }
      if (context != null) {
        throw new ClusterConfigException(
            Problem.UNKNOWN_CONTEXT,
            "context '"
                + context
                + "' was asked for, but there is no kubeconfig (looked at "
                + list(candidates)
                + ") and inside the cluster only the pod's service account can be used: remove"
                + " <context> / -Dk8s-run.context, or set KUBECONFIG");
      }
      config = inClusterConfig();
      contextName = "in-cluster";
    } else {
      io.fabric8.kubernetes.api.model.Config merged = merge(found);
      contextName = chooseContext(merged, context, found);
      config = fromKubeconfig(merged, contextName, found);
    }
    config.setRequestRetryBackoffLimit(RETRIES);
    config.setUserAgent("k8s-run-maven-plugin");
    String namespace = config.getNamespace() == null ? "default" : config.getNamespace();
    reporter.debug(
        "Kubernetes API server "
            + config.getMasterUrl()
            + ", context "
            + contextName
            + ", default namespace "
            + namespace);
    try {
      return new Connection(
          new KubernetesClientBuilder().withConfig(config).build(),
          config.getMasterUrl(),
          contextName,
          namespace);
    } catch (KubernetesClientException e) {
      throw new ClusterConfigException(
          Problem.INVALID_KUBECONFIG,
          "cannot set up a client for context '"
              + contextName
              + "': "
              + firstLine(e.getMessage())
              + ". Check its certificates and credentials in the kubeconfig",
          e);
    }
  }

  private static String noKubeconfigMessage(List<Path> candidates) {
    return "no kubeconfig found: looked at "
        + list(candidates)
        + " and this build is not running inside a Kubernetes pod. Point KUBECONFIG at your"
        + " kubeconfig file (or create ~/.kube/config, e.g. with your cloud's get-credentials"
        + " command), then choose a context with <context> or -Dk8s-run.context=<name> if the"
        + " current one is not the right cluster";
  }

  private static String list(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(", "))
        + (paths.size() == 1 && paths.get(0).endsWith(Path.of(".kube", "config"))
            ? " (KUBECONFIG is not set)"
            : "");
  }

  private static io.fabric8.kubernetes.api.model.Config merge(List<Path> files)
      throws ClusterConfigException {
    Map<String, NamedContext> contexts = new LinkedHashMap<>();
    Map<String, NamedCluster> clusters = new LinkedHashMap<>();
    Map<String, NamedAuthInfo> users = new LinkedHashMap<>();
    String current = null;
    io.fabric8.kubernetes.api.model.Config first = null;
    for (Path file : files) {
      io.fabric8.kubernetes.api.model.Config parsed = parse(file);
      if (first == null) {
        first = parsed;
      }
      if ((current == null || current.isEmpty()) && parsed.getCurrentContext() != null) {
        current = parsed.getCurrentContext();
      }
      nullSafe(parsed.getContexts()).forEach(c -> contexts.putIfAbsent(c.getName(), c));
      nullSafe(parsed.getClusters()).forEach(c -> clusters.putIfAbsent(c.getName(), c));
      nullSafe(parsed.getUsers()).forEach(u -> users.putIfAbsent(u.getName(), u));
    }
    first.setContexts(new ArrayList<>(contexts.values()));
    first.setClusters(new ArrayList<>(clusters.values()));
    first.setUsers(new ArrayList<>(users.values()));
    first.setCurrentContext(current == null || current.isEmpty() ? null : current);
    return first;
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static io.fabric8.kubernetes.api.model.Config parse(Path file)
      throws ClusterConfigException {
    try {
      io.fabric8.kubernetes.api.model.Config parsed =
          Serialization.unmarshal(
              Files.readString(file), io.fabric8.kubernetes.api.model.Config.class);
      if (parsed == null) {
        throw new ClusterConfigException(
            Problem.INVALID_KUBECONFIG,
            "kubeconfig "
                + file
                + " is empty: fill it (e.g. with your cloud's get-credentials command) or point"
                + " KUBECONFIG at another file");
      }
      return parsed;
    } catch (IOException | RuntimeException e) {
      throw new ClusterConfigException(
          Problem.INVALID_KUBECONFIG,
          "cannot read kubeconfig "
              + file
              + ": "
              + firstLine(e.getMessage())
              + ". Fix the file or point KUBECONFIG at another one",
          e);
    }
  }

  private static String chooseContext(
      io.fabric8.kubernetes.api.model.Config merged, String wanted, List<Path> files)
      throws ClusterConfigException {
    List<String> names = merged.getContexts().stream().map(NamedContext::getName).toList();
    String where =
        files.size() == 1 ? "kubeconfig " + files.get(0) : "kubeconfig files " + list(files);
    if (wanted == null) {
      if (merged.getCurrentContext() == null) {
        throw new ClusterConfigException(
            Problem.NO_CONTEXT,
            where
                + " has no current-context:"
                + " choose one with <context> or -Dk8s-run.context=<name>"
                + choices(names));
      }
      if (!names.contains(merged.getCurrentContext())) {
        throw new ClusterConfigException(
            Problem.UNKNOWN_CONTEXT,
            "the current-context '"
                + merged.getCurrentContext()
                + "' of "
                + where
                + " is not defined there"
                + choices(names)
                + ". Choose one with <context> or -Dk8s-run.context=<name>");
      }
      return merged.getCurrentContext();
    }
    if (!names.contains(wanted)) {
      throw new ClusterConfigException(
          Problem.UNKNOWN_CONTEXT,
          "context '"
              + wanted
              + "' is not in "
              + where
              + choices(names)
              + ". Set <context> or -Dk8s-run.context to one"
              + " of them, or leave it unset to use the current context");
    }
    return wanted;
  }

  private static String choices(List<String> names) {
    return names.isEmpty()
        ? " (it defines no contexts)"
        : "; its contexts: " + String.join(", ", names);
  }

  private static Config fromKubeconfig(
      io.fabric8.kubernetes.api.model.Config merged, String context, List<Path> files)
      throws ClusterConfigException {
    try {
      if (files.size() == 1) {
        return Config.fromKubeconfig(context, files.get(0).toFile());
      }
      // fabric8 reads the file when given a path, so the merged text goes without one (relative
      // certificate paths in a merged kubeconfig therefore resolve against the working directory)
      return Config.fromKubeconfig(context, Serialization.asYaml(merged), null);
    } catch (KubernetesClientException e) {
      throw new ClusterConfigException(
          Problem.INVALID_KUBECONFIG,
          "cannot use context '"
              + context
              + "' of kubeconfig "
              + list(files)
              + ": "
              + firstLine(e.getMessage()),
          e);
    }
  }

  private Config inClusterConfig() throws ClusterConfigException {
    if (environment.isSystem()) {
      try {
        return Config.autoConfigure(null); // keeps fabric8's token refresh for rotated tokens
      } catch (KubernetesClientException e) {
        throw new ClusterConfigException(
            Problem.NO_KUBECONFIG,
            "cannot use the pod's service account: " + firstLine(e.getMessage()),
            e);
      }
    }
    Path dir = environment.serviceAccountDir();
    try {
      String host = environment.env().get("KUBERNETES_SERVICE_HOST");
      String port = environment.env().getOrDefault("KUBERNETES_SERVICE_PORT", "443");
      Path namespaceFile = dir.resolve("namespace");
      return Config.builder()
          .withMasterUrl("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port)
          .withCaCertFile(dir.resolve("ca.crt").toString())
          .withOauthToken(Files.readString(dir.resolve("token")).trim())
          .withNamespace(
              Files.isRegularFile(namespaceFile) ? Files.readString(namespaceFile).trim() : null)
          .build();
    } catch (IOException e) {
      throw new ClusterConfigException(
          Problem.NO_KUBECONFIG,
          "cannot read the pod's service account in " + dir + ": " + e.getMessage(),
          e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
