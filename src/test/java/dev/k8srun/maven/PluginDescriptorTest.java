package dev.k8srun.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The generated plugin descriptor: goals, phases, thread safety, and that every parameter a user can set is
 * documented, has a {@code k8s-run.*} property where it should, and is in the README's tables.
 */
class PluginDescriptorTest {

  private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");
  /** Parameters set only in the POM: structured values, as the README says. */
  private static final List<String> POM_ONLY =
      List.of("jvmFlags", "args", "env", "extraDirectories", "resources", "imagePullSecrets", "labels",
          "annotations");

  private static Document descriptor;

  @BeforeAll
  static void read() throws Exception {
    descriptor = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(DESCRIPTOR.toFile());
  }

  private static Map<String, Element> mojos() {
    Map<String, Element> mojos = new LinkedHashMap<>();
    NodeList nodes = descriptor.getElementsByTagName("mojo");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element mojo = (Element) nodes.item(i);
      mojos.put(text(mojo, "goal"), mojo);
    }
    return mojos;
  }

  private static String text(Element parent, String child) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(child)) {
        return element.getTextContent().trim();
      }
    }
    return null;
  }

  private static List<Element> parameters(Element mojo) {
    List<Element> parameters = new ArrayList<>();
    NodeList nodes = mojo.getElementsByTagName("parameter");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element parameter = (Element) nodes.item(i);
      if ("true".equals(text(parameter, "editable"))) {
        parameters.add(parameter);
      }
    }
    return parameters;
  }

  private static String property(Element mojo, String parameter) {
    Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
    NodeList nodes = configuration.getElementsByTagName(parameter);
    if (nodes.getLength() == 0) {
      return null;
    }
    String expression = nodes.item(0).getTextContent().trim();
    return expression.startsWith("${") ? expression.substring(2, expression.length() - 1) : null;
  }

  @Test
  void theGoalPrefixIsK8sRun() {
    assertThat(descriptor.getDocumentElement().getElementsByTagName("goalPrefix").item(0).getTextContent())
        .isEqualTo("k8s-run");
  }

  @Test
  void goalsAndTheirPhases() {
    Map<String, Element> mojos = mojos();
    assertThat(mojos.keySet())
        .containsExactlyInAnyOrder("build", "manifest", "deploy", "logs", "delete", "help");
    assertThat(text(mojos.get("build"), "phase")).isEqualTo("package");
    assertThat(text(mojos.get("deploy"), "phase")).isEqualTo("deploy");
    assertThat(text(mojos.get("manifest"), "phase")).isNull();
    assertThat(text(mojos.get("logs"), "phase")).isNull();
    assertThat(text(mojos.get("delete"), "phase")).isNull();
    assertThat(text(mojos.get("deploy"), "executePhase")).as("forks only when run alone, in code").isNull();
    assertThat(text(mojos.get("build"), "requiresDependencyResolution")).isEqualTo("runtime");
    assertThat(text(mojos.get("deploy"), "requiresDependencyResolution")).isEqualTo("runtime");
    for (String goal : mojos.keySet()) {
      if (!goal.equals("help")) {
        assertThat(text(mojos.get(goal), "threadSafe")).as(goal).isEqualTo("true");
        assertThat(text(mojos.get(goal), "requiresOnline")).as(goal).isEqualTo("false");
      }
    }
  }

  @Test
  void everyParameterIsDocumentedWithAPropertyAndInTheReadme() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Element> mojo : mojos().entrySet()) {
      if (mojo.getKey().equals("help")) {
        continue;
      }
      for (Element parameter : parameters(mojo.getValue())) {
        String name = text(parameter, "name");
        String where = mojo.getKey() + "." + name;
        String description = text(parameter, "description");
        if (description == null || description.isBlank()) {
          problems.add(where + " has no description");
        }
        String property = property(mojo.getValue(), name);
        if (name.startsWith("skip") && !name.equals("skip")) {
          if (!("k8s-run." + mojo.getKey() + ".skip").equals(property)) {
            problems.add(where + " should be k8s-run." + mojo.getKey() + ".skip, is " + property);
          } else if (!readme.contains("`" + property + "`")) {
            problems.add(property + " is not in the README");
          }
          continue;
        }
        if (!POM_ONLY.contains(name) && (property == null || !property.startsWith("k8s-run."))) {
          problems.add(where + " has no k8s-run.* property");
        }
        if (!readme.contains("| `" + name + "` |")) {
          problems.add(where + " is not in the README's parameter tables");
        }
        if (property != null && !readme.contains("`" + property + "`")) {
          problems.add(where + "'s property " + property + " is not in the README");
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}
