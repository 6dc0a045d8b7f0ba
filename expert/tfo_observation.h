/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The engine's input: one captured frame, normalized, with no epan type in
 * it. The plugin fills it from a dissection (plugin/tfo_dissection.c). */
#ifndef TFO_OBSERVATION_H
#define TFO_OBSERVATION_H

#include "tfo_addr.h"

#include <glib.h>
#include <stdint.h>

#define TFO_TCP_FIN 0x01
#define TFO_TCP_SYN 0x02
#define TFO_TCP_RST 0x04
#define TFO_TCP_ACK 0x10

/* Times and the window are clamped to +-TFO_TIME_LIMIT ns (146 years), so
 * that the difference of any two fits int64. */
#define TFO_TIME_LIMIT (((int64_t)1 << 62) - 1)

/* One captured frame. Pointers need only live during the call. */
typedef struct {
    uint32_t frame;        /* frame number, increasing */
    int64_t ts;            /* capture time, ns; any origin */
    int32_t interface_id;  /* -1 when the capture does not say */
    gboolean is_tcp;       /* FALSE: only time, frame and addresses count */
    tfo_endpoint src, dst; /* addresses (any IP packet) and ports (TCP) */
    uint32_t seq, ack;     /* raw, not relative */
    uint16_t tcp_flags;    /* TFO_TCP_* bits */
    uint32_t payload_len;  /* TCP segment length */
    /* The rest is read for SYNs and SYN-ACKs only. */
    const uint8_t *payload;       /* captured payload bytes, may be shorter */
    uint32_t payload_captured;
    const uint8_t *options;       /* TCP options area: options_len bytes (from
                                     the header length), of which options_captured
                                     were captured */
    uint32_t options_len;
    uint32_t options_captured;
    gboolean has_tsval;
    uint32_t tsval;
    gboolean has_ip_id;
    uint16_t ip_id;
} tfo_observation;

#endif
