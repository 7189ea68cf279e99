# labs/07-gdb/grade.sh: find-secret.gdb run by the real gdb against
# `svsmlab gdb leak.lua`. Where the secret becomes visible is found by the
# grader's own session (the key follows the trace, not a number written
# down here).

# What a student hands in (labs/grade-all takes only these from a submission).
SUBMIT="labs/07-gdb/find-secret.gdb"

setup grade_build 600

# The commands a command file may use: the debugger's own. gdb also runs
# programs (shell, !, pipe, make), Python and Guile, and writes files
# (dump, set logging), so a file is read against this list first.
ALLOWED='watch|rwatch|awatch|continue|c|stepi|si|nexti|ni|reverse-stepi|rsi|reverse-continue|rc|reverse-nexti|rni|x|print|p|output|info|i|monitor|delete|d|disable|enable|echo|display|undisplay|thread|maintenance flush register-cache|flushregs|set pagination|set confirm|set var|set \{|set \*'

# allowed: stop the test if find-secret.gdb uses a command not on the list.
allowed() {
	[ -f "$LAB/find-secret.gdb" ] || no "there is no find-secret.gdb"
	local bad
	bad=$(grep -vE "^[[:space:]]*(#.*)?$" "$LAB/find-secret.gdb" |
		grep -vE "^[[:space:]]*($ALLOWED)([[:space:]/]|$)" | head -n 1)
	[ -z "$bad" ] || no "find-secret.gdb uses a command the grader does not run: '$bad' (README.md lists the ones it does)"
}

# session FILE...: the stub on leak.lua, and gdb on the command FILEs; the
# output of gdb in $WORK/gdb.log. Both end with the test's time limit.
session() {
	needs_build
	# Emptied here, before the stub starts: the loop below would otherwise
	# read the port of the session before, if it ran first.
	: >"$WORK/srv.out"
	svsmlab gdb "$LAB/leak.lua" --port 0 >"$WORK/srv.out" 2>&1 &
	local srv=$! port= args=() f
	for _ in $(seq 100); do
		port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$WORK/srv.out")
		[ -n "$port" ] && break
		sleep 0.1
	done
	[ -n "$port" ] || { kill "$srv"; no "svsmlab gdb did not start: $(first_error "$WORK/srv.out")"; }
	for f in "$@"; do args+=(-x "$f"); done
	# gdb waits 2 s for a reply by default; a step back is a replay, which
	# on a loaded machine may take longer: the test's own limit bounds it.
	gdb -batch -nx -ex 'set pagination off' -ex 'set confirm off' \
		-ex 'set remotetimeout 120' \
		-ex "target remote 127.0.0.1:$port" "${args[@]}" </dev/null >"$WORK/gdb.log" 2>&1
	# gdb detached, so the stub has ended; unless gdb never got to it.
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
}

# cut_short: where gdb's session ended, in its last words (the first line
# with "error" in it is often an x/s of an unreadable page, not the cause).
cut_short() {
	printf 'gdb did not get to the end of the session; its last words: %s' \
		"$(grep -v '^[[:space:]]*$' "$WORK/gdb.log" | tail -n 2 | tr '\n' ' ' | cut -c1-200)"
}

# where: after the student's commands, the trace step gdb was left at.
where() {
	allowed
	printf 'echo =grader=\\n\nmonitor step\n' >"$WORK/tail.gdb"
	session "$LAB/find-secret.gdb" "$WORK/tail.gdb"
	sed -n '/^=grader=$/,$s/^step \([0-9]*\) of [0-9]*$/\1/p' "$WORK/gdb.log" | head -n 1
}

# visible: the step at which the guest first sees VMPCK0 at 0x20020, by
# the grader's session: watch, then continue until the value appears.
visible() {
	{
		echo 'watch *(char (*)[6])0x20020'
		for _ in 1 2 3 4 5 6; do printf 'continue\necho =at=\\n\nmonitor step\n'; done
	} >"$WORK/key.gdb"
	session "$WORK/key.gdb"
	awk '/New value = "VMPCK0"/ { seen = 1 } seen && /^step [0-9]+ of/ { print $2; exit }' "$WORK/gdb.log"
}

runs_clean() {
	allowed
	where >/dev/null
	grep -q '^=grader=$' "$WORK/gdb.log" || no "$(cut_short)"
	local err
	err=$(grep -m1 -A1 'Error in sourced command file' "$WORK/gdb.log" | tail -n 1)
	[ -z "$err" ] || no "gdb stopped reading find-secret.gdb at an error: $err"
	pass
}

watches() {
	allowed
	where >/dev/null
	grep -q 'New value = "VMPCK0' "$WORK/gdb.log" && pass
	grep -qE '^[[:space:]]*(watch|awatch|rwatch) ' "$LAB/find-secret.gdb" ||
		no "no watchpoint in find-secret.gdb: which guest address holds the secret when it leaks?"
	no "no watchpoint stopped with the new value \"VMPCK0\": watch the bytes at 0x20020, and continue until they change to the key"
}

one_before() {
	local key at
	key=$(visible)
	[ -n "$key" ] || no "the grader's own session did not find the leak: $(first_error "$WORK/gdb.log")"
	at=$(where)
	[ -n "$at" ] || no "$(cut_short)"
	[ "$at" -eq $((key - 1)) ] && pass
	[ "$at" -eq "$key" ] && no "you left gdb at step $at, where the secret becomes visible; one step before it is wanted"
	no "you left gdb at step $at; the step before the secret becomes visible is wanted"
}

reverses() {
	allowed
	grep -qE '^[[:space:]]*(reverse-stepi|rsi|reverse-continue|rc|reverse-nexti|rni)([[:space:]]|$)' "$LAB/find-secret.gdb" && pass
	no "find-secret.gdb never goes back: reverse-stepi or reverse-continue"
}

section "The session"
graded "find-secret.gdb runs to its end without an error" 5 runs_clean 60
graded "a watchpoint stops where the guest first sees VMPCK0" 10 watches 60
section "Going back"
graded "gdb is left one step before the secret becomes visible" 10 one_before 90
graded "it goes back by reverse execution" 5 reverses 20
