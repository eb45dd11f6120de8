// mvn install with build (package) and deploy (install) bound: nothing runs twice.
def log = new File(basedir, 'build.log').text
assert log.count('--- surefire:') == 1 : 'the tests run once'
assert log.count('--- jar:') == 1
assert !log.contains('Running the lifecycle up to package first')
assert (log =~ /Update image .*deploy-lifecycle:1\.0 (pushed|is unchanged)/).size() == 1 : 'the image is built once'
assert log =~ /\[pod\/deploy-lifecycle\] hello from-the-lifecycle from \S*\/app\n/ : 'run from the working directory'
assert log.contains('Pod deploy-lifecycle succeeded (exit code 0')
def lastRun = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/k8s-run/last-run.json'))
assert lastRun.kind == 'Pod' && lastRun.name == 'deploy-lifecycle' && lastRun.namespace == 'default'
assert lastRun.imageDigest?.startsWith('sha256:')
return true
