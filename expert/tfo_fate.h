/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Drop proof: what became of each packet that should have crossed the
 * gateway. A packet is pending while its twin may still come; once the
 * forwarding window in force (which follows the gateway's learned delay)
 * has closed without one, and, while no delay is learned, its span too
 * (tfo_fate_expire(), driven by the time of each event, oldest first), it
 * is settled: dropped when its side is known (a SYN on the client's side
 * enters the gateway there, a SYN-ACK on the server's, whichever of LAN and
 * WAN that is), the other side was
 * recorded past its window, nothing else could have been its twin, it was
 * not analysed late (after its twin, perhaps) and the server did not answer
 * it; else unproven. A packet of a side still
 * unknown, or whose other side has not been recorded past its window yet,
 * waits and is settled again when that changes. */
#ifndef TFO_FATE_H
#define TFO_FATE_H

#include "tfo_handshake.h"
#include "tfo_match.h"
#include "tfo_sides.h"

typedef struct tfo_fate_queue tfo_fate_queue;

/* The window follows the gateway: TFO_WINDOW_DELAY_FACTOR times the
 * slowest forwarding delay learned, at least the floor, at most
 * TFO_WINDOW_MAX (unless the floor is higher). */
#define TFO_WINDOW_DELAY_FACTOR 2
#define TFO_WINDOW_MAX ((int64_t)10 * 1000000000)

/* |window_ns|: how long the gateway may take to forward a packet, at
 * least (the floor of the window). */
tfo_fate_queue *tfo_fate_new(int64_t window_ns);
/* Frees |fate| and the plain SYNs (outside any leg) it still holds. */
void tfo_fate_free(tfo_fate_queue *fate);

/* The window stays the floor: nothing learned, no twin looked for past it.
 * Call before any packet is made pending. */
void tfo_fate_fix_window(tfo_fate_queue *fate);

/* A SYN twin with strong evidence crossed in |delay| ns: the window in
 * force follows the slowest. Packets waiting for a delay to be learned are
 * settled at the next tfo_fate_expire() with the new window. */
void tfo_fate_learn_delay(tfo_fate_queue *fate, int64_t delay);

/* The window in force (see TFO_WINDOW_DELAY_FACTOR). */
int64_t tfo_fate_window(const tfo_fate_queue *fate);

/* How long after a packet its twin may come: the window, plus how far the
 * capture has shown frames out of time order. */
int64_t tfo_fate_horizon(const tfo_fate_queue *fate);

/* How long a pending packet stays a candidate twin: the horizon once a
 * delay is learned (or the window fixed); before that, as a twin with
 * strong evidence may still come from a slow gateway, at least
 * TFO_WINDOW_MAX plus the disorder, and no drop is proved before it, or
 * before the capture ends. */
int64_t tfo_fate_span(const tfo_fate_queue *fate);

/* How long after a packet the fate rules may still look for its twin or
 * settle it by time: the largest window the fate may come to use, plus the
 * disorder. */
int64_t tfo_fate_reach(const tfo_fate_queue *fate);

/* TRUE while |seg| is in the fate's hands: pending, still in the expiry
 * queue, waiting for its other side to be recorded or for its side to be
 * learned. Until then its fate may change and the fate may read it. */
gboolean tfo_fate_holds(const tfo_segment *seg);

/* A frame came |behind| ns after a later one had been analysed. */
void tfo_fate_note_late(tfo_fate_queue *fate, int64_t behind);

/* Makes |seg| pending: queued for expiry, and a candidate twin in |index|. */
void tfo_fate_make_pending(tfo_fate_queue *fate, tfo_match_index *index, tfo_segment *seg);

/* Settles every pending packet whose window closed before |now| and those
 * waiting for a side to be recorded that now is. Appends the packets it
 * found dropped to |dropped|. */
void tfo_fate_expire(tfo_fate_queue *fate, tfo_match_index *index, const tfo_sides *sides, int64_t now,
                     GPtrArray *dropped);

/* The capture has ended: no twin can come any more, so the packets that
 * waited for a delay to be learned are settled with the window in force;
 * then a packet still waiting for its other side to be recorded past its
 * window is dropped when that side's silence proves it
 * (tfo_sides_silence_proves) and |gateway_forwarded| (twins crossed, so the
 * gateway was seen forwarding with both sides recorded), marked by_silence.
 * Appends the packets found dropped to |dropped|. */
void tfo_fate_finish(tfo_fate_queue *fate, tfo_match_index *index, const tfo_sides *sides, gboolean gateway_forwarded,
                     GPtrArray *dropped);

/* Sides were learned: settles again the packets that waited for theirs;
 * appends those found dropped to |dropped|. */
void tfo_fate_sides_learned(tfo_fate_queue *fate, const tfo_sides *sides, GPtrArray *dropped);

#endif
