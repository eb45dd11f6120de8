package dev.k8srun.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A SHA-256 over a sequence of labelled values: the key of an image's inputs. */
final class Fingerprint {

  private final MessageDigest digest;

  Fingerprint(String kind) {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    add("kind", kind);
  }

  /** Adds one labelled value; labels and values are delimited so that no two sequences collide. */
  Fingerprint add(String label, Object value) {
    String line = label + "=" + String.valueOf(value).replace("\\", "\\\\").replace("\n", "\\n") + "\n";
    digest.update(line.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Adds a file's bytes (for the project's own, small files). */
  Fingerprint addContent(String label, Path file) throws IOException {
    add(label, Files.size(file));
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return this;
  }

  String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
