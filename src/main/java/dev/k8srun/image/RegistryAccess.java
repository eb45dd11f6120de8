package dev.k8srun.image;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.registry.RegistryClient;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.k8srun.config.RegistryCredential;
import dev.k8srun.config.Reporter;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Credentials and questions for registries, and the translation of what goes wrong with them into one message
 * that says which registry, what happened and what to do. Messages never hold a password, token or header.
 */
final class RegistryAccess implements AutoCloseable {

  private final Map<String, RegistryCredential> configured;
  private final boolean allowInsecure;
  private final Consumer<LogEvent> jibLog;
  /** Authenticated clients by registry and repository, for this build. */
  private final Map<String, RegistryClient> clients = new java.util.HashMap<>();
  /** Credentials found per registry host (null: none), for this build. */
  private final Map<String, Credential> credentials = new java.util.HashMap<>();
  private FailoverHttpClient http;
  /** Which source gave the credential last used per registry, for messages. */
  private final Map<String, String> credentialSource = new ConcurrentHashMap<>();

  RegistryAccess(Map<String, RegistryCredential> configured, boolean allowInsecure, Reporter reporter) {
    this.configured = configured;
    this.allowInsecure = allowInsecure;
    this.jibLog = event -> reporter.debug("jib: " + event.getMessage());
  }

  /** A jib registry image with every credential source, in order: settings.xml, Docker config, helpers. */
  RegistryImage image(ImageReference reference) {
    RegistryImage image = RegistryImage.named(reference);
    retrievers(reference).forEach(image::addCredentialRetriever);
    return image;
  }

  private List<CredentialRetriever> retrievers(ImageReference reference) {
    String registry = reference.getRegistry();
    CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(reference, jibLog);
    List<CredentialRetriever> retrievers = new ArrayList<>();
    RegistryCredential credential = configured.get(registry);
    if (credential != null) {
      retrievers.add(remembering(registry, credential.source(),
          factory.known(Credential.from(credential.username(), credential.password()), credential.source())));
    }
    String dockerConfig = System.getenv("DOCKER_CONFIG");
    if (dockerConfig != null && !dockerConfig.isBlank()) {
      retrievers.add(remembering(registry, "Docker config in $DOCKER_CONFIG",
          factory.dockerConfig(Path.of(dockerConfig, "config.json"))));
    }
    retrievers.add(remembering(registry, "Docker config (~/.docker/config.json)", factory.dockerConfig()));
    retrievers.add(remembering(registry, "a Docker credential helper", factory.wellKnownCredentialHelpers()));
    retrievers.add(remembering(registry, "Google application default credentials",
        factory.googleApplicationDefaultCredentials()));
    return retrievers;
  }

  private CredentialRetriever remembering(String registry, String source, CredentialRetriever retriever) {
    return () -> {
      Optional<Credential> credential = retriever.retrieve();
      credential.ifPresent(c -> credentialSource.put(registry, source));
      return credential;
    };
  }

  /**
   * The digest of a tag in the registry, or empty when the registry does not have it. One manifest request.
   */
  Optional<String> digestOf(ImageReference reference) throws RegistryAccessException, ImageBuildException {
    try {
      return client(reference).checkManifest(reference.getQualifier()).map(m -> m.getDigest().toString());
    } catch (RegistryException | IOException | CredentialRetrievalException e) {
      throw fail(reference, e);
    }
  }

  /**
   * One authenticated client per repository for the whole build, over one HTTP client: a second question to
   * the same registry costs one request, not another TLS attempt, fallback and authentication.
   */
  private RegistryClient client(ImageReference reference)
      throws RegistryException, IOException, CredentialRetrievalException {
    String key = reference.getRegistry() + "/" + reference.getRepository();
    RegistryClient cached = clients.get(key);
    if (cached != null) {
      return cached;
    }
    RegistryClient client = newClient(reference);
    if (!client.doPullBearerAuth() && credentialOf(reference) != null) {
      client.configureBasicAuth();
    }
    clients.put(key, client);
    return client;
  }

  /**
   * A client of the repository allowed to push, for this build: with a registry that hands out tokens, a token
   * for push; else the credentials as basic authentication.
   */
  RegistryClient pushClient(ImageReference reference)
      throws RegistryException, IOException, CredentialRetrievalException {
    String key = "push " + reference.getRegistry() + "/" + reference.getRepository();
    RegistryClient cached = clients.get(key);
    if (cached != null) {
      return cached;
    }
    RegistryClient client = newClient(reference);
    if (!client.doPushBearerAuth() && credentialOf(reference) != null) {
      client.configureBasicAuth();
    }
    clients.put(key, client);
    return client;
  }

  private RegistryClient newClient(ImageReference reference) throws CredentialRetrievalException {
    if (http == null) {
      http = probeClient();
    }
    return RegistryClient.factory(EventHandlers.NONE, reference.getRegistry(), reference.getRepository(), http)
        .setCredential(credentialOf(reference))
        .newRegistryClient();
  }

  /** The first credential any source gives for the registry, looked up once per build. */
  private Credential credentialOf(ImageReference reference) throws CredentialRetrievalException {
    String registry = reference.getRegistry();
    if (!credentials.containsKey(registry)) {
      Credential credential = null;
      for (CredentialRetriever retriever : retrievers(reference)) {
        Optional<Credential> found = retriever.retrieve();
        if (found.isPresent()) {
          credential = found.get();
          break;
        }
      }
      credentials.put(registry, credential);
    }
    return credentials.get(registry);
  }

  /** Closes the HTTP client of {@link #digestOf}, if one was opened. */
  @Override
  public void close() {
    if (http != null) {
      try {
        http.shutDown();
      } catch (IOException e) {
        jibLog.accept(LogEvent.debug("closing the HTTP client: " + e));
      }
    }
  }


  /**
   * An HTTP client for the one-request questions asked before jib runs. Unlike jib's own, it does not retry
   * failed connections with back-off for a minute: a registry that speaks plain HTTP without the opt-in, or
   * that does not answer, is reported at once. (jib's constructor without retries is not public; when it
   * cannot be had, the retrying one still works, only slower to fail.)
   */
  private FailoverHttpClient probeClient() {
    try {
      Constructor<FailoverHttpClient> withoutRetry = FailoverHttpClient.class.getDeclaredConstructor(
          boolean.class, boolean.class, Consumer.class, boolean.class);
      withoutRetry.setAccessible(true);
      return withoutRetry.newInstance(allowInsecure, false, jibLog, false);
    } catch (ReflectiveOperationException | RuntimeException e) {
      jibLog.accept(LogEvent.debug("jib's HTTP client without retries is not available: " + e));
      return new FailoverHttpClient(allowInsecure, false, jibLog);
    }
  }

  /**
   * Throws what went wrong with a registry as one user-facing exception: a {@link RegistryAccessException}
   * when the registry could not be used as configured, else an {@link ImageBuildException}.
   */
  RuntimeException fail(ImageReference reference, Throwable error)
      throws RegistryAccessException, ImageBuildException {
    RegistryAccessException failure = failure(reference, error);
    if (failure != null) {
      throw failure;
    }
    throw new ImageBuildException("Talking to registry " + reference.getRegistry() + " about " + reference
        + " failed: " + error, error);
  }

  private RegistryAccessException failure(ImageReference reference, Throwable error) {
    String registry = reference.getRegistry();
    String where = "registry " + registry + " (image " + reference + ")";
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof InsecureRegistryException || cause instanceof SSLException) {
        return new RegistryAccessException(
            "Cannot use " + where + " over a verified HTTPS connection: it speaks plain HTTP or has an"
                + " untrusted certificate. If you trust it (a local or test registry), set"
                + " <allowInsecureRegistries>true</allowInsecureRegistries> or -Dk8s-run.allowInsecureRegistries=true.",
            error);
      }
      if (cause instanceof RegistryCredentialsNotSentException) {
        return new RegistryAccessException(
            "The " + where + " asks for credentials, but they are not sent over plain HTTP. Serve the"
                + " registry over HTTPS, or for a test registry start it without authentication.",
            error);
      }
      if (cause instanceof RegistryUnauthorizedException || cause instanceof RegistryAuthenticationFailedException) {
        String source = credentialSource.get(registry);
        String fix = source == null
            ? "No credentials were found for " + registry + ": add a <server> with <id>" + registry
                + "</id> to ~/.m2/settings.xml, or run 'docker login " + registry + "'."
            : "The credentials came from " + source + ": check the user name and password there (or 'docker login "
                + registry + "' again), and that this user may push to " + reference.getRepository() + ".";
        return new RegistryAccessException("The " + where + " refused access. " + fix, error);
      }
      if (cause instanceof UnknownHostException) {
        return new RegistryAccessException(
            "Cannot reach " + where + ": the host name does not resolve. Check the registry in <image>"
                + " (-Dk8s-run.image) or <from>.",
            error);
      }
      if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
          || cause instanceof SocketTimeoutException) {
        return new RegistryAccessException(
            "Cannot reach " + where + ": " + describe(cause) + ". Check that the registry is running and that"
                + " <image> (-Dk8s-run.image) or <from> names the right host and port.",
            error);
      }
    }
    if (error instanceof RegistryException) {
      return new RegistryAccessException(
          "The " + where + " answered with an error: " + error.getMessage(), error);
    }
    return null;
  }

  private static String describe(Throwable cause) {
    if (cause instanceof SocketTimeoutException) {
      return "no answer in time";
    }
    String message = cause.getMessage();
    return message != null && message.toLowerCase().contains("refused") ? "connection refused" : String.valueOf(message);
  }
}
