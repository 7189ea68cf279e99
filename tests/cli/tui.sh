#!/usr/bin/env bash
# The explorer (`svsmlab explore`): its --text output, its command line, and
# its terminal interface driven in a detached tmux against golden screens
# (tests/tui/). Exit 0 when every case passes.
#
#   bash tests/cli/tui.sh /path/to/svsmlab            run the cases
#   UPDATE_GOLDEN=1 bash tests/cli/tui.sh ./svsmlab   rewrite tests/tui/golden/
#   TUI_CASES="help resize" bash tests/cli/tui.sh ./svsmlab   only these cases
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")   # the panes run in other directories
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/lib/cli.sh"

# --- without a terminal -------------------------------------------------------
run 0 explore --text
text=$out
for want in '^trace: [0-9]\+ steps; machine: 64 pages, 1 vCPU(s); bugs: no-zero-after-validate$' \
            "a label 0123h lists who may$" \
            '^step 1/[0-9]\+: guest write gpa=0x9000 len=16$' \
            'RMP SPA 01000: GPA 01000 -> 20000, validated V -> -' \
            'NPT GPA 20000: SPA 20000 -> 01000, label 0123h -> 0----' \
            'RMP SPA 01000: VMPL1 perms ---- -> rwus' \
            '^  ::: clause page-public-to-vmpl$' \
            'the guest read at GPA 0x20020: "VMPCK0-secret-key-bytes!"' \
            '^3 check(s) fired; the first: page-public-to-vmpl$'; do
	has "$want"
done
# Not on a terminal, the same text without asking.
[ "$("$bin" explore </dev/null | cat)" = "$text" ] || fail "explore | cat is not the --text output"
# Another bug: the demo's steps no longer fit the module, and say so.
run 0 explore --text --bug pvalidate-cf-lost
has '^no check fired$'
has 'refused: vCPU 0 has no finished call'
# Watches: each at the start, then on every step that changes it; the leak step changes both.
run 0 explore --text --watch 'bytes 0x20020 24' --watch 'clause confidentiality'
has '^        watch bytes 0x20020 24 = '
has '^        watch clause confidentiality = holds$'
leak=$(grep -n 'watch bytes 0x20020 24 = "VMPCK0-secret-key-bytes!"' <<<"$out" | cut -d: -f1)
fired=$(grep -n 'watch clause confidentiality = fired' <<<"$out" | cut -d: -f1)
[ -n "$leak" ] && [ "$((fired - leak))" -eq 1 ] || fail "the leak step does not change both watches: $out"
expect 2 "watch 'rmp 0x9999999': '0x9999999' is not an address" explore --text --watch 'rmp 0x9999999'
expect 2 "watch 'clause nope': no clause 'nope'" explore --text --watch 'clause nope'
expect 2 "watch 'bytes 0x20000 33': LEN must be 1 to 32" explore --text --watch 'bytes 0x20000 33'
expect 2 "watch 'owner': a watch is: bytes GPA" explore --text --watch owner
# A trace keeps its watches: the explorer watches them, and a bad one is refused.
cat >"$tmp/watched.lua" <<'LUA'
return { format = "svsmlab-trace/1", watches = { "owner 0x8000" }, steps = {} }
LUA
expect 0 '^        watch owner 0x8000 = caa$' explore --text "$tmp/watched.lua"
cat >"$tmp/watched.lua" <<'LUA'
return { format = "svsmlab-trace/1", watches = { 'owner "x"' }, steps = {} }
LUA
expect 2 'watch 1: only printable characters, no quotes' explore --text "$tmp/watched.lua"
run 2 explore --frob
run 2 explore --bug nonsense
# A file that is not a trace is a usage error (2), as for run, dot, check and gdb.
run 2 explore --text /nonexistent/trace.lua
printf 'return { format = "svsmlab-trace/1", steps = {' >"$tmp/cut.lua"
expect 2 "cut.lua" explore --text "$tmp/cut.lua"

# --- in a terminal ------------------------------------------------------------
command -v tmux >/dev/null || fail "tmux is not installed (scripts/deps.sh installs it)"
# shellcheck source=../tui/lib.sh
. "$ROOT/tests/tui/lib.sh"
# shellcheck source=../tui/cases.sh
. "$ROOT/tests/tui/cases.sh"
# cli.sh's clean-up, and the case's tmux server if a failure stopped it.
trap 'stop; rm -rf "$tmp"' EXIT
demo_numbers || fail "the demo's numbers"
for c in $TUI_CASES; do
	# In this shell, not a subshell: stop must see the case's tmux server.
	"case_$c" >"$tmp/case.log" 2>&1 || fail "tui $c:"$'\n'"$(sed 's/^/    /' "$tmp/case.log")"
	echo "ok   tui $c"
	sed 's/^/    /' "$tmp/case.log"
	stop
done
exit 0
