#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Adds frame comments and a capture comment to a pcapng file, keeping every
other block byte for byte (Python 3 standard library only).

  pcapng_comment.py IN OUT COMMENTS [CAPTURE_COMMENT]

COMMENTS holds "FRAME<TAB>TEXT" lines (FRAME counted from 1 over the packet
blocks, in file order, as Wireshark numbers frames). Each such frame, which
must be an Enhanced Packet Block, gets an opt_comment option; the first
Section Header Block gets CAPTURE_COMMENT as its opt_comment. Blocks are
not reordered and none is dropped: editcap (Wireshark 4.0) writes no
Interface Statistics Blocks, which is why the lab does not use it.
"""
import struct
import sys

SHB, IDB, PB, SPB, EPB = 0x0A0D0D0A, 1, 2, 3, 6
OPT_ENDOFOPT, OPT_COMMENT = 0, 1


def pad4(n):
    return (n + 3) & ~3


def with_comment(options, text, bo):
    """The options area |options| with an opt_comment |text| added before
    its end-of-options (or an end-of-options added when there was none)."""
    value = text.encode()
    opt = struct.pack(bo + 'HH', OPT_COMMENT, len(value)) + value + b'\0' * (pad4(len(value)) - len(value))
    i = 0
    while i + 4 <= len(options):
        code, length = struct.unpack_from(bo + 'HH', options, i)
        if code == OPT_ENDOFOPT:
            return options[:i] + opt + options[i:]
        i += 4 + pad4(length)
    if i != len(options):
        raise ValueError('options area of %d bytes ends inside an option' % len(options))
    return options + opt + struct.pack(bo + 'HH', OPT_ENDOFOPT, 0)


def block(btype, body, bo):
    total = 12 + len(body)
    return struct.pack(bo + 'II', btype, total) + body + struct.pack(bo + 'I', total)


def rewrite(data, comments, capture_comment):
    out, i, frame, bo, first_shb, done = [], 0, 0, '<', True, set()
    while i < len(data):
        if len(data) - i < 12:
            raise ValueError('%d stray bytes at the end' % (len(data) - i))
        btype = struct.unpack_from('<I', data, i)[0]
        if btype == SHB:
            bo = '<' if data[i + 8:i + 12] == b'\x4d\x3c\x2b\x1a' else '>'
        total = struct.unpack_from(bo + 'I', data, i + 4)[0]
        if total < 12 or total % 4 or i + total > len(data):
            raise ValueError('block at offset %d has length %d' % (i, total))
        raw, body = data[i:i + total], data[i + 8:i + total - 4]
        i += total
        if btype == SHB and first_shb and capture_comment:
            first_shb = False
            fixed, section_len = body[:8], struct.unpack_from(bo + 'q', body, 8)[0]
            new = fixed + body[8:16] + with_comment(body[16:], capture_comment, bo)
            if section_len != -1:        # the section grows by what was added
                new = new[:8] + struct.pack(bo + 'q', section_len + len(new) - len(body)) + new[16:]
            out.append(block(btype, new, bo))
            continue
        if btype in (PB, SPB, EPB):
            frame += 1
            if frame in comments:
                if btype != EPB:
                    raise ValueError('frame %d is not an Enhanced Packet Block' % frame)
                caplen = struct.unpack_from(bo + 'I', body, 12)[0]
                end = 20 + pad4(caplen)
                body = body[:end] + with_comment(body[end:], comments[frame], bo)
                out.append(block(btype, body, bo))
                done.add(frame)
                continue
        out.append(raw)
    missing = sorted(set(comments) - done)
    if missing:
        raise ValueError('no frames %s in the file (%d frames)' % (missing, frame))
    return b''.join(out)


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    comments = {}
    with open(argv[2]) as f:
        for line in f:
            if line.strip():
                frame, text = line.rstrip('\n').split('\t', 1)
                comments[int(frame)] = text
    with open(argv[0], 'rb') as f:
        data = f.read()
    try:
        new = rewrite(data, comments, argv[3] if len(argv) == 4 else '')
    except ValueError as e:
        sys.stderr.write('pcapng_comment.py: %s: %s\n' % (argv[0], e))
        return 1
    with open(argv[1], 'wb') as f:
        f.write(new)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
