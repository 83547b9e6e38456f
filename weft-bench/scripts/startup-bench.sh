#!/usr/bin/env bash
# weft-api start-up: runs `StartupMain` (a small users API) in $STARTS fresh JVMs and prints the median
# milliseconds from the first line of main() to each phase: the Api built (reflection, Jackson, Hibernate
# Validator), the server listening, the first GET answered 200 over a socket, the first validated POST.
# A second series with --phases builds a Jackson mapper and a validator factory first, to show their
# share. Not pinned: a JVM starts on every core it is given (JIT and GC threads).
#
#   weft-bench/scripts/startup-bench.sh
#   STARTS=5 weft-bench/scripts/startup-bench.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

STARTS=${STARTS:-11}
load_before=$(cut -d" " -f1-3 /proc/loadavg)
build_bench

# series ARGS...: runs StartupMain STARTS times with ARGS and prints a Markdown row of per-phase medians
series() {
  local i line names=() phase
  declare -A samples=()
  for ((i = 1; i <= STARTS; i++)); do
    line=$("$JAVA" "${JAVA_OPTS[@]}" -cp "$CP" dev.weft.bench.api.StartupMain "$@" | grep '^STARTUP ')
    echo "   ${*:-plain} $i: ${line#STARTUP }" >&2
    for phase in ${line#STARTUP }; do
      [[ -v "samples[${phase%%=*}]" ]] || names+=("${phase%%=*}")
      samples[${phase%%=*}]+=" ${phase#*=}"
    done
  done
  local header="| run |" rule="|---|" row="| ${*:-plain} |"
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
series
series --phases
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
