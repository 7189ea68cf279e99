#!/usr/bin/env bash
# `svsmlab qemu`: the module's x86 image boots under QEMU (TCG), serves the
# guest's self-test through the real calling convention, and QEMU's exit
# status carries the verdict; catalog bugs that need no hypervisor show
# their effect in the guest. Every run is bounded by --timeout (and the
# whole script by `timeout`), so a hang fails the test, never make test.
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

make -s qemu-image >"$tmp/build.log" 2>&1 || fail "make qemu-image failed: $(cat "$tmp/build.log")"
[ -f build/qemu/svsm.elf ] && [ -f build/qemu/guest.elf ] || fail "make qemu-image made no image"

qemu() { run "$1" qemu --timeout 60 "${@:2}"; out=$(tr -d '\r' <<<"$out"); }

# The correct module: every check passes, in order, and QEMU's status says so.
qemu 0
has "svsm: booted; bugs 0x0"
has "guest: running in ring 3 at VMPL1"
for t in query_protocol_core unsupported_protocol unsupported_call pvalidate_rescind_validate \
         pvalidate_zeroes pvalidate_module_page_refused pvalidate_reserved_bits_refused \
         pvalidate_batch_resume create_vcpu_bad_vmsa_refused create_vcpu_vmpl0_refused \
         create_vcpu_caa_on_vmsa_refused create_vcpu delete_vcpu deposit_mem withdraw_mem remap_ca remap_ca_module_page_refused; do
	grep -qx "PASS $t" <<<"$out" || fail "no 'PASS $t' in: $out"
done
grep -q '^FAIL' <<<"$out" && fail "a check failed: $out"
[ "$(grep -c '^PASS ' <<<"$out")" -eq 22 ] || fail "not 22 PASS lines: $out"
has "guest: self-test done, failures 0x0"
has "svsmlab qemu: the guest's self-test passed"

# Bug 11: the guest obtains a VMPL0 vCPU; exactly that check fails.
qemu 1 --bug create-vcpu-any-vmpl
has "svsm: booted; bugs 0x200"
has "FAIL create_vcpu_vmpl0_refused: ESCALATION"
[ "$(grep -c '^FAIL' <<<"$out")" -eq 1 ] || fail "not one FAIL: $out"
has "PASS delete_vcpu"
has "the guest's self-test FAILED"

# The other bugs that need no hypervisor, each in the check it breaks.
qemu 1 --bug no-address-check
has "FAIL pvalidate_module_page_refused: the module's secrets page was rescinded"
qemu 1 --bug reserved-bits-accepted
has "FAIL pvalidate_reserved_bits_refused"
qemu 1 --bug remap-ca-unchecked
has "FAIL remap_ca_module_page_refused: the Calling Area was moved onto the module's secrets page"
qemu 1 --bug no-zero-after-validate
has "FAIL pvalidate_zeroes"
qemu 1 --bug caa-may-be-vmsa
has "FAIL create_vcpu_caa_on_vmsa_refused: the new vCPU's Calling Area is its own VMSA page"

# The module's gdb stub on COM2 (make qemu-gdb). First garbage, which must
# neither hang nor crash it, then its target description
# (tests/cli/qemu_stub.py checks both); then a real gdb: break in the
# guest, `next` over a call, the registers the description names, a
# step, a variable, an SVSM call's result in rax, a page the guest may
# not read, and the exit. Timeouts are generous (gdb's own is 2 s): the
# machine is shared, and a slow reply must not fail the test.
port=$((20000 + $$ % 20000))
"$bin" qemu --gdb "$port" --timeout 300 >"$tmp/gdb-qemu.out" 2>&1 &
pid=$!
timeout 60 python3 tests/cli/qemu_stub.py garbage "$port" || fail "the stub after garbage: see above"
# Where `next` from guest_main's first line must land: the line after it.
next_line=$(grep -n 'if (mode == QEMU_GUEST_BENCH)' svsm/platform/qemu/guest/selftest.c | cut -d: -f1)
cat >"$tmp/cmds.gdb" <<GDB
set pagination off
set confirm off
set remotetimeout 120
target remote 127.0.0.1:$port
echo =start=\\n
info registers rip
break guest_main
continue
echo =rip=\\n
info registers rip
echo =next=\\n
next
echo =registers=\\n
info registers
info registers st0
echo =stepi=\\n
stepi
info registers rip
echo =call=\\n
break core
continue
finish
info registers rax
print failures
echo =secrets=\\n
x/4xb 0x40001000
GDB
# The x/ fails, which ends the file of commands; gdb goes on with the -ex ones.
out=$(timeout 300 gdb -batch -nx build/qemu/guest.elf -x "$tmp/cmds.gdb" -ex delete \
	-ex continue 2>&1)
wait "$pid"; rc=$?
[ "$rc" -eq 0 ] || fail "svsmlab qemu --gdb exited $rc: $(cat "$tmp/gdb-qemu.out") gdb: $out"
# The text between two of the session's markers.
between() { sed -n "/^=$1=\$/,/^=$2=\$/p" <<<"$out"; }
has "rip            0x40100000 *0x40100000 <_start>"
has "Breakpoint 1, guest_main (mode=0) at svsm/platform/qemu/guest/selftest.c"
has "rip            0x40100[0-9a-f]* *0x40100[0-9a-f]* <guest_main>"
# `next` stepped over qguest_puts (and its console hypercall) to the next line.
[ "$(between next registers | sed -n 2p)" = "$next_line"$'\t\t'"if (mode == QEMU_GUEST_BENCH)" ] ||
	fail "next did not land on line $next_line: $(between next registers)"
# The registers are the target description's: eflags a plain int32, the
# registers the trap frame does not hold unavailable.
regs=$(between registers stepi)
for want in "rsp            0x401[0-9a-f]* *0x401[0-9a-f]*\$" "eflags         0x[0-9a-f]* *[0-9]*\$" \
            "cs             0x23 *35\$" "ss             0x1b *27\$" "ds             <unavailable>" \
            "gs             <unavailable>" "st0            <unavailable>"; do
	grep -q -- "^$want" <<<"$regs" || fail "no '$want' in info registers: $regs"
done
[ "$(grep -c '^r[0-9a-z]* *0x' <<<"$regs")" -eq 17 ] || fail "not rax..r15 and rip: $regs"
has "<guest_main+[0-9]*>"
has 'Value returned is \$1 = 0'
has "rax            0x0 "
has '\$2 = 0'
has "Cannot access memory at address 0x40001000"
has "exited normally"
grep -q "gdb .*build/qemu/guest.elf -ex 'target remote 127.0.0.1:$port'" "$tmp/gdb-qemu.out" ||
	fail "no gdb command line: $(cat "$tmp/gdb-qemu.out")"
grep -q "svsm: serving the guest to gdb on COM2" "$tmp/gdb-qemu.out" ||
	fail "the module did not serve gdb: $(cat "$tmp/gdb-qemu.out")"
grep -q "the guest's self-test passed" "$tmp/gdb-qemu.out" || fail "no verdict: $(cat "$tmp/gdb-qemu.out")"

# Ctrl-C while the guest runs: the stub, polling COM2 at the guest's traps,
# stops it with SIGINT; gdb's kill then ends the run (failed: status 1).
"$bin" qemu --gdb "$port" --timeout 60 >"$tmp/int-qemu.out" 2>&1 &
pid=$!
timeout 30 python3 tests/cli/qemu_stub.py interrupt "$port" || fail "Ctrl-C: see above"
wait "$pid"; rc=$?
[ "$rc" -eq 1 ] || fail "killed by gdb: svsmlab qemu exited $rc: $(cat "$tmp/int-qemu.out")"
grep -q "svsm: gdb killed the guest" "$tmp/int-qemu.out" || fail "no kill: $(cat "$tmp/int-qemu.out")"

# Usage errors say what is wrong.
run 2 qemu --bug frob
has "frob"
run 2 qemu --gdb 0
has "svsmlab qemu: --gdb takes a port number 1..65535, not '0'"
run 2 qemu --timeout x
has "svsmlab qemu: --timeout takes seconds 0..86400, not 'x'"
run 2 qemu extra
has "svsmlab qemu: takes no operand, not 'extra'"

# The image by itself, with a kernel command line svsmlab qemu does not write:
# raw APPEND [QEMU ARGS] runs it, QEMU's status in $rc (and its own) and the
# console in $out.
raw() {
	timeout 120 qemu-system-x86_64 -machine microvm,accel=tcg -m 128M -display none \
		-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial stdio \
		-kernel build/qemu/svsm.elf -append "$@" >"$tmp/raw.out" 2>&1
	rc=$?
	out=$(tr -d '\r' <"$tmp/raw.out")
	return "$rc"
}
# A guest touching a page it rescinded meets the model's #VC; the run ends, failed.
raw fault
[ "$rc" -eq 3 ] || fail "the fault run: QEMU exited $rc, not 3: $out"
has "svsm: guest page fault at 0x40106000, rip 0x401[0-9a-f]*, gpa 0x106000: #VC 0x404 (page not validated)"
# A command line it does not understand is refused: a panic, status 5.
raw "bugs=0xffffffff"
[ "$rc" -eq 5 ] || fail "a bad command line: QEMU exited $rc, not 5: $out"
has "svsm: panic: bad kernel command line"

# Ctrl-C reaches a guest that spins without a trap: the module's timer
# ticks while gdb is served, and the stub looks at COM2 on each tick. The
# stop must be inside spin() (tests/cli/qemu_stub.py), not at a trap
# before it; gdb's kill then ends the run (failed: QEMU's status 3).
read -r lo size <<<"$(nm -S build/qemu/guest.elf | awk '$4 == "spin" { print $1, $2 }')"
[ -n "$lo" ] && [ -n "$size" ] || fail "no function spin in build/qemu/guest.elf"
raw "gdb spin" -chardev "socket,id=com2,host=127.0.0.1,port=$port,server=on,wait=on" \
	-device isa-serial,chardev=com2,iobase=0x2f8,irq=3 &
pid=$!
timeout 120 python3 tests/cli/qemu_stub.py spin "$port" "$lo" "$(printf %x $((0x$lo + 0x$size)))" ||
	fail "Ctrl-C in a spinning guest: see above; the console: $(cat "$tmp/raw.out")"
wait "$pid"; rc=$?
out=$(tr -d '\r' <"$tmp/raw.out")
[ "$rc" -eq 3 ] || fail "the spinning guest killed by gdb: QEMU exited $rc, not 3: $out"
has "guest: spinning"
has "svsm: gdb killed the guest"
exit 0
