package dev.k8srun.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (the CNCF distribution registry) started on
 * a free loopback port with its own storage, or the one named by {@code K8S_RUN_TEST_REGISTRY}
 * ({@code host:port}) when set. Clients talk to it through a {@link CountingProxy}, so tests can assert what
 * the registry received. Optionally with TLS (a self-signed certificate) and basic authentication.
 */
public final class TestRegistry implements AutoCloseable {

  /** Environment variable naming an already running registry to use instead of starting one. */
  public static final String EXTERNAL = "K8S_RUN_TEST_REGISTRY";
  private static final String BINARY = "docker-registry";

  private final Process process;
  private final CountingProxy proxy;
  private final Path storage;
  private final boolean tls;

  private TestRegistry(Process process, CountingProxy proxy, Path storage, boolean tls) {
    this.process = process;
    this.proxy = proxy;
    this.storage = storage;
    this.tls = tls;
  }

  /** A plain HTTP registry without authentication. */
  public static TestRegistry start(Path workDir) throws IOException, InterruptedException {
    String external = System.getenv(EXTERNAL);
    if (external != null && !external.isBlank()) {
      String[] hostPort = external.trim().split(":");
      CountingProxy proxy =
          new CountingProxy(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 0);
      return new TestRegistry(null, proxy, null, false);
    }
    return launch(workDir, null, null, 0);
  }

  /** A plain HTTP registry whose clients' side (the counting proxy) listens on {@code port}. */
  public static TestRegistry startOn(int port, Path workDir) throws IOException, InterruptedException {
    return launch(workDir, null, null, port);
  }

  /** An HTTPS registry (self-signed certificate) that asks for {@code user} and {@code password}. */
  public static TestRegistry startWithAuth(Path workDir, String user, String password)
      throws IOException, InterruptedException {
    return launch(workDir, user, password, 0);
  }

  private static TestRegistry launch(Path workDir, String user, String password, int clientPort)
      throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path storage = workDir.resolve("storage");
    int port = freePort();
    boolean tls = user != null;
    List<String> config = new ArrayList<>(List.of(
        "version: 0.1",
        "log:",
        "  level: warn",
        "  accesslog:",
        "    disabled: true",
        "storage:",
        "  filesystem:",
        "    rootdirectory: " + storage,
        "  delete:",
        "    enabled: true",
        "http:",
        "  addr: 127.0.0.1:" + port));
    if (tls) {
      Path[] certificate = SelfSignedCertificate.write(workDir);
      config.addAll(List.of(
          "  tls:",
          "    certificate: " + certificate[0],
          "    key: " + certificate[1],
          "auth:",
          "  htpasswd:",
          "    realm: k8s-run-test",
          "    path: " + Htpasswd.write(workDir.resolve("htpasswd"), user, password)));
    }
    Path configFile = workDir.resolve("config.yml");
    Files.write(configFile, config);
    Process process;
    try {
      process = new ProcessBuilder(BINARY, "serve", configFile.toString())
          .redirectErrorStream(true)
          .redirectOutput(workDir.resolve("registry.log").toFile())
          .start();
    } catch (IOException e) {
      throw new IOException("Cannot start '" + BINARY + "': install Debian's docker-registry package"
          + " (apt-get install docker-registry), or set " + EXTERNAL + "=host:port to a running registry", e);
    }
    CountingProxy proxy =
        new CountingProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), clientPort);
    TestRegistry registry = new TestRegistry(process, proxy, storage, tls);
    registry.awaitReady(port, workDir.resolve("registry.log"));
    return registry;
  }

  private void awaitReady(int port, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("docker-registry exited at start: " + Files.readString(log));
      }
      try {
        HttpURLConnection connection = open(URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port + "/v2/"));
        int code = connection.getResponseCode();
        connection.disconnect();
        if (code == 200 || code == 401) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(50);
    }
    close();
    throw new IOException("docker-registry did not answer on port " + port + " within 20 s: " + Files.readString(log));
  }

  private static HttpURLConnection open(URI uri) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    if (connection instanceof HttpsURLConnection https) {
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, null);
        https.setSSLSocketFactory(context.getSocketFactory());
        https.setHostnameVerifier((host, session) -> true);
      } catch (java.security.GeneralSecurityException e) {
        throw new IOException(e);
      }
    }
    connection.setConnectTimeout(1000);
    connection.setReadTimeout(2000);
    return connection;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** {@code 127.0.0.1:<port>}: the registry as clients name it (through the counting proxy). */
  public String host() {
    return "127.0.0.1:" + proxy.port();
  }

  /** Bytes clients sent to the registry since the start or the last {@link #resetCount()}. */
  public long bytesReceived() {
    return proxy.received();
  }

  public void resetCount() {
    proxy.reset();
  }

  /** The registry's storage directory ({@code null} for an external registry). */
  public Path storage() {
    return storage;
  }

  public boolean isTls() {
    return tls;
  }

  @Override
  public void close() throws IOException {
    proxy.close();
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

    @Override
    public java.security.cert.X509Certificate[] getAcceptedIssuers() {
      return new java.security.cert.X509Certificate[0];
    }
  }
}
