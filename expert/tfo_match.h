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

/* Scores of the evidence that |ingress| and |egress| are the same SYN, by
 * what each field tells apart. The ISN is drawn anew for every connection
 * (RFC 6528); SYN data is what the connection sends. The TSval tells hosts
 * apart, not connections: Linux offsets its clock per pair of addresses, so
 * the SYNs of one host to one server within a millisecond share it. Many
 * NATs renumber IP IDs. */
#define TFO_MATCH_ISN 8      /* same initial sequence number */
#define TFO_MATCH_PAYLOAD 4  /* same non-empty payload */
#define TFO_MATCH_TSVAL 2    /* same TCP timestamp value: weak */
#define TFO_MATCH_IP_ID 1    /* same IPv4 ID: weakest */
/* Evidence enough on its own: the ISN or the payload. */
#define TFO_MATCH_EVIDENCE TFO_MATCH_PAYLOAD

/* Returns the sum of the TFO_MATCH_* scores that |ingress| and |egress|
 * share, or -1 when they cannot be twins: |egress| captured earlier, both
 * carry payloads that differ (gateways do not rewrite data), |egress|
 * carries data or a Fast Open option that |ingress| lacks (gateways remove
 * them, never add them), or they differ in a field |traits| (may be NULL:
 * nothing learned) says the gateway keeps. */
int tfo_match_score(const tfo_segment *ingress, const tfo_segment *egress, const tfo_gateway_traits *traits);

/* TRUE when |ingress| and |egress| share evidence a mismatch cannot fake
 * (TFO_MATCH_EVIDENCE or more: ISN or payload): only such twins
 * teach the gateway's forwarding delay or are matched past the window. */
gboolean tfo_match_strong(const tfo_segment *ingress, const tfo_segment *egress);

/* TRUE when |candidate| may be the twin of |egress|, captured on
 * |egress_side|, by where and when it was captured: at most |window| ns
 * before it, not known to be on |egress_side|, not from the same source
 * address on the same interface (that is another connection of the same
 * host, whatever the evidence), and not answered on its side before
 * |egress| was captured (the answer comes back through the gateway after
 * the twin went out). */
gboolean tfo_match_eligible(const tfo_segment *candidate, const tfo_segment *egress, tfo_side egress_side,
                            int64_t window);

/* Picks, among |candidates| (pending ingress SYNs, tfo_match_index_candidates()),
 * the twin of the new SYN |egress| captured on |egress_side|: the
 * highest-scoring eligible candidate at most |window| ns before it, or with
 * strong evidence (tfo_match_strong()) at most |span| ns before it, the most
 * recent on a tie. A candidate in the window needs TFO_MATCH_EVIDENCE or
 * more; or the same TSval when no other eligible candidate in the window
 * shares it (the one SYN of that host: how twins are told through a NAT that
 * rewrites ISNs); or to be the only eligible candidate in the window, with
 * the two sides known to differ. Returns NULL when no candidate qualifies. */
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
/* |synack| was captured: marks the pending SYNs of its connection (same
 * interface, client and server) captured before it whose ISN it
 * acknowledges as answered then, unless they already were. */
void tfo_match_index_answered(tfo_match_index *index, const tfo_segment *synack);
/* Fills |out| with the pending SYNs to |server| or from |client|, each once. */
void tfo_match_index_candidates(const tfo_match_index *index, const tfo_endpoint *client,
                                const tfo_endpoint *server, GPtrArray *out);

/* Within one handshake: the most recent PENDING segment of |segments|
 * captured at most |window| ns before |ts|, or NULL. */
tfo_segment *tfo_match_latest_pending(const GPtrArray *segments, int64_t ts, int64_t window);

#endif
