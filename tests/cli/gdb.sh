#!/usr/bin/env bash
# `svsmlab gdb` with the real gdb in batch mode: the demo's counterexample
# (threads, registers, memory as the guest sees it, a watchpoint that
# stops where the guest can first read the secret, reverse-stepi and
# reverse-continue, the failed check), the RMP before and after the
# hypervisor's move, bug 4's second vCPU as a second thread, and raw
# malformed packets that must neither crash nor hang the stub.
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

# serve FILE: the stub in the background on a free port ($port, $srv).
serve() {
	# Emptied before the stub starts: the loop would otherwise read the
	# port of the stub before, if it ran before the new one's shell.
	: >"$tmp/srv.out"
	"$bin" gdb "$1" --port 0 >"$tmp/srv.out" 2>&1 &
	srv=$!
	port=
	for _ in $(seq 100); do
		port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tmp/srv.out")
		[ -n "$port" ] && return
		kill -0 "$srv" 2>/dev/null || break
		sleep 0.1
	done
	fail "the stub printed no port: $(cat "$tmp/srv.out")"
}
# served: the stub must have ended by itself, with status 0.
served() {
	local rc
	timeout 10 tail --pid="$srv" -f /dev/null || { kill "$srv"; fail "the stub did not end"; }
	wait "$srv"; rc=$?
	[ "$rc" -eq 0 ] || fail "the stub exited $rc: $(cat "$tmp/srv.out")"
}
# debug: gdb in batch mode on the commands of stdin; its output in $out.
debug() {
	{ echo "set pagination off"; echo "set confirm off"
	  echo "target remote 127.0.0.1:$port"; cat; } >"$tmp/cmds.gdb"
	out=$(timeout 60 gdb -batch -nx -x "$tmp/cmds.gdb" 2>&1) || fail "gdb failed: $out"
}
# part N: what gdb printed between "echo =N=" and the next marker.
part() { awk -v m="=$1=" '/^=[0-9a-z]*=$/{on = ($0 == m); next} on' <<<"$out"; }
in_part() { grep -q -- "$2" <<<"$(part "$1")" || fail "part $1: no '$2' in: $(part "$1")"; }
not_in_part() { ! grep -q -- "$2" <<<"$(part "$1")" || fail "part $1: '$2' in: $(part "$1")"; }

run 2 gdb
has "svsmlab gdb: a trace FILE is needed"
run 2 gdb x.lua --port 65536
has "svsmlab gdb: --port takes a port number 0..65535, not '65536'"
run 2 gdb "$tmp/none.lua" --port 0
has "cannot"

"$bin" demo --out "$tmp/demo.lua" >/dev/null 2>&1 || fail "demo --out failed"
serve "$tmp/demo.lua"
debug <<'GDB'
echo =threads=\n
info threads
echo =regs=\n
info registers rip rax
echo =start=\n
x/s 0x20020
monitor rmp 0x20000
watch *(char (*)[6])0x20020
echo =first=\n
continue
x/s 0x20020
echo =leak=\n
continue
x/s 0x20020
monitor step
monitor rmp 0x20000
echo =back=\n
reverse-stepi
x/s 0x20020
monitor step
echo =rcont=\n
reverse-continue
x/s 0x20020
echo =clean=\n
delete
monitor goto 0
reverse-stepi
echo =check=\n
continue
monitor step
echo =end=\n
continue
continue
monitor violations
echo =write=\n
set {char}0x9000 = 65
x/c 0x9000
monitor step
monitor bugs
echo =done=\n
kill
GDB
served
in_part threads "^\* 1 *Thread 1 "
[ "$(part threads | grep -c 'Thread [0-9]')" -eq 1 ] || fail "one vCPU, but: $(part threads)"
in_part regs "^rip  *0x"
in_part regs "^rax  *0x"
not_in_part start "VMPCK0"
in_part start "GPA 0x20000 -> SPA 0x20000,"
in_part start "Hardware watchpoint 1: "
# The first change the guest sees: the page becomes unreadable, no secret.
in_part first "Hardware watchpoint 1: "
not_in_part first "VMPCK0"
# The next one: the RMPADJUST that hands VMPL1 the secrets page, and its failed check.
in_part leak "Hardware watchpoint 1: "
in_part leak 'New value = "VMPCK0"'
in_part leak '0x20020:.*"VMPCK0-secret-key-bytes!"'
in_part leak "clause page-public-to-vmpl"
in_part leak "rmpadjust .*svsm/core/validate.c:123"
in_part leak "GPA 0x20000 -> SPA 0x1000,"
leak_step=$(part leak | sed -n 's/^step \([0-9]*\) of [0-9]*$/\1/p')
[ -n "$leak_step" ] || fail "no step number at the leak"
# One step back, the guest cannot read it.
in_part back "Cannot access memory at address 0x20020"
in_part back "^step $((leak_step - 1)) of "
# Further back: the watchpoint's previous change, or the start.
grep -q "Hardware watchpoint 1: \|No more reverse-execution history" <<<"$(part rcont)" ||
	fail "reverse-continue: $(part rcont)"
not_in_part rcont "VMPCK0"
in_part clean "No more reverse-execution history"
in_part check "svsmlab: trace step $leak_step fails a check"
in_part check "clause page-public-to-vmpl"
in_part check "SIGTRAP"
in_part check "^step $leak_step of "
# After the call, the page the owners call the guest's holds the secret: that check stops it
# once more, then the trace runs to its end.
in_part end "clause guest-pages-hold-no-secrets"
in_part end "svsmlab: the trace ends here"
in_part end "No more reverse-execution history"
in_part end "^step $leak_step: page-public-to-vmpl at svsm/core/validate.c:123"
in_part write "0x9000:.*65 'A'"
in_part write "done: guest write gpa=0x9000"
in_part write "bugs: no-zero-after-validate"

# Bug 4: the second vCPU is a second thread, with registers of its own.
run 1 check scripts/check/create-vcpu-no-lock.lua --out "$tmp/b4.lua" --quiet
serve "$tmp/b4.lua"
debug <<'GDB'
echo =threads=\n
info threads
thread 2
info registers rip
echo =done=\n
detach
GDB
served
in_part threads "Thread 1 "
in_part threads "Thread 2 "
in_part threads "Switching to thread 2"
in_part threads "^rip  *0x"

# Read and access watchpoints stop at the step that reads the bytes: the
# module reading the guest's request.
serve "$tmp/demo.lua"
debug <<'GDB'
rwatch *(long *)0x9000
echo =read=\n
continue
monitor step
awatch *(char *)0x9008
echo =access=\n
continue
monitor step
echo =done=\n
kill
GDB
served
in_part read "Hardware read watchpoint 1: "
in_part read "read_guest gpa=0x9000 len=8 .*svsm/core/pagelist.c"
in_part access "Hardware access (read/write) watchpoint 2: "
in_part access "read_guest gpa=0x9008 "

# Raw packets: garbage, a bad checksum, an oversize packet, non-hex
# numbers, a client leaving mid-packet; the next good packet is answered.
serve "$tmp/demo.lua"
python3 - "$port" <<'PY' || fail "hostile client: see above"
import socket, sys
port = int(sys.argv[1])

def frame(data):
    return b"$" + data + b"#%02x" % (sum(data) % 256)

def connect():
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    return s

def expect(s, want):
    got = b""
    while want not in got:
        chunk = s.recv(65536)
        if not chunk:
            sys.exit("connection closed waiting for %r, got %r" % (want, got))
        got += chunk
    return got

s = connect()
s.sendall(b"\x00\xff garbage }}}**##")
s.sendall(b"$g#00")                          # bad checksum: asked again
expect(s, b"-")
s.sendall(frame(b"A" * 100000))              # oversize: an error, no overrun
expect(s, b"+$E16#")
s.sendall(frame(b"mzz,4"))                   # non-hex address
expect(s, b"$E16#")
s.sendall(frame(b"m" + b"f" * 40 + b",4"))   # a number too long for 64 bits
expect(s, b"$E16#")
s.sendall(frame(b"Z2,20020,100000"))         # a watchpoint too big
expect(s, b"$E16#")
s.sendall(frame(b"p999"))                    # no such register
expect(s, b"$E16#")
s.sendall(frame(b"M20020,4:zz"))             # bad hex payload
expect(s, b"$E16#")
s.sendall(frame(b"X20020,4:}"))              # an escape with nothing after it
expect(s, b"$E16#")
s.sendall(frame(b"qRcmd,6"))                 # odd hex in a monitor command
expect(s, b"$E16#")
s.sendall(frame(b"m0,ffffffff"))             # a huge read: a shorter answer
expect(s, b"#")
s.sendall(frame(b"?"))
expect(s, b"$T05thread:1;#")
s.sendall(b"$m20020,")                       # leave in the middle of a packet
s.close()

s = connect()                                # the next client is served
s.sendall(frame(b"QStartNoAckMode"))
expect(s, b"$OK#")
s.sendall(b"+" + frame(b"?"))
expect(s, b"$T05thread:1;#")
s.sendall(frame(b"D"))
expect(s, b"$OK#")
s.close()
PY
served
