#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate crafted captures of parallel SYNs and of a SYN-ACK the client
ignored (issue #12), with the packet builders of gen_captures.py.

Usage:
    python3 tests/gen_captures_parallel.py [OUTDIR]

OUTDIR defaults to tests/captures; OUTDIR/<name>.pcapng and .expect are
(re)written for the scenarios below, whose names start with "parallel-" or
"fallback-". The .expect facts are those of gen_captures.py, plus "twin"
for the Fast Open SYN and its copy and "field" for the handshake of each
SYN-ACK, all written from the scenario. Where the client used another
SYN-ACK than the first, the row's fallback cost runs to the one it used.

Linux shares its TCP timestamp clock across the connections of one host to
one server: a plain SYN and a Fast Open SYN 1 ms apart here carry the same
TSval, as they did in the 2016 pathspider scan.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_captures import (ACK_DELAY, COOKIE, DATA, MS, REQ, RTT, S, SERVER_ISN,  # noqa: E402
                          Scenario, o_ts)

PUBLIC_CLIENT = '192.0.2.10'   # a scanning host with a public address
SLOW_FWD = 2 * MS              # a gateway slow enough that both LAN SYNs precede both copies

SCENARIOS = []


def scenario(single=False):
    def register(fn):
        SCENARIOS.append((fn.__name__.replace('_', '-'), single, fn))
        return fn
    return register


def same_tsval(p, like):
    """Gives SYN |p| the TSval of SYN |like| (one host, one server, one tick)."""
    val = next(struct.unpack('!I', o[2:6])[0] for o in like.opts if o[0] == 8)
    p.opts = tuple(o_ts(val, 0) if o[0] == 8 else o for o in p.opts)
    p.conn.cli_ts = val


def answered(s, c, syn, tfo=None, acked=0, rtt=RTT, ack_delay=ACK_DELAY):
    """One-sided: the SYN-ACK (cookie |tfo|, |acked| data bytes) |rtt| after
    |syn|, and the client's ACK. Returns the SYN-ACK."""
    sa = s.synack(c, syn.t + rtt, acked, tfo, lan=True)
    s.ack(c, sa.t + ack_delay)
    return sa


def slow_forward(s, p, **changes):
    q = s.forward(p, **changes)
    q.t = p.t + SLOW_FWD
    return q


def nat_answered(s, c, wan_syn, tfo=None, acked=0):
    """Two-sided: the server answers |wan_syn|, the client's ACK crosses."""
    sa = s.forward(s.synack(c, wan_syn.t + RTT, acked, tfo))
    s.forward(s.ack(c, sa.t + ACK_DELAY))
    return sa


def parallel_one_sided(s, plain_first):
    """The client view of one host: a plain SYN and a Fast Open SYN with the
    same TSval, 1 ms apart, each answered by its own SYN-ACK."""
    p = s.conn('plain', client=PUBLIC_CLIENT, nat=False)
    f = s.conn('passed', client=PUBLIC_CLIENT, nat=False)
    if plain_first:
        ps = s.syn(p, 0)
        fs = s.syn(f, 1 * MS, REQ)            # granted a cookie: passed
        same_tsval(fs, ps)
        answered(s, p, ps)
        s.facts.append(('synack', answered(s, f, fs, tfo=COOKIE), f))
    else:
        fs = s.syn(f, 0, COOKIE, DATA)        # the data acknowledged: passed
        ps = s.syn(p, 1 * MS)
        same_tsval(ps, fs)
        s.facts.append(('synack', answered(s, f, fs, acked=len(DATA)), f))
        answered(s, p, ps)


# 1, 2: one-sided, one interface, public addresses (sides unknown): two
#    SYNs from one address on one interface are two connections, and the
#    Fast Open one is judged on the client's view, without a NAT address.
@scenario(single=True)
def parallel_one_sided_plain_first(s):
    parallel_one_sided(s, True)


@scenario(single=True)
def parallel_one_sided_tfo_first(s):
    parallel_one_sided(s, False)


def parallel_nat(s, plain_first, seq_off=(0, 0)):
    """Both sides of a NAT that takes 2 ms: the plain and the Fast Open SYN
    of one LAN host leave the LAN before either copy reaches the WAN."""
    p = s.conn('plain', seq_off=seq_off[0])
    f = s.conn('passed', seq_off=seq_off[1])
    if plain_first:
        ps = s.syn(p, 0)
        fs = s.syn(f, 1 * MS, REQ)
        same_tsval(fs, ps)
        wp, wf = slow_forward(s, ps), slow_forward(s, fs)
        nat_answered(s, p, wp)
        sa = nat_answered(s, f, wf, tfo=COOKIE)
    else:
        fs = s.syn(f, 0, COOKIE, DATA)
        ps = s.syn(p, 1 * MS)
        same_tsval(ps, fs)
        wf, wp = slow_forward(s, fs), slow_forward(s, ps)
        sa = nat_answered(s, f, wf, acked=len(DATA))
        nat_answered(s, p, wp)
    s.facts.append(('twin', fs, wf))
    s.facts.append(('synack', sa, f))


# 3, 4: the same through a NAT that keeps ISNs: each copy is the twin of
#    its own SYN (same ISN), never of the other connection's.
@scenario()
def parallel_nat_plain_first(s):
    parallel_nat(s, True)


@scenario()
def parallel_nat_tfo_first(s):
    parallel_nat(s, False)


# 5, 6: through a NAT that offsets each connection's sequence numbers: the
#    shared TSval cannot tell the two connections apart, the Fast Open
#    option and the data can (a gateway removes them, never adds them).
@scenario()
def parallel_nat_isn_rewritten_plain_first(s):
    parallel_nat(s, True, seq_off=(0x10000000, 0x20000000))


@scenario()
def parallel_nat_isn_rewritten_tfo_first(s):
    parallel_nat(s, False, seq_off=(0x10000000, 0x20000000))


# 7: a scan from one public host, like pathspider's: 100 Fast Open
#    handshakes to 50 servers (two rounds 100 ms apart), each paired with a
#    plain SYN 1 ms before or after it with the same TSval. Every handshake
#    is there, and every SYN-ACK in its handshake.
@scenario(single=True)
def parallel_one_sided_scan(s):
    for i in range(100):
        server = '198.51.100.%d' % (1 + i % 50)
        p = s.conn('plain', client=PUBLIC_CLIENT, server=server, nat=False)
        f = s.conn('passed', client=PUBLIC_CLIENT, server=server, nat=False)
        t = i * 2 * MS
        first, second = (p, f) if i % 2 == 0 else (f, p)
        a = s.syn(first, t, *(() if first is p else (COOKIE, DATA) if i % 4 == 1 else (REQ,)))
        b = s.syn(second, t + MS, *(() if second is p else (COOKIE, DATA) if i % 4 == 1 else (REQ,)))
        same_tsval(b, a)
        for c, syn in ((first, a), (second, b)):
            # answers 300 us off the SYNs' times, ACKs 450 us off: no two at once
            sa = answered(s, c, syn, *((None, len(DATA)) if syn.payload else (COOKIE,) if c is f else ()),
                          rtt=RTT + 300, ack_delay=ACK_DELAY + 150)
            if c is f:
                s.facts.append(('synack', sa, c))


# 8: Task B of issue #12, after an Apple client trace: the first SYN-ACK
#    (acknowledging only the ISN) is one the client ignores; it sends its SYN
#    11 more times, 180 ms apart, without data, until a SYN-ACK with another
#    server ISN (another server answering) comes, which it acknowledges,
#    sending its data. data-ignored (the server's first answer took only the
#    ISN); the failure cost the client the 2.01 s to the SYN-ACK it used.
@scenario(single=True)
def fallback_one_sided_ignored_synack(s):
    c = s.conn('data-ignored')
    s.syn(c, 0, COOKIE, DATA)
    s.synack(c, 9 * MS, lan=True)
    for k in range(1, 12):
        s.syn(c, k * 180 * MS)
    used = s.synack(c, 11 * 180 * MS + 30 * MS, lan=True)
    used.seq = SERVER_ISN ^ 0x00FF0000
    ack = s.ack(c, used.t + ACK_DELAY)
    ack.ack = used.seq + 1
    c.used_synack = used


def write(s, outdir):
    s.write(outdir)
    pkts = sorted(s.pkts, key=lambda p: p.t)
    frame = {id(p): n for n, p in enumerate(pkts, 1)}
    tfo = sorted((c for c in s.conns if c.verdict != 'plain'), key=lambda c: c.first_syn.t)
    hs = {id(c): n for n, c in enumerate(tfo, 1)}
    path = os.path.join(outdir, s.name + '.expect')
    with open(path) as f:
        lines = f.read().splitlines()
    for i, line in enumerate(lines):
        words = line.split()
        c = tfo[int(words[1]) - 1] if words[0] == 'row' else None
        if c is not None and getattr(c, 'used_synack', None):
            us = c.used_synack.t - c.first_syn.t
            lines[i] = ' '.join(words[:-2] + ['%d.%06ds' % (us // S, us % S), words[-1]])
    for kind, a, b in s.facts:
        if kind == 'twin':
            lines.append('twin %d %d' % (frame[id(a)], frame[id(b)]))
        else:
            lines.append('field %d tfo.handshake %d' % (frame[id(a)], hs[id(b)]))
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), 'captures')
    os.makedirs(outdir, exist_ok=True)
    for name, single, build in SCENARIOS:
        s = Scenario(name, single)
        s.facts = []
        build(s)
        write(s, outdir)
        print(os.path.join(outdir, name + '.pcapng'))


if __name__ == '__main__':
    main()
