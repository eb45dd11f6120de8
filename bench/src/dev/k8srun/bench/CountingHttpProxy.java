package dev.k8srun.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of the registry that reads the HTTP/1.1 requests clients send (it parses their framing:
 * Content-Length or chunked bodies) and records every request: method, path, header bytes and body bytes. So
 * the benchmark knows what the registry really received, and can tell uploads (request bodies of PUT, PATCH
 * and POST) from questions (GET, HEAD), whatever the client's own log says. Responses are passed through as
 * they are.
 */
final class CountingHttpProxy implements AutoCloseable {

  /** One request as the registry received it. */
  record Request(String method, String target, long headerBytes, long bodyBytes) {

    String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }

    /** A query parameter, or null. */
    String query(String name) {
      int q = target.indexOf('?');
      if (q < 0) {
        return null;
      }
      for (String pair : target.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        if (key.equals(name)) {
          return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      return null;
    }

    boolean isUpload() {
      return method.equals("PUT") || method.equals("PATCH") || method.equals("POST");
    }
  }

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final List<Request> requests = new ArrayList<>();
  private final AtomicLong wireBytes = new AtomicLong();

  CountingHttpProxy(InetSocketAddress upstream) throws IOException {
    this.upstream = upstream;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "counting-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** A mark: the number of requests recorded so far. */
  synchronized int mark() {
    return requests.size();
  }

  /** The requests recorded since a mark. */
  synchronized List<Request> since(int mark) {
    return List.copyOf(requests.subList(mark, requests.size()));
  }

  /** Every byte clients sent upstream so far (headers, bodies and chunk framing). */
  long wireBytes() {
    return wireBytes.get();
  }

  private synchronized void record(Request request) {
    requests.add(request);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket target = new Socket(upstream.getAddress(), upstream.getPort());
        client.setTcpNoDelay(true);
        target.setTcpNoDelay(true);
        start(() -> requests(client, target), "proxy-requests");
        start(() -> responses(client, target), "proxy-responses");
      } catch (IOException e) {
        if (!server.isClosed()) {
          System.err.println("counting proxy: " + e);
        }
      }
    }
  }

  private static void start(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void responses(Socket client, Socket target) {
    try (client; target) {
      InputStream in = target.getInputStream();
      OutputStream out = client.getOutputStream();
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // one side closed
    }
  }

  private void requests(Socket client, Socket target) {
    try {
      InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
      OutputStream out = target.getOutputStream();
      byte[] buffer = new byte[64 * 1024];
      in.mark(1);
      int first = in.read();
      in.reset();
      if (first < 'A' || first > 'Z') {
        // Not HTTP (a TLS ClientHello, as clients try HTTPS first): pass it through raw and count it.
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          wireBytes.addAndGet(n);
        }
        target.shutdownOutput();
        return;
      }
      while (true) {
        byte[] head = readHead(in);
        if (head == null) {
          break;
        }
        out.write(head);
        wireBytes.addAndGet(head.length);
        String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        long contentLength = 0;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
          int colon = lines[i].indexOf(':');
          if (colon < 0) {
            continue;
          }
          String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
          String value = lines[i].substring(colon + 1).trim();
          if (name.equals("content-length")) {
            contentLength = Long.parseLong(value);
          } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
            chunked = true;
          }
        }
        long body = 0;
        if (chunked) {
          while (true) {
            byte[] sizeLine = readLine(in);
            out.write(sizeLine);
            wireBytes.addAndGet(sizeLine.length);
            String hex = new String(sizeLine, StandardCharsets.ISO_8859_1).trim();
            int semicolon = hex.indexOf(';');
            long size = Long.parseLong(semicolon < 0 ? hex : hex.substring(0, semicolon), 16);
            if (size == 0) {
              for (byte[] trailer; (trailer = readLine(in)).length > 2; ) {
                out.write(trailer);
                wireBytes.addAndGet(trailer.length);
              }
              out.write(new byte[] {'\r', '\n'});
              wireBytes.addAndGet(2);
              break;
            }
            copy(in, out, size, buffer);
            body += size;
            byte[] crlf = readLine(in);
            out.write(crlf);
            wireBytes.addAndGet(crlf.length);
          }
        } else if (contentLength > 0) {
          copy(in, out, contentLength, buffer);
          body = contentLength;
        }
        out.flush();
        record(new Request(requestLine[0], requestLine.length > 1 ? requestLine[1] : "", head.length, body));
      }
      target.shutdownOutput();
    } catch (IOException | RuntimeException e) {
      try {
        client.close();
        target.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private void copy(InputStream in, OutputStream out, long length, byte[] buffer) throws IOException {
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("request body ended early");
      }
      out.write(buffer, 0, n);
      wireBytes.addAndGet(n);
      left -= n;
    }
  }

  /** The request line and headers up to the empty line, or null at the end of the stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        if (head.size() == 0) {
          return null;
        }
        throw new IOException("request head ended early");
      }
      head.write(b);
      state = switch (state) {
        case 0, 2 -> b == '\r' ? state + 1 : 0;
        case 1, 3 -> b == '\n' ? state + 1 : (b == '\r' ? 1 : 0);
        default -> 0;
      };
    }
    return head.toByteArray();
  }

  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(16);
    for (int previous = -1, b; ; previous = b) {
      b = in.read();
      if (b < 0) {
        throw new IOException("chunked body ended early");
      }
      line.write(b);
      if (previous == '\r' && b == '\n') {
        return line.toByteArray();
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
