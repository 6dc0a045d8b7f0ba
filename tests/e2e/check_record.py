#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tfo.record end to end: tshark with the built plugin, single pass and -2.

Usage: check_record.py BUILD_DIR

On the CloudShark challenge, `-Y tfo.record -T ek` gives exactly one
document per handshake, on its first frame, with the values the packets
show (-2: final; single pass: what was known on that frame), and -T json
and -T fields give the same records. On every sample capture, with -2 the
records are exactly one per row of the -z tfo,nat table and carry the
table's verdicts; in a single pass at most one per row, on the handshake's
first frame, where that frame was analysed when it was read (in a capture
of several interfaces it often is not: the engine waits for the others to
reach its time).
"""
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.join(HERE, '..', '..')
RUNNER = os.path.join(TOP, 'scripts', 'tshark-with-plugin')
CHALLENGE = os.path.join(TOP, 'sample-captures', 'cloudshark-challenge5.pcap')
PREFIX = 'tfo_tfo_record_'

# The challenge's two handshakes (frames: see its .expect). Fields absent
# from a record are listed as None.
COMMON = {'lan_client_addr': '192.168.0.100', 'server_addr': '3.3.3.3', 'server_port': '13054',
          'option_kind': '254', 'seq_rewritten': False, 'fallback_cost': None,
          'lan_client_addr6': None, 'wan_client_addr6': None, 'server_addr6': None}
TWO_PASS = {
    1: dict(COMMON, frame='1', verdict='passed', reason=None, lan_client_port='13047',
            wan_client_addr='9.9.9.9', wan_client_port='13047', cookie=None, syn_data_lan='0',
            syn_data_wan='0', first_frame='1', last_frame='6', other_side_recorded=True),
    2: dict(COMMON, frame='13', verdict='syn-data-dropped', reason=None, lan_client_port='13048',
            wan_client_addr=None, wan_client_port=None, cookie='09:09:09:09:00:00', syn_data_lan='4',
            syn_data_wan=None, first_frame='13', last_frame='13', other_side_recorded=True),
}
# Single pass: on its first frame neither handshake's window has closed,
# and handshake 1's WAN copy (frame 2) is still to come.
SINGLE_PASS = {
    1: dict(TWO_PASS[1], verdict='unknown', reason='window-open', wan_client_addr=None,
            wan_client_port=None, syn_data_wan=None, last_frame='1', other_side_recorded=False),
    2: dict(TWO_PASS[2], verdict='unknown', reason='window-open', other_side_recorded=False),
}

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def tshark(build, capture, *args):
    proc = subprocess.run([RUNNER, build, capture, *args], capture_output=True, text=True)
    check(proc.returncode == 0 and not proc.stderr.strip(),
          f'tshark {" ".join(args)} on {os.path.basename(capture)} exited {proc.returncode}: {proc.stderr.strip()}')
    return proc.stdout


def ek_records(build, capture, two_pass):
    """[(frame, {field: value})] of the -T ek documents, index lines checked and skipped."""
    lines = tshark(build, capture, *(['-2'] if two_pass else []), '-Y', 'tfo.record', '-T', 'ek').splitlines()
    records = []
    for i, line in enumerate(lines):
        doc = json.loads(line)
        if i % 2 == 0:
            check('index' in doc, f'ek line {i + 1} is not an index line: {line[:80]}')
            continue
        tfo = doc['layers'].get('tfo', {})
        records.append((doc['layers']['frame']['frame_frame_number'],
                        {k[len(PREFIX):]: v for k, v in tfo.items() if k.startswith(PREFIX)}))
    return records


def table_verdicts(build, capture, two_pass):
    """{handshake: verdict} of the -z tfo,nat table."""
    out = {}
    text = tshark(build, capture, *(['-2'] if two_pass else []), '-q', '-z', 'tfo,nat')
    for line in text.splitlines():
        words = line.split()
        if words and words[0].isdigit():
            out[int(words[0])] = words[-4]
    return out


def check_challenge(build):
    for two_pass, want in ((True, TWO_PASS), (False, SINGLE_PASS)):
        mode = '-2' if two_pass else 'single pass'
        records = ek_records(build, CHALLENGE, two_pass)
        got = [int(r['handshake']) for _, r in records]
        check(got == sorted(want), f'{mode}: ek records for handshakes {got}, expected {sorted(want)}')
        for frame, r in records:
            expected = want.get(int(r['handshake']), {})
            check(frame == expected.get('frame'), f'{mode}: record {r["handshake"]} on frame {frame}')
            for name, value in expected.items():
                if name != 'frame':
                    check(r.get(name) == value, f'{mode}: record {r["handshake"]} {name} = {r.get(name)!r}, expected {value!r}')
            extra = set(r) - set(expected) - {'handshake'}
            check(not extra, f'{mode}: record {r["handshake"]} has fields not checked: {sorted(extra)}')

    # -T json: the same records, nested under tfo.record.
    docs = json.loads(tshark(build, CHALLENGE, '-2', '-Y', 'tfo.record', '-T', 'json'))
    nested = [d['_source']['layers']['tfo']['tfo.record'] for d in docs]
    check([n.get('tfo.record.verdict') for n in nested] == ['passed', 'syn-data-dropped'],
          f'-T json records: {nested}')
    # -T fields: one line per handshake.
    names = ['tfo.record.handshake', 'tfo.record.verdict', 'tfo.record.wan_client_addr', 'tfo.record.last_frame',
             'tfo.record.other_side_recorded']
    args = ['-2', '-Y', 'tfo.record', '-T', 'fields']
    for n in names:
        args += ['-e', n]
    # Booleans: 1/0 on Wireshark 4.0, True/False on 4.4 and 4.6.
    lines = tshark(build, CHALLENGE, *args).replace('True', '1').replace('False', '0').splitlines()
    check(lines == ['1\tpassed\t9.9.9.9\t6\t1', '2\tsyn-data-dropped\t\t13\t1'], f'-T fields records: {lines}')


def check_all_samples(build):
    captures = sorted(glob.glob(os.path.join(TOP, 'sample-captures', '*.pcap*')))
    check(len(captures) > 10, f'only {len(captures)} sample captures found')
    for capture in captures:
        name = os.path.basename(capture)
        for two_pass in (True, False):
            mode = '-2' if two_pass else 'single pass'
            table = table_verdicts(build, capture, two_pass)
            records = ek_records(build, capture, two_pass)
            ids = [int(r['handshake']) for _, r in records]
            if two_pass:
                check(sorted(ids) == sorted(table), f'{name} {mode}: records for {ids}, table rows {sorted(table)}')
            else:
                # A frame read before the other interfaces reached its time
                # is analysed later: its handshake has no record yet.
                check(len(set(ids)) == len(ids) and set(ids) <= set(table),
                      f'{name} {mode}: records for {ids}, table rows {sorted(table)}')
            for frame, r in records:
                check(r['first_frame'] == frame, f'{name} {mode}: record {r["handshake"]} on frame {frame}, '
                                                 f'first frame {r["first_frame"]}')
                if two_pass:
                    check(r['verdict'] == table.get(int(r['handshake'])),
                          f'{name}: record {r["handshake"]} verdict {r["verdict"]}, table {table.get(int(r["handshake"]))}')
                check((r['verdict'] == 'unknown') == ('reason' in r),
                      f'{name} {mode}: record {r["handshake"]} verdict {r["verdict"]} reason {r.get("reason")}')


def main():
    build = sys.argv[1]
    check_challenge(build)
    check_all_samples(build)
    if failures:
        print('FAIL tfo.record')
        for msg in failures:
            print('  ' + msg)
        return 1
    print('ok tfo.record: one record per handshake, single pass and -2')
    return 0


if __name__ == '__main__':
    sys.exit(main())
