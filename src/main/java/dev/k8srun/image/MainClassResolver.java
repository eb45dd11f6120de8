package dev.k8srun.image;

import com.google.cloud.tools.jib.api.MainClassFinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Finds the class to run: the configured one, else the only class of the project with a {@code public static
 * void main(String[])}. Anything else is a clear error listing the candidates.
 */
public final class MainClassResolver {

  private static final Pattern BINARY_NAME =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
          + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

  private MainClassResolver() {}

  /**
   * The main class.
   *
   * @param configured the configured class, or {@code null}
   * @param origin where it was configured, for messages
   * @param classesDirectory the project's compiled classes
   * @param classpath the runtime dependencies (jars or directories), where a configured class may live too
   */
  public static String resolve(String configured, String origin, Path classesDirectory, List<Path> classpath)
      throws ImageConfigurationException, IOException {
    if (configured != null && !configured.isBlank()) {
      String name = configured.trim();
      if (!BINARY_NAME.matcher(name).matches()) {
        throw new ImageConfigurationException(
            "The main class '" + name + "' from " + origin + " is not a Java class name"
                + (name.contains("${") ? " (a property that was never defined?)" : "")
                + ". Set <mainClass> or -Dk8s-run.mainClass to a fully qualified class name such as com.example.Main.");
      }
      if (!exists(name, classesDirectory, classpath)) {
        throw new ImageConfigurationException(
            "The main class '" + name + "' from " + origin + " is neither in " + classesDirectory
                + " nor in a runtime dependency, so the pod would fail with ClassNotFoundException."
                + (Files.isDirectory(classesDirectory) ? " Check the name (fully qualified, nested classes with $)."
                    : " Compile the project first: run compile or package before the k8s-run goal"
                        + " (mvn compile k8s-run:manifest, mvn package k8s-run:build)."));
      }
      return name;
    }
    if (!Files.isDirectory(classesDirectory)) {
      throw new ImageConfigurationException(
          "No main class: " + classesDirectory + " does not exist, so there is no class to run. Compile the"
              + " project first: run compile or package before the k8s-run goal (mvn compile k8s-run:manifest,"
              + " mvn package k8s-run:build); if the class to run is in a dependency, set"
              + " <mainClass> / -Dk8s-run.mainClass.");
    }
    MainClassFinder.Result result = MainClassFinder.find(classFiles(classesDirectory), event -> {});
    switch (result.getType()) {
      case MAIN_CLASS_FOUND:
        return result.getFoundMainClass();
      case MULTIPLE_MAIN_CLASSES:
        List<String> candidates = result.getFoundMainClasses().stream().sorted().toList();
        throw new ImageConfigurationException(
            "Several classes have a main method: " + String.join(", ", candidates) + ". Choose one with"
                + " <mainClass>" + candidates.get(0) + "</mainClass> in the plugin's configuration, or"
                + " -Dk8s-run.mainClass=" + candidates.get(0) + ".");
      default:
        throw new ImageConfigurationException(
            "No main class: no class in " + classesDirectory + " has a public static void main(String[])."
                + " Add one, or set <mainClass> / -Dk8s-run.mainClass to the class to run.");
    }
  }

  /**
   * Whether the class is in the project's classes or on the classpath. The project's own classes are looked
   * at first, so the usual case opens no dependency jar.
   */
  private static boolean exists(String name, Path classesDirectory, List<Path> classpath) throws IOException {
    String file = name.replace('.', '/') + ".class";
    if (Files.isRegularFile(classesDirectory.resolve(file))) {
      return true;
    }
    for (Path entry : classpath) {
      if (Files.isDirectory(entry)) {
        if (Files.isRegularFile(entry.resolve(file))) {
          return true;
        }
      } else if (Files.isRegularFile(entry)) {
        try (ZipFile jar = new ZipFile(entry.toFile())) {
          if (jar.getEntry(file) != null) {
            return true;
          }
        } catch (ZipException e) {
          // not a jar: it cannot hold the class
        }
      }
    }
    return false;
  }

  private static List<Path> classFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(f -> f.toString().endsWith(".class") && Files.isRegularFile(f)).sorted().toList();
    }
  }
}
