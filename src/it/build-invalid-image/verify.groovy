def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] Failed to execute goal dev.k8srun:k8s-run-maven-plugin")
assert log.contains("Invalid image reference '127.0.0.1:5000/OrderService' in <image> / -Dk8s-run.image")
assert log.contains("Repository names must be lowercase: try '127.0.0.1:5000/orderservice'")
assert !new File(basedir, 'target/k8s-run/image.json').exists()
return true
