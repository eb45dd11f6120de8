import io.fabric8.kubernetes.api.model.batch.v1.Job
import io.fabric8.kubernetes.client.utils.Serialization

def job = Serialization.unmarshal(new File(basedir, 'target/k8s-run/pod.yaml').text, Job)
assert job.apiVersion == 'batch/v1' && job.kind == 'Job'
assert job.metadata.name == 'nightly-report'
assert job.spec.backoffLimit == 1
assert job.spec.activeDeadlineSeconds == 3600
assert job.spec.template.spec.restartPolicy == 'Never'
assert job.spec.template.metadata.labels['k8s-run.dev/run'] == 'nightly-report'
assert job.spec.template.spec.containers[0].command == ['java', '-cp', '@classpath', 'app.Main']
return true
