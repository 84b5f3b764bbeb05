#!/usr/bin/env bash
# A self-contained single-file udpsuite for machines without the .NET SDK or runtime (README "Install"):
#   scripts/publish.sh                  -> artifacts/publish/linux-x64/udpsuite (+ appsettings.json, contacts.json)
#   RID=linux-arm64 scripts/publish.sh  -> another platform
# ReadyToRun code is included (UdpSuite.Cli.csproj turns it on whenever a runtime identifier is given; start-up
# figures in docs/BENCHMARKS.md). Native libraries (SQLite, libsodium) are bundled and extracted on first start.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RID=${RID:-linux-x64}
OUT=${OUT:-$ROOT/artifacts/publish/$RID}

dotnet publish "$ROOT/src/UdpSuite.Cli/UdpSuite.Cli.csproj" -c Release -r "$RID" --self-contained true \
    -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
    -o "$OUT" --nologo
echo "published $OUT/udpsuite ($("$OUT/udpsuite" --version 2>/dev/null || echo "built for $RID"))"
