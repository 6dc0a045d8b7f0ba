#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate crafted captures of a slow gateway (issue #12, item 4).

Usage:
    python3 tests/gen_captures_slow.py [OUTDIR]

OUTDIR defaults to tests/captures.  Writes OUTDIR/slow-<name>.pcapng and
.expect for each scenario below, with the packets, addresses and .expect
facts of tests/gen_captures.py, except that this gateway takes 700 to 900 ms
to forward each packet (the delays below, in turn), more than the default
500 ms window.  The .expect facts come from the scenario, as there, plus
"twin A B" for every SYN and SYN-ACK the gateway forwarded.  The rule the
captures check: the window follows twice the slowest delay of SYN twins
with strong evidence, so each connection is one handshake, and a dropped
SYN is proved once the WAN was recorded past that window.
"""
import os
import sys

import gen_captures as g
from gen_captures import COOKIE, DATA, S, SYN, edit_tfo, nops

# Forwarding delays in us, used in turn; distinct sub-ms parts keep every
# packet's time unique.
DELAYS = (812345, 703211, 897654, 756789, 845123, 731517, 888001, 777777)


class SlowScenario(g.Scenario):
    def __init__(self, name):
        super().__init__('slow-' + name)
        self.turn, self.twins = 0, []

    def forward(self, p, **changes):
        """The twin of |p|, DELAYS[turn] later."""
        q = super().forward(p, **changes)
        q.t = p.t + DELAYS[self.turn % len(DELAYS)]
        self.turn += 1
        if p.flags & SYN:
            self.twins.append((p, q))
        return q

    def write(self, outdir):
        super().write(outdir)
        pkts = sorted(self.pkts, key=lambda p: p.t)
        number = {id(p): n for n, p in enumerate(pkts, 1)}
        with open(os.path.join(outdir, self.name + '.expect'), 'a') as f:
            for p, q in self.twins:
                f.write('twin %d %d\n' % (number[id(p)], number[id(q)]))


SCENARIOS = []


def scenario(fn):
    SCENARIOS.append((fn.__name__.replace('_', '-'), fn))
    return fn


# A cookie request first (the very first packet is slow, before any delay is
# known), then a data SYN accepted, a data SYN dropped with its plain retry
# passing, the option stripped, and a data SYN accepted again.
@scenario
def gateway(s):
    s.cookie_request(s.conn('passed'), 0)
    c = s.conn('passed')
    s.answer(c, s.forward(s.syn(c, 3 * S, COOKIE, DATA)), acked=len(DATA))
    c = s.conn('syn-data-dropped')
    s.drop_and_retry(c, s.syn(c, 6 * S, COOKIE, DATA))
    c = s.conn('option-stripped')
    syn = s.syn(c, 10 * S, COOKIE, DATA)
    s.answer(c, s.forward(syn, opts=edit_tfo(syn.opts, nops)))
    c = s.conn('passed')
    s.answer(c, s.forward(s.syn(c, 13 * S, COOKIE, DATA)), acked=len(DATA))


# The very first packet is a data SYN (cookie from an earlier visit), slow
# and accepted; the next data SYN is dropped, its plain retry passes.
@scenario
def first_syn_data(s):
    c = s.conn('passed')
    s.answer(c, s.forward(s.syn(c, 0, COOKIE, DATA)), acked=len(DATA))
    c = s.conn('syn-data-dropped')
    s.drop_and_retry(c, s.syn(c, 3 * S, COOKIE, DATA))


# tests/gen_captures.py's many-clients through the slow gateway: six data
# SYNs 5 ms apart, all waiting past the 500 ms floor for their first twin;
# those of .12 and .15 dropped (handshakes 2 and 5), their retries passing.
@scenario
def many_clients(s):
    g.many_clients(s)


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), 'captures')
    os.makedirs(outdir, exist_ok=True)
    for name, build in SCENARIOS:
        s = SlowScenario(name)
        build(s)
        s.write(outdir)
        print(os.path.join(outdir, s.name + '.pcapng'))


if __name__ == '__main__':
    main()
