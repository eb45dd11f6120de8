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

  private static boolean listening(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
