/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_fate.h"
#include "tfo_test_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define MS(ms) TFO_T_NS((int64_t)(ms) * 1000)

/* ------------------------------------------------------- the window rule */

static void test_window_follows_delay(void **state)
{
    tfo_fate_queue *f = tfo_fate_new(MS(500));

    (void)state;
    /* Nothing learned: the floor, and candidates kept TFO_WINDOW_MAX. */
    assert_int_equal(tfo_fate_window(f), MS(500));
    assert_int_equal(tfo_fate_span(f), TFO_WINDOW_MAX);
    /* Twice the slowest delay, never less than the floor. */
    tfo_fate_learn_delay(f, MS(100));
    assert_int_equal(tfo_fate_window(f), MS(500));
    assert_int_equal(tfo_fate_span(f), MS(500));
    tfo_fate_learn_delay(f, MS(800));
    assert_int_equal(tfo_fate_window(f), MS(1600));
    tfo_fate_learn_delay(f, MS(700));
    assert_int_equal(tfo_fate_window(f), MS(1600));
    assert_int_equal(tfo_fate_span(f), MS(1600));
    /* At most TFO_WINDOW_MAX. */
    tfo_fate_learn_delay(f, INT64_MAX);
    assert_int_equal(tfo_fate_window(f), TFO_WINDOW_MAX);
    /* Disorder widens the horizon and the span, not the window. */
    tfo_fate_note_late(f, MS(30));
    assert_int_equal(tfo_fate_horizon(f), TFO_WINDOW_MAX + MS(30));
    assert_int_equal(tfo_fate_span(f), TFO_WINDOW_MAX + MS(30));
    tfo_fate_free(f);
}

static void test_window_fixed(void **state)
{
    tfo_fate_queue *f = tfo_fate_new(MS(500));

    (void)state;
    tfo_fate_fix_window(f);
    assert_int_equal(tfo_fate_span(f), MS(500));
    tfo_fate_learn_delay(f, MS(800));
    assert_int_equal(tfo_fate_window(f), MS(500));
    assert_int_equal(tfo_fate_span(f), MS(500));
    tfo_fate_free(f);
}

static void test_window_floor_above_max(void **state)
{
    tfo_fate_queue *f = tfo_fate_new(MS(20000));

    (void)state;
    assert_int_equal(tfo_fate_span(f), MS(20000));
    tfo_fate_learn_delay(f, MS(8000));
    assert_int_equal(tfo_fate_window(f), MS(20000));
    tfo_fate_free(f);
}

/* ------------------------------------------------- lingering and proof */

typedef struct {
    tfo_fate_queue *fate;
    tfo_match_index *index;
    tfo_sides *sides;
    GPtrArray *dropped;
    tfo_segment *syn;  /* a LAN data SYN at t=0, pending */
} fixture;

static void fixture_new(fixture *x, gboolean fixed)
{
    tfo_endpoint lan = tfo_t_lan_client(), wan = tfo_t_wan_client(), server = tfo_t_server();

    x->fate = tfo_fate_new(MS(500));
    if (fixed)
        tfo_fate_fix_window(x->fate);
    x->index = tfo_match_index_new();
    x->sides = tfo_sides_new();
    x->dropped = g_ptr_array_new();
    x->syn = tfo_t_lone_syn(TFO_SIDE_LAN, tfo_t_lan_client(), 1, 0, 1000, 4);
    tfo_fate_make_pending(x->fate, x->index, x->syn);
    /* One interface carrying both sides; the WAN recorded at 600 ms, past
     * the floor. */
    tfo_sides_note_packet(x->sides, -1, &lan, &server);
    tfo_sides_note_packet(x->sides, -1, &wan, &server);
    tfo_sides_note_frame(x->sides, -1, MS(600));
}

static void fixture_free(fixture *x)
{
    tfo_fate_free(x->fate);
    tfo_match_index_free(x->index);
    tfo_sides_free(x->sides);
    g_ptr_array_free(x->dropped, TRUE);
    tfo_t_free_lone(x->syn);
}

static gboolean is_candidate(const fixture *x)
{
    GPtrArray *list = g_ptr_array_new();
    gboolean found = FALSE;
    guint i;

    tfo_match_index_candidates(x->index, &x->syn->client, &x->syn->server, list);
    for (i = 0; i < list->len; i++)
        found |= g_ptr_array_index(list, i) == x->syn;
    g_ptr_array_free(list, TRUE);
    return found;
}

/* Past the floor with no delay learned, a SYN stays pending and a candidate
 * twin: a slow gateway's twin may still come. */
static void test_lingers_until_delay_learned(void **state)
{
    fixture x;

    (void)state;
    fixture_new(&x, FALSE);
    tfo_fate_expire(x.fate, x.index, x.sides, MS(600), x.dropped);
    assert_int_equal(x.syn->fate, TFO_FATE_PENDING);
    assert_true(is_candidate(&x));
    assert_int_equal(x.dropped->len, 0);
    /* A fast gateway's delay learned: the floor window has passed, the WAN
     * was recorded past it: dropped, and no longer a candidate. */
    tfo_fate_learn_delay(x.fate, MS(1));
    tfo_fate_expire(x.fate, x.index, x.sides, MS(600), x.dropped);
    assert_int_equal(x.syn->fate, TFO_FATE_DROPPED);
    assert_false(is_candidate(&x));
    assert_int_equal(x.dropped->len, 1);
    fixture_free(&x);
}

/* A slow delay learned: the window grows past the WAN's recording, the SYN
 * is pending again until the WAN is recorded past the new window. */
static void test_learned_window_needs_recording(void **state)
{
    tfo_endpoint wan = tfo_t_wan_client(), server = tfo_t_server();
    fixture x;

    (void)state;
    fixture_new(&x, FALSE);
    tfo_fate_expire(x.fate, x.index, x.sides, MS(600), x.dropped);
    tfo_fate_learn_delay(x.fate, MS(800));
    tfo_fate_expire(x.fate, x.index, x.sides, MS(700), x.dropped);
    assert_int_equal(x.syn->fate, TFO_FATE_PENDING);
    assert_true(is_candidate(&x));
    tfo_sides_note_packet(x.sides, -1, &wan, &server);
    tfo_sides_note_frame(x.sides, -1, MS(1601));
    tfo_fate_expire(x.fate, x.index, x.sides, MS(1601), x.dropped);
    assert_int_equal(x.syn->fate, TFO_FATE_DROPPED);
    assert_int_equal(x.dropped->len, 1);
    fixture_free(&x);
}

/* Nothing learned: settled once TFO_WINDOW_MAX has passed, or at the end
 * of the capture. */
static void test_lingering_ends(void **state)
{
    fixture x;

    (void)state;
    fixture_new(&x, FALSE);
    tfo_fate_expire(x.fate, x.index, x.sides, TFO_WINDOW_MAX, x.dropped);
    assert_int_equal(x.syn->fate, TFO_FATE_PENDING);
    tfo_fate_expire(x.fate, x.index, x.sides, TFO_WINDOW_MAX + 1, x.dropped);
    assert_int_equal(x.syn->fate, TFO_FATE_DROPPED);
    assert_false(is_candidate(&x));
    fixture_free(&x);

    fixture_new(&x, FALSE);
    tfo_fate_expire(x.fate, x.index, x.sides, MS(600), x.dropped);
    tfo_fate_finish(x.fate, x.index, x.sides, FALSE, x.dropped);
    assert_int_equal(x.syn->fate, TFO_FATE_DROPPED);
    assert_int_equal(x.dropped->len, 1);
    fixture_free(&x);
}

/* A fixed window settles at the floor, as before any learning. */
static void test_fixed_settles_at_floor(void **state)
{
    fixture x;

    (void)state;
    fixture_new(&x, TRUE);
    tfo_fate_expire(x.fate, x.index, x.sides, MS(500), x.dropped);
    assert_int_equal(x.syn->fate, TFO_FATE_PENDING);
    tfo_fate_expire(x.fate, x.index, x.sides, MS(600), x.dropped);
    assert_int_equal(x.syn->fate, TFO_FATE_DROPPED);
    assert_false(is_candidate(&x));
    fixture_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window_follows_delay),
        cmocka_unit_test(test_window_fixed),
        cmocka_unit_test(test_window_floor_above_max),
        cmocka_unit_test(test_lingers_until_delay_learned),
        cmocka_unit_test(test_learned_window_needs_recording),
        cmocka_unit_test(test_lingering_ends),
        cmocka_unit_test(test_fixed_settles_at_floor),
    };
    return cmocka_run_group_tests_name("tfo_fate", tests, NULL, NULL);
}
