/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_fate.h"
#include "tfo_observation.h"
#include "tfo_test_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
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

/* --------------------------------------------- the queue, window fixed */

/* Times in microseconds; a 1 ms window, fixed (no lingering while no delay
 * is learned: see above). Interface 0 is the LAN, 1 the WAN. */
#define WINDOW_US 1000
#define W TFO_T_NS(WINDOW_US)
#define ISN 0x1000u
#define LAN_IF 0
#define WAN_IF 1

typedef struct {
    tfo_sides *sides;
    tfo_fate_queue *fate;
    tfo_match_index *index;
    GPtrArray *dropped;
    tfo_handshake *hs[4];
} queue_fixture;

static int queue_setup(void **state)
{
    queue_fixture *f = g_new0(queue_fixture, 1);
    int i;

    f->sides = tfo_sides_new();
    assert_true(tfo_sides_learn(f->sides, LAN_IF, WAN_IF, TFO_SIDE_LAN));
    /* Both interfaces heard from at time 0. */
    tfo_sides_note_frame(f->sides, LAN_IF, 0);
    tfo_sides_note_frame(f->sides, WAN_IF, 0);
    f->fate = tfo_fate_new(W);
    tfo_fate_fix_window(f->fate);
    f->index = tfo_match_index_new();
    f->dropped = g_ptr_array_new();
    for (i = 0; i < 4; i++)
        f->hs[i] = tfo_handshake_new((uint32_t)i + 1);
    *state = f;
    return 0;
}

static int queue_teardown(void **state)
{
    queue_fixture *f = *state;
    int i;

    /* The fate first: it looks at the legs of what it still holds. */
    tfo_fate_free(f->fate);
    for (i = 0; i < 4; i++)
        tfo_handshake_free(f->hs[i]);
    tfo_match_index_free(f->index);
    tfo_sides_free(f->sides);
    g_ptr_array_free(f->dropped, TRUE);
    g_free(f);
    return 0;
}

static tfo_endpoint srv(void)
{
    return tfo_t_server();
}

/* A SYN of a new leg |side| of handshake |n|, made pending. */
static tfo_segment *pending_syn(queue_fixture *f, int n, tfo_side side, int64_t us, uint32_t payload_len)
{
    tfo_leg *leg = tfo_t_leg(f->hs[n], side, ISN);
    tfo_segment *syn = tfo_t_syn(leg, (uint32_t)(10 * n + 1), us, ISN, payload_len, tfo_t_request(TFO_OPT_KIND));

    syn->server = srv();
    tfo_fate_make_pending(f->fate, f->index, syn);
    return syn;
}

/* Frames of |interface_id| recorded up to |us|. */
static void recorded_until(queue_fixture *f, int32_t interface_id, int64_t us)
{
    tfo_sides_note_frame(f->sides, interface_id, TFO_T_NS(us));
}

static void expire(queue_fixture *f, int64_t now_ns)
{
    tfo_fate_expire(f->fate, f->index, f->sides, now_ns, f->dropped);
}

/* The pending SYNs to the server (none comes from its address). */
static guint candidates(const queue_fixture *f)
{
    tfo_endpoint s = srv();
    GPtrArray *list = g_ptr_array_new();
    guint n;

    tfo_match_index_candidates(f->index, &s, &s, list);
    n = list->len;
    g_ptr_array_free(list, TRUE);
    return n;
}

/* ------------------------------------------------------------ pending */

/* A pending SYN is a candidate twin; a pending SYN-ACK is not indexed. */
static void test_make_pending_indexes_syns(void **state)
{
    queue_fixture *f = *state;
    tfo_leg *wan = tfo_t_leg(f->hs[1], TFO_SIDE_WAN, ISN);
    tfo_segment *syn = pending_syn(f, 0, TFO_SIDE_LAN, 0, 0);
    tfo_segment *synack = tfo_t_synack(wan, 2, 100, 77, ISN + 1, tfo_t_no_option());
    tfo_endpoint s = srv();
    GPtrArray *list = g_ptr_array_new();

    synack->server = s;
    assert_int_equal(syn->fate, TFO_FATE_PENDING);
    assert_int_equal(candidates(f), 1);
    tfo_match_index_candidates(f->index, &syn->client, &s, list);
    assert_int_equal(list->len, 1);
    assert_ptr_equal(g_ptr_array_index(list, 0), syn);
    g_ptr_array_free(list, TRUE);
    tfo_fate_make_pending(f->fate, f->index, synack);
    assert_int_equal(synack->fate, TFO_FATE_PENDING);
    assert_int_equal(candidates(f), 1);
    /* Settled, it is no candidate any more. */
    recorded_until(f, WAN_IF, 10 * WINDOW_US);
    recorded_until(f, LAN_IF, 10 * WINDOW_US);
    expire(f, TFO_T_NS(10 * WINDOW_US));
    assert_int_equal(candidates(f), 0);
    assert_int_equal(syn->fate, TFO_FATE_DROPPED);
    assert_int_equal(synack->fate, TFO_FATE_DROPPED); /* a SYN-ACK lost on its way to the LAN */
}

/* ------------------------------------------------------------- expiry */

/* Only a window closed by strictly more than the horizon settles, oldest first. */
static void test_expire_strictly_after_horizon_oldest_first(void **state)
{
    queue_fixture *f = *state;
    tfo_segment *a = pending_syn(f, 0, TFO_SIDE_LAN, 0, 0);
    tfo_segment *b = pending_syn(f, 1, TFO_SIDE_LAN, 100, 0);
    tfo_segment *c = pending_syn(f, 2, TFO_SIDE_LAN, 200, 0);

    recorded_until(f, WAN_IF, 100 * WINDOW_US);
    expire(f, W);
    assert_int_equal(a->fate, TFO_FATE_PENDING);
    assert_int_equal(f->dropped->len, 0);
    assert_int_equal(candidates(f), 3);
    expire(f, W + 1);
    assert_int_equal(a->fate, TFO_FATE_DROPPED);
    assert_int_equal(b->fate, TFO_FATE_PENDING);
    assert_int_equal(f->dropped->len, 1);
    assert_int_equal(candidates(f), 2);
    expire(f, TFO_T_NS(100 * WINDOW_US));
    assert_int_equal(f->dropped->len, 3);
    assert_ptr_equal(g_ptr_array_index(f->dropped, 0), a);
    assert_ptr_equal(g_ptr_array_index(f->dropped, 1), b);
    assert_ptr_equal(g_ptr_array_index(f->dropped, 2), c);
    assert_int_equal(candidates(f), 0);
}

/* A segment no longer pending (its twin came) is not settled on expiry. */
static void test_expire_skips_forwarded(void **state)
{
    queue_fixture *f = *state;
    tfo_segment *syn = pending_syn(f, 0, TFO_SIDE_LAN, 0, 0);
    tfo_leg *wan = tfo_t_leg(f->hs[0], TFO_SIDE_WAN, ISN);
    tfo_segment *twin = tfo_t_syn(wan, 2, 200, ISN, 0, tfo_t_request(TFO_OPT_KIND));

    tfo_match_index_remove(f->index, syn);
    tfo_segment_link_twins(syn, twin);
    recorded_until(f, WAN_IF, 10 * WINDOW_US);
    expire(f, TFO_T_NS(10 * WINDOW_US));
    assert_int_equal(syn->fate, TFO_FATE_FORWARDED);
    assert_int_equal(f->dropped->len, 0);
}

/* ------------------------------------------------------ the drop verdict */

/* Either side can be the client's: a pending SYN on the WAN (an inbound
 * client's) and a pending SYN-ACK on the LAN (its server's answer) entered
 * the gateway there, and are dropped like outbound ones once the other
 * side was recorded past their window. A packet of a side still unknown is
 * never dropped (see deferred below). */
static void test_drop_on_either_ingress_side(void **state)
{
    queue_fixture *f = *state;
    tfo_segment *wan_syn = pending_syn(f, 0, TFO_SIDE_WAN, 0, 0);
    tfo_leg *lan = tfo_t_leg(f->hs[1], TFO_SIDE_LAN, ISN);
    tfo_segment *lan_synack = tfo_t_synack(lan, 2, 0, 77, ISN + 1, tfo_t_no_option());

    tfo_fate_make_pending(f->fate, f->index, lan_synack);
    recorded_until(f, WAN_IF, 10 * WINDOW_US);
    recorded_until(f, LAN_IF, 10 * WINDOW_US);
    expire(f, TFO_T_NS(10 * WINDOW_US));
    assert_int_equal(wan_syn->fate, TFO_FATE_DROPPED);
    assert_int_equal(lan_synack->fate, TFO_FATE_DROPPED);
    assert_false(wan_syn->awaiting);
    assert_false(lan_synack->awaiting);
    assert_int_equal(f->dropped->len, 2);
}

/* Ambiguous (another SYN could have been its twin) or late (its twin may
 * have come before it): unproven. */
static void test_drop_not_ambiguous_not_late(void **state)
{
    queue_fixture *f = *state;
    tfo_segment *ambiguous = pending_syn(f, 0, TFO_SIDE_LAN, 0, 0);
    tfo_segment *late = pending_syn(f, 1, TFO_SIDE_LAN, 10, 0);
    tfo_segment *plain = pending_syn(f, 2, TFO_SIDE_LAN, 20, 0);

    ambiguous->ambiguous = TRUE;
    late->late = TRUE;
    recorded_until(f, WAN_IF, 10 * WINDOW_US);
    expire(f, TFO_T_NS(10 * WINDOW_US));
    assert_int_equal(ambiguous->fate, TFO_FATE_UNPROVEN);
    assert_int_equal(late->fate, TFO_FATE_UNPROVEN);
    assert_int_equal(plain->fate, TFO_FATE_DROPPED);
    assert_int_equal(f->dropped->len, 1);
}

/* A SYN the server answered passed the gateway: a SYN-ACK after it and
 * before the next SYN, or one acknowledging its data. */
static void test_drop_not_answered(void **state)
{
    queue_fixture *f = *state;
    tfo_leg *l0 = tfo_t_leg(f->hs[0], TFO_SIDE_LAN, ISN);
    tfo_leg *l1 = tfo_t_leg(f->hs[1], TFO_SIDE_LAN, ISN);
    tfo_leg *l2 = tfo_t_leg(f->hs[2], TFO_SIDE_LAN, ISN);
    tfo_option req = tfo_t_request(TFO_OPT_KIND);
    tfo_segment *s0a, *s0b, *s1a, *s1b, *s2a, *s2b;

    /* 0: SYN, retransmission, SYN-ACK: only the retransmission answered. */
    s0a = tfo_t_syn(l0, 1, 0, ISN, 0, req);
    s0b = tfo_t_syn(l0, 2, 200, ISN, 0, req);
    tfo_t_synack(l0, 3, 300, 77, ISN + 1, req);
    /* 1: SYN with 4 bytes, a retransmission without, a SYN-ACK acking the
     * data: both answered. */
    s1a = tfo_t_syn(l1, 11, 0, ISN, 4, req);
    s1b = tfo_t_syn(l1, 12, 200, ISN, 0, req);
    tfo_t_synack(l1, 13, 300, 77, ISN + 1 + 4, req);
    /* 2: SYN, SYN-ACK, a new SYN after it: that one unanswered. */
    s2a = tfo_t_syn(l2, 21, 0, ISN, 0, req);
    tfo_t_synack(l2, 22, 100, 77, ISN + 1, req);
    s2b = tfo_t_syn(l2, 23, 200, ISN, 0, req);
    tfo_fate_make_pending(f->fate, f->index, s0a);
    tfo_fate_make_pending(f->fate, f->index, s1a);
    tfo_fate_make_pending(f->fate, f->index, s2a);
    tfo_fate_make_pending(f->fate, f->index, s0b);
    tfo_fate_make_pending(f->fate, f->index, s1b);
    tfo_fate_make_pending(f->fate, f->index, s2b);
    recorded_until(f, WAN_IF, 10 * WINDOW_US);
    expire(f, TFO_T_NS(10 * WINDOW_US));
    assert_int_equal(s0a->fate, TFO_FATE_DROPPED);
    assert_int_equal(s0b->fate, TFO_FATE_UNPROVEN);
    assert_int_equal(s1a->fate, TFO_FATE_UNPROVEN);
    assert_int_equal(s1b->fate, TFO_FATE_UNPROVEN);
    assert_int_equal(s2a->fate, TFO_FATE_UNPROVEN);
    assert_int_equal(s2b->fate, TFO_FATE_DROPPED);
    assert_int_equal(f->dropped->len, 2);
    assert_ptr_equal(g_ptr_array_index(f->dropped, 0), s0a);
    assert_ptr_equal(g_ptr_array_index(f->dropped, 1), s2b);
}

/* ------------------------------------------------------------ awaiting */

/* The other side not recorded past ts + horizon: awaiting, then dropped on
 * a later expiry once it is. */
static void test_awaiting_then_dropped(void **state)
{
    queue_fixture *f = *state;
    tfo_segment *syn = pending_syn(f, 0, TFO_SIDE_LAN, 0, 0);

    recorded_until(f, WAN_IF, WINDOW_US); /* exactly the horizon: not past */
    expire(f, TFO_T_NS(2 * WINDOW_US));
    assert_int_equal(syn->fate, TFO_FATE_UNPROVEN);
    assert_true(syn->awaiting);
    assert_int_equal(f->dropped->len, 0);
    assert_int_equal(candidates(f), 0);
    expire(f, TFO_T_NS(3 * WINDOW_US)); /* the WAN still silent */
    assert_true(syn->awaiting);
    recorded_until(f, WAN_IF, WINDOW_US + 1);
    expire(f, TFO_T_NS(3 * WINDOW_US));
    assert_int_equal(syn->fate, TFO_FATE_DROPPED);
    assert_false(syn->awaiting);
    assert_int_equal(f->dropped->len, 1);
    assert_ptr_equal(g_ptr_array_index(f->dropped, 0), syn);
    expire(f, TFO_T_NS(4 * WINDOW_US));
    assert_int_equal(f->dropped->len, 1); /* settled once */
}

/* ------------------------------------------------------------ deferred */

/* A leg of a side still unknown waits; tfo_fate_sides_learned settles it. */
static void test_deferred_until_sides_learned(void **state)
{
    queue_fixture *f = *state;
    tfo_leg_key key;
    tfo_leg *leg;
    tfo_segment *syn;

    memset(&key, 0, sizeof(key));
    key.interface_id = 5;
    key.client = tfo_t_lan_client();
    key.server = srv();
    leg = tfo_handshake_add_leg(f->hs[0], &key, TFO_SIDE_UNKNOWN, ISN);
    syn = tfo_t_syn(leg, 1, 0, ISN, 0, tfo_t_request(TFO_OPT_KIND));
    syn->server = srv();
    tfo_fate_make_pending(f->fate, f->index, syn);
    recorded_until(f, 5, 10 * WINDOW_US);
    recorded_until(f, 6, 10 * WINDOW_US);
    expire(f, TFO_T_NS(10 * WINDOW_US));
    assert_int_equal(syn->fate, TFO_FATE_UNPROVEN);
    assert_false(syn->awaiting);
    assert_int_equal(candidates(f), 0);
    /* Nothing learned yet: still waiting. */
    tfo_fate_sides_learned(f->fate, f->sides, f->dropped);
    assert_int_equal(syn->fate, TFO_FATE_UNPROVEN);
    assert_int_equal(f->dropped->len, 0);
    assert_true(tfo_sides_learn(f->sides, 5, 6, TFO_SIDE_UNKNOWN));
    tfo_fate_sides_learned(f->fate, f->sides, f->dropped);
    assert_int_equal(syn->fate, TFO_FATE_DROPPED);
    assert_int_equal(leg->side, TFO_SIDE_LAN);
    assert_int_equal(f->dropped->len, 1);
    tfo_fate_sides_learned(f->fate, f->sides, f->dropped);
    assert_int_equal(f->dropped->len, 1); /* settled once */
}

/* Learned to be on the WAN (an inbound twin from 6 to 5), a deferred SYN
 * is an inbound client's: dropped too, the LAN recorded past its window. */
static void test_deferred_learned_wan(void **state)
{
    queue_fixture *f = *state;
    tfo_leg_key key;
    tfo_segment *syn;

    memset(&key, 0, sizeof(key));
    key.interface_id = 6;
    key.client = tfo_t_wan_client();
    key.server = srv();
    syn = tfo_t_syn(tfo_handshake_add_leg(f->hs[0], &key, TFO_SIDE_UNKNOWN, ISN), 1, 0, ISN, 0,
                    tfo_t_request(TFO_OPT_KIND));
    tfo_fate_make_pending(f->fate, f->index, syn);
    recorded_until(f, 5, 10 * WINDOW_US);
    recorded_until(f, 6, 10 * WINDOW_US);
    expire(f, TFO_T_NS(10 * WINDOW_US));
    assert_int_equal(syn->fate, TFO_FATE_UNPROVEN);
    assert_true(tfo_sides_learn(f->sides, 6, 5, TFO_SIDE_WAN));
    tfo_fate_sides_learned(f->fate, f->sides, f->dropped);
    assert_int_equal(tfo_sides_of_interface(f->sides, 6), TFO_SIDE_WAN);
    assert_int_equal(syn->fate, TFO_FATE_DROPPED);
    assert_false(syn->awaiting);
    assert_int_equal(f->dropped->len, 1);
}

/* ------------------------------------------------------------- late */

/* Frames seen out of time order widen the horizon: expiry waits longer,
 * and the other side must be recorded past the wider one. */
static void test_note_late_widens_horizon(void **state)
{
    queue_fixture *f = *state;
    tfo_segment *syn;

    assert_int_equal(tfo_fate_window(f->fate), W);
    assert_int_equal(tfo_fate_horizon(f->fate), W);
    tfo_fate_note_late(f->fate, TFO_T_NS(300));
    tfo_fate_note_late(f->fate, TFO_T_NS(100)); /* the most counts */
    assert_int_equal(tfo_fate_window(f->fate), W);
    assert_int_equal(tfo_fate_horizon(f->fate), W + TFO_T_NS(300));
    syn = pending_syn(f, 0, TFO_SIDE_LAN, 0, 0);
    recorded_until(f, WAN_IF, WINDOW_US + 300);
    expire(f, W + 1);
    assert_int_equal(syn->fate, TFO_FATE_PENDING);
    expire(f, W + TFO_T_NS(300));
    assert_int_equal(syn->fate, TFO_FATE_PENDING);
    expire(f, W + TFO_T_NS(300) + 1);
    assert_int_equal(syn->fate, TFO_FATE_UNPROVEN);
    assert_true(syn->awaiting); /* the WAN reached only ts + horizon */
    recorded_until(f, WAN_IF, WINDOW_US + 301);
    expire(f, W + TFO_T_NS(301));
    assert_int_equal(syn->fate, TFO_FATE_DROPPED);
}

/* The window and horizon stay within 0..TFO_TIME_LIMIT. */
static void test_window_clamped(void **state)
{
    tfo_fate_queue *q = tfo_fate_new(-5);

    (void)state;
    assert_int_equal(tfo_fate_window(q), 0);
    tfo_fate_free(q);
    q = tfo_fate_new(INT64_MAX);
    assert_int_equal(tfo_fate_window(q), TFO_TIME_LIMIT);
    tfo_fate_note_late(q, INT64_MAX);
    assert_int_equal(tfo_fate_horizon(q), TFO_TIME_LIMIT);
    tfo_fate_free(q);
}

/* ---------------------------------------------------------- plain SYNs */

/* A SYN outside any leg (plain TCP, a candidate twin only) is freed when
 * its window closes, whatever became of it, and never settled; those still
 * held are freed by tfo_fate_free (ASan's leak check sees the rest). */
static void test_plain_syns_freed(void **state)
{
    queue_fixture *f = *state;
    tfo_segment *expiring = g_new0(tfo_segment, 1), *matched = g_new0(tfo_segment, 1);
    tfo_segment *held = g_new0(tfo_segment, 1);

    expiring->server = matched->server = held->server = srv();
    expiring->side = matched->side = held->side = TFO_SIDE_LAN;
    matched->ts = TFO_T_NS(10);
    held->ts = TFO_T_NS(5 * WINDOW_US);
    tfo_fate_make_pending(f->fate, f->index, expiring);
    tfo_fate_make_pending(f->fate, f->index, matched);
    tfo_fate_make_pending(f->fate, f->index, held);
    assert_int_equal(candidates(f), 3);
    /* What the tracker does when a twin is found. */
    tfo_match_index_remove(f->index, matched);
    matched->fate = TFO_FATE_FORWARDED;
    recorded_until(f, WAN_IF, 10 * WINDOW_US);
    expire(f, TFO_T_NS(2 * WINDOW_US));
    assert_int_equal(candidates(f), 1);
    assert_int_equal(f->dropped->len, 0);
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
        cmocka_unit_test_setup_teardown(test_make_pending_indexes_syns, queue_setup, queue_teardown),
        cmocka_unit_test_setup_teardown(test_expire_strictly_after_horizon_oldest_first, queue_setup, queue_teardown),
        cmocka_unit_test_setup_teardown(test_expire_skips_forwarded, queue_setup, queue_teardown),
        cmocka_unit_test_setup_teardown(test_drop_on_either_ingress_side, queue_setup, queue_teardown),
        cmocka_unit_test_setup_teardown(test_drop_not_ambiguous_not_late, queue_setup, queue_teardown),
        cmocka_unit_test_setup_teardown(test_drop_not_answered, queue_setup, queue_teardown),
        cmocka_unit_test_setup_teardown(test_awaiting_then_dropped, queue_setup, queue_teardown),
        cmocka_unit_test_setup_teardown(test_deferred_until_sides_learned, queue_setup, queue_teardown),
        cmocka_unit_test_setup_teardown(test_deferred_learned_wan, queue_setup, queue_teardown),
        cmocka_unit_test_setup_teardown(test_note_late_widens_horizon, queue_setup, queue_teardown),
        cmocka_unit_test_setup_teardown(test_plain_syns_freed, queue_setup, queue_teardown),
        cmocka_unit_test(test_window_clamped),
    };
    return cmocka_run_group_tests_name("tfo_fate", tests, NULL, NULL);
}
