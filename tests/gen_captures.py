#!/usr/bin/env python3
"""Generate crafted pcapng test captures for the tfo-nat plugin.

Usage:
    python3 tests/gen_captures.py [OUTDIR]

OUTDIR defaults to tests/captures next to this script.  For every scenario
below, OUTDIR/<name>.pcapng and OUTDIR/<name>.expect are (re)written.

Each capture shows a client on the LAN talking to a server through a NAT
gateway; interface 0 ("lan") sees the client side, interface 1 ("wan") the
public side.  The gateway forwards every packet it does not drop 200 us later
on the other interface, rewriting the client address/port (outbound) or the
destination address/port (inbound), decrementing the TTL and using its own
IP ID outbound; everything else in the TCP header is kept unless a scenario
says otherwise.  Checksums are always correct.

The .expect file is derived from the scenario definition, not from any
analysis tool:
    handshakes N            TFO attempts (first SYN with a TFO option or data),
                            numbered by the time of their first LAN SYN
    verdict <n> <token>     the verdict handshake n is meant to show
    dropped <frame>         1-based frame number of a packet the gateway
                            received but did not forward
    expert <frame> <text>   an expert item the packet must carry, because
                            the scenario built it malformed
    row <n> ...             the handshake's -z tfo,nat row, from what the
                            scenario sent: LAN client, NAT address, server,
                            option kind, cookie, SYN data bytes LAN/WAN,
                            verdict, first frame, and for a failure the time
                            from the first LAN SYN to the first LAN SYN-ACK

Deterministic and stdlib-only (Python >= 3.7).
"""
import dataclasses
import ipaddress
import os
import struct
import sys
import zlib

MS, S = 1000, 1000000          # times are integer microseconds
FWD = 200                      # gateway forwarding delay
RTT = 50 * MS                  # gateway -> server -> gateway
ACK_DELAY = 3 * MS             # SYN-ACK -> client ACK
RTO = 1 * S                    # SYN / SYN-ACK retransmission timeout
EPOCH = 1700000000 * S         # capture start (2023-11-14 22:13:20 UTC)
M32 = 0xFFFFFFFF

SYN, PSH, ACK = 0x02, 0x08, 0x10
TFO_KIND = 34
REQ = b''                                  # TFO cookie request (length 2)
COOKIE = bytes.fromhex('1122334455667788') # the server's cookie for 203.0.113.1
DATA = b'GET / HTTP/1'                     # 12 bytes

CLIENT, NAT, SERVER = '192.168.1.10', '203.0.113.1', '198.51.100.20'
CLIENT6, SERVER6 = '2001:db8:1::10', '2001:db8:2::20'
SERVER_ISN = 0x5E4D3C2B
GW_LAN_MAC = bytes.fromhex('020000000101')
GW_WAN_MAC = bytes.fromhex('020000000201')
UPSTREAM_MAC = bytes.fromhex('0200000002fe')   # next hop towards the server


def client_mac(ip):
    return bytes.fromhex('02000000aa') + ipaddress.ip_address(ip).packed[-1:]


def tsval(host, t):
    """TCP timestamp clock of |host|: 1 kHz with a per-host offset."""
    return (zlib.crc32(host.encode()) & 0x0FFFFFFF) + t // MS


# ---------------------------------------------------------------- options

def o_mss(v):
    return struct.pack('!BBH', 2, 4, v)


def o_ts(val, ecr):
    return struct.pack('!BBII', 8, 10, val, ecr)


def o_tfo(cookie):
    return bytes([TFO_KIND, 2 + len(cookie)]) + cookie


def pack_opts(opts):
    """Each option is preceded by NOPs so that it ends on a 4-byte boundary."""
    return b''.join(b'\x01' * (-len(o) % 4) + o for o in opts)


def edit_tfo(opts, fn):
    return tuple(fn(o) if o[0] == TFO_KIND else o for o in opts)


def nops(opt):                 # replace an option by NOPs of the same length
    return b'\x01' * len(opt)


def mangle(opt):               # flip every cookie byte
    return opt[:2] + bytes(b ^ 0xFF for b in opt[2:])


# ---------------------------------------------------------------- packets

def csum(data):
    data += b'\0' * (len(data) % 2)
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


@dataclasses.dataclass
class Conn:
    verdict: str
    client: str
    cport: int
    nat_ip: str
    nat_port: int
    isn: int
    server: str
    sport: int = 80
    seq_off: int = 0           # gateway adds this to outbound seq numbers
    mss: int = 1460
    data: bytes = b''          # payload of the first SYN
    acked: int = 0             # data bytes the SYN-ACK acknowledged
    first_syn: 'Pkt' = None
    cli_ts: int = 0            # last TSval sent by each side
    srv_ts: int = 0
    reason: str = '-'          # why an unknown verdict is unknown (tfo.reason)


@dataclasses.dataclass
class Pkt:
    t: int
    iface: int
    src: str
    dst: str
    sport: int
    dport: int
    flags: int
    seq: int
    ack: int
    opts: tuple
    smac: bytes
    dmac: bytes
    conn: Conn
    payload: bytes = b''
    win: int = 64240
    ttl: int = 64
    idkey: str = None          # sender whose IP ID counter numbers this packet
    id_from: 'Pkt' = None      # ...or the packet whose IP ID is copied
    ipid: int = 0
    dropped: bool = False
    note: str = None           # expert item text this packet must get

    def to_bytes(self):
        src = ipaddress.ip_address(self.src).packed
        dst = ipaddress.ip_address(self.dst).packed
        opts = pack_opts(self.opts)
        assert len(opts) <= 40 and len(opts) % 4 == 0
        tcp = struct.pack('!HHIIHHHH', self.sport, self.dport, self.seq & M32,
                          self.ack & M32, (20 + len(opts)) // 4 << 12 | self.flags,
                          self.win, 0, 0) + opts + self.payload
        if len(src) == 4:
            pseudo = src + dst + struct.pack('!BBH', 0, 6, len(tcp))
        else:
            pseudo = src + dst + struct.pack('!I3xB', len(tcp), 6)
        tcp = tcp[:16] + struct.pack('!H', csum(pseudo + tcp)) + tcp[18:]
        if len(src) == 4:
            ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), self.ipid,
                             0x4000, self.ttl, 6, 0, src, dst)
            ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
            etype = 0x0800
        else:
            ip = struct.pack('!IHBB16s16s', 0x60000000, len(tcp), 6, self.ttl,
                             src, dst)
            etype = 0x86DD
        return self.dmac + self.smac + struct.pack('!H', etype) + ip + tcp


# ---------------------------------------------------------------- pcapng

def block(btype, body):
    body += b'\0' * (-len(body) % 4)
    return struct.pack('<II', btype, len(body) + 12) + body + \
        struct.pack('<I', len(body) + 12)


def option(code, value):
    return struct.pack('<HH', code, len(value)) + value + b'\0' * (-len(value) % 4)


END_OPT = b'\0\0\0\0'


def pcapng(ifnames, frames):
    out = [block(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1) +
                 option(4, b'tests/gen_captures.py') + END_OPT)]
    for name in ifnames:       # linktype Ethernet, snaplen 65535, us resolution
        out.append(block(1, struct.pack('<HHI', 1, 0, 65535) +
                         option(2, name.encode()) + END_OPT))
    for iface, ts, data, comment in frames:
        body = struct.pack('<IIIII', iface, ts >> 32, ts & M32, len(data), len(data))
        body += data + b'\0' * (-len(data) % 4)
        if comment:
            body += option(1, comment.encode()) + END_OPT
        out.append(block(6, body))
    return b''.join(out)


# ---------------------------------------------------------------- scenarios

class Scenario:
    def __init__(self, name, single=False):
        self.name, self.single = name, single
        self.pkts, self.conns = [], []
        self.next_port = 1

    def conn(self, verdict, client=CLIENT, server=SERVER, cport=None,
             nat_port=None, isn=None, nat=True, seq_off=0):
        if cport is None:
            cport, nat_port = 40000 + self.next_port, 50000 + self.next_port
            self.next_port += 1
        v6 = ':' in client
        c = Conn(verdict, client, cport, NAT if nat else client,
                 nat_port if nat else cport,
                 (0x3A000000 + cport * 0x10001) & M32 if isn is None else isn,
                 server, seq_off=seq_off, mss=1440 if v6 else 1460)
        self.conns.append(c)
        return c

    def _add(self, **kw):
        p = Pkt(**kw)
        self.pkts.append(p)
        return p

    def syn(self, c, t, tfo=None, data=b''):
        """LAN SYN from the client; tfo is None, REQ or a cookie."""
        c.cli_ts = tsval(c.client, t)
        opts = (o_mss(c.mss), o_ts(c.cli_ts, 0)) + \
            ((o_tfo(tfo),) if tfo is not None else ())
        p = self._add(t=t, iface=0, src=c.client, dst=c.server, sport=c.cport,
                      dport=c.sport, flags=SYN, seq=c.isn, ack=0, opts=opts,
                      payload=data, smac=client_mac(c.client), dmac=GW_LAN_MAC,
                      conn=c, idkey=c.client)
        if c.first_syn is None:
            c.first_syn, c.data = p, data
        return p

    def synack(self, c, t, acked=0, tfo=None, lan=False):
        """Server SYN-ACK acknowledging |acked| data bytes; on the WAN side,
        or (lan=True, single-interface captures) as seen after the gateway."""
        c.acked, c.srv_ts = acked, tsval(c.server, t)
        opts = (o_mss(c.mss), o_ts(c.srv_ts, c.cli_ts)) + \
            ((o_tfo(tfo),) if tfo is not None else ())
        common = dict(t=t, src=c.server, sport=c.sport, flags=SYN | ACK,
                      seq=SERVER_ISN, opts=opts, win=65160, conn=c)
        if lan:
            return self._add(iface=0, dst=c.client, dport=c.cport, ttl=63,
                             ack=c.isn + 1 + acked, smac=GW_LAN_MAC,
                             dmac=client_mac(c.client), idkey=c.server, **common)
        return self._add(iface=1, dst=c.nat_ip, dport=c.nat_port,
                         ack=c.isn + c.seq_off + 1 + acked, smac=UPSTREAM_MAC,
                         dmac=GW_WAN_MAC, idkey=c.server, **common)

    def ack(self, c, t):
        """LAN ACK completing the handshake, carrying any unacknowledged data."""
        c.cli_ts = tsval(c.client, t)
        data = c.data[c.acked:]
        return self._add(t=t, iface=0, src=c.client, dst=c.server, sport=c.cport,
                         dport=c.sport, flags=ACK | (PSH if data else 0),
                         seq=c.isn + 1 + c.acked, ack=SERVER_ISN + 1,
                         opts=(o_ts(c.cli_ts, c.srv_ts),), payload=data,
                         smac=client_mac(c.client), dmac=GW_LAN_MAC, conn=c,
                         idkey=c.client)

    def forward(self, p, **changes):
        """The gateway's twin of |p| on the other interface."""
        assert not self.single
        c = p.conn
        if p.iface == 0:       # outbound: source NAT, own IP ID
            q = dataclasses.replace(p, iface=1, src=c.nat_ip, sport=c.nat_port,
                                    seq=(p.seq + c.seq_off) & M32, smac=GW_WAN_MAC,
                                    dmac=UPSTREAM_MAC, idkey='gateway', id_from=None)
        else:                  # inbound: destination NAT, IP ID kept
            q = dataclasses.replace(p, iface=0, dst=c.client, dport=c.cport,
                                    ack=(p.ack - c.seq_off) & M32, smac=GW_LAN_MAC,
                                    dmac=client_mac(c.client), idkey=None, id_from=p)
        q = dataclasses.replace(q, t=p.t + FWD, ttl=p.ttl - 1, **changes)
        self.pkts.append(q)
        return q

    def drop(self, p):
        p.dropped = True
        return p

    # -- composite steps
    def answer(self, c, wan_syn, acked=0, tfo=None):
        """Server SYN-ACK one RTT after |wan_syn|, forwarded; client ACK, forwarded."""
        sa = self.forward(self.synack(c, wan_syn.t + RTT, acked, tfo))
        self.forward(self.ack(c, sa.t + ACK_DELAY))

    def cookie_request(self, c, t):
        """A complete handshake in which the client obtains COOKIE."""
        self.answer(c, self.forward(self.syn(c, t, REQ)), tfo=COOKIE)

    def drop_and_retry(self, c, syn):
        """The gateway drops |syn|; one RTO later a plain SYN passes."""
        self.drop(syn)
        self.answer(c, self.forward(self.syn(c, syn.t + RTO)))

    # -- output
    def write(self, outdir):
        pkts = sorted(self.pkts, key=lambda p: p.t)
        assert len({p.t for p in pkts}) == len(pkts), 'ambiguous packet order'
        counters = {}
        for p in pkts:         # IP IDs increment per sender in time order
            if p.id_from is not None:
                p.ipid = p.id_from.ipid
            else:
                p.ipid = counters.get(p.idkey, zlib.crc32(p.idkey.encode()) & 0xFFFF)
                counters[p.idkey] = (p.ipid + 1) & 0xFFFF
        frames = [(p.iface, EPOCH + p.t, p.to_bytes(),
                   'dropped by the gateway' if p.dropped else None) for p in pkts]
        ifnames = ['lan'] if self.single else ['lan', 'wan']
        with open(os.path.join(outdir, self.name + '.pcapng'), 'wb') as f:
            f.write(pcapng(ifnames, frames))

        def is_tfo(c):
            return bool(c.data) or any(o[0] == TFO_KIND for o in c.first_syn.opts)
        tfo = sorted((c for c in self.conns if is_tfo(c)), key=lambda c: c.first_syn.t)
        lines = ['handshakes %d' % len(tfo)]
        lines += ['verdict %d %s' % (i, c.verdict) for i, c in enumerate(tfo, 1)]
        lines += ['dropped %d' % n for n, p in enumerate(pkts, 1) if p.dropped]
        lines += ['expert %d %s' % (n, p.note) for n, p in enumerate(pkts, 1) if p.note]
        lines += ['row %d %s' % (i, row(c, pkts)) for i, c in enumerate(tfo, 1)]
        with open(os.path.join(outdir, self.name + '.expect'), 'w') as f:
            f.write('\n'.join(lines) + '\n')


def endpoint(ip, port):
    return ('[%s]:%d' if ':' in ip else '%s:%d') % (ipaddress.ip_address(ip), port)


def row(c, pkts):
    """The table row the scenario implies for connection |c| (see .expect)."""
    def first(iface, flags):
        return next((p for p in pkts if p.conn is c and p.iface == iface and p.flags == flags), None)
    lan_syn, wan_syn, lan_synack = first(0, SYN), first(1, SYN), first(0, SYN | ACK)
    tfo = next((o for o in lan_syn.opts if o[0] == TFO_KIND), None)
    cookie = '-' if tfo is None else 'request' if len(tfo) == 2 else \
        tfo[2:].hex() if 4 <= len(tfo) - 2 <= 16 and len(tfo) % 2 == 0 else 'invalid'
    cost = '-'
    if c.verdict not in ('passed', 'unknown') and lan_synack:
        us = lan_synack.t - lan_syn.t
        cost = '%d.%06ds' % (us // S, us % S)
    return ' '.join([
        endpoint(c.client, c.cport),
        endpoint(wan_syn.src, wan_syn.sport) if wan_syn else '-',
        endpoint(c.server, c.sport),
        str(TFO_KIND) if tfo else '-', cookie,
        '%d/%s' % (len(lan_syn.payload), len(wan_syn.payload) if wan_syn else '-'),
        c.verdict, str(pkts.index(lan_syn) + 1), cost, why_unknown(c)])


def why_unknown(c):
    """The table's last column: the reason of an unknown verdict, else "-"."""
    if (c.verdict == 'unknown') != (c.reason != '-'):
        raise ValueError('a connection with verdict %s and reason %s' % (c.verdict, c.reason))
    return c.reason


SCENARIOS = []


def scenario(single=False):
    def register(fn):
        SCENARIOS.append((fn.__name__.replace('_', '-'), single, fn))
        return fn
    return register


# 1: cookie request, the server grants a cookie.
@scenario()
def passed_cookie(s):
    s.cookie_request(s.conn('passed'), 0)


# 2: cookie + data, the server accepts the data.
@scenario()
def passed_data(s):
    c = s.conn('passed')
    s.answer(c, s.forward(s.syn(c, 0, COOKIE, DATA)), acked=len(DATA))


# 3: after a good cookie request, the gateway drops the data SYN; the plain
#    retransmission passes and the data goes with the ACK.
@scenario()
def syn_data_dropped(s):
    s.cookie_request(s.conn('passed'), 0)
    c = s.conn('syn-data-dropped')
    s.drop_and_retry(c, s.syn(c, 100 * MS, COOKIE, DATA))


# 4: the gateway drops a cookie-request SYN (no data); the plain retry passes.
@scenario()
def syn_dropped(s):
    s.cookie_request(s.conn('passed'), 0)
    c = s.conn('syn-dropped')
    s.drop_and_retry(c, s.syn(c, 100 * MS, REQ))


# 5: the data SYN passes, the first SYN-ACK is dropped inbound, the server's
#    retransmission passes.
@scenario()
def synack_dropped(s):
    c = s.conn('synack-dropped')
    wsyn = s.forward(s.syn(c, 0, COOKIE, DATA))
    sa = s.drop(s.synack(c, wsyn.t + RTT, len(DATA)))
    sa = s.forward(s.synack(c, sa.t + RTO, len(DATA)))
    s.forward(s.ack(c, sa.t + ACK_DELAY))


# 6: the gateway overwrites the TFO option with NOPs; the server ignores the data.
@scenario()
def option_stripped(s):
    c = s.conn('option-stripped')
    syn = s.syn(c, 0, COOKIE, DATA)
    s.answer(c, s.forward(syn, opts=edit_tfo(syn.opts, nops)))


# 7: the gateway keeps the option but removes the SYN payload.
@scenario()
def data_stripped(s):
    c = s.conn('data-stripped')
    s.answer(c, s.forward(s.syn(c, 0, COOKIE, DATA), payload=b''))


# 8: the gateway corrupts the cookie; the server rejects it and sends its
#    (valid) cookie again in the SYN-ACK.
@scenario()
def cookie_mangled(s):
    c = s.conn('cookie-mangled')
    syn = s.syn(c, 0, COOKIE, DATA)
    s.answer(c, s.forward(syn, opts=edit_tfo(syn.opts, mangle)), tfo=COOKIE)


# 9: the data SYN passes intact but the server does not acknowledge the data.
@scenario()
def data_ignored(s):
    c = s.conn('data-ignored')
    s.answer(c, s.forward(s.syn(c, 0, COOKIE, DATA)))


# 10: the gateway shifts client sequence numbers by 2^31; the LAN ack of the
#     SYN-ACK wraps to 0x00000005.
@scenario()
def seq_rewritten(s):
    c = s.conn('passed', isn=0xFFFFFFF0, seq_off=0x80000000)
    data = b'GET / HTTP/1.1\r\nHost'                     # 20 bytes
    s.answer(c, s.forward(s.syn(c, 0, COOKIE, data)), acked=len(data))


# 11: the capture ends right after a data SYN.
@scenario()
def capture_ends(s):
    s.cookie_request(s.conn('passed'), 0)
    c = s.conn('unknown')
    c.reason = 'window-open'
    s.syn(c, 100 * MS, COOKIE, DATA)


# 12: LAN side only: the data SYN gets no answer, the plain retry does.
@scenario(single=True)
def one_sided_lost(s):
    c = s.conn('syn-data-lost')
    syn = s.syn(c, 0, COOKIE, DATA)
    s.syn(c, syn.t + RTO)
    sa = s.synack(c, syn.t + RTO + 30 * MS, lan=True)
    s.ack(c, sa.t + ACK_DELAY)


# 13: clients .11-.16 start 5 ms apart; the data SYNs of .12 and .15 are
#     dropped (handshakes 2 and 5), the others pass (1, 3, 4, 6).
@scenario()
def many_clients(s):
    for i, host in enumerate(range(11, 17)):
        verdict = 'syn-data-dropped' if host in (12, 15) else 'passed'
        c = s.conn(verdict, client='192.168.1.%d' % host,
                   cport=40000 + host, nat_port=50000 + host)
        syn = s.syn(c, i * 5 * MS, COOKIE, DATA)
        if verdict == 'passed':
            s.answer(c, s.forward(syn), acked=len(DATA))
        else:
            s.drop_and_retry(c, syn)


# 14: IPv6 through a routing firewall (no NAT): cookie request passes, the
#     data SYN is dropped, the plain retry passes.
@scenario()
def ipv6_no_nat(s):
    s.cookie_request(s.conn('passed', CLIENT6, SERVER6, nat=False), 0)
    c = s.conn('syn-data-dropped', CLIENT6, SERVER6, nat=False)
    s.drop_and_retry(c, s.syn(c, 100 * MS, COOKIE, DATA))


# 15: a TFO option of length 5 (an odd 3-byte cookie) is invalid: reported on
#     both copies, and the handshake cannot be judged.
@scenario()
def invalid_option(s):
    c = s.conn('unknown')
    c.reason = 'invalid-option'
    syn = s.syn(c, 0, b'\x01\x02\x03')
    syn.note = 'Invalid Fast Open option'
    s.answer(c, s.forward(syn))


# 16: the cookie request passes, but the gateway overwrites the cookie in the
#     SYN-ACK with NOPs on its way back.
@scenario()
def synack_option_stripped(s):
    c = s.conn('option-stripped')
    wsyn = s.forward(s.syn(c, 0, REQ))
    sa = s.synack(c, wsyn.t + RTT, tfo=COOKIE)
    sa = s.forward(sa, opts=edit_tfo(sa.opts, nops))
    s.forward(s.ack(c, sa.t + ACK_DELAY))


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), 'captures')
    os.makedirs(outdir, exist_ok=True)
    for name, single, build in SCENARIOS:
        s = Scenario(name, single)
        build(s)
        s.write(outdir)
        print(os.path.join(outdir, name + '.pcapng'))


if __name__ == '__main__':
    main()
