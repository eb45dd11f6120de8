import dev.k8srun.image.ImageResult
import dev.k8srun.testing.PulledImage
import groovy.json.JsonSlurper
import java.time.Duration

// Bound to package, with no image name: a tarball named after the artifactId, made valid.
def tarball = new File(basedir, 'target/k8s-run/image.tar')
assert tarball.isFile()
def result = ImageResult.read(basedir.toPath().resolve('target/k8s-run')).orElseThrow()
assert result.image() == 'orderservice:1.0'
assert result.tarball() == tarball.path

def image = PulledImage.fromTarball(tarball.toPath(), basedir.toPath().resolve('target/unpacked'))
def manifest = new JsonSlurper().parse(new File(basedir, 'target/unpacked-tar/manifest.json'))
assert manifest[0].RepoTags == ['orderservice:1.0']
def run = image.run(Duration.ofMinutes(1))
assert run.exitCode() == 0 : run.output()
assert run.output().contains('order service ran from')
assert run.output().trim().endsWith('/app')
return true
