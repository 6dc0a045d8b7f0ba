#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark -M N (session auto-reset) end to end, with the built plugin.

Usage: check_session_reset.py BUILD_DIR

Every N frames tshark -M ends the epan session: the plugin's analysis ends
there (its cleanup routine), a new one starts, and frames are numbered from
1 again; the -z tfo,nat listener survives. The table must list the
handshakes of every session, numbered on, with the verdicts each session
could reach: on lab-clean-pass with -M 20 the first two handshakes lie
within the first session and pass, the third is split by the reset into
its LAN half and its WAN half (unknown). An -M past the end of the capture
gives the table of a plain run; a filter selects within every session.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.join(HERE, '..', '..')
RUNNER = os.path.join(TOP, 'scripts', 'tshark-with-plugin')
CAPTURE = os.path.join(TOP, 'sample-captures', 'lab-clean-pass.pcapng')
VERDICTS = {'passed', 'syn-data-dropped', 'syn-dropped', 'synack-dropped', 'option-stripped', 'data-stripped',
            'cookie-mangled', 'data-ignored', 'syn-data-lost', 'unknown'}

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def table(build, *args):
    """The -z tfo,nat table's text and its rows: (number, LAN, WAN, verdict)."""
    proc = subprocess.run([RUNNER, build, CAPTURE, *args, '-q'], capture_output=True, text=True)
    check(proc.returncode == 0, 'tshark %s: status %d: %s' % (' '.join(args), proc.returncode, proc.stderr))
    rows = []
    for line in proc.stdout.splitlines():
        words = line.split()
        if len(words) > 4 and words[0].isdigit():
            verdict = next((w for w in words if w in VERDICTS), None)
            rows.append((int(words[0]), words[1], words[2], verdict))
    return proc.stdout, rows


def main(build):
    plain_text, plain = table(build, '-z', 'tfo,nat')
    check([r[3] for r in plain] == ['passed'] * 3, 'plain run: %r' % plain)

    text, rows = table(build, '-M', '1000', '-z', 'tfo,nat')
    check(text == plain_text, '-M 1000 (past the end) differs from a plain run:\n%s' % text)

    text, rows = table(build, '-M', '20', '-z', 'tfo,nat')
    want = [(1, '192.168.1.10:43330', '203.0.113.1:43330', 'passed'),
            (2, '192.168.1.10:43336', '203.0.113.1:43336', 'passed'),
            (3, '192.168.1.10:43338', '-', 'unknown'),
            (4, '-', '203.0.113.1:43338', 'unknown')]
    check(rows == want, '-M 20: rows %r, want %r' % (rows, want))
    check('2 of 4 handshakes undecided' in text, '-M 20: summary:\n%s' % text)

    text, rows = table(build, '-M', '20', '-z', 'tfo,nat,tcp.port==43336')
    check(rows == [want[1]], '-M 20 with a filter: rows %r' % rows)

    for f in failures:
        print('FAIL:', f)
    print('%s: %d failure(s)' % (os.path.basename(sys.argv[0]), len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
