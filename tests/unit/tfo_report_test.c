/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_report.h"
#include "tfo_test_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

/* The challenge fed to an engine (frames 1..14), summarized. */
typedef struct {
    tfo_engine *engine;
    tfo_handshake_summary hs[2];
} challenge;

static int challenge_setup(void **state)
{
    challenge *c = g_new0(challenge, 1);

    c->engine = tfo_engine_new(TFO_T_WINDOW);
    if (tfo_t_feed_challenge(c->engine, 1, TFO_T_CHALLENGE_FRAMES, FALSE) != 0 ||
        tfo_engine_handshake_count(c->engine) != 2)
        return -1;
    tfo_report_summarize(tfo_engine_handshake(c->engine, 1), &c->hs[0]);
    tfo_report_summarize(tfo_engine_handshake(c->engine, 2), &c->hs[1]);
    *state = c;
    return 0;
}

static int challenge_teardown(void **state)
{
    challenge *c = *state;

    tfo_engine_free(c->engine);
    g_free(c);
    return 0;
}

static void test_summarize_challenge_passed(void **state)
{
    const tfo_handshake_summary *s = &((challenge *)*state)->hs[0];
    tfo_endpoint lan = tfo_t_ep4("192.168.0.100", 13047), wan = tfo_t_ep4("9.9.9.9", 13047);
    tfo_endpoint server = tfo_t_ep4("3.3.3.3", 13054);

    assert_int_equal(s->id, 1);
    assert_true(tfo_endpoint_equal(&s->lan_client, &lan));
    assert_true(tfo_endpoint_equal(&s->wan_client, &wan));
    assert_true(tfo_endpoint_equal(&s->server, &server));
    assert_int_equal(s->option.type, TFO_OPT_REQUEST);
    assert_int_equal(s->option.kind, TFO_OPT_KIND_EXP);
    assert_int_equal(s->syn_data_lan, 0);
    assert_int_equal(s->syn_data_wan, 0);
    assert_int_equal(s->verdict, TFO_VERDICT_PASSED);
    assert_int_equal(s->first_frame, 1);
    assert_int_equal(s->last_frame, 6); /* the client's first data on the WAN */
    assert_int_equal(s->reason, TFO_REASON_NONE);
    assert_true(s->other_side_recorded);
    assert_int_equal(s->fallback_cost, -1);
    assert_false(s->seq_rewritten);
}

static void test_summarize_challenge_dropped(void **state)
{
    const tfo_handshake_summary *s = &((challenge *)*state)->hs[1];
    tfo_endpoint lan = tfo_t_ep4("192.168.0.100", 13048), server = tfo_t_ep4("3.3.3.3", 13054);

    assert_int_equal(s->id, 2);
    assert_true(tfo_endpoint_equal(&s->lan_client, &lan));
    assert_int_equal(s->wan_client.family, TFO_AF_NONE);
    assert_true(tfo_endpoint_equal(&s->server, &server));
    assert_int_equal(s->option.type, TFO_OPT_COOKIE);
    assert_int_equal(s->option.kind, TFO_OPT_KIND_EXP);
    assert_int_equal(s->option.cookie_len, 6);
    assert_int_equal(s->syn_data_lan, 4);
    assert_int_equal(s->syn_data_wan, -1);
    assert_int_equal(s->verdict, TFO_VERDICT_SYN_DATA_DROPPED);
    assert_int_equal(s->first_frame, 13);
    assert_int_equal(s->last_frame, 13); /* frame 14 only proves the drop */
    assert_int_equal(s->reason, TFO_REASON_NONE);
    assert_true(s->other_side_recorded); /* the drop was proved on the WAN's recording */
    assert_int_equal(s->fallback_cost, -1);
    assert_false(s->seq_rewritten);
}

/* What a single pass knows on each handshake's first frame. */
static void test_summarize_challenge_first_frames(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_handshake_summary s;

    (void)state;
    assert_int_equal(tfo_t_feed_challenge(e, 1, 1, FALSE), 0);
    tfo_report_summarize(tfo_engine_handshake(e, 1), &s);
    assert_int_equal(s.verdict, TFO_VERDICT_UNKNOWN);
    assert_int_equal(s.reason, TFO_REASON_WINDOW_OPEN);
    assert_false(s.other_side_recorded);
    assert_int_equal(s.first_frame, 1);
    assert_int_equal(s.last_frame, 1);
    assert_int_equal(tfo_t_feed_challenge(e, 2, 13, FALSE), 0);
    tfo_report_summarize(tfo_engine_handshake(e, 2), &s);
    assert_int_equal(s.reason, TFO_REASON_WINDOW_OPEN);
    assert_false(s.other_side_recorded);
    tfo_engine_free(e);
}

static void test_format_rows_challenge(void **state)
{
    challenge *c = *state;
    GString *out = g_string_new(NULL);

    /* "%-4s %-22s %-22s %-22s %-4s %-33s %-9s %-17s %-7s %-13s %s\n", by hand. */
    tfo_report_format_row(&c->hs[0], out);
    assert_string_equal(out->str,
                        "1    "
                        "192.168.0.100:13047    "
                        "9.9.9.9:13047          "
                        "3.3.3.3:13054          "
                        "254  "
                        "request                           "
                        "0/0       "
                        "passed            "
                        "1       "
                        "-             "
                        "-\n");
    g_string_truncate(out, 0);
    tfo_report_format_row(&c->hs[1], out);
    assert_string_equal(out->str,
                        "2    "
                        "192.168.0.100:13048    "
                        "-                      "
                        "3.3.3.3:13054          "
                        "254  "
                        "090909090000                      "
                        "4/-       "
                        "syn-data-dropped  "
                        "13      "
                        "-             "
                        "-\n");
    g_string_free(out, TRUE);
}

static void test_format_header(void **state)
{
    GString *out = g_string_new(NULL);

    (void)state;
    tfo_report_format_header(out);
    assert_string_equal(out->str,
                        "#    "
                        "LAN client             "
                        "WAN (NAT) address      "
                        "Server                 "
                        "Kind "
                        "Cookie                            "
                        "Data L/W  "
                        "Verdict           "
                        "Frame   "
                        "Fallback cost "
                        "Why unknown\n");
    g_string_free(out, TRUE);
}

static void test_format_row_fallback_and_no_option(void **state)
{
    tfo_handshake_summary s;
    GString *out = g_string_new(NULL);

    (void)state;
    memset(&s, 0, sizeof(s));
    s.id = 12;
    s.lan_client = tfo_t_ep4("192.168.1.10", 40000);
    s.wan_client = tfo_t_ep4("203.0.113.1", 50000);
    s.server = tfo_t_ep6("2001:db8::20", 443);
    s.syn_data_lan = 12;
    s.syn_data_wan = 12;
    s.verdict = TFO_VERDICT_OPTION_STRIPPED;
    s.first_frame = 101;
    s.fallback_cost = 1050400000;
    tfo_report_format_row(&s, out);
    assert_string_equal(out->str,
                        "12   "
                        "192.168.1.10:40000     "
                        "203.0.113.1:50000      "
                        "[2001:db8::20]:443     "
                        "-    "
                        "-                                 "
                        "12/12     "
                        "option-stripped   "
                        "101     "
                        "1.050400s     "
                        "-\n");
    g_string_free(out, TRUE);
}

static void test_format_row_unknown_says_why(void **state)
{
    tfo_handshake_summary s;
    GString *out = g_string_new(NULL);

    (void)state;
    memset(&s, 0, sizeof(s));
    s.id = 3;
    s.lan_client = tfo_t_ep4("192.168.1.10", 40000);
    s.server = tfo_t_ep4("198.51.100.20", 80);
    s.option = tfo_t_request(TFO_OPT_KIND);
    s.syn_data_lan = 0;
    s.syn_data_wan = -1;
    s.verdict = TFO_VERDICT_UNKNOWN;
    s.reason = TFO_REASON_OTHER_SIDE_SILENT;
    s.first_frame = 7;
    s.fallback_cost = -1;
    tfo_report_format_row(&s, out);
    assert_string_equal(out->str,
                        "3    "
                        "192.168.1.10:40000     "
                        "-                      "
                        "198.51.100.20:80       "
                        "34   "
                        "request                           "
                        "0/-       "
                        "unknown           "
                        "7       "
                        "-             "
                        "other-side-silent\n");
    g_string_free(out, TRUE);
}

static void test_cookie_column(void **state)
{
    char buf[2 * TFO_COOKIE_MAX + 1];
    tfo_option opt;

    (void)state;
    opt = tfo_t_request(TFO_OPT_KIND);
    assert_ptr_equal(tfo_report_cookie(&opt, buf, sizeof(buf)), buf);
    assert_string_equal(buf, "request");
    opt.type = TFO_OPT_INVALID;
    assert_string_equal(tfo_report_cookie(&opt, buf, sizeof(buf)), "invalid");
    opt = tfo_t_no_option();
    assert_string_equal(tfo_report_cookie(&opt, buf, sizeof(buf)), "-");
    opt = tfo_t_cookie(TFO_OPT_KIND_EXP, "090909090000");
    assert_string_equal(tfo_report_cookie(&opt, buf, sizeof(buf)), "090909090000");
    opt = tfo_t_cookie(TFO_OPT_KIND, "00112233445566778899aabbccddeeff");
    assert_string_equal(tfo_report_cookie(&opt, buf, sizeof(buf)), "00112233445566778899aabbccddeeff");
}

static void test_data_bytes_column(void **state)
{
    char buf[48];
    tfo_handshake_summary s;

    (void)state;
    memset(&s, 0, sizeof(s));
    s.syn_data_lan = 4;
    s.syn_data_wan = -1;
    assert_ptr_equal(tfo_report_data_bytes(&s, buf, sizeof(buf)), buf);
    assert_string_equal(buf, "4/-");
    s.syn_data_lan = -1;
    s.syn_data_wan = 1460;
    assert_string_equal(tfo_report_data_bytes(&s, buf, sizeof(buf)), "-/1460");
    s.syn_data_lan = 0;
    s.syn_data_wan = 0;
    assert_string_equal(tfo_report_data_bytes(&s, buf, sizeof(buf)), "0/0");
}

static void test_seconds_column(void **state)
{
    char buf[32];

    (void)state;
    assert_ptr_equal(tfo_report_seconds(-1, buf, sizeof(buf)), buf);
    assert_string_equal(buf, "-");
    assert_string_equal(tfo_report_seconds(1050400000, buf, sizeof(buf)), "1.050400s");
    assert_string_equal(tfo_report_seconds(0, buf, sizeof(buf)), "0.000000s");
    /* Below a microsecond is cut, not rounded. */
    assert_string_equal(tfo_report_seconds(999, buf, sizeof(buf)), "0.000000s");
    assert_string_equal(tfo_report_seconds(12000001000, buf, sizeof(buf)), "12.000001s");
}

static void test_tally(void **state)
{
    challenge *c = *state;
    tfo_report_tally t;

    memset(&t, 0, sizeof(t));
    tfo_report_tally_add(&t, &c->hs[0]);
    tfo_report_tally_add(&t, &c->hs[1]);
    assert_int_equal(t.total, 2);
    assert_int_equal(t.with_data, 1);
    assert_int_equal(t.with_cookie, 1);
    assert_int_equal(t.verdicts[TFO_VERDICT_PASSED], 1);
    assert_int_equal(t.verdicts[TFO_VERDICT_SYN_DATA_DROPPED], 1);
    assert_int_equal(t.verdicts[TFO_VERDICT_UNKNOWN], 0);
}

/* An inbound client's first SYN is on the WAN: a dropped one reached the
 * LAN only as the plain retransmission, and still counts as carrying data. */
static void test_tally_inbound(void **state)
{
    tfo_handshake_summary s[3];
    tfo_report_tally t;
    GString *out = g_string_new(NULL);

    (void)state;
    memset(s, 0, sizeof(s));
    memset(&t, 0, sizeof(t));
    s[0].inbound = TRUE;
    s[0].verdict = TFO_VERDICT_PASSED;
    s[0].option.type = TFO_OPT_REQUEST;
    s[1].inbound = TRUE;
    s[1].syn_data_wan = 12;
    s[1].verdict = TFO_VERDICT_SYN_DATA_DROPPED;
    s[1].option.type = TFO_OPT_COOKIE;
    s[2].inbound = TRUE;
    s[2].syn_data_lan = 12;
    s[2].syn_data_wan = -1;
    s[2].verdict = TFO_VERDICT_UNKNOWN;
    s[2].reason = TFO_REASON_ONE_SIDE_ONLY;
    s[2].option.type = TFO_OPT_COOKIE;
    tfo_report_tally_add(&t, &s[0]);
    tfo_report_tally_add(&t, &s[1]);
    tfo_report_tally_add(&t, &s[2]);
    assert_int_equal(t.inbound, 3);
    assert_int_equal(t.with_data, 2);
    assert_int_equal(t.with_cookie, 2);
    tfo_report_gateway_summary(&t, out);
    assert_non_null(strstr(out->str, "Gateway drops SYNs carrying data: 1 of 2 Fast Open attempts with data\n"));
    g_string_free(out, TRUE);
}

static void test_gateway_summary_with_faults(void **state)
{
    challenge *c = *state;
    tfo_report_tally t;
    GString *out = g_string_new(NULL);

    memset(&t, 0, sizeof(t));
    tfo_report_tally_add(&t, &c->hs[0]);
    tfo_report_tally_add(&t, &c->hs[1]);
    tfo_report_gateway_summary(&t, out);
    assert_string_equal(out->str, "Gateway drops SYNs carrying data: 1 of 1 Fast Open attempts with data\n");

    /* More faults and some server-side outcomes, in the table's order. */
    g_string_truncate(out, 0);
    memset(&t, 0, sizeof(t));
    t.total = 10;
    t.with_data = 6;
    t.with_cookie = 5;
    t.verdicts[TFO_VERDICT_PASSED] = 3;
    t.verdicts[TFO_VERDICT_COOKIE_MANGLED] = 2;
    t.verdicts[TFO_VERDICT_SYNACK_DROPPED] = 1;
    t.verdicts[TFO_VERDICT_DATA_IGNORED] = 1;
    t.verdicts[TFO_VERDICT_UNKNOWN] = 3;
    t.reasons[TFO_REASON_WINDOW_OPEN] = 2;
    t.reasons[TFO_REASON_AMBIGUOUS_TWIN] = 1;
    tfo_report_gateway_summary(&t, out);
    assert_string_equal(out->str,
                        "Gateway drops SYN-ACKs of Fast Open handshakes: 1 of 10 handshakes\n"
                        "Gateway changes Fast Open cookies: 2 of 5 SYNs with a cookie\n"
                        "Server ignored SYN data: 1 of 6 Fast Open attempts with data\n"
                        "Capture cannot tell: 3 of 10 handshakes (window-open 2, ambiguous-twin 1)\n");
    g_string_free(out, TRUE);
}

static void test_gateway_summary_without_faults(void **state)
{
    challenge *c = *state;
    tfo_report_tally t;
    GString *out = g_string_new(NULL);

    memset(&t, 0, sizeof(t));
    tfo_report_tally_add(&t, &c->hs[0]);
    tfo_report_gateway_summary(&t, out);
    assert_string_equal(out->str, "Gateway: no Fast Open fault seen in 1 handshake (1 passed)\n");

    g_string_truncate(out, 0);
    memset(&t, 0, sizeof(t));
    t.total = 4;
    t.with_data = 2;
    t.verdicts[TFO_VERDICT_PASSED] = 2;
    t.verdicts[TFO_VERDICT_SYN_DATA_LOST] = 1;
    t.verdicts[TFO_VERDICT_UNKNOWN] = 1;
    t.reasons[TFO_REASON_OTHER_SIDE_SILENT] = 1;
    tfo_report_gateway_summary(&t, out);
    /* An undecided handshake may hide a fault: none is said to be "seen". */
    assert_string_equal(out->str,
                        "SYN data lost, client retried without: 1 of 2 Fast Open attempts with data\n"
                        "Capture cannot tell: 1 of 4 handshakes (other-side-silent 1)\n"
                        "Gateway: no Fast Open fault proved; 1 of 4 handshakes undecided\n");

    g_string_truncate(out, 0);
    memset(&t, 0, sizeof(t));
    tfo_report_gateway_summary(&t, out);
    assert_string_equal(out->str, "Gateway: no Fast Open fault seen in 0 handshakes (0 passed)\n");
    g_string_free(out, TRUE);
}

/* Built from records: the WAN leg alone, with the sequence number rewritten
 * on a two-sided handshake. */
static void test_summarize_records(void **state)
{
    tfo_handshake *hs = tfo_handshake_new(7);
    tfo_leg *lan = tfo_t_leg(hs, TFO_SIDE_LAN, 100);
    tfo_leg *wan = tfo_t_leg(hs, TFO_SIDE_WAN, 0x80000064u);
    tfo_option cookie = tfo_t_cookie(TFO_OPT_KIND, "1122334455667788");
    tfo_segment *in = tfo_t_syn(lan, 3, 0, 100, 12, cookie);
    tfo_segment *out = tfo_t_syn(wan, 4, 200, 0x80000064u, 12, cookie);
    tfo_handshake_summary s;
    tfo_report_tally t;

    (void)state;
    tfo_segment_link_twins(in, out);
    tfo_report_summarize(hs, &s);
    assert_int_equal(s.id, 7);
    assert_true(s.seq_rewritten);
    assert_int_equal(s.first_frame, 3);
    assert_int_equal(s.syn_data_lan, 12);
    assert_int_equal(s.syn_data_wan, 12);
    assert_int_equal(s.verdict, TFO_VERDICT_UNKNOWN);
    memset(&t, 0, sizeof(t));
    tfo_report_tally_add(&t, &s);
    assert_int_equal(t.with_data, 1);
    assert_int_equal(t.with_cookie, 1);
    assert_int_equal(t.verdicts[TFO_VERDICT_UNKNOWN], 1);
    tfo_handshake_free(hs);

    /* Only the WAN side was captured. */
    hs = tfo_handshake_new(8);
    wan = tfo_t_leg(hs, TFO_SIDE_WAN, 100);
    tfo_t_syn(wan, 9, 0, 100, 0, tfo_t_request(TFO_OPT_KIND));
    tfo_report_summarize(hs, &s);
    assert_int_equal(s.lan_client.family, TFO_AF_NONE);
    assert_int_equal(s.wan_client.family, TFO_AF_INET);
    assert_int_equal(s.syn_data_lan, -1);
    assert_int_equal(s.syn_data_wan, 0);
    assert_int_equal(s.first_frame, 9);
    assert_int_equal(s.option.type, TFO_OPT_REQUEST);
    assert_false(s.seq_rewritten);
    tfo_handshake_free(hs);
}

static void test_reason_tokens(void **state)
{
    (void)state;
    assert_null(tfo_report_reason_token(TFO_REASON_NONE));
    assert_string_equal(tfo_report_reason_token(TFO_REASON_WINDOW_OPEN), "window-open");
    assert_string_equal(tfo_report_reason_token(TFO_REASON_OTHER_SIDE_SILENT), "other-side-silent");
    assert_string_equal(tfo_report_reason_token(TFO_REASON_AMBIGUOUS_TWIN), "ambiguous-twin");
    assert_string_equal(tfo_report_reason_token(TFO_REASON_OPTION_UNCAPTURED), "option-uncaptured");
    assert_string_equal(tfo_report_reason_token(TFO_REASON_INVALID_OPTION), "invalid-option");
    assert_string_equal(tfo_report_reason_token(TFO_REASON_ONE_SIDE_ONLY), "one-side-only");
    assert_string_equal(tfo_report_reason_token(TFO_REASON_NO_SYNACK), "no-synack");
    assert_string_equal(tfo_report_reason_token(TFO_REASON_NO_COOKIE), "no-cookie-granted");
    assert_string_equal(tfo_report_reason_token(TFO_REASON_UNDECIDED), "undecided");
    assert_null(tfo_report_reason_token(TFO_REASON_COUNT));
}

/* Summarizes |hs|, checks that it is unknown for |reason|, and frees it. */
static void assert_unknown_for(tfo_handshake *hs, tfo_unknown_reason reason, gboolean other_side_recorded)
{
    tfo_handshake_summary s;

    tfo_report_summarize(hs, &s);
    assert_int_equal(s.verdict, TFO_VERDICT_UNKNOWN);
    assert_string_equal(tfo_report_reason_token(s.reason), tfo_report_reason_token(reason));
    assert_int_equal(s.other_side_recorded, other_side_recorded);
    tfo_handshake_free(hs);
}

/* A LAN leg alone: a cookie request, unproven, unanswered. */
static tfo_segment *lone_request(tfo_handshake **hs, tfo_option option)
{
    tfo_segment *syn;

    *hs = tfo_handshake_new(1);
    syn = tfo_t_syn(tfo_t_leg(*hs, TFO_SIDE_LAN, 100), 1, 0, 100, 0, option);
    syn->fate = TFO_FATE_UNPROVEN;
    return syn;
}

static void test_reasons_one_leg(void **state)
{
    tfo_handshake *hs;
    tfo_option uncaptured = tfo_t_no_option();

    (void)state;
    lone_request(&hs, tfo_t_request(TFO_OPT_KIND));
    assert_unknown_for(hs, TFO_REASON_ONE_SIDE_ONLY, FALSE);
    lone_request(&hs, tfo_t_request(TFO_OPT_KIND))->awaiting = TRUE;
    assert_unknown_for(hs, TFO_REASON_OTHER_SIDE_SILENT, FALSE);
    lone_request(&hs, tfo_t_request(TFO_OPT_KIND))->ambiguous = TRUE;
    assert_unknown_for(hs, TFO_REASON_AMBIGUOUS_TWIN, FALSE);
    uncaptured.type = TFO_OPT_UNCAPTURED;
    lone_request(&hs, uncaptured);
    assert_unknown_for(hs, TFO_REASON_OPTION_UNCAPTURED, FALSE);
    lone_request(&hs, tfo_t_request(TFO_OPT_KIND))->fate = TFO_FATE_PENDING;
    assert_unknown_for(hs, TFO_REASON_WINDOW_OPEN, FALSE);
}

/* Both legs, the SYN forwarded with |payload_len| bytes of data and |option|;
 * returns the WAN leg. */
static tfo_leg *forwarded(tfo_handshake **hs, uint32_t payload_len, tfo_option option)
{
    tfo_leg *lan, *wan;

    *hs = tfo_handshake_new(1);
    lan = tfo_t_leg(*hs, TFO_SIDE_LAN, 100);
    wan = tfo_t_leg(*hs, TFO_SIDE_WAN, 100);
    tfo_segment_link_twins(tfo_t_syn(lan, 1, 0, 100, payload_len, option),
                           tfo_t_syn(wan, 2, 100, 100, payload_len, option));
    return wan;
}

static void test_reasons_two_legs(void **state)
{
    tfo_handshake *hs;
    tfo_leg *wan;
    tfo_segment *synack;
    tfo_option invalid;

    (void)state;
    forwarded(&hs, 0, tfo_t_request(TFO_OPT_KIND));
    assert_unknown_for(hs, TFO_REASON_NO_SYNACK, TRUE);

    /* A malformed option, answered: its verdict cannot be judged. */
    invalid = tfo_t_request(TFO_OPT_KIND);
    invalid.type = TFO_OPT_INVALID;
    wan = forwarded(&hs, 0, invalid);
    tfo_segment_link_twins(tfo_t_synack(wan, 3, 1000, 5000, 101, tfo_t_no_option()),
                           tfo_t_synack(hs->client_leg, 4, 1100, 5000, 101, tfo_t_no_option()));
    assert_unknown_for(hs, TFO_REASON_INVALID_OPTION, TRUE);

    /* The SYN-ACK came back without a cookie. */
    wan = forwarded(&hs, 0, tfo_t_request(TFO_OPT_KIND));
    synack = tfo_t_synack(wan, 3, 1000, 5000, 101, tfo_t_no_option());
    tfo_segment_link_twins(synack, tfo_t_synack(hs->client_leg, 4, 1100, 5000, 101, tfo_t_no_option()));
    assert_unknown_for(hs, TFO_REASON_NO_COOKIE, TRUE);

    /* The SYN-ACK still within its window. */
    wan = forwarded(&hs, 0, tfo_t_request(TFO_OPT_KIND));
    tfo_t_synack(wan, 3, 1000, 5000, 101, tfo_t_cookie(TFO_OPT_KIND, "11223344"))->fate = TFO_FATE_PENDING;
    assert_unknown_for(hs, TFO_REASON_WINDOW_OPEN, TRUE);

    /* Data acknowledged beyond what the SYN carried. */
    wan = forwarded(&hs, 10, tfo_t_cookie(TFO_OPT_KIND, "11223344"));
    synack = tfo_t_synack(wan, 3, 1000, 5000, 121, tfo_t_no_option());
    tfo_segment_link_twins(synack, tfo_t_synack(hs->client_leg, 4, 1100, 5000, 121, tfo_t_no_option()));
    assert_unknown_for(hs, TFO_REASON_UNDECIDED, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summarize_challenge_passed),
        cmocka_unit_test(test_summarize_challenge_dropped),
        cmocka_unit_test(test_format_rows_challenge),
        cmocka_unit_test(test_format_header),
        cmocka_unit_test(test_format_row_fallback_and_no_option),
        cmocka_unit_test(test_format_row_unknown_says_why),
        cmocka_unit_test(test_cookie_column),
        cmocka_unit_test(test_data_bytes_column),
        cmocka_unit_test(test_seconds_column),
        cmocka_unit_test(test_tally),
        cmocka_unit_test(test_tally_inbound),
        cmocka_unit_test(test_gateway_summary_with_faults),
        cmocka_unit_test(test_gateway_summary_without_faults),
        cmocka_unit_test(test_summarize_records),
        cmocka_unit_test(test_summarize_challenge_first_frames),
        cmocka_unit_test(test_reason_tokens),
        cmocka_unit_test(test_reasons_one_leg),
        cmocka_unit_test(test_reasons_two_legs),
    };
    return cmocka_run_group_tests_name("tfo_report", tests, challenge_setup, challenge_teardown);
}
