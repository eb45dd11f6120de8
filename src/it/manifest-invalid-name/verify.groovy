def log = new File(basedir, 'build.log').text
assert log.contains('Final_Assignment')
assert log.contains('final-assignment')
assert !new File(basedir, 'target/k8s-run/pod.yaml').exists()
return true
