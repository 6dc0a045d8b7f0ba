#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks one malformed-input case: tests/e2e/check_capture.py on the
capture and its .expect, plus the one fact that check_capture.py lacks:

  noexpert FRAME TEXT...  with -2, no expert item on FRAME contains TEXT

(those lines are taken out before check_capture.py reads the file).

A case listed in tests/malformed/known-failures is one where the plugin
disagrees with the expectation and the disagreement has been reported. For
it, a clean disagreement (tshark ran, exited 0, wrote nothing to stderr; the
facts differ) passes with a note, and agreement fails, so that the line is
removed once the bug is fixed. A crash or sanitizer report always fails.

Usage: check_case.py BUILD_DIR CAPTURE|- EXPECT
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.join(HERE, '..', '..')
CHECK = os.path.join(TOP, 'tests', 'e2e', 'check_capture.py')
KNOWN = os.path.join(HERE, 'known-failures')


def known_failures():
    out = {}
    with open(KNOWN) as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                name, _, why = line.partition(' ')
                out[name] = why.strip()
    return out


def noexpert_failures(build, capture, expect, facts, options):
    sys.path.insert(0, os.path.dirname(CHECK))
    import check_capture
    check_capture.OPTIONS[:] = options
    if capture == '-':
        capture = next(os.path.join(TOP, f[1]) for f in facts if f[0] == 'capture')
    items = check_capture.experts(build, capture)
    out = list(check_capture.failures)
    for f in facts:
        if f[0] == 'noexpert':
            frame, text = int(f[1]), ' '.join(f[2:])
            bad = [i for i in items.get(frame, []) if text in i]
            if bad:
                out.append(f'-2: frame {frame} has expert item "{text}": {bad}')
    return out


def main():
    build, capture, expect = sys.argv[1:4]
    name = os.path.splitext(os.path.basename(expect))[0]
    facts, kept = [], []
    with open(expect) as f:
        for line in f:
            words = line.split('#', 1)[0].split()
            if words:
                facts.append(words)
            if words and words[0] == 'noexpert':
                continue
            kept.append(line)
    options = [w for f in facts if f[0] == 'option' for w in ('-o', f[1])]

    with tempfile.NamedTemporaryFile('w', suffix='.expect', prefix=name + '.', delete=False) as tmp:
        tmp.writelines(kept)
    try:
        proc = subprocess.run([sys.executable, CHECK, build, capture, tmp.name],
                              capture_output=True, text=True)
    finally:
        os.unlink(tmp.name)
    report = proc.stdout.replace(os.path.basename(tmp.name), os.path.basename(expect)).strip()
    problems = [] if proc.returncode == 0 else report.splitlines()[1:] or [report or proc.stderr.strip()]
    if any(f[0] == 'noexpert' for f in facts):
        problems += noexpert_failures(build, capture, expect, facts, options)

    broken = [p for p in problems if ' exited ' in p or 'wrote to stderr' in p or 'Traceback' in p]
    known = known_failures().get(name)
    if known is not None and problems and not broken:
        print(f'ok {name}: KNOWN DISAGREEMENT ({known}); the plugin still says:')
        for p in problems:
            print('  ' + p.strip())
        return 0
    if known is not None and not problems:
        print(f'FAIL {name}: listed in known-failures ({known}) but now agrees: remove it from '
              f'tests/malformed/known-failures')
        return 1
    if problems:
        print(f'FAIL {name}')
        for p in problems:
            print('  ' + p.strip())
        return 1
    print(f'ok {name}: {len(facts)} facts, single pass and -2')
    return 0


if __name__ == '__main__':
    sys.exit(main())
