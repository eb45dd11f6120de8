package dev.k8srun.image;

import dev.k8srun.config.Dependency;
import dev.k8srun.config.ImageRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each piece of the application goes under the working directory, and the classpath that names them.
 * Every path here is relative to the working directory: the command never holds an absolute path.
 *
 * <ul>
 *   <li>{@code classes/}: the project's classes and resources, as in {@code target/classes};
 *   <li>{@code libs/<file>}: each dependency, under its file name, or {@code <groupId>-<file>} when two
 *       dependencies share a file name;
 *   <li>{@code classpath}: the argument file holding the classpath (Java 9 and later).
 * </ul>
 */
public final class AppLayout {

  /** The classes directory, relative to the working directory. */
  public static final String CLASSES = "classes";
  /** The dependency directory, relative to the working directory. */
  public static final String LIBS = "libs";
  /** The classpath argument file, relative to the working directory. */
  public static final String CLASSPATH_FILE = "classpath";

  /**
   * One dependency and its place in the image.
   *
   * @param dependency the dependency
   * @param path its path relative to the working directory
   */
  public record Library(Dependency dependency, String path) {
    public boolean isDirectory() {
      return Files.isDirectory(dependency.file());
    }
  }

  private final List<Library> libraries;
  private final boolean hasClasses;

  private AppLayout(List<Library> libraries, boolean hasClasses) {
    this.libraries = List.copyOf(libraries);
    this.hasClasses = hasClasses;
  }

  /** Lays out the request's classes and dependencies. */
  public static AppLayout of(ImageRequest request) {
    return of(request.classesDirectory(), request.dependencies());
  }

  static AppLayout of(Path classesDirectory, List<Dependency> dependencies) {
    Map<String, Integer> nameCount = new HashMap<>();
    for (Dependency dependency : dependencies) {
      nameCount.merge(fileName(dependency), 1, Integer::sum);
    }
    List<Library> libraries = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (Dependency dependency : dependencies) {
      String name = fileName(dependency);
      if (nameCount.get(name) > 1) {
        name = dependency.groupId() + "-" + name;
      }
      String unique = name;
      for (int i = 2; !taken.add(unique); i++) {
        unique = i + "-" + name;
      }
      libraries.add(new Library(dependency, LIBS + "/" + unique));
    }
    return new AppLayout(libraries, Files.isDirectory(classesDirectory));
  }

  private static String fileName(Dependency dependency) {
    if (Files.isDirectory(dependency.file())) {
      // A reactor module that was compiled but not packaged: its classes directory.
      String classifier = dependency.classifier() == null ? "" : "-" + dependency.classifier();
      return dependency.artifactId() + "-" + dependency.version() + classifier;
    }
    return dependency.file().getFileName().toString();
  }

  /** All dependencies with their places, in classpath order. */
  public List<Library> libraries() {
    return libraries;
  }

  /** Released dependencies: they go into the base image. */
  public List<Library> stableLibraries() {
    return libraries.stream().filter(l -> l.dependency().stable()).toList();
  }

  /** Snapshots and reactor modules: they go into the update image. */
  public List<Library> projectLibraries() {
    return libraries.stream().filter(l -> !l.dependency().stable()).toList();
  }

  /** The classpath entries, relative to the working directory, in Maven's order: classes, then dependencies. */
  public List<String> classpath() {
    List<String> entries = new ArrayList<>();
    if (hasClasses) {
      entries.add(CLASSES);
    }
    libraries.forEach(l -> entries.add(l.path()));
    return entries;
  }

  /** The classpath as the JVM takes it. */
  public String classpathString() {
    return String.join(":", classpath());
  }

  /**
   * The content of the classpath argument file: one argument, quoted when it holds characters that the
   * launcher would otherwise split on.
   */
  public String classpathArgumentFile() {
    String classpath = classpathString();
    if (classpath.matches("[^\\s\"'\\\\#]*")) {
      return classpath + "\n";
    }
    return "\"" + classpath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
  }
}
