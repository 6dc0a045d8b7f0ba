/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_error.h"
#include "tfo_event.h"
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
#define RST TFO_TCP_RST

static const uint8_t data4[4] = {0xde, 0xad, 0xbe, 0xef};
static const uint8_t data4b[4] = {0xde, 0xad, 0xbe, 0xee};
static const uint8_t cookie8[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};

static tfo_endpoint client(void)
{
    return tfo_t_ep4("192.168.1.10", 40000);
}

static tfo_endpoint server(void)
{
    return tfo_t_ep4("198.51.100.20", 443);
}

/* A TCP segment of |flags| from |src| to |dst| at 5 ms on interface 2. */
static tfo_observation segment_obs(uint16_t flags, tfo_endpoint src, tfo_endpoint dst)
{
    return tfo_t_obs(7, 5000, 2, src, dst, flags, 0x1000, 0x2000, NULL, 0, NULL, 0);
}

/* The event of |o|, which must be made without error. */
static tfo_event *event_of(const tfo_observation *o)
{
    tfo_event *ev = NULL;

    assert_int_equal(tfo_event_new(o, &ev), 0);
    assert_non_null(ev);
    return ev;
}

static tfo_event_kind kind_of(uint16_t flags)
{
    tfo_observation o = segment_obs(flags, client(), server());
    tfo_event *ev = event_of(&o);
    tfo_event_kind kind = (tfo_event_kind)ev->kind;

    /* A segment comes with exactly the handshake kinds. */
    assert_int_equal(ev->segment != NULL, kind == TFO_EVENT_SYN || kind == TFO_EVENT_SYNACK);
    tfo_event_free(ev);
    return kind;
}

static void test_kinds(void **state)
{
    (void)state;
    assert_int_equal(kind_of(SYN), TFO_EVENT_SYN);
    assert_int_equal(kind_of(SYN | ACK), TFO_EVENT_SYNACK);
    assert_int_equal(kind_of(ACK), TFO_EVENT_DATA);
    assert_int_equal(kind_of(FIN | ACK), TFO_EVENT_DATA);
    assert_int_equal(kind_of(0), TFO_EVENT_DATA);
    /* No connection attempt (RFC 9293 §3.10.7). */
    assert_int_equal(kind_of(SYN | FIN), TFO_EVENT_IP);
    assert_int_equal(kind_of(SYN | RST), TFO_EVENT_IP);
    assert_int_equal(kind_of(SYN | ACK | FIN), TFO_EVENT_IP);
    assert_int_equal(kind_of(SYN | ACK | RST), TFO_EVENT_IP);
    /* A reset is never part of a handshake, nor the client's data. */
    assert_int_equal(kind_of(RST | ACK), TFO_EVENT_IP);
}

static void test_common_fields(void **state)
{
    tfo_observation o = segment_obs(ACK, client(), server());
    tfo_event *ev;
    tfo_endpoint c = client(), s = server();

    (void)state;
    o.payload_len = 1200;
    ev = event_of(&o);
    assert_int_equal(ev->frame, 7);
    assert_int_equal(ev->ts, TFO_T_NS(5000));
    assert_int_equal(ev->behind, 0);
    assert_int_equal(ev->key.interface_id, 2);
    assert_true(tfo_endpoint_equal(&ev->key.client, &c));
    assert_true(tfo_endpoint_equal(&ev->key.server, &s));
    assert_int_equal(ev->tcp_flags, ACK);
    assert_int_equal(ev->seq, 0x1000);
    assert_int_equal(ev->payload_len, 1200);
    assert_null(ev->segment);
    tfo_event_free(ev);
}

/* A SYN-ACK comes from the server: its key names the client first all the same. */
static void test_synack_key_swapped(void **state)
{
    tfo_observation syn = segment_obs(SYN, client(), server());
    tfo_observation synack = segment_obs(SYN | ACK, server(), client());
    tfo_event *a, *b;

    (void)state;
    a = event_of(&syn);
    b = event_of(&synack);
    assert_true(tfo_leg_key_equal(&a->key, &b->key));
    assert_int_equal(tfo_leg_key_hash(&a->key), tfo_leg_key_hash(&b->key));
    assert_true(tfo_endpoint_equal(&b->segment->server, &a->segment->server));
    assert_false(a->segment->is_synack);
    assert_true(b->segment->is_synack);
    tfo_event_free(a);
    tfo_event_free(b);
}

/* Not TCP: an IP event keyed by source and destination, whatever the flags say. */
static void test_non_tcp(void **state)
{
    tfo_observation o = segment_obs(SYN, server(), client());
    tfo_endpoint c = client(), s = server();
    tfo_event *ev;

    (void)state;
    o.is_tcp = FALSE;
    ev = event_of(&o);
    assert_int_equal(ev->kind, TFO_EVENT_IP);
    assert_true(tfo_endpoint_equal(&ev->key.client, &s));
    assert_true(tfo_endpoint_equal(&ev->key.server, &c));
    assert_null(ev->segment);
    tfo_event_free(ev);
}

/* Without an address only the time counts: an error for TCP only. */
static void test_no_address(void **state)
{
    tfo_observation o = segment_obs(SYN, client(), server());
    tfo_event *ev = NULL;

    (void)state;
    memset(&o.src, 0, sizeof(o.src));
    assert_int_equal(tfo_event_new(&o, &ev), TFO_ERR_INVALID);
    assert_int_equal(ev->kind, TFO_EVENT_TIME);
    assert_int_equal(ev->frame, 7);
    assert_int_equal(ev->ts, TFO_T_NS(5000));
    assert_int_equal(ev->key.interface_id, 2);
    assert_null(ev->segment);
    tfo_event_free(ev);

    o.is_tcp = FALSE;
    assert_int_equal(tfo_event_new(&o, &ev), 0);
    assert_int_equal(ev->kind, TFO_EVENT_TIME);
    tfo_event_free(ev);

    /* Addresses of two families are no usable address either. */
    o = segment_obs(SYN, client(), tfo_t_ep6("2001:db8::1", 443));
    assert_int_equal(tfo_event_new(&o, &ev), TFO_ERR_INVALID);
    assert_int_equal(ev->kind, TFO_EVENT_TIME);
    tfo_event_free(ev);
}

static void test_time_clamped(void **state)
{
    tfo_observation o = segment_obs(SYN, client(), server());
    tfo_event *ev;

    (void)state;
    assert_int_equal(tfo_event_time(G_MAXINT64), TFO_TIME_LIMIT);
    assert_int_equal(tfo_event_time(G_MININT64), -TFO_TIME_LIMIT);
    assert_int_equal(tfo_event_time(TFO_TIME_LIMIT), TFO_TIME_LIMIT);
    assert_int_equal(tfo_event_time(-12345), -12345);
    o.ts = G_MAXINT64;
    ev = event_of(&o);
    assert_int_equal(ev->ts, TFO_TIME_LIMIT);
    assert_int_equal(ev->segment->ts, TFO_TIME_LIMIT);
    tfo_event_free(ev);
    o.ts = G_MININT64;
    memset(&o.dst, 0, sizeof(o.dst));
    ev = NULL;
    assert_int_equal(tfo_event_new(&o, &ev), TFO_ERR_INVALID);
    assert_int_equal(ev->ts, -TFO_TIME_LIMIT);
    tfo_event_free(ev);
}

/* The SYN's copy: everything matching and the drop proof read, option parsed. */
static void test_segment_of_syn(void **state)
{
    tfo_t_opts opts;
    tfo_observation o;
    tfo_endpoint s = server();
    tfo_event *ev;
    tfo_segment *seg;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opt_mss(tfo_t_opts_new(&opts), 1460), cookie8, 8);
    o = tfo_t_with_ip_id(tfo_t_obs(9, 1500, 1, client(), server(), SYN, 0xfffffff0u, 0, data4, 4, &opts, 77), 321);
    ev = event_of(&o);
    seg = ev->segment;
    assert_non_null(seg);
    assert_int_equal(seg->frame, 9);
    assert_int_equal(seg->ts, TFO_T_NS(1500));
    assert_int_equal(seg->seq, 0xfffffff0u);
    assert_int_equal(seg->payload_len, 4);
    assert_int_equal(seg->payload_captured, 4);
    assert_memory_equal(seg->payload_head, data4, 4);
    assert_true(seg->has_tsval);
    assert_int_equal(seg->tsval, 77);
    assert_true(seg->has_ip_id);
    assert_int_equal(seg->ip_id, 321);
    assert_int_equal(seg->interface_id, 1);
    assert_true(tfo_endpoint_equal(&seg->server, &s));
    assert_int_equal(seg->fate, TFO_FATE_NONE);
    assert_null(seg->leg);
    assert_null(seg->twin);
    assert_int_equal(seg->option.type, TFO_OPT_COOKIE);
    assert_int_equal(seg->option.kind, TFO_OPT_KIND);
    assert_int_equal(seg->option.cookie_len, 8);
    assert_memory_equal(seg->option.cookie, cookie8, 8);
    assert_int_equal(seg->option_status, 10);
    tfo_event_free(ev);
}

/* An options area the parser refuses, and one the capture cut. */
static void test_segment_option_status(void **state)
{
    tfo_t_opts opts;
    tfo_observation o;
    tfo_event *ev;

    (void)state;
    tfo_t_opt_kind_len(tfo_t_opts_new(&opts), TFO_OPT_KIND, 5);
    o = tfo_t_obs(1, 0, 0, client(), server(), SYN, 1, 0, NULL, 0, &opts, 0);
    ev = event_of(&o);
    assert_int_equal(ev->segment->option_status, TFO_ERR_BAD_LENGTH);
    assert_int_equal(ev->segment->option.type, TFO_OPT_INVALID);
    tfo_event_free(ev);

    tfo_t_opt_tfo(tfo_t_opts_new(&opts), cookie8, 8);
    o = tfo_t_obs(1, 0, 0, client(), server(), SYN, 1, 0, NULL, 0, &opts, 0);
    o.options_captured = 1;
    ev = event_of(&o);
    assert_int_equal(ev->segment->option_status, TFO_ERR_UNCAPTURED);
    assert_int_equal(ev->segment->option.type, TFO_OPT_UNCAPTURED);
    tfo_event_free(ev);

    o = tfo_t_obs(1, 0, 0, client(), server(), SYN, 1, 0, NULL, 0, NULL, 0);
    ev = event_of(&o);
    assert_int_equal(ev->segment->option_status, 0);
    assert_int_equal(ev->segment->option.type, TFO_OPT_NONE);
    assert_false(ev->segment->has_tsval);
    assert_false(ev->segment->has_ip_id);
    tfo_event_free(ev);
}

static uint32_t payload_hash(const uint8_t *payload, uint32_t len)
{
    tfo_observation o = tfo_t_obs(1, 0, 0, client(), server(), SYN, 1, 0, payload, len, NULL, 0);
    tfo_event *ev = event_of(&o);
    uint32_t hash = ev->segment->payload_hash;

    tfo_event_free(ev);
    return hash;
}

static void test_payload_hash(void **state)
{
    uint8_t copy[4];

    (void)state;
    memcpy(copy, data4, sizeof(copy));
    assert_int_equal(payload_hash(data4, 4), payload_hash(copy, 4));
    assert_int_not_equal(payload_hash(data4, 4), payload_hash(data4b, 4));
    assert_int_not_equal(payload_hash(data4, 4), payload_hash(data4, 3));
    assert_int_equal(payload_hash(data4, 4), tfo_fnv1a(TFO_FNV_BASIS, data4, 4));
}

/* More bytes captured than the segment has: only payload_len of them count. */
static void test_captured_capped(void **state)
{
    static const uint8_t bytes[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    tfo_observation o = tfo_t_obs(1, 0, 0, client(), server(), SYN, 1, 0, bytes, 8, NULL, 0);
    tfo_event *ev;

    (void)state;
    o.payload_len = 4;
    ev = event_of(&o);
    assert_int_equal(ev->segment->payload_len, 4);
    assert_int_equal(ev->segment->payload_captured, 4);
    assert_int_equal(ev->segment->payload_hash, tfo_fnv1a(TFO_FNV_BASIS, bytes, 4));
    assert_int_equal(ev->segment->payload_head[4], 0);
    tfo_event_free(ev);

    /* Fewer captured than sent: the captured ones. */
    o.payload_len = 1000;
    o.payload_captured = 6;
    ev = event_of(&o);
    assert_int_equal(ev->segment->payload_len, 1000);
    assert_int_equal(ev->segment->payload_captured, 6);
    assert_int_equal(ev->segment->payload_hash, tfo_fnv1a(TFO_FNV_BASIS, bytes, 6));
    tfo_event_free(ev);
}

/* Taken, the segment is the caller's: the event no longer frees it. */
static void test_take_segment(void **state)
{
    tfo_observation o = segment_obs(SYN, client(), server());
    tfo_event *ev = event_of(&o);
    tfo_segment *seg = ev->segment, *taken;

    (void)state;
    taken = tfo_event_take_segment(ev);
    assert_ptr_equal(taken, seg);
    assert_null(ev->segment);
    assert_null(tfo_event_take_segment(ev));
    tfo_event_free(ev);
    assert_int_equal(taken->frame, 7); /* still alive */
    g_free(taken);
    tfo_event_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_common_fields),
        cmocka_unit_test(test_synack_key_swapped),
        cmocka_unit_test(test_non_tcp),
        cmocka_unit_test(test_no_address),
        cmocka_unit_test(test_time_clamped),
        cmocka_unit_test(test_segment_of_syn),
        cmocka_unit_test(test_segment_option_status),
        cmocka_unit_test(test_payload_hash),
        cmocka_unit_test(test_captured_capped),
        cmocka_unit_test(test_take_segment),
    };
    return cmocka_run_group_tests_name("tfo_event", tests, NULL, NULL);
}
