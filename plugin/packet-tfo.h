/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The "TFO through NAT" post-dissector. Data flows one way:
 * tfo_dissection.c (dissection -> observation) -> tfo_analysis.c (the
 * expert/ engine of the capture file) -> tfo_print.c (tree, expert info,
 * Info column) and, through the tap, tfo_stats.c (tables). */
#ifndef PACKET_TFO_H
#define PACKET_TFO_H

void proto_register_tfo(void);
void proto_reg_handoff_tfo(void);

#endif
