#!/usr/bin/env bash
# The register workbook at scale (issue 5): RegisterWorkbook.Write for a synthetic assessment of N risks, beside two
# references measured in the same run, one process per measurement (ComplianceRisk.Bench register, RegisterBench.cs):
#   baseline  a straightforward OpenXmlWriter register of the same Risk Register rows, SDK package, default compression
#   floor     deflating our Risk Register sheet's XML (captured from our writer) at the level our package uses
# Each is measured in a fresh process and again after two unmeasured warm-up writes in the process (no JIT left in the
# measurement, as in a long-running host). The three alternate run by run (and which goes first rotates), so machine
# noise hits all of them, and each measurement waits for the machine to be idle first (IDLE=0: do not wait). Median seconds of the work itself (catalog load and building the assessment excluded) and
# median peak resident memory of the process during it (/usr/bin/time; the bench restarts the count after building
# the assessment and any warm-up). Prints a Markdown table for README.md. Targets: ours under 1.5 s and 200 MiB,
# baseline ÷ ours at least 2.5, ours ÷ floor at most 2.
#   bash bench/register.sh [risks (default 100000)] [runs (default 5)]
set -euo pipefail
cd "$(dirname "$0")/.."
risks=${1:-100000}
runs=${2:-5}
out=bench/out
mkdir -p "$out"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

dotnet build -c Release -v quiet bench/ComplianceRisk.Bench >/dev/null
bench=bench/ComplianceRisk.Bench/bin/Release/net10.0/ComplianceRisk.Bench.dll

# Waits (up to ten minutes) until the machine has been idle for a second, so other work on a shared machine does not
# land inside a measurement: three threads of ours are hit much harder by it than the floor's one. IDLE=0 skips it.
idle() {
  [ "${IDLE:-1}" = 0 ] && return
  local deadline=$(( $(date +%s) + 600 )) a b
  while [ "$(date +%s)" -lt "$deadline" ]; do
    a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)
    sleep 1
    b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)
    awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); exit !((y[1] - x[1]) < 0.1 * (y[2] - x[2])) }' && return
  done
  echo "machine still busy after ten minutes; measuring anyway" >&2
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One measurement: prints "<in-process seconds> <peak MiB> <bytes written> <MiB resident before the work>".
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -f "%M" -o "$log" dotnet "$bench" register "$@" > "$log.out"
  read -r seconds bytes before _ < "$log.out"
  echo "$seconds $(( $(tail -1 "$log") / 1024 )) $bytes $before"
  rm -f "$log" "$log.out"
}

declare -A time mem size held
modes=(ours baseline floor)
for run in $(seq "$runs"); do
  for variant in "" -warm; do
    for k in 0 1 2; do
      mode=${modes[$(( (run + k) % 3 ))]}
      case $mode in
        floor) args=("floor$variant" "$risks") ;;
        *) args=("$mode$variant" "$risks" "$out/register-$mode-$risks.xlsx") ;;
      esac
      idle
      read -r t m b h < <(measure "${args[@]}")
      echo "run $run ${args[0]}: $t s, peak $m MiB" >&2
      time[$mode$variant]+="$t "; mem[$mode$variant]+="$m "; size[$mode]=$b; held[$mode$variant]=$h
    done
  done
done
med() { printf '%s\n' $1 | median; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'; }

echo "| $risks risks | ours (median s) | peak MiB | baseline: OpenXmlWriter (median s) | peak MiB | floor: deflate sheet XML (median s) | baseline ÷ ours | ours ÷ floor |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for variant in "" -warm; do
  label=$([ -z "$variant" ] && echo "fresh process" || echo "after a warm-up write")
  ot=$(med "${time[ours$variant]}"); bt=$(med "${time[baseline$variant]}"); ft=$(med "${time[floor$variant]}")
  printf '| %s | %.3f | %s | %.3f | %s | %.3f | %s | %s |\n' "$label" "$ot" "$(med "${mem[ours$variant]}")" \
    "$bt" "$(med "${mem[baseline$variant]}")" "$ft" "$(ratio "$bt" "$ot")" "$(ratio "$ot" "$ft")"
done
echo
echo "Files: ours $(mib "${size[ours]}") MiB, baseline $(mib "${size[baseline]}") MiB; the floor deflates $(mib "${size[floor]}") MiB of Risk Register XML."
echo "Resident before the measured write (runtime and assessment): ${held[ours]} MiB in a fresh process, ${held[ours-warm]} MiB after the warm-up."
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), .NET $(dotnet --version), $(date -u +%Y-%m-%d)."
