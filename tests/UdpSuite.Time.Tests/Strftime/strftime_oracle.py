"""Oracle for the differential strftime test: glibc's strftime as Python's time.strftime calls it.

Reads JSON lines {"id", "tz", "t", "us", "fmt"} on stdin, writes JSON lines {"id", "out", "off", "dst", "zone"}.
TZ is set per case, so localtime() uses the host's /usr/share/zoneinfo exactly as `date` does.
A bare "%f" (the one extension, as datetime.strftime spells it) becomes the microseconds before glibc sees the
format; the regex walks conversions the way glibc parses them, so "%%f" and "%-f" are left alone.
"""
import json
import os
import re
import sys
import time

SPEC = re.compile(r"%([_\-0^#]*)([0-9]*)([EO]?)(.|$)", re.DOTALL)


def main():
    current_tz = None
    out = sys.stdout
    for line in sys.stdin:
        case = json.loads(line)
        if case["tz"] != current_tz:
            current_tz = case["tz"]
            os.environ["TZ"] = current_tz
            time.tzset()
        lt = time.localtime(case["t"])
        # glibc's %s is mktime() of the broken-down time: in an overlap whose two sides share tm_isdst
        # (LMT to standard time, 1940s double summer time) it may name the other instant with the same
        # wall clock, depending on mktime's cached guess. Report that instant so the test can tell the
        # documented difference from a real one.
        mktime_seconds = int(time.strftime("%s", lt))
        ambiguous = mktime_seconds != case["t"] and time.localtime(mktime_seconds)[:6] == lt[:6]
        us = "%06d" % case["us"]
        fmt = SPEC.sub(lambda m: us if m.group(0) == "%f" else m.group(0), case["fmt"])
        try:
            text = time.strftime(fmt, lt)
            result = {"id": case["id"], "out": text}
        except Exception as e:  # reported, so the test fails with the reason instead of hanging
            result = {"id": case["id"], "err": repr(e)}
        result.update(mktime=mktime_seconds, ambiguous=ambiguous, off=lt.tm_gmtoff, dst=lt.tm_isdst, zone=lt.tm_zone)
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
