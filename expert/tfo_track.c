/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_track.h"

/* What is kept of a connection that crossed or whose leg was retired: the
 * key tells its later segments apart. */
typedef struct {
    tfo_leg_key key;       /* first: hashed and compared as a tfo_leg_key */
    uint32_t isn;          /* of its retired leg */
    uint8_t flags;         /* TFO_TRACK_CONN_* */
} tfo_track_conn;

#define TFO_TRACK_CONN_CROSSED 1u     /* a SYN twin of it crossed the gateway */
#define TFO_TRACK_CONN_RETIRED 2u     /* its leg was retired */
#define TFO_TRACK_CONN_SYNACK_HELD 4u /* retired; its first SYN-ACK did not cross */

struct tfo_tracker {
    GHashTable *legs;      /* tfo_leg_key * -> newest tfo_leg * */
    GPtrArray *handshakes; /* tfo_handshake *, by id - 1; NULL once retired */
    GPtrArray *loose;      /* Fast Open SYN-ACKs outside any handshake */
    tfo_match_index *candidates;
    GHashTable *conns;     /* tfo_track_conn *: each copy of a connection
                              that crossed, each retired leg */
    gboolean forwarded;    /* a SYN twin crossed */
    GQueue established;    /* tfo_handshake * to retire, by checked_ts */
    int64_t now;           /* of the latest tfo_track_retire() */
    GPtrArray *scratch;    /* the candidates for the SYN being tracked */
    tfo_gateway_traits traits;
    tfo_sides *sides;
    tfo_fate_queue *fate;
    tfo_results *results;
};

tfo_tracker *tfo_track_new(tfo_sides *sides, tfo_fate_queue *fate, tfo_results *results)
{
    tfo_tracker *t = g_new0(tfo_tracker, 1);

    t->legs = g_hash_table_new(tfo_leg_key_hash, tfo_leg_key_equal);
    t->handshakes = g_ptr_array_new_with_free_func((GDestroyNotify)tfo_handshake_free);
    t->loose = g_ptr_array_new_with_free_func(g_free);
    t->candidates = tfo_match_index_new();
    t->conns = g_hash_table_new_full(tfo_leg_key_hash, tfo_leg_key_equal, g_free, NULL);
    g_queue_init(&t->established);
    t->now = G_MININT64;
    t->scratch = g_ptr_array_new();
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
    g_hash_table_destroy(t->conns);
    g_queue_clear(&t->established);
    g_ptr_array_free(t->scratch, TRUE);
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

/* What a SYN twin teaches: the fields the gateway keeps and, from strong
 * evidence only, its forwarding delay. */
static void tfo_track_learn(tfo_tracker *t, const tfo_segment *ingress, const tfo_segment *egress)
{
    tfo_gateway_learn(&t->traits, ingress, egress);
    if (tfo_match_strong(ingress, egress))
        tfo_fate_learn_delay(t->fate, egress->ts - ingress->ts);
}

static void tfo_track_link(tfo_tracker *t, tfo_segment *ingress, tfo_segment *egress)
{
    tfo_match_index_remove(t->candidates, ingress);
    tfo_segment_link_twins(ingress, egress);
    if (!ingress->is_synack)
        tfo_track_learn(t, ingress, egress);
}

/* |egress| on |egress_if| is the twin of |ingress|: the sides it teaches may
 * settle SYNs that waited for them. Returns the side |ingress| entered on,
 * as far as its addresses show. */
static tfo_side tfo_track_learn_sides(tfo_tracker *t, const tfo_segment *ingress, const tfo_segment *egress,
                                      int32_t egress_if, GPtrArray *dropped)
{
    tfo_side shown = tfo_sides_of_ingress(ingress, egress);

    if (tfo_sides_learn(t->sides, ingress->interface_id, egress_if, shown))
        tfo_fate_sides_learned(t->fate, t->sides, dropped);
    return shown;
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
    if (leg == leg->hs->server_leg && leg->hs->client_leg)
        twin = tfo_match_latest_pending(leg->hs->client_leg->syns, seg->ts, tfo_fate_span(t->fate));
    if (twin)
        tfo_track_link(t, twin, seg);
    else if (leg == leg->hs->client_leg)
        tfo_fate_make_pending(t->fate, t->candidates, seg);
}

/* The record of connection |key|, made when missing. */
static tfo_track_conn *tfo_track_conn_of(tfo_tracker *t, const tfo_leg_key *key)
{
    tfo_track_conn *conn = g_hash_table_lookup(t->conns, key);

    if (!conn) {
        conn = g_new0(tfo_track_conn, 1);
        conn->key = *key;
        g_hash_table_add(t->conns, conn);
    }
    return conn;
}

static uint8_t tfo_track_conn_flags(const tfo_tracker *t, const tfo_leg_key *key)
{
    const tfo_track_conn *conn = g_hash_table_lookup(t->conns, key);
    return conn ? conn->flags : 0;
}

/* Notes that |ingress| crossed the gateway as |egress|: both copies of
 * their connection are known crossing. */
static void tfo_track_note_crossed(tfo_tracker *t, const tfo_segment *ingress, const tfo_leg_key *egress)
{
    tfo_leg_key key;

    key.interface_id = ingress->interface_id;
    key.client = ingress->client;
    key.server = ingress->server;
    tfo_track_conn_of(t, &key)->flags |= TFO_TRACK_CONN_CROSSED;
    tfo_track_conn_of(t, egress)->flags |= TFO_TRACK_CONN_CROSSED;
    t->forwarded = TRUE;
}

/* A SYN or SYN-ACK of a retired leg with no newer leg: the handshake it
 * belongs to is decided and freed. */
static gboolean tfo_track_of_retired(const tfo_tracker *t, const tfo_leg_key *key, const tfo_segment *seg)
{
    const tfo_track_conn *conn = g_hash_table_lookup(t->conns, key);

    return conn && (conn->flags & TFO_TRACK_CONN_RETIRED) && (seg->is_synack || conn->isn == seg->seq);
}

/* |seg| is the twin of the pending |ingress|: the handshake's server leg,
 * on the other side, or for a plain SYN nothing to track, only to learn
 * from. */
static void tfo_track_syn_twin(tfo_tracker *t, const tfo_leg_key *key, tfo_segment *ingress, tfo_segment *seg,
                               GPtrArray *dropped)
{
    tfo_leg *client_leg = ingress->leg, *leg;
    tfo_side shown, side;

    tfo_track_note_crossed(t, ingress, key);
    if (!client_leg) {
        tfo_match_index_remove(t->candidates, ingress);
        ingress->fate = TFO_FATE_FORWARDED;
        tfo_track_learn(t, ingress, seg);
        tfo_track_learn_sides(t, ingress, seg, key->interface_id, dropped);
        g_free(seg);
        return;
    }
    shown = tfo_track_learn_sides(t, ingress, seg, key->interface_id, dropped);
    if (tfo_sides_of_leg(t->sides, client_leg) == TFO_SIDE_UNKNOWN)
        client_leg->side = shown == TFO_SIDE_WAN ? TFO_SIDE_WAN : TFO_SIDE_LAN;
    side = tfo_sides_of_packet(t->sides, key->interface_id, &key->client, &key->server);
    if (side == TFO_SIDE_UNKNOWN)
        side = tfo_side_other(client_leg->side);
    leg = tfo_handshake_add_leg(client_leg->hs, key, side, seg->seq);
    g_hash_table_replace(t->legs, &leg->key, leg);
    tfo_track_attach(t, leg, seg);
    tfo_track_link(t, ingress, seg);
}

/* An unmatched SYN to the server or from the client of pending SYNs may be
 * a twin the evidence could not pin down: none of those, nor the SYN
 * itself, may then be called dropped. */
static void tfo_track_mark_ambiguous(const tfo_tracker *t, GPtrArray *candidates, tfo_segment *syn,
                                     tfo_side side)
{
    guint i;

    for (i = 0; i < candidates->len; i++) {
        tfo_segment *c = g_ptr_array_index(candidates, i);
        if (tfo_match_eligible(c, syn, side, tfo_fate_span(t->fate)) && tfo_match_score(c, syn, &t->traits) >= 0)
            c->ambiguous = syn->ambiguous = TRUE;
    }
}

void tfo_track_syn(tfo_tracker *t, tfo_event *ev, GPtrArray *dropped)
{
    const tfo_leg_key *key = &ev->key;
    tfo_segment *seg = tfo_event_take_segment(ev);
    tfo_leg *leg = g_hash_table_lookup(t->legs, key);
    tfo_segment *twin;
    tfo_side side;

    if (leg && leg->isn == seg->seq) {
        tfo_track_syn_retransmission(t, leg, seg);
        return;
    }
    if (!leg && tfo_track_of_retired(t, key, seg)) {
        g_free(seg);
        return;
    }
    side = tfo_sides_of_packet(t->sides, key->interface_id, &key->client, &key->server);
    tfo_match_index_candidates(t->candidates, &key->client, &key->server, t->scratch);
    if (t->scratch->len) {
        twin = tfo_match_nat_twin(t->scratch, seg, side, tfo_fate_window(t->fate), tfo_fate_span(t->fate),
                                  &t->traits);
        if (twin && (!twin->leg || !twin->leg->hs->server_leg)) {
            tfo_track_syn_twin(t, key, twin, seg, dropped);
            return;
        }
        tfo_track_mark_ambiguous(t, t->scratch, seg, side);
    }
    /* No twin before it: it is on its client's side, LAN or WAN, and stays a
     * candidate for the twin to come. A plain SYN only for a while, so that
     * its twin is not taken for a Fast Open SYN's. */
    if (!tfo_option_present(&seg->option) && !seg->payload_len) {
        seg->side = (uint8_t)side;
        tfo_fate_make_pending(t->fate, t->candidates, seg);
        return;
    }
    leg = tfo_track_new_handshake(t, key, side, seg->seq);
    tfo_track_attach(t, leg, seg);
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
            syn->one_sided = TRUE;
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
        if (tfo_option_present(&seg->option) && !tfo_track_of_retired(t, &ev->key, seg)) {
            g_ptr_array_add(t->loose, seg);
            tfo_results_record(t->results, seg->frame)->segment = seg;
        } else {
            g_free(seg);
        }
        return;
    }
    hs = leg->hs;
    tfo_track_attach(t, leg, seg);
    if (leg == hs->server_leg && hs->client_leg) {
        /* Analysed late, its LAN twin may have come before it. */
        twin = seg->late ? tfo_track_unlinked_after(hs->client_leg->synacks, seg->ts, tfo_fate_window(t->fate)) : NULL;
        if (twin)
            tfo_track_link(t, seg, twin);
        else
            tfo_fate_make_pending(t->fate, t->candidates, seg);
    } else if (leg == hs->client_leg && hs->server_leg) {
        twin = tfo_match_latest_pending(hs->server_leg->synacks, seg->ts, tfo_fate_span(t->fate));
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
    leg->hs->last_ts = MAX(leg->hs->last_ts, ev->ts);
    if (!leg->hs->established) {
        leg->hs->established = TRUE;
        leg->hs->checked_ts = MAX(t->now, ev->ts);
        g_queue_push_tail(&t->established, leg->hs);
    }
}

gboolean tfo_track_is_crossing(const tfo_tracker *t, const tfo_event *ev)
{
    const tfo_leg *leg;
    tfo_leg_key reverse;

    switch (ev->kind) {
    case TFO_EVENT_SYN:
        return !tfo_option_present(&ev->segment->option) && !ev->segment->payload_len;
    case TFO_EVENT_SYNACK:
        leg = g_hash_table_lookup(t->legs, &ev->key);
        if (!leg)
            return !(tfo_track_conn_flags(t, &ev->key) & TFO_TRACK_CONN_SYNACK_HELD);
        return !leg->synacks->len || ((const tfo_segment *)g_ptr_array_index(leg->synacks, 0))->twin;
    case TFO_EVENT_DATA:
        reverse = ev->key;
        reverse.client = ev->key.server;
        reverse.server = ev->key.client;
        return ((tfo_track_conn_flags(t, &ev->key) | tfo_track_conn_flags(t, &reverse)) & TFO_TRACK_CONN_CROSSED) != 0;
    default:
        return FALSE;
    }
}

gboolean tfo_track_gateway_forwarded(const tfo_tracker *t)
{
    return t->forwarded;
}

/* Nothing |leg| may still be brought changes it: its client sent its first
 * data after the SYN-ACK (no more SYNs), its side is known, and the fate
 * holds none of its segments. */
static gboolean tfo_track_leg_settled(const tfo_leg *leg)
{
    const GPtrArray *lists[2];
    guint i, j;

    if (!leg)
        return TRUE;
    if (!leg->first_data_frame || leg->side == TFO_SIDE_UNKNOWN)
        return FALSE;
    lists[0] = leg->syns;
    lists[1] = leg->synacks;
    for (i = 0; i < G_N_ELEMENTS(lists); i++)
        for (j = 0; j < lists[i]->len; j++)
            if (tfo_fate_holds(g_ptr_array_index(lists[i], j)))
                return FALSE;
    return TRUE;
}

/* Keeps of |leg| only what tells its later segments apart, when it is still
 * the newest leg of its key. */
static void tfo_track_retire_leg(tfo_tracker *t, tfo_leg *leg)
{
    tfo_track_conn *conn;

    if (!leg || g_hash_table_lookup(t->legs, &leg->key) != leg)
        return;
    conn = tfo_track_conn_of(t, &leg->key);
    conn->isn = leg->isn;
    conn->flags = (uint8_t)((conn->flags & TFO_TRACK_CONN_CROSSED) | TFO_TRACK_CONN_RETIRED);
    if (!((const tfo_segment *)g_ptr_array_index(leg->synacks, 0))->twin)
        conn->flags |= TFO_TRACK_CONN_SYNACK_HELD;
    g_hash_table_remove(t->legs, &leg->key);
}

static void tfo_track_retire_handshake(tfo_tracker *t, tfo_handshake *hs)
{
    tfo_results_retire(t->results, hs);
    tfo_track_retire_leg(t, hs->client_leg);
    tfo_track_retire_leg(t, hs->server_leg);
    g_ptr_array_index(t->handshakes, hs->id - 1) = NULL;
    tfo_handshake_free(hs);
}

void tfo_track_retire(tfo_tracker *t, int64_t now, int64_t wait)
{
    tfo_handshake *hs;

    t->now = MAX(t->now, now);
    while ((hs = g_queue_peek_head(&t->established)) && t->now - hs->checked_ts > wait) {
        g_queue_pop_head(&t->established);
        if (t->now - hs->last_ts > wait && tfo_track_leg_settled(hs->client_leg) &&
            tfo_track_leg_settled(hs->server_leg)) {
            tfo_track_retire_handshake(t, hs);
        } else {
            hs->checked_ts = t->now;
            g_queue_push_tail(&t->established, hs);
        }
    }
}

uint32_t tfo_track_handshake_count(const tfo_tracker *t)
{
    return t->handshakes->len;
}

const tfo_handshake *tfo_track_handshake(const tfo_tracker *t, uint32_t id)
{
    return id >= 1 && id <= t->handshakes->len ? g_ptr_array_index(t->handshakes, id - 1) : NULL;
}
