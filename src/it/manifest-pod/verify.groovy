import dev.k8srun.manifest.RestrictedPodSecurity
import io.fabric8.kubernetes.api.model.Pod
import io.fabric8.kubernetes.client.utils.Serialization
import org.yaml.snakeyaml.Yaml

def file = new File(basedir, 'target/k8s-run/pod.yaml')
def text = file.text
def pod = Serialization.unmarshal(text, Pod)
def container = pod.spec.containers[0]

assert pod.apiVersion == 'v1' && pod.kind == 'Pod'
assert pod.metadata.name == 'manifest-pod'
assert pod.metadata.namespace == 'batch'
assert pod.metadata.labels['app.kubernetes.io/version'] == '1.2.3-build.7'
assert pod.metadata.labels['k8s-run.dev/run'] == 'manifest-pod'
assert pod.spec.restartPolicy == 'Never'
assert pod.spec.serviceAccountName == 'runner'
assert pod.spec.imagePullSecrets*.name == ['regcred']
assert pod.spec.nodeSelector == [accelerator: 'nvidia-a100']
assert container.image.endsWith('/it/manifest-pod:1.2.3_build.7') // no build yet: by tag
assert container.command == ['java', '-Xss1m', '-cp', '@classpath', 'app.Main']
assert container.command.every { !it.startsWith('/') }
assert container.args == ['on', '1.10']
assert container.workingDir == '/app'
assert container.resources.requests['cpu'].toString() == '500m'
assert container.resources.limits['memory'].toString() == '1Gi'
assert container.resources.limits['nvidia.com/gpu'].toString() == '1'
assert container.volumeMounts*.mountPath == ['/data']

// C08: strings stay strings for a YAML 1.1 reader too (SnakeYAML reads YAML 1.1).
def env = container.env.collectEntries { [(it.name): it.value] }
assert env == [DB_PORT: '5023', FLAG: 'yes', VERSION: '1.10', EMPTY: '', JAVA_OPTS: '-Xmx1g']
def raw = new Yaml().load(text)
assert raw.spec.containers[0].env.collect { it.value } == ['5023', 'yes', '1.10', '', '-Xmx1g']
assert raw.spec.containers[0].args == ['on', '1.10']

// C12: one JAVA_OPTS, the fragment's, and the log says which source won.
assert container.env.count { it.name == 'JAVA_OPTS' } == 1
def log = new File(basedir, 'build.log').text
assert log.contains('sets spec.containers[manifest-pod].env[JAVA_OPTS].value, which the plugin configuration also sets: the fragment\'s value is used')
assert !log.contains('-Xmx2g')

// Safe by default: the restricted Pod Security Standard holds.
assert RestrictedPodSecurity.violations(raw.spec).isEmpty()
assert log.contains('No build of ') && log.contains('the manifest names the image by tag')
return true
