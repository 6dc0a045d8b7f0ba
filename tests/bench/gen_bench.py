#!/usr/bin/env python3
"""Write a large two-interface pcapng capture through a NAT, for benchmarks.

Usage:
    python3 tests/bench/gen_bench.py N OUT.pcapng

Writes at least N packets (connections are generated until N packets exist,
then every started connection is completed).  Deterministic: fixed seed, so
the same N always gives the same file.  Stdlib only (Python >= 3.7).

Same model as tests/gen_captures.py: interface 0 "lan", interface 1 "wan";
LAN clients 192.168.0.0/16 share the NAT address 203.0.113.1 with port
remapping; the gateway forwards every packet it does not drop 200 us later
on the other interface (outbound: source address/port rewritten, TTL - 1,
the gateway's own IP ID; inbound: destination rewritten, TTL - 1, IP ID
kept).  Ethernet/IPv4/TCP with valid IP and TCP checksums and TCP
timestamps on every segment.

Connection kinds (each: handshake, 1-3 request segments from the client,
1-8 response segments from the server with an ACK from the client every
second segment, FIN from the client, FIN from the server, final ACK):
    plain     no Fast Open option at all                          (~80 %)
    request   SYN asks for a cookie (kind 34, length 2), the
              SYN-ACK grants an 8-byte cookie                     (~8 %)
    data      SYN with the cookie and data, the SYN-ACK
              acknowledges the data                               (~8 %)
    dropped   SYN with cookie and data seen on the LAN only (the
              gateway drops it); 1 s later the plain SYN
              retransmission passes, the data goes with the ACK   (~4 %)
Connections start 2 ms apart on average (exponential), so several hundred
overlap; 64 servers (port 443) with RTTs of 5-150 ms, 2000 LAN hosts.
Every payload is one TLS application-data record of pseudo-random bytes.

The mix is printed to stderr; the last stderr line is machine-readable:
    expect handshakes=H passed=P syn-data-dropped=D packets=N
(the verdicts the scenario was built to show: request and data connections
pass, dropped connections are syn-data-dropped).
"""
import heapq
import os
import random
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
# The crafted captures' time scale, gateway addresses and pcapng blocks.
from gen_captures import (ACK, EPOCH, FWD, GW_LAN_MAC, GW_WAN_MAC, M32, MS, PSH, RTO, S, SYN,  # noqa: E402
                          UPSTREAM_MAC, block, option)

SEED = 20240505
# Times are integer microseconds (MS, S from gen_captures).
MEAN_GAP = 2 * MS              # mean time between connection starts
N_HOSTS, N_SERVERS = 2000, 64

FIN = 0x01
KINDS = ('plain', 'request', 'data', 'dropped')
WEIGHTS = (80, 8, 8, 4)

NAT = bytes([203, 0, 113, 1])
LAN, WAN = 0, 1

# ------------------------------------------------------------ option templates
# Each template: option bytes with the TCP timestamp at ts_off and the cookie
# (if any) at ck_off.  SYN and SYN-ACK: MSS, SACK permitted, timestamps,
# NOP, window scale (the Linux layout), then the Fast Open option padded with
# NOPs in front.  Other segments: NOP NOP timestamps.
_BASE_SYN = struct.pack('!BBH', 2, 4, 1460) + b'\x04\x02' + \
    struct.pack('!BBII', 8, 10, 0, 0) + b'\x01' + b'\x03\x03\x07'
O_DATA, O_SYN, O_REQ, O_COOKIE = range(4)
OPTS = {
    O_DATA: (b'\x01\x01' + struct.pack('!BBII', 8, 10, 0, 0), 4, None),
    O_SYN: (_BASE_SYN, 8, None),
    O_REQ: (_BASE_SYN + b'\x01\x01\x22\x02', 8, None),
    O_COOKIE: (_BASE_SYN + b'\x01\x01\x22\x0a' + bytes(8), 8, 24),
}
for _o, _ts, _ck in OPTS.values():
    assert len(_o) % 4 == 0 and len(_o) <= 40

# Payload source: pseudo-random bytes; every segment (SYN data included) is
# one TLS application-data record (type 23, TLS 1.2 header, then a slice of
# this), so tshark's TLS dissector sees whole records and no heuristics fire.
_prng = random.Random(SEED ^ 0x5A5A)
PAYLOAD = bytes(_prng.randrange(256) for _ in range(4096))
TLS_HDR = struct.Struct('!BHH')
MSS = 1448


class World:
    def __init__(self, rng):
        self.rng = rng
        self.hosts = []
        for i in range(N_HOSTS):
            ip = bytes([192, 168, 1 + i // 250, 2 + i % 250])
            self.hosts.append([ip, bytes.fromhex('02aa') + ip,
                               rng.randrange(32768, 61000),   # next ephemeral port
                               rng.randrange(1 << 28)])       # TS clock offset
        self.servers = []
        for i in range(N_SERVERS):
            ip = bytes([198, 51, 100, 10 + i]) if i < 32 else \
                bytes([192, 0, 2, 10 + i - 32])
            self.servers.append((ip, 443,
                                 rng.randrange(5, 150) * MS,            # RTT
                                 rng.randrange(1 << 28),                # TS offset
                                 bytes(rng.randrange(256) for _ in range(8))))  # cookie
        self.nat_port = 1024


def build_conn(w, kind, t0):
    """All packets of one connection (both interfaces), sorted by time.
    A packet: (t, iface, src, dst, sport, dport, seq, ack, flags, opt,
               tsval, tsecr, cookie, plen, poff, ipid, ttl, smac, dmac)
    ipid None = the gateway's counter (assigned when written)."""
    rng = w.rng
    host = w.hosts[rng.randrange(N_HOSTS)]
    cip, cmac, cport, cts0 = host
    host[2] = cport + 1 if cport < 60999 else 32768
    sip, sport, rtt0, sts0, cookie = w.servers[rng.randrange(N_SERVERS)]
    nport = w.nat_port
    w.nat_port = nport + 1 if nport < 65535 else 1024
    rtt = rtt0 + rng.randrange(0, 5 * MS)
    cisn, sisn = rng.getrandbits(32), rng.getrandbits(32)
    cid, sid = rng.randrange(65536), rng.randrange(65536)
    pk = []
    st = {'cid': cid, 'sid': sid, 'cts': 0, 'sts': 0}

    def client(t, flags, seq, ack, opt, plen=0, ck=None, forward=True):
        tsval = (cts0 + t // MS) & M32
        st['cts'] = tsval
        ipid = st['cid']
        st['cid'] = (ipid + 1) & 0xFFFF
        poff = rng.randrange(2048)
        pk.append((t, LAN, cip, sip, cport, sport, seq & M32, ack & M32, flags,
                   opt, tsval, st['sts'], ck, plen, poff, ipid, 64, cmac, GW_LAN_MAC))
        if forward:
            pk.append((t + FWD, WAN, NAT, sip, nport, sport, seq & M32, ack & M32,
                       flags, opt, tsval, st['sts'], ck, plen, poff, None, 63,
                       GW_WAN_MAC, UPSTREAM_MAC))
        return t + FWD

    def server(t, flags, seq, ack, opt, plen=0, ck=None):
        tsval = (sts0 + t // MS) & M32
        st['sts'] = tsval
        ipid = st['sid']
        st['sid'] = (ipid + 1) & 0xFFFF
        poff = rng.randrange(2048)
        pk.append((t, WAN, sip, NAT, sport, nport, seq & M32, ack & M32, flags,
                   opt, tsval, st['cts'], ck, plen, poff, ipid, 52,
                   UPSTREAM_MAC, GW_WAN_MAC))
        pk.append((t + FWD, LAN, sip, cip, sport, cport, seq & M32, ack & M32,
                   flags, opt, tsval, st['cts'], ck, plen, poff, ipid, 51,
                   GW_LAN_MAC, cmac))
        return t + FWD

    t = t0
    cseq, sseq = cisn + 1, sisn + 1
    syn_data = rng.randrange(60, 400) if kind in ('data', 'dropped') else 0
    if kind == 'plain':
        wt = client(t, SYN, cisn, 0, O_SYN)
    elif kind == 'request':
        wt = client(t, SYN, cisn, 0, O_REQ)
    else:
        wt = client(t, SYN, cisn, 0, O_COOKIE, syn_data, cookie,
                    forward=kind == 'data')
        if kind == 'dropped':        # plain SYN retransmission passes
            t += RTO
            wt = client(t, SYN, cisn, 0, O_SYN)
    acked = syn_data if kind == 'data' else 0
    lt = server(wt + rtt, SYN | ACK, sisn, cisn + 1 + acked,
                O_COOKIE if kind == 'request' else O_SYN,
                ck=cookie if kind == 'request' else None)
    t = lt + rng.randrange(50, 400)
    cseq += acked
    pending = syn_data - acked       # SYN data not acknowledged: sent with the ACK
    client(t, ACK | (PSH if pending else 0), cseq, sseq, O_DATA, pending)
    cseq += pending
    for i in range(rng.randrange(1, 4)):         # request segments
        t += rng.randrange(30, 300)
        n = rng.randrange(80, 700)
        wt = client(t, ACK | PSH, cseq, sseq, O_DATA, n)
        cseq += n
    t = wt + rtt + rng.randrange(100, 5 * MS)    # server's response on the WAN
    nseg = rng.randrange(1, 9)
    for i in range(nseg):
        n = MSS if i < nseg - 1 else rng.randrange(100, MSS + 1)
        lt = server(t, ACK | (PSH if i == nseg - 1 else 0), sseq, cseq, O_DATA, n)
        sseq += n
        if i % 2 == 1 or i == nseg - 1:          # client ACKs every 2nd segment
            client(lt + rng.randrange(20, 120), ACK, cseq, sseq, O_DATA)
        t += rng.randrange(100, 1500)
    t = lt + rng.randrange(1 * MS, 30 * MS)
    wt = client(t, FIN | ACK, cseq, sseq, O_DATA)
    cseq += 1
    lt = server(wt + rtt, FIN | ACK, sseq, cseq, O_DATA)
    sseq += 1
    client(lt + rng.randrange(20, 200), ACK, cseq, sseq, O_DATA)
    pk.sort(key=lambda p: p[0])  # stable: a packet stays before its twin
    return pk


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: gen_bench.py N OUT.pcapng')
    target, out_path = int(sys.argv[1]), sys.argv[2]
    started = time.monotonic()
    rng = random.Random(SEED)
    w = World(rng)

    # ---------------------------------------------------------- pcapng output
    out = open(out_path, 'wb', buffering=1 << 20)

    out.write(block(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1) +
                    option(4, b'tests/bench/gen_bench.py') + b'\0' * 4))
    for name in (b'lan', b'wan'):
        out.write(block(1, struct.pack('<HHI', 1, 0, 65535) + option(2, name) + b'\0' * 4))

    buf = bytearray(2048)
    mv = memoryview(buf)
    buf[40:42] = b'\x08\x00'
    hdr = struct.Struct('<IIIIIII6s6s')          # EPB header + MACs
    iph = struct.Struct('!BBHHHBBH4s4sHHIIHHHH')  # IP + TCP headers (at 42)
    u16 = struct.Struct('!H')
    ts2 = struct.Struct('!II')
    u32 = struct.Struct('<I')
    tls = TLS_HDR
    opts = OPTS
    payload = PAYLOAD
    gw_id = 0x1234
    written = 0

    def write(p):
        nonlocal gw_id, written
        (t, iface, src, dst, sport, dport, seq, ack, flags, opt, tsval, tsecr,
         ck, plen, poff, ipid, ttl, smac, dmac) = p
        if ipid is None:
            ipid = gw_id
            gw_id = (gw_id + 1) & 0xFFFF
        otmpl, ts_off, ck_off = opts[opt]
        olen = len(otmpl)
        tcplen = 20 + olen + plen
        caplen = 34 + tcplen
        blen = 28 + caplen + (-caplen % 4) + 4
        ts = EPOCH + t
        hdr.pack_into(buf, 0, 6, blen, iface, ts >> 32, ts & M32, caplen, caplen,
                      dmac, smac)
        iph.pack_into(buf, 42, 0x45, 0, 20 + tcplen, ipid, 0x4000, ttl, 6, 0,
                      src, dst, sport, dport, seq, ack,
                      (20 + olen) << 10 | flags,
                      (65160 if flags & ACK else 64240) if flags & SYN else 502, 0, 0)
        o = 82
        buf[o:o + olen] = otmpl
        ts2.pack_into(buf, o + ts_off, tsval, tsecr)
        if ck is not None:
            buf[o + ck_off:o + ck_off + 8] = ck
        o += olen
        if plen:
            buf[o:o + plen] = payload[poff:poff + plen]
            tls.pack_into(buf, o, 23, 0x0303, plen - 5)
        end = 62 + tcplen
        # ones' complement sum == value mod 0xFFFF (65536 = 1 mod 65535)
        s = int.from_bytes(mv[54:end], 'big')          # src, dst, TCP segment
        if tcplen & 1:
            s <<= 8                                    # pad the odd byte
        r = (s + 6 + tcplen) % 0xFFFF
        u16.pack_into(buf, 78, 0xFFFF - r if r else 0)
        r = int.from_bytes(mv[42:62], 'big') % 0xFFFF
        u16.pack_into(buf, 52, 0xFFFF - r if r else 0)
        pad = blen - 4 - 28 - caplen
        if pad:
            buf[end:end + pad] = b'\0' * pad
        u32.pack_into(buf, blen - 4, blen)
        out.write(mv[:blen])
        written += 1

    # ---------------------------------------------------------- time-ordered merge
    counts = dict.fromkeys(KINDS, 0)
    generated = 0
    heap = []            # (t, serial, packets, index)
    serial = 0
    t_next = 0
    while True:
        # start connections until the next start is after the earliest pending packet
        while generated < target and (not heap or t_next <= heap[0][0]):
            kind = rng.choices(KINDS, WEIGHTS)[0]
            pk = build_conn(w, kind, t_next)
            counts[kind] += 1
            generated += len(pk)
            heapq.heappush(heap, (pk[0][0], serial, pk, 0))
            serial += 1
            t_next += max(1, int(rng.expovariate(1 / MEAN_GAP)))
        if not heap:
            break
        t, _, pk, i = heap[0]
        write(pk[i])
        i += 1
        if i < len(pk):
            heapq.heapreplace(heap, (pk[i][0], serial, pk, i))
            serial += 1
        else:
            heapq.heappop(heap)
    out.close()

    hs = counts['request'] + counts['data'] + counts['dropped']
    el = time.monotonic() - started
    print('gen_bench: %s: %d packets, %d connections in %.1f s of capture '
          '(generated in %.1f s)' % (out_path, written, sum(counts.values()),
                                     t_next / S, el), file=sys.stderr)
    for k in KINDS:
        print('  %-8s %7d connections' % (k, counts[k]), file=sys.stderr)
    print('expect handshakes=%d passed=%d syn-data-dropped=%d packets=%d'
          % (hs, counts['request'] + counts['data'], counts['dropped'], written),
          file=sys.stderr)


if __name__ == '__main__':
    main()
