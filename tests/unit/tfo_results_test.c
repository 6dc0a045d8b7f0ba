/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_results.h"
#include "tfo_test_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#define ISN 218476388u
#define SERVER_ISN 4035392501u

/* A handshake whose LAN leg has a SYN with 4 bytes of data and a cookie
 * request (frame 1, at 0) and a retransmission (frame 3, 1 s later). */
typedef struct {
    tfo_results *results;
    tfo_handshake *hs;
    tfo_leg *leg;
    tfo_segment *syn, *again;
} fixture;

static int setup(void **state)
{
    fixture *f = g_new0(fixture, 1);

    f->results = tfo_results_new();
    f->hs = tfo_handshake_new(1);
    f->leg = tfo_t_leg(f->hs, TFO_SIDE_LAN, ISN);
    f->syn = tfo_t_syn(f->leg, 1, 0, ISN, 4, tfo_t_request(TFO_OPT_KIND));
    f->again = tfo_t_syn(f->leg, 3, 1000000, ISN, 4, tfo_t_request(TFO_OPT_KIND));
    tfo_results_add_handshake(f->results, f->hs);
    tfo_results_record(f->results, 1)->segment = f->syn;
    tfo_results_record(f->results, 3)->segment = f->again;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;

    tfo_results_free(f->results);
    if (f->hs)
        tfo_handshake_free(f->hs);
    g_free(f);
    return 0;
}

static tfo_frame_result frame_of(const tfo_results *results, uint32_t frame)
{
    tfo_frame_result r;

    assert_true(tfo_results_frame(results, frame, &r));
    return r;
}

/* One record per frame, made once. */
static void test_record(void **state)
{
    fixture *f = *state;
    tfo_frame_record *rec = tfo_results_record(f->results, 9);

    assert_non_null(rec);
    assert_null(rec->segment);
    assert_null(rec->leg);
    assert_null(rec->proofs);
    assert_int_equal(rec->behind, 0);
    assert_false(tfo_results_frozen(f->results));
    assert_ptr_equal(tfo_results_record(f->results, 9), rec);
    assert_ptr_not_equal(tfo_results_record(f->results, 10), rec);
}

/* A SYN's result comes from its segment and its handshake. */
static void test_frame_of_segment(void **state)
{
    fixture *f = *state;
    tfo_frame_result r = frame_of(f->results, 1);

    assert_int_equal(r.handshake, 1);
    assert_int_equal(r.side, TFO_SIDE_LAN);
    assert_int_equal(r.role, TFO_ROLE_SYN);
    assert_int_equal(r.option.type, TFO_OPT_REQUEST);
    assert_int_equal(r.syn_data_len, 4);
    assert_int_equal(r.verdict, tfo_handshake_verdict(f->hs));
    assert_int_equal(r.fallback_cost, tfo_handshake_fallback_cost(f->hs));
    assert_int_equal(r.peer_frame, 0);
    assert_null(r.proofs);
    r = frame_of(f->results, 3);
    assert_int_equal(r.role, TFO_ROLE_SYN_RETRANSMISSION);
}

/* A frame the engine attached nothing to. */
static void test_frame_without_record(void **state)
{
    fixture *f = *state;
    tfo_frame_result r;

    memset(&r, 0xa5, sizeof(r));
    assert_false(tfo_results_frame(f->results, 2, &r));
    assert_int_equal(r.handshake, 0);
    assert_int_equal(r.role, 0);
    assert_int_equal(r.flags, 0);
    assert_null(r.proofs);
    assert_int_equal(r.fallback_cost, -1);
    tfo_results_freeze(f->results);
    memset(&r, 0xa5, sizeof(r));
    assert_false(tfo_results_frame(f->results, 2, &r));
    assert_int_equal(r.fallback_cost, -1);
}

/* A late frame keeps how late it was, record or not before. */
static void test_behind(void **state)
{
    fixture *f = *state;

    tfo_results_record(f->results, 5)->behind = 2000;
    assert_int_equal(frame_of(f->results, 5).behind, 2000);
    assert_int_equal(frame_of(f->results, 5).handshake, 0);
    tfo_results_freeze(f->results);
    assert_int_equal(frame_of(f->results, 5).behind, 2000);
}

/* A proof names the handshake and the dropped frame, with the verdict as
 * of now, and final once frozen. */
static void test_proofs(void **state)
{
    fixture *f = *state;
    tfo_frame_result r;
    const tfo_proof *p;
    tfo_verdict before = tfo_handshake_verdict(f->hs), after;

    tfo_results_add_proof(f->results, 4, 1, 1);
    r = frame_of(f->results, 4);
    assert_int_equal(r.role, TFO_ROLE_PROOF);
    assert_int_equal(r.handshake, 0);
    assert_non_null(r.proofs);
    assert_int_equal(r.proofs->len, 1);
    p = &g_array_index(r.proofs, tfo_proof, 0);
    assert_int_equal(p->handshake, 1);
    assert_int_equal(p->dropped_frame, 1);
    assert_int_equal(p->verdict, before);

    /* The drop proved changes the verdict; freezing records the final one. */
    f->syn->fate = TFO_FATE_DROPPED;
    f->again->fate = TFO_FATE_DROPPED;
    after = tfo_handshake_verdict(f->hs);
    assert_int_not_equal(after, before);
    tfo_results_add_proof(f->results, 4, 1, 3);
    tfo_results_freeze(f->results);
    r = frame_of(f->results, 4);
    assert_int_equal(r.proofs->len, 2);
    assert_int_equal(g_array_index(r.proofs, tfo_proof, 0).verdict, after);
    assert_int_equal(g_array_index(r.proofs, tfo_proof, 1).verdict, after);
    assert_int_equal(g_array_index(r.proofs, tfo_proof, 1).dropped_frame, 3);
    assert_true(frame_of(f->results, 1).flags & TFO_RESULT_NAT_DROPPED);

}

/* Live, a summary follows the handshake; frozen, it no longer reads it. */
static void test_summaries_live_then_frozen(void **state)
{
    fixture *f = *state;
    tfo_handshake_summary s, frozen;
    tfo_verdict before = tfo_handshake_verdict(f->hs);

    assert_int_equal(tfo_results_handshake_count(f->results), 1);
    assert_ptr_equal(tfo_results_handshake(f->results, 1), f->hs);
    assert_null(tfo_results_handshake(f->results, 0));
    assert_null(tfo_results_handshake(f->results, 2));
    assert_false(tfo_results_summary(f->results, 0, &s));
    assert_false(tfo_results_summary(f->results, 2, &s));
    assert_true(tfo_results_summary(f->results, 1, &s));
    assert_int_equal(s.id, 1);
    assert_int_equal(s.verdict, before);
    assert_int_equal(s.first_frame, 1);

    f->syn->fate = TFO_FATE_DROPPED;
    f->again->fate = TFO_FATE_DROPPED;
    assert_true(tfo_results_summary(f->results, 1, &s));
    assert_int_equal(s.verdict, tfo_handshake_verdict(f->hs));
    assert_int_not_equal(s.verdict, before);

    assert_false(tfo_results_frozen(f->results));
    tfo_results_freeze(f->results);
    assert_true(tfo_results_frozen(f->results));
    assert_null(tfo_results_handshake(f->results, 1));
    assert_int_equal(tfo_results_handshake_count(f->results), 1);
    /* The handshake may go: what was frozen stays readable (ASan checks). */
    tfo_handshake_free(f->hs);
    f->hs = NULL;
    assert_true(tfo_results_summary(f->results, 1, &frozen));
    assert_memory_equal(&frozen, &s, sizeof(s));
    assert_int_equal(frame_of(f->results, 1).verdict, s.verdict);
    assert_int_equal(frame_of(f->results, 3).role, TFO_ROLE_SYN_RETRANSMISSION);
}

/* Freezing twice changes nothing, and nothing new is recorded once frozen. */
static void test_freeze_idempotent(void **state)
{
    fixture *f = *state;
    tfo_frame_result a, b;
    tfo_handshake_summary s1, s2;

    tfo_results_freeze(f->results);
    a = frame_of(f->results, 1);
    assert_true(tfo_results_summary(f->results, 1, &s1));
    f->syn->fate = TFO_FATE_DROPPED; /* no longer read */
    tfo_results_freeze(f->results);
    b = frame_of(f->results, 1);
    assert_true(tfo_results_summary(f->results, 1, &s2));
    assert_memory_equal(&a, &b, sizeof(a));
    assert_memory_equal(&s1, &s2, sizeof(s1));
    assert_false(b.flags & TFO_RESULT_NAT_DROPPED);

    assert_null(tfo_results_record(f->results, 20));
    tfo_results_add_proof(f->results, 20, 1, 1);
    assert_false(tfo_results_frame(f->results, 20, &a));
    /* A frame recorded before still has its record. */
    assert_non_null(tfo_results_record(f->results, 1));
    assert_null(tfo_results_record(f->results, 1)->segment);
}

/* Frozen, every frame reads the same result as it did live, marked final: its own facts
 * kept, its handshake's (verdict, reason, fallback cost, the record on the
 * first frame only) from the handshake's row. */
static void test_frozen_same_as_live(void **state)
{
    fixture *f = *state;
    tfo_frame_result live1 = frame_of(f->results, 1), live3 = frame_of(f->results, 3), r;
    tfo_handshake_summary s;

    assert_true(live1.has_record);
    assert_false(live3.has_record);
    assert_false(live1.final);
    tfo_results_freeze(f->results);
    r = frame_of(f->results, 1);
    assert_true(r.final);
    r.final = FALSE;
    assert_memory_equal(&r, &live1, sizeof(r));
    assert_true(tfo_results_summary(f->results, 1, &s));
    assert_memory_equal(&r.record, &s, sizeof(s));
    assert_int_equal(r.verdict, s.verdict);
    assert_int_equal(r.reason, s.reason);
    r = frame_of(f->results, 3);
    r.final = FALSE;
    assert_memory_equal(&r, &live3, sizeof(r));
    assert_int_equal(r.role, TFO_ROLE_SYN_RETRANSMISSION);
    assert_int_equal(r.syn_data_len, 4);
}

/* The client's first data after the SYN-ACK: resent when it repeats the SYN's. */
static void test_first_data(void **state)
{
    fixture *f = *state;
    tfo_frame_result r;

    tfo_t_synack(f->leg, 5, 8000, SERVER_ISN, ISN + 1, tfo_t_cookie(TFO_OPT_KIND, "0909090900000101"));
    f->leg->first_data_frame = 6;
    f->leg->first_data_seq = ISN + 1;
    f->leg->first_data_len = 4;
    tfo_results_record(f->results, 6)->leg = f->leg;
    r = frame_of(f->results, 6);
    assert_int_equal(r.role, TFO_ROLE_FIRST_DATA);
    assert_int_equal(r.handshake, 1);
    assert_true(r.flags & TFO_RESULT_DATA_RESENT);

    f->leg->first_data_seq = ISN + 5; /* the server took the SYN's data */
    r = frame_of(f->results, 6);
    assert_false(r.flags & TFO_RESULT_DATA_RESENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frame_of_segment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frame_without_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_behind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_proofs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_summaries_live_then_frozen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_freeze_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frozen_same_as_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_data, setup, teardown),
    };
    return cmocka_run_group_tests_name("tfo_results", tests, NULL, NULL);
}
