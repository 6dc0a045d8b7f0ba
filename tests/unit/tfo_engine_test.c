/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_error.h"
#include "tfo_fate.h"
#include "tfo_report.h"
#include "tfo_test_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#define SYN TFO_TCP_SYN
#define ACK TFO_TCP_ACK
#define FIN TFO_TCP_FIN

/* A client behind a NAT that maps 192.168.1.10:40000 to 203.0.113.1:50000,
 * talking to 198.51.100.20:443. Times in microseconds. */
#define ISN 0x1000u
#define SERVER_ISN 0x5E4D3C2Bu
#define FWD 200          /* gateway forwarding delay */
#define RTT 50000        /* gateway -> server -> gateway */
#define RTO 1000000      /* retransmission timeout */

static const uint8_t data4[4] = {0xde, 0xad, 0xbe, 0xef};
static const uint8_t cookie8[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};

static tfo_endpoint lan(void)
{
    return tfo_t_ep4("192.168.1.10", 40000);
}

static tfo_endpoint nat(void)
{
    return tfo_t_ep4("203.0.113.1", 50000);
}

static tfo_endpoint server(void)
{
    return tfo_t_ep4("198.51.100.20", 443);
}

static tfo_observation other_on(uint32_t frame, int64_t ts_us, int32_t interface_id, tfo_endpoint src,
                                tfo_endpoint dst)
{
    tfo_observation o = tfo_t_obs_other(frame, ts_us);

    o.interface_id = interface_id;
    o.src = src;
    o.dst = dst;
    return o;
}

static void feed(tfo_engine *e, tfo_observation o)
{
    assert_int_equal(tfo_engine_observe(e, &o), 0);
}

static tfo_frame_result result_of(const tfo_engine *e, uint32_t frame)
{
    tfo_frame_result r;

    assert_true(tfo_engine_frame_result(e, frame, &r));
    return r;
}

static gboolean has_result(const tfo_engine *e, uint32_t frame)
{
    tfo_frame_result r;
    return tfo_engine_frame_result(e, frame, &r);
}

static tfo_verdict verdict_of(const tfo_engine *e, uint32_t id)
{
    const tfo_handshake *hs = tfo_engine_handshake(e, id);

    assert_non_null(hs);
    return tfo_handshake_verdict(hs);
}

static void assert_proof(const tfo_frame_result *r, uint32_t handshake, uint32_t dropped_frame)
{
    const tfo_proof *p;

    assert_non_null(r->proofs);
    assert_int_equal(r->proofs->len, 1);
    p = &g_array_index(r->proofs, tfo_proof, 0);
    assert_int_equal(p->handshake, handshake);
    assert_int_equal(p->dropped_frame, dropped_frame);
}

/* Client SYN on the LAN, and as the gateway forwards it on the WAN. */
static tfo_observation lan_syn(uint32_t frame, int64_t us, uint32_t seq, const uint8_t *data, uint32_t len,
                               const tfo_t_opts *opts)
{
    return tfo_t_obs(frame, us, -1, lan(), server(), SYN, seq, 0, data, len, opts, 0);
}

static tfo_observation wan_syn(uint32_t frame, int64_t us, uint32_t seq, const uint8_t *data, uint32_t len,
                               const tfo_t_opts *opts)
{
    return tfo_t_obs(frame, us, -1, nat(), server(), SYN, seq, 0, data, len, opts, 0);
}

static tfo_observation wan_synack(uint32_t frame, int64_t us, uint32_t ack, const tfo_t_opts *opts)
{
    return tfo_t_obs(frame, us, -1, server(), nat(), SYN | ACK, SERVER_ISN, ack, NULL, 0, opts, 0);
}

static tfo_observation lan_synack(uint32_t frame, int64_t us, uint32_t ack, const tfo_t_opts *opts)
{
    return tfo_t_obs(frame, us, -1, server(), lan(), SYN | ACK, SERVER_ISN, ack, NULL, 0, opts, 0);
}

static tfo_observation lan_ack(uint32_t frame, int64_t us, uint32_t seq, const uint8_t *data, uint32_t len)
{
    return tfo_t_obs(frame, us, -1, lan(), server(), ACK, seq, SERVER_ISN + 1, data, len, NULL, 0);
}

/* -------------------------------------------------- the CloudShark challenge */

static void assert_challenge_handshake1(const tfo_engine *e, gboolean two_interfaces)
{
    const tfo_handshake *hs = tfo_engine_handshake(e, 1);
    tfo_endpoint lan_client = tfo_t_ep4("192.168.0.100", 13047);
    tfo_endpoint wan_client = tfo_t_ep4("9.9.9.9", 13047);
    tfo_endpoint server3 = tfo_t_ep4("3.3.3.3", 13054);
    tfo_frame_result r;
    static const uint32_t peers[5] = {0, 2, 1, 4, 3};
    static const uint8_t sides[5] = {0, TFO_SIDE_LAN, TFO_SIDE_WAN, TFO_SIDE_WAN, TFO_SIDE_LAN};
    static const uint8_t roles[5] = {0, TFO_ROLE_SYN, TFO_ROLE_SYN, TFO_ROLE_SYNACK, TFO_ROLE_SYNACK};
    uint32_t f;

    assert_non_null(hs);
    assert_int_equal(hs->id, 1);
    assert_non_null(hs->client_leg);
    assert_non_null(hs->server_leg);
    assert_true(tfo_endpoint_equal(&hs->client_leg->key.client, &lan_client));
    assert_true(tfo_endpoint_equal(&hs->server_leg->key.client, &wan_client));
    assert_true(tfo_endpoint_equal(&hs->client_leg->key.server, &server3));
    assert_true(tfo_endpoint_equal(&hs->server_leg->key.server, &server3));
    assert_int_equal(hs->client_leg->key.interface_id, two_interfaces ? 0 : -1);
    assert_int_equal(hs->server_leg->key.interface_id, two_interfaces ? 1 : -1);
    assert_int_equal(hs->client_leg->side, TFO_SIDE_LAN);
    assert_int_equal(hs->server_leg->side, TFO_SIDE_WAN);
    assert_int_equal(tfo_leg_first_syn(hs->client_leg)->frame, 1);
    assert_int_equal(tfo_leg_first_syn(hs->client_leg)->twin->frame, 2);
    assert_int_equal(hs->client_leg->syns->len, 1);
    assert_int_equal(hs->server_leg->syns->len, 1);
    assert_int_equal(hs->client_leg->synacks->len, 1);
    assert_int_equal(hs->server_leg->synacks->len, 1);
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_PASSED);

    for (f = 1; f <= 4; f++) {
        r = result_of(e, f);
        assert_int_equal(r.handshake, 1);
        assert_int_equal(r.side, sides[f]);
        assert_int_equal(r.role, roles[f]);
        assert_int_equal(r.peer_frame, peers[f]);
        assert_int_equal(r.verdict, TFO_VERDICT_PASSED);
        assert_int_equal(r.fallback_cost, -1);
        assert_int_equal(r.flags, 0);
        assert_int_equal(r.option.kind, TFO_OPT_KIND_EXP);
        assert_null(r.proofs);
    }
    r = result_of(e, 1);
    assert_int_equal(r.option.type, TFO_OPT_REQUEST);
    assert_int_equal(r.option_status, 4);
    assert_int_equal(r.syn_data_len, 0);
    assert_int_equal(r.nat_delay, TFO_T_NS(361));
    r = result_of(e, 2);
    assert_int_equal(r.option.type, TFO_OPT_REQUEST);
    assert_int_equal(r.option.offset, 4); /* after the MSS the gateway added */
    assert_int_equal(r.nat_delay, TFO_T_NS(361));
    r = result_of(e, 3);
    assert_int_equal(r.nat_delay, TFO_T_NS(8037 - 7838));
    assert_int_equal(r.option.type, TFO_OPT_COOKIE);
    assert_int_equal(r.option.cookie_len, 6);
    assert_memory_equal(r.option.cookie, "\x09\x09\x09\x09\x00\x00", 6);
    r = result_of(e, 4);
    assert_int_equal(r.nat_delay, TFO_T_NS(8037 - 7838));
    assert_int_equal(r.option.type, TFO_OPT_COOKIE);

    /* The client's first ACK on each side; nothing else of connection 1. */
    r = result_of(e, 5);
    assert_int_equal(r.role, TFO_ROLE_FIRST_DATA);
    assert_int_equal(r.handshake, 1);
    assert_int_equal(r.side, TFO_SIDE_LAN);
    assert_int_equal(r.flags & TFO_RESULT_DATA_RESENT, 0);
    r = result_of(e, 6);
    assert_int_equal(r.role, TFO_ROLE_FIRST_DATA);
    assert_int_equal(r.side, TFO_SIDE_WAN);
    for (f = 7; f <= 12; f++)
        assert_false(has_result(e, f));
}

static void assert_challenge_handshake2(const tfo_engine *e)
{
    const tfo_handshake *hs = tfo_engine_handshake(e, 2);
    tfo_frame_result r;

    assert_non_null(hs);
    assert_null(hs->server_leg);
    assert_int_equal(tfo_leg_first_syn(hs->client_leg)->frame, 13);
    assert_int_equal(tfo_handshake_verdict(hs), TFO_VERDICT_SYN_DATA_DROPPED);

    r = result_of(e, 13);
    assert_int_equal(r.handshake, 2);
    assert_int_equal(r.side, TFO_SIDE_LAN);
    assert_int_equal(r.role, TFO_ROLE_SYN);
    assert_int_equal(r.flags, TFO_RESULT_NAT_DROPPED);
    assert_int_equal(r.peer_frame, 0);
    assert_int_equal(r.syn_data_len, 4);
    assert_int_equal(r.verdict, TFO_VERDICT_SYN_DATA_DROPPED);
    assert_int_equal(r.fallback_cost, -1);
    assert_null(r.proofs);

    r = result_of(e, 14);
    assert_int_equal(r.role, TFO_ROLE_PROOF);
    assert_int_equal(r.handshake, 0);
    assert_int_equal(r.flags, 0);
    assert_proof(&r, 2, 13);
}

static void test_challenge(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_frame_result r;

    (void)state;
    assert_int_equal(tfo_t_feed_challenge(e, 1, 13, FALSE), 0);
    assert_int_equal(tfo_engine_handshake_count(e), 2);
    /* Frame 13 is still within the window. */
    r = result_of(e, 13);
    assert_int_equal(r.handshake, 2);
    assert_int_equal(r.side, TFO_SIDE_LAN);
    assert_int_equal(r.role, TFO_ROLE_SYN);
    assert_int_equal(r.verdict, TFO_VERDICT_UNKNOWN);
    assert_int_equal(r.flags & (TFO_RESULT_NAT_DROPPED | TFO_RESULT_UNPROVEN), 0);
    assert_int_equal(r.syn_data_len, 4);
    assert_int_equal(r.option.type, TFO_OPT_COOKIE);
    assert_int_equal(r.option.kind, TFO_OPT_KIND_EXP);
    assert_int_equal(r.option.cookie_len, 6);
    assert_memory_equal(r.option.cookie, "\x09\x09\x09\x09\x00\x00", 6);

    assert_int_equal(tfo_t_feed_challenge(e, 14, 14, FALSE), 0);
    assert_int_equal(tfo_engine_handshake_count(e), 2);
    assert_null(tfo_engine_handshake(e, 0));
    assert_null(tfo_engine_handshake(e, 3));
    assert_challenge_handshake1(e, FALSE);
    assert_challenge_handshake2(e);
    tfo_engine_free(e);
}

/* Challenge frame |n| (one interface) as frame |frame| at |us|. */
static tfo_observation challenge_frame_as(uint32_t n, uint32_t frame, int64_t us)
{
    tfo_observation o = tfo_t_challenge_frame(n, FALSE);

    o.frame = frame;
    o.ts = TFO_T_NS(us);
    return o;
}

/* A frame earlier than one before it is flagged, and widens the time the
 * engine waits for twins: a copy may come that much later in the file. */
static void test_out_of_order(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_frame_result r;

    (void)state;
    assert_int_equal(tfo_t_feed_challenge(e, 1, 12, FALSE), 0);
    feed(e, tfo_t_obs_other(13, 0));
    r = result_of(e, 13);
    assert_int_equal(r.handshake, 0);
    assert_int_equal(r.role, 0);
    assert_int_equal(r.behind, TFO_T_NS(23717));
    assert_false(has_result(e, 12));
    /* The data SYN (t=118 ms) is no longer proven dropped by a frame 0.5 s
     * after it, only 0.5 s + 23.7 ms after it. */
    feed(e, challenge_frame_as(13, 14, 118374));
    feed(e, challenge_frame_as(14, 15, 118374 + 500000 + 23717));
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_UNKNOWN);
    feed(e, tfo_t_obs_other(16, 118374 + 500000 + 23718));
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_SYN_DATA_DROPPED);
    r = result_of(e, 16);
    assert_proof(&r, 2, 14);
    tfo_engine_free(e);
}

/* Split into two interfaces: the WAN interface records nothing after frame
 * 12, the gateway's last forwarded packet; the LAN goes on with frame 14,
 * the dropped connection's own FIN 10 s later, nothing the gateway
 * forwards. At the end of the capture that silence proves the drop. */
static void test_challenge_two_interfaces(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_frame_result r;

    (void)state;
    assert_int_equal(tfo_t_feed_challenge(e, 1, 14, TRUE), 0);
    /* Before the end, the WAN's silence proves nothing yet. */
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_UNKNOWN);
    assert_int_equal(result_of(e, 13).flags & TFO_RESULT_NAT_DROPPED, 0);
    tfo_engine_finish(e);
    assert_int_equal(tfo_engine_handshake_count(e), 2);
    assert_challenge_handshake1(e, TRUE);
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_SYN_DATA_DROPPED);
    r = result_of(e, 13);
    assert_int_equal(r.flags, TFO_RESULT_NAT_DROPPED | TFO_RESULT_BY_SILENCE);
    /* Proved at the end, by no frame of its own. */
    assert_false(has_result(e, 14));
    tfo_engine_free(e);
}

/* The same, but after the WAN's last frame the LAN carries traffic the
 * gateway forwards (a plain SYN to the server): the WAN recording stopped,
 * its silence proves nothing. */
static void test_challenge_two_interfaces_wan_stopped(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_observation o;

    (void)state;
    assert_int_equal(tfo_t_feed_challenge(e, 1, 13, TRUE), 0);
    o = tfo_t_obs(14, 1000000, 0, tfo_t_ep4("192.168.0.100", 13049), tfo_t_ep4("3.3.3.3", 13054), SYN, 0x7000u,
                  0, NULL, 0, NULL, 0);
    feed(e, o);
    o = tfo_t_challenge_frame(14, TRUE);
    o.frame = 15;
    feed(e, o);
    tfo_engine_finish(e);
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_UNKNOWN);
    assert_int_equal(result_of(e, 13).flags, TFO_RESULT_UNPROVEN | TFO_RESULT_OTHER_SIDE_SILENT);
    tfo_engine_free(e);

    /* Without the gateway seen forwarding (the first handshake's WAN copies
     * left out), the silence proves nothing either. */
    e = tfo_engine_new(TFO_T_WINDOW);
    for (uint32_t n = 1; n <= TFO_T_CHALLENGE_FRAMES; n++) {
        o = tfo_t_challenge_frame(n, TRUE);
        if (o.interface_id == 0 || n > 12)
            feed(e, o);
        else
            feed(e, other_on(n, o.ts / 1000, 1, tfo_t_ep4("9.9.9.9", 53), tfo_t_ep4("8.8.8.8", 53)));
    }
    tfo_engine_finish(e);
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_UNKNOWN);
    tfo_engine_free(e);
}

/* A data SYN with no twin while the WAN interface is silent: unknown; a WAN
 * frame past the SYN's window, however late, then proves the drop. */
static tfo_engine *wan_silent_after_data_syn(void)
{
    tfo_endpoint client = tfo_t_ep4("192.168.1.10", 40000), nat = tfo_t_ep4("203.0.113.1", 40000);
    tfo_endpoint srv = tfo_t_ep4("198.51.100.20", 80);
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts opts;

    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    /* A plain handshake teaches the sides: interface 0 LAN, 1 WAN. */
    feed(e, tfo_t_obs(1, 0, 0, client, srv, SYN, 1, 0, NULL, 0, NULL, 0));
    feed(e, tfo_t_obs(2, 100, 1, nat, srv, SYN, 1, 0, NULL, 0, NULL, 0));
    feed(e, tfo_t_obs(3, RTT, 0, client, tfo_t_ep4("8.8.8.8", 53), 0, 0, 0, NULL, 0, NULL, 0));
    client.port = 40001;
    feed(e, tfo_t_obs(4, RTO, 0, client, srv, SYN, ISN, 0, data4, 4, &opts, 0));
    /* LAN frames long after, nothing on the WAN interface: a plain SYN the
     * gateway would have forwarded, so the WAN recording stopped. */
    feed(e, tfo_t_obs(5, 3 * RTO, 0, client, tfo_t_ep4("8.8.8.8", 53), SYN, 5, 0, NULL, 0, NULL, 0));
    return e;
}

static void test_wan_silent_then_recorded(void **state)
{
    tfo_endpoint nat = tfo_t_ep4("203.0.113.1", 40001);
    tfo_engine *e = wan_silent_after_data_syn();
    tfo_frame_result r;

    (void)state;
    tfo_engine_finish(e);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_UNKNOWN);
    r = result_of(e, 4);
    assert_int_equal(r.flags, TFO_RESULT_UNPROVEN | TFO_RESULT_OTHER_SIDE_SILENT);
    tfo_engine_free(e);

    /* A WAN frame, however late, shows the WAN was recorded past the window;
     * it is analysed once the LAN has reached its time (frame 7), so frame 7
     * is the one that proves the drop. */
    e = wan_silent_after_data_syn();
    feed(e, tfo_t_obs(6, 3 * RTO + 1, 1, nat, tfo_t_ep4("8.8.4.4", 53), ACK, 5, 5, NULL, 0, NULL, 0));
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_UNKNOWN);
    feed(e, tfo_t_obs(7, 3 * RTO + 2, 0, tfo_t_ep4("192.168.1.10", 40002), tfo_t_ep4("8.8.8.8", 53), ACK, 5, 5,
                      NULL, 0, NULL, 0));
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_SYN_DATA_DROPPED);
    r = result_of(e, 4);
    assert_int_equal(r.flags, TFO_RESULT_NAT_DROPPED);
    r = result_of(e, 7);
    assert_proof(&r, 1, 4);
    tfo_engine_free(e);
}

static void test_challenge_single_interface_zero(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    const tfo_handshake *hs;
    tfo_frame_result r;
    uint32_t n;

    (void)state;
    /* Declared, as the plugin does for a pcapng interface with a name. */
    tfo_engine_expect_interface(e, 0);
    for (n = 1; n <= TFO_T_CHALLENGE_FRAMES; n++) {
        tfo_observation o = tfo_t_challenge_frame(n, FALSE);
        o.interface_id = 0;
        feed(e, o);
    }
    assert_int_equal(tfo_engine_handshake_count(e), 2);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_PASSED);
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_SYN_DATA_DROPPED);
    hs = tfo_engine_handshake(e, 1);
    assert_int_equal(hs->client_leg->key.interface_id, 0);
    assert_int_equal(hs->server_leg->key.interface_id, 0);
    r = result_of(e, 4);
    assert_int_equal(r.peer_frame, 3);
    r = result_of(e, 13);
    assert_int_equal(r.side, TFO_SIDE_LAN);
    assert_true(r.flags & TFO_RESULT_NAT_DROPPED);
    r = result_of(e, 14);
    assert_proof(&r, 2, 13);
    tfo_engine_free(e);

    /* Undeclared, interface 0 may be the first of several: its frames wait
     * the reorder horizon, frame 14 until the capture is finished, so the
     * drop is proved then, by no frame of its own. */
    e = tfo_engine_new(TFO_T_WINDOW);
    for (n = 1; n <= TFO_T_CHALLENGE_FRAMES; n++) {
        tfo_observation o = tfo_t_challenge_frame(n, FALSE);
        o.interface_id = 0;
        feed(e, o);
    }
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_UNKNOWN);
    tfo_engine_finish(e);
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_SYN_DATA_DROPPED);
    assert_true(result_of(e, 13).flags & TFO_RESULT_NAT_DROPPED);
    assert_false(has_result(e, 14));
    tfo_engine_free(e);
}

static void test_window_edge(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_frame_result r;

    (void)state;
    assert_int_equal(tfo_t_feed_challenge(e, 1, 13, FALSE), 0);
    /* Exactly the window after frame 13: still in time. */
    feed(e, tfo_t_obs_other(14, 118374 + 500000));
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_UNKNOWN);
    assert_false(has_result(e, 14));
    feed(e, tfo_t_obs_other(15, 118374 + 500001));
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_SYN_DATA_DROPPED);
    r = result_of(e, 15);
    assert_proof(&r, 2, 13);
    tfo_engine_free(e);
}

static void test_capture_ends_inside_window(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_frame_result r;

    (void)state;
    assert_int_equal(tfo_t_feed_challenge(e, 1, 13, FALSE), 0);
    /* The client's FIN 300 ms later, and nothing after. */
    feed(e, tfo_t_obs(14, 418374, -1, tfo_t_ep4("192.168.0.100", 13048), tfo_t_ep4("3.3.3.3", 13054), FIN | ACK,
                      936732552u, 0, NULL, 0, NULL, 0));
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_UNKNOWN);
    assert_false(tfo_verdict_is_gateway_fault(verdict_of(e, 2)));
    r = result_of(e, 13);
    assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
    assert_null(r.proofs);
    assert_int_equal(r.verdict, TFO_VERDICT_UNKNOWN);
    assert_false(has_result(e, 14));
    tfo_engine_free(e);
}

/* --------------------------------------------------- one-sided captures */

static void test_one_sided_data_ignored(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts opts;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opt_mss(tfo_t_opts_new(&opts), 1460), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, data4, 4, &opts));
    feed(e, lan_synack(2, RTT, ISN + 1, NULL));
    /* One-sided: known as soon as the SYN-ACK is in, not only once the
     * window has closed. */
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_DATA_IGNORED);
    /* The client sends its data again. */
    feed(e, lan_ack(3, RTT + 100, ISN + 1, data4, 4));
    feed(e, lan_ack(4, 2 * RTO, ISN + 5, NULL, 0));
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_DATA_IGNORED);

    r = result_of(e, 1);
    assert_int_equal(r.side, TFO_SIDE_LAN);
    assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
    assert_true(r.flags & TFO_RESULT_UNPROVEN);
    assert_int_equal(r.verdict, TFO_VERDICT_DATA_IGNORED);
    assert_int_equal(r.fallback_cost, TFO_T_NS(RTT));
    r = result_of(e, 2);
    assert_int_equal(r.role, TFO_ROLE_SYNACK);
    r = result_of(e, 3);
    assert_int_equal(r.role, TFO_ROLE_FIRST_DATA);
    assert_true(r.flags & TFO_RESULT_DATA_RESENT);
    assert_false(has_result(e, 4));
    tfo_engine_free(e);
}

static void test_one_sided_syn_data_lost(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts opts;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, data4, 4, &opts));
    feed(e, lan_syn(2, RTO, ISN, NULL, 0, NULL));
    feed(e, lan_synack(3, RTO + RTT, ISN + 1, NULL));
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_SYN_DATA_LOST);

    r = result_of(e, 1);
    assert_int_equal(r.role, TFO_ROLE_SYN);
    assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
    assert_int_equal(r.fallback_cost, TFO_T_NS(RTO + RTT));
    r = result_of(e, 2);
    assert_int_equal(r.role, TFO_ROLE_SYN_RETRANSMISSION);
    assert_int_equal(r.handshake, 1);
    assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
    assert_int_equal(r.syn_data_len, 0);
    assert_null(r.proofs);
    r = result_of(e, 3);
    assert_int_equal(r.role, TFO_ROLE_SYNACK);
    assert_int_equal(r.verdict, TFO_VERDICT_SYN_DATA_LOST);
    tfo_engine_free(e);
}

/* ------------------------------------------------------ both sides */

static void test_seq_rewritten(void **state)
{
    static const uint8_t data20[] = "GET / HTTP/1.1\r\nHost"; /* 20 bytes and a NUL */
    const uint32_t lan_isn = 0xFFFFFFF0u, wan_isn = lan_isn + 0x80000000u;
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts opts;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, lan_syn(1, 0, lan_isn, data20, 20, &opts));
    feed(e, wan_syn(2, FWD, wan_isn, data20, 20, &opts));
    feed(e, wan_synack(3, RTT, wan_isn + 21, NULL));
    feed(e, lan_synack(4, RTT + FWD, 0x00000005u, NULL));
    feed(e, lan_ack(5, RTT + FWD + 100, 0x00000005u, NULL, 0));
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_PASSED);

    r = result_of(e, 1);
    assert_int_equal(r.peer_frame, 2);
    assert_true(r.flags & TFO_RESULT_SEQ_REWRITTEN);
    assert_int_equal(r.flags & ~TFO_RESULT_SEQ_REWRITTEN, 0);
    assert_int_equal(r.syn_data_len, 20);
    r = result_of(e, 2);
    assert_int_equal(r.peer_frame, 1);
    assert_int_equal(r.side, TFO_SIDE_WAN);
    assert_true(r.flags & TFO_RESULT_SEQ_REWRITTEN);
    r = result_of(e, 4);
    assert_int_equal(r.peer_frame, 3);
    assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
    r = result_of(e, 5);
    assert_int_equal(r.role, TFO_ROLE_FIRST_DATA);
    assert_int_equal(r.flags & TFO_RESULT_DATA_RESENT, 0);
    tfo_engine_free(e);
}

/* One-sided: the server's SYN-ACK comes twice (the same ISN: a
 * retransmission), the client ignores it and retries; a SYN-ACK with
 * another ISN is a new answer, the one the client's ACK takes, and the
 * fallback cost runs to it. */
static void test_synack_other_isn_new_answer(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    const uint32_t other_isn = SERVER_ISN + 0x10000u;
    tfo_t_opts opts;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, data4, 4, &opts));
    feed(e, lan_synack(2, RTT, ISN + 1, NULL));
    feed(e, lan_synack(3, RTT + 1000, ISN + 1, NULL));
    feed(e, lan_syn(4, RTO, ISN, NULL, 0, NULL));
    feed(e, tfo_t_obs(5, RTO + RTT, -1, server(), lan(), SYN | ACK, other_isn, ISN + 1, NULL, 0, NULL, 0));
    feed(e, tfo_t_obs(6, RTO + RTT + 100, -1, lan(), server(), ACK, ISN + 1, other_isn + 1, data4, 4, NULL, 0));
    tfo_engine_finish(e);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_DATA_IGNORED);
    assert_int_equal(result_of(e, 2).role, TFO_ROLE_SYNACK);
    assert_int_equal(result_of(e, 3).role, TFO_ROLE_SYNACK_RETRANSMISSION);
    r = result_of(e, 5);
    assert_int_equal(r.role, TFO_ROLE_SYNACK);
    assert_int_equal(r.fallback_cost, TFO_T_NS(RTO + RTT));
    assert_int_equal(result_of(e, 6).role, TFO_ROLE_FIRST_DATA);
    tfo_engine_free(e);
}

static void test_synack_dropped(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts request, cookie;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&request), NULL, 0);
    tfo_t_opt_tfo(tfo_t_opts_new(&cookie), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, NULL, 0, &request));
    feed(e, wan_syn(2, FWD, ISN, NULL, 0, &request));
    feed(e, wan_synack(3, FWD + RTT, ISN + 1, &cookie));
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_UNKNOWN);
    /* The server retransmits its SYN-ACK; this one gets through. */
    feed(e, wan_synack(4, FWD + RTT + RTO, ISN + 1, &cookie));
    feed(e, lan_synack(5, FWD + RTT + RTO + FWD, ISN + 1, &cookie));
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_SYNACK_DROPPED);

    r = result_of(e, 3);
    assert_int_equal(r.role, TFO_ROLE_SYNACK);
    assert_int_equal(r.side, TFO_SIDE_WAN);
    assert_true(r.flags & TFO_RESULT_NAT_DROPPED);
    assert_int_equal(r.peer_frame, 0);
    r = result_of(e, 4);
    assert_int_equal(r.role, TFO_ROLE_SYNACK_RETRANSMISSION);
    assert_int_equal(r.peer_frame, 5);
    assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
    assert_proof(&r, 1, 3);
    r = result_of(e, 5);
    assert_int_equal(r.role, TFO_ROLE_SYNACK);
    assert_int_equal(r.side, TFO_SIDE_LAN);
    assert_int_equal(r.verdict, TFO_VERDICT_SYNACK_DROPPED);
    /* From the client's SYN to the first SYN-ACK it received. */
    assert_int_equal(r.fallback_cost, TFO_T_NS(FWD + RTT + RTO + FWD));
    r = result_of(e, 1);
    assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
    assert_int_equal(r.peer_frame, 2);
    tfo_engine_free(e);
}

/* The client's SYN with a cookie and data, forwarded as |out_data| and
 * |out_opts|; the server answers without accepting data. Returns the engine. */
static tfo_engine *forwarded_changed(const uint8_t *out_data, uint32_t out_len, const tfo_t_opts *out_opts)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts opts;

    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, data4, 4, &opts));
    feed(e, wan_syn(2, FWD, ISN, out_data, out_len, out_opts));
    feed(e, wan_synack(3, FWD + RTT, ISN + 1, NULL));
    feed(e, lan_synack(4, FWD + RTT + FWD, ISN + 1, NULL));
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    return e;
}

static void assert_twins_flagged(const tfo_engine *e, uint32_t flag)
{
    tfo_frame_result r = result_of(e, 1);

    assert_int_equal(r.peer_frame, 2);
    assert_int_equal(r.flags, flag);
    r = result_of(e, 2);
    assert_int_equal(r.peer_frame, 1);
    assert_int_equal(r.flags, flag);
}

static void test_option_stripped(void **state)
{
    tfo_t_opts mss;
    tfo_engine *e;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_mss(tfo_t_opts_new(&mss), 1460);
    e = forwarded_changed(data4, 4, &mss);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_OPTION_STRIPPED);
    assert_twins_flagged(e, TFO_RESULT_OPTION_STRIPPED);
    r = result_of(e, 2);
    assert_int_equal(r.option.type, TFO_OPT_NONE);
    assert_int_equal(r.syn_data_len, 4);
    r = result_of(e, 4);
    assert_int_equal(r.fallback_cost, TFO_T_NS(FWD + RTT + FWD));
    tfo_engine_free(e);
}

static void test_data_stripped(void **state)
{
    tfo_t_opts opts;
    tfo_engine *e;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    e = forwarded_changed(NULL, 0, &opts);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_DATA_STRIPPED);
    assert_twins_flagged(e, TFO_RESULT_DATA_STRIPPED);
    r = result_of(e, 2);
    assert_int_equal(r.syn_data_len, 0);
    assert_int_equal(r.option.type, TFO_OPT_COOKIE);
    tfo_engine_free(e);
}

static void test_cookie_mangled(void **state)
{
    static const uint8_t other[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x00};
    tfo_t_opts opts;
    tfo_engine *e;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), other, 8);
    e = forwarded_changed(data4, 4, &opts);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_COOKIE_MANGLED);
    assert_twins_flagged(e, TFO_RESULT_COOKIE_MANGLED);
    tfo_engine_free(e);
}

static void test_syn_data_lost_two_sided(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts opts;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, data4, 4, &opts));
    feed(e, wan_syn(2, FWD, ISN, data4, 4, &opts));
    feed(e, lan_syn(3, RTO, ISN, NULL, 0, NULL));
    feed(e, wan_syn(4, RTO + FWD, ISN, NULL, 0, NULL));
    feed(e, wan_synack(5, RTO + FWD + RTT, ISN + 1, NULL));
    feed(e, lan_synack(6, RTO + FWD + RTT + FWD, ISN + 1, NULL));
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_SYN_DATA_LOST);
    r = result_of(e, 3);
    assert_int_equal(r.role, TFO_ROLE_SYN_RETRANSMISSION);
    assert_int_equal(r.peer_frame, 4);
    assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
    r = result_of(e, 4);
    assert_int_equal(r.role, TFO_ROLE_SYN_RETRANSMISSION);
    assert_int_equal(r.side, TFO_SIDE_WAN);
    r = result_of(e, 6);
    assert_int_equal(r.fallback_cost, TFO_T_NS(RTO + FWD + RTT + FWD));
    tfo_engine_free(e);
}

/* Two LAN clients ask the same server for a cookie within the window; one
 * SYN leaves the gateway, with a rewritten sequence number and nothing else
 * to tell which client it belongs to. */
static void test_ambiguous_clients_not_dropped(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts request;
    tfo_frame_result r;
    uint32_t f;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&request), NULL, 0);
    feed(e, tfo_t_obs(1, 0, -1, tfo_t_ep4("192.168.1.10", 40000), server(), SYN, 1000, 0, NULL, 0, &request, 0));
    feed(e, tfo_t_obs(2, 100, -1, tfo_t_ep4("192.168.1.11", 40001), server(), SYN, 2000, 0, NULL, 0, &request, 0));
    feed(e, wan_syn(3, 300, 0x80001000u, NULL, 0, &request));
    feed(e, tfo_t_obs_other(4, 2 * RTO));
    assert_int_equal(tfo_engine_handshake_count(e), 3);
    for (f = 1; f <= 2; f++) {
        r = result_of(e, f);
        assert_int_equal(r.handshake, f);
        assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
        assert_int_equal(r.peer_frame, 0);
        assert_int_equal(r.verdict, TFO_VERDICT_UNKNOWN);
        assert_false(tfo_verdict_is_gateway_fault(verdict_of(e, f)));
    }
    r = result_of(e, 3);
    assert_int_equal(r.handshake, 3);
    assert_int_equal(r.side, TFO_SIDE_WAN);
    assert_int_equal(r.peer_frame, 0);
    assert_false(has_result(e, 4));
    tfo_engine_free(e);
}

/* Another LAN client's SYN to the same server, forwarded with its ISN, does
 * not make the dropped SYN ambiguous: only an unmatched SYN on the other
 * side does. */
static void test_other_lan_client_keeps_drop_proven(void **state)
{
    tfo_endpoint other = tfo_t_ep4("192.168.1.11", 40001), other_nat = tfo_t_ep4("203.0.113.1", 50001);
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts opts, request;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    tfo_t_opt_tfo(tfo_t_opts_new(&request), NULL, 0);
    feed(e, lan_syn(1, 0, ISN, data4, 4, &opts));
    feed(e, tfo_t_obs(2, 10000, -1, other, server(), SYN, 7777, 0, NULL, 0, &request, 0));
    feed(e, tfo_t_obs(3, 10000 + FWD, -1, other_nat, server(), SYN, 7777, 0, NULL, 0, &request, 0));
    feed(e, tfo_t_obs_other(4, 2 * RTO));
    assert_int_equal(tfo_engine_handshake_count(e), 2);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_SYN_DATA_DROPPED);
    r = result_of(e, 1);
    assert_true(r.flags & TFO_RESULT_NAT_DROPPED);
    r = result_of(e, 3);
    assert_int_equal(r.handshake, 2);
    assert_int_equal(r.peer_frame, 2);
    r = result_of(e, 4);
    assert_proof(&r, 1, 1);
    tfo_engine_free(e);
}

/* While a Fast Open SYN waits for its twin, the same host opens a plain
 * connection to the same server, which the gateway forwards with its
 * sequence number unchanged. That WAN SYN is the plain SYN's copy (same
 * ISN as the LAN plain SYN), not the Fast Open SYN with its option and
 * data stripped. */
static void test_parallel_plain_connection_not_twin(void **state)
{
    tfo_endpoint plain = tfo_t_ep4("192.168.1.10", 40002), plain_nat = tfo_t_ep4("203.0.113.1", 50002);
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts opts;
    tfo_frame_result r;
    tfo_verdict v;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, data4, 4, &opts));
    feed(e, tfo_t_obs(2, 10000, -1, plain, server(), SYN, 0x5000u, 0, NULL, 0, NULL, 0));
    feed(e, tfo_t_obs(3, 10000 + FWD, -1, plain_nat, server(), SYN, 0x5000u, 0, NULL, 0, NULL, 0));
    feed(e, tfo_t_obs_other(4, 2 * RTO));
    r = result_of(e, 1);
    assert_int_equal(r.peer_frame, 0);
    assert_int_equal(r.flags & (TFO_RESULT_OPTION_STRIPPED | TFO_RESULT_DATA_STRIPPED), 0);
    /* The plain SYN's twin kept its ISN: this gateway keeps ISNs, so frame
     * 1 (another ISN) had no twin, and the WAN side was recorded. */
    v = verdict_of(e, 1);
    assert_int_equal(v, TFO_VERDICT_SYN_DATA_DROPPED);
    tfo_engine_free(e);
}

/* A WAN twin that cannot be told from a plain SYN's: the gateway rewrites
 * sequence numbers and nothing else matches, so neither SYN is a twin and
 * the Fast Open SYN cannot be called dropped. */
static void test_unmatched_twin_keeps_drop_unproven(void **state)
{
    tfo_endpoint plain = tfo_t_ep4("192.168.1.10", 40002), plain_nat = tfo_t_ep4("203.0.113.1", 50002);
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts opts;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, data4, 4, &opts));
    feed(e, tfo_t_obs(2, 10000, -1, plain, server(), SYN, 0x5000u, 0, NULL, 0, NULL, 0));
    feed(e, tfo_t_obs(3, 10000 + FWD, -1, plain_nat, server(), SYN, 0x9000u, 0, NULL, 0, NULL, 0));
    feed(e, tfo_t_obs_other(4, 2 * RTO));
    assert_int_equal(result_of(e, 1).peer_frame, 0);
    assert_int_equal(result_of(e, 1).flags & TFO_RESULT_NAT_DROPPED, 0);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_UNKNOWN);
    tfo_engine_free(e);
}

/* A packet that is not TCP shows that its side is being recorded. */
static void test_non_tcp_packet_shows_side_recorded(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_observation ping = tfo_t_obs_other(2, 1000);
    tfo_t_opts opts;
    tfo_frame_result r;

    (void)state;
    ping.src = tfo_t_ep4("203.0.113.1", 0);
    ping.dst = server();
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, data4, 4, &opts));
    feed(e, ping);
    /* No twin has taught the gateway's delay: a slow gateway's twin may
     * still come until TFO_WINDOW_MAX has passed. */
    feed(e, tfo_t_obs_other(3, 2 * RTO));
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_UNKNOWN);
    feed(e, tfo_t_obs_other(4, TFO_WINDOW_MAX / 1000 + 1));
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_SYN_DATA_DROPPED);
    r = result_of(e, 4);
    assert_proof(&r, 1, 1);
    tfo_engine_free(e);
}


/* Two interfaces, the very first Fast Open SYN dropped: which interface is
 * the LAN is learned only from the plain retransmission's twin, and the
 * drop is proved then, on that frame. */
static void test_drop_proved_when_sides_learned(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts req;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&req), NULL, 0);
    feed(e, other_on(1, 0, 0, lan(), server()));
    feed(e, other_on(2, 100, 1, nat(), server()));
    feed(e, tfo_t_obs(3, 1000, 0, lan(), server(), SYN, ISN, 0, NULL, 0, &req, 0));
    feed(e, tfo_t_obs(4, 1000 + RTO, 0, lan(), server(), SYN, ISN, 0, NULL, 0, NULL, 0));
    assert_false(has_result(e, 3) && result_of(e, 3).flags & TFO_RESULT_NAT_DROPPED);
    assert_false(has_result(e, 4) && result_of(e, 4).proofs);
    feed(e, tfo_t_obs(5, 1000 + RTO + FWD, 1, nat(), server(), SYN, ISN, 0, NULL, 0, NULL, 0));
    /* Frame 5 is analysed once the LAN interface has reached its time. */
    feed(e, other_on(6, 1000 + RTO + RTT, 0, lan(), server()));
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_SYN_DROPPED);
    assert_true(result_of(e, 3).flags & TFO_RESULT_NAT_DROPPED);
    r = result_of(e, 6);
    assert_proof(&r, 1, 3);
    assert_int_equal(result_of(e, 5).peer_frame, 4);
    tfo_engine_free(e);
}

/* A dual-stack LAN: private IPv4 and global IPv6 on the same interface.
 * With two interfaces, a global address does not make a packet WAN. */
static void test_dual_stack_lan(void **state)
{
    tfo_endpoint client6 = tfo_t_ep6("2001:db8:1::10", 40000), server6 = tfo_t_ep6("2001:db8:2::20", 443);
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts opts;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, other_on(1, 0, 0, lan(), server()));
    feed(e, other_on(2, 100, 1, nat(), server()));
    feed(e, tfo_t_obs(3, 1000, 0, client6, server6, SYN, ISN, 0, data4, 4, &opts, 0));
    feed(e, tfo_t_obs(4, 1000 + FWD, 1, client6, server6, SYN, ISN, 0, data4, 4, &opts, 0));
    feed(e, tfo_t_obs(5, 1000 + FWD + RTT, 1, server6, client6, SYN | ACK, SERVER_ISN, ISN + 5, NULL, 0, NULL, 0));
    feed(e, tfo_t_obs(6, 1000 + 2 * FWD + RTT, 0, server6, client6, SYN | ACK, SERVER_ISN, ISN + 5, NULL, 0, NULL, 0));
    feed(e, tfo_t_obs_other(7, 2 * RTO));
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    assert_int_equal(result_of(e, 3).side, TFO_SIDE_LAN);
    assert_int_equal(result_of(e, 4).side, TFO_SIDE_WAN);
    assert_int_equal(result_of(e, 3).peer_frame, 4);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_PASSED);
    tfo_engine_free(e);
}

/* SYN+FIN is malformed, no connection attempt: never a dropped handshake. */
static void test_syn_fin_ignored(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts opts;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, other_on(1, 0, -1, nat(), server()));
    feed(e, tfo_t_obs(2, 1000, -1, lan(), server(), SYN | FIN, ISN, 0, data4, 4, &opts, 0));
    feed(e, tfo_t_obs_other(3, 2 * RTO));
    assert_int_equal(tfo_engine_handshake_count(e), 0);
    assert_false(has_result(e, 2));
    assert_false(has_result(e, 3));
    tfo_engine_free(e);
}

/* Broadcast from an unconfigured host (DHCP) says nothing about a side. */
static void test_broadcast_shows_no_side(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_observation dhcp = tfo_t_obs_other(2, 1000);
    tfo_t_opts opts;

    (void)state;
    dhcp.src = tfo_t_ep4("0.0.0.0", 68);
    dhcp.dst = tfo_t_ep4("255.255.255.255", 67);
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, data4, 4, &opts));
    feed(e, dhcp);
    feed(e, tfo_t_obs_other(3, 2 * RTO));
    assert_int_equal(result_of(e, 1).flags & TFO_RESULT_NAT_DROPPED, 0);
    assert_false(has_result(e, 3));
    tfo_engine_free(e);
}

/* The gateway gives the client's retransmission another port: the first
 * WAN leg stays, and the retransmission cannot be called dropped. */
static void test_retransmission_remapped(void **state)
{
    tfo_endpoint remapped = tfo_t_ep4("203.0.113.1", 50009), first_nat = nat();
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    const tfo_handshake *hs;
    tfo_t_opts opts;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, data4, 4, &opts));
    feed(e, wan_syn(2, FWD, ISN, data4, 4, &opts));
    feed(e, lan_syn(3, RTO, ISN, NULL, 0, NULL));
    feed(e, tfo_t_obs(4, RTO + FWD, -1, remapped, server(), SYN, ISN, 0, NULL, 0, NULL, 0));
    feed(e, tfo_t_obs_other(5, 3 * RTO));
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    hs = tfo_engine_handshake(e, 1);
    assert_true(tfo_endpoint_equal(&hs->server_leg->key.client, &first_nat));
    assert_int_equal(hs->server_leg->syns->len, 1);
    r = result_of(e, 3);
    assert_int_equal(r.role, TFO_ROLE_SYN_RETRANSMISSION);
    assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
    assert_false(has_result(e, 5));
    tfo_engine_free(e);
}

/* The same four-tuple with a new ISN is a new connection. */
static void test_port_reuse_new_isn(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts request, opts;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&request), NULL, 0);
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, NULL, 0, &request));
    feed(e, wan_syn(2, FWD, ISN, NULL, 0, &request));
    feed(e, wan_synack(3, FWD + RTT, ISN + 1, &opts));
    feed(e, lan_synack(4, FWD + RTT + FWD, ISN + 1, &opts));
    feed(e, lan_syn(5, 30 * RTO, 0x77777777u, data4, 4, &opts));
    feed(e, wan_syn(6, 30 * RTO + FWD, 0x77777777u, data4, 4, &opts));
    feed(e, wan_synack(7, 30 * RTO + FWD + RTT, 0x77777777u + 5, NULL));
    feed(e, lan_synack(8, 30 * RTO + FWD + RTT + FWD, 0x77777777u + 5, NULL));
    assert_int_equal(tfo_engine_handshake_count(e), 2);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_PASSED);
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_PASSED);
    r = result_of(e, 5);
    assert_int_equal(r.handshake, 2);
    assert_int_equal(r.role, TFO_ROLE_SYN);
    assert_int_equal(r.peer_frame, 6);
    r = result_of(e, 8);
    assert_int_equal(r.handshake, 2);
    assert_int_equal(r.peer_frame, 7);
    tfo_engine_free(e);
}

/* A WAN retransmission whose LAN copy the capture missed has nothing to
 * be forwarded to: never dropped. */
static void test_wan_retransmission_alone(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts request;
    tfo_frame_result r;
    uint32_t f;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&request), NULL, 0);
    feed(e, lan_syn(1, 0, ISN, NULL, 0, &request));
    feed(e, wan_syn(2, FWD, ISN, NULL, 0, &request));
    feed(e, wan_syn(3, RTO + FWD, ISN, NULL, 0, &request));
    feed(e, tfo_t_obs_other(4, 3 * RTO));
    r = result_of(e, 3);
    assert_int_equal(r.role, TFO_ROLE_SYN_RETRANSMISSION);
    assert_int_equal(r.side, TFO_SIDE_WAN);
    assert_int_equal(r.peer_frame, 0);
    for (f = 1; f <= 3; f++) {
        r = result_of(e, f);
        assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
        assert_null(r.proofs);
    }
    assert_false(has_result(e, 4));
    tfo_engine_free(e);
}

/* Both sides recorded, but the capture missed this SYN's WAN copy: the
 * server's answer on the LAN proves it was forwarded. */
static void test_answered_syn_not_dropped(void **state)
{
    tfo_endpoint other = tfo_t_ep4("192.168.1.10", 40004);
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts request, opts;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&request), NULL, 0);
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, NULL, 0, &request));
    feed(e, wan_syn(2, FWD, ISN, NULL, 0, &request));
    feed(e, tfo_t_obs(3, 100000, -1, other, server(), SYN, 0x3000u, 0, data4, 4, &opts, 0));
    feed(e, tfo_t_obs(4, 150000, -1, server(), other, SYN | ACK, SERVER_ISN, 0x3000u + 5, NULL, 0, NULL, 0));
    feed(e, tfo_t_obs_other(5, 2 * RTO));
    assert_int_equal(tfo_engine_handshake_count(e), 2);
    r = result_of(e, 3);
    assert_int_equal(r.handshake, 2);
    assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
    assert_true(r.flags & TFO_RESULT_UNPROVEN);
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_PASSED);
    assert_false(has_result(e, 5));
    tfo_engine_free(e);
}

/* ------------------------------------------------------- file order */

/* The WAN interface's frames come in the file after 2 s of the LAN's:
 * beyond the reorder horizon, so they are analysed late. The late SYN still
 * finds its LAN original (kept pending: the declared WAN had recorded
 * nothing yet), the late SYN-ACK the LAN copy analysed before it, and
 * nothing late is called dropped. */
static void test_late_interface_still_matched(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts request, grant;
    const tfo_handshake *hs;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&grant), cookie8, 8);
    tfo_engine_expect_interface(e, 0);
    tfo_engine_expect_interface(e, 1);
    tfo_t_opt_tfo(tfo_t_opts_new(&request), NULL, 0);
    feed(e, tfo_t_obs(1, 0, 0, lan(), server(), SYN, ISN, 0, NULL, 0, &request, 0));
    feed(e, tfo_t_obs(2, RTT + 2 * FWD, 0, server(), lan(), SYN | ACK, SERVER_ISN, ISN + 1, NULL, 0, &grant, 0));
    feed(e, other_on(3, 2 * RTO, 0, lan(), server()));
    feed(e, other_on(4, 2 * RTO + RTT, 0, lan(), server()));
    feed(e, tfo_t_obs(5, FWD, 1, nat(), server(), SYN, ISN, 0, NULL, 0, &request, 0));
    feed(e, tfo_t_obs(6, RTT + FWD, 1, server(), nat(), SYN | ACK, SERVER_ISN, ISN + 1, NULL, 0, &grant, 0));
    tfo_engine_finish(e);
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    hs = tfo_engine_handshake(e, 1);
    assert_non_null(hs->server_leg);
    r = result_of(e, 5);
    assert_true(r.behind > 0);
    assert_int_equal(r.peer_frame, 1);
    r = result_of(e, 6);
    assert_true(r.behind > 0);
    assert_int_equal(r.peer_frame, 2);
    assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_PASSED);
    tfo_engine_free(e);
}

/* --------------------------------------------------- slow gateways */

#define SLOW 800000 /* a slow gateway's forwarding delay, us */

/* A gateway that forwards in 0.8 s: the cookie request's twin comes after
 * the 500 ms floor has passed, before any delay is known. */
static tfo_engine *slow_gateway(gboolean fixed)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts req, grant;

    if (fixed)
        tfo_engine_fix_window(e);
    tfo_t_opt_tfo(tfo_t_opts_new(&req), NULL, 0);
    tfo_t_opt_tfo(tfo_t_opts_new(&grant), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, NULL, 0, &req));
    feed(e, wan_syn(2, SLOW, ISN, NULL, 0, &req));
    feed(e, wan_synack(3, SLOW + RTT, ISN + 1, &grant));
    feed(e, lan_synack(4, SLOW + RTT + 700000, ISN + 1, &grant));
    return e;
}

static void test_slow_first_twin_linked(void **state)
{
    tfo_engine *e = slow_gateway(FALSE);
    tfo_frame_result r;

    (void)state;
    tfo_engine_finish(e);
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_PASSED);
    r = result_of(e, 1);
    assert_int_equal(r.peer_frame, 2);
    assert_int_equal(r.nat_delay, TFO_T_NS(SLOW));
    assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
    assert_int_equal(result_of(e, 3).peer_frame, 4);
    tfo_engine_free(e);

    /* A fixed 500 ms window: each side a handshake of its own. */
    e = slow_gateway(TRUE);
    tfo_engine_finish(e);
    assert_int_equal(tfo_engine_handshake_count(e), 2);
    assert_int_equal(result_of(e, 1).peer_frame, 0);
    tfo_engine_free(e);
}

/* The learned 0.8 s makes the window 1.6 s: a dropped data SYN is proved
 * once the other side was recorded past 1.6 s, not past the floor. */
static void test_slow_drop_proved_past_learned_window(void **state)
{
    tfo_engine *e = slow_gateway(FALSE);
    tfo_t_opts opts;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, lan_syn(5, 3 * RTO, ISN + 100, data4, 4, &opts));
    feed(e, tfo_t_obs_other(6, 3 * RTO + 1000000));
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_UNKNOWN);
    feed(e, tfo_t_obs_other(7, 3 * RTO + 2 * SLOW));
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_UNKNOWN);
    feed(e, tfo_t_obs_other(8, 3 * RTO + 2 * SLOW + 1));
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_SYN_DATA_DROPPED);
    r = result_of(e, 8);
    assert_proof(&r, 2, 5);
    assert_false(has_result(e, 6));
    tfo_engine_free(e);
}

/* A weak twin (nothing shared but the sole candidate) past the floor is
 * not linked and teaches no delay. */
static void test_slow_weak_twin_not_linked(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts req;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&req), NULL, 0);
    feed(e, lan_syn(1, 0, ISN, NULL, 0, &req));
    feed(e, wan_syn(2, SLOW, ISN + 0x10000, NULL, 0, &req));
    tfo_engine_finish(e);
    assert_int_equal(result_of(e, 1).peer_frame, 0);
    /* Frame 2 came while frame 1 waited: it could be its twin. */
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_UNKNOWN);
    tfo_engine_free(e);
}

/* --------------------------------------------------- pinned interfaces */

static void test_pinned_sides_without_nat(void **state)
{
    tfo_endpoint client = tfo_t_ep4("5.5.5.5", 40000), srv = tfo_t_ep4("3.3.3.3", 80);
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    const tfo_handshake *hs;
    tfo_t_opts opts;
    tfo_frame_result r;

    (void)state;
    tfo_engine_set_interface_side(e, 1, TFO_SIDE_LAN);
    tfo_engine_set_interface_side(e, 0, TFO_SIDE_WAN);
    tfo_engine_expect_interface(e, 0);
    tfo_engine_expect_interface(e, 1);
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, tfo_t_obs(1, 0, 1, client, srv, SYN, ISN, 0, data4, 4, &opts, 0));
    feed(e, tfo_t_obs(2, FWD, 0, client, srv, SYN, ISN, 0, data4, 4, &opts, 0));
    /* Frame 1 is analysed (interface 0 reached its time), frame 2 not yet:
     * known as LAN before any twin was seen. */
    r = result_of(e, 1);
    assert_int_equal(r.side, TFO_SIDE_LAN);
    assert_int_equal(r.peer_frame, 0);
    feed(e, tfo_t_obs(3, FWD + RTT, 0, srv, client, SYN | ACK, SERVER_ISN, ISN + 5, NULL, 0, NULL, 0));
    feed(e, tfo_t_obs(4, FWD + RTT + FWD, 1, srv, client, SYN | ACK, SERVER_ISN, ISN + 5, NULL, 0, NULL, 0));
    tfo_engine_finish(e);
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_PASSED);
    hs = tfo_engine_handshake(e, 1);
    assert_int_equal(hs->client_leg->key.interface_id, 1);
    assert_int_equal(hs->server_leg->key.interface_id, 0);
    r = result_of(e, 1);
    assert_int_equal(r.side, TFO_SIDE_LAN);
    assert_int_equal(r.peer_frame, 2);
    assert_int_equal(r.flags, 0);
    r = result_of(e, 2);
    assert_int_equal(r.side, TFO_SIDE_WAN);
    r = result_of(e, 3);
    assert_int_equal(r.side, TFO_SIDE_WAN);
    assert_int_equal(r.peer_frame, 4);
    r = result_of(e, 4);
    assert_int_equal(r.side, TFO_SIDE_LAN);
    tfo_engine_free(e);
}

/* A data SYN on the LAN interface, traffic on the WAN interface past its
 * window, and no twin: with the sides pinned the drop is proven, without
 * them it is not. */
static tfo_engine *unforwarded_public_syn(gboolean pinned, gboolean fixed)
{
    tfo_endpoint client = tfo_t_ep4("5.5.5.5", 40000), srv = tfo_t_ep4("3.3.3.3", 80);
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts opts;

    if (fixed)
        tfo_engine_fix_window(e);
    if (pinned) {
        tfo_engine_set_interface_side(e, 1, TFO_SIDE_LAN);
        tfo_engine_set_interface_side(e, 0, TFO_SIDE_WAN);
    }
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, tfo_t_obs(1, 0, 1, client, srv, SYN, ISN, 0, data4, 4, &opts, 0));
    feed(e, tfo_t_obs(2, RTO, 0, tfo_t_ep4("6.6.6.6", 1234), tfo_t_ep4("7.7.7.7", 80), ACK, 1, 1, NULL, 0,
                      NULL, 0));
    feed(e, tfo_t_obs(3, 2 * RTO, 1, client, srv, FIN | ACK, ISN + 5, 0, NULL, 0, NULL, 0));
    return e;
}

static void test_pinned_sides_prove_drop(void **state)
{
    tfo_engine *e = unforwarded_public_syn(TRUE, TRUE);
    tfo_frame_result r;

    (void)state;
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_SYN_DATA_DROPPED);
    r = result_of(e, 1);
    assert_int_equal(r.side, TFO_SIDE_LAN);
    assert_true(r.flags & TFO_RESULT_NAT_DROPPED);
    /* Frame 2 (WAN, past the window) is analysed once the LAN interface has
     * reached its time: while frame 3 is fed, which proves the drop. */
    r = result_of(e, 3);
    assert_proof(&r, 1, 1);
    tfo_engine_free(e);

    /* The window not fixed and no delay learned, the drop waits for the end
     * of the capture, which proves it by no frame of its own. */
    e = unforwarded_public_syn(TRUE, FALSE);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_UNKNOWN);
    tfo_engine_finish(e);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_SYN_DATA_DROPPED);
    assert_true(result_of(e, 1).flags & TFO_RESULT_NAT_DROPPED);
    assert_false(has_result(e, 3));
    tfo_engine_free(e);

    /* Unpinned, nothing says which side the public addresses are on. */
    e = unforwarded_public_syn(FALSE, FALSE);
    tfo_engine_finish(e);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_UNKNOWN);
    r = result_of(e, 1);
    assert_int_equal(r.side, TFO_SIDE_UNKNOWN);
    assert_int_equal(r.flags & TFO_RESULT_NAT_DROPPED, 0);
    assert_false(has_result(e, 2));
    assert_false(has_result(e, 3));
    tfo_engine_free(e);
}

/* Double NAT: the WAN interface has private addresses too. Only the pinned
 * sides let the WAN SYN be the LAN SYN's twin. */
static void test_pinned_sides_private_wan(void **state)
{
    tfo_endpoint upstream = tfo_t_ep4("10.0.0.2", 50000);
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts request;
    tfo_frame_result r;

    (void)state;
    tfo_engine_set_interface_side(e, 0, TFO_SIDE_LAN);
    tfo_engine_set_interface_side(e, 1, TFO_SIDE_WAN);
    tfo_t_opt_tfo(tfo_t_opts_new(&request), NULL, 0);
    feed(e, tfo_t_obs(1, 0, 0, lan(), server(), SYN, ISN, 0, NULL, 0, &request, 0));
    feed(e, tfo_t_obs(2, FWD, 1, upstream, server(), SYN, 0x9000u, 0, NULL, 0, &request, 0));
    tfo_engine_finish(e);
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    r = result_of(e, 2);
    assert_int_equal(r.side, TFO_SIDE_WAN);
    assert_int_equal(r.peer_frame, 1);
    assert_true(r.flags & TFO_RESULT_SEQ_REWRITTEN);
    tfo_engine_free(e);
}

/* Learning from a twin never changes a pinned interface. */
static void test_pinned_side_never_relearned(void **state)
{
    tfo_endpoint client = tfo_t_ep4("5.5.5.5", 40000), srv = tfo_t_ep4("3.3.3.3", 80);
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts request;
    tfo_frame_result r;

    (void)state;
    tfo_engine_set_interface_side(e, 1, TFO_SIDE_LAN);
    tfo_t_opt_tfo(tfo_t_opts_new(&request), NULL, 0);
    feed(e, tfo_t_obs(1, 0, 0, client, srv, SYN, ISN, 0, NULL, 0, &request, 0));
    feed(e, tfo_t_obs(2, FWD, 1, client, srv, SYN, ISN, 0, NULL, 0, &request, 0));
    feed(e, tfo_t_obs(3, 1000, 1, tfo_t_ep4("5.5.5.6", 40000), srv, SYN, ISN, 0, NULL, 0, &request, 0));
    tfo_engine_finish(e);
    r = result_of(e, 3);
    assert_int_equal(r.handshake, 2);
    assert_int_equal(r.side, TFO_SIDE_LAN);
    tfo_engine_free(e);
}

/* ----------------------------------------- inbound (port forwarding) */

/* A public client connects to the gateway's 203.0.113.1:8080, forwarded to
 * the LAN server 192.168.1.20:80 (destination NAT, client kept). */
static tfo_endpoint public_client(void)
{
    return tfo_t_ep4("198.51.100.7", 41000);
}

static tfo_endpoint forwarded(void)
{
    return tfo_t_ep4("203.0.113.1", 8080);
}

static tfo_endpoint lan_server(void)
{
    return tfo_t_ep4("192.168.1.20", 80);
}

static void test_inbound_passed(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    const tfo_handshake *hs;
    tfo_handshake_summary sum;
    tfo_t_opts cookie;
    tfo_frame_result r;

    (void)state;
    tfo_engine_set_interface_side(e, 0, TFO_SIDE_LAN);
    tfo_engine_set_interface_side(e, 1, TFO_SIDE_WAN);
    tfo_t_opt_tfo(tfo_t_opts_new(&cookie), cookie8, sizeof(cookie8));
    feed(e, tfo_t_obs(1, 0, 1, public_client(), forwarded(), SYN, ISN, 0, data4, 4, &cookie, 0));
    feed(e, tfo_t_obs(2, FWD, 0, public_client(), lan_server(), SYN, ISN, 0, data4, 4, &cookie, 0));
    feed(e, tfo_t_obs(3, FWD + RTT, 0, lan_server(), public_client(), SYN | ACK, SERVER_ISN, ISN + 5, NULL, 0,
                      NULL, 0));
    feed(e, tfo_t_obs(4, 2 * FWD + RTT, 1, forwarded(), public_client(), SYN | ACK, SERVER_ISN, ISN + 5, NULL, 0,
                      NULL, 0));
    tfo_engine_finish(e);
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_PASSED);
    hs = tfo_engine_handshake(e, 1);
    assert_int_equal(hs->client_leg->side, TFO_SIDE_WAN);
    assert_int_equal(hs->server_leg->side, TFO_SIDE_LAN);
    r = result_of(e, 1);
    assert_int_equal(r.side, TFO_SIDE_WAN);
    assert_int_equal(r.peer_frame, 2);
    assert_int_equal(result_of(e, 3).peer_frame, 4);
    tfo_report_summarize(hs, &sum);
    assert_true(sum.inbound);
    assert_true(tfo_endpoint_equal(&sum.lan_client, &hs->server_leg->key.client));
    assert_true(tfo_endpoint_equal(&sum.wan_client, &hs->client_leg->key.client));
    assert_true(tfo_endpoint_equal(&sum.server, &hs->server_leg->key.server));
    assert_int_equal(sum.first_frame, 1);
    tfo_engine_free(e);
}

/* The data SYN enters on the WAN and never reaches the LAN, which is
 * recorded past the window: dropped, like an outbound one. */
static void test_inbound_syn_data_dropped(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts cookie;

    (void)state;
    tfo_engine_set_interface_side(e, 0, TFO_SIDE_LAN);
    tfo_engine_set_interface_side(e, 1, TFO_SIDE_WAN);
    tfo_t_opt_tfo(tfo_t_opts_new(&cookie), cookie8, sizeof(cookie8));
    feed(e, other_on(1, 0, 0, lan_server(), tfo_t_ep4("192.168.1.30", 22)));
    feed(e, tfo_t_obs(2, 100, 1, public_client(), forwarded(), SYN, ISN, 0, data4, 4, &cookie, 0));
    feed(e, other_on(3, RTO, 0, lan_server(), tfo_t_ep4("192.168.1.30", 22)));
    feed(e, other_on(4, RTO + 100, 1, public_client(), forwarded()));
    tfo_engine_finish(e);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_SYN_DATA_DROPPED);
    assert_true(result_of(e, 2).flags & TFO_RESULT_NAT_DROPPED);
    assert_int_equal(result_of(e, 2).side, TFO_SIDE_WAN);
    tfo_engine_free(e);
}

/* Unnamed interfaces, the WAN first (interface 0): the dropped first SYN
 * waits until the retry's twin shows the sides, by the server address the
 * gateway made private (the LAN's), and is then proved dropped. */
static void test_inbound_sides_learned_from_dnat(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts cookie;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&cookie), cookie8, sizeof(cookie8));
    feed(e, tfo_t_obs(1, 0, 0, public_client(), forwarded(), SYN, ISN, 0, data4, 4, &cookie, 0));
    feed(e, tfo_t_obs(2, RTO, 0, public_client(), forwarded(), SYN, ISN, 0, NULL, 0, NULL, 0));
    feed(e, tfo_t_obs(3, RTO + FWD, 1, public_client(), lan_server(), SYN, ISN, 0, NULL, 0, NULL, 0));
    feed(e, other_on(4, RTO + RTT, 1, lan_server(), public_client()));
    tfo_engine_finish(e);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_SYN_DATA_DROPPED);
    assert_true(result_of(e, 1).flags & TFO_RESULT_NAT_DROPPED);
    assert_int_equal(result_of(e, 1).side, TFO_SIDE_WAN);
    assert_int_equal(result_of(e, 3).side, TFO_SIDE_LAN);
    assert_int_equal(result_of(e, 3).peer_frame, 2);
    tfo_engine_free(e);
}

/* Unnamed interfaces and nothing crossing: which one the SYN entered on
 * cannot be told, so its silence elsewhere proves nothing. */
static void test_inbound_sides_unknown_not_dropped(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts cookie;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&cookie), cookie8, sizeof(cookie8));
    feed(e, tfo_t_obs(1, 0, 0, public_client(), forwarded(), SYN, ISN, 0, data4, 4, &cookie, 0));
    feed(e, other_on(2, 100, 1, lan_server(), tfo_t_ep4("192.168.1.30", 22)));
    feed(e, other_on(3, RTO, 1, lan_server(), tfo_t_ep4("192.168.1.30", 22)));
    feed(e, other_on(4, RTO + 100, 0, public_client(), forwarded()));
    tfo_engine_finish(e);
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_UNKNOWN);
    assert_int_equal(result_of(e, 1).flags & TFO_RESULT_NAT_DROPPED, 0);
    tfo_engine_free(e);
}

/* ------------------------------------------------------ input errors */

static void test_replay(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_observation o;
    tfo_t_opts request;

    (void)state;
    assert_int_equal(tfo_t_feed_challenge(e, 1, 13, FALSE), 0);
    /* Frame 13 again, 10 s later: ignored, its time too. */
    o = tfo_t_challenge_frame(13, FALSE);
    o.ts = TFO_T_NS(10123548);
    assert_int_equal(tfo_engine_observe(e, &o), TFO_ERR_REPLAY);
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_UNKNOWN);
    /* A lower frame number, even a new SYN: ignored. */
    tfo_t_opt_tfo(tfo_t_opts_new(&request), NULL, 0);
    o = lan_syn(5, 10123548, ISN, NULL, 0, &request);
    assert_int_equal(tfo_engine_observe(e, &o), TFO_ERR_REPLAY);
    assert_int_equal(tfo_engine_handshake_count(e), 2);
    o = tfo_t_obs_other(12, 10123548);
    assert_int_equal(tfo_engine_observe(e, &o), TFO_ERR_REPLAY);
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_UNKNOWN);
    /* The real frame 14 still proves the drop. */
    assert_int_equal(tfo_t_feed_challenge(e, 14, 14, FALSE), 0);
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_SYN_DATA_DROPPED);
    tfo_engine_free(e);
}

static void test_invalid(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_endpoint none;
    tfo_observation o;
    tfo_t_opts request;
    tfo_frame_result r;

    (void)state;
    memset(&none, 0, sizeof(none));
    tfo_t_opt_tfo(tfo_t_opts_new(&request), NULL, 0);
    assert_int_equal(tfo_t_feed_challenge(e, 1, 13, FALSE), 0);
    /* A TCP SYN without addresses, past the window: its time counts. */
    o = tfo_t_obs(14, 10123548, -1, none, none, SYN, ISN, 0, NULL, 0, &request, 0);
    assert_int_equal(tfo_engine_observe(e, &o), TFO_ERR_INVALID);
    assert_int_equal(tfo_engine_handshake_count(e), 2);
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_SYN_DATA_DROPPED);
    r = result_of(e, 14);
    assert_int_equal(r.role, TFO_ROLE_PROOF);
    assert_proof(&r, 2, 13);
    /* Source IPv4, destination IPv6. */
    o = tfo_t_obs(15, 10200000, -1, lan(), tfo_t_ep6("2001:db8::1", 443), SYN, ISN, 0, NULL, 0, &request, 0);
    assert_int_equal(tfo_engine_observe(e, &o), TFO_ERR_INVALID);
    /* Only a destination. */
    o = tfo_t_obs(16, 10300000, -1, none, server(), SYN, ISN, 0, NULL, 0, &request, 0);
    assert_int_equal(tfo_engine_observe(e, &o), TFO_ERR_INVALID);
    assert_int_equal(tfo_engine_handshake_count(e), 2);
    assert_false(has_result(e, 15));
    assert_false(has_result(e, 16));
    /* Frame numbers still advanced. */
    o = tfo_t_obs_other(16, 10400000);
    assert_int_equal(tfo_engine_observe(e, &o), TFO_ERR_REPLAY);
    tfo_engine_free(e);
}

static void test_non_tcp_advances_time(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_frame_result r;

    (void)state;
    assert_int_equal(tfo_t_feed_challenge(e, 1, 13, FALSE), 0);
    feed(e, tfo_t_obs_other(14, 200000));
    assert_false(has_result(e, 14));
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_UNKNOWN);
    feed(e, tfo_t_obs_other(15, 10123548));
    assert_int_equal(verdict_of(e, 2), TFO_VERDICT_SYN_DATA_DROPPED);
    r = result_of(e, 15);
    assert_int_equal(r.role, TFO_ROLE_PROOF);
    assert_int_equal(r.handshake, 0);
    assert_proof(&r, 2, 13);
    r = result_of(e, 13);
    assert_true(r.flags & TFO_RESULT_NAT_DROPPED);
    tfo_engine_free(e);
}

/* ------------------------------------------------ what is not Fast Open */

static void test_plain_tcp(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts opts;
    uint32_t f;

    (void)state;
    tfo_t_opt_ts(tfo_t_opt_nop(tfo_t_opt_nop(tfo_t_opt_mss(tfo_t_opts_new(&opts), 1460))), 100, 0);
    feed(e, tfo_t_obs(1, 0, -1, lan(), server(), SYN, ISN, 0, NULL, 0, &opts, 100));
    feed(e, tfo_t_obs(2, FWD, -1, nat(), server(), SYN, ISN, 0, NULL, 0, &opts, 100));
    feed(e, wan_synack(3, FWD + RTT, ISN + 1, &opts));
    feed(e, lan_synack(4, FWD + RTT + FWD, ISN + 1, &opts));
    feed(e, lan_ack(5, FWD + RTT + FWD + 100, ISN + 1, data4, 4));
    feed(e, tfo_t_obs(6, 2 * RTO, -1, tfo_t_ep4("192.168.1.10", 40002), server(), SYN, ISN, 0, NULL, 0, NULL, 0));
    feed(e, tfo_t_obs_other(7, 4 * RTO));
    assert_int_equal(tfo_engine_handshake_count(e), 0);
    assert_null(tfo_engine_handshake(e, 1));
    for (f = 1; f <= 7; f++)
        assert_false(has_result(e, f));
    tfo_engine_free(e);
}

/* A cookie request carries no data, so the request the client sends with
 * its first ACK repeats nothing: DATA_RESENT is "first data repeats the
 * SYN data". */
static void test_first_data_after_cookie_request_not_resent(void **state)
{
    static const uint8_t request12[] = "GET / HTTP/1"; /* 12 bytes and a NUL */
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts request, cookie;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&request), NULL, 0);
    tfo_t_opt_tfo(tfo_t_opts_new(&cookie), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, NULL, 0, &request));
    feed(e, wan_syn(2, FWD, ISN, NULL, 0, &request));
    feed(e, wan_synack(3, FWD + RTT, ISN + 1, &cookie));
    feed(e, lan_synack(4, FWD + RTT + FWD, ISN + 1, &cookie));
    feed(e, lan_ack(5, FWD + RTT + FWD + 100, ISN + 1, request12, 12));
    assert_int_equal(verdict_of(e, 1), TFO_VERDICT_PASSED);
    r = result_of(e, 5);
    assert_int_equal(r.role, TFO_ROLE_FIRST_DATA);
    assert_int_equal(r.flags & TFO_RESULT_DATA_RESENT, 0);
    tfo_engine_free(e);
}

static void test_rst_ignored(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts opts;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    feed(e, lan_syn(1, 0, ISN, data4, 4, &opts));
    feed(e, lan_synack(2, RTT, ISN + 5, NULL));
    feed(e, tfo_t_obs(3, RTT + 100, -1, lan(), server(), TFO_TCP_RST | ACK, ISN + 5, SERVER_ISN + 1, NULL, 0,
                      NULL, 0));
    feed(e, lan_ack(4, RTT + 200, ISN + 5, NULL, 0));
    assert_false(has_result(e, 3));
    r = result_of(e, 4);
    assert_int_equal(r.role, TFO_ROLE_FIRST_DATA);
    assert_int_equal(tfo_engine_handshake(e, 1)->client_leg->first_data_frame, 4);
    tfo_engine_free(e);
}

static void test_lone_synack_with_cookie(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts cookie;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&cookie), cookie8, 8);
    feed(e, lan_synack(1, 0, ISN + 1, &cookie));
    feed(e, lan_synack(2, 1000, ISN + 1, NULL));
    assert_int_equal(tfo_engine_handshake_count(e), 0);
    r = result_of(e, 1);
    assert_int_equal(r.role, TFO_ROLE_SYNACK);
    assert_int_equal(r.handshake, 0);
    assert_int_equal(r.option.type, TFO_OPT_COOKIE);
    assert_memory_equal(r.option.cookie, cookie8, 8);
    assert_int_equal(r.option_status, 10);
    assert_int_equal(r.verdict, TFO_VERDICT_UNKNOWN);
    assert_int_equal(r.fallback_cost, -1);
    /* Without an option it is plain TCP. */
    assert_false(has_result(e, 2));
    tfo_engine_free(e);
}

static void test_invalid_option_status(void **state)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts bad;
    tfo_frame_result r;

    (void)state;
    tfo_t_opt_kind_len(tfo_t_opts_new(&bad), TFO_OPT_KIND, 5);
    feed(e, lan_syn(1, 0, ISN, NULL, 0, &bad));
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    r = result_of(e, 1);
    assert_int_equal(r.option.type, TFO_OPT_INVALID);
    assert_int_equal(r.option_status, TFO_ERR_BAD_LENGTH);
    tfo_engine_free(e);
}

/* ------------------------------------------------------------- retirement */

#define RETIRE_LATER 20000000 /* us: past the fate's reach (10 s) and the reorder horizon */

static tfo_observation on(tfo_observation o, int32_t interface_id)
{
    o.interface_id = interface_id;
    return o;
}

static tfo_observation wan_ack(uint32_t frame, int64_t us, uint32_t seq)
{
    return tfo_t_obs(frame, us, -1, nat(), server(), ACK, seq, SERVER_ISN + 1, NULL, 0, NULL, 0);
}

/* A data SYN with a cookie that passes, on LAN (0) and WAN (1), to the
 * client's first ACK on both sides: frames 1-6. */
static tfo_engine *retire_scenario(void)
{
    tfo_engine *e = tfo_engine_new(TFO_T_WINDOW);
    tfo_t_opts cookie;

    tfo_engine_set_interface_side(e, 0, TFO_SIDE_LAN);
    tfo_engine_set_interface_side(e, 1, TFO_SIDE_WAN);
    tfo_engine_expect_interface(e, 0);
    tfo_engine_expect_interface(e, 1);
    tfo_t_opt_tfo(tfo_t_opts_new(&cookie), cookie8, sizeof(cookie8));
    feed(e, on(lan_syn(1, 0, ISN, data4, 4, &cookie), 0));
    feed(e, on(wan_syn(2, FWD, ISN, data4, 4, &cookie), 1));
    feed(e, on(wan_synack(3, FWD + RTT, ISN + 5, NULL), 1));
    feed(e, on(lan_synack(4, 2 * FWD + RTT, ISN + 5, NULL), 0));
    feed(e, on(lan_ack(5, 2 * FWD + RTT + 10, ISN + 5, NULL, 0), 0));
    feed(e, on(wan_ack(6, 3 * FWD + RTT + 10, ISN + 5), 1));
    return e;
}

/* Both interfaces record on, far past the handshake. */
static void feed_later(tfo_engine *e, uint32_t frame, int64_t us)
{
    feed(e, other_on(frame, us, 0, tfo_t_ep4("192.168.1.99", 1), tfo_t_ep4("192.168.1.1", 2)));
    feed(e, other_on(frame + 1, us, 1, tfo_t_ep4("203.0.113.1", 1), tfo_t_ep4("198.51.100.99", 2)));
}

static void assert_same_result(const tfo_engine *a, const tfo_engine *b, uint32_t frame)
{
    tfo_frame_result x = result_of(a, frame), y = result_of(b, frame);

    assert_int_equal(x.handshake, y.handshake);
    assert_int_equal(x.side, y.side);
    assert_int_equal(x.role, y.role);
    assert_int_equal(x.flags, y.flags);
    assert_int_equal(x.peer_frame, y.peer_frame);
    assert_int_equal(x.nat_delay, y.nat_delay);
    assert_memory_equal(&x.option, &y.option, sizeof(x.option));
    assert_int_equal(x.option_status, y.option_status);
    assert_int_equal(x.syn_data_len, y.syn_data_len);
    assert_int_equal(x.verdict, y.verdict);
    assert_int_equal(x.reason, y.reason);
    assert_int_equal(x.fallback_cost, y.fallback_cost);
    assert_int_equal(x.has_record, y.has_record);
    assert_int_equal(x.behind, y.behind);
    assert_true((x.proofs == NULL) == (y.proofs == NULL));
}

static void assert_same_row(const tfo_engine *a, const tfo_engine *b, uint32_t id)
{
    tfo_handshake_summary x, y;

    assert_true(tfo_results_summary(tfo_engine_results(a), id, &x));
    assert_true(tfo_results_summary(tfo_engine_results(b), id, &y));
    assert_int_equal(x.id, y.id);
    assert_int_equal(x.inbound, y.inbound);
    assert_true(tfo_endpoint_equal(&x.lan_client, &y.lan_client));
    assert_true(tfo_endpoint_equal(&x.wan_client, &y.wan_client));
    assert_true(tfo_endpoint_equal(&x.server, &y.server));
    assert_memory_equal(&x.option, &y.option, sizeof(x.option));
    assert_int_equal(x.syn_data_lan, y.syn_data_lan);
    assert_int_equal(x.syn_data_wan, y.syn_data_wan);
    assert_int_equal(x.verdict, y.verdict);
    assert_int_equal(x.reason, y.reason);
    assert_int_equal(x.first_frame, y.first_frame);
    assert_int_equal(x.last_frame, y.last_frame);
    assert_int_equal(x.fallback_cost, y.fallback_cost);
    assert_int_equal(x.seq_rewritten, y.seq_rewritten);
    assert_int_equal(x.other_side_recorded, y.other_side_recorded);
}

/* Established on both sides, nothing pending: retired once the capture is
 * past it by the fate's reach and the reorder horizon, and read the same,
 * live and finished, as in a capture that ends before it could retire. */
static void test_retired_after_window(void **state)
{
    tfo_engine *kept = retire_scenario(), *retired = retire_scenario();
    uint32_t f;

    (void)state;
    feed_later(kept, 7, 11000000); /* not yet past the reach and the horizon */
    feed_later(retired, 7, 11000000);
    assert_non_null(tfo_engine_handshake(retired, 1));
    feed_later(retired, 9, RETIRE_LATER);
    feed_later(retired, 11, RETIRE_LATER + 1);
    assert_null(tfo_engine_handshake(retired, 1));
    assert_int_equal(tfo_engine_handshake_count(retired), 1);
    for (f = 1; f <= 6; f++)
        assert_same_result(kept, retired, f);
    assert_same_row(kept, retired, 1);
    tfo_engine_finish(kept);
    tfo_engine_finish(retired);
    assert_non_null(tfo_engine_handshake(kept, 1));
    assert_int_equal(result_of(retired, 1).verdict, TFO_VERDICT_PASSED);
    assert_true(result_of(retired, 1).has_record);
    for (f = 1; f <= 6; f++)
        assert_same_result(kept, retired, f);
    assert_same_row(kept, retired, 1);
    tfo_engine_free(kept);
    tfo_engine_free(retired);
}

/* A SYN-ACK retransmission on the WAN after the LAN stopped recording waits
 * for the LAN to be recorded past it: the handshake stays live to the end
 * (where, the retransmission being traffic the gateway forwards, the LAN's
 * silence proves nothing) and its row ends with it. */
static void test_not_retired_while_awaiting(void **state)
{
    tfo_engine *e = retire_scenario();
    tfo_frame_result r;

    (void)state;
    feed(e, on(wan_synack(7, 3000000, ISN + 5, NULL), 1));
    feed(e, other_on(8, RETIRE_LATER, 1, tfo_t_ep4("203.0.113.1", 1), tfo_t_ep4("198.51.100.99", 2)));
    feed(e, other_on(9, 2 * RETIRE_LATER, 1, tfo_t_ep4("203.0.113.1", 1), tfo_t_ep4("198.51.100.99", 2)));
    assert_non_null(tfo_engine_handshake(e, 1));
    r = result_of(e, 7);
    assert_int_equal(r.role, TFO_ROLE_SYNACK_RETRANSMISSION);
    assert_int_equal(r.flags, TFO_RESULT_UNPROVEN | TFO_RESULT_OTHER_SIDE_SILENT);
    tfo_engine_finish(e);
    r = result_of(e, 7);
    assert_int_equal(r.flags, TFO_RESULT_UNPROVEN | TFO_RESULT_OTHER_SIDE_SILENT);
    assert_int_equal(r.verdict, TFO_VERDICT_PASSED);
    assert_int_equal(result_of(e, 1).record.last_frame, 7);
    tfo_engine_free(e);
}

/* After retirement, a SYN-ACK retransmission (both sides) and a repeated
 * data SYN of the connection are ignored: no new handshake, no loose
 * SYN-ACK, the row as it was. */
static void test_late_retransmissions_after_retirement(void **state)
{
    tfo_engine *kept = retire_scenario(), *e = retire_scenario();
    tfo_t_opts cookie, granted;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&cookie), cookie8, sizeof(cookie8));
    tfo_t_opt_tfo(tfo_t_opts_new(&granted), cookie8, sizeof(cookie8));
    feed_later(e, 7, RETIRE_LATER);
    feed_later(e, 9, RETIRE_LATER + 1);
    assert_null(tfo_engine_handshake(e, 1));
    feed(e, on(wan_synack(11, RETIRE_LATER + 2, ISN + 5, &granted), 1));
    feed(e, on(lan_synack(12, RETIRE_LATER + 2 + FWD, ISN + 5, &granted), 0));
    feed(e, on(lan_syn(13, RETIRE_LATER + 3, ISN, data4, 4, &cookie), 0));
    feed_later(e, 14, 2 * RETIRE_LATER);
    tfo_engine_finish(kept);
    tfo_engine_finish(e);
    assert_int_equal(tfo_engine_handshake_count(e), 1);
    assert_false(has_result(e, 11));
    assert_false(has_result(e, 12));
    assert_false(has_result(e, 13));
    assert_same_row(kept, e, 1);
    tfo_engine_free(kept);
    tfo_engine_free(e);
}

/* After retirement the WAN falls silent while the LAN sends a data SYN of
 * another connection, then |later_on_lan| past its window: the retired
 * connection's data (traffic the gateway forwards: the WAN recording
 * stopped, unknown) or LAN-only traffic (the silence proves the drop). */
static tfo_verdict silent_wan_after_retirement(gboolean retired_data_later)
{
    tfo_endpoint client2 = tfo_t_ep4("192.168.1.10", 40001);
    tfo_engine *e = retire_scenario();
    tfo_t_opts cookie;
    tfo_verdict v;

    tfo_t_opt_tfo(tfo_t_opts_new(&cookie), cookie8, sizeof(cookie8));
    feed_later(e, 7, RETIRE_LATER);
    feed_later(e, 9, RETIRE_LATER + 1);
    assert_null(tfo_engine_handshake(e, 1));
    feed(e, tfo_t_obs(11, RETIRE_LATER + RTO, 0, client2, server(), SYN, 0x2000u, 0, data4, 4, &cookie, 0));
    if (retired_data_later)
        feed(e, on(lan_ack(12, RETIRE_LATER + 3 * RTO, ISN + 5, data4, 4), 0));
    else
        feed(e, other_on(12, RETIRE_LATER + 3 * RTO, 0, tfo_t_ep4("192.168.1.10", 5353),
                         tfo_t_ep4("192.168.1.1", 53)));
    tfo_engine_finish(e);
    v = result_of(e, 11).verdict;
    tfo_engine_free(e);
    return v;
}

static void test_retired_connection_still_forwarded_traffic(void **state)
{
    (void)state;
    assert_int_equal(silent_wan_after_retirement(TRUE), TFO_VERDICT_UNKNOWN);
    assert_int_equal(silent_wan_after_retirement(FALSE), TFO_VERDICT_SYN_DATA_DROPPED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_challenge),
        cmocka_unit_test(test_challenge_two_interfaces),
        cmocka_unit_test(test_challenge_two_interfaces_wan_stopped),
        cmocka_unit_test(test_out_of_order),
        cmocka_unit_test(test_wan_silent_then_recorded),
        cmocka_unit_test(test_challenge_single_interface_zero),
        cmocka_unit_test(test_window_edge),
        cmocka_unit_test(test_capture_ends_inside_window),
        cmocka_unit_test(test_one_sided_data_ignored),
        cmocka_unit_test(test_one_sided_syn_data_lost),
        cmocka_unit_test(test_seq_rewritten),
        cmocka_unit_test(test_synack_dropped),
        cmocka_unit_test(test_synack_other_isn_new_answer),
        cmocka_unit_test(test_option_stripped),
        cmocka_unit_test(test_data_stripped),
        cmocka_unit_test(test_cookie_mangled),
        cmocka_unit_test(test_syn_data_lost_two_sided),
        cmocka_unit_test(test_ambiguous_clients_not_dropped),
        cmocka_unit_test(test_other_lan_client_keeps_drop_proven),
        cmocka_unit_test(test_parallel_plain_connection_not_twin),
        cmocka_unit_test(test_unmatched_twin_keeps_drop_unproven),
        cmocka_unit_test(test_non_tcp_packet_shows_side_recorded),
        cmocka_unit_test(test_broadcast_shows_no_side),
        cmocka_unit_test(test_syn_fin_ignored),
        cmocka_unit_test(test_drop_proved_when_sides_learned),
        cmocka_unit_test(test_dual_stack_lan),
        cmocka_unit_test(test_retransmission_remapped),
        cmocka_unit_test(test_port_reuse_new_isn),
        cmocka_unit_test(test_wan_retransmission_alone),
        cmocka_unit_test(test_answered_syn_not_dropped),
        cmocka_unit_test(test_late_interface_still_matched),
        cmocka_unit_test(test_slow_first_twin_linked),
        cmocka_unit_test(test_slow_drop_proved_past_learned_window),
        cmocka_unit_test(test_slow_weak_twin_not_linked),
        cmocka_unit_test(test_pinned_sides_without_nat),
        cmocka_unit_test(test_pinned_sides_prove_drop),
        cmocka_unit_test(test_pinned_sides_private_wan),
        cmocka_unit_test(test_pinned_side_never_relearned),
        cmocka_unit_test(test_inbound_passed),
        cmocka_unit_test(test_inbound_syn_data_dropped),
        cmocka_unit_test(test_inbound_sides_learned_from_dnat),
        cmocka_unit_test(test_inbound_sides_unknown_not_dropped),
        cmocka_unit_test(test_replay),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_non_tcp_advances_time),
        cmocka_unit_test(test_plain_tcp),
        cmocka_unit_test(test_first_data_after_cookie_request_not_resent),
        cmocka_unit_test(test_rst_ignored),
        cmocka_unit_test(test_lone_synack_with_cookie),
        cmocka_unit_test(test_invalid_option_status),
        cmocka_unit_test(test_retired_after_window),
        cmocka_unit_test(test_not_retired_while_awaiting),
        cmocka_unit_test(test_late_retransmissions_after_retirement),
        cmocka_unit_test(test_retired_connection_still_forwarded_traffic),
    };
    return cmocka_run_group_tests_name("tfo_engine", tests, NULL, NULL);
}
