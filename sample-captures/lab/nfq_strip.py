#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A userspace gateway rule for the lab: takes the IPv4 TCP packets that
iptables hands to NFQUEUE queue QUEUE, removes their payload (keeping the
IP and TCP headers, options included), fixes the lengths and checksums and
gives them back to the kernel. Python 3 standard library only: it speaks
nfnetlink_queue over a raw netlink socket.

  nfq_strip.py QUEUE      runs until killed; prints "bound" once ready
"""
import socket
import struct
import sys

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS = 1, 2
NFQA_PACKET_HDR, NFQA_VERDICT_HDR, NFQA_PAYLOAD = 1, 2, 10
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_PACKET = 2
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NF_ACCEPT = 1


def attr(atype, data):
    return struct.pack('=HH', 4 + len(data), atype) + data + b'\0' * (-len(data) % 4)


def message(mtype, queue, attrs, flags=NLM_F_REQUEST):
    body = struct.pack('=BBH', socket.AF_UNSPEC, 0, socket.htons(queue)) + b''.join(attrs)
    return struct.pack('=IHHII', 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | mtype, flags, 0, 0) + body


def attrs_of(data):
    out, i = {}, 0
    while i + 4 <= len(data):
        alen, atype = struct.unpack_from('=HH', data, i)
        if alen < 4:
            break
        out[atype & 0x7fff] = data[i + 4:i + alen]
        i += (alen + 3) & ~3
    return out


def checksum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def strip_payload(pkt):
    """The packet without its TCP payload (IPv4), or unchanged."""
    if len(pkt) < 20 or pkt[0] >> 4 != 4 or pkt[9] != 6:
        return pkt
    ihl = (pkt[0] & 0xf) * 4
    doff = (pkt[ihl + 12] >> 4) * 4
    total = ihl + doff
    if len(pkt) <= total:
        return pkt
    ip = bytearray(pkt[:ihl])
    ip[2:4] = struct.pack('!H', total)
    ip[10:12] = b'\0\0'
    ip[10:12] = struct.pack('!H', checksum(bytes(ip)))
    tcp = bytearray(pkt[ihl:total])
    tcp[16:18] = b'\0\0'
    pseudo = bytes(ip[12:20]) + struct.pack('!BBH', 0, 6, len(tcp))
    tcp[16:18] = struct.pack('!H', checksum(pseudo + bytes(tcp)))
    return bytes(ip) + bytes(tcp)


def bind(queue, copy_mode, copy_range):
    """A netlink socket bound to NFQUEUE |queue|, copying |copy_range| bytes
    of each packet (|copy_mode|)."""
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    s.bind((0, 0))
    for a in (attr(NFQA_CFG_CMD, struct.pack('!BxH', NFQNL_CFG_CMD_BIND, 0)),
              attr(NFQA_CFG_PARAMS, struct.pack('!IB', copy_range, copy_mode))):
        s.send(message(NFQNL_MSG_CONFIG, queue, [a], NLM_F_REQUEST | NLM_F_ACK))
        reply = s.recv(65536)
        mtype = struct.unpack_from('=IH', reply)[1]
        if mtype == NLMSG_ERROR and struct.unpack_from('=i', reply, 16)[0] != 0:
            raise OSError('netlink error %d' % -struct.unpack_from('=i', reply, 16)[0])
    return s


def queued(data):
    """(packet id, attributes) of each NFQNL_MSG_PACKET message in one netlink read."""
    i = 0
    while i + 16 <= len(data):
        mlen, mtype = struct.unpack_from('=IH', data, i)
        if mlen < 16:
            break
        if mtype == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
            a = attrs_of(data[i + 20:i + mlen])
            yield struct.unpack('!I', a[NFQA_PACKET_HDR][:4])[0], a
        i += (mlen + 3) & ~3


def main(argv):
    if len(argv) != 1:
        sys.stderr.write(__doc__)
        return 2
    queue = int(argv[0])
    try:
        s = bind(queue, NFQNL_COPY_PACKET, 0xffff)
    except OSError as e:
        sys.stderr.write('nfq_strip: %s\n' % e)
        return 1
    print('bound to queue %d' % queue, flush=True)
    while True:
        for packet_id, a in queued(s.recv(262144)):
            payload = a.get(NFQA_PAYLOAD, b'')
            new = strip_payload(payload)
            verdict = [attr(NFQA_VERDICT_HDR, struct.pack('!II', NF_ACCEPT, packet_id))]
            if new != payload:
                verdict.append(attr(NFQA_PAYLOAD, new))
                print('stripped %d bytes from a packet' % (len(payload) - len(new)), flush=True)
            s.send(message(NFQNL_MSG_VERDICT, queue, verdict))


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(0)
