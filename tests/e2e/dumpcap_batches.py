#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes a pcapng the way dumpcap writes a capture of several interfaces:
each interface's packets in time order, the interfaces in batches, so that
the file steps back in time at every batch (and a copy forwarded by the
gateway often comes before its original).

Usage: dumpcap_batches.py IN.pcapng OUT.pcapng [BATCH_MS]

Every block is copied byte for byte; only the order of the enhanced packet
blocks changes: time is cut into BATCH_MS slices (default 5), and in each
slice the interfaces' packets are written one interface after the other,
the interface that starts changing from slice to slice. One section only.
"""
import struct
import sys


def blocks(data):
    off = 0
    while off < len(data):
        btype, blen = struct.unpack_from('<II', data, off)
        yield btype, data[off:off + blen]
        off += blen


def main():
    src, dst = sys.argv[1:3]
    batch_ns = int(float(sys.argv[3]) * 1e6) if len(sys.argv) > 3 else 5_000_000
    head, packets, tail = [], [], []
    with open(src, 'rb') as f:
        data = f.read()
    for btype, raw in blocks(data):
        if btype == 6:
            iface, hi, lo = struct.unpack_from('<III', raw, 8)
            packets.append((iface, (hi << 32 | lo) * 1000, raw))  # microsecond resolution
        elif packets:
            tail.append(raw)
        else:
            head.append(raw)
    ifaces = sorted({p[0] for p in packets})
    slices = {}
    for order, (iface, ts, raw) in enumerate(packets):
        slices.setdefault(ts // batch_ns, {}).setdefault(iface, []).append((ts, order, raw))
    out = list(head)
    for n, k in enumerate(sorted(slices)):
        turn = ifaces[n % len(ifaces):] + ifaces[:n % len(ifaces)]
        for iface in turn:
            out.extend(raw for _, _, raw in sorted(slices[k].get(iface, [])))
    out.extend(tail)
    with open(dst, 'wb') as f:
        f.write(b''.join(out))


if __name__ == '__main__':
    main()
