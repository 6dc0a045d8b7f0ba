/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_test_build.h"
#include "tfo_verdict.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#define ISN 218476388u
#define SERVER_ISN 4035392501u
#define COOKIE "090909090000"

/* Times in microseconds: the gateway forwards after 200 us, the server
 * answers 8 ms after the SYN, the client retries after 1 s. */
#define FWD 200
#define RTT 8000
#define RTO 1000000

/* ---------------------------------------------------------- tokens */

static void test_tokens_and_descriptions(void **state)
{
    int v, w;

    (void)state;
    for (v = 0; v < TFO_VERDICT_COUNT; v++) {
        const char *token = tfo_verdict_token((tfo_verdict)v);
        const char *text = tfo_verdict_describe((tfo_verdict)v);

        assert_non_null(token);
        assert_non_null(text);
        assert_true(strlen(token) > 0);
        assert_true(strlen(text) > 0);
        for (w = 0; w < v; w++) {
            assert_string_not_equal(token, tfo_verdict_token((tfo_verdict)w));
            assert_string_not_equal(text, tfo_verdict_describe((tfo_verdict)w));
        }
    }
    assert_string_equal(tfo_verdict_token(TFO_VERDICT_SYN_DATA_DROPPED), "syn-data-dropped");
    assert_string_equal(tfo_verdict_token(TFO_VERDICT_PASSED), "passed");
    assert_string_equal(tfo_verdict_token(TFO_VERDICT_UNKNOWN), "unknown");
    /* Out of range reads as unknown. */
    assert_string_equal(tfo_verdict_token(TFO_VERDICT_COUNT), "unknown");
    assert_string_equal(tfo_verdict_describe(TFO_VERDICT_COUNT), tfo_verdict_describe(TFO_VERDICT_UNKNOWN));
}

static void test_gateway_fault(void **state)
{
    (void)state;
    assert_false(tfo_verdict_is_gateway_fault(TFO_VERDICT_UNKNOWN));
    assert_false(tfo_verdict_is_gateway_fault(TFO_VERDICT_PASSED));
    assert_true(tfo_verdict_is_gateway_fault(TFO_VERDICT_SYN_DATA_DROPPED));
    assert_true(tfo_verdict_is_gateway_fault(TFO_VERDICT_SYN_DROPPED));
    assert_true(tfo_verdict_is_gateway_fault(TFO_VERDICT_SYNACK_DROPPED));
    assert_true(tfo_verdict_is_gateway_fault(TFO_VERDICT_OPTION_STRIPPED));
    assert_true(tfo_verdict_is_gateway_fault(TFO_VERDICT_DATA_STRIPPED));
    assert_true(tfo_verdict_is_gateway_fault(TFO_VERDICT_COOKIE_MANGLED));
    assert_false(tfo_verdict_is_gateway_fault(TFO_VERDICT_DATA_IGNORED));
    assert_false(tfo_verdict_is_gateway_fault(TFO_VERDICT_SYN_DATA_LOST));
    assert_false(tfo_verdict_is_gateway_fault(TFO_VERDICT_COUNT));
}

/* ---------------------------------------------------------- records */

/* A two-sided handshake: LAN and WAN legs with the same ISN. */
typedef struct {
    tfo_handshake *hs;
    tfo_leg *lan, *wan;
} two_sided;

static two_sided two_sided_new(uint32_t isn)
{
    two_sided t;

    t.hs = tfo_handshake_new(1);
    t.lan = tfo_t_leg(t.hs, TFO_SIDE_LAN, isn);
    t.wan = tfo_t_leg(t.hs, TFO_SIDE_WAN, isn);
    return t;
}

/* The client's SYN at |ts_us| on the LAN and its forwarded copy |out_opt| /
 * |out_len| on the WAN. Returns the LAN SYN. */
static tfo_segment *syn_forwarded(two_sided *t, uint32_t frame, int64_t ts_us, uint32_t payload_len,
                                  tfo_option opt, uint32_t out_len, tfo_option out_opt)
{
    tfo_segment *in = tfo_t_syn(t->lan, frame, ts_us, t->lan->isn, payload_len, opt);
    tfo_segment *out = tfo_t_syn(t->wan, frame + 1, ts_us + FWD, t->wan->isn, out_len, out_opt);

    tfo_segment_link_twins(in, out);
    return in;
}

/* The server's SYN-ACK acking |acked| bytes on the WAN at |ts_us| and its copy
 * on the LAN. Returns the WAN SYN-ACK. */
static tfo_segment *synack_forwarded(two_sided *t, uint32_t frame, int64_t ts_us, uint32_t acked,
                                     tfo_option opt, tfo_option out_opt)
{
    tfo_segment *in = tfo_t_synack(t->wan, frame, ts_us, SERVER_ISN, t->wan->isn + 1 + acked, opt);
    tfo_segment *out = tfo_t_synack(t->lan, frame + 1, ts_us + FWD, SERVER_ISN, t->lan->isn + 1 + acked, out_opt);

    tfo_segment_link_twins(in, out);
    return in;
}

static void test_passed_cookie_request(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option req = tfo_t_request(TFO_OPT_KIND_EXP), cookie = tfo_t_cookie(TFO_OPT_KIND_EXP, COOKIE);

    (void)state;
    syn_forwarded(&t, 1, 0, 0, req, 0, req);
    synack_forwarded(&t, 3, RTT, 0, cookie, cookie);
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_PASSED);
    assert_int_equal(tfo_handshake_fallback_cost(t.hs), -1);
    tfo_handshake_free(t.hs);
}

static void test_passed_data(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option cookie = tfo_t_cookie(TFO_OPT_KIND, COOKIE);

    (void)state;
    syn_forwarded(&t, 1, 0, 4, cookie, 4, cookie);
    synack_forwarded(&t, 3, RTT, 4, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_PASSED);
    assert_int_equal(tfo_handshake_fallback_cost(t.hs), -1);
    tfo_handshake_free(t.hs);
}

static void test_passed_data_partly_acked(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option cookie = tfo_t_cookie(TFO_OPT_KIND, COOKIE);

    (void)state;
    syn_forwarded(&t, 1, 0, 4, cookie, 4, cookie);
    synack_forwarded(&t, 3, RTT, 2, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_PASSED);
    tfo_handshake_free(t.hs);
}

static void test_passed_data_across_wrap(void **state)
{
    two_sided t = two_sided_new(0xFFFFFFF0u);
    tfo_option cookie = tfo_t_cookie(TFO_OPT_KIND, COOKIE);
    tfo_segment *synack;

    (void)state;
    syn_forwarded(&t, 1, 0, 20, cookie, 20, cookie);
    synack = synack_forwarded(&t, 3, RTT, 20, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(synack->ack, 0x00000005u);
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_PASSED);
    assert_int_equal(tfo_handshake_fallback_cost(t.hs), -1);
    tfo_handshake_free(t.hs);
}

static void test_ack_beyond_data_unknown(void **state)
{
    two_sided t = two_sided_new(0xFFFFFFF0u);
    tfo_option cookie = tfo_t_cookie(TFO_OPT_KIND, COOKIE);

    (void)state;
    syn_forwarded(&t, 1, 0, 20, cookie, 20, cookie);
    synack_forwarded(&t, 3, RTT, 21, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_UNKNOWN);
    tfo_handshake_free(t.hs);
}

static void test_syn_data_dropped(void **state)
{
    tfo_handshake *hs = tfo_handshake_new(2);
    tfo_leg *lan = tfo_t_leg(hs, TFO_SIDE_LAN, ISN);
    tfo_segment *syn = tfo_t_syn(lan, 13, 0, ISN, 4, tfo_t_cookie(TFO_OPT_KIND_EXP, COOKIE));

    (void)state;
    syn->fate = TFO_FATE_DROPPED;
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_SYN_DATA_DROPPED);
    /* The client never got a SYN-ACK. */
    assert_int_equal(tfo_handshake_fallback_cost(hs), -1);
    tfo_handshake_free(hs);
}

static void test_syn_dropped(void **state)
{
    tfo_handshake *hs = tfo_handshake_new(1);
    tfo_leg *lan = tfo_t_leg(hs, TFO_SIDE_LAN, ISN);
    tfo_segment *syn = tfo_t_syn(lan, 1, 0, ISN, 0, tfo_t_request(TFO_OPT_KIND));
    tfo_segment *retry = tfo_t_syn(lan, 5, RTO, ISN, 0, tfo_t_no_option());

    (void)state;
    syn->fate = TFO_FATE_DROPPED;
    retry->fate = TFO_FATE_UNPROVEN;
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_SYN_DROPPED);
    /* The client got an answer to its retry. */
    tfo_t_synack(lan, 8, RTO + RTT, SERVER_ISN, ISN + 1, tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_SYN_DROPPED);
    assert_int_equal(tfo_handshake_fallback_cost(hs), TFO_T_NS(RTO + RTT));
    tfo_handshake_free(hs);
}

static void test_synack_dropped(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option req = tfo_t_request(TFO_OPT_KIND), cookie = tfo_t_cookie(TFO_OPT_KIND, COOKIE);
    tfo_segment *dropped;

    (void)state;
    syn_forwarded(&t, 1, 0, 0, req, 0, req);
    dropped = tfo_t_synack(t.wan, 3, RTT, SERVER_ISN, ISN + 1, cookie);
    dropped->fate = TFO_FATE_DROPPED;
    /* The server's retransmission got through. */
    synack_forwarded(&t, 4, RTT + RTO, 0, cookie, cookie);
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_SYNACK_DROPPED);
    assert_int_equal(tfo_handshake_fallback_cost(t.hs), TFO_T_NS(RTT + RTO + FWD));
    tfo_handshake_free(t.hs);
}

static void test_option_stripped_syn(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option cookie = tfo_t_cookie(TFO_OPT_KIND, COOKIE);

    (void)state;
    syn_forwarded(&t, 1, 0, 4, cookie, 4, tfo_t_no_option());
    synack_forwarded(&t, 3, RTT, 0, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_OPTION_STRIPPED);
    assert_int_equal(tfo_handshake_fallback_cost(t.hs), TFO_T_NS(RTT + FWD));
    tfo_handshake_free(t.hs);
}

static void test_option_stripped_synack(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option req = tfo_t_request(TFO_OPT_KIND), cookie = tfo_t_cookie(TFO_OPT_KIND, COOKIE);

    (void)state;
    syn_forwarded(&t, 1, 0, 0, req, 0, req);
    synack_forwarded(&t, 3, RTT, 0, cookie, tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_OPTION_STRIPPED);
    assert_int_equal(tfo_handshake_fallback_cost(t.hs), TFO_T_NS(RTT + FWD));
    tfo_handshake_free(t.hs);
}

static void test_data_stripped(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option cookie = tfo_t_cookie(TFO_OPT_KIND, COOKIE);

    (void)state;
    syn_forwarded(&t, 1, 0, 4, cookie, 0, cookie);
    synack_forwarded(&t, 3, RTT, 0, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_DATA_STRIPPED);
    tfo_handshake_free(t.hs);
}

static void test_cookie_mangled(void **state)
{
    two_sided t = two_sided_new(ISN);

    (void)state;
    syn_forwarded(&t, 1, 0, 4, tfo_t_cookie(TFO_OPT_KIND, COOKIE), 4, tfo_t_cookie(TFO_OPT_KIND, "0909090900ff"));
    synack_forwarded(&t, 3, RTT, 0, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_COOKIE_MANGLED);
    tfo_handshake_free(t.hs);
}

/* A copy whose options the snap length cut proves no change to the option
 * (tests/malformed/cases/snapped-wan, snapped-in-option). */
static void test_snapped_option_no_change(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option cookie = tfo_t_cookie(TFO_OPT_KIND, COOKIE), cut = cookie, uncaptured = tfo_t_no_option();

    (void)state;
    uncaptured.type = TFO_OPT_UNCAPTURED;
    syn_forwarded(&t, 1, 0, 4, cookie, 4, uncaptured);
    synack_forwarded(&t, 3, RTT, 4, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(tfo_twin_changes(tfo_leg_first_syn(t.lan), tfo_leg_first_syn(t.wan)), 0);
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_PASSED);
    tfo_handshake_free(t.hs);

    /* The cookie cut after 2 bytes: those 2 agree, the rest is unknown. */
    t = two_sided_new(ISN);
    cut.cookie_captured = 2;
    cut.cookie[5] ^= 0xff;
    syn_forwarded(&t, 1, 0, 4, cookie, 4, cut);
    synack_forwarded(&t, 3, RTT, 4, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_PASSED);
    tfo_handshake_free(t.hs);

    /* Those 2 differ: mangled. */
    t = two_sided_new(ISN);
    cut.cookie[0] ^= 0xff;
    syn_forwarded(&t, 1, 0, 4, cookie, 4, cut);
    synack_forwarded(&t, 3, RTT, 4, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_COOKIE_MANGLED);
    tfo_handshake_free(t.hs);
}

static void test_cookie_mangled_synack(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option req = tfo_t_request(TFO_OPT_KIND);

    (void)state;
    syn_forwarded(&t, 1, 0, 0, req, 0, req);
    synack_forwarded(&t, 3, RTT, 0, tfo_t_cookie(TFO_OPT_KIND, COOKIE), tfo_t_cookie(TFO_OPT_KIND, "09090909"));
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_COOKIE_MANGLED);
    tfo_handshake_free(t.hs);
}

static void test_data_ignored(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option cookie = tfo_t_cookie(TFO_OPT_KIND, COOKIE);

    (void)state;
    syn_forwarded(&t, 1, 0, 4, cookie, 4, cookie);
    synack_forwarded(&t, 3, RTT, 0, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_DATA_IGNORED);
    assert_false(tfo_verdict_is_gateway_fault(tfo_handshake_verdict(t.hs)));
    assert_int_equal(tfo_handshake_fallback_cost(t.hs), TFO_T_NS(RTT + FWD));
    tfo_handshake_free(t.hs);
}

static void test_syn_data_lost_one_sided(void **state)
{
    tfo_handshake *hs = tfo_handshake_new(1);
    tfo_leg *lan = tfo_t_leg(hs, TFO_SIDE_LAN, ISN);
    tfo_segment *syn = tfo_t_syn(lan, 1, 0, ISN, 4, tfo_t_cookie(TFO_OPT_KIND, COOKIE));
    tfo_segment *retry = tfo_t_syn(lan, 2, RTO, ISN, 0, tfo_t_no_option());

    (void)state;
    syn->fate = retry->fate = TFO_FATE_UNPROVEN;
    syn->one_sided = retry->one_sided = TRUE;
    /* No answer yet: the retry alone shows it. */
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_SYN_DATA_LOST);
    assert_int_equal(tfo_handshake_fallback_cost(hs), -1);
    tfo_t_synack(lan, 3, RTO + RTT, SERVER_ISN, ISN + 1, tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_SYN_DATA_LOST);
    assert_int_equal(tfo_handshake_fallback_cost(hs), TFO_T_NS(RTO + RTT));
    tfo_handshake_free(hs);
}

static void test_data_ignored_one_sided(void **state)
{
    tfo_handshake *hs = tfo_handshake_new(1);
    tfo_leg *lan = tfo_t_leg(hs, TFO_SIDE_LAN, ISN);
    tfo_segment *syn = tfo_t_syn(lan, 1, 0, ISN, 4, tfo_t_cookie(TFO_OPT_KIND, COOKIE));

    (void)state;
    syn->fate = TFO_FATE_UNPROVEN;
    syn->one_sided = TRUE;
    tfo_t_synack(lan, 2, RTT, SERVER_ISN, ISN + 1, tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_DATA_IGNORED);
    /* The other side was recorded, but not this SYN: the server's view is
     * missing, and the gateway may as well have stripped the data. */
    syn->one_sided = FALSE;
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_UNKNOWN);
    tfo_handshake_free(hs);
}

/* The data SYN crossed the gateway but the server answered only the plain
 * retransmission that followed. */
static void test_syn_data_lost_two_sided(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option cookie = tfo_t_cookie(TFO_OPT_KIND, COOKIE);

    (void)state;
    syn_forwarded(&t, 1, 0, 4, cookie, 4, cookie);
    syn_forwarded(&t, 3, RTO, 0, tfo_t_no_option(), 0, tfo_t_no_option());
    synack_forwarded(&t, 5, RTO + RTT, 0, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_SYN_DATA_LOST);
    assert_false(tfo_verdict_is_gateway_fault(tfo_handshake_verdict(t.hs)));
    assert_int_equal(tfo_handshake_fallback_cost(t.hs), TFO_T_NS(RTO + RTT + FWD));
    tfo_handshake_free(t.hs);
}

/* The client ignored the first SYN-ACK and sent its SYN 11 more times; a
 * SYN-ACK with another ISN (another server) ended it. The cost runs to the
 * SYN-ACK the client used: the one its first ACK acknowledges, else the
 * first after its last SYN. */
static void test_fallback_cost_synack_used(void **state)
{
    tfo_handshake *hs = tfo_handshake_new(1);
    tfo_leg *lan = tfo_t_leg(hs, TFO_SIDE_LAN, ISN);
    tfo_segment *syn = tfo_t_syn(lan, 1, 0, ISN, 4, tfo_t_cookie(TFO_OPT_KIND, COOKIE));
    uint32_t k;

    (void)state;
    syn->fate = TFO_FATE_UNPROVEN;
    syn->one_sided = TRUE;
    tfo_t_synack(lan, 2, 9000, SERVER_ISN, ISN + 1, tfo_t_no_option());
    for (k = 1; k <= 11; k++)
        tfo_t_syn(lan, 2 + k, k * 180000, ISN, 0, tfo_t_no_option());
    /* Retries after the only SYN-ACK: the client used none the capture shows. */
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_DATA_IGNORED);
    assert_int_equal(tfo_handshake_fallback_cost(hs), -1);
    tfo_t_synack(lan, 14, 2010000, SERVER_ISN + 77, ISN + 1, tfo_t_no_option());
    /* No ACK: the first SYN-ACK after the last SYN. */
    assert_int_equal(tfo_handshake_fallback_cost(hs), TFO_T_NS(2010000));
    /* The ACK names it. */
    lan->first_data_frame = 15;
    lan->first_data_seq = ISN + 1;
    lan->first_data_ack = SERVER_ISN + 77 + 1;
    assert_int_equal(tfo_handshake_fallback_cost(hs), TFO_T_NS(2010000));
    /* An ACK of the first SYN-ACK names that one, retries or not. */
    lan->first_data_ack = SERVER_ISN + 1;
    assert_int_equal(tfo_handshake_fallback_cost(hs), TFO_T_NS(9000));
    /* An ACK of no SYN-ACK seen: as without an ACK. */
    lan->first_data_ack = 12345;
    assert_int_equal(tfo_handshake_fallback_cost(hs), TFO_T_NS(2010000));
    /* The verdict stays with the server's first answer. */
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_DATA_IGNORED);
    tfo_handshake_free(hs);
}

/* Without data, a SYN carrying a cookie passes once answered; a SYN whose
 * option is invalid tells nothing. */
static void test_cookie_without_data(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option cookie = tfo_t_cookie(TFO_OPT_KIND, COOKIE), invalid = tfo_t_no_option();

    (void)state;
    syn_forwarded(&t, 1, 0, 0, cookie, 0, cookie);
    synack_forwarded(&t, 3, RTT, 0, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_PASSED);
    tfo_handshake_free(t.hs);

    t = two_sided_new(ISN);
    invalid.type = TFO_OPT_INVALID;
    invalid.kind = TFO_OPT_KIND;
    invalid.length = 5;
    syn_forwarded(&t, 1, 0, 0, invalid, 0, invalid);
    synack_forwarded(&t, 3, RTT, 0, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_UNKNOWN);
    tfo_handshake_free(t.hs);
}

static void test_unknown_pending(void **state)
{
    tfo_handshake *hs = tfo_handshake_new(2);
    tfo_leg *lan = tfo_t_leg(hs, TFO_SIDE_LAN, ISN);
    tfo_segment *syn = tfo_t_syn(lan, 13, 0, ISN, 4, tfo_t_cookie(TFO_OPT_KIND_EXP, COOKIE));

    (void)state;
    syn->fate = TFO_FATE_PENDING;
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_UNKNOWN);
    assert_int_equal(tfo_handshake_fallback_cost(hs), -1);
    tfo_handshake_free(hs);
}

static void test_unknown_no_synack(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option req = tfo_t_request(TFO_OPT_KIND);

    (void)state;
    syn_forwarded(&t, 1, 0, 0, req, 0, req);
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_UNKNOWN);
    tfo_handshake_free(t.hs);
}

static void test_unknown_request_without_cookie(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option req = tfo_t_request(TFO_OPT_KIND);

    (void)state;
    syn_forwarded(&t, 1, 0, 0, req, 0, req);
    synack_forwarded(&t, 3, RTT, 0, tfo_t_no_option(), tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_UNKNOWN);
    assert_int_equal(tfo_handshake_fallback_cost(t.hs), -1);
    tfo_handshake_free(t.hs);
}

static void test_unknown_synack_pending(void **state)
{
    two_sided t = two_sided_new(ISN);
    tfo_option req = tfo_t_request(TFO_OPT_KIND);
    tfo_segment *synack;

    (void)state;
    syn_forwarded(&t, 1, 0, 0, req, 0, req);
    synack = tfo_t_synack(t.wan, 3, RTT, SERVER_ISN, ISN + 1, tfo_t_cookie(TFO_OPT_KIND, COOKIE));
    synack->fate = TFO_FATE_PENDING;
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_UNKNOWN);
    tfo_handshake_free(t.hs);
}

static void test_unknown_other_side_unrecorded(void **state)
{
    /* No twin, and a WAN leg exists: the capture cannot judge the LAN SYN,
     * even though the client saw its data acknowledged. */
    two_sided t = two_sided_new(ISN);
    tfo_segment *syn = tfo_t_syn(t.lan, 1, 0, ISN, 4, tfo_t_cookie(TFO_OPT_KIND, COOKIE));

    (void)state;
    syn->fate = TFO_FATE_UNPROVEN;
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_UNKNOWN);
    tfo_t_synack(t.lan, 2, RTT, SERVER_ISN, ISN + 5, tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(t.hs), TFO_VERDICT_UNKNOWN);
    tfo_handshake_free(t.hs);
}

static void test_wan_only(void **state)
{
    tfo_handshake *hs = tfo_handshake_new(1);
    tfo_leg *wan = tfo_t_leg(hs, TFO_SIDE_WAN, ISN);

    (void)state;
    tfo_t_syn(wan, 1, 0, ISN, 4, tfo_t_cookie(TFO_OPT_KIND, COOKIE));
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_UNKNOWN);
    tfo_t_synack(wan, 2, RTT, SERVER_ISN, ISN + 5, tfo_t_no_option());
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_PASSED);
    tfo_handshake_free(hs);
}

static void test_empty_handshake(void **state)
{
    tfo_handshake *hs = tfo_handshake_new(1);

    (void)state;
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_UNKNOWN);
    assert_int_equal(tfo_handshake_fallback_cost(hs), -1);
    tfo_handshake_free(hs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens_and_descriptions),
        cmocka_unit_test(test_gateway_fault),
        cmocka_unit_test(test_passed_cookie_request),
        cmocka_unit_test(test_passed_data),
        cmocka_unit_test(test_passed_data_partly_acked),
        cmocka_unit_test(test_passed_data_across_wrap),
        cmocka_unit_test(test_ack_beyond_data_unknown),
        cmocka_unit_test(test_syn_data_dropped),
        cmocka_unit_test(test_syn_dropped),
        cmocka_unit_test(test_synack_dropped),
        cmocka_unit_test(test_option_stripped_syn),
        cmocka_unit_test(test_option_stripped_synack),
        cmocka_unit_test(test_data_stripped),
        cmocka_unit_test(test_cookie_mangled),
        cmocka_unit_test(test_snapped_option_no_change),
        cmocka_unit_test(test_cookie_mangled_synack),
        cmocka_unit_test(test_data_ignored),
        cmocka_unit_test(test_syn_data_lost_one_sided),
        cmocka_unit_test(test_data_ignored_one_sided),
        cmocka_unit_test(test_syn_data_lost_two_sided),
        cmocka_unit_test(test_fallback_cost_synack_used),
        cmocka_unit_test(test_cookie_without_data),
        cmocka_unit_test(test_unknown_pending),
        cmocka_unit_test(test_unknown_no_synack),
        cmocka_unit_test(test_unknown_request_without_cookie),
        cmocka_unit_test(test_unknown_synack_pending),
        cmocka_unit_test(test_unknown_other_side_unrecorded),
        cmocka_unit_test(test_wan_only),
        cmocka_unit_test(test_empty_handshake),
    };
    return cmocka_run_group_tests_name("tfo_verdict", tests, NULL, NULL);
}
