package dev.k8srun.testing;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Base images made by the tests themselves (this network has no Docker Hub): a tiny layer built with jib from
 * scratch, with no working directory and no command, pushed to the test registry.
 */
public final class TestImages {

  private TestImages() {}

  /**
   * Pushes a stand-in runtime image, {@code <registry>/<repository>:<tag>}, and returns its reference. It holds
   * one file, {@code /etc/k8s-run-test-base}; the host's {@code java} plays its runtime when tests run images.
   */
  public static String pushBase(String registry, String repository, String tag, Path workDir) throws Exception {
    Files.createDirectories(workDir);
    Path marker = workDir.resolve("k8s-run-test-base");
    Files.writeString(marker, "a stand-in runtime image for tests\n");
    String reference = registry + "/" + repository + ":" + tag;
    JibContainer container = Jib.fromScratch()
        .addFileEntriesLayer(FileEntriesLayer.builder()
            .setName("runtime")
            .addEntry(marker, AbsoluteUnixPath.get("/etc/k8s-run-test-base"))
            .build())
        .addEnvironmentVariable("PATH", "/opt/java/bin:/usr/bin:/bin")
        .setCreationTime(Instant.EPOCH)
        .containerize(Containerizer.to(RegistryImage.named(reference))
            .setAllowInsecureRegistries(true)
            .setBaseImageLayersCache(workDir.resolve("jib-base-cache"))
            .setApplicationLayersCache(workDir.resolve("jib-app-cache")));
    return reference + "@" + container.getDigest();
  }
}
