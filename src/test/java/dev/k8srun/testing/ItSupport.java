package dev.k8srun.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;

/**
 * Shared services for the invoker integration tests, called from their Groovy hooks (which see the test
 * classpath): one test registry on the port the build reserved, with the stand-in base image pushed, living
 * until the Maven JVM ends.
 */
public final class ItSupport {

  /** The base image every IT builds from, in the IT registry. */
  public static final String BASE = "base/runtime";
  public static final String BASE_TAG = "test";

  private static TestRegistry registry;
  private static MockCluster cluster;

  private ItSupport() {}

  /**
   * Starts the IT registry on {@code port} (once per JVM) and pushes the base image; returns {@code
   * 127.0.0.1:<port>}.
   */
  public static synchronized String registry(int port, Path workDir) throws Exception {
    if (registry == null && !listening(port)) {
      registry = TestRegistry.startOn(port, workDir.resolve("registry"));
      TestImages.pushBase(registry.host(), BASE, BASE_TAG, workDir.resolve("base"));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          registry.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
    }
    return "127.0.0.1:" + port;
  }

  /**
   * The IT cluster: the fabric8 mock API server on {@code port} (started once per JVM), whose pods run their
   * images for real ({@link ImageRunningKubelet}), with a kubeconfig at {@code <workDir>/kubeconfig} (current
   * context {@code mock}, namespace {@code default}; a second context {@code other}). Each call resets what an
   * earlier test scripted or injected, so every IT starts from a clean cluster.
   */
  public static synchronized MockCluster cluster(int port, Path workDir) {
    if (cluster == null) {
      cluster = MockCluster.start(port);
      cluster.writeKubeconfig(workDir.resolve("kubeconfig"), "default");
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
    }
    return cluster.reset().scriptSource(new ImageRunningKubelet(workDir.resolve("pods")));
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
