#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the expectations for one lab recording from its scenario's rule.

  expect.py SCENARIO CAPTURE EXPECT_OUT COMMENTS_OUT

Reads CAPTURE (two interfaces, "lan" and "wan") with plain tshark fields, no
plugin, and applies the rule of SCENARIO (scenarios.py) to the packets. The
capture is dumpcap's own file, written in per-interface batches: everything
here goes by the packets' time stamps, never by their place in the file
(frame numbers are only written out).

The client's side is the LAN (outbound scenarios, source NAT) or the WAN
(inbound ones, port forwarding); the server's side is the other one. Below,
"the client's SYNs" are those its side captured, their copies those the
server's side captured.

* Connection attempts are the client's SYNs grouped by addresses, ports
  and ISN. A handshake is an attempt whose first SYN carries a Fast Open
  option (kind 34, or 254 with magic 0xF989) or data; handshakes are numbered
  in the time order of their first SYN. An attempt's first SYN is its
  earliest; the others are its retransmissions.
* A client's SYN's copy is the SYN on the server's side with the endpoint
  the gateway does not translate (the server outbound, the client inbound),
  the same ISN (plus the rule's sequence offset) and the same TCP timestamp,
  within 0.5 s (plus the scenario's gateway delay). A SYN-ACK on the server's
  side answers an attempt when it goes back between the endpoints of the
  attempt's copies and acknowledges its ISN + 1 (+ the SYN data); its copy
  on the client's side has the same server ISN and timestamp.
* The rule says what the gateway does to every SYN and SYN-ACK (forward,
  drop, strip the option, strip the data, mangle the cookie). Every packet is checked
  against it: a recording that does not show the rule's effect is an error
  (exit 1), and no expectation is written.
* The verdict follows from the first thing the rule (or the server) did on
  the path client -> gateway -> server -> gateway -> client, as README.md
  defines the tokens: a dropped SYN is syn-data-dropped (with data) or
  syn-dropped; a stripped option option-stripped; SYN data removed
  data-stripped; a mangled cookie
  cookie-mangled; SYN data that reached the server with its cookie but was
  not acknowledged data-ignored; a cookie request the server granted no
  cookie for unknown; a dropped SYN-ACK synack-dropped; a SYN-ACK cookie
  stripped option-stripped; otherwise passed.
* Facts written: handshakes, verdict per handshake, every dropped SYN and
  SYN-ACK of a handshake (dropped), the twin of every SYN and SYN-ACK of a
  handshake that crossed (twin), what the first SYN of each handshake
  carries (field: side, option kind, cookie, data length) with its copy's
  side (tfo.side: 1 LAN, 2 WAN); the gateway summary's count of dropped SYN
  data, and for inbound scenarios that every handshake is inbound (summary).
* A drop must be provable from the recording: the other side recorded a
  packet more than the window (0.5 s, or twice the slowest SYN copy's delay
  if more: the plugin's learned window) after the dropped one; the .expect
  names it in a comment.

COMMENTS_OUT gets "FRAME<TAB>TEXT" lines for pcapng_comment.py.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True      # no __pycache__ in the lab folder
import scenarios  # noqa: E402

WINDOW = 0.5          # the gateway forwards within this (it takes well under 1 ms), plus its delay
M32 = 0xFFFFFFFF
SIDE_NUMBER = {'lan': 1, 'wan': 2}      # tfo.side
FIELDS = ['frame.number', 'frame.interface_name', 'frame.time_epoch', 'frame.protocols', 'ip.src', 'ip.dst',
          'ipv6.src', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport', 'tcp.flags', 'tcp.seq_raw',
          'tcp.ack_raw', 'tcp.len', 'tcp.options']


class LabError(Exception):
    pass


class Packet:
    def __init__(self, cols):
        f = dict(zip(FIELDS, cols + [''] * (len(FIELDS) - len(cols))))
        self.frame = int(f['frame.number'])
        self.side = f['frame.interface_name']
        self.t = float(f['frame.time_epoch'])
        self.proto = f['frame.protocols'].split(':')[-1]
        self.src = f['ip.src'] or f['ipv6.src']
        self.dst = f['ip.dst'] or f['ipv6.dst']
        self.tcp = bool(f['tcp.flags'])
        self.twin = None
        self.tfo = self.cookie = self.tsval = None
        if not self.tcp:
            return
        self.sport, self.dport = int(f['tcp.srcport']), int(f['tcp.dstport'])
        self.flags = int(f['tcp.flags'], 16)
        self.seq, self.ack = int(f['tcp.seq_raw']), int(f['tcp.ack_raw'])
        self.length = int(f['tcp.len'])
        self.parse_options(bytes.fromhex(f['tcp.options'].replace(':', '')))

    def parse_options(self, opts):
        i = 0
        while i < len(opts):
            kind = opts[i]
            if kind == 0:
                break
            if kind == 1:
                i += 1
                continue
            if i + 1 >= len(opts) or opts[i + 1] < 2:
                break
            body = opts[i + 2:i + opts[i + 1]]
            if kind == 8 and len(body) == 8:
                self.tsval = int.from_bytes(body[:4], 'big')
            elif kind == 34:
                self.tfo, self.cookie = 34, body
            elif kind == 254 and body[:2] == b'\xf9\x89':
                self.tfo, self.cookie = 254, body[2:]
            i += opts[i + 1]

    @property
    def syn(self):
        return self.tcp and self.flags & 0x12 == 0x02

    @property
    def synack(self):
        return self.tcp and self.flags & 0x12 == 0x12

    def describe_tfo(self):
        if self.tfo is None:
            return 'no Fast Open option'
        if not self.cookie:
            return 'cookie request (kind %d)' % self.tfo
        return 'cookie %s (kind %d)' % (self.cookie.hex(), self.tfo)


class Conn:
    """A client's connection attempt, as the client's side saw it."""

    def __init__(self, first):
        self.syns = [first]
        self.client, self.cport = first.src, first.sport
        self.server, self.sport = first.dst, first.dport
        self.isn = first.seq
        self.far = None       # (src, sport, dst, dport) of its SYNs' copies
        self.synacks = []     # the server's answers, on the server's side
        self.hs = None

    @property
    def first(self):
        return self.syns[0]


def read(capture):
    args = ['tshark', '-r', capture, '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=f']
    for f in FIELDS:
        args += ['-e', f]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    packets = [Packet(line.split('\t')) for line in out.splitlines()]
    # Capture time order: every list below (attempts, their SYNs, SYN-ACKs)
    # is in it. The sort is stable: equal time stamps (nanoseconds) keep file
    # order, which within one interface is capture order.
    packets.sort(key=lambda p: p.t)
    return packets


class Sides:
    """Which side is whose, and words for the texts written."""

    def __init__(self, sc):
        self.client = sc.client_side
        self.server = 'lan' if self.client == 'wan' else 'wan'
        self.C, self.S = self.client.upper(), self.server.upper()
        self.inbound = sc.direction == 'inbound'

    def other(self, side):
        return self.server if side == self.client else self.client


def derive(sc, packets):
    off = sc.seq_offset
    sides = Sides(sc)
    fwd = WINDOW + sc.delay
    if {p.side for p in packets} != {'lan', 'wan'}:
        raise LabError('the capture needs frames on interfaces "lan" and "wan" only')
    near = [p for p in packets if p.side == sides.client]
    far = [p for p in packets if p.side == sides.server]

    conns, by_key = [], {}
    for p in near:
        if p.syn:
            key = (p.src, p.sport, p.dst, p.dport, p.seq)
            if key in by_key:
                by_key[key].syns.append(p)
            else:
                by_key[key] = Conn(p)
                conns.append(by_key[key])

    def kept(p):
        """The endpoint of SYN p the gateway does not translate."""
        return (p.src, p.sport) if sides.inbound else (p.dst, p.dport)

    # the server's side's copies of the client's SYNs
    used = set()
    for c in conns:
        for p in c.syns:
            cands = [q for q in far if q.syn and kept(q) == kept(p)
                     and q.seq == (p.seq + off) & M32 and q.tsval == p.tsval
                     and 0 <= q.t - p.t <= fwd and q.frame not in used]
            if len(cands) > 1:
                raise LabError('%s SYN %d has several %s copies %s' % (
                    sides.C, p.frame, sides.S, [q.frame for q in cands]))
            if cands:
                q = cands[0]
                p.twin, q.twin = q, p
                used.add(q.frame)
                ends = (q.src, q.sport, q.dst, q.dport)
                if c.far not in (None, ends):
                    raise LabError('SYNs of one attempt (frame %d) left as %s and %s' % (p.frame, c.far, ends))
                c.far = ends
    stray = [q.frame for q in far if q.syn and q.twin is None]
    if stray:
        raise LabError('%s SYNs without a %s original: %s' % (sides.S, sides.C, stray))

    # the server's SYN-ACKs answering each attempt, and their copies
    used = set()
    for c in conns:
        if c.far is None:
            continue
        isn = (c.isn + off) & M32
        acks = {(isn + 1) & M32} | {(isn + 1 + p.length) & M32 for p in c.syns}
        t0 = min(p.twin.t for p in c.syns if p.twin)
        c.synacks = [r for r in far if r.synack and (r.src, r.sport, r.dst, r.dport) == c.far[2:] + c.far[:2]
                     and r.ack in acks and r.t >= t0]
        for r in c.synacks:
            cands = [s for s in near if s.synack and (s.src, s.sport) == (c.server, c.sport)
                     and (s.dst, s.dport) == (c.client, c.cport) and s.seq == r.seq
                     and s.tsval == r.tsval and s.ack == (r.ack - off) & M32
                     and 0 <= s.t - r.t <= fwd and s.frame not in used]
            if len(cands) > 1:
                raise LabError('%s SYN-ACK %d has several %s copies' % (sides.S, r.frame, sides.C))
            if cands:
                r.twin, cands[0].twin = cands[0], r
                used.add(cands[0].frame)

    handshakes = [c for c in conns if c.first.tfo is not None or c.first.length > 0]
    for n, c in enumerate(handshakes, 1):
        c.hs = n
    return conns, handshakes


def check_syn(sc, p):
    """The rule's action on the client's SYN p, checked against its copy."""
    sd = Sides(sc)
    action = sc.syn(p)
    q = p.twin
    bad = None
    if action == 'drop':
        if q is not None:
            bad = 'the rule drops it, but it left as %s frame %d' % (sd.S, q.frame)
    elif q is None:
        bad = 'the rule forwards it (%s), but it has no %s copy' % (action, sd.S)
    elif action == 'strip-data' and (q.length != 0 or (q.tfo, q.cookie) != (p.tfo, p.cookie)):
        bad = 'the rule strips its data, but %s frame %d has %d bytes and %s' % (
            sd.S, q.frame, q.length, q.describe_tfo())
    elif action != 'strip-data' and q.length != p.length:
        bad = 'its %s copy %d carries %d bytes instead of %d' % (sd.S, q.frame, q.length, p.length)
    elif action == 'forward' and (q.tfo, q.cookie) != (p.tfo, p.cookie):
        bad = 'the rule forwards it unchanged, but %s frame %d has %s' % (sd.S, q.frame, q.describe_tfo())
    elif action == 'strip' and q.tfo is not None:
        bad = 'the rule strips its option, but %s frame %d has %s' % (sd.S, q.frame, q.describe_tfo())
    elif action == 'mangle' and (q.tfo != p.tfo or q.cookie == p.cookie or len(q.cookie) != len(p.cookie)):
        bad = 'the rule mangles its cookie, but %s frame %d has %s' % (sd.S, q.frame, q.describe_tfo())
    if bad:
        raise LabError('%s SYN %d (%s, %d bytes): %s' % (sd.C, p.frame, p.describe_tfo(), p.length, bad))
    return action


def check_synack(sc, r, c):
    sd = Sides(sc)
    action = sc.synack(r, c)
    s = r.twin
    bad = None
    if action == 'drop':
        if s is not None:
            bad = 'the rule drops it, but it reached the %s as frame %d' % (sd.C, s.frame)
    elif s is None:
        bad = 'the rule forwards it (%s), but it has no %s copy' % (action, sd.C)
    elif action == 'forward' and (s.tfo, s.cookie) != (r.tfo, r.cookie):
        bad = 'the rule forwards it unchanged, but %s frame %d has %s' % (sd.C, s.frame, s.describe_tfo())
    elif action == 'strip' and s.tfo is not None:
        bad = 'the rule strips its option, but %s frame %d has %s' % (sd.C, s.frame, s.describe_tfo())
    if bad:
        raise LabError('%s SYN-ACK %d (%s): %s' % (sd.S, r.frame, r.describe_tfo(), bad))
    return action


def verdict(sc, c):
    """(token, reason) for handshake c."""
    sd = Sides(sc)
    p = c.first
    a = sc.syn(p)
    what = ('SYN with %s and %d bytes of data' % (p.describe_tfo(), p.length)) if p.length \
        else 'SYN with %s' % p.describe_tfo()
    if a == 'drop':
        return ('syn-data-dropped' if p.length else 'syn-dropped'), \
            '%s, dropped by the rule: no %s copy' % (what, sd.S)
    if a == 'strip':
        return 'option-stripped', '%s left (frame %d) without the option' % (what, p.twin.frame)
    if a == 'strip-data':
        return 'data-stripped', '%s left (frame %d) with its option but no data' % (what, p.twin.frame)
    if a == 'mangle':
        return 'cookie-mangled', '%s left (frame %d) with %s' % (what, p.twin.frame, p.twin.describe_tfo())
    if not c.synacks:
        raise LabError('handshake %d: the server never answered the forwarded SYN %d' % (c.hs, p.twin.frame))
    r = c.synacks[0]
    data_acked = (r.ack - (p.twin.seq + 1)) & M32
    if p.length and p.cookie and data_acked == 0:
        return 'data-ignored', '%s crossed intact; the SYN-ACK %d acknowledges only the ISN' % (what, r.frame)
    if not p.length and p.tfo and not p.cookie and not r.cookie:
        return 'unknown', '%s crossed; the server granted no cookie (SYN-ACK %d)' % (what, r.frame)
    b = sc.synack(r, c)
    if b == 'drop':
        return 'synack-dropped', '%s crossed (frame %d); the SYN-ACK %d was dropped by the rule' % (
            what, p.twin.frame, r.frame)
    if b == 'strip' and r.tfo is not None:
        return 'option-stripped', '%s crossed; the SYN-ACK %d carried %s, its %s copy %d none' % (
            what, r.frame, r.describe_tfo(), sd.C, r.twin.frame)
    got = 'acknowledges the %d bytes' % data_acked if p.length else 'grants %s' % r.describe_tfo()
    return 'passed', '%s crossed (frame %d); the SYN-ACK %d %s and crossed (frame %d)' % (
        what, p.twin.frame, r.frame, got, r.twin.frame)


def describe(p):
    """A few words on packet p, for the comments in the .expect file."""
    if not p.tcp:
        return p.proto
    what = 'SYN-ACK' if p.synack else 'SYN' if p.syn else 'TCP'
    return '%s %s:%d -> %s:%d' % (what, p.src, p.sport, p.dst, p.dport)


def main(argv):
    if len(argv) != 4 or argv[0] not in scenarios.BY_NAME:
        sys.stderr.write(__doc__)
        return 2
    sc = scenarios.BY_NAME[argv[0]]
    capture, expect_out, comments_out = argv[1:]
    packets = read(capture)
    try:
        conns, handshakes = derive(sc, packets)
        sd = Sides(sc)
        comments = {}

        def note(p, text):
            comments.setdefault(p.frame, []).append(text)

        dropped, twins, lines = [], [], []
        for c in conns:
            for p in c.syns:
                a = check_syn(sc, p)
                if c.hs and a == 'drop':
                    dropped.append(p)
                if p.twin:
                    changes = [] if (p.twin.tfo, p.twin.cookie) == (p.tfo, p.cookie) else \
                        ['%s became %s' % (p.describe_tfo(), p.twin.describe_tfo())]
                    if sc.seq_offset:
                        changes.append('sequence number + 0x%x' % sc.seq_offset)
                    note(p.twin, '%s copy of %s frame %d%s' % (
                        sd.S, sd.C, p.frame, ': ' + ', '.join(changes) if changes else ''))
                if c.hs:
                    twins += [(p.frame, p.twin.frame)] if p.twin else []
            for r in c.synacks:
                a = check_synack(sc, r, c)
                if c.hs and a == 'drop':
                    dropped.append(r)
                    note(r, 'handshake %d: SYN-ACK dropped by the gateway (no %s copy)' % (c.hs, sd.C))
                if r.twin:
                    note(r.twin, '%s copy of %s frame %d%s' % (
                        sd.C, sd.S, r.frame, '' if (r.twin.tfo, r.twin.cookie) == (r.tfo, r.cookie)
                        else ': %s became %s' % (r.describe_tfo(), r.twin.describe_tfo())))
                    if c.hs:
                        twins.append((r.frame, r.twin.frame))
        for c in handshakes:
            token, why = verdict(sc, c)
            c.token = token
            p = c.first
            note(p, 'TFO handshake %d: %s, %d bytes of data -> %s' % (c.hs, p.describe_tfo(), p.length, token))
            for q in c.syns:
                if q.twin is None:
                    note(q, 'handshake %d: SYN dropped by the gateway (no %s copy)' % (c.hs, sd.S))
                elif q is not p:
                    note(q, 'handshake %d: retransmitted SYN, %s, %d bytes' % (c.hs, q.describe_tfo(), q.length))
            for r in c.synacks[:1]:
                note(r, 'handshake %d: server answer, acknowledges %d bytes of SYN data, %s' % (
                    c.hs, (r.ack - (c.isn + sc.seq_offset + 1)) & M32, r.describe_tfo()))
            lines.append('# handshake %d: %s:%d -> %s:%d, frame %d: %s -> %s' % (
                c.hs, c.client, c.cport, c.server, c.sport, p.frame, why, token))
        missing = sc.shows - {c.token for c in handshakes}
        if missing:
            raise LabError('no handshake got %s, which the scenario is there to show' % ', '.join(sorted(missing)))
        proofs = []
        # the plugin's window: twice the slowest forwarding delay of a SYN, at least WINDOW
        window = max([WINDOW] + [2 * (p.twin.t - p.t) for c in conns for p in c.syns if p.twin])
        for d in sorted(dropped, key=lambda d: d.t):
            other = sd.other(d.side)
            # a margin of 0.1 s over the window, so that no timing is borderline
            later = [p for p in packets if p.side == other and p.t > d.t + window + 0.1]
            if not later:
                raise LabError('the %s side recorded nothing more than %.1f s after the drop of frame %d: '
                               'the drop cannot be proved' % (other, window + 0.1, d.frame))
            q = later[0]
            proofs.append('# dropped %d (%s, t=%.3f s): the %s side recorded frame %d at t=%.3f s, %s' % (
                d.frame, d.side, d.t - packets[0].t, other, q.frame, q.t - packets[0].t, describe(q)))
    except LabError as e:
        sys.stderr.write('%s: %s: the recording does not follow the rule: %s\n' % (capture, sc.name, e))
        return 1

    out = ['# Recorded by sample-captures/lab/record-all, scenario %s:' % sc.name,
           '# %s.' % sc.title,
           '# Gateway rule: %s' % sc.rule_text,
           '# Written by lab/expect.py from that rule applied to the packets (plain',
           '# tshark fields, no plugin); handshakes are the attempts whose first %s' % sd.C,
           '# SYN carries a Fast Open option or data, numbered by that SYN.']
    out += lines
    out.append('handshakes %d' % len(handshakes))
    out += ['verdict %d %s' % (c.hs, c.token) for c in handshakes]
    if dropped:
        out.append('# Dropped: %s SYNs without %s copy, %s SYN-ACKs without %s copy; each' % (
            sd.C, sd.S, sd.S, sd.C))
        out.append('# with the first later packet on the other side past the window (times from')
        out.append('# the first packet).')
        out += proofs
    out += ['dropped %d' % d.frame for d in sorted(dropped, key=lambda d: d.frame)]
    out.append('# Twins: every SYN and SYN-ACK of a handshake that crossed, and its copy.')
    out += ['twin %d %d' % t for t in twins]
    out.append('# What the first %s SYN of each handshake carries; its %s copy is on side %d.' % (
        sd.C, sd.S, SIDE_NUMBER[sd.server]))
    for c in handshakes:
        p = c.first
        out.append('field %d tfo.side %d' % (p.frame, SIDE_NUMBER[sd.client]))
        if p.tfo:
            out.append('field %d tfo.option_kind %d' % (p.frame, p.tfo))
        if p.cookie:
            out.append('field %d tfo.cookie %s' % (p.frame, p.cookie.hex()))
        if p.length:
            out.append('field %d tfo.syn_data_len %d' % (p.frame, p.length))
        if p.twin:
            out.append('field %d tfo.side %d' % (p.twin.frame, SIDE_NUMBER[sd.server]))
    dropped_data = [c for c in handshakes if c.token == 'syn-data-dropped']
    if dropped_data:
        out.append('# The gateway summary: handshakes whose first SYN with data was dropped, of those with data.')
        out.append('summary Gateway drops SYNs carrying data: %d of %d Fast Open attempts with data' % (
            len(dropped_data), len([c for c in handshakes if c.first.length > 0])))
    if sd.inbound:
        out.append('# Every handshake is inbound: the client on the WAN.')
        out.append('summary Inbound (port forwarding, client on the WAN): %d of %d handshakes' % (
            len(handshakes), len(handshakes)))
    with open(expect_out, 'w') as f:
        f.write('\n'.join(out) + '\n')
    with open(comments_out, 'w') as f:
        for frame in sorted(comments):
            f.write('%d\t%s\n' % (frame, '; '.join(comments[frame]).replace('\n', ' ')))
    counts = {}
    for c in handshakes:
        counts[c.token] = counts.get(c.token, 0) + 1
    print('%s: %d handshakes (%s), %d dropped frames' % (
        sc.name, len(handshakes), ', '.join('%d %s' % (n, t) for t, n in counts.items()), len(dropped)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
