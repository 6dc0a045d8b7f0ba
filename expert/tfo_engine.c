/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Wiring only: observation -> event -> reorder -> for each event released
 * in time order: sides, fate expiry, tracking -> results. */
#include "tfo_engine.h"
#include "tfo_error.h"
#include "tfo_event.h"
#include "tfo_fate.h"
#include "tfo_reorder.h"
#include "tfo_sides.h"
#include "tfo_track.h"

struct tfo_engine {
    tfo_reorder *reorder;
    tfo_sides *sides;
    tfo_fate_queue *fate;
    tfo_tracker *tracker;
    tfo_results *results;
    GPtrArray *dropped;   /* tfo_segment *: drops found by the current step */
    uint32_t last_frame;  /* the latest frame fed */
    uint32_t input_frame; /* the frame being fed, 0 while finishing */
    int64_t now;          /* the latest time analysed */
    gboolean finished;
};

tfo_engine *tfo_engine_new(int64_t window_ns)
{
    tfo_engine *e = g_new0(tfo_engine, 1);

    e->reorder = tfo_reorder_new(TFO_REORDER_HORIZON);
    e->sides = tfo_sides_new();
    e->fate = tfo_fate_new(window_ns);
    e->results = tfo_results_new();
    e->tracker = tfo_track_new(e->sides, e->fate, e->results);
    e->dropped = g_ptr_array_new();
    e->now = G_MININT64;
    return e;
}

void tfo_engine_free(tfo_engine *e)
{
    if (!e)
        return;
    tfo_reorder_free(e->reorder);
    /* The fate frees the plain SYNs it holds, the tracker every other segment. */
    tfo_fate_free(e->fate);
    tfo_track_free(e->tracker);
    tfo_results_free(e->results);
    tfo_sides_free(e->sides);
    g_ptr_array_free(e->dropped, TRUE);
    g_free(e);
}

void tfo_engine_set_interface_side(tfo_engine *e, int32_t interface_id, tfo_side side)
{
    tfo_sides_pin(e->sides, interface_id, side);
}

void tfo_engine_fix_window(tfo_engine *e)
{
    tfo_fate_fix_window(e->fate);
}

void tfo_engine_expect_interface(tfo_engine *e, int32_t interface_id)
{
    tfo_reorder_expect(e->reorder, interface_id);
    tfo_sides_expect(e->sides, interface_id);
}

/* The frame being fed proves the drops found now, unless it is the dropped
 * frame itself (which shows it) or the capture is being finished. */
static void tfo_engine_note_drops(tfo_engine *e)
{
    guint i;

    for (i = 0; i < e->dropped->len; i++) {
        const tfo_segment *seg = g_ptr_array_index(e->dropped, i);
        if (e->input_frame && e->input_frame != seg->frame)
            tfo_results_add_proof(e->results, e->input_frame, seg->leg->hs->id, seg->frame);
    }
    g_ptr_array_set_size(e->dropped, 0);
}

/* Analyses |ev|, the next event in time order. */
static void tfo_engine_process(tfo_engine *e, tfo_event *ev)
{
    if (ev->behind > 0) {
        tfo_results_record(e->results, ev->frame)->behind = ev->behind;
        tfo_fate_note_late(e->fate, ev->behind);
    }
    tfo_sides_note_frame(e->sides, ev->key.interface_id, ev->ts);
    tfo_fate_expire(e->fate, tfo_track_candidates(e->tracker), e->sides, ev->ts, e->dropped);
    if (ev->kind != TFO_EVENT_TIME) {
        /* Any IP packet shows which sides are being recorded. */
        tfo_sides_note_packet(e->sides, ev->key.interface_id, &ev->key.client, &ev->key.server);
        if (tfo_track_is_crossing(e->tracker, ev))
            tfo_sides_note_crossing(e->sides, ev->key.interface_id, ev->ts);
        if (ev->kind == TFO_EVENT_SYN)
            tfo_track_syn(e->tracker, ev, e->dropped);
        else if (ev->kind == TFO_EVENT_SYNACK)
            tfo_track_synack(e->tracker, ev);
        else if (ev->kind == TFO_EVENT_DATA)
            tfo_track_first_data(e->tracker, ev);
        /* A delay learned from this event settles the packets that lingered. */
        tfo_fate_expire(e->fate, tfo_track_candidates(e->tracker), e->sides, ev->ts, e->dropped);
    }
    tfo_engine_note_drops(e);
    /* Past the fate's reach and the reorder horizon, no frame of a settled
     * handshake is still to come but its retransmissions. */
    e->now = MAX(e->now, ev->ts);
    tfo_track_retire(e->tracker, e->now, tfo_fate_reach(e->fate) + TFO_REORDER_HORIZON);
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
    tfo_fate_finish(e->fate, tfo_track_candidates(e->tracker), e->sides, tfo_track_gateway_forwarded(e->tracker),
                    e->dropped);
    tfo_engine_note_drops(e);
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
    return tfo_track_handshake_count(e->tracker);
}

const tfo_handshake *tfo_engine_handshake(const tfo_engine *e, uint32_t id)
{
    return tfo_track_handshake(e->tracker, id);
}
