package dev.k8srun.manifest;

import dev.k8srun.config.InvalidNameException;
import dev.k8srun.config.InvalidValueException;
import dev.k8srun.config.KubernetesNames;
import dev.k8srun.config.Labels;
import dev.k8srun.config.ManifestRequest;
import dev.k8srun.config.WorkloadKind;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a request before anything is generated, so a bad value is a clear error here and not a
 * rejected apply later. Names the user gave are checked, never changed; names derived from the
 * artifactId are sanitized.
 */
final class RequestValidator {

  static final String NAME_PARAMETER = "<name> (-Dk8s-run.name)";

  private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

  /** A Kubernetes resource quantity, e.g. {@code 500m}, {@code 1Gi}, {@code 1.5}, {@code 2e3}. */
  private static final Pattern QUANTITY =
      Pattern.compile(
          "[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE])?");

  /** Label keys that k8s-run sets itself and later goals rely on. */
  private static final Set<String> RESERVED_LABELS = Set.of(Labels.RUN, Labels.MANAGED_BY);

  private RequestValidator() {}

  /**
   * Checks the request and works out its names.
   *
   * @throws InvalidNameException for an invalid name the user gave, or an artifactId with no letter
   *     or digit
   * @throws InvalidValueException for any other bad value
   */
  static RunNames validate(ManifestRequest request) throws InvalidValueException {
    String runName =
        request.name() != null
            ? KubernetesNames.requireDns1123Label(request.name(), "run name", NAME_PARAMETER)
            : KubernetesNames.toDns1123Label(request.artifactId(), NAME_PARAMETER);
    if (request.namespace() != null) {
      KubernetesNames.requireDns1123Label(
          request.namespace(), "namespace", "<namespace> (-Dk8s-run.namespace)");
    }
    checkSubdomain(request.serviceAccountName(), "service account", "<serviceAccountName>");
    for (String secret : request.imagePullSecrets()) {
      checkSubdomain(secret, "image pull secret", "<imagePullSecrets>");
    }
    checkPullPolicy(request.imagePullPolicy());
    checkEnv(request.env());
    checkQuantities(request.resourceRequests(), "<resources><requests>");
    checkQuantities(request.resourceLimits(), "<resources><limits>");
    checkLabels(request.labels());
    checkAnnotations(request.annotations());
    checkSecurity(request);
    if (request.kind() == WorkloadKind.JOB) {
      checkJob(request);
    }
    String version =
        request.version() == null ? null : KubernetesNames.toLabelValue(request.version());
    return new RunNames(runName, version == null || version.isEmpty() ? null : version);
  }

  private static void checkSubdomain(String name, String what, String parameter)
      throws InvalidNameException {
    if (name != null && !KubernetesNames.isDns1123Subdomain(name)) {
      throw new InvalidNameException(
          parameter,
          name,
          null,
          "The "
              + what
              + " name '"
              + name
              + "' in "
              + parameter
              + " is not a valid Kubernetes name: use lower-case letters, digits, '-' and '.',"
              + " starting and ending with a letter or digit, at most 253 characters.");
    }
  }

  private static void checkPullPolicy(String policy) throws InvalidValueException {
    if (policy != null && !PULL_POLICIES.contains(policy)) {
      throw new InvalidValueException(
          "<imagePullPolicy>",
          policy,
          "The image pull policy '"
              + policy
              + "' in <imagePullPolicy> / -Dk8s-run.imagePullPolicy is not one Kubernetes knows:"
              + " use Always, IfNotPresent or Never (as written, with the capitals).");
    }
  }

  private static void checkEnv(Map<String, String> env) throws InvalidValueException {
    for (String name : env.keySet()) {
      if (name == null || name.isBlank() || name.contains("=")) {
        throw new InvalidValueException(
            "<env>",
            name,
            "The environment variable name '"
                + name
                + "' in <env> is not valid: use a non-empty name without '=', such as JAVA_OPTS.");
      }
    }
  }

  private static void checkQuantities(Map<String, String> quantities, String parameter)
      throws InvalidValueException {
    for (Map.Entry<String, String> entry : quantities.entrySet()) {
      String resource = entry.getKey();
      if (resource == null || !KubernetesNames.isQualifiedName(resource)) {
        throw new InvalidValueException(
            parameter,
            resource,
            "The resource name '"
                + resource
                + "' in "
                + parameter
                + " is not valid: use a name such as cpu, memory or nvidia.com/gpu.");
      }
      String quantity = entry.getValue();
      if (quantity == null || !QUANTITY.matcher(quantity).matches()) {
        throw new InvalidValueException(
            parameter,
            quantity,
            "The quantity '"
                + quantity
                + "' for "
                + resource
                + " in "
                + parameter
                + " is not a Kubernetes quantity: use a number with an optional suffix and no"
                + " space, such as 500m, 2, 512Mi or 1Gi.");
      }
    }
  }

  private static void checkLabels(Map<String, String> labels) throws InvalidValueException {
    for (Map.Entry<String, String> entry : labels.entrySet()) {
      checkKey(entry.getKey(), "label", "<labels>");
      if (RESERVED_LABELS.contains(entry.getKey())) {
        throw new InvalidValueException(
            "<labels>",
            entry.getKey(),
            "The label "
                + entry.getKey()
                + " in <labels> is set by k8s-run itself, which needs it to find what a run"
                + " created: remove it from <labels> (set <name> to change the run name).");
      }
      String value = entry.getValue() == null ? "" : entry.getValue();
      if (!KubernetesNames.isLabelValue(value)) {
        String suggestion = KubernetesNames.toLabelValue(value);
        throw new InvalidValueException(
            "<labels>",
            value,
            "The value '"
                + value
                + "' of label "
                + entry.getKey()
                + " in <labels> is not a valid label value: use at most 63 letters, digits, '-',"
                + " '_' and '.', starting and ending with a letter or digit, for example '"
                + suggestion
                + "'.");
      }
    }
  }

  private static void checkAnnotations(Map<String, String> annotations)
      throws InvalidValueException {
    for (String key : annotations.keySet()) {
      checkKey(key, "annotation", "<annotations>");
    }
  }

  private static void checkKey(String key, String what, String parameter)
      throws InvalidValueException {
    if (!KubernetesNames.isQualifiedName(key)) {
      throw new InvalidValueException(
          parameter,
          key,
          "The "
              + what
              + " key '"
              + key
              + "' in "
              + parameter
              + " is not valid: use an optional DNS prefix and '/', then at most 63 letters,"
              + " digits, '-', '_' and '.', such as team or example.com/team.");
    }
  }

  private static void checkSecurity(ManifestRequest request) throws InvalidValueException {
    if (request.runAsUser() < 0) {
      throw new InvalidValueException(
          "<runAsUser>",
          String.valueOf(request.runAsUser()),
          "The user id "
              + request.runAsUser()
              + " in <runAsUser> (-Dk8s-run.runAsUser) is negative: use the numeric uid the image"
              + " runs as, such as 1000.");
    }
    if (request.runAsUser() == 0 && request.restricted()) {
      throw new InvalidValueException(
          "<runAsUser>",
          "0",
          "The user id 0 in <runAsUser> (-Dk8s-run.runAsUser) is root, which the restricted Pod"
              + " Security Standard forbids: use a non-zero uid such as 1000, or set"
              + " <restricted>false</restricted> if the namespace allows root.");
    }
  }

  private static void checkJob(ManifestRequest request) throws InvalidValueException {
    requireAtLeast(request.backoffLimit(), 0, "<backoffLimit>", "-Dk8s-run.backoffLimit");
    if (request.ttlSecondsAfterFinished() != null) {
      requireAtLeast(
          request.ttlSecondsAfterFinished(),
          0,
          "<ttlSecondsAfterFinished>",
          "-Dk8s-run.ttlSecondsAfterFinished");
    }
    if (request.activeDeadlineSeconds() != null) {
      requireAtLeast(
          request.activeDeadlineSeconds(),
          1,
          "<activeDeadlineSeconds>",
          "-Dk8s-run.activeDeadlineSeconds");
    }
  }

  private static void requireAtLeast(long value, long minimum, String parameter, String property)
      throws InvalidValueException {
    if (value < minimum) {
      throw new InvalidValueException(
          parameter,
          String.valueOf(value),
          "The value "
              + value
              + " of "
              + parameter
              + " ("
              + property
              + ") is too small: use "
              + minimum
              + " or more"
              + (minimum == 0 ? "." : ", or leave it unset for no limit."));
    }
  }
}
