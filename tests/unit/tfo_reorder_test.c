/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_observation.h"
#include "tfo_reorder.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* Times in milliseconds; the buffer counts in ns. */
#define MS(ms) ((int64_t)(ms) * 1000000)
#define HORIZON MS(1000)

/* An event of |frame| at |ms| on |interface_id|: all the buffer reads. */
static tfo_event *event(uint32_t frame, int64_t ms, int32_t interface_id)
{
    tfo_event *ev = g_new0(tfo_event, 1);

    ev->frame = frame;
    ev->ts = MS(ms);
    ev->key.interface_id = interface_id;
    return ev;
}

static void push(tfo_reorder *r, uint32_t frame, int64_t ms, int32_t interface_id)
{
    tfo_reorder_push(r, event(frame, ms, interface_id));
}

/* Pops the next event, asserts it is |frame| behind by |behind_ms|, frees it. */
static void expect_pop(tfo_reorder *r, uint32_t frame, int64_t behind_ms)
{
    tfo_event *ev = tfo_reorder_pop(r);

    assert_non_null(ev);
    assert_int_equal(ev->frame, frame);
    assert_int_equal(ev->behind, MS(behind_ms));
    tfo_event_free(ev);
}

static void expect_none(tfo_reorder *r)
{
    assert_null(tfo_reorder_pop(r));
}

/* A capture without interface ids (pcap) is never held back. */
static void test_no_ids_released_at_once(void **state)
{
    tfo_reorder *r = tfo_reorder_new(HORIZON);

    (void)state;
    push(r, 1, 0, -1);
    expect_pop(r, 1, 0);
    expect_none(r);
    push(r, 2, 5, -1);
    push(r, 3, 7, -1);
    expect_pop(r, 2, 0);
    expect_pop(r, 3, 0);
    expect_none(r);
    assert_int_equal(tfo_reorder_buffered(r), 0);
    tfo_reorder_free(r);
}

/* Two interfaces in batches: an event goes once the other has reached its
 * time (the watermark), and they come out merged by time. */
static void test_two_streams_merged(void **state)
{
    tfo_reorder *r = tfo_reorder_new(HORIZON);

    (void)state;
    push(r, 1, 10, 0);
    push(r, 2, 20, 0);
    push(r, 3, 30, 0);
    expect_none(r); /* interface 0 alone: interface 1 may come next */
    push(r, 4, 15, 1);
    expect_pop(r, 1, 0);
    expect_pop(r, 4, 0);
    expect_none(r); /* 20 waits for interface 1 to reach it */
    push(r, 5, 25, 1);
    expect_pop(r, 2, 0);
    push(r, 6, 40, 1);
    expect_pop(r, 5, 0);
    expect_pop(r, 3, 0);
    expect_none(r); /* 40 waits for interface 0 */
    assert_int_equal(tfo_reorder_buffered(r), 1);
    tfo_reorder_finish(r);
    expect_pop(r, 6, 0);
    expect_none(r);
    tfo_reorder_free(r);
}

/* An interface alone waits the horizon: the next batch may be another's. */
static void test_lone_stream_waits_horizon(void **state)
{
    tfo_reorder *r = tfo_reorder_new(HORIZON);

    (void)state;
    push(r, 1, 0, 0);
    push(r, 2, 1000, 0);
    expect_none(r); /* exactly the horizon past it: still waits */
    push(r, 3, 1001, 0);
    expect_pop(r, 1, 0);
    expect_none(r);
    assert_int_equal(tfo_reorder_buffered(r), 2);
    tfo_reorder_free(r);
}

/* Declared, an interface alone is never held back. */
static void test_lone_declared_stream_released(void **state)
{
    tfo_reorder *r = tfo_reorder_new(HORIZON);

    (void)state;
    tfo_reorder_expect(r, 0);
    push(r, 1, 0, 0);
    expect_pop(r, 1, 0);
    push(r, 2, 3, 0);
    expect_pop(r, 2, 0);
    expect_none(r);
    tfo_reorder_free(r);
}

/* A declared interface that has not recorded yet holds the others until
 * the horizon, so that its first batch is not late. */
static void test_declared_silent_holds(void **state)
{
    tfo_reorder *r = tfo_reorder_new(HORIZON);

    (void)state;
    tfo_reorder_expect(r, 0);
    tfo_reorder_expect(r, 1);
    push(r, 1, 0, 0);
    push(r, 2, 500, 0);
    push(r, 3, 1000, 0);
    expect_none(r);
    push(r, 4, 1200, 0);
    expect_pop(r, 1, 0);
    expect_none(r);
    push(r, 5, 100, 1); /* interface 1's first batch, in time */
    expect_pop(r, 5, 0);
    expect_none(r); /* 500 waits for interface 1 to reach it */
    push(r, 6, 600, 1);
    expect_pop(r, 2, 0);
    expect_pop(r, 6, 0);
    expect_none(r); /* 1000 waits for interface 1 */
    tfo_reorder_free(r);
}

/* Past the horizon, a silent interface holds nothing back. */
static void test_horizon_release(void **state)
{
    tfo_reorder *r = tfo_reorder_new(HORIZON);

    (void)state;
    push(r, 1, 0, 1);
    push(r, 2, 10, 0);
    push(r, 3, 20, 0);
    expect_pop(r, 1, 0);
    expect_none(r); /* 10 waits for interface 1 */
    push(r, 4, 1011, 0);
    expect_pop(r, 2, 0);
    expect_none(r);
    push(r, 5, 5000, 0);
    expect_pop(r, 3, 0);
    expect_pop(r, 4, 0);
    expect_none(r);
    tfo_reorder_free(r);
}

/* An event earlier than one released comes out first, marked late. */
static void test_late_event_first_marked(void **state)
{
    tfo_reorder *r = tfo_reorder_new(HORIZON);

    (void)state;
    push(r, 1, 0, 1);
    push(r, 2, 10, 0);
    push(r, 3, 2000, 0);
    expect_pop(r, 1, 0);
    expect_pop(r, 2, 0);
    expect_none(r); /* 2000 waits for interface 1 */
    push(r, 4, 4, 1);
    push(r, 5, 3, 1);
    push(r, 6, 10, 1); /* the same time as the latest released: not late */
    expect_pop(r, 4, 6);
    expect_pop(r, 5, 7);
    expect_pop(r, 6, 0);
    expect_none(r);
    assert_int_equal(tfo_reorder_buffered(r), 1);
    tfo_reorder_free(r);
}

/* A stream's own disorder is put in place. */
static void test_within_stream_disorder(void **state)
{
    tfo_reorder *r = tfo_reorder_new(HORIZON);

    (void)state;
    push(r, 1, 30, 0);
    push(r, 2, 10, 0);
    push(r, 3, 20, 0);
    push(r, 4, 5, 0);
    push(r, 5, 100, 1);
    expect_pop(r, 4, 0);
    expect_pop(r, 2, 0);
    expect_pop(r, 3, 0);
    expect_pop(r, 1, 0);
    expect_none(r);
    tfo_reorder_free(r);
}

/* Finish drains everything, in (time, frame) order, late ones first. */
static void test_finish_drains_in_order(void **state)
{
    static const uint32_t order[] = {1, 7, 5, 2, 6, 3, 4};
    tfo_reorder *r = tfo_reorder_new(HORIZON);
    guint i;

    (void)state;
    tfo_reorder_expect(r, 2);
    push(r, 1, 0, 0);
    push(r, 2, 40, 0);
    push(r, 3, 50, 0);
    push(r, 4, 60, 1);
    push(r, 5, 20, 1);
    push(r, 6, 40, 3);
    expect_none(r);
    tfo_reorder_finish(r);
    expect_pop(r, 1, 0);
    push(r, 7, -10, 1); /* late even while draining */
    for (i = 1; i < G_N_ELEMENTS(order); i++)
        expect_pop(r, order[i], i == 1 ? 10 : 0);
    expect_none(r);
    assert_int_equal(tfo_reorder_buffered(r), 0);
    tfo_reorder_free(r);
}

/* Nothing is lost: what goes in comes out, once, and buffered counts the rest. */
static void test_nothing_lost(void **state)
{
    static const int32_t ids[] = {0, 1, -1, 7};
    tfo_reorder *r = tfo_reorder_new(MS(50));
    gboolean seen[401] = {FALSE};
    guint pushed = 0, popped = 0;
    uint32_t frame;
    tfo_event *ev;

    (void)state;
    for (frame = 1; frame <= 400; frame++) {
        /* Each interface steps forward, with some steps back. */
        int64_t ms = (int64_t)(frame / 4) * 3 - (frame % 13 == 0 ? 40 : 0);
        push(r, frame, ms, ids[frame % 4]);
        pushed++;
        while ((ev = tfo_reorder_pop(r))) {
            assert_false(seen[ev->frame]);
            seen[ev->frame] = TRUE;
            popped++;
            tfo_event_free(ev);
        }
        assert_int_equal(pushed, popped + tfo_reorder_buffered(r));
    }
    assert_true(tfo_reorder_buffered(r) > 0);
    tfo_reorder_finish(r);
    while ((ev = tfo_reorder_pop(r))) {
        assert_false(seen[ev->frame]);
        seen[ev->frame] = TRUE;
        popped++;
        tfo_event_free(ev);
    }
    assert_int_equal(popped, pushed);
    assert_int_equal(tfo_reorder_buffered(r), 0);
    tfo_reorder_free(r);
}

/* Freeing frees what is still buffered (the sanitizer build checks). */
static void test_free_buffered(void **state)
{
    tfo_reorder *r = tfo_reorder_new(HORIZON);

    (void)state;
    push(r, 1, 0, 0);
    push(r, 2, 10, 1);
    push(r, 3, 20, 0);
    expect_pop(r, 1, 0);
    expect_pop(r, 2, 0);
    push(r, 4, 5, 1); /* late */
    assert_int_equal(tfo_reorder_buffered(r), 2);
    tfo_reorder_free(r);
    tfo_reorder_free(NULL);
}

/* Ids outside -1 .. TFO_REORDER_MAX_ID - 1 share one stream. */
static void test_ids_out_of_range_share_stream(void **state)
{
    tfo_reorder *r = tfo_reorder_new(HORIZON);

    (void)state;
    push(r, 1, 0, -5);
    push(r, 2, 10, 5000);
    push(r, 3, 20, G_MININT32);
    expect_none(r); /* one stream alone: it waits */
    push(r, 4, 15, TFO_REORDER_MAX_ID - 1); /* a stream of its own */
    expect_pop(r, 1, 0);
    expect_pop(r, 2, 0);
    expect_pop(r, 4, 0);
    expect_none(r); /* 20 waits for TFO_REORDER_MAX_ID - 1 */
    push(r, 5, 30, TFO_REORDER_MAX_ID);
    expect_none(r);
    push(r, 6, 40, TFO_REORDER_MAX_ID - 1);
    expect_pop(r, 3, 0);
    expect_pop(r, 5, 0);
    expect_none(r);
    tfo_reorder_finish(r);
    expect_pop(r, 6, 0);
    tfo_reorder_free(r);
}

/* Equal times come out by frame, whichever interface. */
static void test_equal_times_by_frame(void **state)
{
    tfo_reorder *r = tfo_reorder_new(HORIZON);

    (void)state;
    push(r, 1, 10, 1);
    push(r, 2, 10, 0);
    push(r, 3, 10, 1);
    push(r, 4, 10, 0);
    expect_pop(r, 1, 0);
    expect_pop(r, 2, 0);
    expect_pop(r, 3, 0);
    expect_pop(r, 4, 0);
    expect_none(r);
    tfo_reorder_free(r);
}

/* The horizon is clamped to 0 .. TFO_TIME_LIMIT; times at the limits do
 * not overflow. */
static void test_horizon_clamped(void **state)
{
    tfo_reorder *r = tfo_reorder_new(-5);
    tfo_event *ev;

    (void)state;
    push(r, 1, 0, 0);
    expect_none(r);
    push(r, 2, 1, 0); /* a horizon of 0: anything later lets it go */
    expect_pop(r, 1, 0);
    expect_none(r);
    tfo_reorder_free(r);

    r = tfo_reorder_new(G_MAXINT64);
    ev = event(1, 0, 0);
    ev->ts = -TFO_TIME_LIMIT;
    tfo_reorder_push(r, ev);
    push(r, 2, 0, 0);
    expect_none(r);
    ev = event(3, 0, 0);
    ev->ts = TFO_TIME_LIMIT;
    tfo_reorder_push(r, ev);
    expect_pop(r, 1, 0);
    expect_none(r);
    tfo_reorder_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_ids_released_at_once),
        cmocka_unit_test(test_two_streams_merged),
        cmocka_unit_test(test_lone_stream_waits_horizon),
        cmocka_unit_test(test_lone_declared_stream_released),
        cmocka_unit_test(test_declared_silent_holds),
        cmocka_unit_test(test_horizon_release),
        cmocka_unit_test(test_late_event_first_marked),
        cmocka_unit_test(test_within_stream_disorder),
        cmocka_unit_test(test_finish_drains_in_order),
        cmocka_unit_test(test_nothing_lost),
        cmocka_unit_test(test_free_buffered),
        cmocka_unit_test(test_ids_out_of_range_share_stream),
        cmocka_unit_test(test_equal_times_by_frame),
        cmocka_unit_test(test_horizon_clamped),
    };
    return cmocka_run_group_tests_name("tfo_reorder", tests, NULL, NULL);
}
