/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding a packet's twin: the same packet on the other side of the gateway,
 * after the gateway rewrote its source (or destination), perhaps its
 * sequence numbers, and perhaps added or removed options. */
#ifndef TFO_MATCH_H
#define TFO_MATCH_H

#include "tfo_handshake.h"

/* What the gateway has been seen to keep, counted over matched SYN twins.
 * A field the gateway keeps must be equal in twins; one it may rewrite
 * proves nothing either way. */
typedef struct {
    uint32_t isn_kept, isn_changed;
    uint32_t tsval_kept, tsval_changed;
} tfo_gateway_traits;

/* Counts what the gateway kept or changed between |ingress| and |egress|. */
void tfo_gateway_learn(tfo_gateway_traits *traits, const tfo_segment *ingress, const tfo_segment *egress);

/* Scores of the evidence that |ingress| and |egress| are the same SYN. */
#define TFO_MATCH_ISN 8      /* same initial sequence number */
#define TFO_MATCH_TSVAL 4    /* same TCP timestamp value */
#define TFO_MATCH_PAYLOAD 2  /* same non-empty payload */
#define TFO_MATCH_IP_ID 1    /* same IPv4 ID: weak, many NATs renumber */
#define TFO_MATCH_EVIDENCE TFO_MATCH_PAYLOAD

/* Returns the sum of the TFO_MATCH_* scores that |ingress| and |egress|
 * share, or -1 when they cannot be twins: |egress| captured earlier, both
 * carry payloads that differ (gateways do not rewrite data), or they differ
 * in a field |traits| (may be NULL: nothing learned) says the gateway keeps. */
int tfo_match_score(const tfo_segment *ingress, const tfo_segment *egress, const tfo_gateway_traits *traits);

/* TRUE when |ingress| and |egress| share evidence a mismatch cannot fake
 * (TFO_MATCH_EVIDENCE or more: ISN, TSval or payload): only such twins
 * teach the gateway's forwarding delay or are matched past the window. */
gboolean tfo_match_strong(const tfo_segment *ingress, const tfo_segment *egress);

/* Picks, among |candidates| (pending ingress SYNs, tfo_match_index_candidates()), the twin of the new SYN |egress| captured on |egress_side|:
 * the highest-scoring candidate at most |window| ns before it, or with
 * strong evidence (tfo_match_strong()) at most |span| ns before it, the
 * most recent on a tie; candidates known to be on |egress_side| are
 * skipped. A candidate in the window needs TFO_MATCH_EVIDENCE or more,
 * except when it is the only one in the window and the two sides are known
 * to differ. Returns NULL when no candidate qualifies. */
tfo_segment *tfo_match_nat_twin(const GPtrArray *candidates, const tfo_segment *egress, tfo_side egress_side,
                                int64_t window, int64_t span, const tfo_gateway_traits *traits);

/* The pending ingress SYNs by the server they went to and by the client they
 * came from: the candidates for the twin of each new SYN. A source NAT
 * (outbound) rewrites the client and keeps the server, a destination NAT
 * (inbound port forwarding) rewrites the server and keeps the client. */
typedef struct tfo_match_index tfo_match_index;

tfo_match_index *tfo_match_index_new(void);
void tfo_match_index_free(tfo_match_index *index);
/* Adds |syn| (SYN-ACKs are not indexed). */
void tfo_match_index_add(tfo_match_index *index, tfo_segment *syn);
/* Removes |syn| if it is there. */
void tfo_match_index_remove(tfo_match_index *index, tfo_segment *syn);
/* Fills |out| with the pending SYNs to |server| or from |client|, each once. */
void tfo_match_index_candidates(const tfo_match_index *index, const tfo_endpoint *client,
                                const tfo_endpoint *server, GPtrArray *out);

/* Within one handshake: the most recent PENDING segment of |segments|
 * captured at most |window| ns before |ts|, or NULL. */
tfo_segment *tfo_match_latest_pending(const GPtrArray *segments, int64_t ts, int64_t window);

#endif
