package dev.k8srun.cluster;

import java.util.regex.Pattern;

/** Scrubs credentials from text that may reach the build log. */
final class Redactor {

  private static final Pattern[] SECRETS = {
    Pattern.compile("(?i)(authorization\\s*[:=]\\s*)(\\S+\\s+)?\\S+"),
    Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"),
    Pattern.compile("(?i)(basic\\s+)[A-Za-z0-9+/=]{8,}"),
    Pattern.compile(
        "(?i)((?:access_|id_|refresh_|oauth)?token[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',&]+"),
    Pattern.compile("(?i)(password[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',&]+"),
    Pattern.compile("(?i)(client-key-data[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',&]+"),
  };

  private Redactor() {}

  static String redact(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (Pattern secret : SECRETS) {
      result = secret.matcher(result).replaceAll("$1***");
    }
    return result;
  }
}
