package dev.k8srun.maven;

import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import java.io.File;
import java.io.FileReader;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;

/** A real project model and a session for Mojo tests, read from a test POM. */
final class MojoTestSupport {

  private MojoTestSupport() {}

  static MavenProject project(File pom) throws IOException, XmlPullParserException {
    Model model;
    try (Reader reader = new FileReader(pom)) {
      model = new MavenXpp3Reader().read(reader);
    }
    File basedir = pom.getParentFile();
    model.getBuild().setDirectory(new File(basedir, "target").getPath());
    model.getBuild().setOutputDirectory(new File(basedir, "target/classes").getPath());
    MavenProject project = new MavenProject(model);
    project.setFile(pom);
    project.setArtifacts(new java.util.LinkedHashSet<>());
    return project;
  }

  static MavenSession session(MavenProject project, Server... servers) {
    Settings settings = new Settings();
    for (Server server : servers) {
      settings.addServer(server);
    }
    MavenSession session = mock(MavenSession.class);
    lenient().when(session.getSettings()).thenReturn(settings);
    lenient().when(session.getProjects()).thenReturn(List.of(project));
    lenient().when(session.getCurrentProject()).thenReturn(project);
    lenient().when(session.getUserProperties()).thenReturn(new Properties());
    lenient().when(session.getSystemProperties()).thenReturn(new Properties());
    return session;
  }

  static Server server(String id, String user, String password) {
    Server server = new Server();
    server.setId(id);
    server.setUsername(user);
    server.setPassword(password);
    return server;
  }
}
