#!/usr/bin/env bash
# The benchmark of issue 5: rebuild cost against dependency size, k8s-run:build side by side with jib:build.
#
#   bench/run.sh [--runs=7] [--min-runs=3] [--heavy-runs=3] [--budget-minutes=18.5] [--deploy-runs=5]
#                [--projects=small,medium,large] [--cases=cold,no-change,code-only,dependency] [--work=bench/work]
#
# Installs what it lacks (time, docker-registry; as root via apt-get), installs the plugin from this checkout,
# starts a local registry behind a counting proxy, pushes a jlink JRE as the from image, generates the three
# projects, warms every Maven artifact up (unmeasured), measures, and prints the table, the k8s-run/jib ratios
# and PASS/MISS per target. Results: bench/work/results/{report.txt,runs.csv}; build logs: bench/work/logs.
# bench/README.md says what is measured and how.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
work="$repo/bench/work"
for arg in "$@"; do
  case "$arg" in
    --work=*) work="$(mkdir -p "${arg#--work=}" && cd "${arg#--work=}" && pwd)" ;;
  esac
done
mkdir -p "$work"
start=$(date +%s)

missing=()
[ -x /usr/bin/time ] || missing+=(time)
command -v docker-registry >/dev/null || missing+=(docker-registry)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[bench] installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "[bench] ${missing[*]} missing and not root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The plugin goes into a local repository of the benchmark's own, chained to the user's (read-only, Maven 3.9's
# maven.repo.local.tail): other builds on this machine that install the same SNAPSHOT into ~/.m2 while the
# benchmark runs cannot swap the plugin under test.
tail_repo=$(./mvnw -B -q help:evaluate -Dexpression=settings.localRepository -DforceStdout)
head_repo="$work/m2"
repos=(-Dmaven.repo.local="$head_repo" -Dmaven.repo.local.tail="$tail_repo")
echo "[bench] installing the plugin from $repo ($(git rev-parse --short HEAD 2>/dev/null || echo '?')) into $head_repo"
./mvnw -B -q install -DskipTests -Dinvoker.skip=true "${repos[@]}"
version=$(./mvnw -B -q help:evaluate -Dexpression=project.version -DforceStdout)
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/plugin-classpath.txt" \
  "${repos[@]}"
classpath="$(cat "$work/plugin-classpath.txt")"
# The deploy loop runs the plugin's mock API server (a test class) as its own process.
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/test-classpath.txt" \
  "${repos[@]}"
test_classpath="$repo/target/classes:$repo/target/test-classes:$(cat "$work/test-classpath.txt")"

echo "[bench] compiling the benchmark"
rm -rf "$work/classes"
javac -d "$work/classes" -cp "$repo/target/classes:$classpath" bench/src/dev/k8srun/bench/*.java

java -cp "$work/classes:$repo/target/classes:$classpath" dev.k8srun.bench.Bench --repo="$repo" --work="$work" \
  --plugin-version="$version" --plugin-commit="$(git rev-parse --short HEAD 2>/dev/null || echo '?')" \
  --m2-head="$head_repo" --m2-tail="$tail_repo" --started-epoch="$start" --command="bench/run.sh${*:+ $*}" \
  --test-classpath="$test_classpath" "$@"
echo "[bench] done in $(( $(date +%s) - start )) s"
