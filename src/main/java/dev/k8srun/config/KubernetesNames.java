package dev.k8srun.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Kubernetes naming rules: derives valid names and label values from any string, and checks names
 * the user gave.
 *
 * <p>Derived values never lose their identity when they are too long: a value longer than 63
 * characters is cut and ends with {@code -} and the first {@value #HASH_LENGTH} hex digits of the
 * SHA-256 of the whole original, so two long inputs that differ only after the cut stay distinct.
 */
public final class KubernetesNames {

  /** The longest DNS-1123 label and the longest label value. */
  public static final int MAX_LABEL_LENGTH = 63;

  /** The longest DNS-1123 subdomain (service account names, secret names). */
  public static final int MAX_SUBDOMAIN_LENGTH = 253;

  static final int HASH_LENGTH = 8;

  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
  private static final Pattern NOT_LABEL_CHARS = Pattern.compile("[^a-z0-9]+");
  private static final Pattern NOT_LABEL_VALUE_CHARS = Pattern.compile("[^-A-Za-z0-9_.]+");

  private KubernetesNames() {}

  /**
   * Derives a DNS-1123 label: lower case, each run of characters other than {@code [a-z0-9]}
   * becomes one {@code -}, no {@code -} at either end, at most 63 characters (cut with a hash
   * suffix).
   *
   * @param source any string, e.g. an artifactId such as {@code JKubeResource} or {@code
   *     final_assignment}
   * @return e.g. {@code jkuberesource}, {@code final-assignment}
   * @throws IllegalArgumentException when {@code source} has no letter or digit in {@code
   *     [A-Za-z0-9]}
   */
  public static String toDns1123Label(String source) {
    String lower = source.toLowerCase(Locale.ROOT);
    String label = trimNonAlphanumeric(NOT_LABEL_CHARS.matcher(lower).replaceAll("-"));
    if (label.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + source + "' has no letter or digit to make a Kubernetes name from");
    }
    return cut(label, source);
  }

  /**
   * Derives a DNS-1123 label from {@code source} and reports a source without a letter or digit as
   * {@link InvalidNameException}.
   *
   * @param parameter where the source came from and where to set a name instead, e.g. {@code
   *     <name>}
   */
  public static String toDns1123Label(String source, String parameter) throws InvalidNameException {
    try {
      return toDns1123Label(source);
    } catch (IllegalArgumentException e) {
      throw new InvalidNameException(
          parameter,
          source,
          null,
          "Cannot derive a Kubernetes name from '"
              + source
              + "': it has no letter or digit; set one with "
              + parameter
              + ".");
    }
  }

  /**
   * Derives a label value: case kept, each run of characters other than {@code [-A-Za-z0-9_.]}
   * becomes one {@code -}, alphanumeric at both ends, at most 63 characters (cut with a hash
   * suffix). May return the empty string, which is a valid label value.
   *
   * @param source e.g. {@code 1.2.3+build.7}
   * @return e.g. {@code 1.2.3-build.7}
   */
  public static String toLabelValue(String source) {
    String value = NOT_LABEL_VALUE_CHARS.matcher(source).replaceAll("-");
    value = trimNonAlphanumeric(value);
    return value.isEmpty() ? value : cut(value, source);
  }

  /**
   * Whether {@code name} is a DNS-1123 label: {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?}, at most 63
   * long.
   */
  public static boolean isDns1123Label(String name) {
    return name != null
        && name.length() <= MAX_LABEL_LENGTH
        && DNS_1123_LABEL.matcher(name).matches();
  }

  /** Whether {@code name} is a DNS-1123 subdomain: dot-separated labels, at most 253 long. */
  public static boolean isDns1123Subdomain(String name) {
    return name != null
        && name.length() <= MAX_SUBDOMAIN_LENGTH
        && DNS_1123_SUBDOMAIN.matcher(name).matches();
  }

  /** Whether {@code value} is a valid label value (possibly empty). */
  public static boolean isLabelValue(String value) {
    return value != null
        && value.length() <= MAX_LABEL_LENGTH
        && LABEL_VALUE.matcher(value).matches();
  }

  /**
   * Whether {@code key} is a valid label or annotation key: an optional DNS-1123 subdomain prefix
   * and {@code /}, then a name of at most 63 characters {@code
   * [A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?}.
   */
  public static boolean isQualifiedName(String key) {
    if (key == null) {
      return false;
    }
    int slash = key.indexOf('/');
    String name = key.substring(slash + 1);
    if (slash >= 0 && !isDns1123Subdomain(key.substring(0, slash))) {
      return false;
    }
    return !name.isEmpty() && isLabelValue(name);
  }

  /**
   * Checks a DNS-1123 label the user gave explicitly. Names the user gave are never changed
   * silently: a bad one is an error that suggests a valid one.
   *
   * @param what what the name names, for the message, e.g. {@code run name}
   * @param parameter where the user set it, e.g. {@code <name> (-Dk8s-run.name)}
   */
  public static String requireDns1123Label(String name, String what, String parameter)
      throws InvalidNameException {
    if (isDns1123Label(name)) {
      return name;
    }
    String suggestion = suggest(name);
    throw new InvalidNameException(
        parameter,
        name,
        suggestion,
        "The "
            + what
            + " '"
            + name
            + "' in "
            + parameter
            + " is not a valid Kubernetes name ("
            + labelProblem(name)
            + "): use at most 63 lower-case letters, digits and '-', starting and ending with a"
            + " letter or digit"
            + (suggestion == null ? "." : ", for example '" + suggestion + "'."));
  }

  /** What is wrong with a name that is not a DNS-1123 label, as a phrase. */
  static String labelProblem(String name) {
    if (name.isEmpty()) {
      return "it is empty";
    }
    if (name.length() > MAX_LABEL_LENGTH) {
      return "it is " + name.length() + " characters long, more than 63";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        return c >= 'A' && c <= 'Z'
            ? "it contains the upper-case letter '" + c + "'"
            : "it contains the character '" + c + "'";
      }
    }
    return "it starts or ends with '-'";
  }

  private static String suggest(String name) {
    try {
      return toDns1123Label(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String cut(String value, String original) {
    if (value.length() <= MAX_LABEL_LENGTH) {
      return value;
    }
    String hash = sha256Hex(original).substring(0, HASH_LENGTH);
    String head = value.substring(0, MAX_LABEL_LENGTH - HASH_LENGTH - 1);
    return trimNonAlphanumeric(head) + "-" + hash;
  }

  private static String trimNonAlphanumeric(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && !isAsciiAlphanumeric(value.charAt(start))) {
      start++;
    }
    while (end > start && !isAsciiAlphanumeric(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(start, end);
  }

  private static boolean isAsciiAlphanumeric(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  private static String sha256Hex(String value) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
