#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifest is valid JSON and agrees with the project.

Usage: test-flatpak-manifest.py SOURCE_ROOT APP_ID

It cannot be built here (no network for the runtimes), so check what can go stale:
the app id and command, the GNOME 43 runtime (GTK 4.8, libadwaita 1.2), that the
project is a meson module whose -D options exist in meson_options.txt with values
they accept, and that file access goes through the portals. Prints a TAP stream.
"""

import json
import os
import re
import sys


def meson_options(path):
    """name -> (type, accepted values or None) from meson_options.txt."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    opts = {}
    for m in re.finditer(r"option\(\s*'([^']+)'\s*,(.*?)\)\s*$", text, re.S | re.M):
        name, body = m.group(1), m.group(2)
        t = re.search(r"type\s*:\s*'([^']+)'", body)
        kind = t.group(1) if t else "string"
        values = None
        if kind == "combo":
            c = re.search(r"choices\s*:\s*\[([^\]]*)\]", body)
            values = re.findall(r"'([^']*)'", c.group(1)) if c else []
        elif kind == "feature":
            values = ["enabled", "disabled", "auto"]
        elif kind == "boolean":
            values = ["true", "false"]
        opts[name] = (kind, values)
    return opts


def main():
    root, app_id = os.path.abspath(sys.argv[1]), sys.argv[2]
    path = os.path.join(root, "flatpak", app_id + ".json")
    results = []

    def check(what, ok, *notes):
        results.append((what, ok, notes))

    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print("1..1\nnot ok 1 - %s is valid JSON\n# %s" % (path, e))
        return 1
    check("valid JSON", True)

    check("id is " + app_id, manifest.get("id", manifest.get("app-id")) == app_id,
          "id: %r" % manifest.get("id"))
    check("command is stackscope", manifest.get("command") == "stackscope",
          "command: %r" % manifest.get("command"))
    check("GNOME 43 runtime and SDK",
          manifest.get("runtime") == "org.gnome.Platform"
          and str(manifest.get("runtime-version")) == "43"
          and manifest.get("sdk") == "org.gnome.Sdk",
          "runtime %r %r, sdk %r" % (manifest.get("runtime"), manifest.get("runtime-version"),
                                     manifest.get("sdk")))

    args = manifest.get("finish-args", [])
    check("display through Wayland with X11 fallback",
          "--socket=wayland" in args and "--socket=fallback-x11" in args
          and "--socket=x11" not in args, "finish-args: %r" % args)
    broad = [a for a in args
             if a.startswith("--filesystem=") and a.split("=", 1)[1] in ("host", "home", "host:rw", "home:rw")]
    check("files through the portals (no read-write host or home access)", not broad,
          "broad: %r" % broad)

    modules = manifest.get("modules", [])
    app = modules[-1] if modules else {}
    check("the last module is the project, built with meson",
          isinstance(app, dict) and app.get("name") == "stackscope"
          and app.get("buildsystem") == "meson", "last module: %r" % app)

    opts = meson_options(os.path.join(root, "meson_options.txt"))
    bad = []
    for opt in app.get("config-opts", []) if isinstance(app, dict) else []:
        m = re.fullmatch(r"-D([A-Za-z0-9_.-]+)=(.*)", opt)
        if not m:
            continue
        name, value = m.groups()
        if name not in opts:
            bad.append("%s: no such option in meson_options.txt" % opt)
        elif opts[name][1] is not None and value not in opts[name][1]:
            bad.append("%s: %s accepts %s" % (opt, name, ", ".join(opts[name][1])))
    check("config-opts name options of meson_options.txt with valid values", not bad, *bad)
    gui = [o for o in app.get("config-opts", [])] if isinstance(app, dict) else []
    check("the viewer is built (-Dgui=enabled)", "-Dgui=enabled" in gui, "config-opts: %r" % gui)

    print("1..%d" % len(results))
    failed = 0
    for i, (what, ok, notes) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, what))
        if not ok:
            failed += 1
            for n in notes:
                print("# " + n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
