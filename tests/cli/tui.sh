#!/usr/bin/env bash
# The explorer (`svsmlab explore`): its --text output, its command line, and
# its terminal interface driven in a detached tmux against golden screens
# (tests/tui/). Exit 0 when every case passes.
#
#   bash tests/cli/tui.sh /path/to/svsmlab            run the cases
#   UPDATE_GOLDEN=1 bash tests/cli/tui.sh ./svsmlab   rewrite tests/tui/golden/
#   TUI_CASES="help resize" bash tests/cli/tui.sh ./svsmlab   only these cases
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
failed=0

fail() { echo "FAIL $*"; failed=1; }

# --- without a terminal -------------------------------------------------------
text=$("$BIN" explore --text 2>&1); rc=$?
[ "$rc" -eq 0 ] || fail "explore --text exited $rc"
for want in '^trace: [0-9]+ steps; machine: 64 pages, 1 vCPU\(s\); bugs: no-zero-after-validate$' \
            '^step 1/[0-9]+: guest write gpa=0x9000 len=16$' \
            'RMP SPA 01000: GPA 01000 -> 20000, validated V -> -' \
            'NPT GPA 20000: SPA 20000 -> 01000, label 0123h -> 0----' \
            'RMP SPA 01000: VMPL1 perms ---- -> rwus' \
            '^  ::: clause page-public-to-vmpl$' \
            'the guest read at GPA 0x20020: "VMPCK0-secret-key-bytes!"' \
            '^2 check\(s\) fired; the first: page-public-to-vmpl$'; do
	grep -qE -- "$want" <<<"$text" || fail "explore --text lacks /$want/"
done
# Not on a terminal, the same text without asking.
[ "$("$BIN" explore </dev/null | cat)" = "$text" ] || fail "explore | cat is not the --text output"
# Another bug: the demo's steps no longer fit the module, and say so.
other=$("$BIN" explore --text --bug pvalidate-cf-lost)
grep -q '^no check fired$' <<<"$other" || fail "--bug pvalidate-cf-lost: a check fired"
grep -q 'refused: vCPU 0 has no finished call' <<<"$other" || fail "--bug: no refused step shown"
"$BIN" explore --frob >/dev/null 2>&1; [ $? -eq 2 ] || fail "explore --frob is not a usage error"
"$BIN" explore --bug nonsense >/dev/null 2>&1; [ $? -eq 2 ] || fail "explore --bug nonsense: not 2"
"$BIN" explore --text /nonexistent/trace.lua >/dev/null 2>&1; [ $? -eq 1 ] ||
	fail "explore of a missing file does not exit 1"

# --- in a terminal ------------------------------------------------------------
if ! command -v tmux >/dev/null; then
	fail "tmux is not installed (scripts/deps.sh installs it)"
	exit 1
fi
# shellcheck source=../tui/lib.sh
. "$ROOT/tests/tui/lib.sh"
# shellcheck source=../tui/cases.sh
. "$ROOT/tests/tui/cases.sh"
log=$(mktemp)
trap 'stop; rm -f "$log"' EXIT
demo_numbers || exit 1
for c in $TUI_CASES; do
	# In this shell, not a subshell: stop must see the case's tmux server.
	if "case_$c" >"$log" 2>&1; then
		echo "ok   tui $c"
	else
		fail "tui $c"
	fi
	sed 's/^/    /' "$log"
	stop
done
exit "$failed"
