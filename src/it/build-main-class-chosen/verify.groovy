import dev.k8srun.image.ImageResult

def result = ImageResult.read(basedir.toPath().resolve('target/k8s-run')).orElseThrow()
assert result.command() == ['java', '-cp', '@classpath', 'app.Tool']
assert !result.command().any { it.contains('$') }
return true
