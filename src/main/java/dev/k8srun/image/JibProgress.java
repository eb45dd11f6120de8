package dev.k8srun.image;

import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import dev.k8srun.config.Reporter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Listens to one jib build: its log goes to debug (warnings stay warnings), and it counts the blobs jib
 * uploaded and those the registry already had, for the one summary line per image.
 */
final class JibProgress implements Consumer<JibEvent> {

  private static final String PUSHING = "pushing blob ";
  /** jib's words for a blob the target registry already has ("Skipping push; ...", "Skipping pull; ..."). */
  private static final String EXISTS = "BLOB already exists on target registry";
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private final Reporter reporter;
  private final Map<String, Long> pushing = new ConcurrentHashMap<>();
  private final Set<String> skipped = ConcurrentHashMap.newKeySet();

  JibProgress(Reporter reporter) {
    this.reporter = reporter;
  }

  @Override
  public void accept(JibEvent event) {
    if (event instanceof ProgressEvent progress) {
      String description = progress.getAllocation().getDescription();
      Matcher digest = DIGEST.matcher(description);
      if (description.startsWith(PUSHING) && digest.find()) {
        pushing.putIfAbsent(digest.group(), progress.getAllocation().getAllocationUnits());
      }
    } else if (event instanceof LogEvent log) {
      String message = log.getMessage();
      Matcher digest = DIGEST.matcher(message);
      if (message.contains(EXISTS) && digest.find()) {
        skipped.add(digest.group());
      }
      boolean expected = message.contains("Attempting again with"); // the insecure opt-in at work
      switch (log.getLevel()) {
        case ERROR, WARN -> {
          if (expected) {
            reporter.debug("jib: " + message);
          } else {
            reporter.warn("jib: " + message);
          }
        }
        default -> reporter.debug("jib: " + message);
      }
    }
  }

  /** How many blobs were uploaded. */
  int uploadedBlobs() {
    return (int) pushing.keySet().stream().filter(d -> !skipped.contains(d)).count();
  }

  /** How many bytes were uploaded (compressed). */
  long uploadedBytes() {
    return pushing.entrySet().stream().filter(e -> !skipped.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
  }

  /** How many of the blobs jib looked at the registry already had. */
  int existingBlobs() {
    return skipped.size();
  }

  /** A short account, e.g. {@code 2 blobs uploaded (5.1 KiB), 3 already in the registry}. */
  String summary() {
    return uploadedBlobs() + " blob" + (uploadedBlobs() == 1 ? "" : "s") + " uploaded (" + bytes(uploadedBytes())
        + "), " + existingBlobs() + " already in the registry";
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format("%.1f KiB", bytes / 1024.0);
    }
    return String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }
}
