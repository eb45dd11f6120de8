package dev.k8srun.image;

import java.util.ArrayList;
import java.util.List;

/**
 * The container's command: {@code java [jvmFlags] -cp @classpath <mainClass>} run from the working directory,
 * or with the classpath inline for Java 8. Only relative paths.
 */
public final class Entrypoint {

  private Entrypoint() {}

  /**
   * The command.
   *
   * @param layout where the application is
   * @param jvmFlags flags before the classpath
   * @param mainClass the class to run
   * @param javaRelease the Java release targeted: 8 and lower take the classpath inline
   */
  public static List<String> of(AppLayout layout, List<String> jvmFlags, String mainClass, int javaRelease) {
    List<String> command = new ArrayList<>();
    command.add("java");
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(usesArgumentFile(javaRelease) ? "@" + AppLayout.CLASSPATH_FILE : layout.classpathString());
    command.add(mainClass);
    return List.copyOf(command);
  }

  /** Java 9 and later read {@code @file} arguments, so 2,000 jars still fit on the command line. */
  public static boolean usesArgumentFile(int javaRelease) {
    return javaRelease >= 9;
  }
}
