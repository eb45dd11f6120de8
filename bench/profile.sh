#!/usr/bin/env bash
# Issue 5, item 4: where k8s-run:build's time goes, for no change and code-only, small and large project.
#
#   bench/profile.sh [--runs=5] [--projects=small,large] [--cases=no-change,code-only]
#
# Pass 1 (bench/work-profile): the benchmark as run.sh runs it, with Maven's log timestamps; Timeline prints
#   the medians of the time between the goal's own log lines (k8s-run) and of jib's phases.
# Pass 2 (bench/work-profile-jfr): the same builds with JFR (settings=profile plus class loading events);
#   JfrSummary prints, per project, case and tool, the execution samples per method and the classes loaded
#   while the goal runs, by package, with their summed load time. JFR slows the builds: compare tools, not
#   pass 2's numbers with pass 1's.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
projects=small,large
cases=no-change,code-only
for arg in "$@"; do
  case "$arg" in
    --runs=*) runs="${arg#--runs=}" ;;
    --projects=*) projects="${arg#--projects=}" ;;
    --cases=*) cases="${arg#--cases=}" ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
options=(--projects="$projects" --cases="$cases" --min-runs="$runs" --runs="$runs" --budget-minutes=60)

bench/run.sh --work=bench/work-profile "${options[@]}"
classpath="bench/work-profile/classes:$(cat bench/work-profile/plugin-classpath.txt)"
echo
echo "== timeline of the goals (pass 1, no profiler)"
java -cp "$classpath" dev.k8srun.bench.Timeline bench/work-profile/logs

jfr_dir="$PWD/bench/work-profile-jfr/jfr"
rm -rf "$jfr_dir" && mkdir -p "$jfr_dir"
BENCH_MAVEN_OPTS="-XX:StartFlightRecording=filename=$jfr_dir/@LABEL@.jfr,settings=profile,jdk.ClassLoad#enabled=true" \
  bench/run.sh --work=bench/work-profile-jfr --projects="$projects" --cases="$cases" --min-runs=3 --runs=3 \
  --budget-minutes=60 >/dev/null
for project in ${projects//,/ }; do
  for kase in ${cases//,/ }; do
    echo
    echo "== JFR: $project, $kase, k8s-run:build"
    java -cp "$classpath" dev.k8srun.bench.JfrSummary dev.k8srun.maven "$jfr_dir/$project-$kase"-*-k8s-run.jfr
    echo
    echo "== JFR: $project, $kase, jib:build"
    java -cp "$classpath" dev.k8srun.bench.JfrSummary com.google.cloud.tools.jib.maven "$jfr_dir/$project-$kase"-*-jib.jfr
  done
done
