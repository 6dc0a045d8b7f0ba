#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs tshark with the built plugin on one capture, single pass and with -2,
and checks the result against the capture's .expect file.

Usage: check_capture.py BUILD_DIR CAPTURE EXPECT
CAPTURE "-" takes the capture from the expect file's "capture" fact.

The .expect file holds one fact per line (blank lines and # comments skipped):
  handshakes N          N handshakes in the table and in tfo.handshake
  verdict ID TOKEN      handshake ID's verdict (table, both passes; every frame, -2)
  dropped FRAME         with -2, exactly these frames carry tfo.nat_dropped;
                        single pass, tfo.dropped_frame names exactly these,
                        each on a later frame
  dropped-at-end FRAME  as dropped, but proved only when the capture ends: in
                        a single pass no frame proves it (the table shows it)
  proof FRAME DROPPED   single pass: FRAME is the one that proves DROPPED
  twin A B              with -2, frames A and B name each other in tfo.peer_frame
  field FRAME NAME VAL  with -2, field NAME of FRAME is VAL (all occurrences, comma-joined)
  row ID TEXT...        the table row of handshake ID, whitespace-normalised
  summary TEXT...       a line of the gateway summary under the table contains TEXT
  expert FRAME TEXT...  with -2, an expert item on FRAME whose text contains TEXT
  tablefilter EXPR IDS  -z tfo,nat,EXPR lists exactly handshakes IDS (comma-separated, "-" for none)
  capture PATH          the capture, relative to the repository (with CAPTURE "-")
  option NAME:VALUE     a preference given to every tshark run (-o)
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.join(HERE, '..', '..')
RUNNER = os.path.join(TOP, 'scripts', 'tshark-with-plugin')
OPTIONS = []
FIELDS = ['frame.number', 'tfo.handshake', 'tfo.verdict', 'tfo.nat_dropped',
          'tfo.dropped_frame', 'tfo.peer_frame']

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def tshark(build, capture, *args):
    proc = subprocess.run([RUNNER, build, capture, *OPTIONS, *args], capture_output=True, text=True)
    stderr = proc.stderr.strip()
    check(proc.returncode == 0, f'tshark {" ".join(args)} exited {proc.returncode}: {stderr}')
    check(stderr == '', f'tshark {" ".join(args)} wrote to stderr: {stderr}')
    return proc.stdout


def frames(build, capture, two_pass, extra_fields=()):
    """{frame: {field: [values]}} for frames with any tfo field."""
    args = (['-2'] if two_pass else []) + ['-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,']
    names = FIELDS + list(extra_fields)
    for f in names:
        args += ['-e', f]
    out = {}
    for line in tshark(build, capture, *args).splitlines():
        cols = line.split('\t')
        values = {n: (c.split(',') if c else []) for n, c in zip(names, cols)}
        if any(values[n] for n in names[1:]):
            out[int(cols[0])] = values
    return out


def table(build, capture, two_pass, filter_expr=None):
    """(rows {id: normalised text}, summary lines) of -z tfo,nat[,filter_expr]."""
    z = 'tfo,nat' + (',' + filter_expr if filter_expr else '')
    text = tshark(build, capture, *(['-2'] if two_pass else []), '-q', '-z', z)
    rows, summary, started = {}, [], False
    for line in text.splitlines():
        if line.startswith('#'):
            started = True
            continue
        if not started or not line.strip() or line.startswith('='):
            continue
        words = line.split()
        if words[0].isdigit():
            rows[int(words[0])] = ' '.join(words)
        else:
            summary.append(' '.join(words))
    check(started, 'no tfo,nat table printed')
    return rows, summary


def experts(build, capture):
    """{frame: [expert messages]} from -2 -V output."""
    out, frame = {}, None
    text = tshark(build, capture, '-2', '-V', '-Y', 'tfo')
    for line in text.splitlines():
        if line.startswith('Frame ') and ':' in line:
            frame = int(line.split()[1].rstrip(':'))
        elif line.strip().startswith('[Expert Info') and frame is not None:
            out.setdefault(frame, []).append(line.strip())
    return out


def main():
    build, capture, expect = sys.argv[1:4]
    facts = []
    with open(expect) as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                facts.append(line.split())
    kinds = {f[0] for f in facts}
    for f in facts:
        if f[0] == 'option':
            OPTIONS.extend(['-o', f[1]])
        elif f[0] == 'capture' and capture == '-':
            capture = os.path.join(TOP, f[1])
    extra = sorted({f[2] for f in facts if f[0] == 'field'})

    one = frames(build, capture, False)
    two = frames(build, capture, True, extra)
    rows1, summary1 = table(build, capture, False)
    rows2, summary2 = table(build, capture, True)
    check(rows1 == rows2, f'table differs between passes:\n  single: {rows1}\n  -2:     {rows2}')
    check(summary1 == summary2, f'summary differs between passes: {summary1} / {summary2}')

    verdicts = {}
    for frame, v in two.items():
        for hs, verdict in zip(v['tfo.handshake'], v['tfo.verdict']):
            verdicts.setdefault(int(hs), set()).add(verdict)
    for hs, vs in verdicts.items():
        check(len(vs) == 1, f'handshake {hs} has several verdicts with -2: {sorted(vs)}')

    at_end = {int(f[1]) for f in facts if f[0] == 'dropped-at-end'}
    expected_drops = {int(f[1]) for f in facts if f[0] == 'dropped'} | at_end
    drops2 = {fr for fr, v in two.items() if v['tfo.nat_dropped']}
    check(drops2 == expected_drops, f'-2 tfo.nat_dropped on {sorted(drops2)}, expected {sorted(expected_drops)}')
    proofs = {}
    for fr, v in one.items():
        for d in v['tfo.dropped_frame']:
            proofs.setdefault(int(d), []).append(fr)
        check(not v['tfo.nat_dropped'] or v['tfo.dropped_frame'],
              f'single pass: frame {fr} has tfo.nat_dropped without tfo.dropped_frame')
    check(set(proofs) == expected_drops - at_end,
          f'single pass proves drops of {sorted(proofs)}, expected {sorted(expected_drops - at_end)}')
    for d, by in proofs.items():
        check(len(by) == 1 and by[0] > d, f'drop of {d} proved by frames {by}')
    for fr, v in two.items():
        check(not v['tfo.dropped_frame'], f'-2: frame {fr} carries tfo.dropped_frame')

    for f in facts:
        kind = f[0]
        if kind == 'handshakes':
            n = int(f[1])
            check(len(rows2) == n, f'{len(rows2)} table rows, expected {n}')
            check(sorted(verdicts) == list(range(1, n + 1)), f'tfo.handshake values {sorted(verdicts)}, expected 1..{n}')
        elif kind == 'verdict':
            hs, token = int(f[1]), f[2]
            check(verdicts.get(hs) == {token}, f'-2 frames of handshake {hs} say {verdicts.get(hs)}, expected {token}')
            row = rows2.get(hs, '').split()
            check(token in row, f'table row {hs} is "{rows2.get(hs)}", expected verdict {token}')
        elif kind == 'proof':
            fr, d = int(f[1]), f[2]
            check(d in one.get(fr, {}).get('tfo.dropped_frame', []), f'single pass: frame {fr} does not prove {d}')
        elif kind == 'twin':
            a, b = f[1], f[2]
            check(two.get(int(a), {}).get('tfo.peer_frame') == [b], f'-2: frame {a} peer is not {b}')
            check(two.get(int(b), {}).get('tfo.peer_frame') == [a], f'-2: frame {b} peer is not {a}')
        elif kind == 'field':
            fr, name, val = int(f[1]), f[2], f[3]
            got = ','.join(two.get(fr, {}).get(name, []))
            check(got == val, f'-2: frame {fr} {name} = "{got}", expected "{val}"')
        elif kind == 'row':
            hs, text = int(f[1]), ' '.join(f[1:])
            check(rows2.get(hs) == text, f'row {hs}:\n  got      "{rows2.get(hs)}"\n  expected "{text}"')
        elif kind == 'summary':
            text = ' '.join(f[1:])
            check(any(text in line for line in summary2), f'summary line "{text}" missing from {summary2}')
        elif kind == 'tablefilter':
            want = [] if f[2] == '-' else [int(i) for i in f[2].split(',')]
            for two_pass in (False, True):
                rows, _ = table(build, capture, two_pass, f[1])
                check(sorted(rows) == want, f'-z tfo,nat,{f[1]} ({"-2" if two_pass else "single pass"}) lists {sorted(rows)}, expected {want}')
        elif kind == 'expert':
            fr, text = int(f[1]), ' '.join(f[2:])
            items = experts(build, capture).get(fr, [])
            check(any(text in i for i in items), f'-2: no expert item "{text}" on frame {fr}: {items}')
        elif kind not in ('dropped', 'dropped-at-end', 'capture', 'option'):
            check(False, f'unknown fact {" ".join(f)}')
    if 'handshakes' not in kinds:
        check(False, 'expect file has no "handshakes" fact')

    name = f'{os.path.basename(expect)} on {os.path.basename(capture)}'
    if failures:
        print(f'FAIL {name}')
        for msg in failures:
            print('  ' + msg)
        return 1
    print(f'ok {name}: {len(facts)} facts, single pass and -2')
    return 0


if __name__ == '__main__':
    sys.exit(main())
