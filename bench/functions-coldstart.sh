#!/usr/bin/env bash
# Cold start of the Functions package beside a truly empty ASP.NET Core app (bench/EmptyHandler), both published the
# same way (self-contained linux-x64, the same ReadyToRun setting): seconds from process start to the end of the first
# 200 from POST /api/assess with a 50-row roster, as the Functions host would see it (ComplianceRisk.Bench coldstart).
# The two alternate round by round (which goes first alternates too), so machine noise hits both; one unrecorded
# start of each first. Prints the medians, their ratio (target: at most 1.3) and a Markdown row for README.md.
#   bash bench/functions-coldstart.sh [rounds (default 10)]
#   R2R=true|false R2R_COMPOSITE=true|false bash bench/functions-coldstart.sh
#     overrides ReadyToRun (and its composite form) for both; default: what the Functions project's package uses
#   AOT=true bash bench/functions-coldstart.sh
#     publishes both as native (ahead-of-time) programs instead, with clang (apt-get install clang). Only the path measured
#     here (catalog, CSV import, assessment, JSON answer) is made safe for a native build; the other functions still use
#     reflection a native build lacks, so this build ignores the analyzers' warnings and is a measurement, not a package.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-10}
out=bench/out/coldstart
rm -rf "$out"
mkdir -p "$out"

# ReadyToRun as the Functions project publishes the package, unless R2R / R2R_COMPOSITE say otherwise.
setting() {
  dotnet msbuild src/ComplianceRisk.Functions -getProperty:"$1" -p:Configuration=Release -p:RuntimeIdentifier=linux-x64 \
    -p:SelfContained=true -p:FunctionsPackage=x.zip
}
aot=${AOT:-false}
if [ "$aot" = true ]; then
  # A native build replaces ReadyToRun; the empty app is published the same way.
  r2r=false; composite=false
  linker=$(command -v clang || command -v clang-14 || true)
  [ -n "$linker" ] || { echo "AOT=true needs clang: apt-get install clang" >&2; exit 1; }
else
  r2r=${R2R:-$(setting PublishReadyToRun)}; r2r=${r2r:-false}
  composite=${R2R_COMPOSITE:-$(setting PublishReadyToRunComposite)}; composite=${composite:-false}
fi
# Each run builds in its own artifacts folder: no obj/ shared with other builds, nor with a composite run before it.
publish=(-c Release -r linux-x64 --self-contained -p:PublishReadyToRun="$r2r" -p:PublishReadyToRunComposite="$composite"
  --artifacts-path "$out/build" -v quiet)
if [ "$aot" = true ]; then publish+=(-p:PublishAot=true -p:CppCompilerAndLinker="$(basename "$linker")" -p:TreatWarningsAsErrors=false); fi

# The package exactly as README's "Deploy package" command makes it, unzipped as the host would see it.
dotnet publish src/ComplianceRisk.Functions "${publish[@]}" -p:FunctionsPackage="$out/compliancerisk-functions.zip" >/dev/null
unzip -q "$out/compliancerisk-functions.zip" -d "$out/functions"
program=$(sed -n 's/.*"defaultExecutablePath": *"\([^"]*\)".*/\1/p' "$out/functions/host.json")
dotnet publish bench/EmptyHandler "${publish[@]}" -o "$out/empty" >/dev/null
dotnet build -c Release -v quiet bench/ComplianceRisk.Bench >/dev/null
bench=bench/ComplianceRisk.Bench/bin/Release/net10.0/ComplianceRisk.Bench.dll
dotnet run -c Release --project src/ComplianceRisk.Cli -- generate --rows 50 --seed 1 --as-of 2026-11-22 \
  --out "$out/roster-50.csv" 2>/dev/null

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# One start: prints "<seconds to the end of the first 200> <seconds until it first accepted a connection>".
start() { dotnet "$bench" coldstart "$1" "$out/roster-50.csv" | cut -d' ' -f1,3; }

start "$out/functions/$program" >/dev/null; start "$out/empty/EmptyHandler" >/dev/null
f_times=(); e_times=(); f_listening=(); e_listening=()
one_functions() { read -r t l < <(start "$out/functions/$program"); f_times+=("$t"); f_listening+=("$l"); }
one_empty() { read -r t l < <(start "$out/empty/EmptyHandler"); e_times+=("$t"); e_listening+=("$l"); }
for round in $(seq "$rounds"); do
  if (( round % 2 )); then one_functions; one_empty; else one_empty; one_functions; fi
  echo "round $round: functions ${f_times[-1]} s (listening after ${f_listening[-1]} s), empty ${e_times[-1]} s (${e_listening[-1]} s)" >&2
done
fm=$(printf '%s\n' "${f_times[@]}" | median); em=$(printf '%s\n' "${e_times[@]}" | median)
fl=$(printf '%s\n' "${f_listening[@]}" | median); el=$(printf '%s\n' "${e_listening[@]}" | median)
ratio=$(awk -v f="$fm" -v e="$em" 'BEGIN { printf "%.2f", f / e }')
echo "Native AOT: $aot · ReadyToRun: $r2r (composite: $composite) · $rounds rounds · functions median $fm s · empty app median $em s · ratio $ratio (target ≤ 1.3)"
echo "Listening (first accepted connection), medians: functions $fl s, empty app $el s; so the first request took about $(awk -v a="$fm" -v b="$fl" 'BEGIN { printf "%.3f", a - b }') s and $(awk -v a="$em" -v b="$el" 'BEGIN { printf "%.3f", a - b }') s."
echo "| native AOT $aot, ReadyToRun $r2r, composite $composite | $(printf '%.3f' "$fm") | $(printf '%.3f' "$em") | ${ratio}× |"
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), .NET $(dotnet --version), $(date -u +%Y-%m-%d)."
