def log = new File(basedir, 'build.log').text
assert log =~ /src\/main\/k8s-run\/pod\.yaml is not valid YAML at line \d+, column \d+/
assert !new File(basedir, 'target/k8s-run/pod.yaml').exists()
return true
