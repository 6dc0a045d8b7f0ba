#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the expectations for one lab recording from its scenario's rule.

  expect.py SCENARIO CAPTURE EXPECT_OUT COMMENTS_OUT

Reads CAPTURE (two interfaces, "lan" and "wan") with plain tshark fields, no
plugin, and applies the rule of SCENARIO (scenarios.py) to the packets. The
capture is dumpcap's own file, written in per-interface batches: everything
here goes by the packets' time stamps, never by their place in the file
(frame numbers are only written out).

* Connection attempts are the client's LAN SYNs grouped by addresses, ports
  and ISN. A handshake is an attempt whose first SYN carries a Fast Open
  option (kind 34, or 254 with magic 0xF989) or data; handshakes are numbered
  in the time order of their first LAN SYN. An attempt's first SYN is its
  earliest; the others are its retransmissions.
* A LAN SYN's WAN copy is the WAN SYN to the same server and port with the
  same ISN (plus the rule's sequence offset) and the same TCP timestamp,
  within 0.5 s. A WAN SYN-ACK answers an attempt when it goes to the NAT
  address and port of the attempt's WAN SYNs and acknowledges its ISN + 1
  (+ the SYN data); its LAN copy has the same server ISN and timestamp.
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
  handshake that crossed (twin), and what the first LAN SYN of each
  handshake carries (field: side 1, option kind, cookie, data length) with
  its WAN copy's side (2).
* A drop must be provable from the recording: the other side recorded a
  packet more than 0.5 s (the window) after the dropped one; the .expect
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

WINDOW = 0.5          # the gateway forwards within this (it takes well under 1 ms)
M32 = 0xFFFFFFFF
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
    """A client's connection attempt, as seen on the LAN."""

    def __init__(self, first):
        self.lan_syns = [first]
        self.client, self.cport = first.src, first.sport
        self.server, self.sport = first.dst, first.dport
        self.isn = first.seq
        self.nat = None
        self.wan_synacks = []
        self.hs = None

    @property
    def first(self):
        return self.lan_syns[0]


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


def derive(sc, packets):
    off = sc.seq_offset
    lan = [p for p in packets if p.side == 'lan']
    wan = [p for p in packets if p.side == 'wan']
    if not lan or not wan or {p.side for p in packets} != {'lan', 'wan'}:
        raise LabError('the capture needs frames on interfaces "lan" and "wan" only')

    conns, by_key = [], {}
    for p in lan:
        if p.syn:
            key = (p.src, p.sport, p.dst, p.dport, p.seq)
            if key in by_key:
                by_key[key].lan_syns.append(p)
            else:
                by_key[key] = Conn(p)
                conns.append(by_key[key])

    # WAN copies of the LAN SYNs
    used = set()
    for c in conns:
        for p in c.lan_syns:
            cands = [q for q in wan if q.syn and q.dst == p.dst and q.dport == p.dport
                     and q.seq == (p.seq + off) & M32 and q.tsval == p.tsval
                     and 0 <= q.t - p.t <= WINDOW and q.frame not in used]
            if len(cands) > 1:
                raise LabError('LAN SYN %d has several WAN copies %s' % (p.frame, [q.frame for q in cands]))
            if cands:
                p.twin, cands[0].twin = cands[0], p
                used.add(cands[0].frame)
                nat = (cands[0].src, cands[0].sport)
                if c.nat not in (None, nat):
                    raise LabError('SYNs of one attempt (frame %d) left from %s and %s' % (p.frame, c.nat, nat))
                c.nat = nat
    stray = [q.frame for q in wan if q.syn and q.twin is None]
    if stray:
        raise LabError('WAN SYNs without a LAN original: %s' % stray)

    # WAN SYN-ACKs answering each attempt, and their LAN copies
    used = set()
    for c in conns:
        if c.nat is None:
            continue
        isn = (c.isn + off) & M32
        acks = {(isn + 1) & M32} | {(isn + 1 + p.length) & M32 for p in c.lan_syns}
        t0 = min(p.twin.t for p in c.lan_syns if p.twin)
        c.wan_synacks = [r for r in wan if r.synack and (r.src, r.sport) == (c.server, c.sport)
                         and (r.dst, r.dport) == c.nat and r.ack in acks and r.t >= t0]
        for r in c.wan_synacks:
            cands = [s for s in lan if s.synack and (s.src, s.sport) == (r.src, r.sport)
                     and (s.dst, s.dport) == (c.client, c.cport) and s.seq == r.seq
                     and s.tsval == r.tsval and s.ack == (r.ack - off) & M32
                     and 0 <= s.t - r.t <= WINDOW and s.frame not in used]
            if len(cands) > 1:
                raise LabError('WAN SYN-ACK %d has several LAN copies' % r.frame)
            if cands:
                r.twin, cands[0].twin = cands[0], r
                used.add(cands[0].frame)

    handshakes = [c for c in conns if c.first.tfo is not None or c.first.length > 0]
    for n, c in enumerate(handshakes, 1):
        c.hs = n
    return conns, handshakes


def check_syn(sc, p):
    """The rule's action on LAN SYN p, checked against its WAN copy."""
    action = sc.syn(p)
    q = p.twin
    bad = None
    if action == 'drop':
        if q is not None:
            bad = 'the rule drops it, but it left as WAN frame %d' % q.frame
    elif q is None:
        bad = 'the rule forwards it (%s), but it has no WAN copy' % action
    elif action == 'strip-data' and (q.length != 0 or (q.tfo, q.cookie) != (p.tfo, p.cookie)):
        bad = 'the rule strips its data, but WAN frame %d has %d bytes and %s' % (q.frame, q.length, q.describe_tfo())
    elif action != 'strip-data' and q.length != p.length:
        bad = 'its WAN copy %d carries %d bytes instead of %d' % (q.frame, q.length, p.length)
    elif action == 'forward' and (q.tfo, q.cookie) != (p.tfo, p.cookie):
        bad = 'the rule forwards it unchanged, but WAN frame %d has %s' % (q.frame, q.describe_tfo())
    elif action == 'strip' and q.tfo is not None:
        bad = 'the rule strips its option, but WAN frame %d has %s' % (q.frame, q.describe_tfo())
    elif action == 'mangle' and (q.tfo != p.tfo or q.cookie == p.cookie or len(q.cookie) != len(p.cookie)):
        bad = 'the rule mangles its cookie, but WAN frame %d has %s' % (q.frame, q.describe_tfo())
    if bad:
        raise LabError('LAN SYN %d (%s, %d bytes): %s' % (p.frame, p.describe_tfo(), p.length, bad))
    return action


def check_synack(sc, r, c):
    action = sc.synack(r, c)
    s = r.twin
    bad = None
    if action == 'drop':
        if s is not None:
            bad = 'the rule drops it, but it reached the LAN as frame %d' % s.frame
    elif s is None:
        bad = 'the rule forwards it (%s), but it has no LAN copy' % action
    elif action == 'forward' and (s.tfo, s.cookie) != (r.tfo, r.cookie):
        bad = 'the rule forwards it unchanged, but LAN frame %d has %s' % (s.frame, s.describe_tfo())
    elif action == 'strip' and s.tfo is not None:
        bad = 'the rule strips its option, but LAN frame %d has %s' % (s.frame, s.describe_tfo())
    if bad:
        raise LabError('WAN SYN-ACK %d (%s): %s' % (r.frame, r.describe_tfo(), bad))
    return action


def verdict(sc, c):
    """(token, reason) for handshake c."""
    p = c.first
    a = sc.syn(p)
    what = ('SYN with %s and %d bytes of data' % (p.describe_tfo(), p.length)) if p.length \
        else 'SYN with %s' % p.describe_tfo()
    if a == 'drop':
        return ('syn-data-dropped' if p.length else 'syn-dropped'), \
            '%s, dropped by the rule: no WAN copy' % what
    if a == 'strip':
        return 'option-stripped', '%s left (frame %d) without the option' % (what, p.twin.frame)
    if a == 'strip-data':
        return 'data-stripped', '%s left (frame %d) with its option but no data' % (what, p.twin.frame)
    if a == 'mangle':
        return 'cookie-mangled', '%s left (frame %d) with %s' % (what, p.twin.frame, p.twin.describe_tfo())
    if not c.wan_synacks:
        raise LabError('handshake %d: the server never answered the forwarded SYN %d' % (c.hs, p.twin.frame))
    r = c.wan_synacks[0]
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
        return 'option-stripped', '%s crossed; the SYN-ACK %d carried %s, its LAN copy %d none' % (
            what, r.frame, r.describe_tfo(), r.twin.frame)
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
        comments = {}

        def note(p, text):
            comments.setdefault(p.frame, []).append(text)

        dropped, twins, lines = [], [], []
        for c in conns:
            for p in c.lan_syns:
                a = check_syn(sc, p)
                if c.hs and a == 'drop':
                    dropped.append(p)
                if p.twin:
                    changes = [] if (p.twin.tfo, p.twin.cookie) == (p.tfo, p.cookie) else \
                        ['%s became %s' % (p.describe_tfo(), p.twin.describe_tfo())]
                    if sc.seq_offset:
                        changes.append('sequence number + 0x%x' % sc.seq_offset)
                    note(p.twin, 'WAN copy of LAN frame %d%s' % (p.frame, ': ' + ', '.join(changes) if changes else ''))
                if c.hs:
                    twins += [(p.frame, p.twin.frame)] if p.twin else []
            for r in c.wan_synacks:
                a = check_synack(sc, r, c)
                if c.hs and a == 'drop':
                    dropped.append(r)
                    note(r, 'handshake %d: SYN-ACK dropped by the gateway (no LAN copy)' % c.hs)
                if r.twin:
                    note(r.twin, 'LAN copy of WAN frame %d%s' % (
                        r.frame, '' if (r.twin.tfo, r.twin.cookie) == (r.tfo, r.cookie)
                        else ': %s became %s' % (r.describe_tfo(), r.twin.describe_tfo())))
                    if c.hs:
                        twins.append((r.frame, r.twin.frame))
        for c in handshakes:
            token, why = verdict(sc, c)
            c.token = token
            p = c.first
            note(p, 'TFO handshake %d: %s, %d bytes of data -> %s' % (c.hs, p.describe_tfo(), p.length, token))
            for q in c.lan_syns:
                if q.twin is None:
                    note(q, 'handshake %d: SYN dropped by the gateway (no WAN copy)' % c.hs)
                elif q is not p:
                    note(q, 'handshake %d: retransmitted SYN, %s, %d bytes' % (c.hs, q.describe_tfo(), q.length))
            for r in c.wan_synacks[:1]:
                note(r, 'handshake %d: server answer, acknowledges %d bytes of SYN data, %s' % (
                    c.hs, (r.ack - (c.isn + sc.seq_offset + 1)) & M32, r.describe_tfo()))
            lines.append('# handshake %d: %s:%d -> %s:%d, frame %d: %s -> %s' % (
                c.hs, c.client, c.cport, c.server, c.sport, p.frame, why, token))
        missing = sc.shows - {c.token for c in handshakes}
        if missing:
            raise LabError('no handshake got %s, which the scenario is there to show' % ', '.join(sorted(missing)))
        proofs = []
        for d in sorted(dropped, key=lambda d: d.t):
            other = 'wan' if d.side == 'lan' else 'lan'
            # a margin of 0.1 s over the window, so that no timing is borderline
            later = [p for p in packets if p.side == other and p.t > d.t + WINDOW + 0.1]
            if not later:
                raise LabError('the %s side recorded nothing more than %.1f s after the drop of frame %d: '
                               'the drop cannot be proved' % (other, WINDOW + 0.1, d.frame))
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
           '# tshark fields, no plugin); handshakes are the attempts whose first LAN',
           '# SYN carries a Fast Open option or data, numbered by that SYN.']
    out += lines
    out.append('handshakes %d' % len(handshakes))
    out += ['verdict %d %s' % (c.hs, c.token) for c in handshakes]
    if dropped:
        out.append('# Dropped: LAN SYNs without WAN copy, WAN SYN-ACKs without LAN copy; each')
        out.append('# with the first later packet on the other side past the window (times from')
        out.append('# the first packet).')
        out += proofs
    out += ['dropped %d' % d.frame for d in sorted(dropped, key=lambda d: d.frame)]
    out.append('# Twins: every SYN and SYN-ACK of a handshake that crossed, and its copy.')
    out += ['twin %d %d' % t for t in twins]
    out.append('# What the first LAN SYN of each handshake carries; its WAN copy is on side 2.')
    for c in handshakes:
        p = c.first
        out.append('field %d tfo.side 1' % p.frame)
        if p.tfo:
            out.append('field %d tfo.option_kind %d' % (p.frame, p.tfo))
        if p.cookie:
            out.append('field %d tfo.cookie %s' % (p.frame, p.cookie.hex()))
        if p.length:
            out.append('field %d tfo.syn_data_len %d' % (p.frame, p.length))
        if p.twin:
            out.append('field %d tfo.side 2' % p.twin.frame)
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
