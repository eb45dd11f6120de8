package dev.k8srun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core packages know nothing of Maven: only {@code dev.k8srun.maven} may import it. */
class ArchitectureTest {

  private static final Path MAIN = Path.of("src/main/java/dev/k8srun");

  @Test
  void corePackagesDoNotImportMaven() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (String pkg : List.of("config", "image", "manifest", "cluster")) {
      Path dir = MAIN.resolve(pkg);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          for (String line : Files.readAllLines(file)) {
            if (line.matches("\\s*import\\s+(static\\s+)?org\\.(apache\\.maven|codehaus\\.plexus)\\..*")) {
              offenders.add(MAIN.relativize(file) + ": " + line.trim());
            }
          }
        }
      }
    }
    assertThat(offenders).as("core classes importing Maven").isEmpty();
  }

  @Test
  void theCheckSeesTheCore() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN.resolve("config"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".java")).count()).isPositive();
    }
  }
}
