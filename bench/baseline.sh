#!/usr/bin/env bash
# bench/baseline.sh: build an older commit of the kit beside this one, for
# benchmarks that compare old and new in one run (bench/versus.sh).
#
# Usage: bench/baseline.sh REV
#   Exports commit REV with `git archive` into build/base/COMMIT (the full
#   hash), builds its ./svsmlab and its bench binaries there (make svsmlab
#   bench-bins), and prints that directory. A directory already built is
#   used as it is. REV must be in this clone's history: a shallow clone
#   needs `git fetch --unshallow` first.
#
# Environment: MAKE (default make); the build shares make's job slots.
set -euo pipefail

cd "$(dirname "$0")/.."
rev=${1:?usage: bench/baseline.sh REV}
MAKE=${MAKE:-make}

if ! commit=$(git rev-parse --verify --quiet "$rev^{commit}"); then
	echo "bench/baseline.sh: $rev is not a commit of this clone" \
	     "(a shallow clone needs: git fetch --unshallow)" >&2
	exit 2
fi
dir=build/base/$commit
if [ ! -x "$dir/svsmlab" ] || [ ! -e "$dir/.built" ]; then
	rm -rf "$dir"
	mkdir -p "$dir"
	git archive "$commit" | tar -x -C "$dir"
	# The old tree's own make: its flags, its sources, its bench programs.
	$MAKE --no-print-directory -C "$dir" svsmlab bench-bins >"$dir.log" 2>&1 || {
		echo "bench/baseline.sh: building $commit failed; see $dir.log" >&2
		exit 1
	}
	touch "$dir/.built"
fi
echo "$dir"
