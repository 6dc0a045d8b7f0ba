/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Dissection -> observation: the one place that knows what other
 * dissectors give us. */
#ifndef TFO_DISSECTION_H
#define TFO_DISSECTION_H

#include <epan/packet.h>

#include "tfo_observation.h"

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

#endif
