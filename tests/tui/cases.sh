# tests/tui/cases.sh: the explorer's terminal tests, one function each.
#
# Sourced by tests/cli/tui.sh after lib.sh. The demo's numbers (how many
# steps, on which one the check fires) are read from `explore --text`
# rather than written here, so that the assertions say what must hold and
# only the golden screens hold the exact pictures.

demo_numbers() {
	local text
	text=$("$bin" explore --text) || return 1
	N=$(grep -oE '^step [0-9]+/[0-9]+' <<<"$text" | head -1 | cut -d/ -f2)
	V=$(awk '/^step [0-9]+\//{ s = $2 } /^error:/{ print s; exit }' <<<"$text" | cut -d/ -f1)
	[ -n "$N" ] && [ -n "$V" ] && [ "$V" -gt 2 ] ||
		{ echo "cannot read the demo's numbers from --text"; return 1; }
}

# The demo stepped to its violation: every pane, the marks and the highlight.
case_violation() {
	start 80 24 screen
	wait_for "step 0/$N " || return 1
	all_panes || return 1
	keys v
	wait_for "step $V/$N " || return 1
	all_panes &&
		shows "^> +$V!\\|.*rmpadjust" &&
		shows '^> +[0-9]+ .*hal_rmpadjust' &&
		shows 'Source  svsm/core/validate\.c:[0-9]+' &&
		shows '^\* 01000 A 1 +20000 V - rwus' &&
		highlighted '^\* 01000' rwus 43 &&
		shows "^!step $V precondition page-public-to-vmpl, invariant confidentiality" &&
		golden violation
}

# One step back replays from the start: the previous step's change is highlighted.
case_step_back() {
	start 80 24 screen
	wait_for "step 0/$N " && keys v && wait_for "step $V/$N " || return 1
	keys p
	wait_for "step $((V - 1))/$N " || return 1
	all_panes &&
		shows "^> +$((V - 1)) \\|.*pvalidate" &&
		shows '^\* 01000 A 1 +20000 V - ---- ---- ---- guest' &&
		highlighted '^\* 01000' guest 43 &&
		lacks '^!' &&
		golden step_back || return 1
	keys n   # forward again: the same screen as before stepping back
	wait_for "step $V/$N " && golden violation
}

# At a yield point, a hypervisor move from the menu forks a branch, which then runs live.
case_hv_action() {
	local at=$((V - 2))   # the module stands before its PVALIDATE
	start 80 24 screen
	wait_for "step 0/$N " && keys g $at Enter && wait_for "step $at/$N " || return 1
	keys h
	wait_for "After step $at, what happens next" || return 1
	shows '\|> vCPU0 module: pvalidate 0x20000' && golden menu || return 1
	select_item 'hv: unmap GPA 0x20000' && keys Enter || return 1
	wait_for "step $((at + 1))/$((at + 1))  branch 2/2" || return 1
	shows "^> +$((at + 1)) \\|.*\\|unmap 0x20000" &&
		shows '\|\* 20000 - ' &&
		golden hv_fork || return 1
	keys n   # the end of the branch: the module goes on, live
	wait_for "step $((at + 2))/$((at + 2))  branch 2/2" || return 1
	shows "^> +$((at + 2)) \\|.*pvalidate 0x20000" && shows 'pvalidate +gpa=0x20000 .*-> #NPF' &&
		golden hv_live || return 1
	keys b
	wait_for 'Branches' || return 1
	shows '\|   +1  the trace as opened' && shows "\\|> \\*  2  branch 1 to step $at, then hv unmap" &&
		golden branches
}


# Every enabled move: a guest vCPU's next call, out of the trace's order,
# forks a branch that takes it first.
case_guest_move() {
	start 80 24 screen "$ROOT/tests/tui/two_guests.lua"
	wait_for "step 0/2 " && keys h && wait_for "After step 0, what happens next" || return 1
	shows '\|> now, trace step 2: guest call vcpu1 core\.query_pro' && golden menu_guest || return 1
	keys Enter
	wait_for "step 1/1  branch 2/2" || return 1
	shows '^> +1 \| +\|call core\.que' &&
		shows 'then guest call vcpu1 core\.query_protocol'
}
# Switching bug 1 off runs the trace again: the page is zeroed, no check fires.
case_bug_toggle() {
	start 80 24 screen
	wait_for "step 0/$N " && keys v && wait_for "step $V/$N " || return 1
	keys B
	wait_for 'Catalog bugs' || return 1
	shows '\|> \[x\]  1 no-zero-after-validate' && golden bugs || return 1
	keys Space
	wait_for 'no-zero-after-validate off: ran the trace again; 0 check' || return 1
	shows '\|> \[ \]  1 no-zero-after-validate' || return 1
	keys Escape
	wait_for 'bugs: none' || return 1
	all_panes &&
		shows "^> +$V \\|.*zero_page 0x20000" &&
		shows 'checks fired: 0 of 0' && shows 'no check has fired so far' &&
		highlighted '^\* 01000' 0123h 43 &&
		golden bug_off
}

# The help overlay lists the keys, and closes.
case_help() {
	start 80 24 screen
	wait_for "step 0/$N " && keys '?' && wait_for '\+- Keys -' || return 1
	shows 'n Right +next step' && golden help || return 1
	keys '>'   # the end of the list
	wait_for 'q F10 +quit' || return 1
	keys Escape
	wait_for "step 0/$N " && lacks '\+- Keys -'
}

# Resizes, on the main screen and under an overlay; too small says so.
case_resize() {
	start 80 24 screen
	wait_for "step 0/$N " && keys v && wait_for "step $V/$N " || return 1
	tm resize-window -t t -x 100 -y 30
	wait_line 30 'n/p step' || return 1
	all_panes && shows '^\* 01000 A 1 +20000 V - rwus' && golden resize_100x30 || return 1
	tm resize-window -t t -x 50 -y 12
	wait_for 'this terminal is 50x12' || return 1
	tm resize-window -t t -x 80 -y 24
	wait_line 24 'n/p step' && golden violation || return 1
	keys '?'
	wait_for '\+- Keys -' || return 1
	tm resize-window -t t -x 100 -y 30
	wait_line 30 'n/p step' && shows '\+- Keys -' && golden help_100x30
}

# A presenter's terminal: the timeline spans the width, so a lane holds a
# whole event; the source and the tables share the rest, none of it empty.
case_wide() {
	start 160 45 screen
	wait_for "step 0/$N " && keys v && wait_for "step $V/$N " || return 1
	all_panes &&
		shows "^> +$V!\\| +\\|rmpadjust 0x20000 vmpl1:rwus ok +\\|" &&
		shows '^ Source  svsm/core/validate\.c:[0-9]+ .* RMP  1 changed' &&
		shows '^>  [0-9]+ +r = hal_rmpadjust\(cpu, gpa, size, RMPADJUST_ATTRS\(' &&
		shows ' \* 01000 A 1 +20000 V - rwus' &&
		[ "$(screen | grep -cE ' [0-9a-f]{5} A 1 +[0-9a-f]{5} V ')" -ge 21 ] &&
		golden wide_160x45 || return 1
	# A watch takes its row and title from the tables, and shows the leak.
	keys w && wait_for '^watch \(bytes GPA' && keys -l 'bytes 0x20020 24' && keys Enter &&
		wait_for "^\\* step $V +bytes 0x20020 24 = \"VMPCK0-secret-key-bytes!\"" &&
		golden wide_watch_160x45
}

# A watch added with w changes at the leak step, W goes back there, and a
# saved branch keeps it: opened again, it is watched from the start.
case_watch() {
	local dir
	dir=$(mktemp -d) || return 1
	WORKDIR=$dir start 80 24 screen
	wait_for "step 0/$N " && keys w && wait_for '^watch \(bytes GPA' || return 1
	keys -l 'bytes 0x20020 24' && keys Enter
	wait_for '^  -  +bytes 0x20020 24 = ' || return 1
	keys v
	wait_for "step $V/$N " || return 1
	shows "^\\* step $V +bytes 0x20020 24 = \"VMPCK0-secret-key-bytes!\"" &&
		line_has "^\\* step $V +bytes" '\[([0-9]+;)*43(;[0-9]+)*m' && golden watch || return 1
	keys n n
	wait_for "step $((V + 2))/$N " && shows "^  step $V +bytes 0x20020 24" || return 1
	keys W
	wait_for "step $V/$N " || return 1
	keys s && wait_for 'save this branch to: explored.lua' && keys Enter &&
		wait_for "saved $N steps" || return 1
	grep -q '^  watches = { "bytes 0x20020 24" },$' "$dir/explored.lua" ||
		{ echo "the saved trace lacks its watch:"; cat "$dir/explored.lua"; return 1; }
	"$bin" explore --text "$dir/explored.lua" | grep -q '^        watch bytes 0x20020 24 = ' ||
		{ echo "the saved watch is not watched when the trace is opened"; return 1; }
	rm -rf "$dir"
}

# The mouse: a click on a timeline row goes to its step; the wheel over
# the RMP scrolls it, and the next step makes it follow again.
case_mouse() {
	local y
	start 80 24 screen
	wait_for "step 0/$N " && keys v && wait_for "step $V/$N " || return 1
	y=$(screen | grep -nE "^ +$((V - 2)) \\|" | head -1 | cut -d: -f1)
	[ -n "$y" ] || { echo "no timeline row for step $((V - 2))"; screen; return 1; }
	mouse 0 $((y - 1)) 20
	wait_for "step $((V - 2))/$N " || return 1
	shows "^> +$((V - 2)) \\|" && golden mouse_click || return 1
	y=$(screen | grep -nE '^ +SPA ' | head -1 | cut -d: -f1)
	mouse 65 "$y" 10
	wait_for '^[ *] 03000 A 1 ' || return 1
	lacks '^[ *] 00000 A 1 ' &&
		keys n && wait_for "step $((V - 1))/$N " && shows '^[ *] 00000 A 1 '
}

# Without colours the same marks show, and highlights are reverse video.
case_monochrome() {
	start 80 24 vt100
	wait_for "step 0/$N " && keys v && wait_for "step $V/$N " || return 1
	all_panes && highlighted '^\* 01000' rwus 7 && golden monochrome
}

# q, ^C and SIGTERM all leave the terminal as it was (the alternate screen is gone).
case_quit() {
	local how status
	for how in q C-c TERM; do
		start 80 24 screen
		wait_for "step 0/$N " || return 1
		if [ "$how" = TERM ]; then
			kill -TERM "$(explorer_pid)"
		else
			keys "$how"
		fi
		status=$(wait_dead) || { echo "$status after $how:"; screen; return 1; }
		[ "$status" = 0 ] || { echo "exit status $status after $how"; return 1; }
		lacks 'Timeline' || { echo "(after $how)"; return 1; }
	done
}

# Focus and scroll a pane, go to a step, search.
case_navigate() {
	start 80 24 screen
	wait_for "step 0/$N " && keys Tab Tab && wait_for '^\*RMP' || return 1
	keys j j
	wait_for '^  02000 A 1 ' && lacks '^  00000 A 1 ' || return 1
	keys g 5 Enter
	wait_for "step 5/$N " || return 1
	keys / rmpadjust Enter
	wait_for "'rmpadjust' at step" && shows '^> +[0-9]+.*rmpadjust'
}

# s saves the branch as a trace that expects the clause it fires.
case_save() {
	local dir
	dir=$(mktemp -d) || return 1
	WORKDIR=$dir start 80 24 screen
	wait_for "step 0/$N " && keys s && wait_for 'save this branch to: explored.lua' || return 1
	keys Enter
	wait_for "saved $N steps to explored.lua" || return 1
	head -1 "$dir/explored.lua" | grep -q '^-- svsmlab trace' &&
		grep -q 'format = "svsmlab-trace/1"' "$dir/explored.lua" &&
		grep -q 'bugs = { "no-zero-after-validate" }' "$dir/explored.lua" &&
		grep -q 'expect = { violation = "page-public-to-vmpl" }' "$dir/explored.lua" &&
		[ "$(grep -c '{ "module", "step"' "$dir/explored.lua")" = \
		  "$("$bin" explore --text | grep -c '^step [0-9]*/[0-9]*: module step')" ] ||
		{ echo "the saved trace is not the demo's:"; cat "$dir/explored.lua"; return 1; }
	# Read back, when this build reads trace files, it is the same run.
	if "$bin" explore --text "$dir/explored.lua" >"$dir/replay.txt" 2>&1; then
		diff <("$bin" explore --text) "$dir/replay.txt" ||
			{ echo "the saved trace does not replay as the demo"; return 1; }
	fi
	rm -rf "$dir"
}

# The save prompt offers explored.lua selected: typing replaces it, End keeps it to
# edit, ^U clears the line, and a name longer than the line holds is refused, not cut.
case_save_prompt() {
	local dir long
	dir=$(mktemp -d) || return 1
	WORKDIR=$dir start 80 24 screen
	wait_for "step 0/$N " && keys s && wait_for 'save this branch to: explored.lua' || return 1
	highlighted 'save this branch to:' explored.lua 46 && golden save_prompt || return 1
	keys m y . l u a
	wait_for 'save this branch to: my\.lua$' || return 1
	keys Enter
	wait_for "saved $N steps to my\.lua" || return 1
	[ -f "$dir/my.lua" ] && [ ! -e "$dir/explored.lua" ] ||
		{ echo "typing did not replace the offered name:"; ls "$dir"; return 1; }
	keys s && wait_for 'save this branch to: explored.lua' || return 1
	keys End BSpace BSpace BSpace BSpace 2 . l u a
	wait_for 'save this branch to: explored2\.lua$' && keys Enter &&
		wait_for "saved $N steps to explored2\.lua" || return 1
	keys s && wait_for 'save this branch to: explored.lua' || return 1
	keys End C-u
	wait_for 'save this branch to:$' || return 1
	long=$(printf 'x%.0s' $(seq 199))
	keys "$long"
	wait_for 'save this branch to: <x+$' || return 1
	keys y
	wait_for 'too long: at most 199 characters' || return 1
	keys Escape
	wait_for "step 0/$N " && lacks 'save this branch' || return 1
	[ "$(ls "$dir")" = "$(printf 'explored2.lua\nmy.lua')" ] ||
		{ echo "files other than the two saved:"; ls "$dir"; return 1; }
	rm -rf "$dir"
}

# G serves the branch to gdb: the port shows in the status line, gdb sees the
# same trace, and detaching ends the server (the status line says so).
case_gdb() {
	local dir port out
	dir=$(mktemp -d) || return 1
	TMPDIR=$dir start 80 24 screen
	wait_for "step 0/$N " && keys G && wait_for " gdb:[0-9]+  step 0/$N " || return 1
	port=$(screen | sed -n 's/^ gdb:\([0-9]*\)  step .*/\1/p')
	[ -n "$port" ] && [ -f "$dir"/svsmlab-gdb-*/branch.lua ] ||
		{ echo "no port, or no copy of the branch:"; screen; ls -R "$dir"; return 1; }
	out=$(timeout 60 gdb -batch -nx -ex "target remote 127.0.0.1:$port" -ex 'monitor step' \
	      -ex 'detach' 2>&1)
	grep -q "^step 0 of $N$" <<<"$out" || { echo "gdb said: $out"; return 1; }
	wait_for 'gdb: the client left; G serves the branch again' && lacks ' gdb:[0-9]' || return 1
	keys G && wait_for " gdb:[0-9]+  step 0/$N " || return 1
	keys q   # quitting ends the server and removes the copy
	[ "$(wait_dead)" = 0 ] || return 1
	! ls -d "$dir"/svsmlab-gdb-* 2>/dev/null || { echo "the copy is left behind"; return 1; }
	rm -rf "$dir"
}

# C runs the verifier on the module explored; its counterexample becomes branch 2, at its violation.
# No golden screen: the counterexample is the verifier's to choose (its steps change with it).
case_verify() {
	local t0 t1 step dir
	start 80 24 screen --bug no-zero-after-validate
	wait_for "step 0/$N " || return 1
	t0=$(date +%s%N)
	keys C
	wait_for '\+- svsmlab verify -' || return 1
	t1=$(date +%s%N)
	echo "    C to the loaded counterexample: $(((t1 - t0) / 1000000)) ms"
	shows '\|  error: precondition not satisfied' &&
		shows '\|    --> svsm/core/validate\.c:[0-9]+' &&
		shows '\|    ::: clause page-public-to-vmpl' &&
		shows '\|     = proven counterexample: a fresh machine running /' &&
		shows '\|  verification results:: 0 verified, 1 errors' &&
		shows '^verify, [0-9.]+ s: page-public-to-vmpl at svsm/core/validate\.c:[0-9]+ -> branch 2$' ||
		return 1
	dir=$(screen | grep -oE '= counterexample: /[^ ]*/counterexample\.lua' | cut -d' ' -f3)
	dir=${dir%/counterexample.lua}
	[ -f "$dir/counterexample.lua" ] && [ -f "$dir/counterexample.json" ] ||
		{ echo "no counterexample files in '$dir'"; return 1; }
	keys Escape
	wait_for 'branch 2/2' || return 1
	step=$(screen | grep -oE '^!step [0-9]+ precondition page-public-to-vmpl' | grep -oE '[0-9]+')
	[ -n "$step" ] || { echo "the status shows no page-public-to-vmpl"; screen; return 1; }
	all_panes &&
		shows "^ step $step/[0-9]+  branch 2/2  bugs: no-zero-after-validate" &&
		shows "^> +$step!\\|.*rmpadjust" &&
		shows 'Source  svsm/core/validate\.c:[0-9]+' &&
		lacks '\+- svsmlab verify -' || return 1
	keys b   # the trace as opened is still there
	wait_for 'Branches' || return 1
	shows '\|   +1  the trace as opened' &&
		shows "\\|> \\*  2  verify's counterexample: [a-z_]+: " || return 1
	keys Escape q   # quitting removes the counterexample's directory
	[ "$(wait_dead)" = 0 ] && [ ! -e "$dir" ] || { echo "$dir is left after quitting"; return 1; }
}

# While the verifier runs, the bottom line says what it verifies and how far
# it is. One bug is verified in its own handler, its witness case first:
# found in a fraction of a second, too soon to see. Two bugs of two
# handlers are verified in every core call with no case first, and the
# first error (CREATE_VCPU's) comes after PVALIDATE's twenty cases: the
# line stays for seconds, counting the cases; then the counterexample loads.
# verifying DONE: the bottom line's pattern, DONE a pattern of the cases done
# (the line goes on with the second bug's name, past 120 columns once the
# time left is shown).
verifying() {
	echo "^verifying: $1/[0-9]+ cases(, about [0-9]+ (s|min) left)?, [0-9]+ s \\(Esc cancels\\); every core call, 1 vCPU, bugs: vmsa-bit-before-check"
}
case_verify_status() {
	start 120 30 screen --bug vmsa-bit-before-check,remap-ca-unchecked   # wide enough
	wait_for "step 0/$N " || return 1
	keys C
	wait_for "$(verifying '[0-9]+')" || return 1
	lacks '\+- svsmlab verify -' || return 1
	WAIT_SECONDS=120 wait_for '\+- svsmlab verify -' || return 1
	shows '\|    ::: clause vmsa-revoked-first' || return 1
	keys Escape q
	[ "$(wait_dead)" = 0 ] || return 1
}

# The same run, cancelled by Esc once a case is done: the explorer answers
# at once, says how far the run got, and keeps the trace (no report, no
# new branch); it takes keys again.
case_verify_cancel() {
	start 120 30 screen --bug vmsa-bit-before-check,remap-ca-unchecked
	wait_for "step 0/$N " || return 1
	keys C
	WAIT_SECONDS=60 wait_for "$(verifying '[1-9][0-9]*')" || return 1
	keys Escape
	wait_for '^verify cancelled after [1-9][0-9]* of [0-9]+ cases \([0-9.]+ s\): no verdict; this trace stays$' ||
		return 1
	lacks '\+- svsmlab verify -' && shows "^ step 0/$N  branch 1/1 " || return 1
	keys n
	wait_for "^ step 1/$N  branch 1/1 " || return 1
	keys q
	[ "$(wait_dead)" = 0 ]
}

TUI_CASES=${TUI_CASES:-"violation step_back hv_action guest_move bug_toggle help resize wide watch mouse monochrome quit navigate save save_prompt gdb verify verify_status verify_cancel"}
