package dev.k8srun.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's docker-registry (the CNCF distribution registry 2.8) on a free loopback port, with fresh storage. */
final class LocalRegistry implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path storage;

  private LocalRegistry(Process process, int port, Path storage) {
    this.process = process;
    this.port = port;
    this.storage = storage;
  }

  static LocalRegistry start(Path directory) throws IOException, InterruptedException {
    Bench.deleteTree(directory);
    Path storage = directory.resolve("data");
    Files.createDirectories(storage);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = directory.resolve("config.yml");
    Files.writeString(config, """
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
        """.formatted(storage, port));
    Process process = new ProcessBuilder("docker-registry", "serve", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("registry.log").toFile())
        .start();
    LocalRegistry registry = new LocalRegistry(process, port, storage);
    // Stopped with the benchmark, also when it is interrupted (Ctrl-C, kill).
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("docker-registry exited at once: see " + directory.resolve("registry.log"));
      }
      try {
        HttpURLConnection connection =
            (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
        connection.setConnectTimeout(500);
        if (connection.getResponseCode() == 200) {
          return registry;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(100);
    }
    registry.close();
    throw new IOException("docker-registry did not answer on port " + port + " within 20 s");
  }

  int port() {
    return port;
  }

  Path storage() {
    return storage;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
