#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A small TCP Fast Open (RFC 7413) server and client for the gateway lab.
Python 3 standard library only; Linux.

  tfo.py server ADDR PORT [QLEN]
      Listens with TCP_FASTOPEN (queue QLEN, default 16). Every connection:
      read one line, answer "OK <n> <line>\\n", close. Runs until killed.
  tfo.py client SERVER PORT PLAN
      PLAN is JSON: a list of steps run one after the other; a step is a list
      of connections run in parallel, each {"src": ADDR or "", "sport": PORT
      or 0, "data": TEXT, "netns": NAME (optional: the thread enters that
      network namespace first, so one process can play many hosts),
      "fastopen": false (optional: an ordinary connection, connect() then
      send(), whose SYN carries no Fast Open option and no data)};
      optional "pause" (seconds, default 0.3) after a step:
      [{"conns": [...], "pause": 0.3}, ...]. A step may instead be
      {"sysctl": [NETNS, NAME, VALUE]}: set a sysctl in another namespace
      (the server's Fast Open key, for instance).
      Each connection (unless "fastopen" is false) sends its data with
      sendto(..., MSG_FASTOPEN), so the kernel asks for a cookie, or sends
      the cached cookie with the data in the SYN; then reads the answer
      until EOF. One line per connection goes
      to stdout. Exit status 0 even when connections fail (a blackholing
      gateway is the point of some scenarios).
"""
import ctypes
import json
import os
import socket
import sys
import threading
import time

MSG_FASTOPEN = getattr(socket, 'MSG_FASTOPEN', 0x20000000)
TCP_FASTOPEN = getattr(socket, 'TCP_FASTOPEN', 23)


CLONE_NEWNET = 0x40000000


def enter_netns(name):
    """Moves the calling thread into network namespace NAME (ip netns)."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open('/run/netns/' + name, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, 'setns %s: %s' % (name, os.strerror(err)))
    finally:
        os.close(fd)


def family(addr):
    return socket.AF_INET6 if ':' in addr else socket.AF_INET


def serve_one(conn, n):
    try:
        conn.settimeout(10)
        buf = b''
        while b'\n' not in buf:
            chunk = conn.recv(4096)
            if not chunk:
                break
            buf += chunk
        conn.sendall(b'OK %d %s\n' % (n, buf.strip()))
    except OSError:
        pass
    finally:
        conn.close()


def server(addr, port, qlen=16):
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_TCP, TCP_FASTOPEN, qlen)
    s.bind((addr, port))
    s.listen(128)
    print(f'listening on {addr} port {port} (TCP_FASTOPEN qlen {qlen})', flush=True)
    n = 0
    while True:
        conn, _ = s.accept()
        n += 1
        threading.Thread(target=serve_one, args=(conn, n), daemon=True).start()


def connect_once(server_addr, port, src, sport, data, netns, fastopen, results, idx):
    if netns:
        enter_netns(netns)        # this thread only: the socket is made in that namespace
    t0 = time.monotonic()
    s = socket.socket(family(server_addr), socket.SOCK_STREAM)
    local = '?'
    try:
        if src or sport:
            s.bind((src, sport))
        if fastopen:
            # Blocking: without a cookie the kernel sends a cookie request and
            # sendto() waits for the handshake; with one, the data goes in the SYN.
            s.sendto(data.encode() + b'\n', MSG_FASTOPEN, (server_addr, port))
        else:
            s.settimeout(12)
            s.connect((server_addr, port))
            s.sendall(data.encode() + b'\n')
        local = '%s:%d' % s.getsockname()[:2]
        s.settimeout(12)
        answer = b''
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            answer += chunk
        status = 'answer %r' % answer.strip().decode(errors='replace')
    except OSError as e:
        status = f'failed: {e.strerror or e}'
    finally:
        s.close()
    results[idx] = f'{local} -> {server_addr}:{port} {data!r}: {status} after {time.monotonic() - t0:.2f} s'


def set_sysctl(netns, name, value):
    def run():
        enter_netns(netns)
        with open('/proc/sys/' + name.replace('.', '/'), 'w') as f:
            f.write(value)
    t = threading.Thread(target=run)
    t.start()
    t.join()
    print(f'set {name} = {value} in {netns}', flush=True)


def client(server_addr, port, plan):
    for step in plan:
        if 'sysctl' in step:
            set_sysctl(*step['sysctl'])
            continue
        conns = step['conns']
        results = [None] * len(conns)
        threads = []
        for i, c in enumerate(conns):
            t = threading.Thread(target=connect_once, args=(server_addr, port, c.get('src', ''),
                                                            c.get('sport', 0), c['data'], c.get('netns'),
                                                            c.get('fastopen', True), results, i))
            t.start()
            threads.append(t)
            if len(conns) > 1:
                time.sleep(0.002)      # keeps the SYNs of a parallel step in a stable order
        for t in threads:
            t.join()
        for r in results:
            print(r, flush=True)
        time.sleep(step.get('pause', 0.3))



def main(argv):
    if len(argv) >= 3 and argv[0] == 'server':
        server(argv[1], int(argv[2]), int(argv[3]) if len(argv) > 3 else 16)
    elif len(argv) == 4 and argv[0] == 'client':
        client(argv[1], int(argv[2]), json.loads(argv[3]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
