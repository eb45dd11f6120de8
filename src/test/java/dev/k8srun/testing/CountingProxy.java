package dev.k8srun.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a free loopback port that counts the bytes clients send upstream: what a registry behind it
 * really received, whatever the client says it did.
 */
public final class CountingProxy implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final AtomicLong received = new AtomicLong();
  private final Thread acceptor;

  /** A proxy to {@code upstream} on {@code port} (0 for a free one). */
  public CountingProxy(InetSocketAddress upstream, int port) throws IOException {
    this.upstream = upstream;
    this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "counting-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Bytes sent to the upstream since the start (or the last {@link #reset()}). */
  public long received() {
    return received.get();
  }

  public void reset() {
    received.set(0);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket target = new Socket(upstream.getAddress(), upstream.getPort());
        pump(client.getInputStream(), target.getOutputStream(), true, client, target);
        pump(target.getInputStream(), client.getOutputStream(), false, target, client);
      } catch (IOException e) {
        if (!server.isClosed()) {
          System.err.println("counting proxy: " + e);
        }
      }
    }
  }

  private void pump(InputStream in, OutputStream out, boolean count, Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (from; to) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          if (count) {
            received.addAndGet(n);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the other side closed
      }
    }, "counting-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
