/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Handshake tracking: one step per kind of input, fed in time order. A SYN
 * with a Fast Open option or data starts a handshake on the side it was
 * captured on; its NAT-translated twin on the other side becomes the
 * handshake's other leg; SYN-ACKs and the client's first data segment are
 * added to the leg of their connection. The tracker owns the handshake
 * table (ids, legs by key, every segment) and tells the fate what to wait
 * for. */
#ifndef TFO_TRACK_H
#define TFO_TRACK_H

#include "tfo_event.h"
#include "tfo_fate.h"
#include "tfo_match.h"
#include "tfo_results.h"
#include "tfo_sides.h"

typedef struct tfo_tracker tfo_tracker;

/* A tracker working with |sides|, |fate| (which holds the window in force)
 * and |results|, which it does not own. */
tfo_tracker *tfo_track_new(tfo_sides *sides, tfo_fate_queue *fate, tfo_results *results);
void tfo_track_free(tfo_tracker *tracker);

/* The pending SYNs by server, which the fate also settles. */
tfo_match_index *tfo_track_candidates(tfo_tracker *tracker);

/* A SYN (TFO_EVENT_SYN): a retransmission, the twin of a pending SYN, a
 * new handshake, or plain TCP kept a while as a candidate twin. Takes the
 * event's segment. Packets found dropped when sides are learned from it are
 * appended to |dropped|. */
void tfo_track_syn(tfo_tracker *tracker, tfo_event *ev, GPtrArray *dropped);

/* A SYN-ACK (TFO_EVENT_SYNACK) of a tracked connection, or a Fast Open
 * SYN-ACK without its SYN. Takes the event's segment. */
void tfo_track_synack(tfo_tracker *tracker, tfo_event *ev);

/* A client segment (TFO_EVENT_DATA): the first after a SYN-ACK shows
 * whether the client had to send its SYN data again. */
void tfo_track_first_data(tfo_tracker *tracker, const tfo_event *ev);

/* TRUE when |ev| (before it is tracked) is traffic the gateway forwards,
 * which the other side records if it is recording: a plain SYN, a SYN-ACK
 * other than a retransmission of one that did not cross, a segment of a
 * connection seen crossing. */
gboolean tfo_track_is_crossing(const tfo_tracker *tracker, const tfo_event *ev);

/* TRUE once a SYN twin crossed the gateway: it forwards, and both sides
 * are recorded. */
gboolean tfo_track_gateway_forwarded(const tfo_tracker *tracker);

/* Retires the handshakes nothing the capture may still bring can change:
 * each leg's client sent its first data after the SYN-ACK (so no more SYNs
 * of it), each leg's side is known, the fate holds none of their segments
 * (tfo_fate_holds()), and |now|, the time analysed up to, is more than
 * |wait| ns past their latest segment. Their results and rows are stored
 * (tfo_results_retire()) and their records freed; of each leg a key stays,
 * so that its segments still count as crossing where they did. A later SYN
 * retransmission or SYN-ACK of a retired leg is ignored: no new handshake,
 * no loose SYN-ACK, its verdict unchanged. Handshakes found not ready are
 * looked at again |wait| ns later. */
void tfo_track_retire(tfo_tracker *tracker, int64_t now, int64_t wait);

/* Handshakes are numbered 1..count in time order of their first SYN. */
uint32_t tfo_track_handshake_count(const tfo_tracker *tracker);
/* The live handshake |id|, or NULL when out of range or retired. */
const tfo_handshake *tfo_track_handshake(const tfo_tracker *tracker, uint32_t id);

#endif
