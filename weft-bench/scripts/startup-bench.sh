#!/usr/bin/env bash
# weft-api start-up: runs `StartupMain` (a small users API) in $STARTS fresh JVMs and prints the median
# milliseconds from the first line of main() to each phase: the Api built (reflection, Jackson, Hibernate
# Validator), the server listening, the first GET answered 200 over a socket, the first validated POST.
# A second series with --phases builds a Jackson mapper and a validator factory first, to show their
# share; a third runs with a JDK 25 AOT cache (JEP 483/514: classes loaded and linked, profiles, from
# one training run), what a deployment can add without changing code. Not pinned: a JVM starts on
# every core it is given (JIT and GC threads).
#
#   weft-bench/scripts/startup-bench.sh
#   STARTS=5 weft-bench/scripts/startup-bench.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

STARTS=${STARTS:-11}
load_before=$(cut -d" " -f1-3 /proc/loadavg)
build_bench

# The AOT cache refuses directories on the class path: the module's jar instead of target/classes.
AOT_CP="$(ls "$BENCH_DIR"/target/weft-bench-*.jar | head -n1):$(cat "$BENCH_DIR/target/classpath.txt")"
AOT_CACHE="$BENCH_DIR/target/bench-results/startup.aot"
mkdir -p "$(dirname "$AOT_CACHE")"

# series LABEL JVM-OPTION... -- MAIN-ARG...: runs StartupMain STARTS times and prints a Markdown table
# of per-phase medians
series() {
  local label=$1 i line names=() phase jvm=()
  shift
  while [[ $1 != -- ]]; do jvm+=("$1"); shift; done
  shift
  declare -A samples=()
  for ((i = 1; i <= STARTS; i++)); do
    line=$("$JAVA" "${JAVA_OPTS[@]}" "${jvm[@]}" dev.weft.bench.api.StartupMain "$@" | grep '^STARTUP ')
    echo "   $label $i: ${line#STARTUP }" >&2
    for phase in ${line#STARTUP }; do
      [[ -v "samples[${phase%%=*}]" ]] || names+=("${phase%%=*}")
      samples[${phase%%=*}]+=" ${phase#*=}"
    done
  done
  local header="| run |" rule="|---|" row="| $label |"
  for phase in "${names[@]}"; do
    header+=" $phase |"; rule+="---|"
    # shellcheck disable=SC2086 # space-separated numbers
    row+=" $(median ${samples[$phase]}) |"
  done
  echo "$header"; echo "$rule"; echo "$row"; echo
}

echo
echo "weft-api start-up, $(date -u '+%Y-%m-%d %H:%M UTC'): median ms since main() of $STARTS fresh JVMs ($("$JAVA" -version 2>&1 | head -n1)), load average at start: $load_before"
echo
series plain -cp "$CP" --
series --phases -cp "$CP" -- --phases
rm -f "$AOT_CACHE"
"$JAVA" "${JAVA_OPTS[@]}" -XX:AOTCacheOutput="$AOT_CACHE" -cp "$AOT_CP" dev.weft.bench.api.StartupMain >/dev/null 2>&1
series "AOT cache" -XX:AOTCache="$AOT_CACHE" -cp "$AOT_CP" --
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
