# tests/lib/cli.sh: what the command tests in tests/cli/ share. Source it
# after setting bin (the svsmlab under test); it gives a scratch directory
# $tmp (removed on exit) and four helpers that stop the script at the
# first failure, naming the script:
#   fail MESSAGE               report and exit 1
#   run CODE ARGS...           svsmlab ARGS must exit CODE; its output is in $out
#   has TEXT                   $out must contain TEXT
#   expect CODE TEXT ARGS...   run CODE ARGS, then has TEXT
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail() { echo "$(basename "$0"): $*"; exit 1; }
run() {
	local code=$1; shift
	out=$("$bin" "$@" 2>&1); local rc=$?
	[ "$rc" -eq "$code" ] || fail "svsmlab $* exited $rc, expected $code: $out"
}
has() { grep -q -- "$1" <<<"$out" || fail "no '$1' in: $out"; }
expect() {
	local code=$1 text=$2; shift 2
	run "$code" "$@"
	has "$text"
}
