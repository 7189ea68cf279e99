#!/usr/bin/env bash
# bench/versus.sh: the kit as it was and as it is, side by side in one run.
#
# Usage: bench/versus.sh REV   (make bench runs it with BENCH_BASE)
#   Builds commit REV beside this tree (bench/baseline.sh) and this tree's
#   svsmlab and bench programs, then runs the same work on both, old and
#   new taking turns so that a loaded machine slows both alike, and prints
#   one table per kind of work with old, new and new/old. Each row runs
#   REPEAT times (default 3) and keeps each side's best figure.
#
# Kinds of rows (docs/check.md, "Old and new side by side", says how to add one):
#   table BENCH     a bench/BENCH.c program of both trees: rows joined by
#                   their first column, the figure is the last (higher is better)
#   check NAME ARGS `svsmlab check ARGS` of both: executions/s, and whether the
#                   executions, states and verdict are the same
#   verify NAME ARGS `svsmlab verify ARGS` of both: runs per hour, and whether
#                   the cases, Z3 queries, clauses and verdict are the same
#   cases ARGS      `svsmlab verify ARGS` of both, judged case by case on the
#                   cases both trees have (the newer has more): seconds per
#                   handler and in all, old/new, and whether each common
#                   case's verdict and Z3 queries are the same
# A kind KIND is a function parse_KIND that reads one run's output and
# prints three lines: the figure (higher is better), the counts that must
# not change, and the verdict that must not change.
#
# Environment: MAKE, REPEAT, TABLES (the tables to print, of core, check,
# cases and verify; default all four: `TABLES=cases` compares the whole
# verifier alone, which is most of the time of a run).
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
rev=${1:?usage: bench/versus.sh REV}
REPEAT=${REPEAT:-3}
TABLES=${TABLES:-core check cases verify}
for t in $TABLES; do
	case $t in
	core | check | cases | verify) ;;
	*) echo "versus.sh: TABLES: no table '$t' (core, check, cases, verify)" >&2; exit 2 ;;
	esac
done
MAKE=${MAKE:-make}
old=$(bench/baseline.sh "$rev") || exit 1
new=.
# This tree's programs as its sources are now: run by hand, nothing else built them.
built=$($MAKE --no-print-directory svsmlab bench-bins 2>&1) || {
	printf '%s\n' "$built" | tail -n 20 >&2
	echo "versus.sh: this tree does not build" >&2
	exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- check: svsmlab check's summary ------------------------------------------
# "searched: N executions, M states, T s (R executions/s); ..." and the verdict:
# "found: CLAUSE" with the counterexample's size and proof, or "no violation".
parse_check() {
	sed -n 's/^searched: \([0-9]*\) executions, \([0-9]*\) states, .*(\([0-9]*\) executions\/s).*/\3\n\1 executions, \2 states/p' "$1"
	grep -E '^(found|counterexample|proven|WARNING|no violation|[0-9]+ executions? ended)' "$1" |
		sed 's#[^ ]*\.lua#FILE#g' | tr '\n' ';'
	echo
}

# --- verify: svsmlab verify's summary ----------------------------------------
# "N cases, Q Z3 queries, T s (Z s in Z3)", the results line, and for each
# error its clause and whether its counterexample was proven. The figure is
# runs per hour (3600 / T), so that higher is better like the other kinds.
parse_verify() {
	sed -n 's/^\([0-9]*\) cases\{0,1\}, \([0-9]*\) Z3 queries, \([0-9.]*\) s .*/\3 \1 cases, \2 queries/p' "$1" |
		awk '{ s = $1; $1 = ""; sub(/^ /, ""); printf "%.1f\n%s\n", (s > 0 ? 3600 / s : 0), $0 }'
	grep -E '^(verification results|  ::: clause|   = proven counterexample)' "$1" |
		sed 's#[^ ]*\.lua#FILE#g' | tr '\n' ';'
	echo
}

# --- cases: svsmlab verify's lines, one per case -----------------------------
# "  VERDICT  HANDLER  TITLE  N paths  Q queries  T s (z3 Z) [...]" becomes
# "HANDLER|TITLE<tab>VERDICT<tab>Q<tab>T".
parse_cases() {
	sed -nE 's/^  ([a-zA-Z]+) +([a-z_]+) +(.*[^ ]) +[0-9]+ paths? +([0-9]+) quer[a-z]* +([0-9.]+) s .*/\2|\3\t\1\t\4\t\5/p' "$1"
}

# run_side KIND DIR OUT ARGS...: one run of DIR's svsmlab ARGS, parsed into OUT.
run_side() {
	local kind=$1 dir=$2 out=$3
	shift 3
	"$dir/svsmlab" "$@" >"$tmp/log" 2>&1 </dev/null
	"parse_$kind" "$tmp/log" >"$out"
}

# best FILE...: of several parsed runs, the one with the highest figure.
best() {
	local f top="" topv=-1
	for f in "$@"; do
		local v
		v=$(head -n 1 "$f")
		if [ -n "$v" ] && awk -v a="$v" -v b="$topv" 'BEGIN { exit !(a > b) }'; then
			top=$f topv=$v
		fi
	done
	echo "${top:-$1}"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.1fx", b / a; else print "-" }'; }

# row KIND NAME ARGS...: one line of a kind's table.
row() {
	local kind=$1 name=$2
	shift 2
	local r
	for r in $(seq "$REPEAT"); do
		run_side "$kind" "$old" "$tmp/old.$r" "$@" --out "$tmp/old.lua"
		run_side "$kind" "$new" "$tmp/new.$r" "$@" --out "$tmp/new.lua"
	done
	local o n
	o=$(best "$tmp"/old.[0-9]*)
	n=$(best "$tmp"/new.[0-9]*)
	local ov nv oc nc same_counts same_verdict
	ov=$(sed -n 1p "$o") nv=$(sed -n 1p "$n")
	oc=$(sed -n 2p "$o") nc=$(sed -n 2p "$n")
	[ "$oc" = "$nc" ] && same_counts=yes || same_counts="NO: old $oc"
	[ "$(sed -n 3p "$o")" = "$(sed -n 3p "$n")" ] && same_verdict=yes || same_verdict=NO
	printf '| %-48s | %10s | %10s | %7s | %-34s | %-7s |\n' "$name" "${ov:--}" "${nv:--}" \
	       "$(ratio "${ov:-0}" "${nv:-0}")" "$nc${same_counts:+ (same: $same_counts)}" "$same_verdict"
	rm -f "$tmp"/old.* "$tmp"/new.*
}

check_table() {
	echo
	echo "svsmlab check, old ($rev) and new, best of $REPEAT, default bounds unless named"
	printf '| %-48s | %10s | %10s | %7s | %-34s | %-7s |\n' "scenario" "old exec/s" \
	       "new exec/s" "new/old" "executions, states" "verdict"
	echo "|--------------------------------------------------|------------|------------|---------|------------------------------------|---------|"
	local f name
	for f in scripts/check/*.lua; do
		name=$(basename "$f" .lua)
		row check "$name (bug)" check "$f" --quiet
		row check "$name (correct, --all)" check "$f" --quiet --bug none --all
	done
	row check "pvalidate-cf-lost (correct, hv 2)" check scripts/check/pvalidate-cf-lost.lua \
	    --quiet --bug none --all --hv-actions 2
	row check "create-vcpu-no-lock (correct, preemptions 2)" check \
	    scripts/check/create-vcpu-no-lock.lua --quiet --bug none --all --preemptions 2
}

verify_table() {
	echo
	echo "svsmlab verify, old ($rev) and new, best of $REPEAT: runs per hour (3600 / s)"
	printf '| %-48s | %10s | %10s | %7s | %-34s | %-7s |\n' "run" "old runs/h" \
	       "new runs/h" "new/old" "cases, Z3 queries" "verdict"
	echo "|--------------------------------------------------|------------|------------|---------|------------------------------------|---------|"
	# The whole runs are cases_table's: case by case, on the cases both trees have.
	local bug vcpus
	for bug in no-zero-after-validate vmsa-bit-before-check caa-may-be-vmsa \
	           create-vcpu-no-lock pvalidate-cf-lost pvalidate-double-fetch \
	           no-address-check reserved-bits-accepted delete-vcpu-inuse \
	           create-vcpu-any-vmpl remap-ca-unchecked; do
		case $bug in
		create-vcpu-no-lock | pvalidate-double-fetch | delete-vcpu-inuse) vcpus=2 ;;
		*) vcpus=1 ;;
		esac
		row verify "$bug ($vcpus vCPU)" verify --quiet --bug "$bug" --vcpus "$vcpus"
	done
}

# common_cases ARGS...: `svsmlab verify ARGS` on both trees, REPEAT times in
# turns; each case both have keeps its faster time on each side. Prints a
# row per handler and one in all: the seconds of the common cases, old/new,
# and whether their verdicts and Z3 queries are the same.
common_cases() {
	local r
	for r in $(seq "$REPEAT"); do
		run_side cases "$old" "$tmp/old.$r" "$@" --out "$tmp/old.lua"
		run_side cases "$new" "$tmp/new.$r" "$@" --out "$tmp/new.lua"
	done
	cat "$tmp"/old.[0-9]* >"$tmp/old.all"
	cat "$tmp"/new.[0-9]* >"$tmp/new.all"
	awk -F'\t' -v args="$*" '
		FNR == 1 { side++ }
		{ k = $1; if (side == 1) { ov[k] = $2; oq[k] = $3; if (!(k in ot) || $4 < ot[k]) ot[k] = $4 }
		  else { nv[k] = $2; nq[k] = $3; if (!(k in nt) || $4 < nt[k]) nt[k] = $4 } }
		END {
			for (k in ot) if (k in nt) {
				h = k; sub(/\|.*/, "", h); if (!(h in n)) hs[++nh] = h
				n[h]++; o[h] += ot[k]; w[h] += nt[k]; qo[h] += oq[k]; qn[h] += nq[k]
				if (ov[k] != nv[k]) bad[h]++
				n["all"]++; o["all"] += ot[k]; w["all"] += nt[k]; qo["all"] += oq[k]
				qn["all"] += nq[k]; if (ov[k] != nv[k]) bad["all"]++
			}
			hs[++nh] = "all"
			for (i = 1; i <= nh; i++) {
				h = hs[i]
				printf "| %-40s | %5d | %9.2f | %9.2f | %7s | %15s | %-9s |\n",
				       (h == "all" ? "in all: " args : h), n[h], o[h], w[h],
				       (w[h] > 0 ? sprintf("%.1fx", o[h] / w[h]) : "-"),
				       qo[h] " / " qn[h], (bad[h] ? "NO: " bad[h] : "same")
			}
		}' "$tmp/old.all" "$tmp/new.all"
	rm -f "$tmp"/old.* "$tmp"/new.*
}

cases_table() {
	echo
	echo "svsmlab verify, old ($rev) and new on the cases both have, each case's best of $REPEAT"
	printf '| %-40s | %5s | %9s | %9s | %7s | %15s | %-9s |\n' "handler" "cases" "old s" \
	       "new s" "old/new" "queries old/new" "verdicts"
	echo "|------------------------------------------|-------|-----------|-----------|---------|-----------------|-----------|"
	common_cases verify --quiet
	common_cases verify --quiet --vcpus 2
}

# --- table: a bench program's rows, joined by name ---------------------------
# Both trees' build/bench/BENCH print Markdown rows "| name | ... | figure |".
figures() {
	"$1/build/bench/$2" 2>/dev/null | awk -F'|' 'NF > 3 && $2 !~ /^-+$/ {
		name = $2; gsub(/^ +| +$/, "", name); v = $(NF - 1); gsub(/ /, "", v)
		if (v ~ /^[0-9.]+$/) print name "\t" v }'
}

bench_table() {
	local bench=$1
	[ -x "$old/build/bench/$bench" ] || { echo "($bench: not in $rev)"; return; }
	local r
	for r in $(seq "$REPEAT"); do
		figures "$old" "$bench" >>"$tmp/old.tsv"
		figures "$new" "$bench" >>"$tmp/new.tsv"
	done
	echo
	echo "$bench, old ($rev) and new, best of $REPEAT"
	printf '| %-48s | %12s | %12s | %7s |\n' "row" "old" "new" "new/old"
	echo "|--------------------------------------------------|--------------|--------------|---------|"
	awk -F'\t' 'FNR == NR { if (!($1 in o) || $2 > o[$1]) o[$1] = $2; next }
	            { if (!($1 in n)) order[++k] = $1; if (!($1 in n) || $2 > n[$1]) n[$1] = $2 }
	            END { for (i = 1; i <= k; i++) {
	                    r = order[i]; was = "-"; x = "-"
	                    if ((r in o) && o[r] > 0) { was = o[r]; x = sprintf("%.1fx", n[r] / o[r]) }
	                    printf "| %-48s | %12s | %12s | %7s |\n", r, was, n[r], x } }' \
	    "$tmp/old.tsv" "$tmp/new.tsv"
	rm -f "$tmp/old.tsv" "$tmp/new.tsv"
}

wanted() { [[ " $TABLES " == *" $1 "* ]]; }
# As ifs: a list of '&&' would end the script with the last test's status (TABLES=cases: 1).
if wanted core; then bench_table bench_core; fi
if wanted check; then check_table; fi
if wanted cases; then cases_table; fi
if wanted verify; then verify_table; fi
