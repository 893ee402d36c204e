#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""No source file over 900 lines and no C function over 150.

Usage: check-sizes.py [SOURCE_ROOT]
       check-sizes.py --self-test

Reads every .c and .h file under src/ and fails, listing each offender, where a file
has more than MAX_FILE_LINES lines or a function more than MAX_FUNCTION_LINES.

Functions are found as the code writes them (GNU style): a line that starts at column 0
with an identifier and has a "(" (the function's name, its type on the line before or on
the same line), then, before any line that ends in ";" or is blank, a "{" at column 0;
the body runs to the next "}" at column 0. A function's length is its body's, from the
"{" line to the "}" line, both counted.
"""

import os
import re
import sys
import tempfile

MAX_FILE_LINES = 900
MAX_FUNCTION_LINES = 150
# how far below the name line the "{" may stand (a long parameter list)
MAX_HEAD_LINES = 40

# an identifier at column 0, and the last identifier before the first "(" is the name
NAME_LINE = re.compile(r"^(?=[A-Za-z_])[^=;(]*?\b([A-Za-z_][A-Za-z0-9_]*)\s*\(")


def sources(top):
    """Every .c and .h file below top, sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith((".c", ".h")):
                found.append(os.path.join(dirpath, name))
    return found


def functions(lines):
    """(name, first line of the body, number of lines of the body) of each function;
    line numbers count from 1."""
    found = []
    i, n = 0, len(lines)
    while i < n:
        m = NAME_LINE.match(lines[i])
        if m is None or lines[i].rstrip().endswith(";"):
            i += 1
            continue
        name = m.group(1)
        start = None
        for j in range(i, min(n, i + MAX_HEAD_LINES)):
            line = lines[j].rstrip()
            if line.startswith("{"):
                start = j
                break
            if line.endswith(";") or (j > i and not line.strip()):
                break
            if j > i and NAME_LINE.match(line):
                break
        if start is None:
            i += 1
            continue
        end = start + 1
        while end < n and not lines[end].startswith("}"):
            end += 1
        if end >= n:
            break
        found.append((name, start + 1, end - start + 1))
        i = end + 1
    return found


def check(root):
    """Every offence of the tree at root, as lines of text."""
    problems = []
    for path in sources(os.path.join(root, "src")):
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        if len(lines) > MAX_FILE_LINES:
            problems.append(f"{rel}: {len(lines)} lines (at most {MAX_FILE_LINES})")
        for name, first, length in functions(lines):
            if length > MAX_FUNCTION_LINES:
                problems.append(f"{rel}:{first}: {name}() has {length} lines "
                                f"(at most {MAX_FUNCTION_LINES})")
    return problems


def function_text(name, body_lines, style="gnu"):
    """A C function whose body (braces included) has body_lines lines."""
    inner = "".join(f"  x += {k};\n" for k in range(body_lines - 2))
    if style == "same-line":
        return f"static int {name} (int x)\n{{\n{inner}}}\n\n"
    return f"static int\n{name} (int  x,\n{' ' * (len(name) + 2)}int  y)\n{{\n{inner}}}\n\n"


def self_test():
    """Fake trees with files and functions just under, at and over the limits."""
    failures = 0

    def expect(what, ok):
        nonlocal failures
        print(("ok" if ok else "FAIL") + ": " + what)
        failures += 0 if ok else 1

    with tempfile.TemporaryDirectory() as root:
        def write(rel, text):
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)

        prototypes = ("int declared (int  x,\n              int  y);\n\n"
                      "G_DEFINE_FINAL_TYPE (ScThing, sc_thing, G_TYPE_OBJECT)\n\n"
                      "static const int table[] = {\n  1, 2,\n};\n\n")
        write("src/core/base/ok.c", prototypes + function_text("at_limit", MAX_FUNCTION_LINES)
              + function_text("small", 3, "same-line"))
        write("src/ok.h", "#pragma once\n" + "\n" * (MAX_FILE_LINES - 1))
        clean = check(root)
        expect("a tree within the limits passes" + (": " + "; ".join(clean) if clean else ""),
               not clean)

        write("src/widgets/long.c", function_text("too_long", MAX_FUNCTION_LINES + 1)
              + function_text("fine", 10) + function_text("also_long", 400, "same-line"))
        write("src/big.h", "#pragma once\n" + "\n" * MAX_FILE_LINES)
        found = check(root)
        print("  " + "\n  ".join(found))
        expect("a function one line over is reported",
               f"src/widgets/long.c:4: too_long() has {MAX_FUNCTION_LINES + 1} lines "
               f"(at most {MAX_FUNCTION_LINES})" in found)
        expect("a function with its type on the name line is reported",
               any(p.startswith("src/widgets/long.c:") and "also_long() has 400 lines" in p
                   for p in found))
        expect("a file one line over is reported",
               f"src/big.h: {MAX_FILE_LINES + 1} lines (at most {MAX_FILE_LINES})" in found)
        expect("nothing else is reported", len(found) == 3)
    return 1 if failures else 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = check(os.path.abspath(root))
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} file(s) or function(s) over the limits")
        return 1
    print(f"no file over {MAX_FILE_LINES} lines and no function over {MAX_FUNCTION_LINES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
