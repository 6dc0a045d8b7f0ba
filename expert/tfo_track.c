/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_track.h"

struct tfo_tracker {
    int64_t window;
    GHashTable *legs;      /* tfo_leg_key * -> newest tfo_leg * */
    GPtrArray *handshakes; /* tfo_handshake *, by id - 1 */
    GPtrArray *loose;      /* Fast Open SYN-ACKs outside any handshake */
    tfo_match_index *candidates;
    tfo_gateway_traits traits;
    tfo_sides *sides;
    tfo_fate_queue *fate;
    tfo_results *results;
};

tfo_tracker *tfo_track_new(int64_t window_ns, tfo_sides *sides, tfo_fate_queue *fate, tfo_results *results)
{
    tfo_tracker *t = g_new0(tfo_tracker, 1);

    t->window = CLAMP(window_ns, 0, TFO_TIME_LIMIT);
    t->legs = g_hash_table_new(tfo_leg_key_hash, tfo_leg_key_equal);
    t->handshakes = g_ptr_array_new_with_free_func((GDestroyNotify)tfo_handshake_free);
    t->loose = g_ptr_array_new_with_free_func(g_free);
    t->candidates = tfo_match_index_new();
    t->sides = sides;
    t->fate = fate;
    t->results = results;
    return t;
}

void tfo_track_free(tfo_tracker *t)
{
    if (!t)
        return;
    g_hash_table_destroy(t->legs);
    g_ptr_array_free(t->handshakes, TRUE);
    g_ptr_array_free(t->loose, TRUE);
    tfo_match_index_free(t->candidates);
    g_free(t);
}

tfo_match_index *tfo_track_candidates(tfo_tracker *t)
{
    return t->candidates;
}

/* Adds |seg| to |leg|, which then owns it, and to its frame's record. */
static void tfo_track_attach(tfo_tracker *t, tfo_leg *leg, tfo_segment *seg)
{
    tfo_leg_add_segment(leg, seg);
    tfo_results_record(t->results, seg->frame)->segment = seg;
}

static void tfo_track_link(tfo_tracker *t, tfo_segment *ingress, tfo_segment *egress)
{
    tfo_match_index_remove(t->candidates, ingress);
    tfo_segment_link_twins(ingress, egress);
    if (!ingress->is_synack)
        tfo_gateway_learn(&t->traits, ingress, egress);
}

/* A twin crossed from |lan_if| to |wan_if|: the sides it teaches may settle
 * SYNs that waited for them. */
static void tfo_track_learn_sides(tfo_tracker *t, int32_t lan_if, int32_t wan_if, GPtrArray *dropped)
{
    if (tfo_sides_learn(t->sides, lan_if, wan_if))
        tfo_fate_sides_learned(t->fate, t->sides, dropped);
}

static tfo_leg *tfo_track_new_handshake(tfo_tracker *t, const tfo_leg_key *key, tfo_side side, uint32_t isn)
{
    tfo_handshake *hs = tfo_handshake_new(t->handshakes->len + 1);
    tfo_leg *leg = tfo_handshake_add_leg(hs, key, side, isn);

    g_ptr_array_add(t->handshakes, hs);
    tfo_results_add_handshake(t->results, hs);
    g_hash_table_replace(t->legs, &leg->key, leg);
    return leg;
}

/* A retransmission of |leg|'s SYN: its twin can only be in the same handshake. */
static void tfo_track_syn_retransmission(tfo_tracker *t, tfo_leg *leg, tfo_segment *seg)
{
    tfo_segment *twin = NULL;

    tfo_track_attach(t, leg, seg);
    if (leg == leg->hs->wan && leg->hs->lan)
        twin = tfo_match_latest_pending(leg->hs->lan->syns, seg->ts, t->window);
    if (twin)
        tfo_track_link(t, twin, seg);
    else if (leg->side != TFO_SIDE_WAN)
        tfo_fate_make_pending(t->fate, t->candidates, seg);
}

/* |seg| is the twin of the pending |ingress|: the handshake's WAN leg, or
 * for a plain SYN nothing to track, only to learn from. */
static void tfo_track_syn_twin(tfo_tracker *t, const tfo_leg_key *key, tfo_segment *ingress, tfo_segment *seg,
                               GPtrArray *dropped)
{
    tfo_leg *leg;

    if (!ingress->leg) {
        tfo_match_index_remove(t->candidates, ingress);
        ingress->fate = TFO_FATE_FORWARDED;
        tfo_gateway_learn(&t->traits, ingress, seg);
        tfo_track_learn_sides(t, ingress->interface_id, key->interface_id, dropped);
        g_free(seg);
        return;
    }
    leg = tfo_handshake_add_leg(ingress->leg->hs, key, TFO_SIDE_WAN, seg->seq);
    if (ingress->leg->side == TFO_SIDE_UNKNOWN)
        ingress->leg->side = TFO_SIDE_LAN;
    tfo_track_learn_sides(t, ingress->leg->key.interface_id, key->interface_id, dropped);
    g_hash_table_replace(t->legs, &leg->key, leg);
    tfo_track_attach(t, leg, seg);
    tfo_track_link(t, ingress, seg);
}

/* An unmatched SYN to a server with pending SYNs may be a twin the evidence
 * could not pin down: none of those may then be called dropped. */
static void tfo_track_mark_ambiguous(const tfo_tracker *t, GPtrArray *candidates, const tfo_segment *syn,
                                     tfo_side side)
{
    guint i;

    for (i = 0; i < candidates->len; i++) {
        tfo_segment *c = g_ptr_array_index(candidates, i);
        if (tfo_match_eligible(c, syn, side, t->window) && tfo_match_score(c, syn, &t->traits) >= 0)
            c->ambiguous = TRUE;
    }
}

void tfo_track_syn(tfo_tracker *t, tfo_event *ev, GPtrArray *dropped)
{
    const tfo_leg_key *key = &ev->key;
    tfo_segment *seg = tfo_event_take_segment(ev);
    tfo_leg *leg = g_hash_table_lookup(t->legs, key);
    GPtrArray *candidates;
    tfo_segment *twin = NULL;
    tfo_side side;

    if (leg && leg->isn == seg->seq) {
        tfo_track_syn_retransmission(t, leg, seg);
        return;
    }
    side = tfo_sides_of_packet(t->sides, key->interface_id, &key->client, &key->server);
    candidates = tfo_match_index_candidates(t->candidates, &key->server);
    if (candidates) {
        twin = tfo_match_nat_twin(candidates, seg, side, t->window, &t->traits);
        if (twin && (!twin->leg || !twin->leg->hs->wan)) {
            tfo_track_syn_twin(t, key, twin, seg, dropped);
            return;
        }
        tfo_track_mark_ambiguous(t, candidates, seg, side);
    }
    if (!tfo_option_present(&seg->option) && !seg->payload_len) {
        /* Plain TCP. On the client's side it stays a candidate for a while,
         * so that its twin is not taken for a Fast Open SYN's. */
        if (side == TFO_SIDE_WAN) {
            g_free(seg);
            return;
        }
        seg->side = (uint8_t)side;
        tfo_fate_make_pending(t->fate, t->candidates, seg);
        return;
    }
    leg = tfo_track_new_handshake(t, key, side, seg->seq);
    tfo_track_attach(t, leg, seg);
    if (side != TFO_SIDE_WAN)
        tfo_fate_make_pending(t->fate, t->candidates, seg);
}

/* One leg only, the other side never recorded, and no interface of the
 * capture still silent: the capture is one sided, so the SYNs answered here
 * will never find a twin. */
static void tfo_track_one_sided(tfo_tracker *t, tfo_leg *leg)
{
    tfo_side side = tfo_sides_of_leg(t->sides, leg);
    guint i;

    if ((side != TFO_SIDE_UNKNOWN && tfo_sides_recorded(t->sides, tfo_side_other(side))) ||
        tfo_sides_declared_silent(t->sides, leg->key.interface_id))
        return;
    for (i = 0; i < leg->syns->len; i++) {
        tfo_segment *syn = g_ptr_array_index(leg->syns, i);
        if (syn->fate == TFO_FATE_PENDING) {
            tfo_match_index_remove(t->candidates, syn);
            syn->fate = TFO_FATE_UNPROVEN;
        }
    }
}

/* The earliest segment of |segments| without a twin captured at most
 * |window| ns after |ts|, or NULL. */
static tfo_segment *tfo_track_unlinked_after(const GPtrArray *segments, int64_t ts, int64_t window)
{
    guint i;

    for (i = 0; i < segments->len; i++) {
        tfo_segment *s = g_ptr_array_index(segments, i);
        if (!s->twin && s->ts >= ts && s->ts - ts <= window)
            return s;
    }
    return NULL;
}

void tfo_track_synack(tfo_tracker *t, tfo_event *ev)
{
    tfo_leg *leg = g_hash_table_lookup(t->legs, &ev->key);
    tfo_segment *seg = tfo_event_take_segment(ev);
    tfo_handshake *hs;
    tfo_segment *twin;

    tfo_match_index_answered(t->candidates, seg);
    if (!leg) {
        if (tfo_option_present(&seg->option)) {
            g_ptr_array_add(t->loose, seg);
            tfo_results_record(t->results, seg->frame)->segment = seg;
        } else {
            g_free(seg);
        }
        return;
    }
    hs = leg->hs;
    tfo_track_attach(t, leg, seg);
    if (leg == hs->wan && hs->lan) {
        /* Analysed late, its LAN twin may have come before it. */
        twin = seg->late ? tfo_track_unlinked_after(hs->lan->synacks, seg->ts, t->window) : NULL;
        if (twin)
            tfo_track_link(t, seg, twin);
        else
            tfo_fate_make_pending(t->fate, t->candidates, seg);
    } else if (leg == hs->lan && hs->wan) {
        twin = tfo_match_latest_pending(hs->wan->synacks, seg->ts, t->window);
        if (twin)
            tfo_track_link(t, twin, seg);
    } else {
        tfo_track_one_sided(t, leg);
    }
}

void tfo_track_first_data(tfo_tracker *t, const tfo_event *ev)
{
    tfo_leg *leg = g_hash_table_lookup(t->legs, &ev->key);

    if (!leg || !leg->synacks->len || leg->first_data_frame || !(ev->tcp_flags & TFO_TCP_ACK))
        return;
    leg->first_data_frame = ev->frame;
    leg->first_data_seq = ev->seq;
    leg->first_data_ack = ev->ack;
    leg->first_data_len = ev->payload_len;
    tfo_results_record(t->results, ev->frame)->leg = leg;
}

uint32_t tfo_track_handshake_count(const tfo_tracker *t)
{
    return t->handshakes->len;
}

const tfo_handshake *tfo_track_handshake(const tfo_tracker *t, uint32_t id)
{
    return id >= 1 && id <= t->handshakes->len ? g_ptr_array_index(t->handshakes, id - 1) : NULL;
}
