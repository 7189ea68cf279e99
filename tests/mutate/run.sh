#!/usr/bin/env bash
# tests/mutate/run.sh: the mutation check of `svsmlab verify`.
#
# Each entry of tests/mutate/mutations.txt is one small change to a handler
# of the module (a HAL call dropped, a check dropped, two steps swapped, a
# bound off by one, a result in the wrong place, an error path that undoes
# too little, ...: the kinds are listed in mutations.txt). For each, this script builds the module with that
# change alone and asks `svsmlab verify` about the handler it touches. A
# verifier that accepts a broken module is a verifier with a blind spot, so
# the number that matters is how many mutants it catches, and why the
# others survive. A survivor is information, not a failure: the reason the
# list gives for it (the `why` field) says whether it is an equivalent
# mutant, outside the inputs verify draws, or a property no clause states.
#
# Usage: tests/mutate/run.sh   (from anywhere; `make mutate` runs it)
# Environment:
#   MAKE            make program (default make)
#   MUTATE_TIMEOUT  seconds one verify run may take (default 600)
#   MUTATE_ONLY     run only the mutants whose id matches this regex
#   MUTATE_BASELINE 0 skips verifying the unmutated module first (default 1)
#   MUTATIONS       the list (default tests/mutate/mutations.txt)
#
# Steps: read and check the whole list (every hunk must match exactly once,
# else exit 2 before anything runs); snapshot the tree and its build once,
# so that other work in the tree cannot change the module under test; verify
# the unmutated snapshot for every setting the list uses (a mutant is only
# "caught" if the correct module passes the same run); then per mutant copy
# the snapshot (`cp -a` keeps the timestamps, so make recompiles only the
# mutated file), apply the hunks, `make svsmlab`, run verify under a time
# limit, and classify:
#   caught    verify exit 1 with an error; its clause is shown
#   survived  verify exit 0
#   timeout   the time limit ran out
#   unknown   exit 1 without an error (a case not decided), or anything else
#   invalid   the mutant does not compile (shown, not counted)
# Exit status: 0 when the check ran (whatever survived), 2 when the list or
# the setup is broken. Logs and counterexamples stay in build/mutate/.
set -uo pipefail
shopt -s nullglob

cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
MAKE=${MAKE:-make}
TIMEOUT=${MUTATE_TIMEOUT:-600}
ONLY=${MUTATE_ONLY:-}
BASELINE=${MUTATE_BASELINE:-1}
LIST=${MUTATIONS:-tests/mutate/mutations.txt}
LOGS=$ROOT/build/mutate
KINDS="hal check swap bound answer undo state arg fetch"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/svsmlab-mutate.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$LOGS" "$WORK/list"

now() { echo "${EPOCHREALTIME/,/.}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# --- the list ----------------------------------------------------------------
# Mutant n becomes directory $WORK/list/NNN with one file per field (id,
# file, kind, handler, vcpus, input, inputs, what, why) and, per hunk h, h.old and
# h.new: the lines after "-" and "+", each ending in a newline.

errors=0
list_error() {
	echo "mutations: $LIST:$1: ${2:+mutant $2: }$3" >&2
	errors=$((errors + 1))
}

parse_list() {
	local lineno=0 n=0 d="" id="" hunk=0 side="" line key val
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		if [ -z "$d" ]; then
			case $line in
			'' | '#'*) ;;
			'mutant '*)
				n=$((n + 1))
				d=$WORK/list/$(printf '%03d' "$n")
				id=$(echo "${line#mutant }" | tr -d ' \t')
				mkdir -p "$d"
				printf '%s' "$id" >"$d/id"
				printf '%s' "$lineno" >"$d/line"
				hunk=1 side=""
				;;
			*) list_error "$lineno" "" "expected 'mutant ID', a comment or a blank line" ;;
			esac
			continue
		fi
		case $line in
		end)
			d="" ;;
		@@)
			hunk=$((hunk + 1)) side="" ;;
		-*)
			[ "$side" = new ] && list_error "$lineno" "$id" "'-' line after '+' lines in one hunk"
			side=old
			printf '%s\n' "${line#-}" >>"$d/$hunk.old" ;;
		+*)
			[ "$side" = "" ] && list_error "$lineno" "$id" "'+' lines need '-' lines before them"
			side=new
			printf '%s\n' "${line#+}" >>"$d/$hunk.new" ;;
		*)
			key=${line%%[ 	]*}
			val=${line#"$key"}
			val=${val#"${val%%[! 	]*}"}    # without the blanks after the key
			case $key in
			file | kind | handler | vcpus | input | inputs | what | why)
				if [ -f "$d/$key" ] && [ "$key" = why ]; then
					printf ' %s' "$val" >>"$d/why"    # a reason may run over lines
				else
					printf '%s' "$val" >"$d/$key"
				fi ;;
			*) list_error "$lineno" "$id" "unknown line '$line'" ;;
			esac ;;
		esac
	done <"$LIST"
	[ -n "$d" ] && list_error "$lineno" "$id" "no 'end'"
}

field() { cat "$1/$2" 2>/dev/null; }

# apply_hunk FILE OLD NEW: replace the one whole-line occurrence of OLD's text
# by NEW's. Prints how often OLD occurs and fails unless that is once.
apply_hunk() {
	perl -e '
		local $/;
		my ($file, $oldf, $newf) = @ARGV;
		open(my $fh, "<", $file) or die "$file: $!\n"; my $c = <$fh>; close $fh;
		open($fh, "<", $oldf) or die "$oldf: $!\n"; my $old = <$fh>; close $fh;
		my $new = "";
		if (-e $newf) { open($fh, "<", $newf) or die; $new = <$fh>; close $fh; }
		my @at; my $p = -1;
		while (($p = index($c, $old, $p + 1)) >= 0) {
			push @at, $p if $p == 0 || substr($c, $p - 1, 1) eq "\n";
		}
		print scalar(@at);
		exit 1 if @at != 1;
		substr($c, $at[0], length $old) = $new;
		open($fh, ">", $file) or die "$file: $!\n"; print $fh $c; close $fh;
	' "$1" "$2" "$3"
}

# apply DIR TREE: apply mutant DIR's hunks, in order, to its file in TREE.
apply() {
	local d=$1 tree=$2 h=1 found target
	target=$tree/svsm/core/$(field "$d" file)
	while [ -f "$d/$h.old" ]; do
		found=$(apply_hunk "$target" "$d/$h.old" "$d/$h.new") || {
			echo "hunk $h: its '-' text occurs ${found:-?} times in svsm/core/$(field "$d" file), not once"
			return 1
		}
		h=$((h + 1))
	done
}

arg_list() {
	local d id file kind seen=" " why
	mkdir -p "$WORK/scratch/svsm/core"
	for d in "$WORK"/list/*/; do
		d=${d%/}
		id=$(field "$d" id) file=$(field "$d" file) kind=$(field "$d" kind)
		local at
		at=$(field "$d" line)
		[ -n "$id" ] || list_error "$at" "" "a mutant without an id"
		case $seen in *" $id "*) list_error "$at" "$id" "the id is used twice" ;; esac
		seen="$seen$id "
		case " $KINDS " in *" $kind "*) ;; *) list_error "$at" "$id" "kind '$kind' is not one of: $KINDS" ;; esac
		[ -n "$(field "$d" handler)" ] || list_error "$at" "$id" "no handler"
		[ -n "$(field "$d" what)" ] || list_error "$at" "$id" "no 'what'"
		case $(field "$d" vcpus) in '' | 1 | 2) ;; *) list_error "$at" "$id" "vcpus is 1 or 2" ;; esac
		case $(field "$d" inputs) in '' | classes | symbolic) ;;
		*) list_error "$at" "$id" "inputs is classes or symbolic" ;; esac
		[ -f "$d/1.old" ] || list_error "$at" "$id" "no hunk"
		if [ -z "$file" ] || [ ! -f "svsm/core/$file" ]; then
			list_error "$at" "$id" "file '$file' is not in svsm/core/"
			continue
		fi
		cp "svsm/core/$file" "$WORK/scratch/svsm/core/$file"
		if ! why=$(apply "$d" "$WORK/scratch"); then
			list_error "$at" "$id" "$why"
		elif cmp -s "svsm/core/$file" "$WORK/scratch/svsm/core/$file"; then
			list_error "$at" "$id" "the hunks change nothing"
		fi
	done
}

parse_list
[ -d "$WORK/list/001" ] || list_error 0 "" "no mutants"
arg_list
if [ "$errors" -gt 0 ]; then
	echo "mutation check: the list is broken ($errors problem(s) above); nothing was run" >&2
	exit 2
fi

# --- the snapshot --------------------------------------------------------------
# The sources and what `make svsmlab` needs of build/ (objects, library,
# the flags they were built with, program), timestamps kept: without
# build/flags every object is older than the flags file make writes anew,
# and each mutant rebuilds all of them. Specs are read from $ROOT/specs at
# run time.
BASE=$WORK/base
mkdir -p "$BASE/build"
if ! cp -a Makefile svsm explorer specs svsmlab "$BASE/" ||
	! cp -a build/obj build/flags build/libsvsmlab.a "$BASE/build/"; then
	echo "mutation check: cannot snapshot the tree (run 'make' first)" >&2
	exit 2
fi

# verify_args DIR: the verify options of mutant DIR, one per line.
verify_args() {
	printf '%s\n' verify --quiet --handler "$(field "$1" handler)"
	if [ -n "$(field "$1" vcpus)" ]; then printf '%s\n' --vcpus "$(field "$1" vcpus)"; fi
	if [ -n "$(field "$1" input)" ]; then printf '%s\n' --input "$(field "$1" input)"; fi
	if [ -n "$(field "$1" inputs)" ]; then printf '%s\n' --inputs "$(field "$1" inputs)"; fi
}

# run_verify TREE LOG ARGS...: verify in TREE under the time limit; the exit status.
run_verify() {
	local tree=$1 log=$2
	shift 2
	(cd "$tree" && timeout "$TIMEOUT" ./svsmlab "$@") >"$log" 2>&1
}

selected() { [ -z "$ONLY" ] || [[ $(field "$1" id) =~ $ONLY ]]; }

# --- the baseline: the correct module, for every setting the list uses ----------
declare -A base_ok
if [ "$BASELINE" != 0 ]; then
	for d in "$WORK"/list/*/; do
		d=${d%/}
		selected "$d" || continue
		mapfile -t args < <(verify_args "$d")
		key="${args[*]}"
		[ -n "${base_ok[$key]:-}" ] && continue
		log=$LOGS/baseline-$(echo "${args[*]:2}" | tr -c 'a-zA-Z0-9_\n' '-' | tr -s '-').log
		t0=$(now)
		run_verify "$BASE" "$log" "${args[@]}"
		rc=$?
		if [ "$rc" = 0 ]; then base_ok[$key]=yes; else base_ok[$key]=no; fi
		printf 'baseline  %-55s %s (exit %d, %s s)\n' "${args[*]:1}" \
			"$([ "$rc" = 0 ] && echo verified || echo 'NOT verified: its mutants are not counted')" \
			"$rc" "$(since "$t0")"
	done
fi

# --- the mutants -----------------------------------------------------------------
mutants=("$WORK"/list/*/)
total=${#mutants[@]}
rows=()
caught=0 counted=0 invalid=0
declare -A kind_all kind_caught
survivors=() others=()
t_all=$(now)
i=0
for d in "${mutants[@]}"; do
	d=${d%/}
	i=$((i + 1))
	selected "$d" || continue
	id=$(field "$d" id) kind=$(field "$d" kind)
	mapfile -t args < <(verify_args "$d")
	log=$LOGS/$id.log
	tree=$WORK/mutant
	rm -rf "$tree"
	cp -a "$BASE" "$tree"
	apply "$d" "$tree" >"$log" || { echo "mutation check: $id no longer applies" >&2; exit 2; }

	t0=$(now)
	(cd "$tree" && MAKEFLAGS='' $MAKE -j2 svsmlab) >"$log.build" 2>&1
	built=$?
	tb=$(since "$t0")
	tv=-
	if [ "$built" != 0 ]; then
		result=invalid detail="does not build (log: build/mutate/$id.log.build)"
		invalid=$((invalid + 1))
	else
		t0=$(now)
		run_verify "$tree" "$log" "${args[@]}" --out "$LOGS/$id.lua"
		rc=$?
		tv=$(since "$t0")
		clause=$(sed -n 's/^  ::: clause //p' "$log" | head -n 1)
		site=$(sed -n 's/^  --> //p' "$log" | head -n 1)
		if [ "$rc" = 1 ] && [ -n "$clause" ]; then
			result=caught detail="$clause${site:+ at $site}"
			if ! grep -q '= proven counterexample' "$log"; then
				fired=$(sed -n 's/.*NOT PROVEN: \([^ ]*\) fired, not .*/\1/p' "$log" | head -n 1)
				detail="$detail (not proven${fired:+: its replay fails $fired instead})"
			fi
		elif [ "$rc" = 0 ]; then
			result=survived detail=""
		elif [ "$rc" = 124 ]; then
			result=timeout detail="no verdict within $TIMEOUT s"
		elif [ "$rc" = 1 ]; then
			result=unknown
			detail="$(grep -m1 'not decided' "$log"): $(sed -n 's/^ *not verified: //p' "$log" | head -n 1)"
		else
			result=unknown detail="verify exit $rc (log: build/mutate/$id.log)"
		fi
		if [ "$BASELINE" != 0 ] && [ "${base_ok[${args[*]}]:-}" != yes ]; then
			detail="$result, not counted: the correct module fails this run too"
			result=nobase
		fi
	fi
	if [ "$result" != invalid ] && [ "$result" != nobase ]; then
		counted=$((counted + 1))
		kind_all[$kind]=$((${kind_all[$kind]:-0} + 1))
		if [ "$result" = caught ]; then
			caught=$((caught + 1))
			kind_caught[$kind]=$((${kind_caught[$kind]:-0} + 1))
		fi
	fi
	case $result in
	survived) survivors+=("$d") ;;
	caught) [ -n "$(field "$d" why)" ] && others+=("$id: caught, but the list gives a reason it survives: update its 'why'") ;;
	timeout | unknown | nobase) others+=("$id: $result: $detail") ;;
	esac
	verify_opts="${args[*]:2}"
	row=$(printf '%-24s %-5s %-36s %-8s %6s %7s  %s' "$id" "$kind" "${verify_opts#--handler }" \
		"$result" "$tb" "$tv" "$detail")
	rows+=("$row")
	printf '[%2d/%d] %s\n' "$i" "$total" "$row"
	rm -rf "$tree"
done
t_all=$(since "$t_all")

# --- the report --------------------------------------------------------------------
echo
printf '%-24s %-5s %-36s %-8s %6s %7s  %s\n' mutant kind "verify --handler" result build verify \
	"clause that caught it"
[ "${#rows[@]}" -gt 0 ] && printf '%s\n' "${rows[@]}"
echo
for k in $KINDS; do
	printf '  %-6s %d of %d caught\n' "$k" "${kind_caught[$k]:-0}" "${kind_all[$k]:-0}"
done
[ "$invalid" -gt 0 ] && echo "  ($invalid mutant(s) did not build; not counted)"
echo "  mutants: ${t_all} s in all (build and verify; times per mutant above, in seconds)"
if [ "${#survivors[@]}" -gt 0 ]; then
	echo
	echo "survivors, and why verify does not see them:"
	for d in "${survivors[@]}"; do
		why=$(field "$d" why)
		echo "  $(field "$d" id) ($(field "$d" kind), $(field "$d" file)): $(field "$d" what)"
		echo "      why: ${why:-no reason recorded in $LIST yet: look at build/mutate/$(field "$d" id).log}" |
			fold -s -w 100 | sed '2,$s/^/           /'
	done
fi
if [ "${#others[@]}" -gt 0 ]; then
	echo
	echo "to look at:"
	printf '  %s\n' "${others[@]}"
fi
echo
pct=$(awk -v c="$caught" -v n="$counted" 'BEGIN { printf "%.0f", n ? 100 * c / n : 0 }')
echo "mutation check: $caught of $counted mutants caught ($pct%)"
exit 0
