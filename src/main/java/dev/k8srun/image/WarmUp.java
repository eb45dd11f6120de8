package dev.k8srun.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.image.json.ContainerConfigurationTemplate;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;

/**
 * Loads and initialises, on a second core, the classes the image build is about to need (jib's builder and
 * JSON mapping, TLS, compression, the output file's JSON), while the build thread works out the plan. A
 * fresh Maven JVM spends a good part of a small build's time loading classes; this takes it off the path.
 * Sends nothing, writes nothing, and any failure is ignored: the build itself reports real problems.
 */
final class WarmUp {

  private static final AtomicBoolean STARTED =
      new AtomicBoolean();

  private WarmUp() {}

  /** Starts the warm-up once per class loader; later calls do nothing. */
  static void startInBackground() {
    if (!STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread thread = new Thread(WarmUp::run, "k8s-run-image-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  private static void run() {
    try {
      JsonTemplateMapper.toUtf8String(new ContainerConfigurationTemplate()); // jib's JSON mapping, image.json's
      SSLContext.getDefault().createSSLEngine(); // TLS, used even for plain-HTTP registries' first attempt
      try (GZIPOutputStream gzip = new GZIPOutputStream(OutputStream.nullOutputStream())) {
        gzip.write(1);
      }
      Jib.fromScratch().toContainerBuildPlan();
      Containerizer.to(TarImage.at(Path.of("/nonexistent/k8s-run.tar")).named("warm-up"));
      for (String name : new String[] {
          "org.apache.commons.compress.archivers.tar.TarArchiveOutputStream",
          "com.google.api.client.http.apache.v2.ApacheHttpTransport",
          "com.google.cloud.tools.jib.builder.steps.StepsRunner",
          "com.google.cloud.tools.jib.cache.Cache"}) {
        Class.forName(name, true, WarmUp.class.getClassLoader());
      }
    } catch (Exception | LinkageError e) {
      // only a warm-up
    }
  }
}
