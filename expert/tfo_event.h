/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One observation made into a self-contained event the engine can keep
 * while it waits for the capture's other interfaces to catch up
 * (tfo_reorder.h): what kind of TCP segment it is, its connection key,
 * its clamped time, and for a SYN or SYN-ACK the captured copy itself,
 * with its option parsed and its payload hashed. */
#ifndef TFO_EVENT_H
#define TFO_EVENT_H

#include "tfo_handshake.h"
#include "tfo_observation.h"

typedef enum {
    TFO_EVENT_TIME = 0, /* no usable address: only its time counts */
    TFO_EVENT_IP,       /* an IP packet that is no part of a handshake */
    TFO_EVENT_SYN,
    TFO_EVENT_SYNACK,
    TFO_EVENT_DATA      /* any other TCP segment (keyed as the client's) */
} tfo_event_kind;

typedef struct {
    uint32_t frame;
    int64_t ts;          /* clamped to +-TFO_TIME_LIMIT */
    int64_t behind;      /* > 0: ns it came after a later frame was analysed */
    uint8_t kind;        /* tfo_event_kind */
    uint16_t tcp_flags;
    tfo_leg_key key;     /* client and server (for IP events: source and
                            destination) and the interface */
    uint32_t seq, ack, payload_len;
    tfo_segment *segment; /* SYN and SYN-ACK only; owned until taken */
} tfo_event;

/* Makes the event of |obs| into |*out| (free with tfo_event_free()).
 * Returns 0, or TFO_ERR_INVALID for a TCP observation without an IPv4 or
 * IPv6 address (its event is then TFO_EVENT_TIME). A segment with RST, and
 * a SYN with FIN, take no part in a handshake (RFC 9293 §3.10.7):
 * TFO_EVENT_IP. */
int tfo_event_new(const tfo_observation *obs, tfo_event **out);

/* Frees |ev| and the segment it still owns. */
void tfo_event_free(tfo_event *ev);

/* Hands the segment of |ev| over to the caller (NULL if none). */
tfo_segment *tfo_event_take_segment(tfo_event *ev);

/* |ts| clamped to +-TFO_TIME_LIMIT. */
int64_t tfo_event_time(int64_t ts);

#endif
