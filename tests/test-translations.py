#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every language in po/LINGUAS has a .po file that msgfmt compiles with --check, and that
translates every message of the sources as they are now.

Usage: test-translations.py SOURCE_ROOT

--check catches broken format strings (a translated %u that became %s would crash),
header errors and, with --check-accelerators, mnemonics (_Open) lost in translation.
Then the messages of the files in po/POTFILES.in are extracted with xgettext, as
`ninja stackscope-pot` does (the keywords of meson's "glib" preset), and merged into a copy
of each .po with msgmerge: a message that is new (untranslated) or changed (fuzzy) fails
the test and is listed, so that a language stays complete as strings are added. Prints a
TAP stream; skips without the gettext tools.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

# meson's i18n "glib" preset (mesonbuild/modules/i18n.py), which po/meson.build uses
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format",
]


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env=dict(os.environ, LC_ALL="C"), **kw)


def msgids(po_text):
    """The msgids of the entries of a .po text (joined continuation lines), header left out."""
    out, cur, in_id = [], None, False
    for line in po_text.splitlines() + [""]:
        if line.startswith("msgid "):
            cur, in_id = [line[6:]], True
        elif in_id and line.startswith('"'):
            cur.append(line)
        else:
            if in_id and cur is not None:
                text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', "".join(cur)))
                if text:
                    out.append(text)
            in_id = False
    return out


def main():
    root = os.path.abspath(sys.argv[1])
    tools = {t: shutil.which(t) for t in ("msgfmt", "xgettext", "msgmerge", "msgattrib")}
    missing = [t for t, path in tools.items() if path is None]
    if missing:
        print("1..0 # SKIP %s not found (Debian package gettext)" % ", ".join(missing))
        return 0

    with open(os.path.join(root, "po", "LINGUAS"), encoding="utf-8") as f:
        langs = [w for line in f for w in line.split("#", 1)[0].split()]

    print("1..%d" % max(2 * len(langs), 1))
    if not langs:
        print("ok 1 # SKIP no languages in po/LINGUAS")
        return 0
    failed = 0
    n = 0
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "stackscope.pot")
        r = run([tools["xgettext"], "--files-from=" + os.path.join(root, "po", "POTFILES.in"),
                 "--directory=" + root, "--output=" + pot] + XGETTEXT_ARGS)
        if r.returncode != 0 or not os.path.isfile(pot):
            print("Bail out! xgettext failed:\n" + r.stdout)
            return 1
        for lang in langs:
            po = os.path.join(root, "po", lang + ".po")
            n += 1
            if not os.path.isfile(po):
                print("not ok %d - %s: po/%s.po is missing" % (n, lang, lang))
                print("not ok %d - %s: po/%s.po is missing" % (n + 1, lang, lang))
                n += 1
                failed += 2
                continue
            r = run([tools["msgfmt"], "--check", "--check-accelerators=_", "--statistics",
                     "-o", os.devnull, po])
            print("%s %d - %s.po compiles with msgfmt --check"
                  % ("ok" if r.returncode == 0 else "not ok", n, lang))
            for line in r.stdout.splitlines():
                print("# " + line)
            failed += r.returncode != 0

            n += 1
            merged = os.path.join(tmp, lang + ".po")
            r = run([tools["msgmerge"], "--quiet", "--no-wrap", "-o", merged, po, pot])
            if r.returncode != 0:
                print("not ok %d - %s.po merges with the sources' messages\n# %s"
                      % (n, lang, r.stdout.replace("\n", "\n# ")))
                failed += 1
                continue
            todo = []
            for what, flag in (("untranslated", "--untranslated"), ("fuzzy", "--only-fuzzy")):
                r = run([tools["msgattrib"], flag, "--no-obsolete", "--no-wrap", merged])
                todo += [(what, m) for m in msgids(r.stdout)]
            print("%s %d - %s.po translates every message of the sources (%d to do)"
                  % ("not ok" if todo else "ok", n, lang, len(todo)))
            for what, m in todo:
                print("# %s: %s" % (what, m))
            failed += bool(todo)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
