#!/usr/bin/env bash
# Coverage-guided fuzzing of UdpSuite's decoders with AFL++ and SharpFuzz (outside CI: runs take minutes).
#
#   scripts/fuzz.sh <family|all> [seconds=600] [mode=afl|random]
#
# families: timetext sntp rfc868 chat reassembly contacts ipmsg (tests/UdpSuite.Fuzz/Targets/*.cs)
# afl:    publishes tests/UdpSuite.Fuzz, instruments the UdpSuite assemblies with the `sharpfuzz` dotnet tool, and runs
#         afl-fuzz for <seconds> from tests/UdpSuite.Fuzz/corpus/<family>. Needs: apt-get install afl++;
#         dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0 (the script installs both when missing).
# random: the harness's own seeded coverage-less mutation loop (no AFL needed).
# Results: artifacts/fuzz/<family>/ (AFL output dir, or findings/ for random); one summary line per family is
# appended to artifacts/fuzz/summary.txt. Each run is bounded by `timeout`; nothing is left running.
# Replay a crash:  dotnet artifacts/fuzz/bin/UdpSuite.Fuzz.dll <family> run <file>
set -euo pipefail
cd "$(dirname "$0")/.."
family=${1:?usage: scripts/fuzz.sh <family|all> [seconds] [afl|random]}
seconds=${2:-600}
mode=${3:-afl}
out=artifacts/fuzz
bin=$out/bin
families=(timetext sntp rfc868 chat reassembly contacts ipmsg)
[ "$family" = all ] || families=("$family")
mkdir -p "$out"

if [ ! -f "$bin/UdpSuite.Fuzz.dll" ] || [ "${FUZZ_REBUILD:-0}" = 1 ]; then
  rm -rf "$bin"
  dotnet publish tests/UdpSuite.Fuzz -c Release -o "$bin" --nologo -v q
  if [ "$mode" = afl ]; then
    export PATH="$PATH:$HOME/.dotnet/tools"
    command -v sharpfuzz >/dev/null || dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0
    # Instrument only our own code: coverage then means paths through UdpSuite's decoders.
    for dll in UdpSuite.Protocol UdpSuite.Time UdpSuite.Server UdpSuite.Client; do
      sharpfuzz "$bin/$dll.dll"
    done
    touch "$bin/.instrumented"
  fi
fi

for f in "${families[@]}"; do
  corpus=tests/UdpSuite.Fuzz/corpus/$f
  if [ "$mode" = afl ]; then
    command -v afl-fuzz >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends afl++; }
    [ -f "$bin/.instrumented" ] || { echo "bin is not instrumented: rerun with FUZZ_REBUILD=1" >&2; exit 1; }
    rm -rf "$out/$f"
    # dotnet is not an AFL-instrumented binary: SharpFuzz supplies the coverage map and fork-server protocol.
    AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
    AFL_TESTCACHE_SIZE=0 timeout -k 10 $((seconds + 120)) nice -n 10 \
      afl-fuzz -i "$corpus" -o "$out/$f" -t 10000 -m none -V "$seconds" -- dotnet "$bin/UdpSuite.Fuzz.dll" "$f" afl \
      > "$out/$f.log" 2>&1 || true
    stats=$out/$f/default/fuzzer_stats
    if [ -f "$stats" ]; then
      get() { awk -F: -v k="$1" '$1 ~ "^"k" *$" {gsub(/ /,"",$2); print $2}' "$stats"; }
      line="$(date -u +%FT%TZ) afl $f: ${seconds}s execs=$(get execs_done) execs/s=$(get execs_per_sec) paths=$(get corpus_count) edges=$(get edges_found) crashes=$(get saved_crashes) hangs=$(get saved_hangs)"
    else
      line="$(date -u +%FT%TZ) afl $f: no fuzzer_stats (see $out/$f.log)"
    fi
  else
    line="$(date -u +%FT%TZ) random $f: $(timeout -k 10 $((seconds + 60)) nice -n 10 dotnet "$bin/UdpSuite.Fuzz.dll" "$f" random "$seconds" "${FUZZ_SEED:-1}" "$corpus" "$out/$f/findings" | tail -1)" || true
  fi
  echo "$line" | tee -a "$out/summary.txt"
done
