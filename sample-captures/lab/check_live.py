#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks what live tsharks with the plugin printed during one lab run
(check-live runs them beside dumpcap) against their own files, the dumpcap
recording of the same run and the scenario's expectations.

  check_live.py BUILD_DIR SCENARIO LIVE_DIR RECORDING EXPECT

For each stop way (SCENARIO.sigint: SIGINT; SCENARIO.duration: -a duration):
  - the table printed live is, byte for byte, the table of the tshark's own
    file read afterwards, single pass and -2;
  - its rows are those of the dumpcap recording's table, frames mapped
    between the files (same interface, same bytes, same occurrence) and
    fallback costs within 1 ms (each capture stamps its own copies); the
    gateway summary is the same;
  - expect.py writes, for the tshark's own file, the recording's facts
    (frames mapped), and check_capture.py passes on that file with them.
SCENARIO.fields (-T fields, SIGINT): the lines printed live are those of
`-r` on its own file, single pass; the frames named by tfo.dropped_frame
are the recording's dropped frames (mapped), each named once, on a later
frame (single pass: proofs on later frames, as the README says).
SCENARIO.dropped (-Y tfo.nat_dropped, SIGINT): the frames that prove drops,
with one "dropped by gateway" Info tag per drop proved before the end.
"""
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.join(HERE, '..', '..')
RUNNER = os.path.join(TOP, 'scripts', 'tshark-with-plugin')
CHECK_CAPTURE = os.path.join(TOP, 'tests', 'e2e', 'check_capture.py')
EXPECT = os.path.join(HERE, 'expect.py')
FRAME_ARGS = {'twin': 2, 'dropped': 1, 'dropped-at-end': 1, 'proof': 2, 'field': 1}
FIELDS = ['frame.number', 'tfo.handshake', 'tfo.verdict', 'tfo.nat_dropped', 'tfo.dropped_frame']
FRAME_COL, COST_COL = 8, 9      # words of a table row

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print('  FAIL ' + msg, flush=True)
    return cond


def tshark(build, capture, *args):
    proc = subprocess.run([RUNNER, build, capture, *args], capture_output=True, text=True)
    check(proc.returncode == 0, f'tshark -r {os.path.basename(capture)} {" ".join(args)} exited {proc.returncode}: '
          + proc.stderr.strip())
    return proc.stdout


def packets(path):
    """[(interface name, packet bytes)] of the Enhanced Packet Blocks, in file order."""
    data = open(path, 'rb').read()
    out, names, i, bo = [], [], 0, '<'
    while i + 12 <= len(data):
        btype = struct.unpack_from('<I', data, i)[0]
        if btype == 0x0A0D0D0A:
            bo = '<' if data[i + 8:i + 12] == b'\x4d\x3c\x2b\x1a' else '>'
            names = []
        total = struct.unpack_from(bo + 'I', data, i + 4)[0]
        body = data[i + 8:i + total - 4]
        if btype == 1:                                  # IDB: if_name option (2)
            j, name = 8, ''
            while j + 4 <= len(body):
                code, length = struct.unpack_from(bo + 'HH', body, j)
                if code == 0:
                    break
                if code == 2:
                    name = body[j + 4:j + 4 + length].decode()
                j += 4 + ((length + 3) & ~3)
            names.append(name)
        elif btype == 6:                                # EPB
            iface, _, _, caplen = struct.unpack_from(bo + 'IIII', body, 0)
            out.append((names[iface], body[20:20 + caplen]))
        i += total
    return out


def frame_map(src, dst):
    """{frame of src: frame of dst} for packets in both (by interface, bytes, occurrence)."""
    def keyed(path):
        seen, keys = {}, []
        for p in packets(path):
            seen[p] = seen.get(p, 0) + 1
            keys.append((p, seen[p]))
        return keys
    where = {k: n for n, k in enumerate(keyed(dst), 1)}
    return {n: where[k] for n, k in enumerate(keyed(src), 1) if k in where}


def table(text):
    """({id: row words}, summary lines) of a tfo,nat table."""
    rows, summary, started = {}, [], False
    for line in text.splitlines():
        if line.startswith('#'):
            started = True
        elif started and line.strip() and not line.startswith('='):
            words = line.split()
            if words[0].isdigit():
                rows[int(words[0])] = words
            else:
                summary.append(' '.join(words))
    return rows, summary


def seconds(cost):
    return None if cost == '-' else float(cost.rstrip('s'))


def read_facts(expect, to_frame=None):
    out = []
    for line in open(expect):
        words = line.split('#', 1)[0].split()
        if not words:
            continue
        n = FRAME_ARGS.get(words[0], 0)
        frames = [int(w) for w in words[1:1 + n]]
        if to_frame is not None:
            frames = [to_frame.get(f) for f in frames]
        out.append((words[0], *frames, *words[1 + n:]))
    return sorted(out, key=str)


def check_table_run(build, scenario, live, recording, rec_rows, rec_summary, tmp, how):
    own = os.path.join(live, f'{scenario}.{how}.pcapng')
    printed = open(os.path.join(live, f'{scenario}.{how}.txt')).read()
    label = f'{scenario} ({how})'
    if not check(os.path.exists(own) and printed.strip(), f'{label}: no live table or no file'):
        return
    for two_pass in (False, True):
        again = tshark(build, own, *(['-2'] if two_pass else []), '-q', '-z', 'tfo,nat')
        check(again == printed, f'{label}: the live table is not that of -r its file{" -2" if two_pass else ""}:\n'
              f'--- live\n{printed}--- -r\n{again}')
    rows, summary = table(printed)
    to_own = frame_map(recording, own)
    check(sorted(rows) == sorted(rec_rows), f'{label}: handshakes {sorted(rows)}, recording {sorted(rec_rows)}')
    for hs, rec in rec_rows.items():
        got = rows.get(hs)
        if got is None:
            continue
        want = list(rec)
        want[FRAME_COL] = str(to_own.get(int(rec[FRAME_COL]), f'unmapped {rec[FRAME_COL]}'))
        a, b = seconds(got[COST_COL]), seconds(want[COST_COL])
        cost_ok = a == b or (a is not None and b is not None and abs(a - b) < 0.001)
        same = got[:COST_COL] == want[:COST_COL] and got[COST_COL + 1:] == want[COST_COL + 1:]
        check(same and cost_ok, f'{label}: row {hs} is "{" ".join(got)}", the recording\'s (frames mapped) '
              f'"{" ".join(want)}"')
    check(summary == rec_summary, f'{label}: summary {summary}, recording {rec_summary}')

    # The tshark's own file is a lab recording too: the same facts, and the plugin agrees.
    own_expect = os.path.join(tmp, f'{scenario}.{how}.expect')
    proc = subprocess.run([sys.executable, EXPECT, scenario, own, own_expect, own_expect + '.comments'],
                          capture_output=True, text=True)
    if check(proc.returncode == 0, f'{label}: expect.py rejects the live file: {proc.stderr.strip()}'):
        want = read_facts(recording[:-len('.pcapng')] + '.expect', to_own)
        got = read_facts(own_expect)
        check(got == want, f'{label}: expect.py facts differ from the recording\'s (mapped):\n'
              f'  live only:      {sorted(set(got) - set(want), key=str)}\n'
              f'  recording only: {sorted(set(want) - set(got), key=str)}')
        proc = subprocess.run([sys.executable, CHECK_CAPTURE, build, own, own_expect], capture_output=True, text=True)
        check(proc.returncode == 0, f'{label}: check_capture.py on the live file:\n{proc.stdout.strip()}')
    print(f'  {label}: {len(rows)} handshakes, live table = -r file (single pass, -2) = recording (frames mapped)',
          flush=True)


def check_fields_run(build, scenario, live, recording, expect):
    own = os.path.join(live, f'{scenario}.fields.pcapng')
    label = f'{scenario} (fields)'
    printed = open(os.path.join(live, f'{scenario}.fields.txt')).read()
    args = ['-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,']
    for f in FIELDS:
        args += ['-e', f]
    again = tshark(build, own, *args)
    check(printed == again, f'{label}: the lines printed live are not those of -r its file (single pass)')
    to_own = frame_map(recording, own)
    want = sorted(to_own.get(f[1]) for f in read_facts(expect) if f[0] == 'dropped')
    proofs = []
    for line in printed.splitlines():
        cols = line.split('\t')
        frame, dropped = int(cols[0]), [int(d) for d in cols[4].split(',') if d]
        for d in dropped:
            proofs.append(d)
            check(d < frame, f'{label}: frame {frame} proves frame {d} dropped: not a later frame')
    check(sorted(proofs) == want, f'{label}: tfo.dropped_frame names {sorted(proofs)}, expected {want}')
    print(f'  {label}: {len(printed.splitlines())} lines live = -r file; drops {want} proved on later frames',
          flush=True)
    return len(want)


def check_dropped_run(scenario, live, drops):
    label = f'{scenario} (-Y tfo.nat_dropped)'
    lines = open(os.path.join(live, f'{scenario}.dropped.txt')).read().splitlines()
    tags = sum(line.count('dropped by gateway]') for line in lines)   # a frame may prove several
    check(tags == drops and (lines != []) == (drops > 0),
          f'{label}: {len(lines)} lines with {tags} "dropped by gateway" tags, expected {drops} tags: {lines}')
    print(f'  {label}: {len(lines)} lines live, {tags} drop tags', flush=True)


def main(argv):
    if len(argv) != 5:
        sys.stderr.write(__doc__)
        return 2
    build, scenario, live, recording, expect = argv
    print(f'== {scenario}', flush=True)
    rec_rows, rec_summary = table(tshark(build, recording, '-q', '-z', 'tfo,nat'))
    with tempfile.TemporaryDirectory(prefix='tfo-nat-check-live.') as tmp:
        for how in ('sigint', 'duration'):
            check_table_run(build, scenario, live, recording, rec_rows, rec_summary, tmp, how)
    drops = check_fields_run(build, scenario, live, recording, expect)
    check_dropped_run(scenario, live, drops)
    if failures:
        print(f'FAIL {scenario}: {len(failures)} problem(s)')
        return 1
    print(f'ok {scenario}: live tables, per-packet output and the recording agree')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
