#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the malformed-input cases of tests/malformed/ (issue #4).

Usage:
    python3 tests/malformed/gen_malformed.py [OUTDIR]

OUTDIR defaults to tests/malformed/cases. For every case below,
OUTDIR/<name>.pcapng (or .pcap) and OUTDIR/<name>.expect are (re)written,
plus any extra .expect files that run the same capture with preferences.

Each case is hostile or broken input around a Fast Open handshake: invalid
option lengths, options cut by the snap length, SYN+FIN and SYN+RST, copies
and reordering of frames, captures that start late or stop early on one
side, interfaces without names, link types other than Ethernet, odd clocks.

The world is that of tests/gen_captures.py: client 192.168.1.10 behind a NAT
gateway (203.0.113.1), server 198.51.100.20:80; interface 0 sees the LAN,
interface 1 the WAN; the gateway forwards what it does not drop 200 us later,
rewriting the client address and port (outbound) or the destination
(inbound), decrementing the TTL, with its own IP IDs outbound.

The .expect facts (format of tests/e2e/check_capture.py) are written from
what each case IS, by the rules of README.md, never from the plugin's output:
  - a handshake is a client's connection attempt whose first SYN carries a
    Fast Open option (valid or not) or data; a segment that is not a
    connection attempt (SYN+RST, SYN+FIN) is none;
  - an option of invalid length gets "Invalid Fast Open option" on every
    copy; a server cannot grant a cookie for it, so its handshake is
    "unknown";
  - evidence that is missing (a side not being recorded, bytes cut by the
    snap length, frames before the capture began) gives "unknown", never a
    gateway fault;
  - no "dropped" fact means no frame may be called dropped;
  - "noexpert FRAME TEXT" (checked by tests/malformed/check_case.py, not by
    check_capture.py): no expert item on FRAME contains TEXT.
Comments in each .expect say why.

Deterministic and stdlib-only (Python >= 3.7).
"""
import ipaddress
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
# The crafted captures' time scale, addresses and pcapng writing.
from gen_captures import (ACK, ACK_DELAY, CLIENT, COOKIE, DATA, END_OPT, EPOCH, FWD, GW_LAN_MAC,  # noqa: E402
                          GW_WAN_MAC, M32, MS, NAT, PSH, RTO, RTT, S, SERVER, SERVER_ISN, SYN,
                          UPSTREAM_MAC, block, csum, option)

FIN, RST = 0x01, 0x04
EOL, NOP = b'\x00', b'\x01'
MAGIC = b'\xf9\x89'
GW_LAN = '192.168.1.1'

LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_SLL, LINKTYPE_SLL2 = 1, 101, 113, 276
CLIENT_MAC = bytes.fromhex('02000000aa0a')


# ---------------------------------------------------------------- options

def o_mss(v=1460):
    return struct.pack('!BBH', 2, 4, v)


def o_ts(val, ecr=0):
    return NOP + NOP + struct.pack('!BBII', 8, 10, val, ecr)


def o_tfo(cookie=b''):
    """A kind-34 option, NOP-padded in front to end on a 4-byte boundary."""
    opt = bytes([34, 2 + len(cookie)]) + cookie
    return NOP * (-len(opt) % 4) + opt


def o_exp(cookie=b'', magic=MAGIC):
    """A kind-254 option with |magic| (RFC 6994), NOP-padded in front."""
    opt = bytes([254, 4 + len(cookie)]) + magic + cookie
    return NOP * (-len(opt) % 4) + opt


def raw_opt(kind, length, body):
    """An option whose length byte says |length| whatever |body| holds."""
    return bytes([kind, length]) + body


def pad(opts, filler=EOL):
    return opts + filler * (-len(opts) % 4)


# ---------------------------------------------------------------- packets

class Pkt:
    """One IP packet as captured on one interface."""

    def __init__(self, t, iface, src, dst, proto_bytes, proto=6, ipid=0, ttl=64,
                 smac=b'\0' * 6, dmac=b'\0' * 6, outgoing=False):
        self.t, self.iface, self.src, self.dst = t, iface, src, dst
        self.l4, self.proto, self.ipid, self.ttl = proto_bytes, proto, ipid, ttl
        self.smac, self.dmac, self.outgoing = smac, dmac, outgoing
        self.snap = None         # this copy's captured length, if shorter
        self.frame = None        # frame number, set when written
        self.comment = None

    def ip_bytes(self):
        src = ipaddress.ip_address(self.src).packed
        dst = ipaddress.ip_address(self.dst).packed
        if len(src) == 4:
            ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(self.l4), self.ipid,
                             0x4000, self.ttl, self.proto, 0, src, dst)
            return ip[:10] + struct.pack('!H', csum(ip)) + ip[12:] + self.l4
        return struct.pack('!IHBB16s16s', 0x60000000, len(self.l4), self.proto,
                           self.ttl, src, dst) + self.l4

    def ethertype(self):
        return 0x0800 if ':' not in self.src else 0x86DD


def tcp_bytes(src, dst, sport, dport, seq, ack, flags, opts=b'', payload=b'', win=64240):
    assert len(opts) % 4 == 0 and len(opts) <= 40, (len(opts), opts)
    tcp = struct.pack('!HHIIHHHH', sport, dport, seq & M32, ack & M32,
                      (20 + len(opts)) // 4 << 12 | flags, win, 0, 0) + opts + payload
    s, d = ipaddress.ip_address(src).packed, ipaddress.ip_address(dst).packed
    if len(s) == 4:
        pseudo = s + d + struct.pack('!BBH', 0, 6, len(tcp))
    else:
        pseudo = s + d + struct.pack('!I3xB', len(tcp), 6)
    return tcp[:16] + struct.pack('!H', csum(pseudo + tcp)) + tcp[18:]


def udp_bytes(src, dst, sport, dport, payload):
    udp = struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload
    s, d = ipaddress.ip_address(src).packed, ipaddress.ip_address(dst).packed
    pseudo = s + d + struct.pack('!BBH', 0, 17, len(udp))
    return udp[:6] + struct.pack('!H', csum(pseudo + udp) or 0xFFFF) + udp[8:]


def link_header(linktype, p):
    if linktype == LINKTYPE_ETHERNET:
        return p.dmac + p.smac + struct.pack('!H', p.ethertype())
    if linktype == LINKTYPE_SLL:   # packet type 4 = sent by us, 0 = to us
        return struct.pack('!HHH', 4 if p.outgoing else 0, 1, 6) + p.smac + b'\0\0' + \
            struct.pack('!H', p.ethertype())
    if linktype == LINKTYPE_SLL2:
        return struct.pack('!HHIHBB', p.ethertype(), 0, 2 + p.iface_index, 1,
                           4 if p.outgoing else 0, 6) + p.smac + b'\0\0'
    if linktype == LINKTYPE_RAW:
        return b''
    raise ValueError(linktype)


# ---------------------------------------------------------------- file formats

def write_pcapng(path, ifaces, frames):
    """ifaces: [(name or None, linktype, snaplen)]; frames: [(iface, ts_us, data, orig_len, comment)]."""
    out = [block(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1) +
                 option(4, b'tests/malformed/gen_malformed.py') + END_OPT)]
    for name, linktype, snaplen in ifaces:
        opts = (option(2, name.encode()) + END_OPT) if name else b''
        out.append(block(1, struct.pack('<HHI', linktype, 0, snaplen) + opts))
    for iface, ts, data, orig, comment in frames:
        body = struct.pack('<IIIII', iface, ts >> 32, ts & M32, len(data), orig)
        body += data + b'\0' * (-len(data) % 4)
        if comment:
            body += option(1, comment.encode()) + END_OPT
        out.append(block(6, body))
    with open(path, 'wb') as f:
        f.write(b''.join(out))


def write_pcap(path, linktype, snaplen, frames):
    out = [struct.pack('<IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype)]
    for _, ts, data, orig, _ in frames:
        out.append(struct.pack('<IIII', ts // S, ts % S, len(data), orig) + data)
    with open(path, 'wb') as f:
        f.write(b''.join(out))


# ---------------------------------------------------------------- the gateway

class Conn:
    def __init__(self, cport, nport, isn, client=CLIENT, server=SERVER, sport=80, nat=NAT):
        self.client, self.cport, self.nat, self.nport = client, cport, nat, nport
        self.server, self.sport, self.isn = server, sport, isn
        self.data = b''


class Case:
    """A capture under construction, and the facts it must show."""

    def __init__(self, name, ifaces=(('lan', LINKTYPE_ETHERNET, 65535), ('wan', LINKTYPE_ETHERNET, 65535)),
                 fmt='pcapng', lan=0, wan=1):
        self.name, self.ifaces, self.fmt = name, list(ifaces), fmt
        self.lan, self.wan = lan, wan          # interface of each side (equal: merged)
        self.pkts, self.facts, self.extra = [], [], []
        self.comment_lines = []
        self.ipids = {}
        self.order = None        # a function reordering the time-sorted packets
        self.epoch = EPOCH
        self.next_port = 1

    # -- building blocks
    def conn(self, **kw):
        n = self.next_port
        self.next_port += 1
        kw.setdefault('isn', (0x3A000000 + n * 0x01010101) & M32)
        return Conn(40000 + n, 50000 + n, **kw)

    def ipid(self, host):
        v = self.ipids.get(host, (sum(map(ord, host)) * 257) & 0xFFFF)
        self.ipids[host] = (v + 1) & 0xFFFF
        return v

    def add(self, p):
        p.iface_index = p.iface
        self.pkts.append(p)
        return p

    def lan_tcp(self, c, t, flags, seq, ack, opts=b'', payload=b''):
        """Client -> server, on the LAN."""
        return self.add(Pkt(t, self.lan, c.client, c.server,
                            tcp_bytes(c.client, c.server, c.cport, c.sport, seq, ack, flags, opts, payload),
                            ipid=self.ipid(c.client), smac=CLIENT_MAC, dmac=GW_LAN_MAC))

    def syn(self, c, t, opts, data=b'', flags=SYN):
        c.data = data
        return self.lan_tcp(c, t, flags, c.isn, 0, opts, data)

    def synack(self, c, t, acked=0, opts=None, lan=False):
        """The server's SYN-ACK: on the WAN, or (lan=True) as the LAN sees it."""
        if opts is None:
            opts = pad(o_mss() + o_ts(0x200000 + t // MS, 0x100000))
        if lan:
            return self.add(Pkt(t, self.lan, c.server, c.client,
                                tcp_bytes(c.server, c.client, c.sport, c.cport, SERVER_ISN,
                                          c.isn + 1 + acked, SYN | ACK, opts, win=65160),
                                ipid=self.ipid(c.server), ttl=63, smac=GW_LAN_MAC, dmac=CLIENT_MAC,
                                outgoing=True))
        return self.add(Pkt(t, self.wan, c.server, c.nat,
                            tcp_bytes(c.server, c.nat, c.sport, c.nport, SERVER_ISN,
                                      c.isn + 1 + acked, SYN | ACK, opts, win=65160),
                            ipid=self.ipid(c.server), smac=UPSTREAM_MAC, dmac=GW_WAN_MAC))

    def ack(self, c, t, acked):
        """The client's ACK of the SYN-ACK, with the data the server did not take."""
        data = c.data[acked:]
        return self.lan_tcp(c, t, ACK | (PSH if data else 0), c.isn + 1 + acked, SERVER_ISN + 1,
                            pad(o_ts(0x100000 + t // MS, 0x200000)), data)

    def forward(self, p, c, delay=FWD):
        """The gateway's copy of |p| on the other side."""
        seg = bytearray(p.l4)
        if p.iface == self.lan and p.src == c.client:      # outbound: source NAT
            src, dst = c.nat, p.dst
            seg[0:2] = struct.pack('!H', c.nport)
            q = Pkt(p.t + delay, self.wan, src, dst, b'', ipid=self.ipid('gateway'), ttl=p.ttl - 1,
                    smac=GW_WAN_MAC, dmac=UPSTREAM_MAC, outgoing=True)
        else:                                               # inbound: destination NAT
            src, dst = p.src, c.client
            seg[2:4] = struct.pack('!H', c.cport)
            q = Pkt(p.t + delay, self.lan, src, dst, b'', ipid=p.ipid, ttl=p.ttl - 1,
                    smac=GW_LAN_MAC, dmac=CLIENT_MAC, outgoing=True)
        seg[16:18] = b'\0\0'
        s, d = ipaddress.ip_address(src).packed, ipaddress.ip_address(dst).packed
        pseudo = s + d + struct.pack('!BBH', 0, 6, len(seg)) if len(s) == 4 else \
            s + d + struct.pack('!I3xB', len(seg), 6)
        seg[16:18] = struct.pack('!H', csum(pseudo + bytes(seg)))
        q.l4 = bytes(seg)
        return self.add(q)

    # -- whole exchanges
    def handshake(self, c, t, syn_opts, data=b'', acked=None, synack_opts=None):
        """A SYN through the gateway, the server's SYN-ACK acknowledging
        |acked| data bytes (default: all) back through it, and the ACK.
        Returns the packets in time order."""
        acked = len(data) if acked is None else acked
        s1 = self.syn(c, t, syn_opts, data)
        s2 = self.forward(s1, c)
        a1 = self.synack(c, s2.t + RTT, acked, synack_opts)
        a2 = self.forward(a1, c)
        k1 = self.ack(c, a2.t + ACK_DELAY, acked)
        k2 = self.forward(k1, c)
        return [s1, s2, a1, a2, k1, k2]

    def cookie_request(self, c, t, kind=34):
        req = o_tfo() if kind == 34 else o_exp()
        grant = o_tfo(COOKIE) if kind == 34 else o_exp(COOKIE)
        return self.handshake(c, t, pad(o_mss() + o_ts(0x100000 + t // MS) + req),
                              synack_opts=pad(o_mss() + o_ts(0x200000, 0x100000) + grant))

    def data_syn_opts(self, t, cookie=COOKIE):
        return pad(o_mss() + o_ts(0x100000 + t // MS) + o_tfo(cookie))

    def udp(self, t, iface, src, dst, sport, dport, payload=b'\0' * 12):
        return self.add(Pkt(t, iface, src, dst, udp_bytes(src, dst, sport, dport, payload),
                            proto=17, ipid=self.ipid(src)))

    # -- facts
    def fact(self, *words):
        """A fact; Pkt words become their frame numbers."""
        self.facts.append(words)

    def note(self, *lines):
        self.comment_lines.extend(lines)

    def also(self, suffix, lines, facts):
        """Another .expect for the same capture (with preferences)."""
        self.extra.append((suffix, lines, facts))

    # -- output
    def write(self, outdir):
        pkts = sorted(self.pkts, key=lambda p: p.t)
        assert len({(p.t, p.iface) for p in pkts}) == len(pkts) or self.order, \
            f'{self.name}: ambiguous packet order'
        if self.order:
            pkts = self.order(pkts)
        frames = []
        for n, p in enumerate(pkts, 1):
            p.frame = n
            linktype, snaplen = self.ifaces[p.iface][1:3]
            data = link_header(linktype, p) + p.ip_bytes()
            cut = min(snaplen, p.snap or snaplen)
            frames.append((p.iface, self.epoch + p.t, data[:cut], len(data), p.comment))
        ext = '.pcapng' if self.fmt == 'pcapng' else '.pcap'
        path = os.path.join(outdir, self.name + ext)
        if self.fmt == 'pcapng':
            write_pcapng(path, self.ifaces, frames)
        else:
            assert len(self.ifaces) == 1
            write_pcap(path, self.ifaces[0][1], self.ifaces[0][2], frames)

        def text(facts):
            out = []
            for f in facts:
                if isinstance(f, str):
                    out.append(f)
                else:
                    out.append(' '.join(str(w.frame) if isinstance(w, Pkt) else str(w) for w in f))
            return out

        lines = ['# ' + line for line in self.comment_lines] + text(self.facts)
        with open(os.path.join(outdir, self.name + '.expect'), 'w') as f:
            f.write('\n'.join(lines) + '\n')
        for suffix, comment, facts in self.extra:
            lines = ['# ' + line for line in comment] + \
                ['capture tests/malformed/cases/' + self.name + ext] + text(facts)
            with open(os.path.join(outdir, self.name + '-' + suffix + '.expect'), 'w') as f:
                f.write('\n'.join(lines) + '\n')
        return path


CASES = []


def case(fn):
    CASES.append(fn)
    return fn


# ---------------------------------------------------------------- invalid options

def invalid_option_case(name, why, syn_opts_list):
    """One connection per option in |syn_opts_list|, 200 ms apart, each
    forwarded unchanged; the server grants no cookie (it cannot parse the
    option) and acknowledges the SYN. Every copy of each SYN gets the
    expert item; every handshake is unknown."""
    k = Case(name)
    k.note(*why)
    k.note('Each SYN is forwarded unchanged; the server grants no cookie, so the',
           'handshake cannot be judged: unknown. Both copies of each SYN carry the',
           'invalid option: expert item on both.')
    k.fact('handshakes', len(syn_opts_list))
    for i, opts in enumerate(syn_opts_list):
        c = k.conn()
        pk = k.handshake(c, i * 200 * MS, opts)
        k.fact('verdict', i + 1, 'unknown')
        k.fact('expert', pk[0], 'Invalid Fast Open option')
        k.fact('expert', pk[1], 'Invalid Fast Open option')
    return k


def base_opts(t=0):
    return o_mss() + o_ts(0x100000 + t // MS)


@case
def opt_len_3():
    return invalid_option_case('opt-len-3', [
        'A kind-34 option of length 3: a 1-byte cookie (RFC 7413: 4 to 16 bytes,',
        'even, or none).'], [pad(base_opts() + raw_opt(34, 3, b'\xaa'))])


@case
def opt_len_5():
    return invalid_option_case('opt-len-5', [
        'A kind-34 option of length 5: a 3-byte cookie.'],
        [pad(base_opts() + raw_opt(34, 5, b'\xaa\xbb\xcc'))])


@case
def opt_len_19():
    return invalid_option_case('opt-len-19', [
        'A kind-34 option of length 19: a 17-byte cookie, longer than 16 and odd.'],
        [pad(base_opts() + raw_opt(34, 19, bytes(range(1, 18))))])


@case
def opt_past_end():
    return invalid_option_case('opt-past-end', [
        'Fast Open options that run past the end of the TCP header: handshake 1',
        'has kind 34 length 10 with only 4 bytes left in the options area;',
        'handshake 2 has kind 34 as the very last byte (no room for a length).'],
        [base_opts() + raw_opt(34, 10, b'\x11\x22'),        # 16 + 4 = 20 bytes
         base_opts() + NOP * 3 + b'\x22'])                  # 16 + 4 = 20 bytes


@case
def cookie_len_1():
    return invalid_option_case('cookie-len-1', [
        'A 1-byte cookie: kind 34 (length 3) in handshake 1, kind 254 with the',
        'Fast Open magic 0xF989 (length 5) in handshake 2.'],
        [pad(base_opts() + raw_opt(34, 3, b'\xaa')),
         pad(base_opts() + raw_opt(254, 5, MAGIC + b'\xaa'))])


@case
def cookie_len_3():
    return invalid_option_case('cookie-len-3', [
        'A 3-byte cookie: kind 34 (length 5) in handshake 1, kind 254/0xF989',
        '(length 7) in handshake 2.'],
        [pad(base_opts() + raw_opt(34, 5, b'\xaa\xbb\xcc')),
         pad(base_opts() + raw_opt(254, 7, MAGIC + b'\xaa\xbb\xcc'))])


@case
def cookie_len_18():
    return invalid_option_case('cookie-len-18', [
        'An 18-byte cookie, even but longer than 16: kind 34 (length 20) in',
        'handshake 1, kind 254/0xF989 (length 22) in handshake 2.'],
        [pad(base_opts() + raw_opt(34, 20, bytes(range(18)))),
         pad(base_opts() + raw_opt(254, 22, MAGIC + bytes(range(18))))])


@case
def exp_other_magic():
    k = Case('exp-other-magic')
    k.note('Kind 254 with a magic other than 0xF989 is another experiment (RFC 6994),',
           'not Fast Open.',
           'Connection A (frames 1-6): only kind 254/0x1234, no data: not a handshake.',
           'Connection B: kind 254/0x1234 first, then a kind-34 cookie request; the',
           'server grants a cookie: handshake 1, passed, option kind 34.',
           'Connection C: kind 254/0xF989 request (valid experimental Fast Open), cookie',
           'granted in a kind-254 option: handshake 2, passed, option kind 254.')
    a = k.handshake(k.conn(), 0, pad(base_opts() + raw_opt(254, 6, b'\x12\x34\xab\xcd')))
    cb = k.conn()
    b = k.handshake(cb, 200 * MS, pad(base_opts(200 * MS) + raw_opt(254, 6, b'\x12\x34\xab\xcd') + o_tfo()),
                    synack_opts=pad(o_mss() + o_ts(0x200000, 0x100000) + o_tfo(COOKIE)))
    c = k.cookie_request(k.conn(), 400 * MS, kind=254)
    k.fact('handshakes', 2)
    k.fact('verdict', 1, 'passed')
    k.fact('verdict', 2, 'passed')
    k.fact('field', b[0], 'tfo.option_kind', 34)
    k.fact('field', c[0], 'tfo.option_kind', 254)
    for p in (a[0], a[1], b[0], b[1]):
        k.fact('noexpert', p, 'Invalid Fast Open option')
    return k


# ---------------------------------------------------------------- snapped

@case
def snapped_options():
    snap = 14 + 20 + 20 + 8     # Ethernet, IPv4, TCP, and 8 bytes of options
    k = Case('snapped-options', ifaces=[('lan', LINKTYPE_ETHERNET, snap), ('wan', LINKTYPE_ETHERNET, snap)])
    k.note('Both interfaces captured with a snap length of 62 bytes: every frame is',
           'cut 8 bytes into the TCP options (MSS, then two NOPs and half the',
           'timestamp option), so no Fast Open option is visible anywhere.',
           'Connection A: a cookie request, granted: nothing Fast Open can be seen,',
           'so it is not a handshake.',
           'Connection B: a SYN with cookie and 12 bytes of data (the IP length shows',
           'them) crosses with its data (12/12) and the server acknowledges the data,',
           'which a server does only for a valid cookie: handshake 1, passed.')
    k.cookie_request(k.conn(), 0)
    cb = k.conn()
    k.handshake(cb, 200 * MS, k.data_syn_opts(200 * MS), DATA)
    k.fact('handshakes', 1)
    k.fact('verdict', 1, 'passed')
    return k


@case
def snapped_wan():
    k = Case('snapped-wan', ifaces=[('lan', LINKTYPE_ETHERNET, 65535), ('wan', LINKTYPE_ETHERNET, 58)])
    k.note('The WAN interface was captured with a snap length of 58 bytes: its',
           'frames stop right after the MSS option, before the Fast Open option.',
           'The LAN copies are complete. What the gateway did to the option cannot',
           'be seen, so it must not be called stripped.',
           'Handshake 1: a cookie request; the server grants no cookie (LAN SYN-ACK):',
           'a stripped option and a server without Fast Open look the same: unknown.',
           'Handshake 2: cookie and 12 bytes of data; the server acknowledges the',
           'data (LAN SYN-ACK), so the cookie reached it intact: passed.')
    pk = k.handshake(k.conn(), 0, pad(base_opts() + o_tfo()))
    c2 = k.conn()
    k.handshake(c2, 200 * MS, k.data_syn_opts(200 * MS), DATA)
    k.fact('handshakes', 2)
    k.fact('verdict', 1, 'unknown')
    k.fact('verdict', 2, 'passed')
    k.fact('expert', pk[1], 'The snap length cut the TCP options')
    k.fact('noexpert', pk[1], 'stripped')
    return k


@case
def snapped_in_option():
    snap = 14 + 20 + 20 + 20    # cuts the kind-34 option after 2 of its 8 cookie bytes
    k = Case('snapped-in-option', ifaces=[('lan', LINKTYPE_ETHERNET, snap), ('wan', LINKTYPE_ETHERNET, snap)])
    k.note('Both interfaces captured with a snap length of 74 bytes, which cuts the',
           'SYN\'s kind-34 option (length 10, an 8-byte cookie) after its first two',
           'cookie bytes. The option is valid; only the capture is short: it must',
           'not be reported as an invalid option (README: tfo.option_invalid is for',
           '"a Fast Open option of an invalid length"; fact "noexpert", checked by',
           'check_case.py).',
           'The SYN carries 12 bytes of data (IP length), crosses with them, and the',
           'server acknowledges the data, which it does only for a valid cookie:',
           'handshake 1, passed.')
    pk = k.handshake(k.conn(), 0, k.data_syn_opts(0), DATA)
    k.fact('handshakes', 1)
    k.fact('verdict', 1, 'passed')
    k.fact('noexpert', pk[0], 'Invalid Fast Open option')
    k.fact('noexpert', pk[1], 'Invalid Fast Open option')
    k.fact('expert', pk[0], 'The snap length cut the TCP options')
    return k


@case
def snapped_payload():
    wan_snap = 14 + 20 + 20 + 28 + 4    # the WAN copy keeps 4 of the 12 data bytes
    k = Case('snapped-payload', ifaces=[('lan', LINKTYPE_ETHERNET, 65535), ('wan', LINKTYPE_ETHERNET, wan_snap)])
    k.note('The WAN interface was captured with a snap length of 86 bytes: headers',
           'and options complete, only the first 4 of the SYN\'s 12 data bytes.',
           'The LAN copy is complete. The same SYN on both sides (same ISN,',
           'timestamp, option, data length; the captured bytes agree): twins.',
           'The server acknowledges the data: handshake 1, passed.')
    pk = k.handshake(k.conn(), 0, k.data_syn_opts(0), DATA)
    k.fact('handshakes', 1)
    k.fact('verdict', 1, 'passed')
    k.fact('twin', pk[0], pk[1])
    return k


# ---------------------------------------------------------------- flags

def not_an_attempt_case(name, flags, what):
    k = Case(name)
    k.note('Handshake 1 (t=0): a cookie request, granted: passed. Both sides are',
           'recorded from here on.',
           f'At 0.2 s the client sends a {what} with a cookie and 12 bytes of data,',
           'which the gateway does not forward (conntrack: invalid flags). It is not',
           'a connection attempt (RFC 9293: a segment with RST is a reset; Linux',
           'discards SYN+FIN), so it is no handshake, and not forwarding it is no',
           'Fast Open fault: nothing may be called dropped.',
           'At 1 s and 1.5 s, DNS over UDP crosses the gateway (both sides recorded).')
    k.cookie_request(k.conn(), 0)
    c = k.conn()
    k.syn(c, 200 * MS, k.data_syn_opts(200 * MS), DATA, flags=flags)
    for t in (1 * S, 1500 * MS):
        k.udp(t, 0, CLIENT, '9.9.9.9', 5353, 53)
        k.udp(t + FWD, 1, NAT, '9.9.9.9', 5353, 53)
    k.fact('handshakes', 1)
    k.fact('verdict', 1, 'passed')
    return k


@case
def syn_fin():
    return not_an_attempt_case('syn-fin', SYN | FIN, 'SYN+FIN')


@case
def syn_rst():
    return not_an_attempt_case('syn-rst', SYN | RST, 'SYN+RST')


# ---------------------------------------------------------------- frame order

def dup_in_place(pkts):
    out = []
    for p in pkts:
        q = Pkt(p.t, p.iface, p.src, p.dst, p.l4, p.proto, p.ipid, p.ttl, p.smac, p.dmac, p.outgoing)
        q.iface_index = p.iface_index
        out += [p, q]
    return out


@case
def duplicated_frames():
    k = Case('duplicated-frames')
    k.note('Every frame is in the file twice, back to back, with the same time stamp',
           '(the same capture merged with itself). Two attempts: a cookie request',
           'granted (handshake 1), then cookie and data accepted (handshake 2).',
           'Copies of a frame are the same packet: both pass, nothing was dropped.')
    k.cookie_request(k.conn(), 0)
    k.handshake(k.conn(), 200 * MS, k.data_syn_opts(200 * MS), DATA)
    k.order = dup_in_place
    k.fact('handshakes', 2)
    k.fact('verdict', 1, 'passed')
    k.fact('verdict', 2, 'passed')
    return k


@case
def out_of_order():
    k = Case('out-of-order')
    k.note('Frames out of time order: each packet the gateway forwarded comes in',
           'the file before the original it was forwarded from (as when one',
           'interface\'s capture buffer is flushed late); the time stamps are right.',
           'Handshake 1 (t=0): cookie and data, accepted. Handshake 2 (t=0.1 s): a',
           'SYN with cookie and data, never on the WAN side; 1 s later the client',
           'retries with a plain SYN, which passes.',
           'The engine analyses frames in time order whatever the file order, so',
           'this is tests/captures/syn-data-dropped: passed, syn-data-dropped, the',
           'data SYN dropped; such ordinary batching is no tfo.out_of_order.')
    pk = k.handshake(k.conn(), 0, k.data_syn_opts(0), DATA)
    c = k.conn()
    lost = k.syn(c, 100 * MS, k.data_syn_opts(100 * MS), DATA)
    k.handshake(c, 100 * MS + RTO, pad(base_opts(100 * MS + RTO)))

    def swap_twins(pkts):
        out = list(pkts)
        i = 0
        while i + 1 < len(out):
            a, b = out[i], out[i + 1]
            if a.iface != b.iface and b.t - a.t == FWD:
                out[i], out[i + 1] = b, a
                i += 2
            else:
                i += 1
        return out
    k.order = swap_twins
    k.fact('handshakes', 2)
    k.fact('verdict', 1, 'passed')
    k.fact('verdict', 2, 'syn-data-dropped')
    k.fact('dropped', lost)
    k.fact('noexpert', pk[0], 'not in time order')
    k.fact('noexpert', pk[2], 'not in time order')
    return k


@case
def late_beyond_horizon():
    k = Case('late-beyond-horizon')
    k.note('All of the WAN interface\'s frames come in the file after all of the',
           'LAN\'s (as two captures appended, not merged): the first WAN frames',
           'are more than the 1 s the engine waits for an interface behind the',
           'LAN frames it has analysed. Same packets as out-of-order. Those WAN',
           'frames are analysed late and carry tfo.out_of_order; they still',
           'match their LAN originals, and the dropped data SYN is still proved',
           'by the WAN\'s later frames: passed, syn-data-dropped.')
    pk = k.handshake(k.conn(), 0, k.data_syn_opts(0), DATA)
    c = k.conn()
    lost = k.syn(c, 100 * MS, k.data_syn_opts(100 * MS), DATA)
    k.handshake(c, 100 * MS + RTO, pad(base_opts(100 * MS + RTO)))
    k.order = lambda pkts: [p for p in pkts if p.iface == k.lan] + [p for p in pkts if p.iface != k.lan]
    k.fact('handshakes', 2)
    k.fact('verdict', 1, 'passed')
    k.fact('verdict', 2, 'syn-data-dropped')
    k.fact('dropped', lost)
    k.fact('expert', pk[1], 'not in time order')
    return k


# ---------------------------------------------------------------- partial captures

@case
def mid_handshake():
    k = Case('mid-handshake')
    k.note('The capture starts after connection A sent its SYN: the first frames',
           'are its SYN-ACK (granting a cookie) on both sides and its ACK. The SYN',
           'is not in the capture: no handshake can be seen for A.',
           'Connection B (t=0.2 s): cookie and data, accepted: handshake 1, passed.')
    ca = k.conn()
    pa = k.cookie_request(ca, -RTT - 2 * FWD)
    k.pkts.remove(pa[0])
    k.pkts.remove(pa[1])
    k.handshake(k.conn(), 200 * MS, k.data_syn_opts(200 * MS), DATA)
    k.fact('handshakes', 1)
    k.fact('verdict', 1, 'passed')
    return k


@case
def one_sided_lan():
    k = Case('one-sided-lan', ifaces=[('lan', LINKTYPE_ETHERNET, 65535)], wan=0)
    k.note('Only the LAN side was recorded (one interface). Judged on the client\'s',
           'view; nothing can be proved dropped.',
           'Handshake 1: cookie request, granted (LAN SYN-ACK): passed.',
           'Handshake 2: cookie and data, the SYN-ACK acknowledges the data: passed.',
           'Handshake 3: cookie and data, no answer, no retry (other traffic goes',
           'on for 3 s): unknown.')
    for t, cookie in ((0, None), (200 * MS, COOKIE)):
        c = k.conn()
        if cookie is None:
            k.syn(c, t, pad(base_opts(t) + o_tfo()))
            k.synack(c, t + RTT, 0, pad(o_mss() + o_ts(0x200000, 0x100000) + o_tfo(COOKIE)), lan=True)
            k.ack(c, t + RTT + ACK_DELAY, 0)
        else:
            k.syn(c, t, k.data_syn_opts(t), DATA)
            k.synack(c, t + RTT, len(DATA), lan=True)
            k.ack(c, t + RTT + ACK_DELAY, len(DATA))
    c3 = k.conn()
    k.syn(c3, 400 * MS, k.data_syn_opts(400 * MS), DATA)
    for i in range(1, 4):
        k.udp(400 * MS + i * S, 0, CLIENT, '9.9.9.9', 5353, 53)
        k.udp(400 * MS + i * S + 20 * MS, 0, '9.9.9.9', CLIENT, 53, 5353)
    k.fact('handshakes', 3)
    k.fact('verdict', 1, 'passed')
    k.fact('verdict', 2, 'passed')
    k.fact('verdict', 3, 'unknown')
    return k


@case
def one_sided_wan():
    k = Case('one-sided-wan', ifaces=[('wan', LINKTYPE_ETHERNET, 65535)], lan=0, wan=0)
    k.note('Only the WAN side was recorded (one interface, public addresses only).',
           'Handshake 1: cookie and data from the NAT address, the SYN-ACK',
           'acknowledges the data: passed.',
           'Handshake 2: cookie and data, no answer, no retry (other traffic goes on',
           'for 3 s): unknown.')
    c1 = Conn(50001, 50001, 0x3A010101, client=NAT)
    k.syn(c1, 0, k.data_syn_opts(0), DATA)
    k.synack(c1, RTT, len(DATA))
    k.ack(c1, RTT + ACK_DELAY, len(DATA))
    c2 = Conn(50002, 50002, 0x3A020202, client=NAT)
    k.syn(c2, 200 * MS, k.data_syn_opts(200 * MS), DATA)
    for i in range(1, 4):
        k.udp(200 * MS + i * S, 0, NAT, '9.9.9.9', 5353, 53)
        k.udp(200 * MS + i * S + 20 * MS, 0, '9.9.9.9', NAT, 53, 5353)
    k.fact('handshakes', 2)
    k.fact('verdict', 1, 'passed')
    k.fact('verdict', 2, 'unknown')
    return k


@case
def wan_stops_early():
    k = Case('wan-stops-early')
    k.note('The WAN recording stops after 0.1 s; the LAN one goes on to 3.5 s.',
           'Handshake 1 (t=0): cookie and data, accepted, both sides: passed.',
           'From 1 s on the LAN shows connections to the Internet answered by their',
           'servers (a plain TCP handshake, DNS over UDP), none of them on the WAN:',
           'the gateway forwards, the WAN side is no longer being recorded.',
           'Handshake 2 (t=1.5 s): a SYN with cookie and data, no answer, no retry.',
           'Whether the gateway forwarded it cannot be told: unknown, not dropped.')
    k.handshake(k.conn(), 0, k.data_syn_opts(0), DATA)
    other = k.conn(server='198.51.100.30')
    k.syn(other, 1 * S, pad(base_opts(1 * S)))
    k.synack(other, 1 * S + RTT, 0, lan=True)
    k.ack(other, 1 * S + RTT + ACK_DELAY, 0)
    c2 = k.conn()
    syn = k.syn(c2, 1500 * MS, k.data_syn_opts(1500 * MS), DATA)
    for i in range(2, 4):
        k.udp(i * S + 500 * MS, 0, CLIENT, '9.9.9.9', 5353, 53)
        k.udp(i * S + 520 * MS, 0, '9.9.9.9', CLIENT, 53, 5353)
    k.fact('handshakes', 2)
    k.fact('verdict', 1, 'passed')
    k.fact('verdict', 2, 'unknown')
    k.fact('expert', syn, 'Not seen on the WAN side')
    return k


# ---------------------------------------------------------------- interfaces and link types

def drop_scenario(k):
    """Cookie request granted (handshake 1); a data SYN dropped by the
    gateway at 0.1 s and the plain retry 1 s later passing (handshake 2).
    Returns the dropped SYN."""
    k.cookie_request(k.conn(), 0)
    c = k.conn()
    lost = k.syn(c, 100 * MS, k.data_syn_opts(100 * MS), DATA)
    lost.comment = 'dropped by the gateway'
    k.handshake(c, 100 * MS + RTO, pad(base_opts(100 * MS + RTO)))
    k.fact('handshakes', 2)
    k.fact('verdict', 1, 'passed')
    k.fact('verdict', 2, 'syn-data-dropped')
    k.fact('dropped', lost)
    return lost


DROP_NOTE = ('Handshake 1: cookie request, granted: passed. Handshake 2: a SYN with',
             'cookie and data that the gateway drops; 1 s later the plain retry passes:',
             'syn-data-dropped, the data SYN dropped.')


@case
def no_if_names():
    k = Case('no-if-names', ifaces=[(None, LINKTYPE_ETHERNET, 65535), (None, LINKTYPE_ETHERNET, 65535)])
    k.note('Two interfaces with no if_name option (0 = LAN, 1 = WAN).', *DROP_NOTE)
    lost = drop_scenario(k)
    same = [('handshakes', 2), ('verdict', 1, 'passed'), ('verdict', 2, 'syn-data-dropped'),
            ('dropped', lost)]
    k.also('by-number', ['no-if-names.pcapng with the sides named by interface number.'],
           [('option', 'tfo.lan_interface:0'), ('option', 'tfo.wan_interface:1')] + same)
    k.also('by-absent-name', ['no-if-names.pcapng with preferences naming interfaces "lan" and',
                              '"wan", which this capture does not have: the preferences match',
                              'nothing and the sides are learned as without them.'],
           [('option', 'tfo.lan_interface:lan'), ('option', 'tfo.wan_interface:wan')] + same)
    return k


@case
def linux_cooked():
    k = Case('linux-cooked', ifaces=[(None, LINKTYPE_SLL, 65535)], fmt='pcap', lan=0, wan=0)
    k.note('A classic pcap of Linux "any" (cooked, link type 113) on the gateway:',
           'both sides in one interface, told apart by address.', *DROP_NOTE)
    drop_scenario(k)
    return k


@case
def linux_cooked_v2():
    k = Case('linux-cooked-v2', ifaces=[('any', LINKTYPE_SLL2, 65535)], lan=0, wan=0)
    k.note('A pcapng of Linux "any" with the version 2 cooked header (link type 276):',
           'both sides in one interface, told apart by address.', *DROP_NOTE)
    drop_scenario(k)
    return k


@case
def raw_ip():
    k = Case('raw-ip', ifaces=[('lan', LINKTYPE_ETHERNET, 65535), ('ppp0', LINKTYPE_RAW, 65535)])
    k.note('The LAN interface is Ethernet, the WAN one raw IP (link type 101, as a',
           'PPP or tunnel uplink).', *DROP_NOTE)
    drop_scenario(k)
    return k


@case
def raw_ip_merged():
    k = Case('raw-ip-merged', ifaces=[(None, LINKTYPE_RAW, 65535)], fmt='pcap', lan=0, wan=0)
    k.note('A classic pcap of raw IP (link type 101) with both sides in one',
           'interface, told apart by address.', *DROP_NOTE)
    drop_scenario(k)
    return k


# ---------------------------------------------------------------- clocks

@case
def year_2300():
    k = Case('year-2300')
    k.epoch = 10413792000 * S        # 2300-01-01 00:00:00 UTC, as microseconds
    k.note('Recorded with a clock set to the year 2300 (pcapng time stamps are 64-bit',
           'microseconds; 2300 is past what int64 nanoseconds hold). Only time',
           'differences matter. ' + DROP_NOTE[0], *DROP_NOTE[1:])
    drop_scenario(k)
    return k


@case
def same_timestamps():
    k = Case('same-timestamps')
    k.note('Every frame has the same time stamp (a tool that wrote no times).',
           'Handshake 1: cookie and data, forwarded both ways, accepted: passed.',
           'Handshake 2: a SYN with cookie and data, never on the WAN side; no time',
           'passes in the capture, so its forwarding window never closes: unknown,',
           'not dropped.')
    k.handshake(k.conn(), 0, k.data_syn_opts(0), DATA)
    c = k.conn()
    k.syn(c, 1, k.data_syn_opts(0), DATA)
    k.udp(2, 0, CLIENT, '9.9.9.9', 5353, 53)
    k.udp(3, 1, NAT, '9.9.9.9', 5353, 53)
    order = list(k.pkts)
    for p in k.pkts:
        p.t = 0
    k.order = lambda pkts: order
    k.fact('handshakes', 2)
    k.fact('verdict', 1, 'passed')
    k.fact('verdict', 2, 'unknown')
    return k


@case
def icmp_quoted_syn():
    k = Case('icmp-quoted-syn')
    k.note('Handshake 1: cookie and data, accepted: passed. Then the gateway sends',
           'the client an ICMP port unreachable that quotes the SYN of handshake 1',
           '(TCP inside ICMP): not a new SYN, not a retransmission, no handshake.')
    pk = k.handshake(k.conn(), 0, k.data_syn_opts(0), DATA)
    quoted = pk[0].ip_bytes()
    icmp = struct.pack('!BBHI', 3, 3, 0, 0) + quoted
    icmp = icmp[:2] + struct.pack('!H', csum(icmp)) + icmp[4:]
    k.add(Pkt(100 * MS, 0, GW_LAN, CLIENT, icmp, proto=1, ipid=k.ipid(GW_LAN), smac=GW_LAN_MAC,
              dmac=CLIENT_MAC))
    k.fact('handshakes', 1)
    k.fact('verdict', 1, 'passed')
    return k


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cases')
    os.makedirs(outdir, exist_ok=True)
    for build in CASES:
        print(build().write(outdir))


if __name__ == '__main__':
    main()
