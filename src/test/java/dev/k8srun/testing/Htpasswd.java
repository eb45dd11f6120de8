package dev.k8srun.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** An htpasswd file with one bcrypt entry: the only kind the distribution registry accepts. */
final class Htpasswd {

  private Htpasswd() {}

  static Path write(Path file, String user, String password) throws IOException {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    String hash = OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 6);
    Files.writeString(file, user + ":" + hash + "\n");
    return file;
  }
}
