#!/usr/bin/env bash
# Start-up of the one-shot commands (issue 21 item 7): wall time of `udpsuite time` and `udpsuite send --wait sent`
# against a server on loopback, RUNS runs each (min / median / max), for the builds in BUILDS: the current build
# (framework-dependent, JIT), ReadyToRun, Native AOT. Each build is published into a temporary directory; a build
# that fails to publish is reported with its first error. One server (the default build) answers every run.
#   RUNS=20 BUILDS='jit|;r2r|-r linux-x64 -p:PublishReadyToRun=true --self-contained false;aot|-r linux-x64 -p:PublishAot=true' KEEP=1
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-20}
RID=${RID:-linux-x64}
BUILDS=${BUILDS:-"jit|-p:PublishReadyToRun=false;r2r|-r $RID -p:PublishReadyToRun=true --self-contained false;aot|-r $RID -p:PublishAot=true"}
WORK=$(mktemp -d /tmp/udpsuite-oneshot.XXXXXX)
SERVER_PID=
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    [[ "${KEEP:-0}" == 1 ]] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data DOTNET_CLI_TELEMETRY_OPTOUT=1
mkdir -p "$HOME"

publish() { # name args -> 0 when $WORK/$name/udpsuite exists
    local name=$1 args=$2
    # shellcheck disable=SC2086
    dotnet publish "$ROOT/src/UdpSuite.Cli/UdpSuite.Cli.csproj" -c Release -o "$WORK/$name" --nologo -v quiet $args >"$WORK/$name.publish.log" 2>&1
}

stats() { # numbers on stdin -> "min median max"
    sort -g | awk '{a[NR]=$1} END { printf "%.0f | %.0f | %.0f", a[1], a[int((NR + 1) / 2)], a[NR] }'
}

time_ms() { # command... -> wall milliseconds (the command must exit 0)
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>"$WORK/last.err" || { cat "$WORK/last.err" >&2; return 1; }
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
}

IFS=';' read -r -a LIST <<<"$BUILDS"
IFS='|' read -r first_name first_args <<<"${LIST[0]}"
publish "$first_name" "$first_args"

# The server: cheap Argon2id for the two accounts (the client derives its key at each login; the cost is the server's
# choice and not what is measured here), every port ephemeral.
UDPSUITE_Chat__PasswordHashMemoryKiB=8 UDPSUITE_Chat__PasswordHashIterations=1 \
    "$WORK/$first_name/udpsuite" server --time-port 0 --ntp-port off --rfc868-port off --daytime-port off --chat-port 0 \
    --discovery-port off --bind 127.0.0.1 --data-dir "$WORK/server" >"$WORK/server.log" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 1 200); do [[ $(grep -c '^listening' "$WORK/server.log" || true) -ge 2 ]] && break; sleep 0.1; done
tport=$(sed -n 's/^listening time-text udp .*:\([0-9]*\)$/\1/p' "$WORK/server.log")
cport=$(sed -n 's/^listening chat udp .*:\([0-9]*\)$/\1/p' "$WORK/server.log")
export UDPSUITE_PASSWORD=bench-password-1
for user in benchalice benchbob; do
    "$WORK/$first_name/udpsuite" register --server "127.0.0.1:$cport" --user "$user" >/dev/null 2>&1
done

echo "| build | publish arguments | size | time: min | median | max (ms) | send: min | median | max (ms) |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
for spec in "${LIST[@]}"; do
    IFS='|' read -r name args <<<"$spec"
    if [[ ! -x "$WORK/$name/udpsuite" ]] && ! publish "$name" "$args"; then
        echo "| $name | \`$args\` | - | publish failed: $(grep -m1 -E 'error' "$WORK/$name.publish.log" | sed 's/|/\\|/g' | cut -c1-200) | | | | | |"
        continue
    fi
    bin=$WORK/$name/udpsuite
    size=$(du -sh "$WORK/$name" | cut -f1)
    "$bin" --version >/dev/null 2>&1 || true # page in once, like any start after the first
    times=() sends=()
    for _ in $(seq 1 "$RUNS"); do
        times+=("$(time_ms "$bin" time --server "127.0.0.1:$tport" '%Y-%m-%d %X')")
        sends+=("$(time_ms "$bin" send --server "127.0.0.1:$cport" --user benchalice --to benchbob --wait sent 'start-up run')")
    done
    echo "| $name | \`${args:-(none)}\` | $size | $(printf '%s\n' "${times[@]}" | stats) | $(printf '%s\n' "${sends[@]}" | stats) |"
done
