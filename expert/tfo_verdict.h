/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the gateway did to a handshake: one verdict, the first failure on the
 * path client -> gateway -> server -> gateway -> client. */
#ifndef TFO_VERDICT_H
#define TFO_VERDICT_H

#include "tfo_handshake.h"

typedef enum {
    TFO_VERDICT_UNKNOWN = 0,
    TFO_VERDICT_PASSED,
    TFO_VERDICT_SYN_DATA_DROPPED,
    TFO_VERDICT_SYN_DROPPED,
    TFO_VERDICT_SYNACK_DROPPED,
    TFO_VERDICT_OPTION_STRIPPED,
    TFO_VERDICT_DATA_STRIPPED,
    TFO_VERDICT_COOKIE_MANGLED,
    TFO_VERDICT_DATA_IGNORED,
    TFO_VERDICT_SYN_DATA_LOST,
    TFO_VERDICT_COUNT
} tfo_verdict;

/* What a gateway changed between a packet and its twin. */
#define TFO_CHANGE_OPTION_STRIPPED (1u << 1)
#define TFO_CHANGE_DATA_STRIPPED (1u << 2)
#define TFO_CHANGE_COOKIE_MANGLED (1u << 3)
#define TFO_CHANGE_SEQ_REWRITTEN (1u << 4)

/* Returns the TFO_CHANGE_* bits between |in|, the copy that entered the
 * gateway, and |out|, its twin that left it. */
uint32_t tfo_twin_changes(const tfo_segment *in, const tfo_segment *out);

/* The token users filter on, e.g. "syn-data-dropped". */
const char *tfo_verdict_token(tfo_verdict v);
/* A short English phrase for the Info column, e.g. "SYN data dropped by gateway". */
const char *tfo_verdict_describe(tfo_verdict v);
/* TRUE for the verdicts that blame the gateway. */
gboolean tfo_verdict_is_gateway_fault(tfo_verdict v);

/* Judges |hs| on what has been captured so far. */
tfo_verdict tfo_handshake_verdict(const tfo_handshake *hs);

/* Time the failure cost the client, when the verdict is neither passed nor
 * unknown: from its first SYN to the SYN-ACK it used. That is the first
 * SYN-ACK whose ISN its first ACK acknowledges; without such an ACK, the
 * first SYN-ACK after its last SYN (the one that ended its retries).
 * Returns -1 when there is no such cost or no such SYN-ACK. */
int64_t tfo_handshake_fallback_cost(const tfo_handshake *hs);

#endif
