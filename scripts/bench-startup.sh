#!/usr/bin/env bash
# Start-up benchmark (issue 7): time from process start to the first answered time-text request, RUNS runs per
# build (median), for the builds in BUILDS (default: framework-dependent, ReadyToRun, Native AOT). Each build is
# published into a temporary directory; a build that fails to publish is reported as such. Loopback only.
#   BUILDS='default|;r2r|-p:PublishReadyToRun=true;aot|-p:PublishAot=true'   RUNS=5   KEEP=1
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
RID=${RID:-linux-x64}
BUILDS=${BUILDS:-"default|;r2r|-r $RID -p:PublishReadyToRun=true --self-contained false;aot|-r $RID -p:PublishAot=true"}
WORK=$(mktemp -d /tmp/udpsuite-startup.XXXXXX)
trap '[[ "${KEEP:-0}" == 1 ]] && echo "kept $WORK" >&2 || rm -rf "$WORK"' EXIT

measure() { # binary -> one line: ms to first reply, or "failed"
    python3 - "$1" <<'EOF'
import socket, subprocess, sys, time
probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); probe.bind(("127.0.0.1", 0)); port = probe.getsockname()[1]; probe.close()
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); client.settimeout(0.002)
t0 = time.perf_counter()
p = subprocess.Popen([sys.argv[1], "server", "--time-port", str(port), "--ntp-port", "off", "--rfc868-port", "off",
                      "--daytime-port", "off", "--chat-port", "off", "--discovery-port", "off", "--bind", "127.0.0.1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    while time.perf_counter() - t0 < 20:
        client.sendto(b"%Y-%m-%d %X", ("127.0.0.1", port))
        try:
            client.recvfrom(100)
            print(f"{(time.perf_counter() - t0) * 1000:.1f}")
            break
        except (socket.timeout, ConnectionRefusedError):
            pass
    else:
        print("failed")
finally:
    p.terminate(); p.wait()
EOF
}

echo "| build | publish arguments | size of publish dir | start → first time-text reply, median of $RUNS (ms) | runs (ms) |"
echo "|---|---|---:|---:|---|"
IFS=';' read -r -a LIST <<<"$BUILDS"
for spec in "${LIST[@]}"; do
    IFS='|' read -r name args <<<"$spec"
    out=$WORK/$name
    # shellcheck disable=SC2086
    if ! dotnet publish "$ROOT/src/UdpSuite.Cli/UdpSuite.Cli.csproj" -c Release -o "$out" --nologo -v quiet $args >"$WORK/$name.publish.log" 2>&1; then
        echo "| $name | \`$args\` | - | publish failed: $(grep -m1 -E 'error' "$WORK/$name.publish.log" | sed 's/|/\\|/g' | cut -c1-160) | |"
        continue
    fi
    size=$(du -sh "$out" | cut -f1)
    "$out/udpsuite" --help >/dev/null 2>&1 || true # page in once, like a second start
    runs=()
    for _ in $(seq 1 "$RUNS"); do runs+=("$(measure "$out/udpsuite")"); done
    median=$(printf '%s\n' "${runs[@]}" | grep -v failed | sort -g | awk '{a[NR]=$1} END { print NR ? a[int((NR + 1) / 2)] : "failed" }')
    echo "| $name | \`${args:-(none)}\` | $size | $median | ${runs[*]} |"
done
