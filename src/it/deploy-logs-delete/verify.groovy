def invocations = new File(basedir, 'build.log').text.split(/\[INFO\] Scanning for projects\.\.\./)
assert invocations.size() == 6
assert invocations[1].contains('run k8s-run:deploy first')
assert !invocations[2].contains('[pod/deploy-logs-delete]') : 'not followed'
assert invocations[3] =~ /\[pod\/deploy-logs-delete\] hello  from \S*\/app\n/
assert invocations[4].contains('Deleted pod deploy-logs-delete in namespace default')
assert invocations[5].contains('Nothing to delete')
return true
