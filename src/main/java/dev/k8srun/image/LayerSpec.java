package dev.k8srun.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.k8srun.image.AppLayout.Library;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One image layer as data: which host file goes where. Sorted by target path so that the same files always
 * make the same layer; modes are fixed (directories 755, files 644) whatever the host's umask.
 *
 * @param name the layer's name, shown in jib's history
 * @param files the entries
 */
record LayerSpec(String name, List<Entry> files) {

  /**
   * One file or directory.
   *
   * @param source the host path
   * @param target the absolute path in the image
   * @param directory whether it is a directory entry
   */
  record Entry(Path source, String target, boolean directory) {}

  LayerSpec {
    files = files.stream().sorted(Comparator.comparing(Entry::target)).toList();
  }

  boolean isEmpty() {
    return files.isEmpty();
  }

  /** The released dependencies, for the base image. */
  static LayerSpec dependencies(String root, List<Library> libraries) throws IOException {
    return libraries("dependencies", root, libraries);
  }

  /**
   * The update image's layers, from the least to the most often changed: snapshot and reactor dependencies,
   * resources, classes, extra directories, and the classpath file.
   */
  static List<LayerSpec> update(
      String root, AppLayout layout, Path classesDirectory, List<Path> extraDirectories, Path classpathFile)
      throws IOException {
    List<LayerSpec> layers = new ArrayList<>();
    layers.add(libraries("project-dependencies", root, layout.projectLibraries()));
    List<Entry> resources = new ArrayList<>();
    List<Entry> classes = new ArrayList<>();
    if (Files.isDirectory(classesDirectory)) {
      for (Entry entry : tree(classesDirectory, root + "/" + AppLayout.CLASSES)) {
        if (!entry.directory() && entry.target().endsWith(".class")) {
          classes.add(entry);
        } else if (!entry.directory() || isEmptyDirectory(entry.source())) {
          resources.add(entry);
        }
      }
    }
    layers.add(new LayerSpec("resources", resources));
    layers.add(new LayerSpec("classes", classes));
    List<Entry> extra = new ArrayList<>();
    for (Path directory : extraDirectories) {
      if (Files.isDirectory(directory)) {
        tree(directory, root).stream().filter(e -> !e.target().equals(root)).forEach(extra::add);
      }
    }
    layers.add(new LayerSpec("extra-files", extra));
    if (classpathFile != null) {
      layers.add(new LayerSpec(
          "launcher", List.of(new Entry(classpathFile, root + "/" + AppLayout.CLASSPATH_FILE, false))));
    }
    return layers.stream().filter(l -> !l.isEmpty()).toList();
  }

  private static LayerSpec libraries(String name, String root, List<Library> libraries) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (Library library : libraries) {
      Path file = library.dependency().file();
      String target = root + "/" + library.path();
      if (Files.isDirectory(file)) {
        entries.addAll(tree(file, target));
      } else {
        entries.add(new Entry(file, target, false));
      }
    }
    return new LayerSpec(name, entries);
  }

  private static List<Entry> tree(Path directory, String target) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      List<Entry> entries = new ArrayList<>();
      for (Path path : paths.sorted().toList()) {
        String relative = directory.relativize(path).toString().replace('\\', '/');
        String to = relative.isEmpty() ? target : target + "/" + relative;
        entries.add(new Entry(path, to, Files.isDirectory(path)));
      }
      return entries;
    }
  }

  private static boolean isEmptyDirectory(Path directory) throws IOException {
    try (Stream<Path> children = Files.list(directory)) {
      return children.findAny().isEmpty();
    }
  }

  /** The jib layer, with fixed modes and the given modification time. */
  FileEntriesLayer toJib(Instant modificationTime) {
    FileEntriesLayer.Builder builder = FileEntriesLayer.builder().setName(name);
    for (Entry entry : files) {
      FilePermissions permissions =
          entry.directory() ? FilePermissions.DEFAULT_FOLDER_PERMISSIONS : FilePermissions.DEFAULT_FILE_PERMISSIONS;
      builder.addEntry(entry.source(), AbsoluteUnixPath.get(entry.target()), permissions, modificationTime);
    }
    return builder.build();
  }

  /**
   * The key of the layer's content: every entry's target and bytes, the mode rule and the file time. Two
   * layers with the same key have the same tar, so a built one can be kept under it.
   */
  String key(Instant modificationTime) throws IOException {
    Fingerprint fingerprint = new Fingerprint("k8s-run layer v1")
        .add("layer", name)
        .add("modes", "dirs 755, files 644, root")
        .add("time", modificationTime);
    for (Entry entry : files) {
      if (entry.directory()) {
        fingerprint.add("dir", entry.target());
      } else {
        fingerprint.add("file", entry.target()).addContent("content", entry.source());
      }
    }
    return fingerprint.hex();
  }
}
