#!/usr/bin/env bash
# Options that would make a run hang or answer about something else than
# what was asked are refused before it starts, with the valid values:
# check --no-hashing with neither --depth nor --hv-actions bounded (one
# execution could go on forever), and a --page of check or verify that is
# not a page-aligned guest-physical address (it used to be rounded down or
# left out of the scope without a word).
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

scenario=scripts/check/pvalidate-cf-lost.lua
run 2 check "$scenario" --depth unbounded --hv-actions unbounded --no-hashing --quiet
has "--no-hashing needs --depth or --hv-actions bounded"
grep -q "^bounds:" <<<"$out" && fail "check started before refusing its bounds: $out"
run 0 check "$scenario" --bug none --depth unbounded --hv-actions 1 --no-hashing --quiet
has "no violation within the bounds"

input=(--handler pvalidate --input "rescind 0x20000 (rescinded first)" --quiet)
for page in 0x400000 0x20001 0xffffffffffffffff; do
	run 2 check "$scenario" --page $page --quiet
	has "a page is 0x0 to 0x3ff000, a multiple of 0x1000"
	run 2 verify "${input[@]}" --page $page
	has "a page is 0x0 to 0x3ff000, a multiple of 0x1000"
	grep -q "verified" <<<"$out" && fail "verify --page $page still verified: $out"
done
run 2 verify "${input[@]}" --page 0x400000
has "--page 0x400000 is outside the guest-physical space"
run 2 verify "${input[@]}" --page 0x20001
has "--page 0x20001 is not page-aligned"
run 0 verify "${input[@]}" --page 0x21000
has "pages 0x20000 0x21000 + secrets"
run 1 check "$scenario" --page 0x3ff000 --out "$tmp/cex.lua" --quiet
has "scope: 2 guest pages"
exit 0
