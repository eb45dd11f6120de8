package dev.k8srun.manifest;

import dev.k8srun.config.Reporter;
import java.util.ArrayList;
import java.util.List;

/** Collects what the code under test reports. */
final class RecordingReporter implements Reporter {

  final List<String> infos = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();
  final List<String> debugs = new ArrayList<>();

  @Override
  public void info(String message) {
    infos.add(message);
  }

  @Override
  public void warn(String message) {
    warnings.add(message);
  }

  @Override
  public void debug(String message) {
    debugs.add(message);
  }

  /** Everything, in one list: info, then warnings, then debug. */
  List<String> all() {
    List<String> all = new ArrayList<>(infos);
    all.addAll(warnings);
    all.addAll(debugs);
    return all;
  }
}
