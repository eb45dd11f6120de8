package dev.k8srun.maven;

import dev.k8srun.config.Reporter;
import org.apache.maven.plugin.logging.Log;

/** The core's {@link Reporter} on Maven's log. */
final class MavenReporter implements Reporter {

  private final Log log;

  MavenReporter(Log log) {
    this.log = log;
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }

  @Override
  public void debug(String message) {
    log.debug(message);
  }

  @Override
  public boolean isDebugEnabled() {
    return log.isDebugEnabled();
  }
}
