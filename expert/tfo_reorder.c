/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_reorder.h"

/* One slot per stream: ids -1 .. TFO_REORDER_MAX_ID - 1, then the shared one. */
#define TFO_REORDER_SLOTS (TFO_REORDER_MAX_ID + 2)

typedef struct {
    GQueue events;   /* tfo_event *, in (time, frame) order */
    int64_t reached; /* time of its latest event */
    int32_t interface_id;
} tfo_reorder_stream;

struct tfo_reorder {
    int64_t horizon;
    tfo_reorder_stream *slots[TFO_REORDER_SLOTS];
    GPtrArray *streams;   /* the streams seen, in order of first event */
    GQueue late;          /* late events, released first */
    int64_t newest;       /* latest time pushed */
    int64_t released;     /* time of the latest event released */
    gboolean declared; /* the interfaces were declared: no other will come */
    gboolean finishing;
    guint buffered;
};

tfo_reorder *tfo_reorder_new(int64_t horizon_ns)
{
    tfo_reorder *r = g_new0(tfo_reorder, 1);

    r->horizon = CLAMP(horizon_ns, 0, TFO_TIME_LIMIT);
    r->streams = g_ptr_array_new();
    g_queue_init(&r->late);
    r->newest = G_MININT64;
    r->released = G_MININT64;
    return r;
}

static void tfo_reorder_free_events(GQueue *q)
{
    tfo_event *ev;
    while ((ev = g_queue_pop_head(q)))
        tfo_event_free(ev);
}

void tfo_reorder_free(tfo_reorder *r)
{
    guint i;

    if (!r)
        return;
    for (i = 0; i < r->streams->len; i++) {
        tfo_reorder_stream *s = g_ptr_array_index(r->streams, i);
        tfo_reorder_free_events(&s->events);
        g_free(s);
    }
    tfo_reorder_free_events(&r->late);
    g_ptr_array_free(r->streams, TRUE);
    g_free(r);
}

static tfo_reorder_stream *tfo_reorder_stream_of(tfo_reorder *r, int32_t interface_id)
{
    guint slot = interface_id >= -1 && interface_id < TFO_REORDER_MAX_ID ? (guint)(interface_id + 1)
                                                                          : TFO_REORDER_SLOTS - 1;
    tfo_reorder_stream *s = r->slots[slot];

    if (!s) {
        s = g_new0(tfo_reorder_stream, 1);
        g_queue_init(&s->events);
        s->reached = G_MININT64;
        s->interface_id = interface_id;
        r->slots[slot] = s;
        g_ptr_array_add(r->streams, s);
    }
    return s;
}

static gboolean tfo_reorder_before(const tfo_event *a, const tfo_event *b)
{
    return a->ts < b->ts || (a->ts == b->ts && a->frame < b->frame);
}

void tfo_reorder_expect(tfo_reorder *r, int32_t interface_id)
{
    tfo_reorder_stream_of(r, interface_id);
    r->declared = TRUE;
}

void tfo_reorder_push(tfo_reorder *r, tfo_event *ev)
{
    tfo_reorder_stream *s;
    GList *at;

    r->buffered++;
    if (ev->ts < r->released) {
        ev->behind = r->released - ev->ts;
        if (ev->segment)
            ev->segment->late = TRUE;
        g_queue_push_tail(&r->late, ev);
        return;
    }
    r->newest = MAX(r->newest, ev->ts);
    s = tfo_reorder_stream_of(r, ev->key.interface_id);
    s->reached = MAX(s->reached, ev->ts);
    /* Usually the latest of its stream; else walk back to its place. */
    for (at = s->events.tail; at && tfo_reorder_before(ev, at->data); at = at->prev)
        ;
    if (at)
        g_queue_insert_after(&s->events, at, ev);
    else
        g_queue_push_head(&s->events, ev);
}

/* TRUE when |head|, the earliest event of |stream|, may go: every other
 * stream has reached its time, the capture went past it by the horizon, or
 * the buffer is draining. A stream alone waits the horizon, as another
 * interface may come next, unless the capture has no interface ids. */
static gboolean tfo_reorder_releasable(const tfo_reorder *r, const tfo_reorder_stream *stream,
                                       const tfo_event *head)
{
    guint i;

    if (r->finishing || r->newest - head->ts > r->horizon)
        return TRUE;
    if (r->streams->len == 1)
        return stream->interface_id == -1 || r->declared;
    for (i = 0; i < r->streams->len; i++) {
        const tfo_reorder_stream *s = g_ptr_array_index(r->streams, i);
        if (s != stream && s->reached < head->ts)
            return FALSE;
    }
    return TRUE;
}

tfo_event *tfo_reorder_pop(tfo_reorder *r)
{
    tfo_reorder_stream *first = NULL;
    tfo_event *ev;
    guint i;

    if ((ev = g_queue_pop_head(&r->late))) {
        r->buffered--;
        return ev;
    }
    for (i = 0; i < r->streams->len; i++) {
        tfo_reorder_stream *s = g_ptr_array_index(r->streams, i);
        tfo_event *head = g_queue_peek_head(&s->events);
        if (head && (!first || tfo_reorder_before(head, g_queue_peek_head(&first->events))))
            first = s;
    }
    if (!first || !tfo_reorder_releasable(r, first, g_queue_peek_head(&first->events)))
        return NULL;
    ev = g_queue_pop_head(&first->events);
    r->released = ev->ts;
    r->buffered--;
    return ev;
}

void tfo_reorder_finish(tfo_reorder *r)
{
    r->finishing = TRUE;
}

guint tfo_reorder_buffered(const tfo_reorder *r)
{
    return r->buffered;
}
