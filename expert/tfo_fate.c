/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_fate.h"
#include "tfo_observation.h"

struct tfo_fate_queue {
    int64_t floor;        /* the window before any delay is learned, and its least */
    gboolean fixed;       /* the window stays the floor */
    int64_t delay;        /* the slowest forwarding delay learned, -1 for none */
    int64_t disorder;     /* the most a frame came after a later one was analysed */
    GQueue expiry;        /* pending tfo_segment *, in time order */
    GQueue lingering;     /* pending past the window while no delay is learned */
    GPtrArray *deferred;  /* unproven SYNs of a side still unknown */
    GQueue awaiting[3];   /* unproven packets waiting for their other side
                             to be recorded past their window, by that side */
};

tfo_fate_queue *tfo_fate_new(int64_t window_ns)
{
    tfo_fate_queue *f = g_new0(tfo_fate_queue, 1);

    f->floor = CLAMP(window_ns, 0, TFO_TIME_LIMIT);
    f->delay = -1;
    g_queue_init(&f->expiry);
    g_queue_init(&f->lingering);
    f->deferred = g_ptr_array_new();
    g_queue_init(&f->awaiting[TFO_SIDE_LAN]);
    g_queue_init(&f->awaiting[TFO_SIDE_WAN]);
    return f;
}

/* Frees a plain SYN kept only as a candidate twin; the others belong to their leg. */
static void tfo_fate_release(tfo_segment *seg)
{
    if (!seg->leg)
        g_free(seg);
}

void tfo_fate_free(tfo_fate_queue *f)
{
    if (!f)
        return;
    while (!g_queue_is_empty(&f->expiry))
        tfo_fate_release(g_queue_pop_head(&f->expiry));
    while (!g_queue_is_empty(&f->lingering))
        tfo_fate_release(g_queue_pop_head(&f->lingering));
    g_ptr_array_free(f->deferred, TRUE);
    g_queue_clear(&f->awaiting[TFO_SIDE_LAN]);
    g_queue_clear(&f->awaiting[TFO_SIDE_WAN]);
    g_free(f);
}

void tfo_fate_fix_window(tfo_fate_queue *f)
{
    f->fixed = TRUE;
}

void tfo_fate_learn_delay(tfo_fate_queue *f, int64_t delay)
{
    f->delay = MAX(f->delay, CLAMP(delay, 0, TFO_TIME_LIMIT));
}

int64_t tfo_fate_window(const tfo_fate_queue *f)
{
    if (f->fixed || f->delay < 0)
        return f->floor;
    return MAX(f->floor, MIN(TFO_WINDOW_DELAY_FACTOR * MIN(f->delay, TFO_WINDOW_MAX), TFO_WINDOW_MAX));
}

int64_t tfo_fate_horizon(const tfo_fate_queue *f)
{
    return MIN(tfo_fate_window(f) + f->disorder, TFO_TIME_LIMIT);
}

/* No delay learned: a slow gateway's first twin may still come. */
static gboolean tfo_fate_lingers(const tfo_fate_queue *f)
{
    return !f->fixed && f->delay < 0;
}

int64_t tfo_fate_span(const tfo_fate_queue *f)
{
    if (!tfo_fate_lingers(f))
        return tfo_fate_horizon(f);
    return MIN(MAX(f->floor, TFO_WINDOW_MAX) + f->disorder, TFO_TIME_LIMIT);
}

int64_t tfo_fate_reach(const tfo_fate_queue *f)
{
    int64_t largest = f->fixed ? f->floor : MAX(f->floor, TFO_WINDOW_MAX);

    return MIN(largest + f->disorder, TFO_TIME_LIMIT);
}

gboolean tfo_fate_holds(const tfo_segment *seg)
{
    return seg->fate == TFO_FATE_PENDING || seg->queued || seg->awaiting || seg->deferred;
}

void tfo_fate_note_late(tfo_fate_queue *f, int64_t behind)
{
    f->disorder = MIN(MAX(f->disorder, behind), TFO_TIME_LIMIT);
}

void tfo_fate_make_pending(tfo_fate_queue *f, tfo_match_index *index, tfo_segment *seg)
{
    seg->fate = TFO_FATE_PENDING;
    seg->queued = TRUE;
    g_queue_push_tail(&f->expiry, seg);
    tfo_match_index_add(index, seg);
}

/* A SYN the server answered was not dropped by the gateway: a SYN-ACK came
 * after it and before the next SYN, or acknowledged its data. */
static gboolean tfo_fate_syn_answered(const tfo_segment *syn)
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

/* Decides what became of |seg|, whose window has closed without a twin. */
static void tfo_fate_settle(tfo_fate_queue *f, const tfo_sides *sides, tfo_segment *seg, GPtrArray *dropped)
{
    tfo_side side = tfo_sides_of_leg(sides, seg->leg);
    tfo_side expected = tfo_side_other(side);

    seg->fate = TFO_FATE_UNPROVEN;
    seg->one_sided = !tfo_sides_recorded(sides, expected);
    if (side == TFO_SIDE_UNKNOWN) {
        if (!seg->is_synack) {
            seg->deferred = TRUE;
            g_ptr_array_add(f->deferred, seg);
        }
        return;
    }
    if (seg->ambiguous || seg->late || (!seg->is_synack && tfo_fate_syn_answered(seg)))
        return;
    if (!tfo_sides_recorded_after(sides, expected, seg->ts + tfo_fate_horizon(f))) {
        seg->awaiting = TRUE;
        g_queue_push_tail(&f->awaiting[expected], seg);
        return;
    }
    seg->fate = TFO_FATE_DROPPED;
    g_ptr_array_add(dropped, seg);
}

/* Settles the packets of |side| waiting for it to be recorded past their
 * window, now that it is; they wait in time order. */
static void tfo_fate_settle_awaiting(tfo_fate_queue *f, const tfo_sides *sides, tfo_side side, GPtrArray *dropped)
{
    tfo_segment *seg;

    while ((seg = g_queue_peek_head(&f->awaiting[side])) &&
           tfo_sides_recorded_after(sides, side, seg->ts + tfo_fate_horizon(f))) {
        g_queue_pop_head(&f->awaiting[side]);
        seg->awaiting = FALSE;
        tfo_fate_settle(f, sides, seg, dropped);
    }
}

/* |seg| may no longer get a twin: no longer a candidate, and settled. */
static void tfo_fate_close(tfo_fate_queue *f, tfo_match_index *index, const tfo_sides *sides, tfo_segment *seg,
                           GPtrArray *dropped)
{
    if (seg->fate == TFO_FATE_PENDING)
        tfo_match_index_remove(index, seg);
    seg->queued = FALSE;
    if (!seg->leg || seg->fate != TFO_FATE_PENDING)
        tfo_fate_release(seg);
    else
        tfo_fate_settle(f, sides, seg, dropped);
}

void tfo_fate_expire(tfo_fate_queue *f, tfo_match_index *index, const tfo_sides *sides, int64_t now, GPtrArray *dropped)
{
    tfo_segment *seg;

    /* Older than any packet still in the expiry queue: first. */
    while ((seg = g_queue_peek_head(&f->lingering)) && now - seg->ts > tfo_fate_span(f))
        tfo_fate_close(f, index, sides, g_queue_pop_head(&f->lingering), dropped);
    while ((seg = g_queue_peek_head(&f->expiry)) && now - seg->ts > tfo_fate_horizon(f)) {
        g_queue_pop_head(&f->expiry);
        if (seg->fate == TFO_FATE_PENDING && tfo_fate_lingers(f))
            g_queue_push_tail(&f->lingering, seg);
        else
            tfo_fate_close(f, index, sides, seg, dropped);
    }
    tfo_fate_settle_awaiting(f, sides, TFO_SIDE_LAN, dropped);
    tfo_fate_settle_awaiting(f, sides, TFO_SIDE_WAN, dropped);
}

void tfo_fate_finish(tfo_fate_queue *f, tfo_match_index *index, const tfo_sides *sides, gboolean gateway_forwarded,
                     GPtrArray *dropped)
{
    tfo_side silent;
    tfo_segment *seg;

    while (!g_queue_is_empty(&f->lingering))
        tfo_fate_close(f, index, sides, g_queue_pop_head(&f->lingering), dropped);
    for (silent = TFO_SIDE_LAN; silent <= TFO_SIDE_WAN; silent++)
        while ((seg = g_queue_pop_head(&f->awaiting[silent]))) {
            if (!gateway_forwarded ||
                !tfo_sides_silence_proves(sides, silent, seg->leg->key.interface_id, seg->ts, tfo_fate_horizon(f)))
                continue;
            seg->awaiting = FALSE;
            seg->by_silence = TRUE;
            seg->fate = TFO_FATE_DROPPED;
            g_ptr_array_add(dropped, seg);
        }
}

void tfo_fate_sides_learned(tfo_fate_queue *f, const tfo_sides *sides, GPtrArray *dropped)
{
    GPtrArray *waiting = f->deferred;
    guint i;

    f->deferred = g_ptr_array_new();
    for (i = 0; i < waiting->len; i++) {
        tfo_segment *seg = g_ptr_array_index(waiting, i);
        seg->deferred = FALSE;
        tfo_fate_settle(f, sides, seg, dropped);
    }
    g_ptr_array_free(waiting, TRUE);
}
