/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_verdict.h"
#include "tfo_seq.h"

static const struct {
    const char *token;
    const char *description;
} tfo_verdicts[TFO_VERDICT_COUNT] = {
    [TFO_VERDICT_UNKNOWN] = {"unknown", "capture cannot tell"},
    [TFO_VERDICT_PASSED] = {"passed", "passed"},
    [TFO_VERDICT_SYN_DATA_DROPPED] = {"syn-data-dropped", "SYN data dropped by gateway"},
    [TFO_VERDICT_SYN_DROPPED] = {"syn-dropped", "SYN dropped by gateway"},
    [TFO_VERDICT_SYNACK_DROPPED] = {"synack-dropped", "SYN-ACK dropped by gateway"},
    [TFO_VERDICT_OPTION_STRIPPED] = {"option-stripped", "option stripped by gateway"},
    [TFO_VERDICT_DATA_STRIPPED] = {"data-stripped", "SYN data stripped by gateway"},
    [TFO_VERDICT_COOKIE_MANGLED] = {"cookie-mangled", "cookie mangled by gateway"},
    [TFO_VERDICT_DATA_IGNORED] = {"data-ignored", "SYN data ignored by server"},
    [TFO_VERDICT_SYN_DATA_LOST] = {"syn-data-lost", "SYN data lost, client retried without"},
};

const char *tfo_verdict_token(tfo_verdict v)
{
    return v < TFO_VERDICT_COUNT ? tfo_verdicts[v].token : tfo_verdicts[0].token;
}

const char *tfo_verdict_describe(tfo_verdict v)
{
    return v < TFO_VERDICT_COUNT ? tfo_verdicts[v].description : tfo_verdicts[0].description;
}

gboolean tfo_verdict_is_gateway_fault(tfo_verdict v)
{
    switch (v) {
    case TFO_VERDICT_SYN_DATA_DROPPED:
    case TFO_VERDICT_SYN_DROPPED:
    case TFO_VERDICT_SYNACK_DROPPED:
    case TFO_VERDICT_OPTION_STRIPPED:
    case TFO_VERDICT_DATA_STRIPPED:
    case TFO_VERDICT_COOKIE_MANGLED:
        return TRUE;
    default:
        return FALSE;
    }
}

uint32_t tfo_twin_changes(const tfo_segment *in, const tfo_segment *out)
{
    uint32_t changes = 0;

    /* Options the capture cut short prove nothing either way. */
    if (!tfo_option_present(&in->option) || out->option.type == TFO_OPT_UNCAPTURED)
        ;
    else if (out->option.type == TFO_OPT_NONE)
        changes |= TFO_CHANGE_OPTION_STRIPPED;
    else if (!tfo_option_same_cookie(&in->option, &out->option))
        changes |= TFO_CHANGE_COOKIE_MANGLED;
    if (in->payload_len && !out->payload_len)
        changes |= TFO_CHANGE_DATA_STRIPPED;
    /* A SYN-ACK's ack is compared relative to each side's client ISN. */
    if (in->seq != out->seq || (in->is_synack && in->ack - in->leg->isn != out->ack - out->leg->isn))
        changes |= TFO_CHANGE_SEQ_REWRITTEN;
    return changes;
}

/* What the gateway did to a forwarded packet, by the order of RFC 7413's
 * dependence: without the option nothing else counts, without the data the
 * cookie alone cannot help. Sequence rewriting is no failure by itself. */
static tfo_verdict tfo_verdict_compare_twins(const tfo_segment *in, const tfo_segment *out)
{
    uint32_t changes = tfo_twin_changes(in, out);

    if (changes & TFO_CHANGE_OPTION_STRIPPED)
        return TFO_VERDICT_OPTION_STRIPPED;
    if (changes & TFO_CHANGE_DATA_STRIPPED)
        return TFO_VERDICT_DATA_STRIPPED;
    if (changes & TFO_CHANGE_COOKIE_MANGLED)
        return TFO_VERDICT_COOKIE_MANGLED;
    return TFO_VERDICT_PASSED;
}

/* The last SYN of |leg| captured no later than |ts|. */
static const tfo_segment *tfo_verdict_syn_answered(const tfo_leg *leg, int64_t ts)
{
    const tfo_segment *answered = NULL;
    guint i;

    for (i = 0; i < leg->syns->len; i++) {
        const tfo_segment *s = g_ptr_array_index(leg->syns, i);
        if (s->ts <= ts)
            answered = s;
    }
    return answered;
}

static gboolean tfo_verdict_retried_without_data(const tfo_leg *leg)
{
    guint i;

    for (i = 1; i < leg->syns->len; i++)
        if (((const tfo_segment *)g_ptr_array_index(leg->syns, i))->payload_len == 0)
            return TRUE;
    return FALSE;
}

/* How the server answered, judged on one leg (RFC 7413 §4.2: a server that
 * accepts the data acknowledges it in the SYN-ACK). */
static tfo_verdict tfo_verdict_server_answer(const tfo_leg *leg)
{
    const tfo_segment *syn = tfo_leg_first_syn(leg);
    const tfo_segment *synack, *answered;
    uint32_t acked;

    if (!syn)
        return TFO_VERDICT_UNKNOWN;
    if (!leg->synacks->len)
        return syn->payload_len && tfo_verdict_retried_without_data(leg) ? TFO_VERDICT_SYN_DATA_LOST
                                                                         : TFO_VERDICT_UNKNOWN;
    synack = g_ptr_array_index(leg->synacks, 0);
    answered = tfo_verdict_syn_answered(leg, synack->ts);
    acked = synack->ack - (leg->isn + 1);
    if (syn->payload_len) {
        if (TFO_SEQ_GT(synack->ack, leg->isn + 1) && acked <= syn->payload_len)
            return TFO_VERDICT_PASSED;
        if (TFO_SEQ_EQ(synack->ack, leg->isn + 1))
            return answered == syn ? TFO_VERDICT_DATA_IGNORED
                   : answered && !answered->payload_len ? TFO_VERDICT_SYN_DATA_LOST
                                                        : TFO_VERDICT_UNKNOWN;
        return TFO_VERDICT_UNKNOWN;
    }
    if (syn->option.type == TFO_OPT_REQUEST)
        return synack->option.type == TFO_OPT_COOKIE ? TFO_VERDICT_PASSED : TFO_VERDICT_UNKNOWN;
    return syn->option.type == TFO_OPT_COOKIE ? TFO_VERDICT_PASSED : TFO_VERDICT_UNKNOWN;
}

/* The SYN-ACK's way back through the gateway. */
static tfo_verdict tfo_verdict_synack_path(const tfo_leg *wan)
{
    const tfo_segment *synack;

    if (!wan->synacks->len)
        return TFO_VERDICT_PASSED; /* nothing came back: judged by the server's answer */
    synack = g_ptr_array_index(wan->synacks, 0);
    switch (synack->fate) {
    case TFO_FATE_DROPPED:
        return TFO_VERDICT_SYNACK_DROPPED;
    case TFO_FATE_FORWARDED:
        return tfo_verdict_compare_twins(synack, synack->twin);
    default:
        return TFO_VERDICT_UNKNOWN;
    }
}

tfo_verdict tfo_handshake_verdict(const tfo_handshake *hs)
{
    const tfo_segment *syn = tfo_leg_first_syn(hs->client_leg);
    tfo_verdict v;

    if (!syn)
        return hs->server_leg ? tfo_verdict_server_answer(hs->server_leg) : TFO_VERDICT_UNKNOWN;
    switch (syn->fate) {
    case TFO_FATE_DROPPED:
        return syn->payload_len ? TFO_VERDICT_SYN_DATA_DROPPED : TFO_VERDICT_SYN_DROPPED;
    case TFO_FATE_FORWARDED:
        break;
    case TFO_FATE_PENDING:
        return TFO_VERDICT_UNKNOWN;
    default:
        if (hs->server_leg)
            return TFO_VERDICT_UNKNOWN;
        /* No twin: judge the client's view. Where the other side was recorded
         * but this SYN is not on it, the server's view is missing, and an
         * answer acknowledging only the ISN may be the server ignoring the
         * data or the gateway stripping it. */
        v = tfo_verdict_server_answer(hs->client_leg);
        return v == TFO_VERDICT_DATA_IGNORED && !syn->one_sided ? TFO_VERDICT_UNKNOWN : v;
    }
    v = tfo_verdict_compare_twins(syn, syn->twin);
    if (v != TFO_VERDICT_PASSED)
        return v;
    v = tfo_verdict_synack_path(hs->server_leg);
    if (v != TFO_VERDICT_PASSED)
        return v;
    return tfo_verdict_server_answer(hs->server_leg);
}

/* The SYN-ACK the client of |leg| used (see tfo_handshake_fallback_cost()), or NULL. */
static const tfo_segment *tfo_verdict_synack_used(const tfo_leg *leg)
{
    const tfo_segment *last_syn = leg->syns->len ? g_ptr_array_index(leg->syns, leg->syns->len - 1) : NULL;
    guint i;

    for (i = 0; leg->first_data_frame && i < leg->synacks->len; i++) {
        const tfo_segment *a = g_ptr_array_index(leg->synacks, i);
        if (TFO_SEQ_EQ(a->seq + 1, leg->first_data_ack))
            return a;
    }
    for (i = 0; i < leg->synacks->len; i++) {
        const tfo_segment *a = g_ptr_array_index(leg->synacks, i);
        if (!last_syn || a->ts >= last_syn->ts)
            return a;
    }
    return NULL;
}

int64_t tfo_handshake_fallback_cost(const tfo_handshake *hs)
{
    const tfo_leg *client = hs->client_leg ? hs->client_leg : hs->server_leg;
    tfo_verdict v = tfo_handshake_verdict(hs);
    const tfo_segment *syn, *synack;

    if (v == TFO_VERDICT_PASSED || v == TFO_VERDICT_UNKNOWN)
        return -1;
    syn = tfo_leg_first_syn(client);
    synack = tfo_verdict_synack_used(client);
    return syn && synack ? synack->ts - syn->ts : -1;
}
