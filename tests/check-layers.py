#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The core's layers, checked from the #include lines.

Usage: check-layers.py [SOURCE_ROOT]
       check-layers.py --self-test

src/core has one folder a layer, lowest first: base, model, io, compute, render, export.
A file may include headers of its own layer and of the layers below it, nothing above.
Fails, listing every offence, when
  - a file of src/core includes a header of a higher layer;
  - a file of src/core includes a header of the GUI or of the CLI (a project header
    that is not in src/core), or GTK, GDK, GSK or libadwaita;
  - a file of src/cli includes GTK, GDK, GSK, libadwaita or a header of the GUI;
  - the core's files include each other in a cycle. The graph has one node a unit, a
    source file with its header (sc-stack.c and sc-stack.h): sc-stack.c including
    sc-tiff-source.h while sc-tiff-source.c includes sc-stack.h is a cycle, although
    no single file is reached from itself.
Headers are named by file name alone (the core's folders are all on the include path),
so a quoted include that names no file of the tree (config.h, generated headers) is
passed over.
"""

import os
import re
import sys
import tempfile

LAYERS = ("base", "model", "io", "compute", "render", "export")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
TOOLKIT = re.compile(r"^(gtk|gdk|gsk)/|^(gtk|gdk|gsk)\.h$|^adwaita\.h$|^adw/|libadwaita")
SOURCE_ENDINGS = (".c", ".h")


def sources(top):
    """Every .c and .h file below top, sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(SOURCE_ENDINGS):
                found.append(os.path.join(dirpath, name))
    return found


def includes(path):
    """(line number, kind, name) of each #include of path: kind is '"' or '<'."""
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
                out.append((number, m.group(1), m.group(2)))
    return out


def unit(path):
    """The unit a file belongs to: its path without the .c or .h."""
    return os.path.splitext(path)[0]


def find_cycles(graph):
    """The strongly connected components of more than one node, each with one cycle
    through it: (members, path) (Tarjan's algorithm, iterative)."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    counter = [0]

    def strongconnect(root):
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            strongconnect(node)
    return [(c, cycle_through(graph, set(c))) for c in components]


def cycle_through(graph, members):
    """One cycle inside the component members, from its first node back to it."""
    start = min(members)
    # breadth-first from start's successors back to start, inside the component
    previous = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph.get(node, ())):
                if child not in members:
                    continue
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start] + list(reversed(path[:-1])) + [start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    return sorted(members)


def check(root):
    """Every offence of the tree at root, as lines of text."""
    core = os.path.join(root, "src", "core")
    cli = os.path.join(root, "src", "cli")
    problems = []

    core_files = sources(core)
    headers = {}
    for path in core_files:
        if path.endswith(".h"):
            headers.setdefault(os.path.basename(path), path)
    project_headers = {os.path.basename(p) for p in sources(os.path.join(root, "src"))
                       if p.endswith(".h") and not p.startswith(core + os.sep)}

    def layer_of(path):
        part = os.path.relpath(path, core).split(os.sep)[0]
        return LAYERS.index(part) if part in LAYERS else None

    graph = {}
    for path in core_files:
        rel = os.path.relpath(path, root)
        own = layer_of(path)
        if own is None:
            problems.append(f"{rel}: not in a layer folder ({', '.join(LAYERS)})")
        node = unit(rel)
        graph.setdefault(node, set())
        for number, kind, name in includes(path):
            where = f"{rel}:{number}"
            if TOOLKIT.search(name):
                problems.append(f"{where}: the core includes the toolkit: {name}")
                continue
            if kind != '"':
                continue
            target = headers.get(os.path.basename(name))
            if target is None:
                if os.path.basename(name) in project_headers:
                    problems.append(f"{where}: the core includes {name}, "
                                    "a header outside src/core")
                continue
            target_rel = os.path.relpath(target, root)
            if unit(target_rel) != node:
                graph[node].add(unit(target_rel))
            theirs = layer_of(target)
            if own is not None and theirs is not None and theirs > own:
                problems.append(f"{where}: {LAYERS[own]} includes {name} "
                                f"of {LAYERS[theirs]}, a higher layer")

    for members, cycle in find_cycles(graph):
        names = ", ".join(os.path.basename(n) for n in members)
        path = " -> ".join(os.path.basename(n) for n in cycle)
        problems.append(f"include cycle among {names}: {path}")

    gui_headers = {os.path.basename(p) for p in sources(os.path.join(root, "src"))
                   if p.endswith(".h") and not p.startswith((core + os.sep, cli + os.sep))}
    for path in sources(cli):
        rel = os.path.relpath(path, root)
        for number, kind, name in includes(path):
            if TOOLKIT.search(name):
                problems.append(f"{rel}:{number}: the CLI includes the toolkit: {name}")
            elif kind == '"' and os.path.basename(name) in gui_headers \
                    and os.path.basename(name) not in headers:
                problems.append(f"{rel}:{number}: the CLI includes {name}, a header of the GUI")
    return problems


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def self_test():
    """A clean fake tree passes; one with each kind of offence fails with each named."""
    failures = 0

    def expect(what, ok):
        nonlocal failures
        print(("ok" if ok else "FAIL") + ": " + what)
        failures += 0 if ok else 1

    with tempfile.TemporaryDirectory() as root:
        write(root, "src/core/base/sc-types.h", '#pragma once\n#include <glib.h>\n')
        write(root, "src/core/base/sc-types.c", '#include "config.h"\n#include "sc-types.h"\n')
        write(root, "src/core/model/sc-stack.h", '#include "sc-types.h"\n')
        write(root, "src/core/model/sc-stack.c",
              '#include "sc-stack.h"\n/* #include "sc-export.h" in a comment */\n')
        write(root, "src/core/export/sc-export.h", '#include "sc-stack.h"\n')
        write(root, "src/core/export/sc-export.c", '#include "sc-export.h"\n#include "sc-types.h"\n')
        write(root, "src/cli/sc-cli.c", '#include "sc-export.h"\n#include <glib.h>\n')
        write(root, "src/sc-window.h", '#include <gtk/gtk.h>\n')
        clean = check(root)
        expect("a clean tree passes" + (": " + "; ".join(clean) if clean else ""), not clean)

        # model includes a header of export, a higher layer: a violation and a cycle
        write(root, "src/core/model/sc-stack.c", '#include "sc-stack.h"\n#include "sc-export.h"\n')
        # io and model include each other through their sources: a cycle of two units
        write(root, "src/core/io/sc-tiff.h", '#include "sc-stack.h"\n')
        write(root, "src/core/io/sc-tiff.c", '#include "sc-tiff.h"\n#include "sc-stack.h"\n')
        write(root, "src/core/model/sc-stack-open.c",
              '#include "sc-stack-open.h"\n#include "sc-tiff.h"\n')
        write(root, "src/core/model/sc-stack-open.h", '#include "sc-stack.h"\n')
        write(root, "src/core/model/sc-source.h", '#include "sc-stack-open.h"\n')
        write(root, "src/core/io/sc-tiff-read.c", '#include "sc-source.h"\n#include "sc-tiff.h"\n')
        write(root, "src/core/model/sc-stack.h", '#include "sc-types.h"\n#include "sc-tiff-read.h"\n')
        write(root, "src/core/io/sc-tiff-read.h", '#include "sc-types.h"\n')
        # two units of one layer include each other
        write(root, "src/core/base/sc-error.h", '#include "sc-alloc.h"\n')
        write(root, "src/core/base/sc-alloc.c", '#include "sc-error.h"\n')
        write(root, "src/core/base/sc-alloc.h", '#include <glib.h>\n')
        # the core includes GTK and a GUI header; the CLI includes libadwaita and a GUI header
        write(root, "src/core/render/sc-render.c", '#include <gtk/gtk.h>\n#include "sc-window.h"\n')
        write(root, "src/cli/sc-cli-info.c", '#include <adwaita.h>\n#include "sc-window.h"\n')
        found = check(root)
        text = "\n".join(found)
        print("  " + "\n  ".join(found))
        expect("model including export is reported",
               "src/core/model/sc-stack.c:2: model includes sc-export.h of export" in text)
        expect("model including io is reported",
               "src/core/model/sc-stack.h:2: model includes sc-tiff-read.h of io" in text)
        expect("the stack/export cycle is reported",
               any(p.startswith("include cycle among") and "sc-stack," in p and "sc-export," in p
                   for p in found))
        expect("the stack/tiff-read/source cycle is reported",
               any(p.startswith("include cycle among") and "sc-tiff-read," in p and "sc-source," in p
                   for p in found))
        expect("a cycle within one layer is reported, on its own",
               any(p.startswith("include cycle among sc-alloc, sc-error: ") for p in found))
        expect("GTK in the core is reported",
               "src/core/render/sc-render.c:1: the core includes the toolkit: gtk/gtk.h" in text)
        expect("a GUI header in the core is reported",
               "src/core/render/sc-render.c:2: the core includes sc-window.h" in text)
        expect("libadwaita in the CLI is reported",
               "src/cli/sc-cli-info.c:1: the CLI includes the toolkit: adwaita.h" in text)
        expect("a GUI header in the CLI is reported",
               "src/cli/sc-cli-info.c:2: the CLI includes sc-window.h" in text)
        expect("the CLI including the core is not reported",
               "src/cli/sc-cli.c" not in text)

    return 1 if failures else 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = check(os.path.abspath(root))
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} layering problem(s); layers, lowest first: {', '.join(LAYERS)}")
        return 1
    print("the core's layers and the CLI's includes are in order")
    return 0


if __name__ == "__main__":
    sys.exit(main())
