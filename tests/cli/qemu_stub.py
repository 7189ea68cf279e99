#!/usr/bin/env python3
"""tests/cli/qemu_stub.py garbage|interrupt PORT: the module's gdb stub on
COM2, spoken to without gdb.

  garbage    throw garbage at it, then check that it still answers '?'
  interrupt  continue the guest, send Ctrl-C, check that it stops with
             SIGINT (S02), then kill it (the run ends, failed)

Exit 0 when the stub behaved."""
import os
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
    s.sendall(frame(b"?"))
    expect(s, b"$S05#b8")
    s.close()


{"garbage": garbage, "interrupt": interrupt}[sys.argv[1]](connect(int(sys.argv[2])))
