/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The analysis engine: fed one observation per captured frame, in file
 * order, it analyses them in capture-time order (tfo_reorder.h) and tracks Fast Open handshakes on both sides of a gateway, matches
 * each packet with its NAT-translated twin and answers per frame and per
 * handshake. It reads no file, clock or global: time comes with the frames. */
#ifndef TFO_ENGINE_H
#define TFO_ENGINE_H

#include "tfo_addr.h"
#include "tfo_handshake.h"
#include "tfo_observation.h"
#include "tfo_option.h"
#include "tfo_results.h"
#include "tfo_verdict.h"

#include <glib.h>
#include <stdint.h>

#define TFO_DEFAULT_WINDOW_MS 500

/* How long, in capture time, the engine waits for a slower interface's
 * frames before it analyses a frame without them (tfo_reorder.h). dumpcap's
 * batches step back a few ms; a frame later than this is analysed late. */
#define TFO_REORDER_HORIZON ((int64_t)1000 * 1000000)

typedef struct tfo_engine tfo_engine;

/* Creates an engine whose forwarding window is at least |window_ns|: how
 * long the gateway may take to forward a packet before it counts as not
 * forwarded. The window follows the gateway's delay learned from SYN twins
 * (tfo_fate.h). */
tfo_engine *tfo_engine_new(int64_t window_ns);
void tfo_engine_free(tfo_engine *engine);

/* The window stays |window_ns| of tfo_engine_new(): nothing is learned.
 * Call before the first frame. */
void tfo_engine_fix_window(tfo_engine *engine);

/* Pins |interface_id| to |side| (from preferences); learned sides never
 * override it. */
void tfo_engine_set_interface_side(tfo_engine *engine, int32_t interface_id, tfo_side side);

/* Declares that the capture has interface |interface_id| (a pcapng
 * interface block), which may record frames before they come in the file. */
void tfo_engine_expect_interface(tfo_engine *engine, int32_t interface_id);

/* Feeds one frame. It is analysed once the capture's other interfaces
 * have reached its time, perhaps during a later call. Returns 0, or one of
 * these negative codes:
 *   TFO_ERR_REPLAY    |obs->frame| is not greater than the last frame fed;
 *                     the observation is ignored;
 *   TFO_ERR_INVALID   a TCP observation without an IPv4 or IPv6 address;
 *                     only its time counts;
 *   TFO_ERR_FINISHED  tfo_engine_finish() was called; ignored. */
int tfo_engine_observe(tfo_engine *engine, const tfo_observation *obs);

/* The capture has ended: analyses every frame still waiting. Drops proved
 * now are proved by no frame of their own. Calls after the first do
 * nothing. */
void tfo_engine_finish(tfo_engine *engine);

/* Fills |out| with what is known of |frame| now (final once finished).
 * Returns FALSE when the frame has nothing to do with Fast Open. */
gboolean tfo_engine_frame_result(const tfo_engine *engine, uint32_t frame, tfo_frame_result *out);

/* The stored results, for readers that need no more than them. */
const tfo_results *tfo_engine_results(const tfo_engine *engine);

/* Handshakes are numbered 1..count. A handshake nothing the capture may
 * still bring can change is retired while the capture is analysed
 * (tfo_track_retire()): its records are freed, its row and its frames'
 * results stay in tfo_engine_results(). */
uint32_t tfo_engine_handshake_count(const tfo_engine *engine);
/* The live handshake |id|, or NULL when out of range or retired. */
const tfo_handshake *tfo_engine_handshake(const tfo_engine *engine, uint32_t id);

#endif
