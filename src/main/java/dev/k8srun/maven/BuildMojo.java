package dev.k8srun.maven;

import dev.k8srun.cluster.ClusterService;
import dev.k8srun.image.ImageBuilder;
import dev.k8srun.image.ImageResult;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Builds the base image (only when its inputs are new) and the thin update image with jib-core, pushes them
 * (or writes an image tarball when no {@code image} is set), and writes {@code target/k8s-run/image.json} and
 * the pod manifest {@code target/k8s-run/pod.yaml}.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.RUNTIME,
    threadSafe = true)
public class BuildMojo extends AbstractRunMojo {

  /** Skips this goal only. */
  @Parameter(property = "k8s-run.build.skip", defaultValue = "false")
  private boolean skipBuild;

  @Inject
  public BuildMojo(SettingsDecrypter settingsDecrypter) {
    super(settingsDecrypter);
  }

  @Override
  protected String goal() {
    return "build";
  }

  @Override
  protected boolean goalSkip() {
    return skipBuild;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    if ("pom".equals(project.getPackaging())) {
      getLog().info("Skipping k8s-run:build: a project with pom packaging has no code to run");
      return;
    }
    if (builtInThisInvocation().isPresent()) {
      getLog().info("Image already built in this invocation: " + builtInThisInvocation().get().reference());
      return;
    }
    ImageBuilder.warmUpInBackground();
    String deployContext = null;
    if (LifecycleFacts.deployFollows(session.getGoals(), project)) {
      // The Kubernetes client takes a fresh JVM about a second to load and connect: let it do so while the
      // image builds; the deploy takes the connection over.
      deployContext = LifecycleFacts.deployContext(project, session.getUserProperties());
      if (!PreparedClusters.has(session.getRequest(), deployContext)) {
        PreparedClusters.offer(session.getRequest(), new ClusterService(reporter()).prepare(deployContext));
      }
    }
    boolean built = false;
    try {
      checkManifestConfiguration();
      ImageResult result = buildImage();
      publish(result);
      writeManifest(result);
      built = true;
    } finally {
      if (deployContext != null && !built) {
        ClusterService.Prepared unused = PreparedClusters.take(session.getRequest(), deployContext);
        if (unused != null) {
          unused.close();
        }
      }
    }
  }
}
