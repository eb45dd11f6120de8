def log = new File(basedir, 'build.log').text
assert log.contains('Cannot reach registry 127.0.0.1:9 (image 127.0.0.1:9/it/unreachable:base-')
assert log.contains('connection refused. Check that the registry is running')
return true
