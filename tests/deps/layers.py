#!/usr/bin/env python3
"""tests/deps/layers.py: the directories of the tree include each other one way.

Every "#include" between the kit's files is an edge from the includer's
directory to the included file's directory. The layers (docs/design.md)
hold when every edge between two directories of LAYERS goes to the same
layer or one below it (which also rules out a cycle between layers), when
no directories include each other in a cycle, and when the module (svsm/)
includes nothing outside svsm/: it knows the outside only through
svsm/hal.h. A platform (svsm/platform/) is not the module but the other
side of hal.h, as the Makefile's MODULE says: the QEMU one runs the
machine model's RMP (explorer/machine) as its hardware. A directory of explorer/ or svsm/ missing from LAYERS is an
error too: a new room of the tree must be given its floor. Prints each
breach (and the include that makes it) and exits 1; exit 0 when there is
none. The rest of the tree (tests, bench, fuzz) may include anything.
"""
import os
import re
import subprocess
import sys

# The layers, bottom to top: docs/design.md draws the same picture.
LAYERS = [
    ("the module", ["svsm", "svsm/core", "svsm/lib"]),
    ("the catalog", ["explorer/catalog"]),
    ("hardware", ["explorer/machine"]),
    ("record", ["explorer/record"]),
    ("checks", ["explorer/ghost"]),
    ("support", ["explorer/cli"]),
    ("platform", ["explorer/sim", "svsm/platform/qemu"]),
    ("actors", ["explorer/guest", "explorer/hv", "explorer/sched", "svsm/platform/qemu/guest"]),
    ("traces", ["explorer/trace", "explorer/luadata"]),
    ("pictures", ["explorer/dot"]),
    ("engines", ["explorer/interleave", "explorer/check", "explorer/verify"]),
    ("showing", ["explorer/model"]),
    ("commands", ["explorer", "explorer/lua", "explorer/demo", "explorer/tui", "explorer/gdb",
                  "explorer/qemu"]),
]
RANK = {d: i for i, (_, dirs) in enumerate(LAYERS) for d in dirs}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def edges():
    """{from_dir: {to_dir: "file: #include line"}} over the files git knows."""
    files = subprocess.run(["git", "ls-files", "*.c", "*.h"], capture_output=True,
                           text=True, check=True).stdout.split()
    graph = {}
    for path in files:
        here = os.path.dirname(path)
        with open(path, encoding="utf-8", errors="replace") as f:
            for name in INCLUDE.findall(f.read()):
                target = os.path.normpath(os.path.join(here, name))
                if not os.path.exists(target):
                    target = os.path.normpath(name)     # -I. : from the root
                there = os.path.dirname(target)
                if there != here:
                    graph.setdefault(here, {}).setdefault(there, f'{path}: "{name}"')
    return graph


def cycles(graph):
    """Each cycle once, as a list of directories, by a depth-first search."""
    found, seen = [], set()
    def visit(node, path):
        if node in path:
            cycle = path[path.index(node):]
            key = frozenset(cycle)
            if key not in seen:
                seen.add(key)
                found.append(cycle + [node])
            return
        for nxt in sorted(graph.get(node, {})):
            visit(nxt, path + [node])
    for start in sorted(graph):
        visit(start, [])
    return found


def main():
    graph = edges()
    bad = 0
    for cycle in cycles(graph):
        bad += 1
        print("cycle: " + " -> ".join(cycle))
        for a, b in zip(cycle, cycle[1:]):
            print(f"  {graph[a][b]}")
    placed = set(RANK)
    for path in subprocess.run(["git", "ls-files", "explorer/*.[ch]", "svsm/*.[ch]"],
                               capture_output=True, text=True, check=True).stdout.split():
        if os.path.dirname(path) not in placed:
            bad += 1
            placed.add(os.path.dirname(path))
            print(f"{os.path.dirname(path)}: not in a layer (tests/deps/layers.py, LAYERS)")
    for here, theirs in sorted(graph.items()):
        for there, why in sorted(theirs.items()):
            if here in RANK and there in RANK and RANK[there] > RANK[here]:
                bad += 1
                print(f"{LAYERS[RANK[here]][0]} includes {LAYERS[RANK[there]][0]}: {why}")
    for here, theirs in sorted(graph.items()):
        if (here == "svsm" or here.startswith("svsm/")) and not here.startswith("svsm/platform"):
            for there, why in sorted(theirs.items()):
                if there != "svsm" and not there.startswith("svsm/"):
                    bad += 1
                    print(f"the module includes outside svsm/: {why}")
    if bad == 0:
        print(f"{len(RANK)} directories in {len(LAYERS)} layers: every include goes down, "
              f"no cycle")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
