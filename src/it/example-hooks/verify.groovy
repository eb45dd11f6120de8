import dev.k8srun.image.ImageResult
import dev.k8srun.testing.PulledImage
import java.nio.file.Files
import java.time.Duration

// The hook lives in src/it/example-hooks, so basedir is not the example: it comes from the POM.
def exampleDir = new File(exampleProject)

// The example's update image, pulled from the registry and run from its working directory, prints the report.
def result = ImageResult.read(exampleDir.toPath().resolve('target/k8s-run')).orElseThrow()
def registry = "127.0.0.1:${itRegistryPort}"
assert result.reference() == "${registry}/examples/batch-job@${result.digest()}"
assert result.command() == ['java', '-Xmx256m', '-cp', '@classpath', 'dev.k8srun.examples.batch.Main']
assert result.command().every { !it.startsWith('/') }

def pulled = PulledImage.pull(registry, 'examples/batch-job', result.digest(),
    Files.createTempDirectory(exampleDir.toPath().resolve('target'), 'pulled'))
assert pulled.workingDir() == '/app'
def run = pulled.run(Duration.ofMinutes(2))
assert run.exitCode() == 0 : run.output()
assert run.output().contains('Processed 5 orders for 3 customers')
assert run.output().contains('acme: 150.75 EUR')
assert run.output().contains('Total: 243.25 EUR')

def log = new File(exampleDir, 'build.log').text
assert log =~ /Base image .*examples\/batch-job:base-[0-9a-f]{24} (built|is in the registry|was built for the same)/
assert log =~ /Update image .*examples\/batch-job:1\.0\.0 (pushed|is unchanged)/

// Invocation 2: k8s-run:deploy alone packaged the project, deployed the pod and printed its output.
def invocations = log.split(/\[INFO\] Scanning for projects\.\.\./)
assert invocations.size() == 4 : "three Maven invocations"
def deploy = invocations[2]
assert deploy.contains('Running the lifecycle up to package first')
assert deploy.contains('--- jar:')
assert deploy.contains('[pod/batch-job] Processed 5 orders for 3 customers')
assert deploy.contains('[pod/batch-job] Total: 243.25 EUR')
assert deploy.contains('BUILD SUCCESS')
assert (deploy =~ /Update image .*batch-job:1\.0\.0/).size() == 1 : 'the image is built once'

// Invocation 3: the same job made to exit with code 3 fails the build, naming the exit code.
def failing = invocations[3]
assert failing.contains('[pod/batch-job] Failing on purpose with exit code 3')
assert failing.contains("container 'batch-job' exited with code 3 (Error)")
assert failing.contains('BUILD FAILURE')
return true
