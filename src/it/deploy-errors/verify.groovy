def invocations = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./)
assert invocations.size() == 7

def unknownContext = invocations[1]
assert unknownContext.contains("context 'nope' is not in ")
assert unknownContext.contains('its contexts: mock, other')
assert unknownContext.contains('Set <context> or -Dk8s-run.context')
assert !unknownContext.contains('Update image') : 'the cluster configuration is checked before anything is pushed'

def missingNamespace = invocations[2]
assert missingNamespace.contains("namespace 'ghost' does not exist on ")
assert missingNamespace.contains('set <namespace> / -Dk8s-run.namespace')

def forbidden = invocations[3]
assert forbidden.contains('forbidden: cannot ')
assert forbidden.contains("in namespace 'locked'") || forbidden.contains("in 'locked'")

def tarball = invocations[4]
assert tarball.contains('No <image> is set, so the image would only be written to ')
assert tarball.contains('which the cluster cannot pull. Set <image> (-Dk8s-run.image)')
assert !tarball.contains('image.tar written') : 'checked before anything is built'

def badWait = invocations[5]
assert badWait.contains("invalid wait 'sometimes': use one of none, started, completed")
assert !badWait.contains('Update image') : 'checked before anything is built'

def badName = invocations[6]
assert badName.contains('Bad_Name')
assert badName.contains('bad-name')
assert !badName.contains('Update image') : 'the pod configuration is checked before anything is pushed'

invocations[1..6].each { assert it.contains('BUILD FAILURE') }
assert !new File(basedir, 'build.log').text.contains(dev.k8srun.testing.MockCluster.TOKEN)
return true
