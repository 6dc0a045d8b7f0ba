/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Puts events back in capture-time order. A capture of several interfaces
 * is written the way dumpcap writes it: each interface's frames in time
 * order, the interfaces in batches, so the file steps back in time at every
 * batch. This is a k-way merge of the per-interface streams, as reordercap
 * does: an event is released once every other interface seen has reached
 * its time (the watermark), or once the capture has gone |horizon| past it
 * (a silent interface holds nothing back for longer), or at finish.
 * Interfaces the capture declares (pcapng interface blocks) count from the
 * start, so that the first batch of one is not released before the others'
 * first frames. An interface alone waits its horizon, as the next batch may
 * be another's, unless the interfaces were declared or the capture has no
 * interface ids (pcap): such a capture is never held back. An event
 * earlier than one already released is "late": it is released at once,
 * marked with how far it is behind, its segment (if any) marked late. */
#ifndef TFO_REORDER_H
#define TFO_REORDER_H

#include "tfo_event.h"

/* Interface ids -1 .. TFO_REORDER_MAX_ID - 1 get a stream each; all others
 * share one. */
#define TFO_REORDER_MAX_ID 1024

typedef struct tfo_reorder tfo_reorder;

/* A reorder buffer that waits at most |horizon_ns| (clamped to
 * 0..TFO_TIME_LIMIT) of capture time for a slower interface. */
tfo_reorder *tfo_reorder_new(int64_t horizon_ns);
/* Frees |r| and every event still buffered. */
void tfo_reorder_free(tfo_reorder *r);

/* Declares that interface |interface_id| records frames, before any of
 * them has come; once any is declared, no undeclared one is waited for. */
void tfo_reorder_expect(tfo_reorder *r, int32_t interface_id);

/* Buffers |ev|, which |r| then owns. Events come with increasing frame
 * numbers and clamped times (tfo_event_time()). An event earlier than the
 * latest one released gets ev->behind set to how much earlier. */
void tfo_reorder_push(tfo_reorder *r, tfo_event *ev);

/* Returns the next event in (time, frame) order that may be released now,
 * whose ownership passes to the caller, or NULL. Late events come first. */
tfo_event *tfo_reorder_pop(tfo_reorder *r);

/* From now on tfo_reorder_pop() releases everything buffered. */
void tfo_reorder_finish(tfo_reorder *r);

/* Events buffered now. */
guint tfo_reorder_buffered(const tfo_reorder *r);

#endif
