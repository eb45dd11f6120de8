package dev.k8srun.bench;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The from image of the runs (there is no Docker Hub here): a JRE made with {@code jlink} from the local JDK,
 * plus the shared libraries {@code ldd} lists for it, pushed as one layer with jib-core from scratch. About as
 * big as a real JRE layer (~40 MB compressed).
 */
final class BaseImage {

  static final String JAVA_HOME = "/opt/java/openjdk";
  /** The modules of a JRE: java.se and the runtime jdk.* modules a Temurin JRE has (no tools). */
  private static final String MODULES = "java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,"
      + "jdk.management,jdk.management.agent,jdk.management.jfr,jdk.localedata,jdk.charsets,jdk.jfr,jdk.net,"
      + "jdk.naming.dns,jdk.httpserver,jdk.security.auth,jdk.security.jgss,jdk.xml.dom,jdk.jdwp.agent";
  private static final Pattern LDD_PATH = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");

  private BaseImage() {}

  /** Builds and pushes the image; returns {@code registry/repository@sha256:...}. */
  static String push(String registry, String repository, String tag, Path work) throws Exception {
    Path jre = work.resolve("jre");
    Bench.deleteTree(jre);
    Files.createDirectories(work);
    Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
    Bench.exec(work, List.of(jlink.toString(), "--add-modules", MODULES, "--strip-debug", "--no-man-pages",
        "--no-header-files", "--output", jre.toString()));

    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("runtime");
    Instant time = Instant.ofEpochSecond(1);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(jre)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    List<Path> elf = new ArrayList<>();
    for (Path file : files) {
      String relative = jre.relativize(file).toString();
      boolean executable = relative.startsWith("bin/") || relative.endsWith("jspawnhelper");
      layer.addEntry(file, AbsoluteUnixPath.get(JAVA_HOME + "/" + relative),
          executable ? FilePermissions.fromOctalString("755") : FilePermissions.DEFAULT_FILE_PERMISSIONS, time);
      if (relative.startsWith("bin/") || relative.endsWith(".so")) {
        elf.add(file);
      }
    }
    // The shared libraries the runtime links against, at the paths the dynamic loader looks for them.
    Map<String, Path> libraries = new TreeMap<>();
    for (Path binary : elf) {
      String out = Bench.execOutput(work, List.of("ldd", binary.toString()));
      for (String line : out.split("\n")) {
        Matcher m = LDD_PATH.matcher(line);
        if (m.find() && !m.group(1).startsWith(jre.toString()) && !line.contains("not found")) {
          Path library = Path.of(m.group(1));
          if (Files.exists(library)) {
            libraries.put(m.group(1), library.toRealPath());
          }
        }
      }
    }
    for (Map.Entry<String, Path> library : libraries.entrySet()) {
      layer.addEntry(library.getValue(), AbsoluteUnixPath.get(library.getKey()),
          FilePermissions.fromOctalString("755"), time);
    }
    Path passwd = work.resolve("passwd");
    Files.writeString(passwd, "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/app:/bin/sh\n",
        StandardCharsets.UTF_8);
    layer.addEntry(passwd, AbsoluteUnixPath.get("/etc/passwd"), FilePermissions.DEFAULT_FILE_PERMISSIONS, time);

    String reference = registry + "/" + repository + ":" + tag;
    JibContainer container = Jib.fromScratch()
        .addFileEntriesLayer(layer.build())
        .addEnvironmentVariable("JAVA_HOME", JAVA_HOME)
        .addEnvironmentVariable("PATH", JAVA_HOME + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        .setCreationTime(Instant.EPOCH)
        .containerize(Containerizer.to(RegistryImage.named(reference))
            .setAllowInsecureRegistries(true)
            .setToolName("k8s-run-bench")
            .setBaseImageLayersCache(work.resolve("jib-base-cache"))
            .setApplicationLayersCache(work.resolve("jib-app-cache")));
    Bench.log("from image: %s, a jlink JRE (%d files) and the %d shared libraries ldd lists for it", reference,
        files.size(), libraries.size());
    return registry + "/" + repository + "@" + container.getDigest();
  }
}
