#!/usr/bin/env bash
# Server load benchmark (issue 7, SPEC section 10): in ONE run, on loopback only, builds ../shared/tools into a
# temporary directory, publishes udpsuite (Release), starts limit_echo, chronyd (foreground, -x: never touches the
# clock, own pidfile, cmdport 0) and udpsuite, drives each with udpload with identical settings and prints one
# markdown table (medians of RUNS runs; rounds are interleaved so every target sees the same machine state).
#
# Knobs (environment):
#   DUR=4 RUNS=3                 udpload duration per run and runs per cell
#   LOADS='-s 1 -w 64;-s 2 -w 64' udpload load settings (';'-separated); LAT_LOAD='-s 1 -w 8' the latency run ('' skips it)
#   VARIANTS='default||'         udpsuite variants to compare side by side, ';'-separated 'name|ENV=V ENV2=V|extra args'
#                                e.g. 'default||;loops2||--loops 2;srvgc|DOTNET_gcServer=1|'
#   PUBLISH_ARGS=''              extra `dotnet publish` arguments (e.g. -p:PublishReadyToRun=true)
#   REFERENCES=1                 0 skips limit_echo and chronyd (ratios then print as -)
#   RSS=1                        0 skips the RSS phase (VmRSS after 10k and after 1M requests)
#   CHAT=1                       0 skips the chat relay rows
#   CHAT_LOADS='--pairs 1 --window 8;--pairs 4 --window 8;--pairs 16 --window 8'  relay driver settings (';'-separated)
#   CHAT_MESSAGES=1000           messages per sender per run; CHAT_ENV='...' environment for the relay server
#   KEEP=1                       keep the temporary directory
#
# The SNTP listener's per-client rate limit (KoD RATE, default 16 burst / 2 per second) would answer a load
# generator with Kiss-o'-Death: this script raises it for the benchmark through the documented configuration
# (UDPSUITE_Server__NtpRateLimit__Burst / __RequestsPerSecond), and the time-text, daytime and RFC 868 per-address limit
# (UDPSUITE_Server__TimeRateLimit__Burst / __RequestsPerSecond). Nothing else in the server configuration changes.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS_SRC=${TOOLS_SRC:-$ROOT/../shared/tools}
DUR=${DUR:-4}
RUNS=${RUNS:-3}
LOADS=${LOADS:-'-s 1 -w 64;-s 2 -w 64'}
LAT_LOAD=${LAT_LOAD-'-s 1 -w 8'}
VARIANTS=${VARIANTS:-'default||'}
PUBLISH_ARGS=${PUBLISH_ARGS:-}
REFERENCES=${REFERENCES:-1}
RSS=${RSS:-1}
CHAT=${CHAT:-1}
CHAT_LOADS=${CHAT_LOADS:-'--pairs 1 --window 8;--pairs 4 --window 8;--pairs 16 --window 8'}
CHAT_MESSAGES=${CHAT_MESSAGES:-1000}
# The load driver's clients all come from 127.0.0.1: the per-source chat limit (Server:ChatRateLimit) is raised, as the
# SNTP limit is above; per-account limits stay as shipped.
CHAT_ENV=${CHAT_ENV:-'UDPSUITE_Server__ChatRateLimit__PerSourcePerSecond=1000000000 UDPSUITE_Server__ChatRateLimit__PerSourceBurst=1000000000'}
TEXT_FORMAT='%Y-%m-%d %X'
HOST=127.0.0.1

WORK=$(mktemp -d /tmp/udpsuite-bench.XXXXXX)
PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "# $*" >&2; }

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# ---- build the tools (never in the shared tree) and publish udpsuite ----
mkdir -p "$WORK/tools"
cp "$TOOLS_SRC/Makefile" "$TOOLS_SRC/udpload.c" "$TOOLS_SRC/limit_echo.c" "$WORK/tools/"
make -s -C "$WORK/tools" >&2
UDPLOAD=$WORK/tools/udpload
log "publishing udpsuite (Release) $PUBLISH_ARGS"
# shellcheck disable=SC2086
dotnet publish "$ROOT/src/UdpSuite.Cli/UdpSuite.Cli.csproj" -c Release -o "$WORK/pub" --nologo -v quiet $PUBLISH_ARGS >&2
UDPSUITE=$WORK/pub/udpsuite

# ---- targets: name, mode (ntp|text), port; TARGET_PID for RSS ----
T_NAME=(); T_MODE=(); T_PORT=()
add_target() { T_NAME+=("$1"); T_MODE+=("$2"); T_PORT+=("$3"); }

wait_answering() { # port mode
    local i out
    for i in $(seq 1 50); do
        out=$("$UDPLOAD" "$HOST" "$1" "$(mode_arg "$2")" -d 0.1 -s 1 -w 1 2>/dev/null || true)
        [[ "$out" =~ received=([0-9]+) ]] && (( BASH_REMATCH[1] > 0 )) && return 0
        sleep 0.1
    done
    echo "target on port $1 ($2) never answered" >&2; return 1
}

mode_arg() { if [[ "$1" == ntp ]]; then echo ntp; else echo "text:$TEXT_FORMAT"; fi; }

if [[ "$REFERENCES" == 1 ]]; then
    LE_PORT=$(free_port)
    "$WORK/tools/limit_echo" "$LE_PORT" 1 >/dev/null 2>&1 &
    PIDS+=($!)
    wait_answering "$LE_PORT" ntp
    add_target "limit_echo (1 thread)" ntp "$LE_PORT"
    add_target "limit_echo (1 thread)" text "$LE_PORT"

    CH_PORT=$(free_port)
    printf 'port %s\nbindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 10\ncmdport 0\npidfile %s/chronyd.pid\n' \
        "$CH_PORT" "$WORK" > "$WORK/chrony.conf"
    chronyd -d -x -u root -f "$WORK/chrony.conf" >"$WORK/chronyd.log" 2>&1 &
    PIDS+=($!)
    wait_answering "$CH_PORT" ntp
    add_target "chronyd $(chronyd -v | awk '{print $4}')" ntp "$CH_PORT"
fi

declare -A VAR_PID=()
IFS=';' read -r -a VARIANT_LIST <<<"$VARIANTS"
for spec in "${VARIANT_LIST[@]}"; do
    IFS='|' read -r vname venv vargs <<<"$spec"
    vlog=$WORK/udpsuite-$vname.log
    # shellcheck disable=SC2086
    env UDPSUITE_Server__NtpRateLimit__Burst=1000000000 UDPSUITE_Server__NtpRateLimit__RequestsPerSecond=1000000000 UDPSUITE_Server__TimeRateLimit__Burst=1000000000 UDPSUITE_Server__TimeRateLimit__RequestsPerSecond=1000000000 \
        UDPSUITE_Logging__LogLevel__Default=Warning UDPSUITE_Logging__LogLevel__Microsoft.Hosting.Lifetime=Warning $venv \
        "$UDPSUITE" server --time-port 0 --ntp-port 0 --rfc868-port off --daytime-port off --discovery-port off --chat-port off --bind "$HOST" $vargs >"$vlog" 2>&1 &
    VAR_PID[$vname]=$!
    PIDS+=($!)
    for _ in $(seq 1 100); do [[ $(grep -c '^listening' "$vlog" || true) -ge 2 ]] && break; sleep 0.1; done
    tport=$(sed -n 's/^listening time-text udp .*:\([0-9]*\)$/\1/p' "$vlog")
    nport=$(sed -n 's/^listening sntp udp .*:\([0-9]*\)$/\1/p' "$vlog")
    [[ -n "$tport" && -n "$nport" ]] || { cat "$vlog" >&2; echo "udpsuite ($vname) did not start" >&2; exit 1; }
    label="udpsuite"; [[ "$vname" != default ]] && label="udpsuite [$vname]"
    add_target "$label SNTP" ntp "$nport"
    add_target "$label time-text" text "$tport"
done

# Warm-up: JIT tiers settle (same treatment for every target).
for i in "${!T_NAME[@]}"; do "$UDPLOAD" "$HOST" "${T_PORT[$i]}" "$(mode_arg "${T_MODE[$i]}")" -d 1 -s 1 -w 64 >/dev/null; done

# ---- measurement rounds (interleaved) ----
IFS=';' read -r -a LOAD_LIST <<<"$LOADS"
ALL_LOADS=("${LOAD_LIST[@]}")
[[ -n "$LAT_LOAD" ]] && ALL_LOADS+=("$LAT_LOAD")
RESULTS=$WORK/results.tsv   # target_index load run sent received lost rate p50 p99
: >"$RESULTS"
for run in $(seq 1 "$RUNS"); do
    for load in "${ALL_LOADS[@]}"; do
        for i in "${!T_NAME[@]}"; do
            # shellcheck disable=SC2086
            out=$("$UDPLOAD" "$HOST" "${T_PORT[$i]}" "$(mode_arg "${T_MODE[$i]}")" -d "$DUR" $load)
            log "run $run [$load] ${T_NAME[$i]} ${T_MODE[$i]}: $out"
            read -r s r l rate p50 p99 < <(sed -E 's/sent=([0-9]+) received=([0-9]+) lost=([0-9]+) rate=([0-9.]+)\/s p50_us=([0-9]+) p99_us=([0-9]+).*/\1 \2 \3 \4 \5 \6/' <<<"$out")
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$load" "$run" "$s" "$r" "$l" "$rate" "$p50" "$p99" >>"$RESULTS"
        done
    done
done

# ---- RSS: VmRSS after the first 10,000 requests and after 1,000,000 (first udpsuite variant, text+ntp) ----
RSS_LINE=""
if [[ "$RSS" == 1 ]]; then
    first=${VARIANT_LIST[0]%%|*}
    pid=${VAR_PID[$first]}
    # a fresh process, so the 10k point is really the first 10k requests
    kill "$pid"; wait "$pid" 2>/dev/null || true
    IFS='|' read -r vname venv vargs <<<"${VARIANT_LIST[0]}"
    vlog=$WORK/udpsuite-rss.log
    # shellcheck disable=SC2086
    env UDPSUITE_Server__NtpRateLimit__Burst=1000000000 UDPSUITE_Server__NtpRateLimit__RequestsPerSecond=1000000000 UDPSUITE_Server__TimeRateLimit__Burst=1000000000 UDPSUITE_Server__TimeRateLimit__RequestsPerSecond=1000000000 $venv \
        "$UDPSUITE" server --time-port 0 --ntp-port 0 --rfc868-port off --daytime-port off --discovery-port off --chat-port off --bind "$HOST" $vargs >"$vlog" 2>&1 &
    pid=$!; PIDS+=($pid)
    for _ in $(seq 1 100); do [[ $(grep -c '^listening' "$vlog" || true) -ge 2 ]] && break; sleep 0.1; done
    tport=$(sed -n 's/^listening time-text udp .*:\([0-9]*\)$/\1/p' "$vlog")
    nport=$(sed -n 's/^listening sntp udp .*:\([0-9]*\)$/\1/p' "$vlog")
    rss() { awk '/^VmRSS/{print $2}' "/proc/$pid/status"; }
    rss_start=$(rss)
    total=0
    while (( total < 10000 )); do
        out=$("$UDPLOAD" "$HOST" "$tport" "text:$TEXT_FORMAT" -d 0.02 -s 1 -w 16)
        [[ "$out" =~ received=([0-9]+) ]] && total=$((total + BASH_REMATCH[1]))
        out=$("$UDPLOAD" "$HOST" "$nport" ntp -d 0.02 -s 1 -w 16)
        [[ "$out" =~ received=([0-9]+) ]] && total=$((total + BASH_REMATCH[1]))
    done
    n10k=$total; rss_10k=$(rss)
    while (( total < 1000000 )); do
        out=$("$UDPLOAD" "$HOST" "$tport" "text:$TEXT_FORMAT" -d 1 -s 2 -w 64)
        [[ "$out" =~ received=([0-9]+) ]] && total=$((total + BASH_REMATCH[1]))
        out=$("$UDPLOAD" "$HOST" "$nport" ntp -d 1 -s 2 -w 64)
        [[ "$out" =~ received=([0-9]+) ]] && total=$((total + BASH_REMATCH[1]))
    done
    rss_1m=$(rss)
    RSS_LINE=$(awk -v s="$rss_start" -v a="$rss_10k" -v na="$n10k" -v b="$rss_1m" -v nb="$total" 'BEGIN {
        printf "RSS (VmRSS, udpsuite): at start %d KiB; after %d requests %d KiB; after %d requests %d KiB (%+.1f%%)", s, na, a, nb, b, (b - a) * 100.0 / a }')
fi

# ---- table ----
median() { sort -g | awk '{a[NR]=$1} END { if (NR == 0) print 0; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
cell() { # index load column -> median
    awk -F'\t' -v i="$1" -v l="$2" -v c="$3" '$1 == i && $2 == l { print $c }' "$RESULTS" | median
}
loss_pct() {
    awk -F'\t' -v i="$1" -v l="$2" '$1 == i && $2 == l { s += $4; lo += $6 } END { printf "%.2f%%", (s ? lo * 100 / s : 0) }' "$RESULTS"
}
ref_index() { # name-prefix mode
    local i
    for i in "${!T_NAME[@]}"; do [[ "${T_NAME[$i]}" == "$1"* && "${T_MODE[$i]}" == "$2" ]] && { echo "$i"; return; }; done
    echo ""
}
ratio() { if [[ -z "$2" ]] || [[ "$2" == 0 ]]; then echo "-"; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; fi; }

CH_I=$(ref_index chronyd ntp)
echo
echo "udpload -d $DUR, medians of $RUNS interleaved runs; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| target | mode | udpload load | replies/s | loss | p50 µs | p99 µs | vs chronyd (ntp) | vs limit_echo (same mode) |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
for load in "${ALL_LOADS[@]}"; do
    for i in "${!T_NAME[@]}"; do
        rate=$(cell "$i" "$load" 7); p50=$(cell "$i" "$load" 8); p99=$(cell "$i" "$load" 9)
        le=$(ref_index limit_echo "${T_MODE[$i]}")
        ch_rate=""; [[ -n "$CH_I" ]] && ch_rate=$(cell "$CH_I" "$load" 7)
        le_rate=""; [[ -n "$le" ]] && le_rate=$(cell "$le" "$load" 7)
        tag="$load"; [[ "$load" == "$LAT_LOAD" ]] && tag="$load (latency run)"
        printf '| %s | %s | `%s` | %.0f | %s | %.0f | %.0f | %s | %s |\n' "${T_NAME[$i]}" "${T_MODE[$i]}" "$tag" "$rate" \
            "$(loss_pct "$i" "$load")" "$p50" "$p99" "$(ratio "$rate" "$ch_rate")" "$(ratio "$rate" "$le_rate")"
    done
done
# ---- chat relay: messages relayed between sender/receiver pairs (real client library: SCRAM login, MAC, acks) ----
# udpload does not speak the chat protocol: tests/UdpSuite.Benchmarks' `relay` driver does (see RelayLoadRunner).
if [[ "$CHAT" == 1 ]]; then
    dotnet build "$ROOT/tests/UdpSuite.Benchmarks/UdpSuite.Benchmarks.csproj" -c Release -o "$WORK/bench" --nologo -v quiet >&2
    IFS=';' read -r -a CHAT_LOAD_LIST <<<"$CHAT_LOADS"
    CHAT_RESULTS=$WORK/chat.tsv
    : >"$CHAT_RESULTS"
    for run in $(seq 1 "$RUNS"); do
        # a fresh server and data directory (on disk, as deployed: every commit is fsync'ed) per round
        clog=$WORK/udpsuite-chat-$run.log
        env UDPSUITE_Logging__LogLevel__Default=Warning $CHAT_ENV "$UDPSUITE" server --time-port off --ntp-port off --rfc868-port off \
            --daytime-port off --discovery-port off --chat-port 0 --bind "$HOST" --data-dir "$WORK/chat-data-$run" >"$clog" 2>&1 &
        cpid=$!; PIDS+=($cpid)
        for _ in $(seq 1 100); do grep -q '^listening chat' "$clog" && break; sleep 0.1; done
        cport=$(sed -n 's/^listening chat udp .*:\([0-9]*\)$/\1/p' "$clog")
        [[ -n "$cport" ]] || { cat "$clog" >&2; echo "udpsuite chat relay did not start" >&2; exit 1; }
        for load in "${CHAT_LOAD_LIST[@]}"; do
            # shellcheck disable=SC2086
            out=$(dotnet "$WORK/bench/UdpSuite.Benchmarks.dll" relay --server "$HOST:$cport" --messages "$CHAT_MESSAGES" $load || true)
            log "run $run [$load] chat relay: $out"
            read -r s r l rate p50 p99 < <(sed -E 's/.*sent=([0-9]+) received=([0-9]+) lost=([0-9]+) duplicates=[0-9]+ rate=([0-9.]+)\/s p50_us=([0-9]+) p99_us=([0-9]+).*/\1 \2 \3 \4 \5 \6/' <<<"$out")
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$load" "$run" "$s" "$r" "$l" "$rate" "$p50" "$p99" >>"$CHAT_RESULTS"
        done
        kill "$cpid"; wait "$cpid" 2>/dev/null || true
    done
    for load in "${CHAT_LOAD_LIST[@]}"; do
        col() { awk -F'\t' -v l="$load" -v c="$1" '$1 == l { print $c }' "$CHAT_RESULTS" | median; }
        closs=$(awk -F'\t' -v l="$load" '$1 == l { s += $3; lo += $5 } END { printf "%.2f%%", (s ? lo * 100 / s : 0) }' "$CHAT_RESULTS")
        printf '| udpsuite chat relay (msgs relayed) | chat | `%s` | %.0f | %s | %.0f | %.0f | - | - |\n' "$load" "$(col 6)" "$closs" "$(col 7)" "$(col 8)"
    done
fi
if [[ -n "$RSS_LINE" ]]; then echo; echo "$RSS_LINE"; fi
