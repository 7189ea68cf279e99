#!/usr/bin/env bash
# `svsmlab verify --inputs symbolic`: the input regions Z3 finds from the
# module's input checks (specs/inputs.smt2), each verified as a case.
# The regions of each handler are compared with the list the predicates
# give (svsm/core/input_checks.c, the start state of a booted machine), so
# a search that stops finding one fails here, and each region's RCX is
# checked to lie in the region its title names.
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

# The class list stays the default.
run 0 verify --handler query_protocol --quiet
has "^guest inputs: 3 cases (GPA classes"
# --input says how many of the handler's cases its text chose.
run 0 verify --handler query_protocol --input "version 2" --quiet
has "^guest inputs: 1 case whose title contains 'version 2', of 3 (GPA classes"

# The value-only calls: one predicate each, both answers, every input.
run 0 verify --inputs symbolic --handler query_protocol --quiet
has "^guest inputs: 2 cases of the 2 input regions Z3 found"
has "^  verified  query_protocol 0x1: core v1 "
has "^  verified  query_protocol 0x[0-9a-f]*: not core v1 "
has "^query_protocol: verified for every input: 2 input regions, 2 paths "
has "^  verified  query_protocol 0x1: core v1 .*\[secrets\]$"

# Without --handler every core call is searched, and a handler whose
# regions --input leaves out is not every input.
run 0 verify --inputs symbolic --input "core v1" --quiet
has "^guest inputs: 2 cases whose title contains 'core v1', of the 180 input regions Z3 found (specs/inputs.smt2, --inputs symbolic; page lists with at most 2 pending entries)"
! grep -q "^not searched" <<<"$out" || fail "a handler not searched: $out"
has "^withdraw_mem: 0 of 4 input regions verified (0 paths), not every input: a region not verified in this run (left out by --input"
has "^remap_ca: 0 of 4 input regions verified (0 paths), not every input: a region not verified in this run (left out by --input"
run 0 verify --inputs symbolic --handler configure_vtom --quiet
has "^  verified  configure_vtom 0x[0-9a-f]*[13579bdf]: a query "
has "^  verified  configure_vtom 0x[0-9a-f]*[02468ace]: not a query "
has "^configure_vtom: verified for every input: 2 input regions, 2 paths "

# The regions of handler $1, one per line, sorted: what its cases' titles
# say after the RCX (and the header, for WITHDRAW_MEM).
regions() {
	sed -n "s/^  verified  $1 *0x[0-9a-fx,]*: \(.*[^ ]\)  *[0-9]* paths .*/\1/p" <<<"$out" | sort
}
# The regions $2 found for handler $1 are the list $want.
same_regions() {
	[ "$2" = "$want" ] || fail "$1's regions are not the predicates' list:
$(diff <(echo "$want") <(echo "$2"))"
}

# REMAP_CA from the booted machine (one vCPU, its VMSA the boot VMSA at
# 0x2000, guest RAM 0x8000+0x38000 all validated, the pool empty, vCPU 0's
# CAA at 0x8000): a GPA is misaligned; or outside guest RAM; or a free
# guest page; or the caller's own CAA. Not validated, the VMSA and pooled
# are no guest page's state there.
run 0 verify --inputs symbolic --handler remap_ca --quiet
want=$(sort <<'LIST'
misaligned
aligned, not in 0x8000+0x38000
aligned, in 0x8000+0x38000, validated, !=page 0x2000, unpooled, !=page 0x8000, CAA x1
aligned, in 0x8000+0x38000, validated, !=page 0x2000, unpooled, =page 0x8000
LIST
)
same_regions remap_ca "$(regions remap_ca)"
has "^remap_ca: verified for every input: 4 input regions, [0-9]* paths "
# Each region's RCX lies in it.
while read -r rcx words; do
	v=$((rcx))
	case $words in
	misaligned) [ $((v & 0xfff)) -ne 0 ] ;;
	"aligned, not in"*) [ $((v & 0xfff)) -eq 0 ] && { [ "$v" -lt $((0x8000)) ] ||
	                                                  [ "$v" -ge $((0x40000)) ]; } ;;
	*"=page 0x8000") [ $((v >> 12)) -eq 8 ] ;;
	*"!=page 0x8000"*) [ $((v & 0xfff)) -eq 0 ] && [ "$v" -gt $((0x8000)) ] &&
	                   [ "$v" -lt $((0x40000)) ] ;;
	*) false ;;
	esac || fail "RCX $rcx is not in the region it stands for: $words"
done < <(sed -n 's/^  verified  remap_ca *\(0x[0-9a-f]*\): \(.*[^ ]\)  *[0-9]* paths .*/\1 \2/p' <<<"$out")

# DELETE_VCPU from the booted machine: the one VMSA is the caller's own, the
# boot VMSA at 0x2000; a GPA is in its page or not, aligned or not.
run 0 verify --inputs symbolic --handler delete_vcpu --quiet
want=$(sort <<'LIST'
!=page 0x2000, aligned
!=page 0x2000, misaligned
=page 0x2000, aligned
=page 0x2000, misaligned
LIST
)
same_regions delete_vcpu "$(regions delete_vcpu)"
has "^delete_vcpu: verified for every input: 4 input regions, [0-9]* paths "

# CREATE_VCPU from the booted machine: RCX (VMSA), RDX (CAA), R8 (APIC ID),
# searched once per tie pattern (which registers are equal: a call on a
# value two registers hold is attributed to the first, the same under the
# pattern). Apart: RCX misaligned; RDX misaligned; RCX or RDX outside
# guest RAM; RCX the caller's CAA (CAA x1); else R8 is each CPU's APIC ID
# (0, the caller's own, and 1 to 7) or none. RCX = RDX: misaligned, out,
# or the same page. R8 equal to RCX or RDX: as apart, up to the APIC ID,
# which an aligned guest address never is. Every refusal: the VMSA's
# contents stay the booted machine's (zero), so no region gets past them.
ties() {
	local a=$(($1)) b=$(($2)) c=$(($3))
	if [ $a = $b ] && [ $b = $c ]; then echo "rcx=rdx=r8"
	elif [ $a = $b ]; then echo "rcx=rdx"
	elif [ $a = $c ]; then echo "rcx=r8"
	elif [ $b = $c ]; then echo "rdx=r8"
	else echo "apart"; fi
}
# create_vcpu's cases, one a line: RCX RDX R8 and what the title says.
cv_lines() {
	sed -n 's/^  verified  create_vcpu  \(0x[0-9a-f]*\),\(0x[0-9a-f]*\),\(0x[0-9a-f]*\): \(.*[^ ]\)  *[0-9]* paths .*/\1 \2 \3 \4/p' <<<"$out"
}
cv_regions() {
	cv_lines | while read -r rcx rdx r8 words; do
		echo "$(ties "$rcx" "$rdx" "$r8") $words"
	done | sed 's/in 0x8000+0x38000/in RAM/g' | sort
}
run 0 verify --inputs symbolic --handler create_vcpu --quiet
ram="rcx aligned, in RAM, unpooled, not 2M-aligned, !=page of rdx"
caa="rdx aligned, in RAM, validated, unpooled"
own="$ram, CAA x0, !=page 0x2000; $caa, !=page 0x2000; r8"
none="!=apic 0x0, !=apic 0x1, !=apic 0x2, !=apic 0x3, !=apic 0x4, !=apic 0x5, !=apic 0x6, !=apic 0x7"
same="rcx aligned, aligned, in RAM, in RAM, validated, unpooled, unpooled, not 2M-aligned, =page of rdx"
apart() {
	echo "$1 rcx misaligned"
	echo "$1 rcx aligned; rdx misaligned"
	echo "$1 rcx aligned, not in RAM; rdx aligned"
	echo "$1 rcx aligned, in RAM; rdx aligned, not in RAM"
	echo "$1 $ram, CAA x1; $caa"
}
want=$(sort <<LIST
$(for t in rcx=rdx=r8 rcx=rdx; do
	echo "$t rcx misaligned"
	echo "$t rcx aligned, aligned, not in RAM"
	echo "$t $same"
done)
$(apart rcx=r8)
rcx=r8 $ram, CAA x0, !=page 0x2000, $none; $caa, !=page 0x2000
$(apart rdx=r8)
rdx=r8 $ram, CAA x0, !=page 0x2000; $caa, !=page 0x2000, $none
$(apart apart)
apart $own $none
apart $own =apic 0x0
$(for id in 1 2 3 4 5 6 7; do
	echo -n "apart $own"
	for k in $(seq 0 $((id - 1))); do echo -n " !=apic 0x$k,"; done
	echo " =apic 0x$id"
done)
LIST
)
same_regions create_vcpu "$(cv_regions)"
has "^create_vcpu: verified for every input: 32 input regions, [0-9]* paths "
# Each region's registers take the decisions its title names.
while read -r rcx rdx r8 words; do
	a=$((rcx)) c=$((rdx)) n=$((r8))
	case $words in
	"rcx misaligned") [ $((a & 0xfff)) -ne 0 ] ;;
	"rcx aligned; rdx misaligned") [ $((a & 0xfff)) -eq 0 ] && [ $((c & 0xfff)) -ne 0 ] ;;
	*"CAA x1;"*) [ $((a >> 12)) -eq 8 ] && [ $((c & 0xfff)) -eq 0 ] ;;
	*"=page of rdx") [ "$a" -eq "$c" ] ;;
	*" =apic 0x"?) [ $((n & 0xffffffff)) -eq $((${words##*=apic })) ] ;;
	*) true ;;
	esac || fail "$rcx,$rdx,$r8 is not in the region it stands for: $words"
done < <(cv_lines)

# PVALIDATE from the booted machine: RCX, the header word at RCX and the
# entries at indices next and next+1, at most two pending. Before each
# entry's first check the search asks whether its page is the list's
# ("=page of rcx") and, for the second, the first entry's ("=page of
# entry"): the hardware and the module's state treat those apart.
# With one entry done or refused (no "entry+1" in the title): RCX
# misaligned or outside guest RAM, or the header's counts refused; else
# the entry's reserved bits set, a size other than 0 and 1, a 2M page not
# 2M-aligned (or, apart only, 2M-aligned and past guest RAM: no 2M page
# fits in 0x8000+0x38000), a 4K page outside guest RAM (apart only), the
# caller's CAA (CAA x1); else validate or rescind, ignore_cf or not. A
# validate meets a page validated already (all are, booted), so cf counts
# fails it before next moves; a rescind of the list's own page takes the
# list from the module too, so `next` is not written (no "no next+1").
# Handler $1's cases, verified or listed (--list), one a line: RCX,
# header, the two entries and what the title says.
list_lines() {
	sed -e 's/  *[0-9]* paths .*//' <<<"$out" |
		sed -n "s/^  \(verified\|case    \)  $1 *\(0x[0-9a-f]*\),\(0x[0-9a-f]*\),\(0x[0-9a-f]*\),\(0x[0-9a-f]*\): \(.*[^ ]\)$/\2 \3 \4 \5 \6/p"
}
# Its regions with at most one entry read (titles without "entry+1"), then with two.
list_regions() {
	list_lines "$1" | cut -d' ' -f5- | sed 's/in 0x8000+0x38000/in RAM/g' | grep -v "; entry+1 " | sort
}
two_entry_regions() {
	list_lines "$1" | cut -d' ' -f5- | sed 's/in 0x8000+0x38000/in RAM/g' | grep "; entry+1 " | sort
}
# Verifying all 113 regions takes minutes: they are listed here (the
# search alone), and verified below with one entry pending (--batch 1)
# and, of two, the hard cases.
run 0 verify --inputs symbolic --handler pvalidate --list
listed=$out
# The regions of a list refused before its entry.
list_refused() {
	echo "rcx not 8-aligned"
	echo "rcx 8-aligned, not in RAM"
	echo "rcx 8-aligned, in RAM, !=page 0x2000, unpooled, readable; header counts refused"
}
list="rcx 8-aligned, in RAM, !=page 0x2000, unpooled, readable; header counts fit, next+0"
e4="reserved clear, size=0, in RAM, !=page 0x2000"
free="$e4, CAA x0, unpooled"
want=$(sort <<LIST
$(list_refused)
$(for t in = !=; do
	echo "$list; entry ${t}page of rcx, reserved bits set"
	echo "$list; entry ${t}page of rcx, reserved clear, size!=0, size!=1"
	echo "$list; entry ${t}page of rcx, reserved clear, size!=0, size=1, not 2M-aligned"
	echo "$list; entry ${t}page of rcx, $e4, CAA x1"
	echo "$list; entry ${t}page of rcx, $free, cf counts, validate, validated"
	echo "$list, no next+1; entry ${t}page of rcx, $free, ignore_cf, validate, validated"
done)
$list; entry !=page of rcx, reserved clear, size!=0, size=1, 2M-aligned, not in RAM
$list; entry !=page of rcx, reserved clear, size=0, not in RAM
$list, no next+1; entry !=page of rcx, $free, cf counts, rescind
$list, no next+1; entry !=page of rcx, $free, ignore_cf, rescind
$list; entry =page of rcx, $free, cf counts, rescind
$list; entry =page of rcx, $free, ignore_cf, rescind
LIST
)
same_regions pvalidate "$(list_regions pvalidate)"
# With two entries, the first is one of the four that are done with next
# moved on (a rescind apart, either flag; a validate with ignore_cf, of
# the list's page or not); the second meets every outcome the first could,
# in the state the first left: its own page the list's, the first entry's,
# or neither.
done1="entry !=page of rcx, $free, cf counts, rescind
entry !=page of rcx, $free, ignore_cf, rescind
entry !=page of rcx, $free, ignore_cf, validate, validated
entry =page of rcx, $free, ignore_cf, validate, validated"
two=$(two_entry_regions pvalidate)
[ "$(wc -l <<<"$two")" = 92 ] || fail "pvalidate: not the 92 two-entry regions: $two"
while read -r words; do
	first=${words#"$list, next+1"}
	first=${first#", no next+2"}
	first=${first#; }
	first=${first%%; entry+1 *}
	grep -qxF -- "$first" <<<"$done1" || fail "pvalidate: a second entry after a first not done: $words"
done <<<"$two"
# The hard cases the second entry brings: an error on it after the first
# was done (next must name it, the first stay done); the same page twice,
# whose second validate meets the page the first rescinded; the list's own
# page rescinded by the second entry, so next is not written.
after="$list, next+1; entry !=page of rcx, $free, cf counts, rescind"
has_region() { grep -qxF -- "$2" <<<"$two" || fail "$1: no region '$2': $two"; }
has_region pvalidate "$after; entry+1 !=page of rcx, !=page of entry, reserved bits set"
has_region pvalidate "$list, next+1, no next+2; entry !=page of rcx, $free, cf counts, rescind; entry+1 =page of entry, $free, cf counts, validate, not validated"
has_region pvalidate "$after; entry+1 =page of rcx, !=page of entry, $free, cf counts, rescind"
has "^pvalidate: 113 input regions whose list has at most 2 pending entries (search: "
# An entry's words take the decisions its part of the title names ($1 the
# entry word, $2 its part, $3 the list's address, $4 the other entry).
entry_is_as_said() {
	local e=$(($1)) a=$(($3)) o=$(($4))
	case $2 in
	*"reserved bits set") [ $((e & 0xff0)) -ne 0 ] ;;
	*"not plain 4K") [ $((e & 0xfff)) -ne 0 ] ;;
	*"size!=1") [ $((e & 3)) -ge 2 ] ;;
	*"not 2M-aligned") [ $((e & 3)) -eq 1 ] && [ $((e & 0x1ff000)) -ne 0 ] ;;
	*"CAA x1") [ $((e >> 12)) -eq 8 ] && [ $((e & 0xff3)) -eq 0 ] ;;
	*", validate, validated" | *", validate, not validated") [ $((e & 4)) -ne 0 ] ;;
	*", rescind") [ $((e & 4)) -eq 0 ] ;;
	*) true ;;
	esac || return 1
	case $2 in
	*"ignore_cf"*) [ $((e & 8)) -ne 0 ] ;;
	*"cf counts"*) [ $((e & 8)) -eq 0 ] ;;
	esac || return 1
	case $2 in
	*" =page of rcx"*) [ $((e >> 12)) -eq $((a >> 12)) ] ;;
	*" !=page of rcx"*) [ $((e >> 12)) -ne $((a >> 12)) ] ;;
	esac || return 1
	case $2 in
	*" =page of entry"*) [ $((e >> 12)) -eq $((o >> 12)) ] ;;
	*" !=page of entry"*) [ $((e >> 12)) -ne $((o >> 12)) ] ;;
	esac
}
# Each region's words take the decisions its title names.
list_words_as_said() {
	while read -r rcx header entry entry1 words; do
		a=$((rcx)) h=$((header))
		entries=$((h & 0xffff)) next=$(((h >> 16) & 0xffff)) room=$(((0xff8 - (a & 0xfff)) / 8))
		first=${words%%; entry+1 *}
		case $words in
		"rcx not 8-aligned") [ $((a & 7)) -ne 0 ] ;;
		*"counts refused") [ $entries -eq 0 ] || [ $entries -gt $room ] || [ $next -ge $entries ] ;;
		*) entry_is_as_said "$entry" "$first" "$rcx" 0 ;;
		esac || fail "$rcx,$header,$entry is not in the region it stands for: $words"
		case $words in
		*"; entry+1 "*) entry_is_as_said "$entry1" "entry+1 ${words#*; entry+1 }" "$rcx" "$entry" ;;
		esac || fail "$rcx,$header,$entry,$entry1: the second entry is not as its title says: $words"
		case $words in
		*"no next+1"*) [ $entries -eq $((next + 1)) ] ;;
		*"no next+2"*) [ $entries -eq $((next + 2)) ] ;;
		*"next+1"*) [ $entries -ge $((next + 2)) ] && [ $entries -le $((next + 2)) ] ;;
		*"counts fit"*) [ $next -lt $entries ] && [ $entries -le $((next + 2)) ] ;;
		esac || fail "$rcx,$header,$entry,$entry1: more than the two entries the search allows pending"
	done
}
list_words_as_said < <(list_lines pvalidate)
# Verified: every region of one pending entry, and the hard cases of two,
# each alone (--input its whole title, registers and all).
run 0 verify --inputs symbolic --batch 1 --handler pvalidate --quiet
has "^pvalidate: verified for every input whose list has at most 1 pending entry: 21 input regions, [0-9]* paths "
for words in "$after; entry+1 !=page of rcx, !=page of entry, reserved bits set" \
	"$list, next+1, no next+2; entry !=page of rcx, $free, cf counts, rescind; entry+1 =page of entry, $free, cf counts, validate, not validated" \
	"$after; entry+1 =page of rcx, !=page of entry, $free, cf counts, rescind"; do
	title=$(out=$listed list_lines pvalidate | while read -r rcx header entry entry1 said; do
		[ "$(sed 's/in 0x8000+0x38000/in RAM/g' <<<"$said")" = "$words" ] &&
			echo "$rcx,$header,$entry,$entry1: $said"
	done)
	[ -n "$title" ] || fail "pvalidate: no listed region '$words'"
	run 0 verify --inputs symbolic --handler pvalidate --input "$title" --quiet
	grep -qF -- "  verified  pvalidate    $title " <<<"$out" || fail "pvalidate: '$title' not verified: $out"
done

# Catalog bugs of PVALIDATE are caught on a region's case: bug 7 lets an
# entry in module memory through (a region of its own: "in 0x0+0x8000"),
# bug 8 carries out an entry with reserved bits set (the region the
# clause's own question splits off, since the module no longer asks).
run 1 verify --inputs symbolic --handler pvalidate --bug no-address-check --out "$tmp/p.lua" --quiet
has "^  error     pvalidate    .*not in 0x8000+0x38000, in 0x0+0x8000, "
run 1 verify --inputs symbolic --handler pvalidate --bug reserved-bits-accepted --out "$tmp/r.lua" --quiet
has "^  ::: clause pvalidate-rejects-reserved$"
has "^  error     pvalidate    .*, reserved bits set "

# DEPOSIT_MEM: the same list, but the module asks itself whether an entry
# is the list's page (it goes on writing `next` there), so an entry on the
# list's page is refused past the CAA check; its entry is plain 4K (bits
# 11:0 clear) or not, a page of guest RAM the guest holds (all validated),
# not the CAA: taken. A second entry on the first one's page meets it
# pooled, in the state the first left, and is refused. WITHDRAW_MEM reads
# no entry (RCX and the header only, no bound): the pool is empty in the
# booted machine, so a list that fits gets no page.
run 0 verify --inputs symbolic --handler deposit_mem --quiet
held="plain 4K, in RAM, validated, !=page 0x2000"
taken="entry !=page of rcx, $held, CAA x0, unpooled, unpooled"
after="$list, next+1; $taken"
want=$(sort <<LIST
$(list_refused)
$(for t in = !=; do
	echo "$list; entry ${t}page of rcx, not plain 4K"
	echo "$list; entry ${t}page of rcx, $held, CAA x1"
done)
$list; entry !=page of rcx, plain 4K, not in RAM
$list, no next+1; $taken
$list; entry =page of rcx, $held, CAA x0, unpooled
$list, next+1, no next+2; $taken; entry+1 !=page of rcx, !=page of entry, $held, CAA x0, unpooled, unpooled
$(for t in "!=page of rcx, !=page of entry" "=page of entry" "=page of rcx, !=page of entry"; do
	echo "$after; entry+1 $t, not plain 4K"
done)
$after; entry+1 !=page of rcx, !=page of entry, $held, CAA x1
$after; entry+1 !=page of rcx, !=page of entry, plain 4K, not in RAM
$after; entry+1 =page of entry, $held, CAA x0, pooled
$after; entry+1 =page of rcx, !=page of entry, $held, CAA x0, unpooled
$after; entry+1 =page of rcx, !=page of entry, $held, CAA x1
LIST
)
same_regions deposit_mem "$( (list_regions deposit_mem; two_entry_regions deposit_mem) | sort)"
has "^deposit_mem: verified for every input whose list has at most 2 pending entries: 19 input regions, [0-9]* paths "
list_words_as_said < <(list_lines deposit_mem)
run 0 verify --inputs symbolic --handler withdraw_mem --quiet
want=$(sort <<'LIST'
rcx not 8-aligned
rcx 8-aligned, not in 0x8000+0x38000
rcx 8-aligned, in 0x8000+0x38000, !=page 0x2000, unpooled, readable; header counts refused
rcx 8-aligned, in 0x8000+0x38000, !=page 0x2000, unpooled, readable; header counts fit, next+0
LIST
)
same_regions withdraw_mem "$(regions withdraw_mem)"
has "^withdraw_mem: verified for every input: 4 input regions, [0-9]* paths "

# A module that decides on RCX outside the predicates (bug 12 checks only
# 8-byte alignment, with its own mask) is caught, and not said to be
# verified for every input.
run 1 verify --inputs symbolic --handler remap_ca --bug remap-ca-unchecked --out "$tmp/c.lua" --quiet
has "^  ::: clause caa-from-guest-page$"
has "^remap_ca: [0-9]* of [0-9]* input regions verified (.*), not every input: "

# --json carries the same coverage as the report's last lines: per
# handler, every input or not, its regions, verified and paths.
coverage_json() {
	python3 -c '
import json, sys
for c in json.load(sys.stdin)["coverage"]:
    if c["every_input"]:
        print("%s: verified for every input%s: %d input regions, %d paths"
              % (c["handler"], " " + c["bound"] if "bound" in c else "", c["regions"],
                 c["paths"]))
    else:
        print("%s: %d of %d input regions verified (%d paths), not every input: %s"
              % (c["handler"], c["verified"], c["regions"], c["paths"], c["why"]))'
}
coverage_text() { sed -n 's/^\([a-z_]*: .*\) (search: .*/\1/p' <<<"$out"; }
for args in "--handler delete_vcpu" "--handler deposit_mem" \
            "--handler remap_ca --bug remap-ca-unchecked --out $tmp/j.lua"; do
	# shellcheck disable=SC2086
	json=$("$bin" verify --inputs symbolic $args --json --quiet 2>/dev/null)
	# shellcheck disable=SC2086
	out=$("$bin" verify --inputs symbolic $args --quiet 2>&1)
	[ -n "$(coverage_text)" ] || fail "no coverage line for $args: $out"
	[ "$(coverage_json <<<"$json")" = "$(coverage_text)" ] ||
		fail "--json's coverage is not the report's for $args: $json"
done
json=$("$bin" verify --inputs classes --handler query_protocol --json --quiet 2>/dev/null)
python3 -c 'import json, sys; sys.exit("coverage" in json.load(sys.stdin))' <<<"$json" ||
	fail "--json of the class list has a coverage: $json"

# What it does not cover is refused, saying so.
expect 2 "works with one vCPU only" verify --inputs symbolic --vcpus 2 --quiet
expect 2 "takes classes or symbolic, not 'all'" verify --inputs all --quiet
echo "verify_inputs.sh: ok"
