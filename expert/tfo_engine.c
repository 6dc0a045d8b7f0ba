/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_engine.h"
#include "tfo_error.h"
#include "tfo_match.h"
#include "tfo_reorder.h"
#include "tfo_seq.h"

#include <string.h>

/* Interface ids above this get no side of their own. */
#define TFO_MAX_INTERFACES 1024

typedef struct {
    uint8_t side;   /* tfo_side */
    uint8_t pinned; /* set by a preference: never relearned */
    uint8_t seen;   /* a frame came from it */
    int64_t last_ts; /* of its latest frame */
} tfo_interface;

struct tfo_engine {
    int64_t window;
    GArray *interfaces;   /* tfo_interface by id */
    GHashTable *legs;     /* tfo_leg_key * -> newest tfo_leg * */
    GHashTable *pending;  /* server tfo_endpoint * -> GPtrArray of pending ingress SYNs */
    GQueue expiry;        /* pending tfo_segment *, in capture order */
    GPtrArray *handshakes;
    tfo_results *results;
    GPtrArray *loose;     /* TFO segments outside any handshake */
    uint32_t last_frame;  /* the latest frame fed */
    uint32_t input_frame; /* the frame being fed, 0 while finishing */
    gboolean finished;
    tfo_reorder *reorder;
    guint interfaces_seen;
    gboolean side_seen[3]; /* by address, while one interface was seen */
    int64_t last_ts;       /* of the latest frame */
    int64_t disorder;      /* the most a frame came earlier than one before it */
    GPtrArray *deferred;  /* unproven SYNs of a side still unknown */
    GQueue awaiting[3];   /* unproven packets waiting for their other side
                             to be recorded past their window, by that side */
    tfo_gateway_traits traits;
};

static guint tfo_engine_endpoint_hash(gconstpointer ep)
{
    return tfo_endpoint_hash(ep);
}

static gboolean tfo_engine_endpoint_equal(gconstpointer a, gconstpointer b)
{
    return tfo_endpoint_equal(a, b);
}

static void tfo_engine_free_pending(gpointer data)
{
    g_ptr_array_free(data, TRUE);
}

tfo_engine *tfo_engine_new(int64_t window_ns)
{
    tfo_engine *e = g_new0(tfo_engine, 1);

    e->window = CLAMP(window_ns, 0, TFO_TIME_LIMIT);
    e->interfaces = g_array_new(FALSE, TRUE, sizeof(tfo_interface));
    e->legs = g_hash_table_new(tfo_leg_key_hash, tfo_leg_key_equal);
    e->pending = g_hash_table_new_full(tfo_engine_endpoint_hash, tfo_engine_endpoint_equal, g_free,
                                       tfo_engine_free_pending);
    g_queue_init(&e->expiry);
    e->handshakes = g_ptr_array_new_with_free_func((GDestroyNotify)tfo_handshake_free);
    e->results = tfo_results_new();
    e->loose = g_ptr_array_new_with_free_func(g_free);
    e->deferred = g_ptr_array_new();
    e->reorder = tfo_reorder_new(TFO_REORDER_HORIZON);
    e->last_ts = G_MININT64;
    g_queue_init(&e->awaiting[TFO_SIDE_LAN]);
    g_queue_init(&e->awaiting[TFO_SIDE_WAN]);
    return e;
}

/* Frees a plain SYN kept only as a candidate twin; the others belong to their leg. */
static void tfo_engine_release(tfo_segment *seg)
{
    if (!seg->leg)
        g_free(seg);
}

void tfo_engine_free(tfo_engine *e)
{
    if (!e)
        return;
    tfo_reorder_free(e->reorder);
    g_array_free(e->interfaces, TRUE);
    g_hash_table_destroy(e->legs);
    g_hash_table_destroy(e->pending);
    while (!g_queue_is_empty(&e->expiry))
        tfo_engine_release(g_queue_pop_head(&e->expiry));
    g_ptr_array_free(e->handshakes, TRUE);
    tfo_results_free(e->results);
    g_ptr_array_free(e->loose, TRUE);
    g_ptr_array_free(e->deferred, TRUE);
    g_queue_clear(&e->awaiting[TFO_SIDE_LAN]);
    g_queue_clear(&e->awaiting[TFO_SIDE_WAN]);
    g_free(e);
}

static tfo_interface *tfo_engine_interface(tfo_engine *e, int32_t id)
{
    if (id < 0 || id >= TFO_MAX_INTERFACES)
        return NULL;
    if ((guint)id >= e->interfaces->len)
        g_array_set_size(e->interfaces, (guint)id + 1);
    return &g_array_index(e->interfaces, tfo_interface, id);
}

void tfo_engine_set_interface_side(tfo_engine *e, int32_t interface_id, tfo_side side)
{
    tfo_interface *itf = tfo_engine_interface(e, interface_id);
    if (itf) {
        itf->side = (uint8_t)side;
        itf->pinned = side != TFO_SIDE_UNKNOWN;
    }
}

static void tfo_engine_settle(tfo_engine *e, tfo_segment *seg);

/* A twin crossed from |lan_if| to |wan_if|: remember which interface is
 * which, and settle the SYNs that waited for it. */
static void tfo_engine_learn_interfaces(tfo_engine *e, int32_t lan_if, int32_t wan_if)
{
    tfo_interface *lan = tfo_engine_interface(e, lan_if);
    tfo_interface *wan = tfo_engine_interface(e, wan_if);
    GPtrArray *waiting;
    guint i;

    if (lan_if == wan_if || !lan || !wan || (lan->side == TFO_SIDE_LAN && wan->side == TFO_SIDE_WAN))
        return;
    if (!lan->pinned)
        lan->side = TFO_SIDE_LAN;
    if (!wan->pinned)
        wan->side = TFO_SIDE_WAN;
    waiting = e->deferred;
    e->deferred = g_ptr_array_new();
    for (i = 0; i < waiting->len; i++)
        tfo_engine_settle(e, g_ptr_array_index(waiting, i));
    g_ptr_array_free(waiting, TRUE);
}

/* The side a packet between |a| and |b| was captured on: the interface's
 * side when known (set, or learned from twins). With several interfaces
 * and that unknown: unknown, since a LAN can carry global addresses too.
 * With one: LAN when either address is private, else WAN once a LAN has
 * been seen (the other half of a merged capture), else unknown; broadcast,
 * multicast and the like say nothing. */
static tfo_side tfo_engine_side(tfo_engine *e, int32_t interface_id, const tfo_endpoint *a,
                                const tfo_endpoint *b)
{
    tfo_interface *itf = tfo_engine_interface(e, interface_id);

    if (itf && itf->side != TFO_SIDE_UNKNOWN)
        return itf->side;
    if (e->interfaces_seen > 1)
        return TFO_SIDE_UNKNOWN;
    if (tfo_endpoint_is_private(a) || tfo_endpoint_is_private(b))
        return TFO_SIDE_LAN;
    if (tfo_endpoint_is_special(a) && tfo_endpoint_is_special(b))
        return TFO_SIDE_UNKNOWN;
    return e->side_seen[TFO_SIDE_LAN] ? TFO_SIDE_WAN : TFO_SIDE_UNKNOWN;
}

/* TRUE when packets of |side| have been captured. */
static gboolean tfo_engine_side_recorded(tfo_engine *e, tfo_side side)
{
    guint i;

    if (e->side_seen[side])
        return TRUE;
    for (i = 0; i < e->interfaces->len; i++) {
        const tfo_interface *itf = &g_array_index(e->interfaces, tfo_interface, i);
        if (itf->seen && itf->side == side)
            return TRUE;
    }
    return FALSE;
}

/* TRUE when |side| was being recorded after |ts|: a frame later than |ts|
 * came from an interface of that side or, with one interface carrying both
 * sides, from that interface. A side whose recording stopped early never is,
 * so that its silence proves no drop. */
static gboolean tfo_engine_side_recorded_after(tfo_engine *e, tfo_side side, int64_t ts)
{
    guint i;

    if (e->interfaces_seen <= 1)
        return e->side_seen[side] && e->last_ts > ts;
    for (i = 0; i < e->interfaces->len; i++) {
        const tfo_interface *itf = &g_array_index(e->interfaces, tfo_interface, i);
        if (itf->seen && itf->side == side && itf->last_ts > ts)
            return TRUE;
    }
    return FALSE;
}

/* The side of |leg|, resolved from its interface once that is known. */
static tfo_side tfo_engine_leg_side(tfo_engine *e, tfo_leg *leg)
{
    tfo_interface *itf;

    if (leg->side == TFO_SIDE_UNKNOWN && (itf = tfo_engine_interface(e, leg->key.interface_id)))
        leg->side = itf->side;
    return leg->side;
}

static tfo_frame_record *tfo_engine_record(tfo_engine *e, uint32_t frame)
{
    return tfo_results_record(e->results, frame);
}

static void tfo_engine_make_pending(tfo_engine *e, tfo_segment *seg)
{
    seg->fate = TFO_FATE_PENDING;
    g_queue_push_tail(&e->expiry, seg);
    if (!seg->is_synack) {
        GPtrArray *list = g_hash_table_lookup(e->pending, &seg->server);
        if (!list) {
            list = g_ptr_array_new();
            g_hash_table_insert(e->pending, g_memdup2(&seg->server, sizeof(tfo_endpoint)), list);
        }
        g_ptr_array_add(list, seg);
    }
}

static void tfo_engine_unpend(tfo_engine *e, tfo_segment *seg)
{
    GPtrArray *list;

    if (seg->is_synack)
        return;
    list = g_hash_table_lookup(e->pending, &seg->server);
    if (list && g_ptr_array_remove_fast(list, seg) && list->len == 0)
        g_hash_table_remove(e->pending, &seg->server);
}

static void tfo_engine_link(tfo_engine *e, tfo_segment *ingress, tfo_segment *egress)
{
    tfo_engine_unpend(e, ingress);
    tfo_segment_link_twins(ingress, egress);
    if (!ingress->is_synack)
        tfo_gateway_learn(&e->traits, ingress, egress);
}

/* A SYN the server answered was not dropped by the gateway: a SYN-ACK came
 * after it and before the next SYN, or acknowledged its data. */
static gboolean tfo_engine_syn_answered(const tfo_segment *syn)
{
    const tfo_leg *leg = syn->leg;
    int64_t next_syn = G_MAXINT64;
    guint i;

    for (i = 0; i < leg->syns->len; i++) {
        const tfo_segment *s = g_ptr_array_index(leg->syns, i);
        if (s->ts > syn->ts && s->ts < next_syn)
            next_syn = s->ts;
    }
    for (i = 0; i < leg->synacks->len; i++) {
        const tfo_segment *a = g_ptr_array_index(leg->synacks, i);
        if (a->ts >= syn->ts &&
            (a->ts < next_syn || (syn->payload_len && a->ack == leg->isn + 1 + syn->payload_len)))
            return TRUE;
    }
    return FALSE;
}

/* How long after a packet its twin may still come in the file: the window,
 * plus how far the capture has shown frames out of time order. */
static int64_t tfo_engine_horizon(const tfo_engine *e)
{
    return MIN(e->window + e->disorder, TFO_TIME_LIMIT);
}

/* Decides what became of |seg|, whose window has closed without a twin:
 * dropped when it was captured where it should have been forwarded from,
 * the side it should have reached was being recorded, nothing else could
 * have been its twin and the server did not answer it. The frame being fed
 * proves it, unless it is that frame itself or the capture is being
 * finished. A SYN of a side still unknown waits for the sides to be
 * learned. */
static void tfo_engine_settle(tfo_engine *e, tfo_segment *seg)
{
    tfo_side expected = seg->is_synack ? TFO_SIDE_LAN : TFO_SIDE_WAN;
    tfo_side side = tfo_engine_leg_side(e, seg->leg);
    seg->fate = TFO_FATE_UNPROVEN;
    if (side == TFO_SIDE_UNKNOWN) {
        if (!seg->is_synack)
            g_ptr_array_add(e->deferred, seg);
        return;
    }
    if (side != tfo_side_other(expected) || seg->ambiguous || (!seg->is_synack && tfo_engine_syn_answered(seg)))
        return;
    if (!tfo_engine_side_recorded_after(e, expected, seg->ts + tfo_engine_horizon(e))) {
        seg->awaiting = TRUE;
        g_queue_push_tail(&e->awaiting[expected], seg);
        return;
    }
    seg->fate = TFO_FATE_DROPPED;
    if (!e->input_frame || e->input_frame == seg->frame)
        return;
    tfo_results_add_proof(e->results, e->input_frame, seg->leg->hs->id, seg->frame);
}

/* Settles the packets of |side| waiting for it to be recorded past their
 * window, now that it is; they wait in capture order. */
static void tfo_engine_settle_awaiting(tfo_engine *e, tfo_side side)
{
    tfo_segment *seg;

    while ((seg = g_queue_peek_head(&e->awaiting[side])) &&
           tfo_engine_side_recorded_after(e, side, seg->ts + tfo_engine_horizon(e))) {
        g_queue_pop_head(&e->awaiting[side]);
        seg->awaiting = FALSE;
        tfo_engine_settle(e, seg);
    }
}

/* Settles every pending packet whose window closed before |now|. */
static void tfo_engine_expire(tfo_engine *e, int64_t now)
{
    tfo_segment *seg;

    while ((seg = g_queue_peek_head(&e->expiry)) && now - seg->ts > tfo_engine_horizon(e)) {
        g_queue_pop_head(&e->expiry);
        if (seg->fate == TFO_FATE_PENDING)
            tfo_engine_unpend(e, seg);
        if (!seg->leg || seg->fate != TFO_FATE_PENDING)
            tfo_engine_release(seg);
        else
            tfo_engine_settle(e, seg);
    }
    tfo_engine_settle_awaiting(e, TFO_SIDE_LAN);
    tfo_engine_settle_awaiting(e, TFO_SIDE_WAN);
}

/* An unmatched SYN to a server with pending SYNs may be a twin the evidence
 * could not pin down: none of those may then be called dropped. */
static void tfo_engine_mark_ambiguous(tfo_engine *e, GPtrArray *candidates, const tfo_segment *syn,
                                      tfo_side side)
{
    guint i;

    for (i = 0; i < candidates->len; i++) {
        tfo_segment *c = g_ptr_array_index(candidates, i);
        if (syn->ts - c->ts <= e->window && (side == TFO_SIDE_UNKNOWN || side != tfo_segment_side(c)) &&
            tfo_match_score(c, syn, &e->traits) >= 0)
            c->ambiguous = TRUE;
    }
}

static tfo_leg *tfo_engine_new_handshake(tfo_engine *e, const tfo_leg_key *key, tfo_side side, uint32_t isn)
{
    tfo_handshake *hs = tfo_handshake_new(e->handshakes->len + 1);
    g_ptr_array_add(e->handshakes, hs);
    tfo_results_add_handshake(e->results, hs);
    return tfo_handshake_add_leg(hs, key, side, isn);
}

static void tfo_engine_add_leg(tfo_engine *e, tfo_leg *leg)
{
    g_hash_table_replace(e->legs, &leg->key, leg);
}

static void tfo_engine_keep_loose(tfo_engine *e, tfo_segment *seg)
{
    g_ptr_array_add(e->loose, seg);
    tfo_engine_record(e, seg->frame)->segment = seg;
}

static void tfo_engine_observe_syn(tfo_engine *e, tfo_event *ev)
{
    const tfo_leg_key *key = &ev->key;
    tfo_segment *seg = tfo_event_take_segment(ev);
    tfo_leg *leg = g_hash_table_lookup(e->legs, key);
    GPtrArray *candidates;
    tfo_segment *twin = NULL;
    tfo_side side;

    if (leg && leg->isn == seg->seq) {
        /* A retransmission: its twin can only be in the same handshake. */
        tfo_leg_add_segment(leg, seg);
        tfo_engine_record(e, seg->frame)->segment = seg;
        if (leg == leg->hs->wan && leg->hs->lan)
            twin = tfo_match_latest_pending(leg->hs->lan->syns, seg->ts, e->window);
        if (twin)
            tfo_engine_link(e, twin, seg);
        else if (leg->side != TFO_SIDE_WAN)
            tfo_engine_make_pending(e, seg);
        return;
    }
    side = tfo_engine_side(e, key->interface_id, &key->client, &key->server);
    candidates = g_hash_table_lookup(e->pending, &key->server);
    if (candidates) {
        twin = tfo_match_nat_twin(candidates, seg, side, e->window, &e->traits);
        if (twin && !twin->leg) {
            /* The twin of a plain SYN: nothing to track, only to learn from. */
            tfo_engine_unpend(e, twin);
            twin->fate = TFO_FATE_FORWARDED;
            tfo_gateway_learn(&e->traits, twin, seg);
            tfo_engine_learn_interfaces(e, twin->interface_id, key->interface_id);
            g_free(seg);
            return;
        }
        if (twin && !twin->leg->hs->wan) {
            leg = tfo_handshake_add_leg(twin->leg->hs, key, TFO_SIDE_WAN, seg->seq);
            if (twin->leg->side == TFO_SIDE_UNKNOWN)
                twin->leg->side = TFO_SIDE_LAN;
            tfo_engine_learn_interfaces(e, twin->leg->key.interface_id, key->interface_id);
            tfo_engine_add_leg(e, leg);
            tfo_leg_add_segment(leg, seg);
            tfo_engine_record(e, seg->frame)->segment = seg;
            tfo_engine_link(e, twin, seg);
            return;
        }
        tfo_engine_mark_ambiguous(e, candidates, seg, side);
    }
    if (!tfo_option_present(&seg->option) && !seg->payload_len) {
        /* Plain TCP. On the client's side it stays a candidate for a while,
         * so that its twin is not taken for a Fast Open SYN's. */
        if (side == TFO_SIDE_WAN) {
            g_free(seg);
            return;
        }
        seg->side = (uint8_t)side;
        tfo_engine_make_pending(e, seg);
        return;
    }
    leg = tfo_engine_new_handshake(e, key, side, seg->seq);
    tfo_engine_add_leg(e, leg);
    tfo_leg_add_segment(leg, seg);
    tfo_engine_record(e, seg->frame)->segment = seg;
    if (side != TFO_SIDE_WAN)
        tfo_engine_make_pending(e, seg);
}

static void tfo_engine_observe_synack(tfo_engine *e, tfo_event *ev)
{
    tfo_leg *leg = g_hash_table_lookup(e->legs, &ev->key);
    tfo_segment *seg = tfo_event_take_segment(ev);
    tfo_handshake *hs;
    tfo_segment *twin;
    tfo_side side;
    guint i;

    if (!leg) {
        if (tfo_option_present(&seg->option))
            tfo_engine_keep_loose(e, seg);
        else
            g_free(seg);
        return;
    }
    hs = leg->hs;
    tfo_leg_add_segment(leg, seg);
    tfo_engine_record(e, seg->frame)->segment = seg;
    if (leg == hs->wan && hs->lan) {
        tfo_engine_make_pending(e, seg);
        return;
    }
    if (leg == hs->lan && hs->wan) {
        twin = tfo_match_latest_pending(hs->wan->synacks, seg->ts, e->window);
        if (twin)
            tfo_engine_link(e, twin, seg);
        return;
    }
    /* One leg only, and the other side never recorded: the capture is one
     * sided, so the SYNs answered here will never find a twin. */
    side = tfo_engine_leg_side(e, leg);
    if (side == TFO_SIDE_UNKNOWN || !tfo_engine_side_recorded(e, tfo_side_other(side)))
        for (i = 0; i < leg->syns->len; i++) {
            tfo_segment *syn = g_ptr_array_index(leg->syns, i);
            if (syn->fate == TFO_FATE_PENDING) {
                tfo_engine_unpend(e, syn);
                syn->fate = TFO_FATE_UNPROVEN;
            }
        }
}

/* The client's first segment after a SYN-ACK shows whether it had to send
 * its SYN data again. */
static void tfo_engine_observe_data(tfo_engine *e, const tfo_event *ev)
{
    tfo_leg *leg = g_hash_table_lookup(e->legs, &ev->key);
    tfo_frame_record *rec;

    if (!leg || !leg->synacks->len || leg->first_data_frame || !(ev->tcp_flags & TFO_TCP_ACK))
        return;
    leg->first_data_frame = ev->frame;
    leg->first_data_seq = ev->seq;
    leg->first_data_len = ev->payload_len;
    rec = tfo_engine_record(e, ev->frame);
    rec->leg = leg;
}

/* Analyses |ev|, the next event in time order. */
static void tfo_engine_process(tfo_engine *e, tfo_event *ev)
{
    tfo_interface *itf;

    if (ev->behind > 0) {
        tfo_engine_record(e, ev->frame)->behind = ev->behind;
        e->disorder = MIN(MAX(e->disorder, ev->behind), TFO_TIME_LIMIT);
    }
    e->last_ts = MAX(e->last_ts, ev->ts);
    itf = tfo_engine_interface(e, ev->key.interface_id);
    if (itf && !itf->seen) {
        itf->seen = TRUE;
        itf->last_ts = ev->ts;
        e->interfaces_seen++;
    }
    if (itf)
        itf->last_ts = MAX(itf->last_ts, ev->ts);
    tfo_engine_expire(e, ev->ts);
    if (ev->kind == TFO_EVENT_TIME)
        return;
    /* Any IP packet shows which sides are being recorded. */
    e->side_seen[tfo_engine_side(e, ev->key.interface_id, &ev->key.client, &ev->key.server)] = TRUE;
    if (ev->kind == TFO_EVENT_SYNACK)
        tfo_engine_observe_synack(e, ev);
    else if (ev->kind == TFO_EVENT_SYN)
        tfo_engine_observe_syn(e, ev);
    else if (ev->kind == TFO_EVENT_DATA)
        tfo_engine_observe_data(e, ev);
}

/* Analyses every event the reorder buffer lets go. */
static void tfo_engine_analyse_released(tfo_engine *e)
{
    tfo_event *ev;

    while ((ev = tfo_reorder_pop(e->reorder))) {
        tfo_engine_process(e, ev);
        tfo_event_free(ev);
    }
}

void tfo_engine_expect_interface(tfo_engine *e, int32_t interface_id)
{
    tfo_reorder_expect(e->reorder, interface_id);
}

int tfo_engine_observe(tfo_engine *e, const tfo_observation *o)
{
    tfo_event *ev;
    int status;

    if (e->finished)
        return TFO_ERR_FINISHED;
    if (o->frame <= e->last_frame)
        return TFO_ERR_REPLAY;
    e->last_frame = o->frame;
    e->input_frame = o->frame;
    status = tfo_event_new(o, &ev);
    tfo_reorder_push(e->reorder, ev);
    tfo_engine_analyse_released(e);
    return status;
}

void tfo_engine_finish(tfo_engine *e)
{
    if (e->finished)
        return;
    e->finished = TRUE;
    e->input_frame = 0;
    tfo_reorder_finish(e->reorder);
    tfo_engine_analyse_released(e);
    tfo_results_freeze(e->results);
}

gboolean tfo_engine_frame_result(const tfo_engine *e, uint32_t frame, tfo_frame_result *out)
{
    return tfo_results_frame(e->results, frame, out);
}

const tfo_results *tfo_engine_results(const tfo_engine *e)
{
    return e->results;
}

uint32_t tfo_engine_handshake_count(const tfo_engine *e)
{
    return e->handshakes->len;
}

const tfo_handshake *tfo_engine_handshake(const tfo_engine *e, uint32_t id)
{
    return id >= 1 && id <= e->handshakes->len ? g_ptr_array_index(e->handshakes, id - 1) : NULL;
}
