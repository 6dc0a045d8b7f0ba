/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the plugin's files share. Data flows one way:
 * tfo_dissection.c (dissection -> observation) -> expert/ engine ->
 * tfo_print.c (tree, expert info, Info column) and tfo_stats.c (tables). */
#ifndef PACKET_TFO_H
#define PACKET_TFO_H

#include <epan/packet.h>

#include "tfo_engine.h"

void proto_register_tfo(void);
void proto_reg_handoff_tfo(void);

/* Tells the engine the capture has ended (once; later calls do nothing):
 * on the first frame of a later pass, and before a table is drawn. */
void tfo_analysis_finish(void);

/* tfo_dissection.c */
/* Starts a new capture file: times count from its first frame. */
void tfo_dissection_init(void);
/* Registers the helper that stands in front of TCP (protocol registration). */
void tfo_dissection_register(void);
/* Puts that helper in front of TCP in the "ip.proto" table (handoff). */
void tfo_dissection_handoff(void);
/* Describes the frame being dissected in |obs|; payload and options point
 * into the frame's data. A frame that is not plain TCP (no TCP, TCP inside
 * an ICMP error, TCP in TCP) gets is_tcp FALSE, with its time still set. */
void tfo_dissection_observe(packet_info *pinfo, tfo_observation *obs);

/* tfo_print.c */
void tfo_print_register(int proto);
void tfo_print_result(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const tfo_frame_result *result);

/* What the "tfo" tap hands its listeners for every frame: the frame's
 * result, if it has one yet, and the store of all results, which is final
 * after tfo_analysis_finish(). */
typedef struct {
    guint32 frame;
    gboolean has_result;
    tfo_frame_result result;
    const tfo_results *results;
} tfo_tap_data;

/* tfo_stats.c */
/* Registers the "tfo" tap's tables: -z tfo,nat and Statistics -> TFO through NAT. */
void tfo_stats_register(void);

#endif
