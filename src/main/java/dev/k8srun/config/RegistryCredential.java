package dev.k8srun.config;

import java.util.Objects;

/**
 * A username and password for one registry host, with where they came from (for messages). Never printed.
 *
 * @param username the user name
 * @param password the password or token
 * @param source where it was configured, e.g. {@code settings.xml <server> '127.0.0.1:5000'}
 */
public record RegistryCredential(String username, String password, String source) {

  public RegistryCredential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "RegistryCredential[username=" + username + ", password=****, source=" + source + "]";
  }
}
