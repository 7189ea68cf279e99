#!/usr/bin/env bash
# The command's help, listings and errors, with their exit codes: every
# command's --help, -h and `help CMD`, its unknown options, and numbers.
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh
expect 0 "usage: svsmlab" help
expect 0 "usage: svsmlab" --help
expect 0 "usage: svsmlab" -h
expect 2 "usage: svsmlab"
expect 2 "unknown command 'frobnicate'; try 'svsmlab --help'" frobnicate
expect 2 "unknown option '--frob'; try 'svsmlab --help'" --frob
expect 2 "unknown bug 'nonsense'" demo --bug nonsense
expect 0 "no-zero-after-validate" bugs
expect 0 "page-public-to-vmpl" clauses
[ "$("$bin" bugs | grep -cE '^ *[0-9]+  [a-z]')" -eq 11 ] || fail "bugs does not list 11 bugs"
expect 0 "^svsmlab [0-9][0-9]*\.[0-9][0-9]*$" --version

# --- every command answers --help, -h and help CMD the same, on stdout ----------
# The options each command must list (the table in its source may hold more).
declare -A options=(
	[demo]="--bug --handler --out"
	[run]="--trace --json --save --budget"
	[explore]="--text --bug"
	[check]="--depth --hv-actions --preemptions --bug --page --all --out --json --graph
	         --max-executions --no-por --no-hashing --quiet"
	[verify]="--handler --input --bug --vcpus --batch --page --preemptions --changed-outcomes
	          --timeout --all --out --list --json --quiet"
	[dot]="-T -o"
	[gdb]="--port --bug"
	[qemu]="--bug --gdb --timeout"
	[bugs]=""
	[clauses]=""
	[help]="--man --completion"
)
overview=$("$bin" help)
for c in demo run explore check verify dot gdb qemu bugs clauses help; do
	help=$("$bin" "$c" --help 2>"$tmp/err"); rc=$?
	[ "$rc" -eq 0 ] || fail "$c --help exited $rc"
	[ -s "$tmp/err" ] && fail "$c --help wrote on stderr: $(cat "$tmp/err")"
	grep -q "^usage: svsmlab $c" <<<"$help" || fail "$c --help has no usage line: $help"
	[ "$("$bin" "$c" -h)" = "$help" ] || fail "$c -h is not $c --help"
	[ "$("$bin" help "$c")" = "$help" ] || fail "help $c is not $c --help"
	grep -qE "^  $c( |$)" <<<"$overview" || fail "the overview does not list $c"
	for o in ${options[$c]}; do
		grep -qE -- "^  $o( [^ ]+)?( |$)" <<<"$help" || fail "$c --help does not list $o"
	done
	grep -qE -- "^  -h, --help +print this help" <<<"$help" || fail "$c --help lacks -h, --help"
	# Every option line says what the option means, and the parser takes the option: a
	# flag is followed by an unknown option, so that the error is about that one.
	while read -r o arg; do
		line=$(grep -A1 -E -- "^  $o( |$)" <<<"$help")
		grep -qE -- "^  $o( [^ ]+)? +[^ ]|^ {20,}[a-zA-Z(]" <<<"$line" ||
			fail "$c --help: $o has no meaning: $line"
		if [ -n "$arg" ]; then
			run 2 "$c" "$o"
			[ "$out" = "svsmlab $c: $o needs a value ($arg); try 'svsmlab $c --help'" ] ||
				fail "$c $o without its value said: $out"
		else
			expect 2 "unknown option '--no-such-option'" "$c" "$o" --no-such-option
		fi
	done < <(grep -oE -- '^  -[-a-zA-Z]+( [^ ]+)?' <<<"$help" | grep -v -- '^  -h$')
	# An unknown option: one line, naming the option and where the help is.
	run 2 "$c" --frob
	[ "$out" = "svsmlab $c: unknown option '--frob'; try 'svsmlab $c --help'" ] ||
		fail "$c --frob said: $out"
done
# --help is an option, not an option's value; and it wins over the rest of the line.
expect 0 "^usage: svsmlab check" check nothere.lua --depth 5 --help
# An option where a value should be is a forgotten value, said so; "--name=value"
# takes any value, and gives an option's value the same checks as the next word.
run 2 verify --input --help --frob
has "--input needs a value (TEXT), and '--help' is an option (--input=--help takes it as the value)"
run 2 verify --input --out x.lua
has "--input needs a value (TEXT), and '--out' is an option (--input=--out takes it as the value)"
[ -e x.lua ] && fail "verify --input --out x.lua wrote x.lua"
expect 0 "a vCPU's VMSA at 0x20000" verify --handler=remap_ca --input=0x20000 --list
expect 2 "no case matches --input --out" verify --input=--out --list
expect 2 "--quiet takes no value, not 'yes'" verify --quiet=yes
expect 2 "worker processes from 1 to 64, not .0." verify --jobs=0
expect 2 "unknown option '--frob=1'" verify --frob=1
expect 2 "no command 'nope'" help nope
expect 2 "one command at a time" help check run

# --- numbers: decimal or 0x hex, the same in every command; a leading 0 is decimal ---
scenario=scripts/check/create-vcpu-no-lock.lua
expect 0 "bounds: depth 10," check "$scenario" --depth 010 --max-executions 1 --quiet
expect 0 "bounds: depth 16, hv-actions 0," check "$scenario" --depth 0x10 --hv-actions 0 \
	--max-executions 1 --quiet
for bad in -1 +1 1e3 0x 08x "" " 8"; do
	expect 2 "--depth takes a number or \"unbounded\", not '$bad'" check "$scenario" --depth "$bad"
done
printf 'print("x")\n' >"$tmp/print.lua"
printf 'local n = 0\nwhile true do n = n + 1 end\n' >"$tmp/loop.lua"
expect 0 "result: ok" run "$tmp/print.lua" --budget 0x100
expect 2 "instruction budget (10 Lua instructions)" run "$tmp/loop.lua" --budget 010
expect 2 "--budget takes a positive number of instructions, not '-5'" run "$tmp/print.lua" \
	--budget -5
expect 2 "--page takes a guest-physical address (at most 4), not '0x2000g'" verify --page 0x2000g
# --list refuses what a run refuses, and --json, which is for a run's results.
expect 2 "--page 0x123 is not page-aligned" verify --list --page 0x123
expect 2 "--list prints text: --json is for a run's results" verify --list --json

# --- the same --bug, --handler and operands everywhere ------------------------------
expect 0 "bugs: none" explore --text --bug none
run 2 demo --handler nosuch
has "svsmlab demo: --handler takes remap_ca, pvalidate, .* or all, not 'nosuch'"
grep -q "===" <<<"$out" && fail "demo --handler nosuch began the demo: $out"
expect 2 "svsmlab bugs: takes no argument, not 'junk'" bugs junk
expect 2 "svsmlab clauses: takes no argument, not 'junk'" clauses junk
expect 2 "svsmlab demo: takes no operand, not 'extra'" demo extra
run 2 demo --bug none
has "svsmlab demo: act 2 needs a bug to catch, not 'none'"
grep -q "===" <<<"$out" && fail "demo --bug none began the demo: $out"

# --- what help and the listings print is written, or the command says it was not --------
if [ -w /dev/full ]; then
	for args in "bugs" "clauses" "check --help" "help" "help --man" "help --completion" \
	            "--version"; do
		# shellcheck disable=SC2086
		"$bin" $args >/dev/full 2>"$tmp/err"; rc=$?
		[ "$rc" -eq 3 ] && grep -q "write error: No space left on device" "$tmp/err" ||
			fail "svsmlab $args >/dev/full exited $rc: $(cat "$tmp/err")"
	done
fi

# --- the docs name every option of the command they document ---------------------
declare -A doc=([demo]=README.md [run]=docs/lua.md [explore]=docs/explorer.md
                [check]=docs/check.md [verify]=docs/verify.md [dot]=docs/check.md
                [gdb]=docs/gdb.md [qemu]=docs/qemu.md)
for c in "${!doc[@]}"; do
	for o in $("$bin" "$c" --help | grep -oE -- '^  -[-a-zA-Z]+' | grep -v -- '^  -h$'); do
		grep -q -- "$o" "${doc[$c]}" || fail "${doc[$c]} does not mention $c $o"
	done
done
exit 0
