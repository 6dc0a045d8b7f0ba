/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which side of the gateway each capture interface is on, and how far each
 * side was recorded. Sides come from preferences or interface names
 * (pinned), or are learned from twins: the two interfaces a twin crossed
 * between are on opposite sides, and which is the LAN shows in the endpoint
 * the NAT rewrote (a private client made public: outbound; a public server
 * made private: inbound). A side once known is never relearned. A capture
 * of one interface carrying both sides tells them by address. Fed events in
 * time order; calls nobody. */
#ifndef TFO_SIDES_H
#define TFO_SIDES_H

#include "tfo_addr.h"
#include "tfo_handshake.h"

#include <glib.h>
#include <stdint.h>

typedef struct tfo_sides tfo_sides;

tfo_sides *tfo_sides_new(void);
void tfo_sides_free(tfo_sides *sides);

/* Pins |interface_id| to |side| (a preference or the interface's name);
 * learning never changes it. TFO_SIDE_UNKNOWN unpins it. */
void tfo_sides_pin(tfo_sides *sides, int32_t interface_id, tfo_side side);

/* The capture declares interface |interface_id| (a pcapng interface block). */
void tfo_sides_expect(tfo_sides *sides, int32_t interface_id);

/* TRUE when an interface the capture declares, other than |interface_id|,
 * has recorded nothing yet: the other side may still be in the capture. */
gboolean tfo_sides_declared_silent(const tfo_sides *sides, int32_t interface_id);

/* A frame of |interface_id| was captured at |ts| (time order). */
void tfo_sides_note_frame(tfo_sides *sides, int32_t interface_id, int64_t ts);

/* The side a packet between |a| and |b| was captured on: the interface's
 * side when known (pinned, or learned from twins). With several interfaces
 * and that unknown: unknown, since a LAN can carry global addresses too.
 * With one: LAN when either address is private, else WAN once a LAN has been
 * seen (the other half of a merged capture), else unknown; broadcast,
 * multicast and the like say nothing. */
tfo_side tfo_sides_of_packet(const tfo_sides *sides, int32_t interface_id, const tfo_endpoint *a,
                             const tfo_endpoint *b);

/* Notes that the side of a packet between |a| and |b| on |interface_id|
 * is being recorded. */
void tfo_sides_note_packet(tfo_sides *sides, int32_t interface_id, const tfo_endpoint *a, const tfo_endpoint *b);

/* The side of |interface_id| when known, else TFO_SIDE_UNKNOWN. */
tfo_side tfo_sides_of_interface(const tfo_sides *sides, int32_t interface_id);

/* The side |ingress| entered the gateway on, as the endpoint the NAT
 * rewrote in its twin |egress| shows: the copy whose rewritten endpoint
 * (client, or server) is private is on the LAN. TFO_SIDE_UNKNOWN when
 * nothing was rewritten (no NAT), both or neither copy's is private, or
 * the two endpoints disagree. */
tfo_side tfo_sides_of_ingress(const tfo_segment *ingress, const tfo_segment *egress);

/* A twin crossed from |ingress_if| to |egress_if|, which are therefore on
 * opposite sides: sets the side of each still unknown, from the other's
 * when that is known, else from |ingress_side| (tfo_sides_of_ingress()),
 * and when that is unknown too, taking the ingress for the LAN (outbound,
 * the common case; a label only: verdicts need the sides to differ, not
 * which is which). Returns TRUE when that taught something new. */
gboolean tfo_sides_learn(tfo_sides *sides, int32_t ingress_if, int32_t egress_if, tfo_side ingress_side);

/* The side an interface's name says: split into tokens of letters and
 * digits, a token "lan" (or "lan" and digits: "lan0") says LAN, "wan" or
 * "wwan" (and digits) says WAN, case-insensitively ("br-lan", "eth0.lan",
 * "pppoe-wan", "wan0", "wwan0"). Anything else says nothing ("eth0",
 * "wlan0", "vlan10"), and so does a name with both. */
tfo_side tfo_sides_from_interface_name(const char *name);

/* TRUE when packets of |side| have been captured. */
gboolean tfo_sides_recorded(const tfo_sides *sides, tfo_side side);

/* TRUE when |side| was being recorded after |ts|: a frame later than |ts|
 * came from an interface of that side or, with one interface carrying both
 * sides, from that interface. A side whose recording stopped early never is,
 * so that its silence proves no drop. */
gboolean tfo_sides_recorded_after(const tfo_sides *sides, tfo_side side, int64_t ts);

/* A frame of |interface_id| at |ts| that the gateway must have forwarded
 * (or be forwarding) to or from the other side: a plain SYN, a SYN-ACK, a
 * segment of a connection seen crossing. */
void tfo_sides_note_crossing(tfo_sides *sides, int32_t interface_id, int64_t ts);

/* The capture ended. TRUE when the silence of |silent| after its last frame
 * shows that a packet captured on |interface_id| (the other side) at |ts|,
 * which never reached |silent|, was dropped: the capture has an interface
 * per side, |silent| recorded frames (up to its last, T), |interface_id|
 * went on recording past |ts| + |window|, and nothing it captured after T
 * is traffic the gateway forwards, which |silent| would have recorded. */
gboolean tfo_sides_silence_proves(const tfo_sides *sides, tfo_side silent, int32_t interface_id, int64_t ts,
                                  int64_t window);

/* The side of |leg|, resolved from its interface once that is known. */
tfo_side tfo_sides_of_leg(const tfo_sides *sides, tfo_leg *leg);

#endif
