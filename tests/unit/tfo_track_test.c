/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_track.h"
#include "tfo_test_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define SYN TFO_TCP_SYN
#define ACK TFO_TCP_ACK

/* Clients 192.168.1.10:40000+n behind the NAT address 203.0.113.1:50000+n,
 * talking to 198.51.100.20:443. Times in microseconds, the default 500 ms
 * window. Interface 0 is the LAN, 1 the WAN (pinned or learned per test). */
#define ISN 0x1000u
#define NAT_ISN 0x80000000u /* a sequence number the gateway rewrote */
#define SERVER_ISN 0x5E4D3C2Bu
#define MS 1000

static const uint8_t data4[4] = {0xde, 0xad, 0xbe, 0xef};

typedef struct {
    tfo_sides *sides;
    tfo_fate_queue *fate;
    tfo_results *results;
    tfo_tracker *t;
    GPtrArray *dropped;
    tfo_t_opts request; /* a Fast Open cookie request */
    tfo_t_opts cookie;  /* a SYN-ACK's cookie */
} fixture;

static fixture *fixture_new(void)
{
    static const uint8_t cookie8[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    fixture *f = g_new0(fixture, 1);

    f->sides = tfo_sides_new();
    f->fate = tfo_fate_new(TFO_T_WINDOW);
    f->results = tfo_results_new();
    f->t = tfo_track_new(f->sides, f->fate, f->results);
    f->dropped = g_ptr_array_new();
    tfo_t_opt_tfo(tfo_t_opts_new(&f->request), NULL, 0);
    tfo_t_opt_tfo(tfo_t_opts_new(&f->cookie), cookie8, sizeof(cookie8));
    return f;
}

static void fixture_free(fixture *f)
{
    /* As the engine: the fate frees the plain SYNs, the tracker the rest. */
    tfo_fate_free(f->fate);
    tfo_track_free(f->t);
    tfo_results_free(f->results);
    tfo_sides_free(f->sides);
    g_ptr_array_free(f->dropped, TRUE);
    g_free(f);
}

static int setup(void **state)
{
    *state = fixture_new();
    return 0;
}

static int teardown(void **state)
{
    fixture_free(*state);
    return 0;
}

/* Interface 0 pinned LAN, 1 WAN. */
static void pin_sides(fixture *f)
{
    tfo_sides_pin(f->sides, 0, TFO_SIDE_LAN);
    tfo_sides_pin(f->sides, 1, TFO_SIDE_WAN);
}

static tfo_endpoint lan(int n)
{
    return tfo_t_ep4("192.168.1.10", (uint16_t)(40000 + n));
}

static tfo_endpoint nat(int n)
{
    return tfo_t_ep4("203.0.113.1", (uint16_t)(50000 + n));
}

static tfo_endpoint server(void)
{
    return tfo_t_ep4("198.51.100.20", 443);
}

/* Makes the event of |o|; what the engine notes of every packet first. */
static tfo_event *event_of(fixture *f, tfo_observation o)
{
    tfo_event *ev;

    assert_int_equal(tfo_event_new(&o, &ev), 0);
    tfo_sides_note_frame(f->sides, ev->key.interface_id, ev->ts);
    tfo_sides_note_packet(f->sides, ev->key.interface_id, &ev->key.client, &ev->key.server);
    return ev;
}

/* Feeds a SYN; returns its segment (freed already when it was the twin of
 * a plain SYN). */
static tfo_segment *syn(fixture *f, uint32_t frame, int64_t us, int32_t itf, tfo_endpoint client, uint32_t seq,
                        uint32_t data_len, const tfo_t_opts *opts)
{
    tfo_event *ev = event_of(f, tfo_t_obs(frame, us, itf, client, server(), SYN, seq, 0,
                                          data_len ? data4 : NULL, data_len, opts, 0));
    tfo_segment *seg = ev->segment;

    assert_int_equal(ev->kind, TFO_EVENT_SYN);
    tfo_track_syn(f->t, ev, f->dropped);
    assert_null(ev->segment);
    tfo_event_free(ev);
    return seg;
}

/* Feeds a SYN-ACK to |client|, analysed |late| or not. */
static tfo_segment *synack(fixture *f, uint32_t frame, int64_t us, int32_t itf, tfo_endpoint client, uint32_t ack,
                           const tfo_t_opts *opts, gboolean late)
{
    tfo_event *ev = event_of(f, tfo_t_obs(frame, us, itf, server(), client, SYN | ACK, SERVER_ISN, ack, NULL, 0,
                                          opts, 0));
    tfo_segment *seg = ev->segment;

    assert_int_equal(ev->kind, TFO_EVENT_SYNACK);
    seg->late = late != FALSE; /* as the reorder buffer marks it */
    tfo_track_synack(f->t, ev);
    assert_null(ev->segment);
    tfo_event_free(ev);
    return seg;
}

/* Feeds a client segment with |flags|. */
static void data(fixture *f, uint32_t frame, int64_t us, int32_t itf, tfo_endpoint client, uint16_t flags,
                 uint32_t seq, uint32_t len)
{
    tfo_event *ev = event_of(f, tfo_t_obs(frame, us, itf, client, server(), flags, seq, SERVER_ISN + 1,
                                          len ? data4 : NULL, len, NULL, 0));

    assert_int_equal(ev->kind, TFO_EVENT_DATA);
    tfo_track_first_data(f->t, ev);
    tfo_event_free(ev);
}

static void expire(fixture *f, int64_t now_us)
{
    tfo_fate_expire(f->fate, tfo_track_candidates(f->t), f->sides, TFO_T_NS(now_us), f->dropped);
}

/* The pending SYNs to the server (no SYN comes from the server's address,
 * so asking for it as a client adds none). */
static GPtrArray *candidate_list(fixture *f)
{
    tfo_endpoint s = server();
    GPtrArray *list = g_ptr_array_new();

    tfo_match_index_candidates(tfo_track_candidates(f->t), &s, &s, list);
    return list;
}

static guint candidates(fixture *f)
{
    GPtrArray *list = candidate_list(f);
    guint n = list->len;

    g_ptr_array_free(list, TRUE);
    return n;
}

static gboolean is_candidate(fixture *f, const tfo_segment *seg)
{
    GPtrArray *list = candidate_list(f);
    gboolean found = FALSE;
    guint i;

    for (i = 0; i < list->len; i++)
        if (g_ptr_array_index(list, i) == seg)
            found = TRUE;
    g_ptr_array_free(list, TRUE);
    return found;
}

static gboolean has_result(const fixture *f, uint32_t frame)
{
    tfo_frame_result r;
    return tfo_results_frame(f->results, frame, &r);
}

static const tfo_handshake *handshake(const fixture *f, uint32_t id)
{
    const tfo_handshake *hs = tfo_track_handshake(f->t, id);

    assert_non_null(hs);
    return hs;
}

/* ------------------------------------------------------------------ SYN */

/* A SYN with a Fast Open option, or with data, starts a handshake on its
 * side; one captured on the LAN waits for its twin. */
static void test_fast_open_syn_starts_handshake(void **state)
{
    fixture *f = *state;
    tfo_segment *a, *b, *c;
    const tfo_handshake *hs;

    pin_sides(f);
    a = syn(f, 1, 0, 0, lan(0), ISN, 0, &f->request);
    b = syn(f, 2, 10, 0, lan(1), ISN + 7, 4, NULL);
    assert_int_equal(tfo_track_handshake_count(f->t), 2);
    hs = handshake(f, 1);
    assert_ptr_equal(tfo_results_handshake(f->results, 1), hs);
    assert_non_null(hs->client_leg);
    assert_null(hs->server_leg);
    assert_int_equal(hs->client_leg->side, TFO_SIDE_LAN);
    assert_int_equal(hs->client_leg->isn, ISN);
    assert_int_equal(hs->client_leg->syns->len, 1);
    assert_ptr_equal(tfo_leg_first_syn(hs->client_leg), a);
    assert_ptr_equal(a->leg, hs->client_leg);
    assert_int_equal(a->fate, TFO_FATE_PENDING);
    assert_true(is_candidate(f, a));
    assert_ptr_equal(tfo_results_record(f->results, 1)->segment, a);
    hs = handshake(f, 2);
    assert_ptr_equal(tfo_leg_first_syn(hs->client_leg), b);
    assert_int_equal(b->payload_len, 4);
    assert_int_equal(b->fate, TFO_FATE_PENDING);
    assert_true(is_candidate(f, b));
    /* One captured on the WAN with no twin before it (new ISN, no evidence
     * between two candidates) is an inbound client's: a handshake of its
     * own whose client leg is on the WAN, pending for its twin to the LAN. */
    c = syn(f, 3, 20, 1, nat(2), NAT_ISN, 0, &f->request);
    assert_int_equal(tfo_track_handshake_count(f->t), 3);
    hs = handshake(f, 3);
    assert_non_null(hs->client_leg);
    assert_null(hs->server_leg);
    assert_int_equal(hs->client_leg->side, TFO_SIDE_WAN);
    assert_ptr_equal(tfo_leg_first_syn(hs->client_leg), c);
    assert_int_equal(c->fate, TFO_FATE_PENDING);
    assert_true(is_candidate(f, c));
    /* It could have been the twin of a: both ambiguous. */
    assert_true(c->ambiguous);
    assert_true(a->ambiguous);
    assert_false(b->ambiguous); /* b's data is not in c: never its twin */
    assert_null(tfo_track_handshake(f->t, 0));
    assert_null(tfo_track_handshake(f->t, 4));
}

/* A plain SYN on the LAN is only a candidate twin: no handshake, no record. */
static void test_plain_lan_syn_candidate_only(void **state)
{
    fixture *f = *state;
    tfo_segment *a;

    pin_sides(f);
    a = syn(f, 1, 0, 0, lan(0), ISN, 0, NULL);
    assert_int_equal(tfo_track_handshake_count(f->t), 0);
    assert_null(a->leg);
    assert_int_equal(a->side, TFO_SIDE_LAN);
    assert_int_equal(a->fate, TFO_FATE_PENDING);
    assert_true(is_candidate(f, a));
    assert_false(has_result(f, 1));
}

/* A plain SYN on the WAN may be an inbound client's (port forwarding):
 * a candidate twin too, no handshake, no record (and freed by the fate:
 * ASan). */
static void test_plain_wan_syn_candidate_only(void **state)
{
    fixture *f = *state;
    tfo_segment *w;

    pin_sides(f);
    w = syn(f, 1, 0, 1, nat(0), ISN, 0, NULL);
    assert_int_equal(tfo_track_handshake_count(f->t), 0);
    assert_null(w->leg);
    assert_int_equal(w->side, TFO_SIDE_WAN);
    assert_int_equal(w->fate, TFO_FATE_PENDING);
    assert_true(is_candidate(f, w));
    assert_false(has_result(f, 1));
}

/* Same key and ISN: a retransmission joins its leg, and waits too; a new
 * ISN on the same key is a new handshake. */
static void test_retransmission_joins_leg(void **state)
{
    fixture *f = *state;
    tfo_segment *a, *b, *c;
    const tfo_handshake *hs;

    pin_sides(f);
    a = syn(f, 1, 0, 0, lan(0), ISN, 0, &f->request);
    b = syn(f, 2, 1000 * MS, 0, lan(0), ISN, 0, &f->request);
    assert_int_equal(tfo_track_handshake_count(f->t), 1);
    hs = handshake(f, 1);
    assert_int_equal(hs->client_leg->syns->len, 2);
    assert_ptr_equal(g_ptr_array_index(hs->client_leg->syns, 1), b);
    assert_ptr_equal(b->leg, hs->client_leg);
    assert_int_equal(b->fate, TFO_FATE_PENDING);
    assert_true(is_candidate(f, a));
    assert_true(is_candidate(f, b));
    assert_ptr_equal(tfo_results_record(f->results, 2)->segment, b);
    c = syn(f, 3, 2000 * MS, 0, lan(0), ISN + 100000, 0, &f->request);
    assert_int_equal(tfo_track_handshake_count(f->t), 2);
    assert_ptr_equal(tfo_leg_first_syn(handshake(f, 2)->client_leg), c);
    assert_int_equal(hs->client_leg->syns->len, 2);
}

/* A WAN retransmission finds its twin among its own handshake's LAN SYNs. */
static void test_wan_retransmission_links_in_handshake(void **state)
{
    fixture *f = *state;
    tfo_segment *a, *w1, *b, *w2;
    const tfo_handshake *hs;

    pin_sides(f);
    a = syn(f, 1, 0, 0, lan(0), ISN, 0, &f->request);
    w1 = syn(f, 2, 200, 1, nat(0), ISN, 0, &f->request);
    b = syn(f, 3, 1000 * MS, 0, lan(0), ISN, 0, &f->request);
    w2 = syn(f, 4, 1000 * MS + 200, 1, nat(0), ISN, 0, &f->request);
    assert_int_equal(tfo_track_handshake_count(f->t), 1);
    hs = handshake(f, 1);
    assert_int_equal(hs->server_leg->syns->len, 2);
    assert_ptr_equal(a->twin, w1);
    assert_ptr_equal(b->twin, w2);
    assert_ptr_equal(w2->twin, b);
    assert_int_equal(b->fate, TFO_FATE_FORWARDED);
    assert_int_equal(candidates(f), 0);
}

/* A NAT twin of a pending LAN SYN becomes the handshake's WAN leg, with the
 * gateway's ISN, and teaches the sides of the two interfaces. */
static void test_nat_twin_becomes_wan_leg(void **state)
{
    fixture *f = *state;
    tfo_segment *a, *w;
    const tfo_handshake *hs;

    tfo_sides_note_frame(f->sides, 0, 0);
    tfo_sides_note_frame(f->sides, 1, 0);
    a = syn(f, 1, 0, 0, lan(0), ISN, 4, &f->request);
    assert_int_equal(a->leg->side, TFO_SIDE_UNKNOWN); /* two interfaces, none known */
    w = syn(f, 2, 200, 1, nat(0), NAT_ISN, 4, &f->request);
    assert_int_equal(tfo_track_handshake_count(f->t), 1);
    hs = handshake(f, 1);
    assert_non_null(hs->server_leg);
    assert_ptr_equal(w->leg, hs->server_leg);
    assert_int_equal(hs->server_leg->side, TFO_SIDE_WAN);
    assert_int_equal(hs->server_leg->isn, NAT_ISN);
    assert_int_equal(hs->server_leg->key.interface_id, 1);
    assert_int_equal(hs->client_leg->side, TFO_SIDE_LAN);
    assert_ptr_equal(a->twin, w);
    assert_ptr_equal(w->twin, a);
    assert_int_equal(a->fate, TFO_FATE_FORWARDED);
    assert_int_equal(candidates(f), 0);
    assert_int_equal(tfo_sides_of_interface(f->sides, 0), TFO_SIDE_LAN);
    assert_int_equal(tfo_sides_of_interface(f->sides, 1), TFO_SIDE_WAN);
    assert_ptr_equal(tfo_results_record(f->results, 2)->segment, w);
    assert_int_equal(f->dropped->len, 0);
}

/* The sides a twin teaches settle SYNs that waited for them: found dropped,
 * they are appended to |dropped|. */
static void test_twin_settles_deferred(void **state)
{
    fixture *f = *state;
    tfo_segment *a;

    /* The window fixed: settled at 500 ms, not lingering while no delay is
     * learned (tfo_fate_span). */
    tfo_fate_fix_window(f->fate);
    tfo_sides_note_frame(f->sides, 0, 0);
    tfo_sides_note_frame(f->sides, 1, 0);
    a = syn(f, 1, 0, 0, lan(0), ISN, 0, &f->request);
    tfo_sides_note_frame(f->sides, 1, 1000 * MS);
    expire(f, 1000 * MS);
    assert_int_equal(a->fate, TFO_FATE_UNPROVEN); /* side unknown: deferred */
    assert_int_equal(f->dropped->len, 0);
    syn(f, 2, 1000 * MS, 0, lan(1), ISN + 5, 4, &f->request);
    syn(f, 3, 1000 * MS + 200, 1, nat(1), NAT_ISN, 4, &f->request);
    assert_int_equal(a->fate, TFO_FATE_DROPPED);
    assert_int_equal(f->dropped->len, 1);
    assert_ptr_equal(g_ptr_array_index(f->dropped, 0), a);
}

/* The twin of a plain SYN: no handshake, only what it teaches, the sides
 * and the gateway's traits (here: ISNs kept, so a later SYN with another
 * ISN is no twin even alone in the window). */
static void test_plain_twin_teaches_only(void **state)
{
    fixture *f = *state;
    tfo_segment *p, *a;

    tfo_sides_note_frame(f->sides, 0, 0);
    tfo_sides_note_frame(f->sides, 1, 0);
    p = syn(f, 1, 0, 0, lan(0), ISN, 0, NULL);
    syn(f, 2, 200, 1, nat(0), ISN, 0, NULL);
    assert_int_equal(tfo_track_handshake_count(f->t), 0);
    assert_int_equal(p->fate, TFO_FATE_FORWARDED);
    assert_int_equal(candidates(f), 0);
    assert_false(has_result(f, 1));
    assert_false(has_result(f, 2));
    assert_int_equal(tfo_sides_of_interface(f->sides, 0), TFO_SIDE_LAN);
    assert_int_equal(tfo_sides_of_interface(f->sides, 1), TFO_SIDE_WAN);
    a = syn(f, 3, 1000 * MS, 0, lan(1), ISN + 5, 0, &f->request);
    syn(f, 4, 1000 * MS + 200, 1, nat(1), NAT_ISN, 0, &f->request);
    assert_int_equal(tfo_track_handshake_count(f->t), 2);
    assert_null(a->twin);
    assert_int_equal(a->fate, TFO_FATE_PENDING);
    assert_false(a->ambiguous); /* contradicted: could not be its twin */
}

/* The control of the above: nothing learned, a lone candidate on the other
 * side is the twin even with another ISN. */
static void test_lone_candidate_across_sides_is_twin(void **state)
{
    fixture *f = *state;
    tfo_segment *a, *w;

    pin_sides(f);
    a = syn(f, 3, 1000 * MS, 0, lan(1), ISN + 5, 0, &f->request);
    w = syn(f, 4, 1000 * MS + 200, 1, nat(1), NAT_ISN, 0, &f->request);
    assert_int_equal(tfo_track_handshake_count(f->t), 1);
    assert_ptr_equal(a->twin, w);
}

/* An unmatched SYN makes the pending SYNs to its server within the window,
 * on the other side, ambiguous. */
static void test_unmatched_syn_marks_ambiguous(void **state)
{
    fixture *f = *state;
    tfo_segment *old, *a, *b, *d;

    /* The window fixed: no twin is looked for past it (see the next test). */
    tfo_fate_fix_window(f->fate);
    pin_sides(f);
    old = syn(f, 1, 0, 0, lan(2), ISN + 1, 0, &f->request);
    a = syn(f, 2, 600 * MS, 0, lan(0), ISN + 2, 0, &f->request);
    b = syn(f, 3, 600 * MS + 50, 0, lan(1), ISN + 3, 0, &f->request);
    d = syn(f, 4, 600 * MS + 100, 0, lan(3), ISN + 4, 0, &f->request);
    /* A LAN SYN says nothing about the other LAN SYNs. */
    assert_false(a->ambiguous);
    assert_false(b->ambiguous);
    syn(f, 5, 600 * MS + 200, 1, nat(0), NAT_ISN, 0, &f->request);
    assert_int_equal(tfo_track_handshake_count(f->t), 5);
    assert_null(a->twin);
    assert_true(a->ambiguous);
    assert_true(b->ambiguous);
    assert_true(d->ambiguous);
    assert_false(old->ambiguous); /* more than the window before it */
}

/* No delay learned: a slow gateway's twin with strong evidence may still
 * come past the window, so an unmatched SYN makes ambiguous the candidates
 * of the whole span (tfo_fate_span), not only of the window. */
static void test_unmatched_syn_ambiguous_over_span(void **state)
{
    fixture *f = *state;
    tfo_segment *old, *w;

    pin_sides(f);
    old = syn(f, 1, 0, 0, lan(2), ISN + 1, 0, &f->request);
    syn(f, 2, 600 * MS, 0, lan(0), ISN + 2, 0, &f->request);
    syn(f, 3, 600 * MS + 50, 0, lan(1), ISN + 3, 0, &f->request);
    w = syn(f, 4, 600 * MS + 200, 1, nat(0), NAT_ISN, 0, &f->request);
    assert_int_equal(tfo_track_handshake_count(f->t), 4);
    assert_null(w->twin);
    assert_true(old->ambiguous);
    assert_true(w->ambiguous);
}

/* Two SYNs of one host on one interface are two connections, never twins,
 * whatever the evidence (here the same data) and however close. */
static void test_same_host_same_interface_never_twins(void **state)
{
    fixture *f = *state;
    tfo_segment *a, *b;

    tfo_sides_note_frame(f->sides, 0, 0);
    tfo_sides_note_frame(f->sides, 1, 0); /* sides unknown */
    a = syn(f, 1, 0, 0, lan(0), ISN, 4, &f->request);
    b = syn(f, 2, 200, 0, lan(1), ISN, 4, &f->request);
    assert_int_equal(tfo_track_handshake_count(f->t), 2);
    assert_null(a->twin);
    assert_null(b->twin);
    assert_int_equal(a->fate, TFO_FATE_PENDING);
    assert_int_equal(b->fate, TFO_FATE_PENDING);
    assert_false(a->ambiguous);
    assert_false(b->ambiguous);
    assert_int_equal(tfo_sides_of_interface(f->sides, 0), TFO_SIDE_UNKNOWN);
}

/* The same TSval alone is weak evidence: a twin only when no other
 * eligible candidate in the window shares it. Two SYNs of one host within
 * a millisecond share their TSval; their NAT copy (ISN rewritten) cannot
 * tell them apart. */
static void test_same_tsval_weak(void **state)
{
    fixture *f = *state;
    tfo_segment *a, *b, *w;
    tfo_event *ev;

    tfo_sides_note_frame(f->sides, 0, 0);
    tfo_sides_note_frame(f->sides, 1, 0);
    ev = event_of(f, tfo_t_obs(1, 0, 0, lan(0), server(), SYN, ISN, 0, NULL, 0, &f->request, 777));
    a = ev->segment;
    tfo_track_syn(f->t, ev, f->dropped);
    tfo_event_free(ev);
    ev = event_of(f, tfo_t_obs(2, 300, 0, lan(1), server(), SYN, ISN + 99, 0, NULL, 0, &f->request, 777));
    b = ev->segment;
    tfo_track_syn(f->t, ev, f->dropped);
    tfo_event_free(ev);
    ev = event_of(f, tfo_t_obs(3, 500, 1, nat(1), server(), SYN, NAT_ISN, 0, NULL, 0, &f->request, 777));
    w = ev->segment;
    tfo_track_syn(f->t, ev, f->dropped);
    tfo_event_free(ev);
    assert_int_equal(tfo_track_handshake_count(f->t), 3);
    assert_null(a->twin);
    assert_null(b->twin);
    assert_true(a->ambiguous);
    assert_true(b->ambiguous);
    assert_true(w->ambiguous);
}

/* The control: the one SYN of that host with that TSval is the twin. */
static void test_same_tsval_alone_is_twin(void **state)
{
    fixture *f = *state;
    tfo_segment *a, *w;
    tfo_event *ev;

    tfo_sides_note_frame(f->sides, 0, 0);
    tfo_sides_note_frame(f->sides, 1, 0);
    ev = event_of(f, tfo_t_obs(1, 0, 0, lan(0), server(), SYN, ISN, 0, NULL, 0, &f->request, 777));
    a = ev->segment;
    tfo_track_syn(f->t, ev, f->dropped);
    tfo_event_free(ev);
    syn(f, 2, 300, 0, lan(1), ISN + 99, 0, &f->request); /* no TSval */
    ev = event_of(f, tfo_t_obs(3, 500, 1, nat(0), server(), SYN, NAT_ISN, 0, NULL, 0, &f->request, 777));
    w = ev->segment;
    tfo_track_syn(f->t, ev, f->dropped);
    tfo_event_free(ev);
    assert_int_equal(tfo_track_handshake_count(f->t), 2);
    assert_ptr_equal(a->twin, w);
}

/* -------------------------------------------------------------- SYN-ACK */

/* A SYN-ACK of no known connection: a Fast Open one is kept with its
 * frame's record, a plain one dropped. */
static void test_synack_unknown_connection(void **state)
{
    fixture *f = *state;
    tfo_segment *s;

    pin_sides(f);
    s = synack(f, 1, 0, 0, lan(0), ISN + 1, &f->cookie, FALSE);
    assert_ptr_equal(tfo_results_record(f->results, 1)->segment, s);
    assert_null(s->leg);
    assert_true(s->is_synack);
    synack(f, 2, 10, 0, lan(1), ISN + 1, NULL, FALSE);
    assert_false(has_result(f, 2));
    assert_int_equal(tfo_track_handshake_count(f->t), 0);
}

/* The WAN SYN-ACK waits for its twin; the LAN copy links to it. */
static void test_synacks_linked(void **state)
{
    fixture *f = *state;
    tfo_segment *w, *l, *again;
    const tfo_handshake *hs;

    pin_sides(f);
    syn(f, 1, 0, 0, lan(0), ISN, 0, &f->request);
    syn(f, 2, 200, 1, nat(0), ISN, 0, &f->request);
    w = synack(f, 3, 8 * MS, 1, nat(0), ISN + 1, &f->cookie, FALSE);
    hs = handshake(f, 1);
    assert_ptr_equal(w->leg, hs->server_leg);
    assert_int_equal(w->fate, TFO_FATE_PENDING);
    assert_int_equal(candidates(f), 0); /* SYN-ACKs are no candidates */
    l = synack(f, 4, 8 * MS + 200, 0, lan(0), ISN + 1, &f->cookie, FALSE);
    assert_ptr_equal(l->leg, hs->client_leg);
    assert_ptr_equal(w->twin, l);
    assert_ptr_equal(l->twin, w);
    assert_int_equal(w->fate, TFO_FATE_FORWARDED);
    assert_ptr_equal(tfo_results_record(f->results, 3)->segment, w);
    assert_ptr_equal(tfo_results_record(f->results, 4)->segment, l);
    /* A second LAN copy has nothing left to link to. */
    again = synack(f, 5, 9 * MS, 0, lan(0), ISN + 1, &f->cookie, FALSE);
    assert_null(again->twin);
    assert_int_equal(hs->client_leg->synacks->len, 2);
}

/* Analysed late, a WAN SYN-ACK links to the LAN copy analysed before it. */
static void test_late_wan_synack_links_lan_copy(void **state)
{
    fixture *f = *state;
    tfo_segment *l, *w, *in_time;

    pin_sides(f);
    syn(f, 1, 0, 0, lan(0), ISN, 0, &f->request);
    syn(f, 2, 200, 1, nat(0), ISN, 0, &f->request);
    l = synack(f, 3, 8 * MS + 200, 0, lan(0), ISN + 1, &f->cookie, FALSE);
    assert_null(l->twin);
    w = synack(f, 4, 8 * MS, 1, nat(0), ISN + 1, &f->cookie, TRUE);
    assert_ptr_equal(w->twin, l);
    assert_ptr_equal(l->twin, w);
    assert_int_equal(w->fate, TFO_FATE_FORWARDED);
    /* The same times, not marked late: it does not look back, it waits. */
    syn(f, 5, 20 * MS, 0, lan(1), ISN + 9, 0, &f->request);
    syn(f, 6, 20 * MS + 200, 1, nat(1), ISN + 9, 0, &f->request);
    l = synack(f, 7, 28 * MS + 200, 0, lan(1), ISN + 10, &f->cookie, FALSE);
    in_time = synack(f, 8, 28 * MS, 1, nat(1), ISN + 10, &f->cookie, FALSE);
    assert_null(in_time->twin);
    assert_null(l->twin);
    assert_int_equal(in_time->fate, TFO_FATE_PENDING);
}

/* One leg, the other side never recorded, no declared interface silent:
 * one-sided, its SYNs are settled unproven at once. */
static void test_one_sided(void **state)
{
    fixture *f = *state;
    tfo_segment *a;

    a = syn(f, 1, 0, -1, lan(0), ISN, 0, &f->request);
    assert_int_equal(a->fate, TFO_FATE_PENDING);
    synack(f, 2, 8 * MS, -1, lan(0), ISN + 1, &f->cookie, FALSE);
    assert_int_equal(a->fate, TFO_FATE_UNPROVEN);
    assert_true(a->one_sided);
    assert_false(a->awaiting);
    assert_int_equal(candidates(f), 0);
}

/* The other side recorded: not one-sided, the SYN keeps waiting. */
static void test_one_sided_not_when_other_side_recorded(void **state)
{
    fixture *f = *state;
    tfo_endpoint n = nat(5), s = server();
    tfo_segment *a;

    a = syn(f, 1, 0, -1, lan(0), ISN, 0, &f->request);
    tfo_sides_note_frame(f->sides, -1, TFO_T_NS(100));
    tfo_sides_note_packet(f->sides, -1, &n, &s); /* a WAN packet */
    synack(f, 2, 8 * MS, -1, lan(0), ISN + 1, &f->cookie, FALSE);
    assert_int_equal(a->fate, TFO_FATE_PENDING);
    assert_true(is_candidate(f, a));
}

/* A declared interface not heard from yet may be the other side: not
 * one-sided while it is silent. */
static void test_one_sided_not_while_declared_silent(void **state)
{
    int declared;

    (void)state;
    for (declared = 0; declared < 2; declared++) {
        fixture *f = fixture_new();
        tfo_segment *a;

        pin_sides(f);
        tfo_sides_expect(f->sides, 0);
        if (declared)
            tfo_sides_expect(f->sides, 1);
        a = syn(f, 1, 0, 0, lan(0), ISN, 0, &f->request);
        synack(f, 2, 8 * MS, 0, lan(0), ISN + 1, &f->cookie, FALSE);
        assert_int_equal(a->fate, declared ? TFO_FATE_PENDING : TFO_FATE_UNPROVEN);
        assert_int_equal(is_candidate(f, a), declared);
        fixture_free(f);
    }
}

/* ------------------------------------------------------------ first data */

/* Only the first client segment with ACK after a SYN-ACK counts. */
static void test_first_data(void **state)
{
    fixture *f = *state;
    const tfo_handshake *hs;

    syn(f, 1, 0, -1, lan(0), ISN, 4, &f->request);
    hs = handshake(f, 1);
    data(f, 2, 1 * MS, -1, lan(0), ACK, ISN + 1, 4); /* before any SYN-ACK */
    assert_int_equal(hs->client_leg->first_data_frame, 0);
    assert_false(has_result(f, 2));
    synack(f, 3, 8 * MS, -1, lan(0), ISN + 1, &f->cookie, FALSE);
    data(f, 4, 9 * MS, -1, lan(0), 0x08, ISN + 1, 4); /* PSH without ACK */
    assert_int_equal(hs->client_leg->first_data_frame, 0);
    data(f, 5, 10 * MS, -1, lan(0), ACK, ISN + 1, 4);
    assert_int_equal(hs->client_leg->first_data_frame, 5);
    assert_int_equal(hs->client_leg->first_data_seq, ISN + 1);
    assert_int_equal(hs->client_leg->first_data_len, 4);
    assert_ptr_equal(tfo_results_record(f->results, 5)->leg, hs->client_leg);
    data(f, 6, 11 * MS, -1, lan(0), ACK, ISN + 5, 0);
    assert_int_equal(hs->client_leg->first_data_frame, 5);
    assert_false(has_result(f, 6));
    data(f, 7, 12 * MS, -1, lan(1), ACK, ISN, 4); /* no such connection */
    assert_false(has_result(f, 7));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fast_open_syn_starts_handshake, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plain_lan_syn_candidate_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plain_wan_syn_candidate_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retransmission_joins_leg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wan_retransmission_links_in_handshake, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nat_twin_becomes_wan_leg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_twin_settles_deferred, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plain_twin_teaches_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lone_candidate_across_sides_is_twin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unmatched_syn_marks_ambiguous, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unmatched_syn_ambiguous_over_span, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_host_same_interface_never_twins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_tsval_weak, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_tsval_alone_is_twin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_synack_unknown_connection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_synacks_linked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_late_wan_synack_links_lan_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_sided, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_sided_not_when_other_side_recorded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_sided_not_while_declared_silent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_data, setup, teardown),
    };
    return cmocka_run_group_tests_name("tfo_track", tests, NULL, NULL);
}
