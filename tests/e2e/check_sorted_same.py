#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks that the plugin gives a raw dumpcap recording the same results as
its copy sorted by reordercap: file order must not change a verdict.

Usage: check_sorted_same.py BUILD_DIR CAPTURE...

For each CAPTURE (a two-interface pcapng as dumpcap writes it):
* it must be raw: an Interface Statistics Block for every interface, and
  frames not in time order (a file already sorted would prove nothing);
* reordercap sorts a copy;
* tshark with the built plugin runs -q -z tfo,nat on both, single pass and
  -2. Handshake numbers and the Frame column are frame-order facts, so the
  rows are compared without them, as multisets of (LAN client, WAN address,
  server, kind, cookie, data, verdict, fallback cost); the gateway summary
  lines must be equal too;
* with -2, the packets carrying tfo.nat_dropped must be the same packets,
  matched between the files by interface and time stamp (plain tshark).
Exit status 0 when every capture gives the same results both ways, 1 if not,
2 on usage errors.
"""
import collections
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, '..', '..', 'scripts', 'tshark-with-plugin')
LABELS = ('#', 'LAN client', 'WAN (NAT) address', 'Server', 'Kind', 'Cookie', 'Data L/W', 'Verdict',
          'Frame', 'Fallback cost', 'Why unknown')
IGNORED = ('#', 'Frame')          # columns that depend on frame order


def plugin(build, capture, *args):
    proc = subprocess.run([RUNNER, build, capture, *args], capture_output=True, text=True)
    if proc.returncode != 0 or proc.stderr.strip():
        raise RuntimeError('tshark %s on %s: exit %d: %s' % (' '.join(args), capture, proc.returncode,
                                                            proc.stderr.strip()))
    return proc.stdout


def table(build, capture, two_pass):
    """(Counter of rows without the IGNORED columns, summary lines)."""
    text = plugin(build, capture, *(['-2'] if two_pass else []), '-q', '-z', 'tfo,nat')
    lines = text.splitlines()
    heads = [i for i, line in enumerate(lines) if line.startswith('#    ')]
    if len(heads) != 1:
        raise RuntimeError('no tfo,nat table header in the output of %s' % capture)
    header = lines[heads[0]]
    # the columns (fixed width), each from where its label starts
    cols, at = [], 0
    for label in LABELS:
        at = header.find(label, at)
        if at < 0:
            raise RuntimeError('the tfo,nat table has no column "%s": %s' % (label, header))
        cols.append((at, label))
        at += len(label)
    rows, summary = collections.Counter(), []
    for line in lines[heads[0] + 1:]:
        if not line.strip() or line.startswith('='):
            continue
        if not line.split()[0].isdigit():
            summary.append(' '.join(line.split()))
            continue
        cells = []
        for n, (start, name) in enumerate(cols):
            end = cols[n + 1][0] if n + 1 < len(cols) else len(line)
            if name not in IGNORED:
                cells.append('%s=%s' % (name, line[start:end].strip()))
        rows[' | '.join(cells)] += 1
    return rows, summary


def frame_keys(capture):
    """{frame number: (interface id, time stamp)} with plain tshark."""
    out = subprocess.run(['tshark', '-r', capture, '-T', 'fields', '-e', 'frame.number',
                          '-e', 'frame.interface_id', '-e', 'frame.time_epoch'],
                         capture_output=True, text=True, check=True).stdout
    return {int(n): (i, t) for n, i, t in (line.split('\t') for line in out.splitlines())}


def dropped(build, capture, keys):
    """The packets (interface, time stamp) that carry tfo.nat_dropped with -2."""
    out = plugin(build, capture, '-2', '-Y', 'tfo.nat_dropped', '-T', 'fields', '-e', 'frame.number')
    return sorted(keys[int(n)] for n in out.split())


def raw_problems(capture, keys):
    """What shows that |capture| (frames |keys|) is not dumpcap's raw file:
    an empty list if nothing does."""
    with open(capture, 'rb') as f:
        data = f.read()
    interfaces, isbs, i, bo = 0, set(), 0, '<'
    while i + 12 <= len(data):
        btype = struct.unpack_from('<I', data, i)[0]
        if btype == 0x0A0D0D0A:
            bo = '<' if data[i + 8:i + 12] == b'\x4d\x3c\x2b\x1a' else '>'
            interfaces = 0      # interface ids start again in each section
        length = struct.unpack_from(bo + 'I', data, i + 4)[0]
        if length < 12:
            return ['block at offset %d has length %d' % (i, length)]
        if btype == 1:
            interfaces += 1
        elif btype == 5:
            isbs.add(struct.unpack_from(bo + 'I', data, i + 8)[0])
        i += length
    problems = []
    if interfaces < 2:
        problems.append('%d interfaces, expected two' % interfaces)
    missing = sorted(set(range(interfaces)) - isbs)
    if missing:
        problems.append('no interface statistics block for interface %s' % missing)
    times = [float(keys[n][1]) for n in sorted(keys)]
    if all(a <= b for a, b in zip(times, times[1:])):
        problems.append('frames already in time order: the comparison would prove nothing')
    return problems


def check(build, capture, tmp):
    name = os.path.basename(capture)
    keys = frame_keys(capture)
    problems = raw_problems(capture, keys)
    if problems:
        print('FAIL %s is not a raw dumpcap file: %s' % (name, '; '.join(problems)))
        return False
    sorted_copy = os.path.join(tmp, 'sorted-' + name)
    subprocess.run(['reordercap', capture, sorted_copy], capture_output=True, check=True)
    sorted_keys = frame_keys(sorted_copy)

    failures = []
    results = {}
    for label, path in (('raw', capture), ('sorted', sorted_copy)):
        for two_pass in (False, True):
            results[label, two_pass] = table(build, path, two_pass)
    for two_pass in (False, True):
        mode = '-2' if two_pass else 'single pass'
        (raw_rows, raw_summary), (srt_rows, srt_summary) = results['raw', two_pass], results['sorted', two_pass]
        if raw_rows != srt_rows:
            only_raw = raw_rows - srt_rows
            only_sorted = srt_rows - raw_rows
            failures.append('%s: the handshakes differ (%d rows raw, %d sorted)\n    only raw:    %s\n'
                            '    only sorted: %s' % (
                                mode, sum(raw_rows.values()), sum(srt_rows.values()),
                                '\n                 '.join(sorted(only_raw.elements())) or '-',
                                '\n                 '.join(sorted(only_sorted.elements())) or '-'))
        if raw_summary != srt_summary:
            failures.append('%s: the summary differs\n    raw:    %s\n    sorted: %s' % (
                mode, raw_summary, srt_summary))
    raw_drops, srt_drops = dropped(build, capture, keys), dropped(build, sorted_copy, sorted_keys)
    if raw_drops != srt_drops:
        failures.append('-2: tfo.nat_dropped on %d packets raw, %d sorted; raw only %s, sorted only %s '
                        '(interface, time)' % (len(raw_drops), len(srt_drops),
                                               sorted(set(raw_drops) - set(srt_drops)),
                                               sorted(set(srt_drops) - set(raw_drops))))
    if failures:
        print('FAIL %s: raw and reordercap-sorted give different results' % name)
        for f in failures:
            print('  ' + f)
        return False
    rows = results['sorted', True][0]
    verdicts = collections.Counter(r.split('Verdict=')[1].split(' |')[0] for r in rows.elements())
    print('ok %s: raw and sorted give the same %d handshakes (%s) and %d dropped packets' % (
        name, sum(rows.values()), ', '.join('%d %s' % (n, v) for v, n in sorted(verdicts.items())),
        len(raw_drops)))
    return True


def main(argv):
    if len(argv) < 2 or argv[0].startswith('-'):
        sys.stderr.write(__doc__)
        return 2
    build, captures = argv[0], argv[1:]
    tmp = tempfile.mkdtemp(prefix='tfo-nat-sorted.')
    ok = True
    try:
        for capture in captures:
            try:
                ok = check(build, capture, tmp) and ok
            except (RuntimeError, subprocess.CalledProcessError) as e:
                print('FAIL %s: %s' % (os.path.basename(capture), e))
                ok = False
    finally:
        shutil.rmtree(tmp)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
