#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Reads the ASan/LSan/UBSan logs of one tshark run (LOGDIR/asan.PID,
LOGDIR/ubsan.PID) and prints the reports that count:

  - every ASan error and every UBSan report;
  - every leak whose allocation stack has a frame in the plugin: tfo_nat.so,
    a function named tfo_* or dissect_tfo, or a source under expert/ or plugin/.

Leaks of Wireshark and GLib alone are counted and left out. Exit status 1
when anything counts, else 0.

Usage: sanitizer_reports.py LOGDIR
"""
import os
import re
import sys

OURS = re.compile(r'tfo_nat\.so|\bin (tfo_|dissect_tfo|proto_register_tfo|proto_reg_handoff_tfo)'
                  r'|/(expert|plugin)/[\w.-]+\.c')
LEAK_START = re.compile(r'^(Direct|Indirect) leak of ')


def leak_blocks(text):
    """Yields (header, lines) of each leak record of an LSan report."""
    block = None
    for line in text.splitlines():
        if LEAK_START.match(line):
            if block:
                yield block
            block = [line]
        elif block is not None:
            if not line.strip() or line.startswith('SUMMARY:'):
                yield block
                block = None
            else:
                block.append(line)
    if block:
        yield block


def main():
    logdir = sys.argv[1]
    relevant, foreign = [], 0
    for name in sorted(os.listdir(logdir)):
        if not name.startswith(('asan.', 'ubsan.')):
            continue
        with open(os.path.join(logdir, name), errors='replace') as f:
            text = f.read()
        if not text.strip():
            continue
        leak_only = 'ERROR: LeakSanitizer' in text and 'ERROR: AddressSanitizer' not in text \
            and 'runtime error' not in text
        if not leak_only:
            relevant.append(f'--- {name}\n{text}')
            continue
        for block in leak_blocks(text):
            if any(OURS.search(line) for line in block):
                relevant.append(f'--- {name}: leak in the plugin\n' + '\n'.join(block))
            else:
                foreign += 1
    for r in relevant:
        print(r)
    return 1 if relevant else 0


if __name__ == '__main__':
    sys.exit(main())
