/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_match.h"
#include "tfo_test_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define ISN 1000000u
#define NAT_ISN 0x80000000u /* a sequence number the gateway rewrote */

static tfo_endpoint client(int n)
{
    tfo_endpoint ep = tfo_t_ep4("192.168.0.100", (uint16_t)(40000 + n));
    ep.bytes[3] = (uint8_t)(100 + n);
    return ep;
}

static tfo_segment *lan_syn(int n, int64_t ts_us, uint32_t seq, uint32_t payload_len)
{
    return tfo_t_lone_syn(TFO_SIDE_LAN, client(n), (uint32_t)n, ts_us, seq, payload_len);
}

static tfo_segment *wan_syn(int64_t ts_us, uint32_t seq, uint32_t payload_len)
{
    return tfo_t_lone_syn(TFO_SIDE_WAN, tfo_t_wan_client(), 100, ts_us, seq, payload_len);
}

static GPtrArray *candidates(tfo_segment **segs, guint n)
{
    GPtrArray *list = g_ptr_array_new();
    guint i;

    for (i = 0; i < n; i++)
        g_ptr_array_add(list, segs[i]);
    return list;
}

static void free_all(tfo_segment **segs, guint n)
{
    guint i;

    for (i = 0; i < n; i++)
        tfo_t_free_lone(segs[i]);
}

/* ---------------------------------------------------------- tfo_match_score */

static void test_score_nothing_shared(void **state)
{
    tfo_segment *in = lan_syn(1, 0, ISN, 0), *out = wan_syn(300, NAT_ISN, 0);

    (void)state;
    assert_int_equal(tfo_match_score(in, out, NULL), 0);
    tfo_t_free_lone(in);
    tfo_t_free_lone(out);
}

static void test_score_each_evidence(void **state)
{
    tfo_segment *in = lan_syn(1, 0, ISN, 0), *out = wan_syn(300, NAT_ISN, 0);

    (void)state;
    /* ISN */
    out->seq = ISN;
    assert_int_equal(tfo_match_score(in, out, NULL), TFO_MATCH_ISN);
    out->seq = NAT_ISN;
    /* TSval, only when both have one */
    in->has_tsval = out->has_tsval = 1;
    in->tsval = out->tsval = 777;
    assert_int_equal(tfo_match_score(in, out, NULL), TFO_MATCH_TSVAL);
    out->tsval = 778;
    assert_int_equal(tfo_match_score(in, out, NULL), 0);
    out->tsval = 777;
    out->has_tsval = 0;
    assert_int_equal(tfo_match_score(in, out, NULL), 0);
    in->has_tsval = 0;
    /* Payload, only when both carry the same one */
    in->payload_len = out->payload_len = 4;
    in->payload_hash = out->payload_hash = 0xdeadbeef;
    assert_int_equal(tfo_match_score(in, out, NULL), TFO_MATCH_PAYLOAD);
    out->payload_len = 0;
    assert_int_equal(tfo_match_score(in, out, NULL), 0);
    in->payload_len = 0;
    /* IP ID, only when both have one */
    in->has_ip_id = out->has_ip_id = 1;
    in->ip_id = out->ip_id = 6;
    assert_int_equal(tfo_match_score(in, out, NULL), TFO_MATCH_IP_ID);
    out->ip_id = 7;
    assert_int_equal(tfo_match_score(in, out, NULL), 0);
    out->ip_id = 6;
    in->has_ip_id = 0;
    assert_int_equal(tfo_match_score(in, out, NULL), 0);
    tfo_t_free_lone(in);
    tfo_t_free_lone(out);
}

static void test_score_sums(void **state)
{
    tfo_segment *in = lan_syn(1, 0, ISN, 4), *out = wan_syn(300, ISN, 4);

    (void)state;
    in->has_tsval = out->has_tsval = 1;
    in->tsval = out->tsval = 5;
    in->has_ip_id = out->has_ip_id = 1;
    in->ip_id = out->ip_id = 9;
    assert_int_equal(tfo_match_score(in, out, NULL),
                     TFO_MATCH_ISN + TFO_MATCH_TSVAL + TFO_MATCH_PAYLOAD + TFO_MATCH_IP_ID);
    tfo_t_free_lone(in);
    tfo_t_free_lone(out);
}

static void test_score_different_payloads(void **state)
{
    tfo_segment *in = lan_syn(1, 0, ISN, 4), *out = wan_syn(300, ISN, 4);

    (void)state;
    out->payload_hash = in->payload_hash + 1;
    assert_int_equal(tfo_match_score(in, out, NULL), -1);
    /* Same hash, other length. */
    out->payload_hash = in->payload_hash;
    out->payload_len = 5;
    assert_int_equal(tfo_match_score(in, out, NULL), -1);
    tfo_t_free_lone(in);
    tfo_t_free_lone(out);
}

/* Copies captured to different snap lengths: only their common captured
 * bytes count (tests/malformed/cases/snapped-payload). */
static void test_score_payloads_snapped(void **state)
{
    tfo_segment *in = lan_syn(1, 0, ISN, 12), *out = wan_syn(300, ISN, 12);

    (void)state;
    memcpy(in->payload_head, "GET / HTTP/1", 12);
    memcpy(out->payload_head, "GET ", 4);
    out->payload_captured = 4;
    out->payload_hash = in->payload_hash ^ 1;
    assert_int_equal(tfo_match_score(in, out, NULL), TFO_MATCH_ISN + TFO_MATCH_PAYLOAD);
    out->payload_captured = 0; /* nothing captured: only the length counts */
    assert_int_equal(tfo_match_score(in, out, NULL), TFO_MATCH_ISN + TFO_MATCH_PAYLOAD);
    out->payload_captured = 4;
    out->payload_head[3] = 'X';
    assert_int_equal(tfo_match_score(in, out, NULL), -1);
    out->payload_head[3] = ' ';
    out->payload_len = 13;
    assert_int_equal(tfo_match_score(in, out, NULL), -1);
    tfo_t_free_lone(in);
    tfo_t_free_lone(out);
}

static void test_score_egress_earlier(void **state)
{
    tfo_segment *in = lan_syn(1, 300, ISN, 0), *out = wan_syn(299, ISN, 0);

    (void)state;
    assert_int_equal(tfo_match_score(in, out, NULL), -1);
    out->ts = in->ts;
    assert_int_equal(tfo_match_score(in, out, NULL), TFO_MATCH_ISN);
    tfo_t_free_lone(in);
    tfo_t_free_lone(out);
}

/* ------------------------------------------------------- tfo_match_nat_twin */

static void test_twin_by_isn_among_clients(void **state)
{
    tfo_segment *c[3] = {lan_syn(1, 0, 100, 0), lan_syn(2, 10, 200, 0), lan_syn(3, 20, 300, 0)};
    tfo_segment *out = wan_syn(200, 200, 0);
    GPtrArray *list = candidates(c, 3);

    (void)state;
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), c[1]);
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_UNKNOWN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), c[1]);
    out->seq = 300;
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), c[2]);
    g_ptr_array_free(list, TRUE);
    free_all(c, 3);
    tfo_t_free_lone(out);
}

/* The client sent its SYN with data, then retried without: the egress copy
 * without data is the retransmission, by its timestamp, even though the
 * original came first and the gateway rewrote the sequence number. */
static void test_twin_prefers_retransmission_without_data(void **state)
{
    tfo_segment *original = lan_syn(1, 0, ISN, 4), *retry = lan_syn(1, 300000, ISN, 0);
    tfo_segment *out = wan_syn(300200, NAT_ISN, 0);
    tfo_segment *order1[2] = {original, retry}, *order2[2] = {retry, original};
    GPtrArray *list1 = candidates(order1, 2), *list2 = candidates(order2, 2);

    (void)state;
    original->has_tsval = retry->has_tsval = out->has_tsval = 1;
    original->tsval = 1000;
    retry->tsval = 1300;
    out->tsval = 1300;
    assert_ptr_equal(tfo_match_nat_twin(list1, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), retry);
    assert_ptr_equal(tfo_match_nat_twin(list2, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), retry);
    /* With the sequence number kept, the ISN ties and the timestamp decides. */
    out->seq = ISN;
    assert_ptr_equal(tfo_match_nat_twin(list1, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), retry);
    /* Without timestamps the ISN still ties and the data cannot count
     * against the original: the most recent, the retransmission, wins. */
    original->has_tsval = retry->has_tsval = out->has_tsval = 0;
    assert_ptr_equal(tfo_match_nat_twin(list1, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), retry);
    assert_ptr_equal(tfo_match_nat_twin(list2, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), retry);
    original->has_tsval = retry->has_tsval = out->has_tsval = 1;
    /* An egress copy with the data is the original: its payload and TSval. */
    out->seq = NAT_ISN;
    out->payload_len = 4;
    out->payload_hash = original->payload_hash;
    out->tsval = 1000;
    out->ts = original->ts + 200000;
    assert_ptr_equal(tfo_match_nat_twin(list2, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), original);
    g_ptr_array_free(list1, TRUE);
    g_ptr_array_free(list2, TRUE);
    tfo_t_free_lone(original);
    tfo_t_free_lone(retry);
    tfo_t_free_lone(out);
}

static void test_twin_tie_most_recent(void **state)
{
    tfo_segment *older = lan_syn(1, 0, ISN, 0), *newer = lan_syn(2, 100, ISN, 0);
    tfo_segment *out = wan_syn(200, ISN, 0);
    tfo_segment *order1[2] = {older, newer}, *order2[2] = {newer, older};
    GPtrArray *list1 = candidates(order1, 2), *list2 = candidates(order2, 2);

    (void)state;
    assert_ptr_equal(tfo_match_nat_twin(list1, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), newer);
    assert_ptr_equal(tfo_match_nat_twin(list2, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), newer);
    g_ptr_array_free(list1, TRUE);
    g_ptr_array_free(list2, TRUE);
    tfo_t_free_lone(older);
    tfo_t_free_lone(newer);
    tfo_t_free_lone(out);
}

static void test_twin_lone_without_evidence(void **state)
{
    tfo_segment *in = lan_syn(1, 0, ISN, 0), *out = wan_syn(300, NAT_ISN, 0);
    GPtrArray *list = candidates(&in, 1);

    (void)state;
    /* Known and different sides: the only candidate is the twin. */
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), in);
    /* Egress side unknown: not enough. */
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_UNKNOWN, TFO_T_WINDOW, TFO_T_WINDOW, NULL));
    /* Candidate side unknown: not enough. */
    in->leg->side = TFO_SIDE_UNKNOWN;
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL));
    /* Weak evidence (IP ID) does not make up for it. */
    in->has_ip_id = out->has_ip_id = 1;
    in->ip_id = out->ip_id = 3;
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL));
    /* Evidence does. */
    out->seq = ISN;
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_UNKNOWN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), in);
    g_ptr_array_free(list, TRUE);
    tfo_t_free_lone(in);
    tfo_t_free_lone(out);
}

static void test_twin_two_without_evidence(void **state)
{
    tfo_segment *c[2] = {lan_syn(1, 0, 100, 0), lan_syn(2, 50, 200, 0)};
    tfo_segment *out = wan_syn(300, NAT_ISN, 0);
    GPtrArray *list = candidates(c, 2);

    (void)state;
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL));
    /* Equal IP IDs are not enough evidence either. */
    c[0]->has_ip_id = out->has_ip_id = 1;
    c[0]->ip_id = out->ip_id = 3;
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL));
    g_ptr_array_free(list, TRUE);
    free_all(c, 2);
    tfo_t_free_lone(out);
}

static void test_twin_window(void **state)
{
    tfo_segment *in = lan_syn(1, 0, ISN, 0), *out = wan_syn(500000, ISN, 0);
    GPtrArray *list = candidates(&in, 1);

    (void)state;
    /* Exactly the window apart: still in. */
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), in);
    out->ts += 1;
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL));
    /* A candidate captured after the egress copy is not in the window. */
    out->ts = in->ts - 1;
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL));
    g_ptr_array_free(list, TRUE);
    tfo_t_free_lone(in);
    tfo_t_free_lone(out);
}

static void test_twin_outside_window_not_counted(void **state)
{
    /* An old candidate outside the window leaves the other one alone. */
    tfo_segment *c[2] = {lan_syn(1, 0, 100, 0), lan_syn(2, 900000, 200, 0)};
    tfo_segment *out = wan_syn(1000000, NAT_ISN, 0);
    GPtrArray *list = candidates(c, 2);

    (void)state;
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), c[1]);
    g_ptr_array_free(list, TRUE);
    free_all(c, 2);
    tfo_t_free_lone(out);
}

static void test_twin_same_side_skipped(void **state)
{
    tfo_segment *same = tfo_t_lone_syn(TFO_SIDE_WAN, tfo_t_ep4("9.9.9.8", 50000), 1, 0, ISN, 0);
    tfo_segment *other = lan_syn(2, 10, 200, 0);
    tfo_segment *out = wan_syn(300, ISN, 0);
    GPtrArray *only_same = candidates(&same, 1);
    tfo_segment *both[2] = {same, other};
    GPtrArray *list = candidates(both, 2);

    (void)state;
    assert_null(tfo_match_nat_twin(only_same, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL));
    /* Skipped, it does not count in the window: the LAN SYN is alone. */
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), other);
    /* Egress side unknown: nothing is skipped, the ISN wins. */
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_UNKNOWN, TFO_T_WINDOW, TFO_T_WINDOW, NULL), same);
    g_ptr_array_free(only_same, TRUE);
    g_ptr_array_free(list, TRUE);
    tfo_t_free_lone(same);
    tfo_t_free_lone(other);
    tfo_t_free_lone(out);
}

static void test_twin_payload_conflict(void **state)
{
    tfo_segment *in = lan_syn(1, 0, ISN, 4), *out = wan_syn(300, ISN, 4);
    GPtrArray *list = candidates(&in, 1);

    (void)state;
    out->payload_hash = in->payload_hash ^ 1;
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL));
    g_ptr_array_free(list, TRUE);
    tfo_t_free_lone(in);
    tfo_t_free_lone(out);
}

static void test_twin_no_candidates(void **state)
{
    tfo_segment *out = wan_syn(300, ISN, 0);
    GPtrArray *list = g_ptr_array_new();

    (void)state;
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL));
    g_ptr_array_free(list, TRUE);
    tfo_t_free_lone(out);
}

/* Strong evidence is the ISN or the payload; the TSval, the IP ID alone or
 * nothing shared is not, nor a contradiction. */
static void test_strong(void **state)
{
    tfo_segment *in = lan_syn(1, 0, ISN, 0), *out = wan_syn(800000, NAT_ISN, 0);

    (void)state;
    assert_false(tfo_match_strong(in, out));
    in->has_ip_id = out->has_ip_id = 1;
    in->ip_id = out->ip_id = 7;
    assert_false(tfo_match_strong(in, out));
    out->seq = ISN;
    assert_true(tfo_match_strong(in, out));
    out->seq = NAT_ISN;
    in->has_tsval = out->has_tsval = 1;
    in->tsval = out->tsval = 777;
    /* A shared TSval tells the host, not the connection. */
    assert_false(tfo_match_strong(in, out));
    in->has_tsval = out->has_tsval = 0;
    in->payload_len = in->payload_captured = out->payload_len = out->payload_captured = 4;
    assert_true(tfo_match_strong(in, out));
    out->payload_hash ^= 1;
    assert_false(tfo_match_strong(in, out));
    tfo_t_free_lone(in);
    tfo_t_free_lone(out);
}

/* Two SYNs from one address on one interface are two connections of one
 * host, whatever they share; on another interface the same address is a
 * gateway that does not translate. */
static void test_twin_same_host_same_interface(void **state)
{
    tfo_segment *in = tfo_t_lone_syn(TFO_SIDE_UNKNOWN, tfo_t_ep4("192.0.2.10", 40001), 1, 0, ISN, 0);
    tfo_segment *out = tfo_t_lone_syn(TFO_SIDE_UNKNOWN, tfo_t_ep4("192.0.2.10", 40002), 2, 1000, ISN, 0);
    GPtrArray *list = candidates(&in, 1);

    (void)state;
    in->has_tsval = out->has_tsval = 1;
    in->tsval = out->tsval = 4711;
    assert_false(tfo_match_eligible(in, out, TFO_SIDE_UNKNOWN, TFO_T_WINDOW));
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_UNKNOWN, TFO_T_WINDOW, 0, NULL));
    out->interface_id = 1;
    assert_true(tfo_match_eligible(in, out, TFO_SIDE_UNKNOWN, TFO_T_WINDOW));
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_UNKNOWN, TFO_T_WINDOW, 0, NULL), in);
    /* One interface, another source address: eligible. */
    out->interface_id = in->interface_id;
    out->client = tfo_t_wan_client();
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_UNKNOWN, TFO_T_WINDOW, 0, NULL), in);
    g_ptr_array_free(list, TRUE);
    tfo_t_free_lone(in);
    tfo_t_free_lone(out);
}

/* Past the window and within the span, only a strong candidate is a twin,
 * and it does not count as "the only one in the window". */
static void test_twin_past_window_needs_strong(void **state)
{
    tfo_segment *slow = lan_syn(1, 0, ISN, 0), *out = wan_syn(800000, NAT_ISN, 0);
    tfo_segment *c[1] = {slow};
    GPtrArray *list = candidates(c, 1);
    const int64_t span = TFO_T_NS(10000000);

    (void)state;
    /* Nothing shared: a lone candidate in the window would do, not past it. */
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, span, NULL));
    out->seq = ISN;
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, span, NULL), slow);
    /* Past the span too: none. */
    out->ts = TFO_T_NS(10000001);
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, span, NULL));
    /* The span no wider than the window: today's window alone. */
    out->ts = TFO_T_NS(800000);
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, TFO_T_WINDOW, NULL));
    g_ptr_array_free(list, TRUE);
    tfo_t_free_lone(slow);
    tfo_t_free_lone(out);
}

/* A late strong candidate beats a weaker one in the window; a weak one in
 * the window stays the sole candidate when the late one is weak too. */
static void test_twin_late_strong_beats_weak(void **state)
{
    tfo_segment *slow = lan_syn(1, 0, ISN, 0), *recent = lan_syn(2, 600000, 2 * ISN, 0);
    tfo_segment *out = wan_syn(800000, ISN, 0);
    tfo_segment *c[2] = {slow, recent};
    GPtrArray *list = candidates(c, 2);
    const int64_t span = TFO_T_NS(10000000);

    (void)state;
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, span, NULL), slow);
    out->seq = NAT_ISN;
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, span, NULL), recent);
    g_ptr_array_free(list, TRUE);
    tfo_t_free_lone(slow);
    tfo_t_free_lone(recent);
    tfo_t_free_lone(out);
}

/* A shared TSval tells the host, not the connection: with the ISN
 * rewritten it names a twin only when one candidate shares it. */
static void test_twin_shared_tsval_weak(void **state)
{
    tfo_segment *c[3] = {lan_syn(1, 0, 100, 0), lan_syn(1, 1000, 200, 0), lan_syn(2, 1500, 300, 0)};
    tfo_segment *out = wan_syn(2000, NAT_ISN, 0);
    GPtrArray *list = candidates(c, 3);

    (void)state;
    assert_true(TFO_MATCH_TSVAL < TFO_MATCH_EVIDENCE && TFO_MATCH_TSVAL + TFO_MATCH_IP_ID < TFO_MATCH_EVIDENCE);
    c[0]->has_tsval = c[1]->has_tsval = c[2]->has_tsval = out->has_tsval = 1;
    c[0]->tsval = c[1]->tsval = out->tsval = 4711; /* host 1: two connections */
    c[2]->tsval = 99;                              /* host 2 */
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, 0, NULL));
    /* The IP ID does not break the tie. */
    c[1]->has_ip_id = out->has_ip_id = 1;
    c[1]->ip_id = out->ip_id = 3;
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, 0, NULL));
    /* The ISN does; so does the payload. */
    out->seq = 200;
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, 0, NULL), c[1]);
    out->seq = NAT_ISN;
    c[0]->payload_len = out->payload_len = 4;
    c[0]->payload_hash = out->payload_hash = 0xfeed;
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, 0, NULL), c[0]);
    /* Host 1 with one SYN only: its TSval names it among other hosts' SYNs. */
    c[0]->payload_len = out->payload_len = 0;
    c[0]->tsval = 98;
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_UNKNOWN, TFO_T_WINDOW, 0, NULL), c[1]);
    g_ptr_array_free(list, TRUE);
    free_all(c, 3);
    tfo_t_free_lone(out);
}

/* A gateway removes data and the Fast Open option, never adds them. */
static void test_score_nothing_added(void **state)
{
    tfo_segment *in = lan_syn(1, 0, ISN, 0), *out = wan_syn(300, ISN, 4);

    (void)state;
    assert_int_equal(tfo_match_score(in, out, NULL), -1);
    out->payload_len = 0;
    in->option = tfo_t_no_option();
    assert_int_equal(tfo_match_score(in, out, NULL), -1);
    in->option.type = TFO_OPT_UNCAPTURED; /* cut by the snap length: cannot tell */
    assert_int_equal(tfo_match_score(in, out, NULL), TFO_MATCH_ISN);
    in->option = tfo_t_request(TFO_OPT_KIND);
    out->option = tfo_t_no_option(); /* removed: may be the twin */
    in->payload_len = 4;             /* data removed too */
    assert_int_equal(tfo_match_score(in, out, NULL), TFO_MATCH_ISN);
    tfo_t_free_lone(in);
    tfo_t_free_lone(out);
}

/* A SYN-ACK marks the pending SYNs it answers (its connection, captured
 * before it, ISN or data acknowledged); a SYN captured after that answer
 * is not their twin, one captured before it (analysed late) may be. */
static void test_index_answered(void **state)
{
    tfo_match_index *index = tfo_match_index_new();
    tfo_segment *syn = lan_syn(1, 0, ISN, 4), *other = lan_syn(2, 0, ISN, 0), *later = lan_syn(1, 900, ISN, 0);
    tfo_segment *out = wan_syn(300, ISN, 4);
    tfo_handshake *hs = tfo_handshake_new(9);
    tfo_leg *leg = tfo_t_leg_of(hs, TFO_SIDE_LAN, client(1), ISN);
    tfo_segment *synack = tfo_t_synack(leg, 9, 800, 5, ISN + 1 + 5, tfo_t_no_option());
    GPtrArray *list = candidates(&syn, 1);

    (void)state;
    tfo_match_index_add(index, syn);
    tfo_match_index_add(index, other);
    tfo_match_index_add(index, later);
    tfo_match_index_answered(index, synack); /* acknowledges beyond the data */
    assert_false(syn->answered || other->answered || later->answered);
    synack->ack = ISN + 1 + 4;
    synack->interface_id = 1;                /* another interface */
    tfo_match_index_answered(index, synack);
    assert_false(syn->answered);
    synack->interface_id = syn->interface_id;
    tfo_match_index_answered(index, synack);
    assert_true(syn->answered);
    assert_true(syn->answered_ts == synack->ts);
    assert_false(other->answered || later->answered);
    assert_ptr_equal(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, 0, NULL), syn);
    out->ts = synack->ts + 1;
    assert_null(tfo_match_nat_twin(list, out, TFO_SIDE_WAN, TFO_T_WINDOW, 0, NULL));
    synack->ack = ISN + 1;
    synack->ts = TFO_T_NS(1000);             /* now after |later| too */
    tfo_match_index_answered(index, synack);
    assert_true(later->answered);
    assert_true(syn->answered_ts == TFO_T_NS(800)); /* the first answer counts */
    g_ptr_array_free(list, TRUE);
    tfo_match_index_free(index);
    tfo_handshake_free(hs);
    free_all((tfo_segment *[]){syn, other, later, out}, 4);
}

/* -------------------------------------------------- tfo_match_latest_pending */

/* Once the gateway is seen to keep ISNs (or timestamps), a difference in
 * them rules a candidate out; until then it proves nothing. */
static void test_traits_rule_out(void **state)
{
    tfo_segment *in = lan_syn(1, 0, ISN, 0);
    tfo_segment *out = wan_syn(200, ISN + 1, 0);
    tfo_gateway_traits traits = {0};

    (void)state;
    in->has_tsval = out->has_tsval = TRUE;
    in->tsval = 7;
    out->tsval = 7;
    assert_int_equal(tfo_match_score(in, out, &traits), TFO_MATCH_TSVAL);
    traits.isn_kept = 1;
    assert_int_equal(tfo_match_score(in, out, &traits), -1);
    traits.isn_changed = 1;
    assert_int_equal(tfo_match_score(in, out, &traits), TFO_MATCH_TSVAL);
    out->tsval = 8;
    traits.tsval_kept = 1;
    assert_int_equal(tfo_match_score(in, out, &traits), -1);
    tfo_t_free_lone(in);
    tfo_t_free_lone(out);
}

static void test_learn(void **state)
{
    tfo_segment *in = lan_syn(1, 0, ISN, 0);
    tfo_segment *same = wan_syn(200, ISN, 0);
    tfo_segment *moved = wan_syn(300, ISN + 0x80000000u, 0);
    tfo_gateway_traits traits = {0};

    (void)state;
    in->has_tsval = same->has_tsval = TRUE;
    in->tsval = same->tsval = 9;
    tfo_gateway_learn(&traits, in, same);
    assert_int_equal(traits.isn_kept, 1);
    assert_int_equal(traits.tsval_kept, 1);
    tfo_gateway_learn(&traits, in, moved);
    assert_int_equal(traits.isn_changed, 1);
    assert_int_equal(traits.tsval_kept + traits.tsval_changed, 1); /* no TSval on |moved| */
    tfo_t_free_lone(in);
    tfo_t_free_lone(same);
    tfo_t_free_lone(moved);
}

static void test_latest_pending(void **state)
{
    tfo_handshake *hs = tfo_handshake_new(1);
    tfo_leg *leg = tfo_t_leg(hs, TFO_SIDE_WAN, ISN);
    tfo_segment *a = tfo_t_synack(leg, 1, 0, 5, ISN + 1, tfo_t_no_option());
    tfo_segment *b = tfo_t_synack(leg, 2, 100000, 5, ISN + 1, tfo_t_no_option());
    tfo_segment *c = tfo_t_synack(leg, 3, 200000, 5, ISN + 1, tfo_t_no_option());

    (void)state;
    a->fate = b->fate = TFO_FATE_PENDING;
    c->fate = TFO_FATE_FORWARDED;
    /* c is not pending: b is the most recent pending one. */
    assert_ptr_equal(tfo_match_latest_pending(leg->synacks, TFO_T_NS(250000), TFO_T_WINDOW), b);
    /* b is outside the window at 600.001 ms; a even more. */
    assert_null(tfo_match_latest_pending(leg->synacks, TFO_T_NS(600001), TFO_T_WINDOW));
    /* Exactly the window after b. */
    assert_ptr_equal(tfo_match_latest_pending(leg->synacks, TFO_T_NS(600000), TFO_T_WINDOW), b);
    /* Before b was captured, only a qualifies. */
    assert_ptr_equal(tfo_match_latest_pending(leg->synacks, TFO_T_NS(50000), TFO_T_WINDOW), a);
    b->fate = TFO_FATE_DROPPED;
    assert_ptr_equal(tfo_match_latest_pending(leg->synacks, TFO_T_NS(250000), TFO_T_WINDOW), a);
    a->fate = TFO_FATE_UNPROVEN;
    assert_null(tfo_match_latest_pending(leg->synacks, TFO_T_NS(250000), TFO_T_WINDOW));
    assert_null(tfo_match_latest_pending(leg->syns, TFO_T_NS(250000), TFO_T_WINDOW));
    tfo_handshake_free(hs);
}

/* Twin candidates by the endpoint a NAT keeps: the server for a source
 * NAT, the client for a destination NAT (port forwarding); each once. */
static void test_index_by_server_and_client(void **state)
{
    tfo_endpoint public_client = tfo_t_ep4("198.51.100.7", 41000);
    tfo_segment *to_server = lan_syn(1, 0, ISN, 0);
    tfo_segment *inbound = tfo_t_lone_syn(TFO_SIDE_WAN, public_client, 2, 100, ISN, 0);
    tfo_match_index *index = tfo_match_index_new();
    GPtrArray *out = g_ptr_array_new();
    tfo_endpoint nat = tfo_t_ep4("203.0.113.1", 50000), lan_server = tfo_t_ep4("192.168.1.20", 80);

    (void)state;
    to_server->client = tfo_t_lan_client();
    to_server->server = tfo_t_server();
    inbound->client = public_client;
    inbound->server = tfo_t_ep4("203.0.113.1", 8080);
    tfo_match_index_add(index, to_server);
    tfo_match_index_add(index, inbound);
    /* The outbound SYN's twin: client rewritten, server kept. */
    tfo_match_index_candidates(index, &nat, &to_server->server, out);
    assert_int_equal(out->len, 1);
    assert_ptr_equal(g_ptr_array_index(out, 0), to_server);
    /* The inbound SYN's twin: server rewritten, client kept. */
    tfo_match_index_candidates(index, &public_client, &lan_server, out);
    assert_int_equal(out->len, 1);
    assert_ptr_equal(g_ptr_array_index(out, 0), inbound);
    /* Nothing rewritten (no NAT): listed once. */
    tfo_match_index_candidates(index, &inbound->client, &inbound->server, out);
    assert_int_equal(out->len, 1);
    tfo_match_index_remove(index, inbound);
    tfo_match_index_candidates(index, &public_client, &lan_server, out);
    assert_int_equal(out->len, 0);
    tfo_match_index_free(index);
    g_ptr_array_free(out, TRUE);
    tfo_t_free_lone(to_server);
    tfo_t_free_lone(inbound);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_score_nothing_shared),
        cmocka_unit_test(test_score_each_evidence),
        cmocka_unit_test(test_score_sums),
        cmocka_unit_test(test_score_different_payloads),
        cmocka_unit_test(test_score_payloads_snapped),
        cmocka_unit_test(test_score_egress_earlier),
        cmocka_unit_test(test_twin_by_isn_among_clients),
        cmocka_unit_test(test_twin_prefers_retransmission_without_data),
        cmocka_unit_test(test_twin_tie_most_recent),
        cmocka_unit_test(test_twin_lone_without_evidence),
        cmocka_unit_test(test_twin_two_without_evidence),
        cmocka_unit_test(test_twin_window),
        cmocka_unit_test(test_twin_outside_window_not_counted),
        cmocka_unit_test(test_twin_same_side_skipped),
        cmocka_unit_test(test_twin_payload_conflict),
        cmocka_unit_test(test_twin_no_candidates),
        cmocka_unit_test(test_twin_same_host_same_interface),
        cmocka_unit_test(test_twin_shared_tsval_weak),
        cmocka_unit_test(test_score_nothing_added),
        cmocka_unit_test(test_index_answered),
        cmocka_unit_test(test_traits_rule_out),
        cmocka_unit_test(test_learn),
        cmocka_unit_test(test_strong),
        cmocka_unit_test(test_twin_past_window_needs_strong),
        cmocka_unit_test(test_twin_late_strong_beats_weak),
        cmocka_unit_test(test_latest_pending),
        cmocka_unit_test(test_index_by_server_and_client),
    };
    return cmocka_run_group_tests_name("tfo_match", tests, NULL, NULL);
}
