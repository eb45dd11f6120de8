def log = new File(basedir, 'build.log').text
assert log.contains('No main class: no class in ')
assert log.contains('has a public static void main(String[]). Add one, or set <mainClass> / -Dk8s-run.mainClass')
return true
