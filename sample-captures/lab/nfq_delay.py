#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A slow gateway for the lab: holds every packet that iptables hands to
NFQUEUE queue QUEUE for DELAY milliseconds, then gives it back to the kernel
unchanged (tc netem is not available in every kernel). Packets leave in the
order they came; one waiting packet never holds up the reading of the next
(the verdicts wait in a heap ordered by their release time). Python 3
standard library only: nfnetlink_queue over a raw netlink socket, as in
nfq_strip.py.

  nfq_delay.py QUEUE DELAY_MS   runs until killed; prints "bound" once ready
"""
import heapq
import select
import struct
import sys
import time

from nfq_strip import NF_ACCEPT, NFQA_VERDICT_HDR, NFQNL_MSG_VERDICT, attr, bind, message, queued

NFQNL_COPY_META = 1      # the packet id is all a verdict needs


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    queue, delay = int(argv[0]), int(argv[1]) / 1000.0
    s = bind(queue, NFQNL_COPY_META, 0)
    print('bound to queue %d, delay %d ms' % (queue, delay * 1000), flush=True)
    waiting, n = [], 0          # heap of (release time, arrival number, packet id)
    while True:
        timeout = max(0.0, waiting[0][0] - time.monotonic()) if waiting else None
        if select.select([s], [], [], timeout)[0]:
            now = time.monotonic()
            for packet_id, _ in queued(s.recv(262144)):
                heapq.heappush(waiting, (now + delay, n, packet_id))
                n += 1
        now = time.monotonic()
        while waiting and waiting[0][0] <= now:
            packet_id = heapq.heappop(waiting)[2]
            s.send(message(NFQNL_MSG_VERDICT, queue,
                           [attr(NFQA_VERDICT_HDR, struct.pack('!II', NF_ACCEPT, packet_id))]))


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(0)
