package dev.k8srun.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.apache.maven.plugin.MojoExecution.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** When deploy packages first, and how its timeout reads. */
class DeployParametersTest {

  @Test
  void aloneOnTheCommandLineItPackagesFirst() {
    assertThat(DeployMojo.needsPackage(Source.CLI, List.of("k8s-run:deploy"))).isTrue();
    assertThat(DeployMojo.needsPackage(Source.CLI, List.of("compile", "k8s-run:deploy"))).isTrue();
    assertThat(DeployMojo.needsPackage(Source.CLI, List.of("clean", "k8s-run:deploy"))).isTrue();
  }

  @Test
  void afterPackageOrBoundToAPhaseItDoesNotRunTheLifecycleAgain() {
    assertThat(DeployMojo.needsPackage(Source.CLI, List.of("package", "k8s-run:deploy"))).isFalse();
    assertThat(DeployMojo.needsPackage(Source.CLI, List.of("clean", "install", "k8s-run:deploy"))).isFalse();
    assertThat(DeployMojo.needsPackage(Source.LIFECYCLE, List.of("deploy"))).isFalse();
    assertThat(DeployMojo.needsPackage(Source.LIFECYCLE, List.of("install"))).isFalse();
  }

  @Test
  void successExitCodes() {
    assertThat(AbstractDeployMojo.parseExitCodes("0,3")).containsExactlyInAnyOrder(0, 3);
    assertThat(AbstractDeployMojo.parseExitCodes(" 0, 3 ,4")).containsExactlyInAnyOrder(0, 3, 4);
    assertThat(AbstractDeployMojo.parseExitCodes("")).containsExactly(0);
    assertThatThrownBy(() -> AbstractDeployMojo.parseExitCodes("zero"))
        .hasMessageContaining("invalid successExitCodes 'zero'")
        .hasMessageContaining("-Dk8s-run.successExitCodes");
    assertThatThrownBy(() -> AbstractDeployMojo.parseExitCodes("0,256")).hasMessageContaining("0 to 255");
  }

  @ParameterizedTest
  @CsvSource({"90s,PT1M30S", "10m,PT10M", "1h,PT1H", "300,PT5M", "PT2M,PT2M", "pt45s,PT45S", "1500ms,PT1.5S"})
  void timeouts(String text, String expected) {
    assertThat(AbstractDeployMojo.parseTimeout(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "0", "0s", "-5m", "5 minutes", "PT0S"})
  void badTimeoutsSayWhatToWrite(String text) {
    assertThatThrownBy(() -> AbstractDeployMojo.parseTimeout(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("-Dk8s-run.timeout");
  }
}
