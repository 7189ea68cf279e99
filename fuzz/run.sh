#!/usr/bin/env bash
# fuzz/run.sh: `make fuzz [FUZZ_SECONDS=N] [BUG=NAME]` (docs/fuzz.md).
#
# Runs each harness of build/fuzz/ for FUZZ_SECONDS (default 60) on one
# core, then prints one row per harness: how long it ran, executions,
# executions per second, coverage (libFuzzer's cov: edges and ft:
# features) and findings. libFuzzer stops a harness at its first finding,
# so "seconds" of a row with a finding is the time to that finding.
#
# Seeds: the protocol harness starts from scripts/check/ and the traces in
# fuzz/regress/, written in its byte format by build/fuzz/seeds; the
# trace-file harness from the Lua files of scripts/ and fuzz/regress/; the
# gdb harness from the client sessions in fuzz/sessions/.
# With BUG=NAME the protocol harness starts from nothing: those seeds
# would tell it the attacks, and the point is that it finds them alone.
#
# Exit status: 0 nothing found, 1 a harness found a crash or a violation,
# 2 a harness could not run.
set -u

seconds=${FUZZ_SECONDS:-60}
bug=${BUG:-}
harnesses=${HARNESSES:-protocol trace_file gdb_packet options}
build=build/fuzz
findings=$build/findings
logs=$build/logs

case $seconds in
''|*[!0-9]*|0) echo "fuzz: FUZZ_SECONDS must be a number of seconds, not '$seconds'" >&2; exit 2 ;;
esac
mkdir -p "$findings" "$logs" || exit 2

# The seed directories of a harness, one per line.
seeds_of() {
	case $1 in
	protocol)
		[ -n "$bug" ] && return
		local dir=$build/seeds-protocol
		rm -rf "$dir" && mkdir -p "$dir" || return
		$build/seeds "$dir" scripts/check/*.lua fuzz/regress/*.lua 2>/dev/null
		echo "$dir"
		;;
	trace_file)
		echo scripts/check; echo scripts/attacks; echo fuzz/regress
		;;
	gdb_packet)
		echo fuzz/sessions
		;;
	esac
	[ -d "fuzz/regress/$1" ] && echo "fuzz/regress/$1"   # inputs that once crashed it
}

# How long one input may be: a protocol program, or a trace file.
max_len_of() {
	case $1 in
	protocol) echo 256 ;;
	*) echo 4096 ;;
	esac
}

# The value after "key:" in libFuzzer's last status line, or on its stat:: line.
last_status() { grep -o " $2: [0-9]*" "$1" | tail -n 1 | grep -o '[0-9]*$'; }
stat_of() { sed -n "s/^stat::$2: *//p" "$1" | tail -n 1; }

printf '%-11s %8s %11s %9s %6s %6s  %s\n' harness seconds executions exec/s cov ft findings
status=0
reports=()
for h in $harnesses; do
	# With BUG, a fresh corpus: one kept from an earlier run may hold the attack.
	corpus=$build/corpus/$h${bug:+-$bug}
	[ -n "$bug" ] && rm -rf "$corpus"
	mkdir -p "$corpus" || exit 2
	rm -f "$findings/$h-"*
	log=$logs/$h.log
	mapfile -t seeds < <(seeds_of "$h")
	started=$(date +%s%N)
	SVSMLAB_FUZZ_OUT=$findings SVSMLAB_FUZZ_BUG=$bug ASAN_OPTIONS=malloc_context_size=2 \
		"$build/$h" -max_total_time="$seconds" -max_len="$(max_len_of "$h")" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/$h-" \
		"$corpus" "${seeds[@]}" >"$log" 2>&1
	rc=$?
	ms=$((($(date +%s%N) - started) / 1000000))
	found=0
	if grep -q '^fuzz: violation' "$log"; then
		found="violation $(sed -n 's/^fuzz: violation \([^ ]*\).*/\1/p' "$log" | head -n 1)"
		reports+=("$(grep -E '^fuzz: (proven|replay|WARNING)' "$log")")
	elif grep -q '^fuzz: ' "$log" && [ $rc -ne 0 ]; then
		found="violation ($(grep -m1 '^fuzz: ' "$log" | cut -c7-60))"
	elif grep -q 'Test unit written to' "$log"; then
		found="crash ($(grep -m1 -oE 'ERROR: [A-Za-z]+: [a-z-]+|SUMMARY: .*' "$log" | head -n 1))"
	elif [ $rc -ne 0 ]; then
		echo "fuzz: $h did not run (exit $rc); see $log:" >&2
		tail -n 5 "$log" >&2
		exit 2
	fi
	if [ "$found" != 0 ]; then
		status=1
		input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		reports+=("$h: the input: $input (run it again: $build/$h $input); log: $log")
	fi
	printf '%-11s %6d.%d %11s %9s %6s %6s  %s\n' "$h" $((ms / 1000)) $((ms % 1000 / 100)) \
		"$(stat_of "$log" number_of_executed_units)" "$(stat_of "$log" average_exec_per_sec)" \
		"$(last_status "$log" cov)" "$(last_status "$log" ft)" "$found"
done
for r in "${reports[@]}"; do
	echo "$r"
done
exit $status
