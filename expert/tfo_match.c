/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_match.h"
#include "tfo_seq.h"

#include <string.h>

static gboolean tfo_match_in_window(const tfo_segment *earlier, int64_t ts, int64_t window)
{
    return earlier->ts <= ts && ts - earlier->ts <= window;
}

void tfo_gateway_learn(tfo_gateway_traits *traits, const tfo_segment *ingress, const tfo_segment *egress)
{
    if (ingress->seq == egress->seq)
        traits->isn_kept++;
    else
        traits->isn_changed++;
    if (ingress->has_tsval && egress->has_tsval) {
        if (ingress->tsval == egress->tsval)
            traits->tsval_kept++;
        else
            traits->tsval_changed++;
    }
}

/* Compares what was captured of two payloads: all of them when both were
 * captured in full, else their common first bytes (snap lengths differ). */
static gboolean tfo_match_payloads_differ(const tfo_segment *a, const tfo_segment *b)
{
    uint32_t common = MIN(MIN(a->payload_captured, b->payload_captured), TFO_PAYLOAD_HEAD);

    if (a->payload_len != b->payload_len)
        return TRUE;
    if (a->payload_captured == a->payload_len && b->payload_captured == b->payload_len)
        return a->payload_hash != b->payload_hash;
    return memcmp(a->payload_head, b->payload_head, common) != 0;
}

/* |egress| has what a gateway cannot have added: data, or a Fast Open
 * option where the capture shows |ingress| had none. */
static gboolean tfo_match_added(const tfo_segment *ingress, const tfo_segment *egress)
{
    return (egress->payload_len && !ingress->payload_len) ||
           (tfo_option_present(&egress->option) && ingress->option.type == TFO_OPT_NONE);
}

static gboolean tfo_match_contradicts(const tfo_segment *ingress, const tfo_segment *egress,
                                      const tfo_gateway_traits *traits)
{
    if (ingress->payload_len && egress->payload_len && tfo_match_payloads_differ(ingress, egress))
        return TRUE;
    if (tfo_match_added(ingress, egress))
        return TRUE;
    if (!traits)
        return FALSE;
    if (traits->isn_kept && !traits->isn_changed && ingress->seq != egress->seq)
        return TRUE;
    return traits->tsval_kept && !traits->tsval_changed && ingress->has_tsval && egress->has_tsval &&
           ingress->tsval != egress->tsval;
}

static gboolean tfo_match_same_tsval(const tfo_segment *a, const tfo_segment *b)
{
    return a->has_tsval && b->has_tsval && a->tsval == b->tsval;
}

int tfo_match_score(const tfo_segment *ingress, const tfo_segment *egress, const tfo_gateway_traits *traits)
{
    int score = 0;

    if (egress->ts < ingress->ts || tfo_match_contradicts(ingress, egress, traits))
        return -1;
    if (ingress->seq == egress->seq)
        score += TFO_MATCH_ISN;
    if (tfo_match_same_tsval(ingress, egress))
        score += TFO_MATCH_TSVAL;
    if (ingress->payload_len && egress->payload_len)
        score += TFO_MATCH_PAYLOAD;
    if (ingress->has_ip_id && egress->has_ip_id && ingress->ip_id == egress->ip_id)
        score += TFO_MATCH_IP_ID;
    return score;
}

gboolean tfo_match_strong(const tfo_segment *ingress, const tfo_segment *egress)
{
    return tfo_match_score(ingress, egress, NULL) >= TFO_MATCH_EVIDENCE;
}

gboolean tfo_match_eligible(const tfo_segment *candidate, const tfo_segment *egress, tfo_side egress_side,
                            int64_t window)
{
    if (!tfo_match_in_window(candidate, egress->ts, window) ||
        (egress_side != TFO_SIDE_UNKNOWN && tfo_segment_side(candidate) == egress_side) ||
        (candidate->answered && candidate->answered_ts < egress->ts))
        return FALSE;
    return candidate->interface_id != egress->interface_id ||
           !tfo_endpoint_same_host(&candidate->client, &egress->client);
}

tfo_segment *tfo_match_nat_twin(const GPtrArray *candidates, const tfo_segment *egress, tfo_side egress_side,
                                int64_t window, int64_t span, const tfo_gateway_traits *traits)
{
    tfo_segment *best = NULL;
    int best_score = -1;
    guint in_window = 0, same_tsval = 0, i;

    for (i = 0; i < candidates->len; i++) {
        tfo_segment *c = g_ptr_array_index(candidates, i);
        int score;

        if (!tfo_match_eligible(c, egress, egress_side, MAX(window, span)))
            continue;
        score = tfo_match_score(c, egress, traits);
        if (!tfo_match_in_window(c, egress->ts, window)) {
            /* Past the window: only a twin no mismatch could fake. */
            if (score < TFO_MATCH_EVIDENCE)
                continue;
        } else {
            in_window++;
            if (score >= 0 && tfo_match_same_tsval(c, egress))
                same_tsval++;
        }
        if (score > best_score || (score == best_score && score >= 0 && c->ts >= best->ts)) {
            best = c;
            best_score = score;
        }
    }
    if (!best || best_score < 0)
        return NULL;
    if (best_score >= TFO_MATCH_EVIDENCE || (same_tsval == 1 && tfo_match_same_tsval(best, egress)))
        return best;
    if (in_window == 1 && egress_side != TFO_SIDE_UNKNOWN && tfo_segment_side(best) != TFO_SIDE_UNKNOWN &&
        egress_side != tfo_segment_side(best))
        return best;
    return NULL;
}

tfo_segment *tfo_match_latest_pending(const GPtrArray *segments, int64_t ts, int64_t window)
{
    guint i = segments->len;

    while (i-- > 0) {
        tfo_segment *s = g_ptr_array_index(segments, i);
        if (s->fate == TFO_FATE_PENDING && tfo_match_in_window(s, ts, window))
            return s;
    }
    return NULL;
}

struct tfo_match_index {
    /* tfo_endpoint * -> GPtrArray of tfo_segment *: the SYNs by the endpoint
     * a source NAT keeps (the server) and by the one a destination NAT keeps
     * (the client). */
    GHashTable *by_server, *by_client;
};

static guint tfo_match_endpoint_hash(gconstpointer ep)
{
    return tfo_endpoint_hash(ep);
}

static gboolean tfo_match_endpoint_equal(gconstpointer a, gconstpointer b)
{
    return tfo_endpoint_equal(a, b);
}

static void tfo_match_free_list(gpointer list)
{
    g_ptr_array_free(list, TRUE);
}

static GHashTable *tfo_match_table_new(void)
{
    return g_hash_table_new_full(tfo_match_endpoint_hash, tfo_match_endpoint_equal, g_free, tfo_match_free_list);
}

tfo_match_index *tfo_match_index_new(void)
{
    tfo_match_index *index = g_new0(tfo_match_index, 1);

    index->by_server = tfo_match_table_new();
    index->by_client = tfo_match_table_new();
    return index;
}

void tfo_match_index_free(tfo_match_index *index)
{
    if (!index)
        return;
    g_hash_table_destroy(index->by_server);
    g_hash_table_destroy(index->by_client);
    g_free(index);
}

static void tfo_match_table_add(GHashTable *table, const tfo_endpoint *key, tfo_segment *syn)
{
    GPtrArray *list = g_hash_table_lookup(table, key);

    if (!list) {
        list = g_ptr_array_new();
        g_hash_table_insert(table, g_memdup2(key, sizeof(tfo_endpoint)), list);
    }
    g_ptr_array_add(list, syn);
}

static void tfo_match_table_remove(GHashTable *table, const tfo_endpoint *key, tfo_segment *syn)
{
    GPtrArray *list = g_hash_table_lookup(table, key);

    if (list && g_ptr_array_remove_fast(list, syn) && list->len == 0)
        g_hash_table_remove(table, key);
}

void tfo_match_index_add(tfo_match_index *index, tfo_segment *syn)
{
    if (syn->is_synack)
        return;
    tfo_match_table_add(index->by_server, &syn->server, syn);
    tfo_match_table_add(index->by_client, &syn->client, syn);
}

void tfo_match_index_answered(tfo_match_index *index, const tfo_segment *synack)
{
    GPtrArray *list = g_hash_table_lookup(index->by_server, &synack->server);
    guint i;

    for (i = 0; list && i < list->len; i++) {
        tfo_segment *syn = g_ptr_array_index(list, i);
        if (!syn->answered && syn->interface_id == synack->interface_id &&
            tfo_endpoint_equal(&syn->client, &synack->client) && syn->ts <= synack->ts &&
            TFO_SEQ_GEQ(synack->ack, syn->seq + 1) && TFO_SEQ_LEQ(synack->ack, syn->seq + 1 + syn->payload_len)) {
            syn->answered = TRUE;
            syn->answered_ts = synack->ts;
        }
    }
}

void tfo_match_index_remove(tfo_match_index *index, tfo_segment *syn)
{
    if (syn->is_synack)
        return;
    tfo_match_table_remove(index->by_server, &syn->server, syn);
    tfo_match_table_remove(index->by_client, &syn->client, syn);
}

void tfo_match_index_candidates(const tfo_match_index *index, const tfo_endpoint *client,
                                const tfo_endpoint *server, GPtrArray *out)
{
    const GPtrArray *same_server = g_hash_table_lookup(index->by_server, server);
    const GPtrArray *same_client = g_hash_table_lookup(index->by_client, client);
    guint i;

    g_ptr_array_set_size(out, 0);
    for (i = 0; same_server && i < same_server->len; i++)
        g_ptr_array_add(out, g_ptr_array_index(same_server, i));
    for (i = 0; same_client && i < same_client->len; i++) {
        tfo_segment *syn = g_ptr_array_index(same_client, i);
        if (!tfo_endpoint_equal(&syn->server, server)) /* else listed already */
            g_ptr_array_add(out, syn);
    }
}
