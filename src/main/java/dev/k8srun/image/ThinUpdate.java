package dev.k8srun.image;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.blob.Blob;
import com.google.cloud.tools.jib.blob.BlobDescriptor;
import com.google.cloud.tools.jib.blob.Blobs;
import com.google.cloud.tools.jib.hash.CountingDigestOutputStream;
import com.google.cloud.tools.jib.hash.Digests;
import com.google.cloud.tools.jib.image.Image;
import com.google.cloud.tools.jib.image.Layer;
import com.google.cloud.tools.jib.image.LayerCountMismatchException;
import com.google.cloud.tools.jib.image.LayerPropertyNotFoundException;
import com.google.cloud.tools.jib.image.ReproducibleLayerBuilder;
import com.google.cloud.tools.jib.image.json.BadContainerConfigurationFormatException;
import com.google.cloud.tools.jib.image.json.ContainerConfigurationTemplate;
import com.google.cloud.tools.jib.image.json.HistoryEntry;
import com.google.cloud.tools.jib.image.json.ImageToJsonTranslator;
import com.google.cloud.tools.jib.image.json.JsonToImageTranslator;
import com.google.cloud.tools.jib.image.json.V22ManifestTemplate;
import com.google.cloud.tools.jib.json.JsonTemplate;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import com.google.cloud.tools.jib.registry.RegistryClient;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import com.google.common.collect.ImmutableList;
import dev.k8srun.config.ImageRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

/**
 * Puts the thin update image on top of the base with jib-core's parts directly, instead of its whole
 * containerizing pipeline: the update's few small layers are built reproducibly (and kept by their content,
 * so an unchanged layer is not built again), the image's config is the base's with the application's settings
 * and layers added, and only the blobs the registry does not have are pushed, then the manifest, through one
 * client. The base's manifest and config are read once per base digest and kept. A code change thus costs its
 * own bytes and a handful of requests, and none of the machinery that building the base needs.
 *
 * <p>Used when the base is in the target's own repository, so its layers need no cross-repository mount.
 */
final class ThinUpdate {

  /** What the push did, for the summary line and the result. */
  record Pushed(String digest, String imageId, int uploaded, long uploadedBytes, int existing) {
    String summary() {
      return uploaded + " blob" + (uploaded == 1 ? "" : "s") + " uploaded (" + JibProgress.bytes(uploadedBytes)
          + "), " + existing + " already in the registry";
    }
  }

  /** A layer built to a file, with the digests a manifest and a config need. */
  private record BuiltLayer(String name, Path file, BlobDescriptor blob, DescriptorDigest diffId)
      implements Layer {
    @Override
    public Blob getBlob() {
      return Blobs.from(file);
    }

    @Override
    public BlobDescriptor getBlobDescriptor() {
      return blob;
    }

    @Override
    public DescriptorDigest getDiffId() {
      return diffId;
    }
  }

  private final ImageRequest request;
  private final ImagePlan plan;
  private final RegistryAccess access;
  private final Path cache;
  private final String toolVersion;

  ThinUpdate(ImageRequest request, ImagePlan plan, RegistryAccess access, String toolVersion) {
    this.request = request;
    this.plan = plan;
    this.access = access;
    this.cache = request.applicationLayersCache().resolve("k8s-run");
    this.toolVersion = toolVersion;
  }

  /** Whether the update can be made this way: its base is in the same repository as the image itself. */
  static boolean applies(ImagePlan plan) {
    return plan.baseImage().getRegistry().equals(plan.target().getRegistry())
        && plan.baseImage().getRepository().equals(plan.target().getRepository());
  }

  Pushed push(String baseDigest, List<LayerSpec> layers, Instant fileTime)
      throws IOException, RegistryException, CredentialRetrievalException, ImageBuildException {
    ImageReference target = plan.target();
    RegistryClient client = access.pushClient(target);
    Image base = base(client, baseDigest);

    List<BuiltLayer> built = new ArrayList<>();
    for (LayerSpec layer : layers) {
      built.add(build(layer, fileTime));
    }
    Image image = compose(base, built);
    ImageToJsonTranslator translator = new ImageToJsonTranslator(image);
    JsonTemplate config = translator.getContainerConfiguration();
    BlobDescriptor configBlob = Digests.computeDigest(config);

    int uploaded = 0;
    long uploadedBytes = 0;
    int existing = 0;
    for (BuiltLayer layer : built) {
      if (client.checkBlob(layer.blob().getDigest()).isPresent()) {
        existing++;
      } else {
        client.pushBlob(layer.blob().getDigest(), layer.getBlob(), null, bytes -> {});
        uploaded++;
        uploadedBytes += layer.blob().getSize();
      }
    }
    if (client.checkBlob(configBlob.getDigest()).isPresent()) {
      existing++;
    } else {
      client.pushBlob(configBlob.getDigest(), Blobs.from(config), null, bytes -> {});
      uploaded++;
      uploadedBytes += configBlob.getSize();
    }
    V22ManifestTemplate manifest = translator.getManifestTemplate(V22ManifestTemplate.class, configBlob);
    DescriptorDigest digest = client.pushManifest(manifest, target.getQualifier());
    return new Pushed(digest.toString(), configBlob.getDigest().toString(), uploaded, uploadedBytes, existing);
  }

  /** The base image's manifest and config, from the cache by digest, else from the registry (and kept). */
  private Image base(RegistryClient client, String baseDigest) throws IOException, RegistryException,
      ImageBuildException {
    Path manifestFile = cache.resolve("base-" + baseDigest.replace(':', '-') + ".manifest.json");
    Path configFile = cache.resolve("base-" + baseDigest.replace(':', '-') + ".config.json");
    V22ManifestTemplate manifest;
    ContainerConfigurationTemplate config;
    if (Files.isRegularFile(manifestFile) && Files.isRegularFile(configFile)) {
      manifest = JsonTemplateMapper.readJsonFromFile(manifestFile, V22ManifestTemplate.class);
      config = JsonTemplateMapper.readJsonFromFile(configFile, ContainerConfigurationTemplate.class);
    } else {
      manifest = client.pullManifest(baseDigest, V22ManifestTemplate.class).getManifest();
      byte[] bytes = Blobs.writeToByteArray(
          client.pullBlob(manifest.getContainerConfiguration().getDigest(), size -> {}, size -> {}));
      config = JsonTemplateMapper.readJson(bytes, ContainerConfigurationTemplate.class);
      writeAtomically(manifestFile, JsonTemplateMapper.toUtf8String(manifest));
      writeAtomically(configFile, JsonTemplateMapper.toUtf8String(config));
    }
    try {
      return JsonToImageTranslator.toImage(manifest, config);
    } catch (LayerCountMismatchException | LayerPropertyNotFoundException
        | BadContainerConfigurationFormatException e) {
      throw new ImageBuildException("The base image " + plan.baseImage() + "@" + baseDigest
          + " has a manifest or config jib cannot read: " + e.getMessage(), e);
    }
  }

  /** The update image: the base's configuration and layers, then the application's. */
  private Image compose(Image base, List<BuiltLayer> layers) throws ImageBuildException {
    Image.Builder image = Image.builder(V22ManifestTemplate.class)
        .setCreated(ImageBuilder.creationTime(request))
        .setArchitecture(base.getArchitecture())
        .setOs(base.getOs())
        .addEnvironment(base.getEnvironment())
        .addEnvironment(request.environment())
        .addExposedPorts(base.getExposedPorts())
        .addVolumes(base.getVolumes())
        .addLabels(base.getLabels())
        .addLabels(labels())
        .setEntrypoint(plan.command())
        .setProgramArguments(request.args())
        .setWorkingDirectory(plan.workingDirectory())
        .setUser(request.user());
    if (base.getHealthCheck() != null) {
      image.setHealthCheck(base.getHealthCheck());
    }
    try {
      for (Layer layer : base.getLayers()) {
        image.addLayer(layer);
      }
      base.getHistory().forEach(image::addHistory);
      for (BuiltLayer layer : layers) {
        image.addLayer(layer);
        image.addHistory(HistoryEntry.builder()
            .setCreationTimestamp(ImageBuilder.creationTime(request))
            .setCreatedBy(ImageBuilder.TOOL + ":" + toolVersion)
            .setComment(layer.name())
            .build());
      }
    } catch (LayerPropertyNotFoundException e) {
      throw new ImageBuildException("Cannot add a layer to the update image: " + e.getMessage(), e);
    }
    return image.build();
  }

  private Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("org.opencontainers.image.title", request.name());
    labels.put("org.opencontainers.image.version", request.version());
    labels.putAll(request.labels());
    return labels;
  }

  /**
   * A layer's compressed tar, from the cache when a layer of the same content was built before (the key covers
   * every entry's target path and bytes, the mode rule and the file time), else built and kept.
   */
  private BuiltLayer build(LayerSpec layer, Instant fileTime) throws IOException {
    String key = plan.layerKey(layer);
    Path file = cache.resolve("layer-" + key + ".tar.gz");
    Path facts = cache.resolve("layer-" + key + ".properties");
    if (Files.isRegularFile(file) && Files.isRegularFile(facts)) {
      Properties properties = new Properties();
      try (var in = Files.newInputStream(facts)) {
        properties.load(in);
      }
      try {
        return new BuiltLayer(layer.name(), file,
            new BlobDescriptor(Long.parseLong(properties.getProperty("size")),
                DescriptorDigest.fromDigest(properties.getProperty("digest"))),
            DescriptorDigest.fromDigest(properties.getProperty("diffId")));
      } catch (java.security.DigestException | NumberFormatException e) {
        // a damaged entry: build the layer again
      }
    }
    FileEntriesLayer entries = layer.toJib(fileTime);
    Blob tar = new ReproducibleLayerBuilder(ImmutableList.copyOf(entries.getEntries())).build();
    Files.createDirectories(cache);
    Path partial = Files.createTempFile(cache, "layer-", ".partial");
    BlobDescriptor compressed;
    DescriptorDigest diffId;
    try {
      try (OutputStream out = Files.newOutputStream(partial)) {
        CountingDigestOutputStream counting = new CountingDigestOutputStream(out);
        GZIPOutputStream gzip = new GZIPOutputStream(counting);
        diffId = tar.writeTo(gzip).getDigest();
        gzip.finish();
        compressed = counting.computeDigest();
      }
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
    Properties properties = new Properties();
    properties.setProperty("size", Long.toString(compressed.getSize()));
    properties.setProperty("digest", compressed.getDigest().toString());
    properties.setProperty("diffId", diffId.toString());
    try (var out = Files.newOutputStream(facts)) {
      properties.store(out, null);
    }
    return new BuiltLayer(layer.name(), file, compressed, diffId);
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.writeString(partial, content);
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
  }
}
