/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_sides.h"
#include "tfo_test_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

/* A client 192.168.1.10 behind the NAT address 203.0.113.1, talking to
 * 198.51.100.20. Times in ns. */
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

/* A frame between |a| and |b| on |interface_id| at |ts|, as the engine
 * notes every IP packet. */
static void packet(tfo_sides *s, int32_t interface_id, int64_t ts, tfo_endpoint a, tfo_endpoint b)
{
    tfo_sides_note_frame(s, interface_id, ts);
    tfo_sides_note_packet(s, interface_id, &a, &b);
}

static tfo_side side_of(const tfo_sides *s, int32_t interface_id, tfo_endpoint a, tfo_endpoint b)
{
    return tfo_sides_of_packet(s, interface_id, &a, &b);
}

/* ---------------------------------------------------------------- pinning */

/* A pinned side is the interface's side, whatever the addresses say, and
 * no twin relearns it: the other interface of a twin takes the opposite. */
static void test_pin_never_relearned(void **state)
{
    tfo_sides *s = tfo_sides_new();
    tfo_endpoint a = lan(), b = server();

    (void)state;
    tfo_sides_pin(s, 0, TFO_SIDE_WAN);
    assert_int_equal(tfo_sides_of_interface(s, 0), TFO_SIDE_WAN);
    assert_int_equal(tfo_sides_of_packet(s, 0, &a, &b), TFO_SIDE_WAN); /* private, yet pinned WAN */
    /* A twin from 0 to 1 whose addresses say 0 is the LAN: 0 stays WAN. */
    assert_true(tfo_sides_learn(s, 0, 1, TFO_SIDE_LAN));
    assert_int_equal(tfo_sides_of_interface(s, 0), TFO_SIDE_WAN);
    assert_int_equal(tfo_sides_of_interface(s, 1), TFO_SIDE_LAN);
    /* Pinned LAN as the egress of a twin said to enter on a LAN: stays LAN. */
    tfo_sides_pin(s, 2, TFO_SIDE_LAN);
    assert_true(tfo_sides_learn(s, 3, 2, TFO_SIDE_LAN));
    assert_int_equal(tfo_sides_of_interface(s, 2), TFO_SIDE_LAN);
    assert_int_equal(tfo_sides_of_interface(s, 3), TFO_SIDE_WAN);
    tfo_sides_free(s);
}

/* Pinning TFO_SIDE_UNKNOWN unpins: learning works again. */
static void test_unpin(void **state)
{
    tfo_sides *s = tfo_sides_new();

    (void)state;
    tfo_sides_pin(s, 0, TFO_SIDE_WAN);
    tfo_sides_pin(s, 0, TFO_SIDE_UNKNOWN);
    assert_int_equal(tfo_sides_of_interface(s, 0), TFO_SIDE_UNKNOWN);
    assert_true(tfo_sides_learn(s, 0, 1, TFO_SIDE_UNKNOWN));
    assert_int_equal(tfo_sides_of_interface(s, 0), TFO_SIDE_LAN);
    tfo_sides_free(s);
}

/* Both pinned, whether against the twin or on the same side (the twin
 * contradicts them): nothing is learned, nothing changes. */
static void test_pinned_contrary_learns_nothing(void **state)
{
    tfo_sides *s = tfo_sides_new();

    (void)state;
    tfo_sides_pin(s, 0, TFO_SIDE_WAN);
    tfo_sides_pin(s, 1, TFO_SIDE_LAN);
    assert_false(tfo_sides_learn(s, 0, 1, TFO_SIDE_LAN));
    assert_int_equal(tfo_sides_of_interface(s, 0), TFO_SIDE_WAN);
    assert_int_equal(tfo_sides_of_interface(s, 1), TFO_SIDE_LAN);
    tfo_sides_pin(s, 2, TFO_SIDE_WAN);
    tfo_sides_pin(s, 3, TFO_SIDE_WAN);
    assert_false(tfo_sides_learn(s, 2, 3, TFO_SIDE_UNKNOWN));
    assert_int_equal(tfo_sides_of_interface(s, 2), TFO_SIDE_WAN);
    assert_int_equal(tfo_sides_of_interface(s, 3), TFO_SIDE_WAN);
    tfo_sides_free(s);
}

/* --------------------------------------------------------------- learning */

/* A twin teaches both sides once; again, within one interface, or the
 * other way round later (sides once known are never relearned), nothing;
 * a new interface behind a known one is new. */
static void test_learn_from_twin(void **state)
{
    tfo_sides *s = tfo_sides_new();

    (void)state;
    assert_int_equal(tfo_sides_of_interface(s, 0), TFO_SIDE_UNKNOWN);
    assert_true(tfo_sides_learn(s, 0, 1, TFO_SIDE_UNKNOWN));
    assert_int_equal(tfo_sides_of_interface(s, 0), TFO_SIDE_LAN);
    assert_int_equal(tfo_sides_of_interface(s, 1), TFO_SIDE_WAN);
    assert_false(tfo_sides_learn(s, 0, 1, TFO_SIDE_UNKNOWN));
    assert_false(tfo_sides_learn(s, 2, 2, TFO_SIDE_UNKNOWN));
    assert_int_equal(tfo_sides_of_interface(s, 2), TFO_SIDE_UNKNOWN);
    assert_true(tfo_sides_learn(s, 0, 2, TFO_SIDE_UNKNOWN));
    assert_int_equal(tfo_sides_of_interface(s, 2), TFO_SIDE_WAN);
    assert_false(tfo_sides_learn(s, 1, 0, TFO_SIDE_UNKNOWN));
    assert_int_equal(tfo_sides_of_interface(s, 0), TFO_SIDE_LAN);
    assert_int_equal(tfo_sides_of_interface(s, 1), TFO_SIDE_WAN);
    tfo_sides_free(s);
}

/* Two interfaces never seen, in either order and far apart: both slots
 * are made before either is written (ASan: no use after the array grew). */
static void test_learn_grows_for_both(void **state)
{
    tfo_sides *s = tfo_sides_new();

    (void)state;
    assert_true(tfo_sides_learn(s, 1, 900, TFO_SIDE_UNKNOWN));
    assert_true(tfo_sides_learn(s, 1000, 2, TFO_SIDE_WAN));
    assert_int_equal(tfo_sides_of_interface(s, 1), TFO_SIDE_LAN);
    assert_int_equal(tfo_sides_of_interface(s, 900), TFO_SIDE_WAN);
    assert_int_equal(tfo_sides_of_interface(s, 1000), TFO_SIDE_WAN);
    assert_int_equal(tfo_sides_of_interface(s, 2), TFO_SIDE_LAN);
    tfo_sides_free(s);
}

/* ----------------------------------------------------- one interface */

/* With one interface (or none named): private -> LAN; global -> WAN only
 * once a LAN has been seen; special addresses say nothing. */
static void test_one_interface_addresses(void **state)
{
    static const int32_t ids[2] = {-1, 0};
    tfo_endpoint bcast = tfo_t_ep4("255.255.255.255", 67), any = tfo_t_ep4("0.0.0.0", 68);
    tfo_endpoint mcast = tfo_t_ep4("224.0.0.251", 5353), link = tfo_t_ep4("169.254.7.7", 5353);
    int i;

    (void)state;
    for (i = 0; i < 2; i++) {
        tfo_sides *s = tfo_sides_new();
        int32_t id = ids[i];

        tfo_sides_note_frame(s, id, 0);
        assert_int_equal(side_of(s, id, lan(), server()), TFO_SIDE_LAN);
        assert_int_equal(side_of(s, id, server(), lan()), TFO_SIDE_LAN);
        assert_int_equal(side_of(s, id, tfo_t_ep6("fd00::10", 1), tfo_t_ep6("2001:db8::1", 2)), TFO_SIDE_LAN);
        assert_int_equal(side_of(s, id, tfo_t_ep4("100.64.0.9", 1), server()), TFO_SIDE_LAN); /* RFC 6598 */
        assert_int_equal(side_of(s, id, nat(), server()), TFO_SIDE_UNKNOWN);
        /* Special packets seen first make no LAN. */
        packet(s, id, 1, any, bcast);
        packet(s, id, 2, link, mcast);
        assert_int_equal(side_of(s, id, nat(), server()), TFO_SIDE_UNKNOWN);
        assert_false(tfo_sides_recorded(s, TFO_SIDE_LAN));
        assert_false(tfo_sides_recorded(s, TFO_SIDE_WAN));
        /* A private packet with a special one is LAN. */
        assert_int_equal(side_of(s, id, lan(), bcast), TFO_SIDE_LAN);
        packet(s, id, 3, lan(), server());
        assert_true(tfo_sides_recorded(s, TFO_SIDE_LAN));
        assert_false(tfo_sides_recorded(s, TFO_SIDE_WAN));
        assert_int_equal(side_of(s, id, nat(), server()), TFO_SIDE_WAN);
        assert_int_equal(side_of(s, id, any, bcast), TFO_SIDE_UNKNOWN);
        assert_int_equal(side_of(s, id, link, mcast), TFO_SIDE_UNKNOWN);
        assert_int_equal(side_of(s, id, tfo_t_ep6("fe80::1", 1), tfo_t_ep6("ff02::1", 2)), TFO_SIDE_UNKNOWN);
        packet(s, id, 4, nat(), server());
        assert_true(tfo_sides_recorded(s, TFO_SIDE_WAN));
        /* Addresses never give the interface a side of its own. */
        assert_int_equal(tfo_sides_of_interface(s, id), TFO_SIDE_UNKNOWN);
        tfo_sides_free(s);
    }
}

/* ------------------------------------------------- several interfaces */

/* Two interfaces heard from: no address rules (a LAN can carry global
 * addresses), only sides pinned or learned. */
static void test_several_interfaces_unknown_until_learned(void **state)
{
    tfo_sides *s = tfo_sides_new();

    (void)state;
    tfo_sides_note_frame(s, 0, 0);
    assert_int_equal(side_of(s, 0, lan(), server()), TFO_SIDE_LAN); /* one interface so far */
    tfo_sides_note_frame(s, 1, 1);
    assert_int_equal(side_of(s, 0, lan(), server()), TFO_SIDE_UNKNOWN);
    assert_int_equal(side_of(s, 1, nat(), server()), TFO_SIDE_UNKNOWN);
    assert_int_equal(side_of(s, -1, lan(), server()), TFO_SIDE_UNKNOWN);
    assert_true(tfo_sides_learn(s, 0, 1, TFO_SIDE_UNKNOWN));
    assert_int_equal(side_of(s, 0, nat(), server()), TFO_SIDE_LAN);
    assert_int_equal(side_of(s, 1, lan(), server()), TFO_SIDE_WAN);
    assert_int_equal(side_of(s, 2, lan(), server()), TFO_SIDE_UNKNOWN);
    tfo_sides_free(s);
}

/* ------------------------------------------------------------- recording */

/* Per interface: a side is recorded once a frame came from an interface of
 * that side, and recorded after |ts| only by a frame strictly later. */
static void test_recorded_per_interface(void **state)
{
    tfo_sides *s = tfo_sides_new();

    (void)state;
    assert_true(tfo_sides_learn(s, 0, 1, TFO_SIDE_UNKNOWN));
    assert_false(tfo_sides_recorded(s, TFO_SIDE_LAN)); /* known, but nothing captured */
    assert_false(tfo_sides_recorded(s, TFO_SIDE_WAN));
    tfo_sides_note_frame(s, 0, 100);
    assert_true(tfo_sides_recorded(s, TFO_SIDE_LAN));
    assert_false(tfo_sides_recorded(s, TFO_SIDE_WAN));
    assert_false(tfo_sides_recorded_after(s, TFO_SIDE_WAN, 0));
    tfo_sides_note_frame(s, 1, 50);
    assert_true(tfo_sides_recorded(s, TFO_SIDE_WAN));
    assert_true(tfo_sides_recorded_after(s, TFO_SIDE_WAN, 49));
    assert_false(tfo_sides_recorded_after(s, TFO_SIDE_WAN, 50));
    assert_true(tfo_sides_recorded_after(s, TFO_SIDE_LAN, 99));
    assert_false(tfo_sides_recorded_after(s, TFO_SIDE_LAN, 100));
    /* The WAN stopped at 50: later LAN frames, or frames of an interface of
     * no known side, do not make it recorded later. */
    tfo_sides_note_frame(s, 0, 500);
    tfo_sides_note_frame(s, 2, 900);
    assert_false(tfo_sides_recorded_after(s, TFO_SIDE_WAN, 50));
    assert_true(tfo_sides_recorded_after(s, TFO_SIDE_LAN, 499));
    /* A second WAN interface counts. */
    assert_true(tfo_sides_learn(s, 0, 2, TFO_SIDE_UNKNOWN));
    assert_true(tfo_sides_recorded_after(s, TFO_SIDE_WAN, 899));
    assert_false(tfo_sides_recorded_after(s, TFO_SIDE_WAN, 900));
    tfo_sides_free(s);
}

/* One interface heard from, of a known side: its frames, even those with
 * no address (tfo_sides_note_frame only), record that side. */
static void test_recorded_after_one_known_interface(void **state)
{
    tfo_sides *s = tfo_sides_new();

    (void)state;
    tfo_sides_pin(s, 1, TFO_SIDE_WAN);
    tfo_sides_note_frame(s, 1, 100);
    assert_true(tfo_sides_recorded(s, TFO_SIDE_WAN));
    assert_true(tfo_sides_recorded_after(s, TFO_SIDE_WAN, 99));
    assert_false(tfo_sides_recorded_after(s, TFO_SIDE_WAN, 100));
    assert_false(tfo_sides_recorded_after(s, TFO_SIDE_LAN, 0));
    tfo_sides_free(s);
}

/* Sides told by address while one interface was heard from no longer
 * count once there are several: the WAN interface stopped early. */
static void test_recorded_after_several_ignores_addresses(void **state)
{
    tfo_sides *s = tfo_sides_new();

    (void)state;
    packet(s, 0, 10, lan(), server());
    packet(s, 0, 20, nat(), server()); /* WAN by address, on interface 0 */
    tfo_sides_note_frame(s, 1, 30);
    assert_true(tfo_sides_learn(s, 0, 1, TFO_SIDE_UNKNOWN));
    tfo_sides_note_frame(s, 0, 100);
    assert_false(tfo_sides_recorded_after(s, TFO_SIDE_WAN, 30));
    assert_true(tfo_sides_recorded_after(s, TFO_SIDE_LAN, 30));
    tfo_sides_free(s);
}

/* One interface carrying both sides: a side is recorded after |ts| once a
 * packet of it was seen and that interface has a frame later than |ts|. */
static void test_recorded_one_interface_both_sides(void **state)
{
    static const int32_t ids[2] = {-1, 3};
    int i;

    (void)state;
    for (i = 0; i < 2; i++) {
        tfo_sides *s = tfo_sides_new();
        int32_t id = ids[i];

        packet(s, id, 10, lan(), server());
        assert_true(tfo_sides_recorded_after(s, TFO_SIDE_LAN, 9));
        assert_false(tfo_sides_recorded_after(s, TFO_SIDE_LAN, 10));
        assert_false(tfo_sides_recorded_after(s, TFO_SIDE_WAN, 0)); /* no WAN packet yet */
        packet(s, id, 20, nat(), server());
        assert_true(tfo_sides_recorded_after(s, TFO_SIDE_WAN, 19));
        assert_false(tfo_sides_recorded_after(s, TFO_SIDE_WAN, 20));
        assert_true(tfo_sides_recorded_after(s, TFO_SIDE_LAN, 19)); /* the same interface */
        tfo_sides_note_frame(s, id, 30);                            /* any frame of it */
        assert_true(tfo_sides_recorded_after(s, TFO_SIDE_WAN, 29));
        tfo_sides_free(s);
    }
}

/* --------------------------------------------------- declared interfaces */

/* Silent: declared by the capture, no frame yet, and not the one asked about. */
static void test_declared_silent(void **state)
{
    tfo_sides *s = tfo_sides_new();

    (void)state;
    assert_false(tfo_sides_declared_silent(s, 0));
    tfo_sides_expect(s, 0);
    assert_false(tfo_sides_declared_silent(s, 0)); /* only itself */
    assert_true(tfo_sides_declared_silent(s, 1));
    assert_true(tfo_sides_declared_silent(s, -1));
    tfo_sides_expect(s, 2);
    tfo_sides_pin(s, 5, TFO_SIDE_WAN); /* known to preferences, not declared */
    tfo_sides_note_frame(s, 0, 0);
    assert_true(tfo_sides_declared_silent(s, 0)); /* 2 still silent */
    assert_false(tfo_sides_declared_silent(s, 2));
    tfo_sides_note_frame(s, 2, 1);
    assert_false(tfo_sides_declared_silent(s, 0));
    assert_false(tfo_sides_declared_silent(s, 5));
    tfo_sides_free(s);
}

/* ------------------------------------------------------ out-of-range ids */

/* Negative ids and ids from 1024 up get no side; they never count as an
 * interface of their own. */
static void test_out_of_range_ids(void **state)
{
    tfo_sides *s = tfo_sides_new();

    (void)state;
    tfo_sides_pin(s, 1023, TFO_SIDE_WAN);
    assert_int_equal(tfo_sides_of_interface(s, 1023), TFO_SIDE_WAN);
    tfo_sides_pin(s, 1024, TFO_SIDE_WAN);
    tfo_sides_pin(s, -1, TFO_SIDE_WAN);
    tfo_sides_pin(s, INT32_MIN, TFO_SIDE_WAN);
    assert_int_equal(tfo_sides_of_interface(s, 1024), TFO_SIDE_UNKNOWN);
    assert_int_equal(tfo_sides_of_interface(s, -1), TFO_SIDE_UNKNOWN);
    assert_int_equal(tfo_sides_of_interface(s, INT32_MAX), TFO_SIDE_UNKNOWN);
    assert_int_equal(tfo_sides_of_interface(s, INT32_MIN), TFO_SIDE_UNKNOWN);
    assert_false(tfo_sides_learn(s, 0, 4096, TFO_SIDE_UNKNOWN));
    assert_false(tfo_sides_learn(s, -2, 0, TFO_SIDE_UNKNOWN));
    assert_int_equal(tfo_sides_of_interface(s, 0), TFO_SIDE_UNKNOWN);
    tfo_sides_expect(s, 70000);
    assert_false(tfo_sides_declared_silent(s, 0));
    /* Frames of a wild id leave the capture a one-interface one. */
    tfo_sides_note_frame(s, 0, 0);
    tfo_sides_note_frame(s, 70000, 1);
    tfo_sides_note_frame(s, -7, 2);
    assert_int_equal(side_of(s, 0, lan(), server()), TFO_SIDE_LAN);
    tfo_sides_free(s);
}

/* ---------------------------------------------------------- leg sides */

static tfo_leg *leg_on(tfo_handshake *hs, int32_t interface_id, tfo_side side)
{
    tfo_leg_key key;

    memset(&key, 0, sizeof(key));
    key.interface_id = interface_id;
    key.client = side == TFO_SIDE_WAN ? nat() : lan();
    key.server = server();
    return tfo_handshake_add_leg(hs, &key, side, 1);
}

/* A leg of unknown side takes its interface's once that is known, and keeps
 * it; a leg's own side stands. */
static void test_leg_side_resolution(void **state)
{
    tfo_sides *s = tfo_sides_new();
    tfo_handshake *hs = tfo_handshake_new(1);
    tfo_leg *lan_leg = leg_on(hs, 3, TFO_SIDE_UNKNOWN), *wan_leg = leg_on(hs, 3, TFO_SIDE_WAN);

    (void)state;
    assert_int_equal(tfo_sides_of_leg(s, lan_leg), TFO_SIDE_UNKNOWN);
    assert_int_equal(lan_leg->side, TFO_SIDE_UNKNOWN);
    assert_true(tfo_sides_learn(s, 3, 4, TFO_SIDE_UNKNOWN));
    assert_int_equal(tfo_sides_of_leg(s, lan_leg), TFO_SIDE_LAN);
    assert_int_equal(lan_leg->side, TFO_SIDE_LAN);
    assert_int_equal(tfo_sides_of_leg(s, wan_leg), TFO_SIDE_WAN);
    tfo_handshake_free(hs);
    tfo_sides_free(s);
}

/* ------------------------------------------- tfo_sides_from_interface_name */

static void test_name_says_side(void **state)
{
    static const char *const lan[] = {"lan", "LAN", "lan0", "br-lan", "eth-lan", "eth0.lan", "lan_1"};
    static const char *const wan[] = {"wan", "wan0", "pppoe-wan", "WAN2", "wwan0", "eth1.wan", "wan6"};
    static const char *const neither[] = {"eth0", "wlan0", "vlan10", "lanwan", "lan-wan", "plan", "wane",
                                          "", "\\Device\\NPF_{4E273621}", "any"};
    guint i;

    (void)state;
    for (i = 0; i < G_N_ELEMENTS(lan); i++)
        assert_int_equal(tfo_sides_from_interface_name(lan[i]), TFO_SIDE_LAN);
    for (i = 0; i < G_N_ELEMENTS(wan); i++)
        assert_int_equal(tfo_sides_from_interface_name(wan[i]), TFO_SIDE_WAN);
    for (i = 0; i < G_N_ELEMENTS(neither); i++)
        assert_int_equal(tfo_sides_from_interface_name(neither[i]), TFO_SIDE_UNKNOWN);
    assert_int_equal(tfo_sides_from_interface_name(NULL), TFO_SIDE_UNKNOWN);
}

/* ---------------------------------------------------- tfo_sides_of_ingress */

static tfo_segment copy(const char *client, uint16_t cport, const char *server, uint16_t sport)
{
    tfo_segment s = {0};

    s.client = tfo_t_ep4(client, cport);
    s.server = tfo_t_ep4(server, sport);
    return s;
}

static void test_ingress_by_rewritten_endpoint(void **state)
{
    tfo_segment lan_out = copy("192.168.1.10", 40000, "198.51.100.20", 80);
    tfo_segment wan_out = copy("203.0.113.1", 50000, "198.51.100.20", 80);
    tfo_segment wan_in = copy("198.51.100.7", 41000, "203.0.113.1", 8080);
    tfo_segment lan_in = copy("198.51.100.7", 41000, "192.168.1.20", 80);
    tfo_segment routed = copy("5.5.5.5", 40000, "3.3.3.3", 80);
    tfo_segment cgnat = copy("100.64.0.9", 50000, "198.51.100.20", 80);

    (void)state;
    /* Source NAT: the private client made public entered on the LAN. */
    assert_int_equal(tfo_sides_of_ingress(&lan_out, &wan_out), TFO_SIDE_LAN);
    /* Destination NAT: the public server made private entered on the WAN. */
    assert_int_equal(tfo_sides_of_ingress(&wan_in, &lan_in), TFO_SIDE_WAN);
    /* No NAT, or private on both copies (behind a carrier-grade NAT): nothing shown. */
    assert_int_equal(tfo_sides_of_ingress(&routed, &routed), TFO_SIDE_UNKNOWN);
    assert_int_equal(tfo_sides_of_ingress(&lan_out, &cgnat), TFO_SIDE_UNKNOWN);
}

/* --------------------------------------------------------- tfo_sides_learn */

static void test_learn_from_shown_side(void **state)
{
    tfo_sides *s = tfo_sides_new();

    (void)state;
    /* An inbound twin from interface 0 to 1 makes 0 the WAN. */
    assert_true(tfo_sides_learn(s, 0, 1, TFO_SIDE_WAN));
    assert_int_equal(tfo_sides_of_interface(s, 0), TFO_SIDE_WAN);
    assert_int_equal(tfo_sides_of_interface(s, 1), TFO_SIDE_LAN);
    /* A later outbound twin between them teaches nothing and flips nothing. */
    assert_false(tfo_sides_learn(s, 1, 0, TFO_SIDE_LAN));
    assert_false(tfo_sides_learn(s, 0, 1, TFO_SIDE_LAN));
    assert_int_equal(tfo_sides_of_interface(s, 0), TFO_SIDE_WAN);
    tfo_sides_free(s);
}

static void test_learn_keeps_known_side(void **state)
{
    tfo_sides *s = tfo_sides_new();

    (void)state;
    /* A named WAN interface: an inbound twin without address evidence
     * makes the other one the LAN, whatever the ingress assumption. */
    tfo_sides_pin(s, 0, TFO_SIDE_WAN);
    assert_true(tfo_sides_learn(s, 0, 1, TFO_SIDE_UNKNOWN));
    assert_int_equal(tfo_sides_of_interface(s, 0), TFO_SIDE_WAN);
    assert_int_equal(tfo_sides_of_interface(s, 1), TFO_SIDE_LAN);
    /* The same from the egress's side; and a twin on one interface teaches nothing. */
    tfo_sides_pin(s, 3, TFO_SIDE_LAN);
    assert_true(tfo_sides_learn(s, 2, 3, TFO_SIDE_LAN));
    assert_int_equal(tfo_sides_of_interface(s, 2), TFO_SIDE_WAN);
    assert_false(tfo_sides_learn(s, 4, 4, TFO_SIDE_LAN));
    assert_int_equal(tfo_sides_of_interface(s, 4), TFO_SIDE_UNKNOWN);
    tfo_sides_free(s);
}

static void test_learn_without_evidence_takes_outbound(void **state)
{
    tfo_sides *s = tfo_sides_new();

    (void)state;
    assert_true(tfo_sides_learn(s, 1, 0, TFO_SIDE_UNKNOWN));
    assert_int_equal(tfo_sides_of_interface(s, 1), TFO_SIDE_LAN);
    assert_int_equal(tfo_sides_of_interface(s, 0), TFO_SIDE_WAN);
    tfo_sides_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_says_side),
        cmocka_unit_test(test_ingress_by_rewritten_endpoint),
        cmocka_unit_test(test_learn_from_shown_side),
        cmocka_unit_test(test_learn_keeps_known_side),
        cmocka_unit_test(test_learn_without_evidence_takes_outbound),
        cmocka_unit_test(test_pin_never_relearned),
        cmocka_unit_test(test_unpin),
        cmocka_unit_test(test_pinned_contrary_learns_nothing),
        cmocka_unit_test(test_learn_from_twin),
        cmocka_unit_test(test_learn_grows_for_both),
        cmocka_unit_test(test_one_interface_addresses),
        cmocka_unit_test(test_several_interfaces_unknown_until_learned),
        cmocka_unit_test(test_recorded_per_interface),
        cmocka_unit_test(test_recorded_after_one_known_interface),
        cmocka_unit_test(test_recorded_after_several_ignores_addresses),
        cmocka_unit_test(test_recorded_one_interface_both_sides),
        cmocka_unit_test(test_declared_silent),
        cmocka_unit_test(test_out_of_range_ids),
        cmocka_unit_test(test_leg_side_resolution),
    };
    return cmocka_run_group_tests_name("tfo_sides", tests, NULL, NULL);
}
