#!/usr/bin/env bash
# Benchmarks import + assessment on synthetic rosters, CSV and XLSX, and the import alone, each beside a
# baseline measured in the same run (reading the same file and nothing else). Median of N runs; peak resident
# memory (VmHWM) from /usr/bin/time for each measurement's own process. Prints a Markdown table for README.md.
# Fresh processes, each with the profile of what the previous run of its mode compiled (the CLI's multicore JIT profile;
# COMPLIANCERISK_JIT_PROFILE=0 measures without it).
# "After a warm-up" is the same import + assessment in a process that has already assessed a small roster of the same
# format (ComplianceRisk.Bench assess-warm): a long-running host's second roster, without the code's first-time cost.
#   bash bench/run.sh [sizes (default 1000,10000,100000,1000000)] [runs (default 3)]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-1000,10000,100000,1000000}
runs=${2:-3}
out=bench/out
mkdir -p "$out"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

dotnet build -c Release -v quiet src/ComplianceRisk.Cli >/dev/null
dotnet build -c Release -v quiet bench/ComplianceRisk.Bench >/dev/null
cli=src/ComplianceRisk.Cli/bin/Release/net10.0/complianceRisk.dll
bench=bench/ComplianceRisk.Bench/bin/Release/net10.0/ComplianceRisk.Bench.dll

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One measurement: prints "<in-process seconds> <peak MiB> <seconds of them paused by the collector>".
measure() {
  local mode=$1 file=$2 log
  log=$(mktemp)
  /usr/bin/time -f "%M" -o "$log" dotnet "$bench" "$mode" "$file" > "$log.out"
  echo "$(cut -d' ' -f1 "$log.out") $(( $(tail -1 "$log") / 1024 )) $(cut -d' ' -f3 "$log.out")"
  rm -f "$log" "$log.out"
}

echo "| rows | format | import + assess (median s) | of which GC pauses (median s) | peak MiB | after a warm-up (median s) | import only (median s) | baseline: read only (median s) | peak MiB | time ÷ baseline |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for rows in ${sizes//,/ }; do
  for format in csv xlsx; do
    file="$out/roster-$rows.$format"
    [ -f "$file" ] || dotnet "$cli" generate --rows "$rows" --seed 42 --as-of 2026-11-22 --out "$file" 2>/dev/null
    a_times=(); a_mem=(); a_pause=(); w_times=(); b_times=(); b_mem=(); i_times=()
    # Each mode once, not measured: it leaves the multicore JIT profile (src/ComplianceRisk.Cli/JitProfile.cs) that every
    # measured run then starts with, as the CLI run a second time does.
    for mode in assess assess-warm import baseline; do dotnet "$bench" "$mode" "$file" > /dev/null; done
    for _ in $(seq "$runs"); do
      # Side by side: the product and its baseline alternate, so machine noise hits both.
      read -r t m p < <(measure assess "$file"); a_times+=("$t"); a_mem+=("$m"); a_pause+=("$p")
      read -r t _ _ < <(measure assess-warm "$file"); w_times+=("$t")
      read -r t _ _ < <(measure import "$file"); i_times+=("$t")
      read -r t m _ < <(measure baseline "$file"); b_times+=("$t"); b_mem+=("$m")
    done
    at=$(printf '%s\n' "${a_times[@]}" | median); am=$(printf '%s\n' "${a_mem[@]}" | median); ap=$(printf '%s\n' "${a_pause[@]}" | median)
    wt=$(printf '%s\n' "${w_times[@]}" | median); it=$(printf '%s\n' "${i_times[@]}" | median)
    bt=$(printf '%s\n' "${b_times[@]}" | median); bm=$(printf '%s\n' "${b_mem[@]}" | median)
    ratio=$(awk -v a="$at" -v b="$bt" 'BEGIN { printf (b > 0 ? "%.1f×" : "n/a"), a / b }')
    printf '| %s | %s | %.3f | %.3f | %s | %.3f | %.3f | %.3f | %s | %s |\n' "$rows" "$format" "$at" "$ap" "$am" "$wt" "$it" "$bt" "$bm" "$ratio"
  done
done
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), .NET $(dotnet --version), $(date -u +%Y-%m-%d)."
