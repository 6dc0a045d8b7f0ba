#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate crafted pcapng captures of inbound connections (port forwarding).

Usage:
    python3 tests/gen_captures_inbound.py [OUTDIR]

OUTDIR defaults to tests/captures; inbound-<name>.pcapng and .expect are
(re)written there.  A public client (198.51.100.7) opens a connection to the
gateway's WAN address 203.0.113.1:8080, which the gateway forwards (DNAT, no
source NAT) to the LAN server 192.168.1.20:80; "mixed" adds outbound
connections of a LAN client (192.168.1.10 -> 198.51.100.20:80, source NAT to
203.0.113.1).  The gateway forwards what it does not drop 200 us later on the
other interface, rewriting what its NAT rule says, decrementing the TTL and
using its own IP ID towards the WAN; everything else is kept unless a
scenario says otherwise.

The .expect file (format: tests/e2e/check_capture.py) is derived from the
scenario, not from any analysis tool.  Handshakes are numbered by the time
of their first SYN on the client's side.  A row holds, whichever side the
client is on: the client as seen on the LAN, the client as seen on the WAN,
the server on the server's side (where no SYN reached that side: as the
client addressed it), option kind, cookie, SYN data bytes LAN/WAN (first SYN
on each side), verdict, first frame, and for a failure the time from the
client's first SYN to the first SYN-ACK it got.  Where no twin shows the
sides of unnamed interfaces, the client's lone copy counts as the LAN's.

Deterministic and stdlib-only (Python >= 3.7).
"""
import dataclasses
import os
import sys
import zlib

import gen_captures
from gen_captures import (ACK, ACK_DELAY, COOKIE, DATA, EPOCH, FWD, GW_LAN_MAC, GW_WAN_MAC, M32, MS, PSH,
                          REQ, RTO, RTT, S, SERVER_ISN, SYN, TFO_KIND, UPSTREAM_MAC, Pkt, client_mac,
                          edit_tfo, endpoint, nops, o_mss, o_tfo, o_ts, pcapng, tsval)

LAN, WAN = 'lan', 'wan'
PUBLIC_CLIENT, GW_WAN, LAN_SERVER = '198.51.100.7', '203.0.113.1', '192.168.1.20'
LAN_CLIENT, REMOTE_SERVER = '192.168.1.10', '198.51.100.20'


def other(side):
    return WAN if side == LAN else LAN


@dataclasses.dataclass
class Conn:
    """One connection: the client's side, its endpoints on each side."""
    verdict: str
    side: str                  # the client's side
    client: tuple              # (ip, port) as the client sends it
    addressed: tuple           # the server as the client addresses it
    client_there: tuple        # the client as the server sees it
    server: tuple              # the server on its own side
    isn: int
    data: bytes = b''
    acked: int = 0
    first_syn: Pkt = None
    cli_ts: int = 0
    srv_ts: int = 0
    reason: str = '-'          # why an unknown verdict is unknown (tfo.reason)


class Scenario(gen_captures.Scenario):
    """Outbound and inbound connections on both sides; the composite steps
    (answer, cookie_request, drop_and_retry, drop) are gen_captures' own."""
    def __init__(self, name, ifnames=('lan', 'wan'), sides_shown=True):
        """|ifnames|: the names of interfaces 0 (LAN) and 1 (WAN);
        |sides_shown|: whether the capture shows which interface is which."""
        self.name, self.ifnames, self.sides_shown = name, ifnames, sides_shown
        self.pkts, self.conns, self.next_port = [], [], 1

    def iface(self, side):
        return 0 if side == LAN else 1

    def inbound(self, verdict):
        port = 41000 + self.next_port
        self.next_port += 1
        return self._conn(Conn(verdict, WAN, (PUBLIC_CLIENT, port), (GW_WAN, 8080), (PUBLIC_CLIENT, port),
                               (LAN_SERVER, 80), (0x4B000000 + port * 0x10001) & M32))

    def outbound(self, verdict):
        port = 40000 + self.next_port
        self.next_port += 1
        return self._conn(Conn(verdict, LAN, (LAN_CLIENT, port), (REMOTE_SERVER, 80), (GW_WAN, 50000 + port % 1000),
                               (REMOTE_SERVER, 80), (0x3A000000 + port * 0x10001) & M32))

    def _conn(self, c):
        self.conns.append(c)
        return c

    def _add(self, side, src, dst, **kw):
        lan = side == LAN
        p = Pkt(iface=self.iface(side), src=src[0], sport=src[1], dst=dst[0], dport=dst[1],
                smac=client_mac(src[0]) if lan else UPSTREAM_MAC, dmac=GW_LAN_MAC if lan else GW_WAN_MAC, **kw)
        self.pkts.append(p)
        return p

    def syn(self, c, t, tfo=None, data=b''):
        """The client's SYN on its side; tfo is None, REQ or a cookie."""
        c.cli_ts = tsval(c.client[0], t)
        opts = (o_mss(1460), o_ts(c.cli_ts, 0)) + ((o_tfo(tfo),) if tfo is not None else ())
        p = self._add(c.side, c.client, c.addressed, t=t, flags=SYN, seq=c.isn, ack=0, opts=opts,
                      payload=data, conn=c, idkey=c.client[0])
        if c.first_syn is None:
            c.first_syn, c.data = p, data
        return p

    def synack(self, c, t, acked=0, tfo=None):
        """The server's SYN-ACK on its side, acknowledging |acked| data bytes."""
        c.acked, c.srv_ts = acked, tsval(c.server[0], t)
        opts = (o_mss(1460), o_ts(c.srv_ts, c.cli_ts)) + ((o_tfo(tfo),) if tfo is not None else ())
        return self._add(other(c.side), c.server, c.client_there, t=t, flags=SYN | ACK, seq=SERVER_ISN,
                         ack=c.isn + 1 + acked, opts=opts, win=65160, conn=c, idkey=c.server[0])

    def ack(self, c, t):
        """The client's ACK completing the handshake, with any unacknowledged data."""
        c.cli_ts = tsval(c.client[0], t)
        data = c.data[c.acked:]
        return self._add(c.side, c.client, c.addressed, t=t, flags=ACK | (PSH if data else 0),
                         seq=c.isn + 1 + c.acked, ack=SERVER_ISN + 1, opts=(o_ts(c.cli_ts, c.srv_ts),),
                         payload=data, conn=c, idkey=c.client[0])

    def forward(self, p, **changes):
        """The gateway's twin of |p| on the other interface, translated."""
        c = p.conn
        side = LAN if p.iface == self.iface(WAN) else WAN
        from_client = not p.flags & SYN or not p.flags & ACK
        src, dst = (c.client_there, c.server) if from_client else (c.addressed, c.client)
        own_id = side == WAN
        q = dataclasses.replace(p, iface=self.iface(side), src=src[0], sport=src[1], dst=dst[0], dport=dst[1],
                                smac=GW_WAN_MAC if side == WAN else GW_LAN_MAC,
                                dmac=UPSTREAM_MAC if side == WAN else client_mac(dst[0]),
                                idkey='gateway' if own_id else None, id_from=None if own_id else p,
                                t=p.t + FWD, ttl=p.ttl - 1)
        q = dataclasses.replace(q, **changes)
        self.pkts.append(q)
        return q

    # -- output
    def write(self, outdir):
        pkts = sorted(self.pkts, key=lambda p: p.t)
        assert len({p.t for p in pkts}) == len(pkts), 'ambiguous packet order'
        counters = {}
        for p in pkts:
            if p.id_from is not None:
                p.ipid = p.id_from.ipid
            else:
                p.ipid = counters.get(p.idkey, zlib.crc32(p.idkey.encode()) & 0xFFFF)
                counters[p.idkey] = (p.ipid + 1) & 0xFFFF
        frames = [(p.iface, EPOCH + p.t, p.to_bytes(), 'dropped by the gateway' if p.dropped else None)
                  for p in pkts]
        path = os.path.join(outdir, 'inbound-' + self.name)
        with open(path + '.pcapng', 'wb') as f:
            f.write(pcapng(self.ifnames, frames))
        tfo = sorted((c for c in self.conns if c.data or any(o[0] == TFO_KIND for o in c.first_syn.opts)),
                     key=lambda c: c.first_syn.t)
        lines = ['handshakes %d' % len(tfo)]
        lines += ['verdict %d %s' % (i, c.verdict) for i, c in enumerate(tfo, 1)]
        lines += ['dropped %d' % n for n, p in enumerate(pkts, 1) if p.dropped]
        lines += ['row %d %s' % (i, self.row(c, pkts)) for i, c in enumerate(tfo, 1)]
        for c in tfo if self.sides_shown else ():   # the side of each first SYN copy
            for side in (LAN, WAN):
                p = self.first(c, pkts, side, SYN)
                if p:
                    lines.append('field %d tfo.side %d' % (pkts.index(p) + 1, 1 if side == LAN else 2))
        inbound = sum(1 for c in tfo if c.side == WAN and self.first(c, pkts, LAN, SYN))
        if inbound:
            lines.append('summary Inbound (port forwarding, client on the WAN): %d of %d handshakes'
                         % (inbound, len(tfo)))
        with open(path + '.expect', 'w') as f:
            f.write('\n'.join(lines) + '\n')

    def first(self, c, pkts, side, flags):
        return next((p for p in pkts if p.conn is c and p.iface == self.iface(side) and p.flags == flags), None)

    def row(self, c, pkts):
        """The -z tfo,nat row the scenario implies for |c| (see the docstring)."""
        lan_syn, wan_syn = self.first(c, pkts, LAN, SYN), self.first(c, pkts, WAN, SYN)
        crossed = lan_syn and wan_syn
        if not crossed and not self.sides_shown:
            lan_syn, wan_syn = c.first_syn, None
        tfo = next((o for o in c.first_syn.opts if o[0] == TFO_KIND), None)
        cookie = '-' if tfo is None else 'request' if len(tfo) == 2 else tfo[2:].hex()
        synack = self.first(c, pkts, c.side, SYN | ACK)
        cost = '-'
        if c.verdict not in ('passed', 'unknown') and synack:
            us = synack.t - c.first_syn.t
            cost = '%d.%06ds' % (us // S, us % S)
        server = c.server if self.first(c, pkts, other(c.side), SYN) else c.addressed
        return ' '.join([
            endpoint(lan_syn.src, lan_syn.sport) if lan_syn else '-',
            endpoint(wan_syn.src, wan_syn.sport) if wan_syn else '-',
            endpoint(*server), str(TFO_KIND) if tfo else '-', cookie,
            '%s/%s' % (len(lan_syn.payload) if lan_syn else '-', len(wan_syn.payload) if wan_syn else '-'),
            c.verdict, str(pkts.index(c.first_syn) + 1), cost, gen_captures.why_unknown(c)])


SCENARIOS = []


def scenario(**kw):
    def register(fn):
        SCENARIOS.append((fn.__name__.replace('_', '-'), kw, fn))
        return fn
    return register


# A cookie request granted, then cookie and data accepted.
@scenario()
def passed(s):
    s.cookie_request(s.inbound('passed'), 0)
    c = s.inbound('passed')
    s.answer(c, s.forward(s.syn(c, 200 * MS, COOKIE, DATA)), acked=len(DATA))


# After a granted cookie request the gateway drops the data SYN (seen on the
# WAN only); the client's plain retry passes, so the LAN was recorded past
# the window.  Interfaces named as OpenWrt names them.
@scenario(ifnames=('br-lan', 'pppoe-wan'))
def syn_data_dropped(s):
    s.cookie_request(s.inbound('passed'), 0)
    c = s.inbound('syn-data-dropped')
    s.drop_and_retry(c, s.syn(c, 200 * MS, COOKIE, DATA))


# The gateway overwrites the option with NOPs towards the LAN server, which
# then ignores the data.
@scenario()
def option_stripped(s):
    c = s.inbound('option-stripped')
    syn = s.syn(c, 0, COOKIE, DATA)
    s.answer(c, s.forward(syn, opts=edit_tfo(syn.opts, nops)))


# The data SYN passes; the LAN server's first SYN-ACK is dropped on its way
# out, its retransmission passes.
@scenario()
def synack_dropped(s):
    c = s.inbound('synack-dropped')
    lsyn = s.forward(s.syn(c, 0, COOKIE, DATA))
    sa = s.drop(s.synack(c, lsyn.t + RTT, len(DATA)))
    sa = s.forward(s.synack(c, sa.t + RTO, len(DATA)))
    s.forward(s.ack(c, sa.t + ACK_DELAY))


# Interfaces whose names say nothing: the first SYN, with data, is dropped;
# the plain retry's twin shows the sides (the server address it was
# rewritten to is private: that copy is the LAN's), and so proves the drop.
@scenario(ifnames=('eth0', 'eth1'))
def unnamed_syn_data_dropped(s):
    c = s.inbound('syn-data-dropped')
    s.drop_and_retry(c, s.syn(c, 0, COOKIE, DATA))


# Interfaces whose names say nothing, and no packet crosses the gateway: the
# data SYN is not forwarded, the client gives up; each side carries other
# traffic (no SYN) past the window.  Nothing shows which interface is which:
# unknown, not a drop.
@scenario(ifnames=('eth0', 'eth1'), sides_shown=False)
def unnamed_no_twin(s):
    c = s.inbound('unknown')
    c.reason = 'one-side-only'
    s.syn(c, 0, COOKIE, DATA)
    for side, client, server, t0 in ((LAN, ('192.168.1.30', 5000), (LAN_SERVER, 22), 600 * MS),
                                     (WAN, ('198.51.100.9', 6000), ('198.51.100.10', 443), 601 * MS)):
        talk = Conn('', side, client, server, client, server, 7)
        for i in range(4):
            s._add(side, client, server, t=t0 + i * 2 * MS, flags=ACK, seq=7 + i, ack=1, opts=(), conn=talk,
                   idkey=client[0])


# Outbound and inbound handshakes interleaved: each direction passes once
# and has its data SYN dropped once.
@scenario()
def mixed(s):
    out_ok, in_ok = s.outbound('passed'), s.inbound('passed')
    s.answer(out_ok, s.forward(s.syn(out_ok, 0, COOKIE, DATA)), acked=len(DATA))
    s.answer(in_ok, s.forward(s.syn(in_ok, 10 * MS, COOKIE, DATA)), acked=len(DATA))
    out_lost, in_lost = s.outbound('syn-data-dropped'), s.inbound('syn-data-dropped')
    s.drop_and_retry(in_lost, s.syn(in_lost, 100 * MS, COOKIE, DATA))
    s.drop_and_retry(out_lost, s.syn(out_lost, 110 * MS, COOKIE, DATA))


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), 'captures')
    os.makedirs(outdir, exist_ok=True)
    for name, kw, build in SCENARIOS:
        s = Scenario(name, **kw)
        build(s)
        s.write(outdir)
        print(os.path.join(outdir, 'inbound-' + name + '.pcapng'))


if __name__ == '__main__':
    main()
