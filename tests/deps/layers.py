#!/usr/bin/env python3
"""tests/deps/layers.py: the directories of the tree include each other one way.

Every "#include" between the kit's files is an edge from the includer's
directory to the included file's directory. The layers (docs/design.md)
hold when that graph has no cycle, and when the module (svsm/) includes
nothing outside svsm/: it knows the outside only through svsm/hal.h. A
platform (svsm/platform/) is not the module but the other side of hal.h,
as the Makefile's MODULE says: the QEMU one runs the machine model's RMP
(explorer/machine) as its hardware.
Prints each cycle (and the includes that make it) and exits 1; exit 0
when there is none.
"""
import os
import re
import subprocess
import sys

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
    for here, theirs in sorted(graph.items()):
        if (here == "svsm" or here.startswith("svsm/")) and not here.startswith("svsm/platform"):
            for there, why in sorted(theirs.items()):
                if there != "svsm" and not there.startswith("svsm/"):
                    bad += 1
                    print(f"the module includes outside svsm/: {why}")
    if bad == 0:
        print(f"no cycle between the {len(graph)} directories that include others")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
