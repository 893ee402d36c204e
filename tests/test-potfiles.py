#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""po/POTFILES.in must list every file with translatable strings, and nothing else.

Usage: test-potfiles.py SOURCE_ROOT

Looks through src/, ui/ and data/ for C files that call a gettext macro (_(), N_(),
C_(), NC_(), ngettext and friends) outside comments, GtkBuilder files with
translatable="yes", and desktop, AppStream and GSettings files. Prints a TAP stream.
"""

import os
import re
import sys

SCAN_DIRS = ("src", "ui", "data")
GETTEXT_CALL = re.compile(
    r"(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2?|g_dgettext|"
    r"dngettext|dgettext|pgettext|npgettext)\s*\(")


def strip_c(text):
    """The code of a C file with comments removed and string literals emptied."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def translatable(path):
    name = os.path.basename(path)
    if name.endswith((".desktop.in", ".metainfo.xml.in", ".appdata.xml.in")):
        return True
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False
    if name.endswith((".c", ".h")):
        return GETTEXT_CALL.search(strip_c(text)) is not None
    if name.endswith((".ui", ".blp")):
        return 'translatable="yes"' in text or "_(" in text
    if name.endswith((".gschema.xml", ".gschema.xml.in")):
        return "<summary>" in text or "<description>" in text
    return False


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    root = os.path.abspath(root)

    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        lines = [l.strip() for l in f]
    listed = [l for l in lines if l and not l.startswith("#")]

    found = set()
    for d in SCAN_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, d)):
            dirnames[:] = sorted(x for x in dirnames if not x.startswith((".", "_build")))
            for fn in filenames:
                path = os.path.join(dirpath, fn)
                if translatable(path):
                    found.add(os.path.relpath(path, root))

    checks = []
    missing = sorted(found - set(listed))
    checks.append(("every file with translatable strings is listed", missing,
                   "not in po/POTFILES.in"))
    gone = [p for p in listed if not os.path.isfile(os.path.join(root, p))]
    checks.append(("every listed file exists", gone, "listed but missing"))
    dups = sorted({p for p in listed if listed.count(p) > 1})
    checks.append(("no file is listed twice", dups, "listed twice"))
    unsorted = [] if listed == sorted(listed) else ["po/POTFILES.in"]
    checks.append(("the list is sorted", unsorted, "is not sorted (LC_ALL=C sort)"))

    print("1..%d" % len(checks))
    failed = 0
    for i, (what, bad, why) in enumerate(checks, 1):
        if bad:
            failed += 1
            print("not ok %d - %s" % (i, what))
            for p in bad:
                print("# %s: %s" % (p, why))
        else:
            print("ok %d - %s" % (i, what))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
