package dev.k8srun.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a pushed image is made of, straight from the registry (not through the counting proxy, so these
 * questions are never counted as a tool's traffic): its manifest, config, and each layer's digest, size and
 * name (jib records a layer's name as the comment of its history entry).
 */
final class Registry {

  /** One layer: its digest, compressed size, and name from the image's history. */
  record Layer(String digest, long size, String name) {}

  /** An image: its manifest's size, its config's digest and size, and its layers in order. */
  record Image(long manifestSize, String configDigest, long configSize, List<Layer> layers) {

    Layer layer(String name) {
      return layers.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCEPT = "application/vnd.oci.image.manifest.v1+json,"
      + "application/vnd.docker.distribution.manifest.v2+json";

  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  Registry(int port) {
    this.port = port;
  }

  /** The image {@code repository:reference}, or null when the registry does not have it. */
  Image image(String repository, String reference) throws IOException, InterruptedException {
    HttpResponse<byte[]> manifest = get("/v2/" + repository + "/manifests/" + reference, ACCEPT);
    if (manifest.statusCode() == 404) {
      return null;
    }
    check(manifest);
    JsonNode m = JSON.readTree(manifest.body());
    String configDigest = m.path("config").path("digest").asText();
    HttpResponse<byte[]> config = get("/v2/" + repository + "/blobs/" + configDigest, "*/*");
    check(config);
    List<String> names = new ArrayList<>();
    for (JsonNode entry : JSON.readTree(config.body()).path("history")) {
      if (!entry.path("empty_layer").asBoolean(false)) {
        String comment = entry.path("comment").asText("");
        names.add(comment.isEmpty() ? entry.path("created_by").asText("") : comment);
      }
    }
    List<Layer> layers = new ArrayList<>();
    int i = 0;
    for (JsonNode layer : m.path("layers")) {
      layers.add(new Layer(layer.path("digest").asText(), layer.path("size").asLong(),
          i < names.size() ? names.get(i) : "?"));
      i++;
    }
    return new Image(manifest.body().length, configDigest, m.path("config").path("size").asLong(), layers);
  }

  private HttpResponse<byte[]> get(String path, String accept) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void check(HttpResponse<byte[]> response) throws IOException {
    if (response.statusCode() != 200) {
      throw new IOException("registry answered " + response.statusCode() + " to " + response.uri());
    }
  }
}
