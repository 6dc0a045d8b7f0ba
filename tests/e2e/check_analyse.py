#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""scripts/analyse-captures end to end, with the built plugin.

Usage: check_analyse.py BUILD_DIR

Over sample-captures/ plus one file tshark cannot read: exit status 1, the
unreadable file skipped and reported, every other capture's handshakes in
the NDJSON (as many as its .expect says, each tagged with its capture) and
one scorecard line per capture. Then exit 0 on readable captures only, and
2 when no capture is found.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, '..', '..'))
TOOL = os.path.join(TOP, 'scripts', 'analyse-captures')
SAMPLES = os.path.join(TOP, 'sample-captures')

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def expected_handshakes():
    """{capture path: handshakes} from the sample captures' .expect files."""
    out = {}
    for capture in glob.glob(os.path.join(SAMPLES, '*.pcap*')):
        with open(os.path.splitext(capture)[0] + '.expect') as f:
            for line in f:
                words = line.split('#', 1)[0].split()
                if words[:1] == ['handshakes']:
                    out[capture] = int(words[1])
    return out


def run(build, tmp, *paths):
    records, card = os.path.join(tmp, 'records.ndjson'), os.path.join(tmp, 'scorecard.tsv')
    proc = subprocess.run([TOOL, '--build', build, '--jobs', '2', '--records', records, '--scorecard', card, *paths],
                          capture_output=True, text=True)
    lines = open(card).read().splitlines() if os.path.exists(card) else []
    docs = [json.loads(line) for line in open(records)] if os.path.exists(records) else []
    return proc, docs, lines


def main():
    build = sys.argv[1]
    want = expected_handshakes()
    check(len(want) > 10, f'only {len(want)} sample captures with a handshake count')
    with tempfile.TemporaryDirectory() as tmp:
        broken = os.path.join(tmp, 'not-a-capture.pcap')
        with open(broken, 'w') as f:
            f.write('this is no capture\n')
        os.chmod(tmp, 0o755)
        os.chmod(broken, 0o644)

        proc, docs, card = run(build, tmp, SAMPLES, broken)
        check(proc.returncode == 1, f'exit status {proc.returncode} with an unreadable capture, expected 1: {proc.stderr}')
        check(f'{broken}: SKIPPED' in proc.stderr, f'unreadable capture not reported on stderr: {proc.stderr}')
        check(f'[{len(want) + 1}/{len(want) + 1} ' in proc.stderr, f'no progress to {len(want) + 1}: {proc.stderr}')
        got = {}
        for d in docs:
            got[d['capture']] = got.get(d['capture'], 0) + 1
            check(isinstance(d['handshake'], int) and isinstance(d['first_frame'], int)
                  and isinstance(d['timestamp'], int), f'numbers not typed: {d}')
        check(got == want, f'records per capture {got}, expected {want}')
        rows = {line.split('\t')[0]: line.split('\t') for line in card[1:]}
        check(card[:1] == ['# capture\thandshakes\tverdicts\tgateway'], f'scorecard header {card[:1]}')
        check(len(card) == len(want) + 2, f'{len(card)} scorecard lines for {len(want) + 1} captures')
        check(rows.get(broken, [''])[1] == 'FAILED', f'scorecard of the unreadable capture: {rows.get(broken)}')
        challenge = os.path.join(SAMPLES, 'cloudshark-challenge5.pcap')
        check(rows.get(challenge) == [challenge, '2', 'passed=1 syn-data-dropped=1',
                                      'Gateway drops SYNs carrying data: 1 of 1 Fast Open attempts with data'],
              f'scorecard of the challenge: {rows.get(challenge)}')
        verdicts = [(d['handshake'], d['verdict']) for d in docs if d['capture'] == challenge]
        check(verdicts == [(1, 'passed'), (2, 'syn-data-dropped')], f'challenge records {verdicts}')

        proc, docs, card = run(build, tmp, challenge)
        check(proc.returncode == 0 and len(docs) == 2 and len(card) == 2,
              f'one readable capture: exit {proc.returncode}, {len(docs)} records, {len(card)} lines: {proc.stderr}')
        empty = os.path.join(tmp, 'empty')
        os.mkdir(empty)
        proc, _, _ = run(build, tmp, empty)
        check(proc.returncode == 2, f'no capture: exit status {proc.returncode}, expected 2')

    if failures:
        print('FAIL analyse-captures')
        for msg in failures:
            print('  ' + msg)
        return 1
    print(f'ok analyse-captures: {len(want)} sample captures and an unreadable file')
    return 0


if __name__ == '__main__':
    sys.exit(main())
