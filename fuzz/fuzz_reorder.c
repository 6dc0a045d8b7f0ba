/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: tfo_reorder driven by a stream of operations decoded
 * from the input, every release checked against a model of the contract
 * in tfo_reorder.h.
 *
 * Input format (little endian; fields past the end read as zero):
 *
 *   header   u8 horizon     in units of 8 ms (0 .. 2.04 s)
 *            u8 flags       bit 0: free at the end without draining
 *   operations, until the input ends:
 *            u8 op          bits 0-1: 0 or 1 push, 2 pop until nothing
 *                           comes, 3 bit 2 set: finish, else declare the
 *                           interface IDS[bits 3-5];
 *                           push: bits 2-4 interface IDS[n]; bit 5 the
 *                           step goes back; bit 6 an absolute time (i64,
 *                           clamped) instead of a step; bit 7 the step is
 *                           in ms, else in 10 us
 *            [u16 step from that interface's last time | i64 time]
 *
 * Frames number the pushes 1, 2, ... (as the engine feeds them). Each
 * interface's times mostly go forward but may step back (a stream's own
 * disorder, or a late frame). IDS share streams: -5 and 5000 are out of
 * range, TFO_REORDER_MAX_ID - 1 is the last id with a stream of its own.
 *
 * The model keeps what the header promises: an event earlier than the
 * latest released is late, comes out before any other with ev->behind =
 * how much earlier; any other comes out in (time, frame) order once every
 * other stream seen or declared has reached its time, once the newest time
 * pushed is more than the horizon past it, or once finishing; a stream
 * alone waits the horizon unless it is interface -1's or interfaces were
 * declared. The harness aborts when a pop differs from the model, a
 * release goes back in (time, frame) without being late, pushes differ
 * from pops + buffered, or finish leaves anything behind; ASan checks that
 * nothing leaks, also when the buffer is freed full. */
#include "fuzz_input.h"

#include "tfo_observation.h"
#include "tfo_reorder.h"

#include <glib.h>

#define MAX_EVENTS 4096
#define MAX_STREAMS 8

static const int32_t IDS[8] = {0, 1, -1, 2, TFO_REORDER_MAX_ID - 1, TFO_REORDER_MAX_ID, -5, 5000};

typedef struct {
    int64_t ts, behind;
    int stream;       /* model stream, -1 when late */
    gboolean out;
} model_event;

typedef struct {
    int slot;         /* the buffer's stream: ids out of range share one */
    int32_t first_id; /* of the event or declaration that made it */
    int64_t reached;
} model_stream;

typedef struct {
    model_event events[MAX_EVENTS + 1]; /* by frame */
    uint32_t frames;
    model_stream streams[MAX_STREAMS];
    int nstreams;
    uint32_t late[MAX_EVENTS];          /* late frames, first out first */
    uint32_t late_head, late_tail;
    int64_t horizon, newest, released;
    uint32_t released_frame;
    gboolean declared, finishing;
    guint pushes, pops;
} model;

static int model_stream_of(model *m, int32_t id)
{
    int slot = id >= -1 && id < TFO_REORDER_MAX_ID ? id + 1 : TFO_REORDER_MAX_ID + 1;
    int i;

    for (i = 0; i < m->nstreams; i++)
        if (m->streams[i].slot == slot)
            return i;
    CHECK(m->nstreams < MAX_STREAMS);
    m->streams[i].slot = slot;
    m->streams[i].first_id = id;
    m->streams[i].reached = G_MININT64;
    return m->nstreams++;
}

static gboolean before(int64_t ts_a, uint32_t a, int64_t ts_b, uint32_t b)
{
    return ts_a < ts_b || (ts_a == ts_b && a < b);
}

static void model_push(model *m, uint32_t frame, int64_t ts, int32_t id)
{
    model_event *ev = &m->events[frame];

    ev->ts = ts;
    if (ts < m->released) {
        ev->behind = m->released - ts;
        ev->stream = -1;
        m->late[m->late_tail++] = frame;
        return;
    }
    m->newest = MAX(m->newest, ts);
    ev->stream = model_stream_of(m, id);
    m->streams[ev->stream].reached = MAX(m->streams[ev->stream].reached, ts);
}

/* The frame the contract lets out now, or 0. */
static uint32_t model_next(const model *m)
{
    uint32_t f, first = 0;
    int i;

    if (m->late_head < m->late_tail)
        return m->late[m->late_head];
    for (f = 1; f <= m->frames; f++) {
        const model_event *ev = &m->events[f];
        if (!ev->out && ev->stream >= 0 &&
            (!first || before(ev->ts, f, m->events[first].ts, first)))
            first = f;
    }
    if (!first || m->finishing || m->newest - m->events[first].ts > m->horizon)
        return first;
    if (m->nstreams == 1)
        return m->streams[0].first_id == -1 || m->declared ? first : 0;
    for (i = 0; i < m->nstreams; i++)
        if (i != m->events[first].stream && m->streams[i].reached < m->events[first].ts)
            return 0;
    return first;
}

static void pop_all(tfo_reorder *r, model *m)
{
    tfo_event *ev;

    do {
        uint32_t want = model_next(m);
        model_event *mev;

        ev = tfo_reorder_pop(r);
        CHECK((ev ? ev->frame : 0) == want);
        if (!ev)
            break;
        mev = &m->events[ev->frame];
        CHECK(!mev->out);
        CHECK(ev->ts == mev->ts);
        CHECK(ev->behind == mev->behind);
        if (ev->behind > 0) {
            /* Late: earlier than what was released when it came. */
            CHECK(ev->ts < m->released);
            m->late_head++;
        } else {
            /* Never back in (time, frame). */
            CHECK(!before(ev->ts, ev->frame, m->released, m->released_frame));
            m->released = ev->ts;
            m->released_frame = ev->frame;
        }
        mev->out = TRUE;
        m->pops++;
        tfo_event_free(ev);
        CHECK(m->pushes == m->pops + tfo_reorder_buffered(r));
    } while (ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static model m;
    fuzz_input in = {data, size, 0};
    int64_t last[8] = {0};
    tfo_reorder *r;
    uint8_t flags;

    memset(&m, 0, sizeof(m));
    m.horizon = (int64_t)fuzz_u8(&in) * 8 * 1000000;
    m.newest = m.released = G_MININT64;
    flags = fuzz_u8(&in);
    r = tfo_reorder_new(m.horizon);

    while (fuzz_left(&in) > 0 && m.frames < MAX_EVENTS) {
        uint8_t op = fuzz_u8(&in);
        unsigned idx = op >> 2 & 7;

        if ((op & 3) == 2) {
            pop_all(r, &m);
        } else if ((op & 3) == 3) {
            if (op & 4) {
                tfo_reorder_finish(r);
                m.finishing = TRUE;
            } else {
                tfo_reorder_expect(r, IDS[op >> 3 & 7]);
                model_stream_of(&m, IDS[op >> 3 & 7]);
                m.declared = TRUE;
            }
        } else {
            tfo_event *ev = g_new0(tfo_event, 1);

            if (op & 0x40) {
                last[idx] = tfo_event_time((int64_t)fuzz_uint(&in, 8));
            } else {
                int64_t step = (int64_t)fuzz_u16(&in) * (op & 0x80 ? 1000000 : 10000);
                /* |last| is within +-TFO_TIME_LIMIT: no overflow. */
                last[idx] = tfo_event_time(op & 0x20 ? last[idx] - step : last[idx] + step);
            }
            ev->frame = ++m.frames;
            ev->ts = last[idx];
            ev->key.interface_id = IDS[idx];
            model_push(&m, ev->frame, ev->ts, IDS[idx]);
            tfo_reorder_push(r, ev);
            m.pushes++;
        }
        CHECK(m.pushes == m.pops + tfo_reorder_buffered(r));
    }
    if (!(flags & 1)) {
        tfo_reorder_finish(r);
        m.finishing = TRUE;
        pop_all(r, &m);
        CHECK(tfo_reorder_buffered(r) == 0);
        CHECK(m.pops == m.pushes);
    }
    tfo_reorder_free(r);
    return 0;
}
