/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the engine found, per frame and per handshake, as readers get it.
 * While the capture is being analysed a frame's result is worked out from
 * the live handshake records when asked; once the capture is finished every
 * result is computed once, stored, and only read from then on, like
 * packet-tcp.c's per-frame acked table. */
#ifndef TFO_RESULTS_H
#define TFO_RESULTS_H

#include "tfo_handshake.h"
#include "tfo_report.h"
#include "tfo_verdict.h"

#include <glib.h>
#include <stdint.h>

/* What a frame is to a handshake. */
typedef enum {
    TFO_ROLE_SYN = 1,        /* also a SYN or SYN-ACK outside any handshake */
    TFO_ROLE_SYN_RETRANSMISSION,
    TFO_ROLE_SYNACK,         /* also one with an ISN no earlier SYN-ACK of its leg had */
    TFO_ROLE_SYNACK_RETRANSMISSION, /* the ISN of an earlier SYN-ACK of its leg */
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
/* Dropped, as the other side's silence at the end of the capture shows. */
#define TFO_RESULT_BY_SILENCE (1u << 8)

/* A drop that was proved while this frame was being fed (single-pass view). */
typedef struct {
    uint32_t handshake;
    uint32_t dropped_frame;
    tfo_verdict verdict;    /* of the handshake */
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
    uint8_t reason;         /* tfo_unknown_reason, for an unknown verdict */
    int64_t fallback_cost;  /* ns, or -1 */
    const GArray *proofs;   /* of tfo_proof, or NULL */
    gboolean has_record;    /* the handshake's first frame: |record| is its row */
    tfo_handshake_summary record;
    int64_t behind;         /* > 0: ns this frame is earlier than a frame
                               already analysed: out of time order by more
                               than the engine waits for */
    gboolean final;         /* the whole capture has been analysed: a drop
                               shows on the dropped frame, not on its proof */
} tfo_frame_result;

typedef struct tfo_results tfo_results;

tfo_results *tfo_results_new(void);
void tfo_results_free(tfo_results *results);

/* What the engine attaches to a frame: the SYN or SYN-ACK it is, the leg
 * whose first data it is, the drops proved while it was fed, how late it
 * was analysed. Frozen, a frame keeps only what is its own (about 100
 * bytes); what belongs to its handshake (verdict, reason, fallback cost,
 * the record) is read from the handshake's row. */
typedef struct {
    tfo_segment *segment; /* NULL once frozen */
    tfo_leg *leg;         /* NULL once frozen */
    GArray *proofs;       /* tfo_proof */
    int64_t behind;
} tfo_frame_record;

/* The record of |frame|, made when missing (not once frozen). */
tfo_frame_record *tfo_results_record(tfo_results *results, uint32_t frame);
/* Notes on |frame| that it proved |dropped_frame| of |handshake| dropped;
 * |handshake| must have been added. */
void tfo_results_add_proof(tfo_results *results, uint32_t frame, uint32_t handshake, uint32_t dropped_frame);

/* Handshakes are numbered 1..count in the order they were added. */
void tfo_results_add_handshake(tfo_results *results, const tfo_handshake *hs);
uint32_t tfo_results_handshake_count(const tfo_results *results);
/* The live handshake |id|, or NULL when out of range, retired or frozen. */
const tfo_handshake *tfo_results_handshake(const tfo_results *results, uint32_t id);
/* Fills |out| with the table row of handshake |id|. Returns FALSE when
 * there is no such handshake. */
gboolean tfo_results_summary(const tfo_results *results, uint32_t id, tfo_handshake_summary *out);

/* Fills |out| with what is known of |frame|. Returns FALSE when the frame
 * has nothing to do with Fast Open. */
gboolean tfo_results_frame(const tfo_results *results, uint32_t frame, tfo_frame_result *out);

/* |hs| will not change any more and is about to be freed: stores its row
 * and its frames' results as tfo_results_freeze() would, which read them
 * from then on. Call before any frame is fed that may change it. */
void tfo_results_retire(tfo_results *results, const tfo_handshake *hs);

/* Computes and stores every frame's result and every handshake's row, which
 * are final from now on; the live records are no longer read. */
void tfo_results_freeze(tfo_results *results);
gboolean tfo_results_frozen(const tfo_results *results);

#endif
