#!/usr/bin/env python3
"""CPython floor for the Python speed bar: compile() every .py file test-lint would read.

    python3 bench/speed/py-floor.py DIR [DIR ...]          # every .py under the directories
    python3 bench/speed/py-floor.py --files-from LIST      # exactly these files (one path a line)

Reads the bytes and compiles each file once (`compile(src, path, 'exec', dont_inherit=True)`,
syntax errors counted, not fatal), skipping the directories test-lint never walks. Prints one
JSON line: files, bytes, syntax errors, and the CPU seconds of the compile loop itself
(`time.process_time`); measure the whole process with `/usr/bin/time -v` for the ratio.
"""
import json
import os
import sys
import time

SKIP_DIRS = {"node_modules", ".test-lint-cache", "__pycache__", ".git", ".venv", "venv", ".tox"}


def walk(dirs):
    for top in dirs:
        if os.path.isfile(top):
            yield top
            continue
        for root, subdirs, files in os.walk(top):
            subdirs[:] = sorted(d for d in subdirs if d not in SKIP_DIRS)
            for f in sorted(files):
                if f.endswith(".py"):
                    yield os.path.join(root, f)


def main(argv):
    if len(argv) >= 2 and argv[0] == "--files-from":
        with open(argv[1], encoding="utf-8") as fh:
            paths = [line.strip() for line in fh if line.strip()]
    elif argv:
        paths = list(walk(argv))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    start = time.process_time()
    n = size = errors = 0
    for p in paths:
        try:
            with open(p, "rb") as fh:
                src = fh.read()
        except OSError:
            continue
        size += len(src)
        try:
            compile(src, p, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            errors += 1
        n += 1
    cpu = time.process_time() - start
    print(json.dumps({"files": n, "bytes": size, "syntaxErrors": errors, "compileCpuSeconds": round(cpu, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
