/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Drop proof: what became of each packet that should have crossed the
 * gateway. A packet is pending while its twin may still come; once the
 * forwarding window has closed without one (tfo_fate_expire(), driven by the
 * time of each event, oldest first) it is settled: dropped when its side is
 * known (a SYN on the client's side enters the gateway there, a SYN-ACK on
 * the server's, whichever of LAN and WAN that is), the other side was
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

/* |window_ns|: how long the gateway may take to forward a packet. */
tfo_fate_queue *tfo_fate_new(int64_t window_ns);
/* Frees |fate| and the plain SYNs (outside any leg) it still holds. */
void tfo_fate_free(tfo_fate_queue *fate);

int64_t tfo_fate_window(const tfo_fate_queue *fate);

/* How long after a packet its twin may come: the window, plus how far the
 * capture has shown frames out of time order. */
int64_t tfo_fate_horizon(const tfo_fate_queue *fate);

/* A frame came |behind| ns after a later one had been analysed. */
void tfo_fate_note_late(tfo_fate_queue *fate, int64_t behind);

/* Makes |seg| pending: queued for expiry, and a candidate twin in |index|. */
void tfo_fate_make_pending(tfo_fate_queue *fate, tfo_match_index *index, tfo_segment *seg);

/* Settles every pending packet whose window closed before |now| and those
 * waiting for a side to be recorded that now is. Appends the packets it
 * found dropped to |dropped|. */
void tfo_fate_expire(tfo_fate_queue *fate, tfo_match_index *index, const tfo_sides *sides, int64_t now,
                     GPtrArray *dropped);

/* The capture ended: a packet still waiting for its other side to be
 * recorded past its window is dropped when that side's silence proves it
 * (tfo_sides_silence_proves) and |gateway_forwarded| (twins crossed, so the
 * gateway was seen forwarding with both sides recorded); appends those to
 * |dropped|, marked by_silence. */
void tfo_fate_finish(tfo_fate_queue *fate, const tfo_sides *sides, gboolean gateway_forwarded, GPtrArray *dropped);

/* Sides were learned: settles again the packets that waited for theirs;
 * appends those found dropped to |dropped|. */
void tfo_fate_sides_learned(tfo_fate_queue *fate, const tfo_sides *sides, GPtrArray *dropped);

#endif
