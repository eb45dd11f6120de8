package dev.k8srun.testing;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.image.json.BuildableManifestTemplate;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import com.google.cloud.tools.jib.registry.RegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An image pulled from a registry (or read from a tarball) and unpacked into a directory, layer over layer,
 * so a test can look at its files and run its command from its working directory with the host's {@code java}
 * standing in for the image's runtime.
 */
public final class PulledImage {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path root;
  private final JsonNode config;
  private final String digest;
  private final List<String> layerDigests;
  private final Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();

  private PulledImage(Path root, JsonNode config, String digest, List<String> layerDigests) {
    this.root = root;
    this.config = config;
    this.digest = digest;
    this.layerDigests = layerDigests;
  }

  /** Pulls {@code registry/repository:tagOrDigest} over plain HTTP and unpacks it into {@code into}. */
  public static PulledImage pull(String registry, String repository, String qualifier, Path into)
      throws IOException {
    FailoverHttpClient http = new FailoverHttpClient(true, false, event -> {});
    try {
      RegistryClient client =
          RegistryClient.factory(EventHandlers.NONE, registry, repository, http).newRegistryClient();
      ManifestAndDigest<ManifestTemplate> pulled = client.pullManifest(qualifier);
      BuildableManifestTemplate manifest = (BuildableManifestTemplate) pulled.getManifest();
      byte[] configBytes = blob(client, manifest.getContainerConfiguration().getDigest());
      List<String> layers = new ArrayList<>();
      manifest.getLayers().forEach(l -> layers.add(l.getDigest().toString()));
      PulledImage image = new PulledImage(into, JSON.readTree(configBytes), pulled.getDigest().toString(), layers);
      Files.createDirectories(into);
      for (BuildableManifestTemplate.ContentDescriptorTemplate layer : manifest.getLayers()) {
        image.unpack(new java.io.ByteArrayInputStream(blob(client, layer.getDigest())));
      }
      return image;
    } catch (com.google.cloud.tools.jib.api.RegistryException e) {
      throw new IOException("pulling " + registry + "/" + repository + ":" + qualifier + ": " + e.getMessage(), e);
    } finally {
      http.shutDown();
    }
  }

  /** Reads a Docker image tarball (as {@code docker load} takes it) and unpacks it into {@code into}. */
  public static PulledImage fromTarball(Path tarball, Path into) throws IOException {
    Path extracted = Files.createDirectories(into.resolveSibling(into.getFileName() + "-tar"));
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        Path file = extracted.resolve(entry.getName());
        Files.createDirectories(file.getParent());
        if (!entry.isDirectory()) {
          Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    JsonNode manifest = JSON.readTree(extracted.resolve("manifest.json").toFile()).get(0);
    JsonNode config = JSON.readTree(extracted.resolve(manifest.get("Config").asString()).toFile());
    List<String> layers = new ArrayList<>();
    manifest.get("Layers").forEach(l -> layers.add(l.asString()));
    PulledImage image = new PulledImage(into, config, null, layers);
    Files.createDirectories(into);
    for (String layer : layers) {
      try (InputStream in = Files.newInputStream(extracted.resolve(layer))) {
        image.unpack(in);
      }
    }
    return image;
  }

  private static byte[] blob(RegistryClient client, DescriptorDigest digest) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    client.pullBlob(digest, size -> {}, size -> {}).writeTo(out);
    return out.toByteArray();
  }

  private void unpack(InputStream compressed) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(compressed))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        String name = entry.getName().replaceAll("^\\./", "").replaceAll("/$", "");
        entries.put("/" + name, entry);
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("layer entry escapes the root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isFile()) {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** The directory the image was unpacked into. */
  public Path root() {
    return root;
  }

  /** The manifest digest ({@code null} for a tarball). */
  public String digest() {
    return digest;
  }

  public List<String> layerDigests() {
    return layerDigests;
  }

  /** Tar entries by absolute path in the image, for modes and times. */
  public Map<String, TarArchiveEntry> entries() {
    return entries;
  }

  private JsonNode containerConfig() {
    return config.path("config");
  }

  public String workingDir() {
    JsonNode dir = containerConfig().get("WorkingDir");
    return dir == null || dir.isNull() ? null : dir.asString();
  }

  public String user() {
    JsonNode user = containerConfig().get("User");
    return user == null || user.isNull() ? null : user.asString();
  }

  public List<String> entrypoint() {
    return strings(containerConfig().get("Entrypoint"));
  }

  public List<String> cmd() {
    return strings(containerConfig().get("Cmd"));
  }

  public List<String> env() {
    return strings(containerConfig().get("Env"));
  }

  public String created() {
    return config.path("created").asString();
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(n -> values.add(n.asString()));
    }
    return values;
  }

  /** What a run printed and how it ended. */
  public record Run(int exitCode, String output) {}

  /**
   * Runs the image's entrypoint and cmd from its working directory (inside the unpacked root), with the host's
   * {@code java} for the image's {@code java} and the image's environment added (except PATH and JAVA_HOME).
   */
  public Run run(Duration timeout) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(entrypoint());
    command.addAll(cmd());
    return run(command, Map.of(), workingDir(), timeout);
  }

  /**
   * Runs a command as a container of this image would: from {@code workingDir} inside the unpacked root, with
   * the image's environment plus {@code env} (the host's {@code java} for {@code java}; the image's PATH and
   * JAVA_HOME are left out).
   */
  public Run run(List<String> commandLine, Map<String, String> env, String workingDir, Duration timeout)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(commandLine);
    if (command.isEmpty()) {
      throw new IOException("the image has no command");
    }
    if (command.get(0).equals("java")) {
      command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
    String directory = workingDir == null ? "/" : workingDir;
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(root.resolve(directory.substring(1)).toFile())
        .redirectErrorStream(true);
    for (String variable : env()) {
      String name = variable.substring(0, variable.indexOf('='));
      if (!name.equals("PATH") && !name.equals("JAVA_HOME")) {
        builder.environment().put(name, variable.substring(variable.indexOf('=') + 1));
      }
    }
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IOException("the image's command did not end within " + timeout);
    }
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
