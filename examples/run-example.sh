#!/usr/bin/env bash
# Runs the example end to end on this machine, with no Docker and no cluster: installs the plugin, starts a
# local registry (Debian's docker-registry), pushes a stand-in base image, builds examples/batch-job with
# k8s-run:build, pulls the update image back, unpacks it and runs its command from its working directory;
# then changes one class and shows that the rebuild reuses the base image.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v docker-registry >/dev/null || { echo "docker-registry is missing: apt-get install -y docker-registry" >&2; exit 1; }
# The plugin built here goes into a local repository of this checkout's own, in front of ~/.m2 (read-only
# behind it), so the example always runs this checkout's plugin and never overwrites a shared snapshot.
export MAVEN_ARGS="${MAVEN_ARGS:-} -Dmaven.repo.local=$PWD/target/example-repo -Dmaven.repo.local.tail=$HOME/.m2/repository"
./mvnw -B -q install -DskipTests -Dinvoker.skip=true
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/example-classpath.txt
version=$(./mvnw -B -q help:evaluate -Dexpression=project.version -DforceStdout)
# (the in-process mock API server's SLF4J has no binding here: its three-line notice is left out)
java -cp "target/classes:target/test-classes:$(cat target/example-classpath.txt)" dev.k8srun.testing.ExampleRun \
  examples/batch-job "$version" ./mvnw 2> >(grep -v '^SLF4J: ' >&2)
