# labs/lib/tree.sh: making the trees a lab is graded in, for labs/check
# and labs/handout. Sourced; the functions stop the script (exit 2) when
# they cannot do their job, saying why.
#
#   tree_copy DST [specs]      this tree, built, copied to DST; with
#                              "specs", DST's program will read DST's specs
#   tree_starter DST LAB       the lab's starter: starter.patch applied
#   tree_overlay DST LAB FROM  the files under FROM (a directory, e.g. the
#                              lab's solution/) copied over the lab's own

# tree_copy DST [specs]: the kit's files and its build, so that make in
# DST recompiles only what a lab changes. The program reads the specs from
# the tree it was built in (SVSMLAB_SRCDIR), which is this one: right for
# a lab that leaves specs/ alone. For one that changes them ("specs"),
# the objects that bake the path in are made older than their sources, so
# that make in DST compiles them again (a few seconds).
tree_copy() {
	local dst=$1 f
	mkdir -p "$dst" || exit 2
	git ls-files -z --cached --others --exclude-standard |
		tar --null -T - -cf - | tar -C "$dst" -xf - || { echo "tree_copy: cannot copy the sources to $dst" >&2; exit 2; }
	if [ -d build/obj ]; then
		cp -a build "$dst/" && cp -a svsmlab "$dst/" 2>/dev/null
		[ "${2:-}" != specs ] || for f in $(grep -rl --include='*.c' SVSMLAB_SRCDIR explorer); do
			touch "$dst/$f"
		done
	fi
}

# tree_starter DST LAB: LAB is the lab's directory name (01-rmp-vmpl).
tree_starter() {
	local dst=$1 lab=$2
	[ -f "labs/$lab/starter.patch" ] || return 0
	patch -s -d "$dst" -p1 --no-backup-if-mismatch <"labs/$lab/starter.patch" >"$dst/.starter.log" 2>&1 ||
		{ echo "tree_starter: labs/$lab/starter.patch no longer applies:" >&2; cat "$dst/.starter.log" >&2; exit 2; }
	rm -f "$dst/.starter.log"
}

# tree_overlay DST LAB FROM: FROM/x/y replaces DST/labs/LAB/x/y. A FROM
# that holds a file `tree.patch` has it applied to the tree as well (a
# fixture that changes the module).
tree_overlay() {
	local dst=$1 lab=$2 from=$3
	[ -d "$from" ] || return 0
	(cd "$from" && find . -type f ! -name tree.patch -print0 | tar --null -T - -cf -) |
		tar -C "$dst/labs/$lab" -xf - || { echo "tree_overlay: cannot copy $from" >&2; exit 2; }
	[ ! -f "$from/tree.patch" ] || patch -s -d "$dst" -p1 --no-backup-if-mismatch <"$from/tree.patch" ||
		{ echo "tree_overlay: $from/tree.patch does not apply" >&2; exit 2; }
}
