package dev.k8srun.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to write the manifest of one run. Immutable; lists and maps keep the order
 * given. Build one with {@link #builder(String, String)}.
 *
 * <p>Blank optional strings count as absent. {@code null} env values become empty strings (a POM's
 * {@code <EMPTY></EMPTY>} arrives as {@code null}).
 *
 * @param kind {@link WorkloadKind#POD} (default) or {@link WorkloadKind#JOB}
 * @param name the run name the user gave ({@code <name>}), or {@code null} to derive it from {@code
 *     artifactId}; a given name must already be a valid DNS-1123 label
 * @param artifactId the project's artifactId, the source of a derived name
 * @param version the project version, for the {@code app.kubernetes.io/version} label; {@code null}
 *     omits it
 * @param namespace the namespace, or {@code null} to leave it out of the manifest
 * @param image the full image reference, by digest when known
 * @param imagePullPolicy {@code Always}, {@code IfNotPresent}, {@code Never}, or {@code null} to
 *     omit
 * @param command the container's command, relative to {@code workingDir}, as the image's entrypoint
 * @param args the program arguments
 * @param workingDir the image's working directory, e.g. {@code /app}; {@code null} omits it
 * @param env environment variables in order
 * @param resourceRequests resource requests, e.g. {@code cpu: 500m}
 * @param resourceLimits resource limits, e.g. {@code memory: 1Gi}, {@code nvidia.com/gpu: 1}
 * @param serviceAccountName the service account, or {@code null}
 * @param imagePullSecrets names of image pull secrets
 * @param labels extra labels on the pod (and job)
 * @param annotations extra annotations on the pod (and job)
 * @param runAsUser the numeric user the container runs as; default {@value #DEFAULT_RUN_AS_USER}
 * @param restricted whether to add the restricted Pod Security Standard settings; default {@code
 *     true}
 * @param backoffLimit Job only: retries before the job fails; default 0
 * @param ttlSecondsAfterFinished Job only: seconds before a finished job is deleted, or {@code
 *     null}
 * @param activeDeadlineSeconds Job only: seconds the job may run, or {@code null}
 * @param fragment the user's YAML fragment, or {@code null} for none
 * @param fragmentExplicit whether the user configured {@code fragment}: a missing explicit fragment
 *     is an error, a missing default one ({@code src/main/k8s-run/pod.yaml}) is simply not used
 * @param output where to write the manifest, e.g. {@code target/k8s-run/pod.yaml}
 */
public record ManifestRequest(
    WorkloadKind kind,
    String name,
    String artifactId,
    String version,
    String namespace,
    String image,
    String imagePullPolicy,
    List<String> command,
    List<String> args,
    String workingDir,
    Map<String, String> env,
    Map<String, String> resourceRequests,
    Map<String, String> resourceLimits,
    String serviceAccountName,
    List<String> imagePullSecrets,
    Map<String, String> labels,
    Map<String, String> annotations,
    long runAsUser,
    boolean restricted,
    int backoffLimit,
    Integer ttlSecondsAfterFinished,
    Long activeDeadlineSeconds,
    Path fragment,
    boolean fragmentExplicit,
    Path output) {

  /** The uid the image is built to run as. */
  public static final long DEFAULT_RUN_AS_USER = 1000;

  /** The fragment used when the user configures none (relative to the project base directory). */
  public static final String DEFAULT_FRAGMENT = "src/main/k8s-run/pod.yaml";

  public ManifestRequest {
    kind = kind == null ? WorkloadKind.POD : kind;
    name = blankToNull(name);
    Objects.requireNonNull(artifactId, "artifactId");
    version = blankToNull(version);
    namespace = blankToNull(namespace);
    Objects.requireNonNull(image, "image");
    imagePullPolicy = blankToNull(imagePullPolicy);
    command = copy(command);
    args = copy(args);
    workingDir = blankToNull(workingDir);
    env = copyEnv(env);
    resourceRequests = copy(resourceRequests);
    resourceLimits = copy(resourceLimits);
    serviceAccountName = blankToNull(serviceAccountName);
    imagePullSecrets = copy(imagePullSecrets);
    labels = copy(labels);
    annotations = copy(annotations);
  }

  /** A builder with the defaults: Pod, restricted, uid 1000, backoffLimit 0, no fragment. */
  public static Builder builder(String artifactId, String image) {
    return new Builder(artifactId, image);
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static List<String> copy(List<String> list) {
    if (list == null) {
      return List.of();
    }
    for (String item : list) {
      Objects.requireNonNull(item, "list item");
    }
    return Collections.unmodifiableList(new ArrayList<>(list));
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  private static Map<String, String> copyEnv(Map<String, String> map) {
    Map<String, String> copy = new LinkedHashMap<>();
    if (map != null) {
      map.forEach((key, value) -> copy.put(key, value == null ? "" : value));
    }
    return Collections.unmodifiableMap(copy);
  }

  /** Builds a {@link ManifestRequest}; every setter accepts {@code null} for "not configured". */
  public static final class Builder {
    private WorkloadKind kind = WorkloadKind.POD;
    private String name;
    private String artifactId;
    private String version;
    private String namespace;
    private String image;
    private String imagePullPolicy;
    private List<String> command = List.of();
    private List<String> args = List.of();
    private String workingDir;
    private Map<String, String> env = Map.of();
    private Map<String, String> resourceRequests = Map.of();
    private Map<String, String> resourceLimits = Map.of();
    private String serviceAccountName;
    private List<String> imagePullSecrets = List.of();
    private Map<String, String> labels = Map.of();
    private Map<String, String> annotations = Map.of();
    private long runAsUser = DEFAULT_RUN_AS_USER;
    private boolean restricted = true;
    private int backoffLimit;
    private Integer ttlSecondsAfterFinished;
    private Long activeDeadlineSeconds;
    private Path fragment;
    private boolean fragmentExplicit;
    private Path output;

    private Builder(String artifactId, String image) {
      this.artifactId = artifactId;
      this.image = image;
    }

    private Builder(ManifestRequest r) {
      kind = r.kind;
      name = r.name;
      artifactId = r.artifactId;
      version = r.version;
      namespace = r.namespace;
      image = r.image;
      imagePullPolicy = r.imagePullPolicy;
      command = r.command;
      args = r.args;
      workingDir = r.workingDir;
      env = r.env;
      resourceRequests = r.resourceRequests;
      resourceLimits = r.resourceLimits;
      serviceAccountName = r.serviceAccountName;
      imagePullSecrets = r.imagePullSecrets;
      labels = r.labels;
      annotations = r.annotations;
      runAsUser = r.runAsUser;
      restricted = r.restricted;
      backoffLimit = r.backoffLimit;
      ttlSecondsAfterFinished = r.ttlSecondsAfterFinished;
      activeDeadlineSeconds = r.activeDeadlineSeconds;
      fragment = r.fragment;
      fragmentExplicit = r.fragmentExplicit;
      output = r.output;
    }

    public Builder kind(WorkloadKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder artifactId(String artifactId) {
      this.artifactId = artifactId;
      return this;
    }

    public Builder version(String version) {
      this.version = version;
      return this;
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    public Builder image(String image) {
      this.image = image;
      return this;
    }

    public Builder imagePullPolicy(String imagePullPolicy) {
      this.imagePullPolicy = imagePullPolicy;
      return this;
    }

    public Builder command(List<String> command) {
      this.command = command;
      return this;
    }

    public Builder args(List<String> args) {
      this.args = args;
      return this;
    }

    public Builder workingDir(String workingDir) {
      this.workingDir = workingDir;
      return this;
    }

    public Builder env(Map<String, String> env) {
      this.env = env;
      return this;
    }

    public Builder resourceRequests(Map<String, String> resourceRequests) {
      this.resourceRequests = resourceRequests;
      return this;
    }

    public Builder resourceLimits(Map<String, String> resourceLimits) {
      this.resourceLimits = resourceLimits;
      return this;
    }

    public Builder serviceAccountName(String serviceAccountName) {
      this.serviceAccountName = serviceAccountName;
      return this;
    }

    public Builder imagePullSecrets(List<String> imagePullSecrets) {
      this.imagePullSecrets = imagePullSecrets;
      return this;
    }

    public Builder labels(Map<String, String> labels) {
      this.labels = labels;
      return this;
    }

    public Builder annotations(Map<String, String> annotations) {
      this.annotations = annotations;
      return this;
    }

    /**
     * The numeric uid; {@code null} keeps the default {@value ManifestRequest#DEFAULT_RUN_AS_USER}.
     */
    public Builder runAsUser(Long runAsUser) {
      this.runAsUser = runAsUser == null ? DEFAULT_RUN_AS_USER : runAsUser;
      return this;
    }

    public Builder restricted(boolean restricted) {
      this.restricted = restricted;
      return this;
    }

    /** Job only; {@code null} keeps the default 0. */
    public Builder backoffLimit(Integer backoffLimit) {
      this.backoffLimit = backoffLimit == null ? 0 : backoffLimit;
      return this;
    }

    public Builder ttlSecondsAfterFinished(Integer ttlSecondsAfterFinished) {
      this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
      return this;
    }

    public Builder activeDeadlineSeconds(Long activeDeadlineSeconds) {
      this.activeDeadlineSeconds = activeDeadlineSeconds;
      return this;
    }

    /**
     * The user's fragment.
     *
     * @param fragment the file, or {@code null} for none
     * @param explicit whether the user configured it (then it must exist)
     */
    public Builder fragment(Path fragment, boolean explicit) {
      this.fragment = fragment;
      this.fragmentExplicit = explicit;
      return this;
    }

    public Builder output(Path output) {
      this.output = output;
      return this;
    }

    public ManifestRequest build() {
      return new ManifestRequest(
          kind,
          name,
          artifactId,
          version,
          namespace,
          image,
          imagePullPolicy,
          command,
          args,
          workingDir,
          env,
          resourceRequests,
          resourceLimits,
          serviceAccountName,
          imagePullSecrets,
          labels,
          annotations,
          runAsUser,
          restricted,
          backoffLimit,
          ttlSecondsAfterFinished,
          activeDeadlineSeconds,
          fragment,
          fragmentExplicit,
          output);
    }
  }
}
