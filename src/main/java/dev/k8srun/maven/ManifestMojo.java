package dev.k8srun.maven;

import dev.k8srun.config.ImageRequest;
import dev.k8srun.image.ImageBuilder;
import dev.k8srun.image.ImageConfigurationException;
import dev.k8srun.image.ImagePlan;
import dev.k8srun.image.ImageResult;
import java.io.IOException;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Writes the pod manifest {@code target/k8s-run/pod.yaml} alone: no registry, no cluster. The image is named
 * by the digest of the last build when {@code image.json} holds the same image, else by its tag.
 */
@Mojo(name = "manifest", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class ManifestMojo extends AbstractRunMojo {

  /** Skips this goal only. */
  @Parameter(property = "k8s-run.manifest.skip", defaultValue = "false")
  private boolean skipManifest;

  @Inject
  public ManifestMojo(SettingsDecrypter settingsDecrypter) {
    super(settingsDecrypter);
  }

  @Override
  protected String goal() {
    return "manifest";
  }

  @Override
  protected boolean goalSkip() {
    return skipManifest;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    ImageRequest request = imageRequest();
    ImagePlan plan;
    try {
      plan = new ImageBuilder(reporter()).plan(request);
    } catch (ImageConfigurationException e) {
      throw MojoErrors.failure(e);
    } catch (IOException e) {
      throw MojoErrors.error("Cannot read the project's classes: " + e.getMessage(), e);
    }
    String target = plan.target().toString();
    Optional<ImageResult> built = builtInThisInvocation()
        .or(() -> ImageResult.read(outputDirectory.toPath()))
        .filter(result -> result.image().equals(target) && result.command().equals(plan.command()));
    String image = built.map(ImageResult::reference).orElse(target);
    if (built.isEmpty()) {
      getLog().info("No build of " + target + " recorded yet: the manifest names the image by tag");
    }
    if (!request.toRegistry()) {
      getLog().info("No <image> is set: the manifest names the local image " + target + ", which a cluster"
          + " runs only once loaded into its nodes (kind load image-archive) with <imagePullPolicy>Never");
    }
    writeManifest(manifestRequest(image, plan.command(), plan.workingDirectory()));
  }
}
