#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every language in po/LINGUAS has a .po file that msgfmt compiles with --check.

Usage: test-translations.py SOURCE_ROOT

--check catches broken format strings (a translated %u that became %s would crash),
header errors and, with --check-accelerators, mnemonics (_Open) lost in translation.
How much is translated is reported, not judged: strings are added faster than
translators follow. Prints a TAP stream; skips without msgfmt.
"""

import os
import shutil
import subprocess
import sys


def main():
    root = os.path.abspath(sys.argv[1])
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        print("1..0 # SKIP msgfmt not found (Debian package gettext)")
        return 0

    with open(os.path.join(root, "po", "LINGUAS"), encoding="utf-8") as f:
        langs = [w for line in f for w in line.split("#", 1)[0].split()]

    print("1..%d" % max(len(langs), 1))
    if not langs:
        print("ok 1 # SKIP no languages in po/LINGUAS")
        return 0
    failed = 0
    for i, lang in enumerate(langs, 1):
        po = os.path.join(root, "po", lang + ".po")
        if not os.path.isfile(po):
            print("not ok %d - %s: po/%s.po is missing" % (i, lang, lang))
            failed += 1
            continue
        r = subprocess.run([msgfmt, "--check", "--check-accelerators=_", "--statistics",
                            "-o", os.devnull, po],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           env=dict(os.environ, LC_ALL="C"))
        print("%s %d - %s.po compiles with msgfmt --check" % ("ok" if r.returncode == 0 else "not ok",
                                                              i, lang))
        for line in r.stdout.splitlines():
            print("# " + line)
        failed += r.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
