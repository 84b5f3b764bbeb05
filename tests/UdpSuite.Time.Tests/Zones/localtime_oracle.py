"""Oracle for the zone differential tests: what glibc's localtime reports (via python3's time module).

Reads JSON lines {"tz", "t"}; writes JSON lines {"off", "dst", "zone", "f": [Y, m, d, H, M, S]} or {"error"}.
TZ is set (and tzset called) only when the zone changes, so callers sort queries by zone.
"""
import json
import os
import sys
import time

current = None
out = sys.stdout
for line in sys.stdin:
    q = json.loads(line)
    if q["tz"] != current:
        current = q["tz"]
        os.environ["TZ"] = current
        time.tzset()
    try:
        lt = time.localtime(q["t"])
        result = {"off": lt.tm_gmtoff, "dst": lt.tm_isdst, "zone": lt.tm_zone,
                  "f": [lt.tm_year, lt.tm_mon, lt.tm_mday, lt.tm_hour, lt.tm_min, lt.tm_sec]}
    except (OverflowError, OSError, ValueError) as e:
        result = {"error": repr(e)}
    out.write(json.dumps(result) + "\n")
out.flush()
