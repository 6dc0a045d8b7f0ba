/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the engine remembers of a Fast Open handshake: its SYNs and SYN-ACKs
 * as seen on each side of the gateway (a "leg"), and which copies are twins. */
#ifndef TFO_HANDSHAKE_H
#define TFO_HANDSHAKE_H

#include "tfo_addr.h"
#include "tfo_option.h"

#include <glib.h>
#include <stdint.h>

/* Payload bytes kept to compare copies captured to different lengths. */
#define TFO_PAYLOAD_HEAD 16

typedef enum { TFO_SIDE_UNKNOWN = 0, TFO_SIDE_LAN = 1, TFO_SIDE_WAN = 2 } tfo_side;

typedef enum {
    TFO_FATE_NONE = 0,  /* no twin expected: egress copy, or one-sided */
    TFO_FATE_PENDING,   /* waiting for its twin within the forwarding window */
    TFO_FATE_FORWARDED, /* its twin was seen on the other side */
    TFO_FATE_DROPPED,   /* the other side was recorded past the window without it */
    TFO_FATE_UNPROVEN   /* no twin, and the capture cannot prove a drop */
} tfo_fate;

typedef struct tfo_segment tfo_segment;
typedef struct tfo_leg tfo_leg;
typedef struct tfo_handshake tfo_handshake;

/* A SYN or SYN-ACK as captured on one side. */
struct tfo_segment {
    uint32_t frame;
    int64_t ts;            /* capture time, ns */
    int64_t answered_ts;   /* see answered */
    uint32_t seq, ack;
    uint32_t payload_len;
    uint32_t payload_captured;                 /* bytes of it in the capture */
    uint32_t payload_hash;                     /* of the captured bytes */
    uint8_t payload_head[TFO_PAYLOAD_HEAD];    /* the first captured bytes */
    uint32_t tsval;
    uint16_t ip_id;
    uint8_t has_tsval, has_ip_id;
    uint8_t is_synack;
    uint8_t fate;          /* tfo_fate */
    uint8_t ambiguous;     /* an unmatched SYN to the same server came while pending */
    uint8_t awaiting;      /* unproven: the other side recorded nothing past its window */
    uint8_t late;          /* analysed after later frames: its twin may have come first */
    uint8_t by_silence;    /* dropped: proved by the other side's silence (tfo_fate_finish) */
    uint8_t one_sided;     /* unproven: the capture never recorded the other side */
    uint8_t answered;      /* a SYN-ACK of its connection was captured on its side, at answered_ts */
    uint8_t side;          /* tfo_side, for a SYN outside any leg */
    uint8_t queued;        /* in the fate's expiry queue (tfo_fate.h) */
    uint8_t deferred;      /* unproven, waiting for its side to be learned */
    int32_t interface_id;
    tfo_endpoint client;   /* the client end of its connection on this side: */
    tfo_endpoint server;   /* with the server, its keys among pending twins */
    int8_t option_status;  /* tfo_option_parse() result, clamped to int8 */
    tfo_option option;
    tfo_segment *twin;     /* the same packet on the other side */
    tfo_leg *leg;          /* NULL outside any handshake: a TFO packet without
                              its SYN, or a plain SYN kept only as a candidate twin */
};

/* Identifies one side's copy of a connection. */
typedef struct {
    int32_t interface_id;  /* -1 when the capture does not say */
    tfo_endpoint client, server;
} tfo_leg_key;

/* One handshake as seen on one side of the gateway. */
struct tfo_leg {
    tfo_leg_key key;
    tfo_handshake *hs;
    uint8_t side;          /* tfo_side */
    uint32_t isn;
    GPtrArray *syns;       /* tfo_segment *, in capture order */
    GPtrArray *synacks;
    uint32_t first_data_frame; /* first client segment after a SYN-ACK, 0 if none */
    uint32_t first_data_seq, first_data_ack, first_data_len;
};

/* A client connection attempt carrying a TFO option or SYN data: outbound
 * when its client is on the LAN, inbound (port forwarding) when on the WAN. */
struct tfo_handshake {
    uint32_t id;           /* 1, 2, ... in order of first frame */
    tfo_leg *client_leg;   /* where its first SYN was captured first: the
                              client's side of the gateway (LAN or WAN, or
                              not known yet) */
    tfo_leg *server_leg;   /* its twin's: the server's side, or NULL */
    int64_t last_ts;       /* of its latest segment or first data */
    int64_t checked_ts;    /* when last found not ready to retire (tfo_track.h) */
    gboolean established;  /* a leg has its first data: a retirement candidate */
};

guint tfo_leg_key_hash(gconstpointer key);
gboolean tfo_leg_key_equal(gconstpointer a, gconstpointer b);

tfo_handshake *tfo_handshake_new(uint32_t id);
/* Frees |hs| (may be NULL), its legs and their segments. */
void tfo_handshake_free(tfo_handshake *hs);

/* Creates the leg |key| with initial sequence number |isn| on |side| of |hs|
 * and returns it: its client leg when it has none yet, else its server leg. */
tfo_leg *tfo_handshake_add_leg(tfo_handshake *hs, const tfo_leg_key *key, tfo_side side, uint32_t isn);

/* Appends |seg| to |leg| (SYN or SYN-ACK list by seg->is_synack), which then owns it. */
void tfo_leg_add_segment(tfo_leg *leg, tfo_segment *seg);

/* The first SYN of |leg|, or NULL. */
tfo_segment *tfo_leg_first_syn(const tfo_leg *leg);

/* Links |ingress| and |egress| as twins and marks |ingress| forwarded. */
void tfo_segment_link_twins(tfo_segment *ingress, tfo_segment *egress);

/* The side |seg| was captured on: its leg's, or its own outside a leg. */
tfo_side tfo_segment_side(const tfo_segment *seg);

/* The side opposite |side|: LAN for WAN and back; UNKNOWN stays. */
tfo_side tfo_side_other(tfo_side side);

#endif
