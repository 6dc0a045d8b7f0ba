/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The analysis engine: fed one observation per captured frame, in capture
 * order, it tracks Fast Open handshakes on both sides of a gateway, matches
 * each packet with its NAT-translated twin and answers per frame and per
 * handshake. It reads no file, clock or global: time comes with the frames. */
#ifndef TFO_ENGINE_H
#define TFO_ENGINE_H

#include "tfo_addr.h"
#include "tfo_handshake.h"
#include "tfo_option.h"
#include "tfo_verdict.h"

#include <glib.h>
#include <stdint.h>

#define TFO_TCP_FIN 0x01
#define TFO_TCP_SYN 0x02
#define TFO_TCP_RST 0x04
#define TFO_TCP_ACK 0x10

#define TFO_DEFAULT_WINDOW_MS 500

/* Times and the window are clamped to +-TFO_TIME_LIMIT ns (146 years), so
 * that the difference of any two fits int64. */
#define TFO_TIME_LIMIT (((int64_t)1 << 62) - 1)

/* One captured frame, normalized. Pointers need only live during the call. */
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

/* What a frame is to a handshake. */
typedef enum {
    TFO_ROLE_SYN = 1,        /* also a SYN or SYN-ACK outside any handshake */
    TFO_ROLE_SYN_RETRANSMISSION,
    TFO_ROLE_SYNACK,
    TFO_ROLE_SYNACK_RETRANSMISSION,
    TFO_ROLE_FIRST_DATA,     /* the client's first segment after the SYN-ACK */
    TFO_ROLE_PROOF           /* only proves a drop elsewhere */
} tfo_role;

#define TFO_RESULT_NAT_DROPPED (1u << 0)
#define TFO_RESULT_OPTION_STRIPPED TFO_CHANGE_OPTION_STRIPPED
#define TFO_RESULT_DATA_STRIPPED TFO_CHANGE_DATA_STRIPPED
#define TFO_RESULT_COOKIE_MANGLED TFO_CHANGE_COOKIE_MANGLED
#define TFO_RESULT_SEQ_REWRITTEN TFO_CHANGE_SEQ_REWRITTEN
#define TFO_RESULT_UNPROVEN (1u << 5)     /* no twin, and no proof of a drop */
#define TFO_RESULT_DATA_RESENT (1u << 6)  /* first data repeats the SYN data */
/* Unproven because the other side recorded nothing past the window. */
#define TFO_RESULT_OTHER_SIDE_SILENT (1u << 7)

/* A drop this frame was the first to prove (single-pass view). */
typedef struct {
    uint32_t handshake;
    uint32_t dropped_frame;
} tfo_proof;

/* Everything the engine knows about one frame, as of now. */
typedef struct {
    uint32_t handshake;     /* 0: none */
    uint8_t side;           /* tfo_side */
    uint8_t role;           /* tfo_role */
    uint32_t flags;         /* TFO_RESULT_* */
    uint32_t peer_frame;    /* twin on the other side, 0 if none */
    int64_t nat_delay;      /* ns between the twins, when peer_frame */
    tfo_option option;      /* the frame's own Fast Open option */
    int option_status;      /* tfo_option_parse() result */
    uint32_t syn_data_len;  /* payload of a SYN */
    tfo_verdict verdict;
    int64_t fallback_cost;  /* ns, or -1 */
    const GArray *proofs;   /* of tfo_proof, or NULL */
    int64_t behind;         /* > 0: ns this frame is earlier than a frame
                               before it (the capture is out of time order) */
} tfo_frame_result;

typedef struct tfo_engine tfo_engine;

/* Creates an engine whose forwarding window is |window_ns|: how long the
 * gateway may take to forward a packet before it counts as not forwarded. */
tfo_engine *tfo_engine_new(int64_t window_ns);
void tfo_engine_free(tfo_engine *engine);

/* Pins |interface_id| to |side| (from preferences); learned sides never
 * override it. */
void tfo_engine_set_interface_side(tfo_engine *engine, int32_t interface_id, tfo_side side);

/* Feeds one frame. Returns 0, or one of these negative codes:
 *   TFO_ERR_REPLAY   |obs->frame| is not greater than the last frame fed;
 *                    the observation is ignored;
 *   TFO_ERR_INVALID  a TCP observation without an IPv4 or IPv6 address;
 *                    only its time counted. */
int tfo_engine_observe(tfo_engine *engine, const tfo_observation *obs);

/* Fills |out| with what is known of |frame| now. Returns FALSE when the
 * frame has nothing to do with Fast Open. */
gboolean tfo_engine_frame_result(const tfo_engine *engine, uint32_t frame, tfo_frame_result *out);

/* Handshakes are numbered 1..count. */
uint32_t tfo_engine_handshake_count(const tfo_engine *engine);
const tfo_handshake *tfo_engine_handshake(const tfo_engine *engine, uint32_t id);

#endif
