#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks that expect.py does not depend on file order: on a raw lab
recording and on its reordercap-sorted copy it must write the same facts
about the same packets (no plugin involved).

  check_expect_order.py CAPTURE...

Each CAPTURE is named SCENARIO.pcapng (the scenario's rule is taken from
scenarios.py). Frames are matched between the two files by interface and
time stamp; the facts' frame numbers are translated before comparing.
When SCENARIO.expect lies beside CAPTURE, it must be exactly what expect.py
writes for CAPTURE (the committed expectations come from the rule alone).
Exit status 0 when every capture gives the same facts, 1 otherwise.
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECT = os.path.join(HERE, 'expect.py')
FRAME_ARGS = {'twin': 2, 'dropped': 1, 'field': 1}     # leading frame numbers per fact


def frame_keys(capture):
    out = subprocess.run(['tshark', '-r', capture, '-T', 'fields', '-e', 'frame.number',
                          '-e', 'frame.interface_id', '-e', 'frame.time_epoch'],
                         capture_output=True, text=True, check=True).stdout
    return {int(n): (i, t) for n, i, t in (line.split('\t') for line in out.splitlines())}


def facts(expect, to_key):
    """The facts of |expect|, frame numbers replaced by (interface, time)."""
    out = []
    with open(expect) as f:
        for line in f:
            words = line.split('#', 1)[0].split()
            if not words:
                continue
            n = FRAME_ARGS.get(words[0], 0)
            frames = [to_key[int(w)] for w in words[1:1 + n]]
            if words[0] == 'twin':
                frames.sort()
            out.append((words[0], *frames, *words[1 + n:]))
    return sorted(out)


def check(capture, tmp):
    name = os.path.basename(capture)
    scenario = name[:-len('.pcapng')]
    sorted_copy = os.path.join(tmp, name)
    subprocess.run(['reordercap', capture, sorted_copy], capture_output=True, check=True)
    results = []
    for label, path in (('raw', capture), ('sorted', sorted_copy)):
        expect = os.path.join(tmp, '%s.%s.expect' % (scenario, label))
        proc = subprocess.run([sys.executable, EXPECT, scenario, path, expect, expect + '.comments'],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print('FAIL %s: expect.py on the %s file: %s' % (name, label, proc.stderr.strip()))
            return False
        results.append(facts(expect, frame_keys(path)))
        beside = capture[:-len('.pcapng')] + '.expect'
        if label == 'raw' and os.path.exists(beside):
            with open(beside) as a, open(expect) as b:
                if a.read() != b.read():
                    print('FAIL %s: %s is not what expect.py writes for it' % (name, os.path.basename(beside)))
                    return False
    if results[0] != results[1]:
        raw, srt = set(results[0]), set(results[1])
        print('FAIL %s: expect.py writes other facts for the sorted copy\n  raw only:    %s\n'
              '  sorted only: %s' % (name, sorted(raw - srt), sorted(srt - raw)))
        return False
    print('ok %s: expect.py writes the same %d facts on the raw file and on its sorted copy' % (
        name, len(results[0])))
    return True


def main(argv):
    if not argv or argv[0].startswith('-'):
        sys.stderr.write(__doc__)
        return 2
    tmp = tempfile.mkdtemp(prefix='tfo-nat-expect-order.')
    try:
        ok = all([check(c, tmp) for c in argv])
    finally:
        shutil.rmtree(tmp)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
