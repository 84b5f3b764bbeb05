#!/usr/bin/env bash
# Paired A/B of the chat relay: messages relayed per second between client pairs, two source trees side by side.
#
#   scripts/bench-relay-ab.sh BEFORE_TREE AFTER_TREE
#
# Each tree is built in Release (its own CLI and its own relay load driver, tests/UdpSuite.Benchmarks `relay`, so each
# side speaks its own protocol version). Rounds are interleaved (before, after, before, after, ...) so slow phases of a
# shared machine hit both sides alike; every run gets a fresh server and data directory on disk (every commit fsync'ed).
# Environment: RUNS=3, MESSAGES=500 (per sender), LOADS='--pairs 1 --window 8;--pairs 4 --window 8;--pairs 16 --window 8',
# HOST=127.0.0.1. The per-source limit is raised as in scripts/bench-server.sh: every driver client shares 127.0.0.1.
# Client pins and config go to a temporary XDG_CONFIG_HOME, never the user's.
set -euo pipefail
BEFORE=$(cd "$1" && pwd); AFTER=$(cd "$2" && pwd)
RUNS=${RUNS:-3}; MESSAGES=${MESSAGES:-500}; HOST=${HOST:-127.0.0.1}
LOADS=${LOADS:-'--pairs 1 --window 8;--pairs 4 --window 8;--pairs 16 --window 8'}
WORK=$(mktemp -d /tmp/relay-ab.XXXXXX)
export XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data HOME=$WORK/home
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$HOME"
PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
ENVS=(UDPSUITE_Logging__LogLevel__Default=Warning UDPSUITE_Server__ChatRateLimit__PerSourcePerSecond=1000000000
      UDPSUITE_Server__ChatRateLimit__PerSourceBurst=1000000000 UDPSUITE_Server__ChatRateLimit__PerAccountPerSecond=1000000000
      UDPSUITE_Server__ChatRateLimit__PerAccountBurst=1000000000)
for side in before after; do
    tree=$BEFORE; [[ $side == after ]] && tree=$AFTER
    dotnet publish "$tree/src/UdpSuite.Cli" -c Release -o "$WORK/$side/cli" --nologo -v quiet >&2
    dotnet build "$tree/tests/UdpSuite.Benchmarks/UdpSuite.Benchmarks.csproj" -c Release -o "$WORK/$side/bench" --nologo -v quiet >&2
done
IFS=';' read -r -a LOAD_LIST <<<"$LOADS"
RESULTS=$WORK/results.tsv; : >"$RESULTS"
for run in $(seq 1 "$RUNS"); do
    for load in "${LOAD_LIST[@]}"; do
        for side in before after; do
            log=$WORK/$side-$run.log
            env "${ENVS[@]}" "$WORK/$side/cli/udpsuite" server --time-port off --ntp-port off --rfc868-port off --daytime-port off \
                --discovery-port off --chat-port 0 --bind "$HOST" --data-dir "$WORK/$side-data-$run-${load// /}" >"$log" 2>&1 &
            PID=$!
            for _ in $(seq 1 100); do grep -q '^listening chat' "$log" && break; sleep 0.1; done
            port=$(sed -n 's/^listening chat udp .*:\([0-9]*\)$/\1/p' "$log")
            # shellcheck disable=SC2086
            out=$(dotnet "$WORK/$side/bench/UdpSuite.Benchmarks.dll" relay --server "$HOST:$port" --messages "$MESSAGES" $load 2>/dev/null || true)
            kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
            echo "run $run [$load] $side: $out" >&2
            rate=$(sed -nE 's/.*rate=([0-9.]+)\/s.*/\1/p' <<<"$out"); p99=$(sed -nE 's/.*p99_us=([0-9]+).*/\1/p' <<<"$out")
            lost=$(sed -nE 's/.*lost=([0-9]+).*/\1/p' <<<"$out")
            printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$load" "$side" "$run" "${rate:-0}" "${p99:-0}" "${lost:-?}" >>"$RESULTS"
        done
    done
done
echo "| load | before: msgs/s per round | after: msgs/s per round | after/before (medians) | p99 ms before → after | lost |"
echo "|---|---|---|---|---|---|"
for load in "${LOAD_LIST[@]}"; do
    rates() { awk -F'\t' -v l="$load" -v s="$1" '$1 == l && $2 == s { printf "%s%.0f", (n++ ? ", " : ""), $4 }' "$RESULTS"; }
    median() { awk -F'\t' -v l="$load" -v s="$1" -v c="$2" '$1 == l && $2 == s { print $c }' "$RESULTS" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
    p99s() { awk -F'\t' -v l="$load" -v s="$1" '$1 == l && $2 == s { printf "%s%.0f", (n++ ? " / " : ""), $5 / 1000 }' "$RESULTS"; }
    lost=$(awk -F'\t' -v l="$load" '$1 == l { t += $6 } END { print t + 0 }' "$RESULTS")
    printf '| `%s` | %s | %s | %.2f | %s → %s | %s |\n' "$load" "$(rates before)" "$(rates after)" \
        "$(awk -v a="$(median after 4)" -v b="$(median before 4)" 'BEGIN { print (b > 0 ? a / b : 0) }')" "$(p99s before)" "$(p99s after)" "$lost"
done
