def log = new File(basedir, 'build.log').text
assert log =~ /Cannot use registry 127\.0\.0\.1:\d+ \(image 127\.0\.0\.1:\d+\/it\/build-insecure-registry:base-[0-9a-f]+\) over a verified HTTPS connection/
assert log.contains('<allowInsecureRegistries>true</allowInsecureRegistries> or -Dk8s-run.allowInsecureRegistries=true')
return true
