def log = new File(basedir, 'build.log').text
assert log.contains('Ignoring the jar plugin\'s <mainClass>${start-class}</mainClass>: it holds a property that is not defined')
assert log.contains('Several classes have a main method: app.Main, app.Tool. Choose one with <mainClass>app.Main</mainClass>')
assert !new File(basedir, 'target/k8s-run/image.json').exists()
return true
