package dev.k8srun.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A stand-in kubelet for the mock cluster that really runs what a pod says: it pulls the pod's image from the
 * (test) registry, unpacks it, runs the container's command and args with its env from its working directory
 * (the host's {@code java} standing in for the image's), and scripts the pod with the program's output and
 * exit code. An image the registry does not have makes the pod wait in {@code ErrImagePull}, as a kubelet
 * would.
 */
public final class ImageRunningKubelet implements Function<Pod, PodScript> {

  private final Path workDir;

  public ImageRunningKubelet(Path workDir) {
    this.workDir = workDir;
  }

  @Override
  public PodScript apply(Pod pod) {
    Container container = pod.getSpec().getContainers().get(0);
    String image = container.getImage();
    int slash = image.indexOf('/');
    int at = image.indexOf('@');
    int colon = image.lastIndexOf(':');
    String registry = image.substring(0, slash);
    String repository = at > 0 ? image.substring(slash + 1, at)
        : colon > slash ? image.substring(slash + 1, colon) : image.substring(slash + 1);
    String qualifier = at > 0 ? image.substring(at + 1) : colon > slash ? image.substring(colon + 1) : "latest";
    PulledImage pulled;
    try {
      pulled = PulledImage.pull(registry, repository, qualifier,
          Files.createTempDirectory(Files.createDirectories(workDir), "pod-"));
    } catch (IOException e) {
      return PodScript.waiting("ErrImagePull", "failed to pull image \"" + image + "\": " + e.getMessage());
    }
    List<String> command = new ArrayList<>(
        container.getCommand() == null || container.getCommand().isEmpty() ? pulled.entrypoint()
            : container.getCommand());
    command.addAll(container.getArgs() == null || container.getArgs().isEmpty() && container.getCommand() == null
        ? pulled.cmd() : container.getArgs());
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnv() != null) {
      for (EnvVar variable : container.getEnv()) {
        if (variable.getValue() != null) {
          env.put(variable.getName(), variable.getValue());
        }
      }
    }
    String workingDir = container.getWorkingDir() != null ? container.getWorkingDir() : pulled.workingDir();
    try {
      PulledImage.Run run = pulled.run(command, env, workingDir, Duration.ofMinutes(2));
      return PodScript.exits(run.exitCode(), run.output().lines().toArray(String[]::new));
    } catch (IOException | InterruptedException e) {
      return PodScript.exits(128, "k8s-run test kubelet: cannot run " + command + ": " + e);
    }
  }
}
