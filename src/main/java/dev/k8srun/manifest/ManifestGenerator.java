package dev.k8srun.manifest;

import dev.k8srun.config.InvalidValueException;
import dev.k8srun.config.ManifestRequest;
import dev.k8srun.config.Reporter;
import dev.k8srun.config.WorkloadKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Generates the manifest of a run: a {@code v1} Pod or a {@code batch/v1} Job running the built
 * image with its relative command, safe by default (restricted Pod Security Standard), with the
 * user's fragment merged over it (maps merge deeply, the fragment's fields win, containers and
 * other named lists merge by name), written as YAML that a YAML 1.1 reader reads as meant (see
 * {@link ManifestYaml}).
 *
 * <p>The same request (and fragment) always gives byte-identical YAML.
 */
public final class ManifestGenerator {

  private final Reporter reporter;

  public ManifestGenerator(Reporter reporter) {
    this.reporter = Objects.requireNonNull(reporter, "reporter");
  }

  /**
   * Generates the manifest and writes it to {@link ManifestRequest#output()}, creating its
   * directory.
   *
   * @throws InvalidValueException for a bad configured value ({@link
   *     dev.k8srun.config.InvalidNameException} for a bad name)
   * @throws FragmentException when the fragment is missing (if configured), not valid YAML, or sets
   *     a field k8s-run owns
   * @throws IOException when a file cannot be read or written
   */
  public ManifestResult write(ManifestRequest request)
      throws InvalidValueException, FragmentException, IOException {
    Objects.requireNonNull(request.output(), "request.output");
    Generated generated = generate(request);
    Path output = request.output();
    writeAtomically(output, generated.yaml());
    ManifestResult result =
        new ManifestResult(
            output,
            request.kind(),
            generated.name(),
            generated.namespace(),
            generated.runLabel(),
            generated.yaml());
    reporter.info(
        "Wrote "
            + request.kind().kindName()
            + " manifest "
            + output
            + " ("
            + request.kind().resourceName()
            + "/"
            + result.name()
            + (result.namespace() == null ? "" : " in namespace " + result.namespace())
            + ")");
    return result;
  }

  /**
   * Generates the manifest without writing it.
   *
   * @return the YAML text
   * @throws InvalidValueException for a bad configured value
   * @throws FragmentException for a bad fragment
   * @throws IOException when the fragment cannot be read
   */
  public String render(ManifestRequest request)
      throws InvalidValueException, FragmentException, IOException {
    return generate(request).yaml();
  }

  private Generated generate(ManifestRequest request)
      throws InvalidValueException, FragmentException, IOException {
    RunNames names = RequestValidator.validate(request);
    Map<String, Object> manifest = ManifestBuilder.build(request, names);
    Path fragment = fragmentToUse(request);
    if (fragment != null) {
      mergeFragment(manifest, fragment, request.kind(), names.runName());
      if (request.restricted()) {
        warnIfNotRestricted(manifest, request.kind(), fragment);
      }
    }
    Map<String, Object> metadata = FragmentShape.map(manifest.get("metadata"));
    String namespace = (String) metadata.get("namespace");
    return new Generated(
        (String) metadata.get("name"), namespace, names.runName(), ManifestYaml.dump(manifest));
  }

  private Path fragmentToUse(ManifestRequest request) throws FragmentException {
    Path fragment = request.fragment();
    if (fragment == null) {
      return null;
    }
    if (Files.isRegularFile(fragment)) {
      return fragment;
    }
    if (request.fragmentExplicit() || Files.exists(fragment)) {
      throw new FragmentException(
          fragment,
          "The fragment "
              + fragment
              + " configured in <fragment> (-Dk8s-run.fragment) "
              + (Files.exists(fragment) ? "is not a file" : "does not exist")
              + ": create it, correct the path, or remove <fragment> to use none.");
    }
    reporter.debug("No fragment at " + fragment + ": using the generated manifest as it is.");
    return null;
  }

  private void mergeFragment(
      Map<String, Object> manifest, Path file, WorkloadKind kind, String runName)
      throws FragmentException, IOException {
    Map<String, Object> fragment = new FragmentReader(reporter).read(file);
    FragmentShape shape = new FragmentShape(file, kind, runName);
    Map<String, Object> overlay = shape.overlay(fragment);
    shape.checkContainers(overlay);
    new FragmentMerger(file, runName, reporter).merge(manifest, overlay);
    shape.checkMerged(manifest);
    reporter.debug("Merged the fragment " + file + ".");
  }

  private void warnIfNotRestricted(Map<String, Object> manifest, WorkloadKind kind, Path fragment) {
    Map<String, Object> spec = FragmentShape.map(manifest.get("spec"));
    String prefix = "spec.";
    if (kind == WorkloadKind.JOB) {
      spec = FragmentShape.map(FragmentShape.map(spec.get("template")).get("spec"));
      prefix = "spec.template.spec.";
    }
    List<String> violations = RestrictedPodSecurity.violations(spec);
    if (!violations.isEmpty()) {
      reporter.warn(
          "The fragment "
              + fragment
              + " breaks the restricted Pod Security Standard, so a namespace enforcing it will"
              + " refuse the pod: "
              + prefix
              + String.join("; " + prefix, violations)
              + ". Fix the fragment, or set <restricted>false</restricted> if the namespace allows"
              + " it.");
    }
  }

  private static void writeAtomically(Path output, String yaml) throws IOException {
    Path directory = output.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    // Not createTempFile: its mode is 600, and the manifest is read by other tools and users (644 by umask).
    Path temporary =
        directory.resolve(
            output.getFileName() + "." + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId() + ".tmp");
    try {
      Files.writeString(temporary, yaml, StandardCharsets.UTF_8);
      try {
        Files.move(
            temporary, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private record Generated(String name, String namespace, String runLabel, String yaml) {}
}
