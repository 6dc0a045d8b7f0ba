/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_sides.h"
#include "tfo_test_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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
    };
    return cmocka_run_group_tests_name("tfo_sides", tests, NULL, NULL);
}
