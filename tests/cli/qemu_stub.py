#!/usr/bin/env python3
"""tests/cli/qemu_stub.py garbage|interrupt PORT | spin PORT LO HI: the
module's gdb stub on COM2, spoken to without gdb.

  garbage    throw garbage at it, then check that it still answers '?',
             and hands out its target description (target.xml) in pieces
  interrupt  continue the guest, send Ctrl-C, check that it stops with
             SIGINT (S02), then kill it (the run ends, failed)
  spin       the same with a guest spinning without traps in [LO, HI):
             Ctrl-C must stop it there (the module's timer), not only
             at a trap before the spin

Exit 0 when the stub behaved."""
import os
import re
import socket
import sys
import time


def frame(data):
    return b"$" + data + b"#%02x" % (sum(data) % 256)


def connect(port):
    for _ in range(100):
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=10)
        except OSError:
            time.sleep(0.1)
    sys.exit("cannot connect to the stub")


def expect(s, want):
    got = b""
    deadline = time.time() + 10
    while want not in got and time.time() < deadline:
        got += s.recv(4096)
    if want not in got:
        sys.exit("no %r from the stub: %r" % (want, got[-200:]))


def reply(s, data):
    """Send a packet; its reply's data (acks and checksum dropped)."""
    s.sendall(frame(data))
    got = b""
    deadline = time.time() + 10
    while time.time() < deadline:
        start = got.find(b"$")
        end = got.find(b"#", start)
        if start >= 0 and 0 <= end <= len(got) - 3:
            return got[start + 1:end]
        got += s.recv(4096)
    sys.exit("no reply to %r from the stub: %r" % (data, got[-200:]))


def sync(s):
    """Read until the reply to a request whose answer no garbage can draw:
    three bytes of the guest's first instruction. Replies to the garbage
    that the stub was still working through are then behind us."""
    s.sendall(frame(b"m40100000,3"))
    got = b""
    deadline = time.time() + 30
    answer = re.compile(rb"\$[0-9a-f]{6}#[0-9a-f]{2}")
    while not answer.search(got) and time.time() < deadline:
        got += s.recv(4096)
    if not answer.search(got):
        sys.exit("the stub does not answer after garbage: %r" % got[-200:])


def target_xml(s):
    """The description read in pieces of 0x40 bytes, with the replies' errors."""
    xml = b""
    while True:
        r = reply(s, b"qXfer:features:read:target.xml:%x,40" % len(xml))
        if r[:1] not in (b"m", b"l") or len(r) > 1 + 0x40 or (r[:1] == b"m" and len(r) == 1):
            sys.exit("qXfer got %r after %d bytes" % (r, len(xml)))
        xml += r[1:]
        if r[:1] == b"l":
            break
    for req, want in [(b"target.xml:%x,40" % len(xml), b"l"), (b"target.xml:ffffffff,1", b"l"),
                      (b"other.xml:0,40", b"E00"), (b"target.xml:zz,40", b"E16"),
                      (b"target.xml:0", b"E16")]:
        r = reply(s, b"qXfer:features:read:" + req)
        if r != want:
            sys.exit("qXfer:features:read:%s got %r, not %r" % (req, r, want))
    sup = reply(s, b"qSupported:xmlRegisters=i386")
    if b"qXfer:features:read+" not in sup:
        sys.exit("qSupported does not offer target.xml: %r" % sup)
    # gdb's core x86-64 registers, numbered as the 'g' packet sends them; no VMSA ones.
    regs = xml.count(b"<reg ")
    for want in [b"<architecture>i386:x86-64</architecture>",
                 b'<feature name="org.gnu.gdb.i386.core">', b'<reg name="rip" bitsize="64" type="code_ptr" regnum="16"/>',
                 b'<reg name="fop" bitsize="32" type="int" regnum="39"/>', b"</target>\n"]:
        if want not in xml:
            sys.exit("no %r in the target description: %r" % (want, xml))
    if regs != 40 or b"cr3" in xml or b"org.svsmlab.vmsa" in xml:
        sys.exit("not the 40 core registers: %r" % xml)
    g = reply(s, b"g")
    if len(g) != 2 * (16 * 8 + 8 + 6 * 4 + 4 + 8 * 10 + 8 * 4) or g.count(b"x") != 2 * (4 * 4 + 8 * 10 + 8 * 4):
        sys.exit("the 'g' reply is not the description's registers: %r" % g)


def interrupt(s):
    s.sendall(frame(b"?"))
    expect(s, b"$S05#b8")
    s.sendall(frame(b"c") + b"\x03")
    expect(s, b"$S02#b5")
    s.sendall(frame(b"k"))
    s.close()


def garbage(s):
    rnd = bytes(b for b in os.urandom(20000) if b not in b"$#}")   # no packet can complete
    junk = [
        rnd,
        b"$g#00", b"$m40100000,10#zz", b"$" + b"A" * 6000 + b"#00",      # bad checksums, too big
        frame(b"A" * 5000),                                              # too big, good sum
        frame(b"m"), frame(b"mzz,1"), frame(b"m40100000"), frame(b"m0,ffffffffffffffff"),
        frame(b"M40100000,4:zz"), frame(b"M40100000,ffff:00"), frame(b"M0,1:00"),
        frame(b"Z0"), frame(b"Z0,"), frame(b"Z1,40100000,1"), frame(b"z0,1,1"),
        frame(b"P"), frame(b"P99=00"), frame(b"P0=zz"), frame(b"Hg0"), frame(b"vCont?"),
        frame(b"qXfer:features:read:target.xml:0,fff"), frame(b""), b"}}}}**", b"+-+-",
        bytes(range(256)),
    ]
    for j in junk:
        s.sendall(j)
    time.sleep(0.5)
    s.settimeout(0.2)
    try:
        while s.recv(65536):
            pass
    except socket.timeout:
        pass
    s.settimeout(10)
    sync(s)
    if reply(s, b"?") != b"S05":
        sys.exit("the stub does not say why the guest stopped")
    target_xml(s)
    s.close()


def spin(s, lo, hi):
    expect(s, b"$S05#b8")   # stopped at its first instruction; COM2 is now listening
    s.sendall(frame(b"QStartNoAckMode"))
    expect(s, b"$OK#9a")
    # The guest reaches its spin within milliseconds of 'c', but a loaded
    # machine may be slower: a stop before the spin (at one of its traps)
    # is continued, and Ctrl-C sent again.
    for _ in range(20):
        s.sendall(frame(b"c"))
        time.sleep(0.5)
        s.sendall(b"\x03")
        expect(s, b"$S02#b5")
        rip = int.from_bytes(bytes.fromhex(reply(s, b"p10").decode()), "little")
        if lo <= rip < hi:
            s.sendall(frame(b"k"))
            s.close()
            return
    sys.exit("never stopped inside the spin [%#x, %#x): last rip %#x" % (lo, hi, rip))


mode, port = sys.argv[1], int(sys.argv[2])
if mode == "spin":
    spin(connect(port), int(sys.argv[3], 16), int(sys.argv[4], 16))
else:
    {"garbage": garbage, "interrupt": interrupt}[mode](connect(port))
