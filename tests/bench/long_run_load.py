#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Many TCP Fast Open connections, as fast as one process can make them, for
tests/bench/long-run.  Python 3 standard library only; Linux.

  long_run_load.py server ADDR PORT...
      Listens with TCP_FASTOPEN on every PORT; every connection: read what
      came (the SYN data), answer one line, close when the client has.  Runs until killed.
  long_run_load.py client SRC SERVER PORTS N RATE
      Makes N connections from SRC to SERVER, one after the other, at most
      RATE a second (dumpcap drops packets when it cannot keep up), cycling
      over PORTS (comma-separated): sendto(MSG_FASTOPEN) with a line of data
      (the first asks for a cookie, the others carry it), read the answer,
      close with a reset.  Prints "done OK FAILED SECONDS {ERROR: COUNT}".
"""
import selectors
import socket
import struct
import sys
import time

MSG_FASTOPEN = getattr(socket, 'MSG_FASTOPEN', 0x20000000)
TCP_FASTOPEN = getattr(socket, 'TCP_FASTOPEN', 23)


def server(addr, ports):
    sel = selectors.DefaultSelector()
    for port in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Room for every Fast Open SYN not yet accepted: past the queue the
        # kernel ignores the SYN data, which would be a verdict of its own.
        s.setsockopt(socket.IPPROTO_TCP, TCP_FASTOPEN, 4096)
        s.bind((addr, port))
        s.listen(4096)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, None)
    print('listening on %s ports %s' % (addr, ','.join(map(str, ports))), flush=True)
    n = 0
    while True:
        for key, _ in sel.select():
            if key.data is None:
                try:
                    conn, _ = key.fileobj.accept()
                except BlockingIOError:
                    continue
                conn.setblocking(False)
                sel.register(conn, selectors.EVENT_READ, 'conn')
                continue
            # Answer the SYN data, then wait for the client to close: the
            # server closing first would keep its TIME_WAIT sockets, and
            # all clients share the NAT's address (see client()).
            conn = key.fileobj
            try:
                data = conn.recv(4096)
            except OSError:
                data = b''
            if data:
                n += 1
                conn.send(b'OK %d\n' % n)
                continue
            sel.unregister(conn)
            conn.close()


def client(src, server_addr, ports, count, rate):
    ok = failed = 0
    errors = {}
    t0 = time.monotonic()
    for i in range(count):
        ahead = t0 + i / rate - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind((src, 0))
            # Blocking: without a cookie yet, sendto() waits for the handshake.
            s.sendto(b'GET %d\n' % i, MSG_FASTOPEN, (server_addr, ports[i % len(ports)]))
            s.settimeout(5)
            if not s.recv(4096).endswith(b'\n'):
                raise OSError('short answer')
            # Closed with a reset: no TIME_WAIT on either end. Behind one NAT
            # address, clients with different TCP timestamp offsets reuse the
            # server's TIME_WAIT tuples, whose SYNs the server drops (PAWS).
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            ok += 1
        except OSError as e:
            failed += 1
            errors[str(e)] = errors.get(str(e), 0) + 1
        finally:
            s.close()
    print('done %d %d %.1f %s' % (ok, failed, time.monotonic() - t0, errors), flush=True)


def main(argv):
    if len(argv) >= 3 and argv[0] == 'server':
        server(argv[1], [int(p) for p in argv[2:]])
    elif len(argv) == 6 and argv[0] == 'client':
        client(argv[1], argv[2], [int(p) for p in argv[3].split(',')], int(argv[4]), float(argv[5]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
