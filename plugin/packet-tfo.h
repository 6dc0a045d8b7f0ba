/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the plugin's files share. Data flows one way:
 * tfo_dissection.c (dissection -> observation) -> expert/ engine ->
 * tfo_print.c (tree, expert info, Info column) and tfo_stats.c (tables). */
#ifndef PACKET_TFO_H
#define PACKET_TFO_H

#include <epan/packet.h>

#include "tfo_engine.h"
#include "tfo_report.h"

void proto_register_tfo(void);
void proto_reg_handoff_tfo(void);

/* The engine of the capture file being read (file scope). */
tfo_engine *tfo_current_engine(void);

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

/* tfo_record.c */
void tfo_record_register(int proto);
/* Adds the "tfo.record" item of the handshake |s| to |tree| (on its first frame). */
void tfo_record_print(proto_tree *tree, tvbuff_t *tvb, const tfo_handshake_summary *s);

/* tfo_stats.c */
/* Registers the "tfo" tap's tables: -z tfo,nat and Statistics -> TFO through NAT. */
void tfo_stats_register(void);

#endif
