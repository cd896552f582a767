#!/usr/bin/env python3
"""Where `cargo test`'s time goes: each test binary's own time, slowest first, their sum, and
issue 29's targets beside them (the test binaries together <= 60 s on a built workspace, none
over 20 s).

Runs `cargo test --no-fail-fast` with any arguments given (e.g. `-p workbook`), passing cargo's
output through, then reads each binary's `Running` line and the `finished in` of its result.
Time spent building is not counted: build first (`cargo test --no-run`) for a warm figure.
Exits with cargo's exit code. Usage:
    tools/test-times.py [CARGO TEST ARGUMENTS ...]
"""

import os
import re
import subprocess
import sys

SUM_TARGET = 60.0
BINARY_TARGET = 20.0

RUNNING = re.compile(r"^\s*(?:Running|Doc-tests)\s+(\S+)")
FINISHED = re.compile(r"^test result: .*; finished in ([0-9.]+)s$")


def main():
    load = os.getloadavg()
    child = subprocess.Popen(
        ["cargo", "test", "--no-fail-fast", *sys.argv[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    times, current = [], None
    for line in child.stdout:
        sys.stdout.write(line)
        if m := RUNNING.match(line):
            current = m.group(1)
        elif (m := FINISHED.match(line.strip())) and current:
            times.append((float(m.group(1)), current))
            current = None
    code = child.wait()
    end_load = os.getloadavg()
    times.sort(reverse=True)
    total = sum(t for t, _ in times)
    print(f"\ntest binaries: {len(times)}, load {load[0]:.1f} at the start, {end_load[0]:.1f} at the end")
    for t, name in times[:10]:
        over = "  over the 20 s target" if t > BINARY_TARGET else ""
        print(f"{t:8.1f} s  {name}{over}")
    verdict = "met" if total <= SUM_TARGET else f"missed by {total - SUM_TARGET:.0f} s"
    print(f"{total:8.1f} s  all test binaries together (target <= {SUM_TARGET:.0f} s: {verdict})")
    sys.exit(code)


if __name__ == "__main__":
    main()
