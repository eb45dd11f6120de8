package dev.k8srun.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles small Java sources and makes jars for tests, with the JDK's own compiler. */
public final class TestProjects {

  private TestProjects() {}

  /**
   * Compiles sources ({@code "app/Main.java" -> source}) into {@code output}, against {@code classpath}.
   *
   * @return {@code output}
   */
  public static Path compile(Map<String, String> sources, Path output, List<Path> classpath) throws IOException {
    Path sourceDir = Files.createTempDirectory("k8s-run-src");
    List<String> arguments = new ArrayList<>(List.of("-d", output.toString(), "--release", "17", "-nowarn"));
    if (!classpath.isEmpty()) {
      arguments.add("-cp");
      arguments.add(String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    }
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = sourceDir.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      arguments.add(file.toString());
    }
    Files.createDirectories(output);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int result = compiler.run(null, null, null, arguments.toArray(String[]::new));
    if (result != 0) {
      throw new IOException("compilation failed: " + sources.keySet());
    }
    return output;
  }

  /** Jars a directory's files (sorted, fixed times) into {@code jar}. */
  public static Path jar(Path directory, Path jar) throws IOException {
    Files.createDirectories(jar.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        JarEntry entry = new JarEntry(directory.relativize(file).toString().replace('\\', '/'));
        entry.setLastModifiedTime(FileTime.fromMillis(0));
        out.putNextEntry(entry);
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /** A jar of {@code size} random (incompressible) bytes in one entry: a dependency whose upload shows. */
  public static Path randomJar(Path jar, int size, long seed) throws IOException {
    Files.createDirectories(jar.getParent());
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      JarEntry entry = new JarEntry("data/" + jar.getFileName() + ".bin");
      entry.setLastModifiedTime(FileTime.fromMillis(0));
      out.putNextEntry(entry);
      out.write(bytes);
      out.closeEntry();
      JarEntry readme = new JarEntry("README.txt");
      readme.setLastModifiedTime(FileTime.fromMillis(0));
      out.putNextEntry(readme);
      out.write(("test jar " + jar.getFileName()).getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }
}
