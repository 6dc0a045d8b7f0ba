#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks that a capture in time order and copies of it written the way
dumpcap writes several interfaces (tests/e2e/dumpcap_batches.py: batches of
5 ms and of 300 ms) give the same results.

Usage: check_batched_same.py BUILD_DIR CAPTURE...

Compared as tests/e2e/check_sorted_same.py compares a raw recording with
its sorted copy: the -z tfo,nat rows without their frame-order columns, the
gateway summary, single pass and -2, and with -2 the packets carrying
tfo.nat_dropped, matched by interface and time stamp. Each batched copy
must really be out of time order.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import check_sorted_same as same

BATCHER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'dumpcap_batches.py')
BATCH_MS = (5, 300)


def check(build, capture, tmp):
    name = os.path.basename(capture)
    keys = same.frame_keys(capture)
    want = {p: same.table(build, capture, p) for p in (False, True)}
    want_drops = same.dropped(build, capture, keys)
    failures = []
    for ms in BATCH_MS:
        copy = os.path.join(tmp, '%dms-%s' % (ms, name))
        subprocess.run([sys.executable, BATCHER, capture, copy, str(ms)], check=True)
        copy_keys = same.frame_keys(copy)
        times = [float(copy_keys[n][1]) for n in sorted(copy_keys)]
        if all(a <= b for a, b in zip(times, times[1:])):
            failures.append('%d ms batches: the copy is in time order, it proves nothing' % ms)
        for two_pass in (False, True):
            got = same.table(build, copy, two_pass)
            if got != want[two_pass]:
                failures.append('%d ms batches, %s: table differs\n    in order: %s\n    batched:  %s' % (
                    ms, '-2' if two_pass else 'single pass', want[two_pass], got))
        drops = same.dropped(build, copy, copy_keys)
        if drops != want_drops:
            failures.append('%d ms batches: tfo.nat_dropped on %s, in order %s' % (ms, drops, want_drops))
    if failures:
        print('FAIL %s: batched copies give other results' % name)
        for f in failures:
            print('  ' + f)
        return False
    print('ok %s: in order and in %s ms batches the same %d handshakes and %d dropped packets' % (
        name, ' and '.join(map(str, BATCH_MS)), sum(want[True][0].values()), len(want_drops)))
    return True


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    tmp = tempfile.mkdtemp(prefix='tfo-nat-batched.')
    try:
        ok = all([check(argv[0], c, tmp) for c in argv[1:]])
    finally:
        shutil.rmtree(tmp)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
