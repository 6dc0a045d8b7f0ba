/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The analysis of the capture file being read: its engine, fed on the
 * first pass and finished once. */
#ifndef TFO_ANALYSIS_H
#define TFO_ANALYSIS_H

#include <epan/packet.h>

#include "tfo_engine.h"

/* What the "tfo" tap hands its listeners for every frame: the frame's
 * result, if it has one yet, and the store of all results, which is final
 * after tfo_analysis_finish(). */
typedef struct {
    guint32 frame;
    gboolean has_result;
    tfo_frame_result result;
    const tfo_results *results;
} tfo_tap_data;

/* A new capture file: an engine with the forwarding window |window_ms|
 * (the floor of a window that follows the gateway, or with |window_fixed|
 * the window itself) and the interfaces the preferences name (by name or
 * number; "" for none). */
void tfo_analysis_start(guint window_ms, gboolean window_fixed, const char *lan_interface, const char *wan_interface);
/* The capture file is closed: frees its engine. */
void tfo_analysis_stop(void);

/* Feeds the frame being dissected (first pass only). */
void tfo_analysis_observe(packet_info *pinfo);

/* Tells the engine the capture has ended (once; later calls do nothing):
 * on the first frame of a later pass, and before a table is drawn. */
void tfo_analysis_finish(void);

/* Called with the final results of an analysis that ends, before they
 * are freed: the capture file is closed, or tshark -M resets the session
 * (which runs every cleanup and init routine, numbers frames from 1 again,
 * and keeps the tap listeners). */
typedef void (*tfo_analysis_end_cb)(const tfo_results *results, void *user_data);
void tfo_analysis_watch_end(tfo_analysis_end_cb cb, void *user_data);
void tfo_analysis_unwatch_end(tfo_analysis_end_cb cb, void *user_data);

/* What is known of |frame| now, for the printer and the tap. */
void tfo_analysis_tap_data(guint32 frame, tfo_tap_data *out);

#endif
