/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_test_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

static gboolean is_private4(const char *addr)
{
    tfo_endpoint ep = tfo_t_ep4(addr, 80);
    return tfo_endpoint_is_private(&ep);
}

static gboolean is_private6(const char *addr)
{
    tfo_endpoint ep = tfo_t_ep6(addr, 80);
    return tfo_endpoint_is_private(&ep);
}

static void test_private_rfc1918(void **state)
{
    (void)state;
    /* 10/8 */
    assert_true(is_private4("10.0.0.0"));
    assert_true(is_private4("10.255.255.255"));
    assert_false(is_private4("9.255.255.255"));
    assert_false(is_private4("11.0.0.0"));
    /* 172.16/12 */
    assert_true(is_private4("172.16.0.0"));
    assert_true(is_private4("172.31.255.255"));
    assert_false(is_private4("172.15.255.255"));
    assert_false(is_private4("172.32.0.0"));
    /* 192.168/16 */
    assert_true(is_private4("192.168.0.0"));
    assert_true(is_private4("192.168.255.255"));
    assert_false(is_private4("192.167.255.255"));
    assert_false(is_private4("192.169.0.0"));
}

static void test_private_shared_and_link_local(void **state)
{
    (void)state;
    /* 100.64/10 (RFC 6598) */
    assert_true(is_private4("100.64.0.0"));
    assert_true(is_private4("100.127.255.255"));
    assert_false(is_private4("100.63.255.255"));
    assert_false(is_private4("100.128.0.0"));
    /* 169.254/16 is on both sides of every router: not private, special */
    assert_false(is_private4("169.254.0.0"));
    assert_false(is_private4("169.254.255.255"));
    assert_false(is_private4("169.253.255.255"));
    assert_false(is_private4("169.255.0.0"));
}

static void test_private_ipv6(void **state)
{
    (void)state;
    /* fc00::/7 */
    assert_true(is_private6("fc00::"));
    assert_true(is_private6("fd12:3456::1"));
    assert_true(is_private6("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    assert_false(is_private6("fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    assert_false(is_private6("fe00::"));
    /* fe80::/10 is on both sides of every router: not private, special */
    assert_false(is_private6("fe80::"));
    assert_false(is_private6("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    assert_false(is_private6("fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    assert_false(is_private6("fec0::"));
}

static void test_public(void **state)
{
    tfo_endpoint none;

    (void)state;
    assert_false(is_private4("3.3.3.3"));
    assert_false(is_private4("9.9.9.9"));
    assert_false(is_private6("2001:db8::"));
    assert_false(is_private6("2001:db8::1"));
    memset(&none, 0, sizeof(none));
    assert_false(tfo_endpoint_is_private(&none));
}

static void test_set_ipv4_clears_rest(void **state)
{
    static const uint8_t addr[4] = {192, 0, 2, 1};
    static const uint8_t zero[12] = {0};
    tfo_endpoint ep;

    (void)state;
    memset(&ep, 0xff, sizeof(ep));
    tfo_endpoint_set_ipv4(&ep, addr, 8080);
    assert_int_equal(ep.family, TFO_AF_INET);
    assert_memory_equal(ep.bytes, addr, 4);
    assert_memory_equal(ep.bytes + 4, zero, sizeof(zero));
    assert_int_equal(ep.port, 8080);
}

static void test_equal_and_same_host(void **state)
{
    tfo_endpoint a = tfo_t_ep4("192.168.0.100", 13047);
    tfo_endpoint b = tfo_t_ep4("192.168.0.100", 13047);
    tfo_endpoint other_port = tfo_t_ep4("192.168.0.100", 13048);
    tfo_endpoint other_host = tfo_t_ep4("192.168.0.101", 13047);
    /* The same 4 bytes as an IPv6 address are another host. */
    tfo_endpoint v6 = tfo_t_ep6("c0a8:64::", 13047);
    tfo_endpoint a6 = tfo_t_ep6("2001:db8::1", 443);
    tfo_endpoint b6 = tfo_t_ep6("2001:db8:0::1", 443);

    (void)state;
    assert_true(tfo_endpoint_equal(&a, &b));
    assert_true(tfo_endpoint_same_host(&a, &b));
    assert_false(tfo_endpoint_equal(&a, &other_port));
    assert_true(tfo_endpoint_same_host(&a, &other_port));
    assert_false(tfo_endpoint_equal(&a, &other_host));
    assert_false(tfo_endpoint_same_host(&a, &other_host));
    assert_memory_equal(a.bytes, v6.bytes, 4);
    assert_false(tfo_endpoint_equal(&a, &v6));
    assert_false(tfo_endpoint_same_host(&a, &v6));
    assert_true(tfo_endpoint_equal(&a6, &b6));
}

static void test_hash(void **state)
{
    tfo_endpoint a = tfo_t_ep4("192.168.0.100", 13047);
    tfo_endpoint b = tfo_t_ep4("192.168.0.100", 13047);
    tfo_endpoint other_port = tfo_t_ep4("192.168.0.100", 13048);
    tfo_endpoint swapped_port = tfo_t_ep4("192.168.0.100", (uint16_t)(13047 >> 8 | (13047 & 0xff) << 8));
    tfo_endpoint high_byte = tfo_t_ep4("192.168.0.100", 13047 + 256);
    tfo_endpoint other_host = tfo_t_ep4("192.168.0.101", 13047);
    tfo_endpoint v6 = tfo_t_ep6("c0a8:64::", 13047);

    (void)state;
    assert_int_equal(tfo_endpoint_hash(&a), tfo_endpoint_hash(&b));
    assert_int_not_equal(tfo_endpoint_hash(&a), tfo_endpoint_hash(&high_byte));
    assert_int_not_equal(tfo_endpoint_hash(&a), tfo_endpoint_hash(&other_port));
    assert_int_not_equal(tfo_endpoint_hash(&a), tfo_endpoint_hash(&swapped_port));
    assert_int_not_equal(tfo_endpoint_hash(&a), tfo_endpoint_hash(&other_host));
    assert_int_not_equal(tfo_endpoint_hash(&a), tfo_endpoint_hash(&v6));
}

static void test_format_ipv4(void **state)
{
    char buf[TFO_ENDPOINT_STRLEN];
    tfo_endpoint ep = tfo_t_ep4("192.0.2.1", 80);
    tfo_endpoint max = tfo_t_ep4("255.255.255.255", 65535);

    (void)state;
    assert_ptr_equal(tfo_endpoint_format(&ep, buf, sizeof(buf)), buf);
    assert_string_equal(buf, "192.0.2.1:80");
    assert_string_equal(tfo_endpoint_format(&max, buf, sizeof(buf)), "255.255.255.255:65535");
}

static void test_format_ipv6(void **state)
{
    char buf[TFO_ENDPOINT_STRLEN];
    tfo_endpoint ep = tfo_t_ep6("2001:0db8:0000:0000:0000:0000:0000:0001", 443);
    tfo_endpoint inner = tfo_t_ep6("2001:db8:0:0:1:0:0:1", 80);
    tfo_endpoint any = tfo_t_ep6("::", 0);
    tfo_endpoint max = tfo_t_ep6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535);

    (void)state;
    assert_string_equal(tfo_endpoint_format(&ep, buf, sizeof(buf)), "[2001:db8::1]:443");
    /* Only the first of two equal runs of zeros is compressed. */
    assert_string_equal(tfo_endpoint_format(&inner, buf, sizeof(buf)), "[2001:db8::1:0:0:1]:80");
    assert_string_equal(tfo_endpoint_format(&any, buf, sizeof(buf)), "[::]:0");
    /* The longest text fits TFO_ENDPOINT_STRLEN. */
    assert_string_equal(tfo_endpoint_format(&max, buf, sizeof(buf)),
                        "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535");
}

static void test_format_none(void **state)
{
    char buf[TFO_ENDPOINT_STRLEN];
    tfo_endpoint none;

    (void)state;
    memset(&none, 0, sizeof(none));
    none.port = 80;
    assert_string_equal(tfo_endpoint_format(&none, buf, sizeof(buf)), "-");
}

static void test_format_truncates(void **state)
{
    char buf[8];
    tfo_endpoint ep = tfo_t_ep4("192.0.2.1", 80);

    (void)state;
    assert_string_equal(tfo_endpoint_format(&ep, buf, sizeof(buf)), "192.0.2");
}

static void test_special(void **state)
{
    tfo_endpoint none = {0};
    const char *special4[] = {"0.0.0.0", "127.0.0.1", "224.0.0.251", "239.255.255.250", "255.255.255.255"};
    const char *ordinary4[] = {"192.168.1.10", "3.3.3.3", "223.255.255.255", "255.255.255.254"};
    tfo_endpoint ep;
    guint i;

    (void)state;
    for (i = 0; i < G_N_ELEMENTS(special4); i++) {
        ep = tfo_t_ep4(special4[i], 0);
        assert_true(tfo_endpoint_is_special(&ep));
    }
    for (i = 0; i < G_N_ELEMENTS(ordinary4); i++) {
        ep = tfo_t_ep4(ordinary4[i], 0);
        assert_false(tfo_endpoint_is_special(&ep));
    }
    ep = tfo_t_ep6("::", 0);
    assert_true(tfo_endpoint_is_special(&ep));
    ep = tfo_t_ep6("::1", 0);
    assert_true(tfo_endpoint_is_special(&ep));
    ep = tfo_t_ep6("ff02::fb", 0);
    assert_true(tfo_endpoint_is_special(&ep));
    ep = tfo_t_ep6("fe80::1", 0);
    assert_true(tfo_endpoint_is_special(&ep));
    ep = tfo_t_ep4("169.254.1.1", 0);
    assert_true(tfo_endpoint_is_special(&ep));
    ep = tfo_t_ep6("fec0::", 0);
    assert_false(tfo_endpoint_is_special(&ep));
    ep = tfo_t_ep6("::2", 0);
    assert_false(tfo_endpoint_is_special(&ep));
    ep = tfo_t_ep6("2001:db8::1", 0);
    assert_false(tfo_endpoint_is_special(&ep));
    assert_true(tfo_endpoint_is_special(&none));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_private_rfc1918),
        cmocka_unit_test(test_private_shared_and_link_local),
        cmocka_unit_test(test_private_ipv6),
        cmocka_unit_test(test_public),
        cmocka_unit_test(test_set_ipv4_clears_rest),
        cmocka_unit_test(test_equal_and_same_host),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_format_ipv4),
        cmocka_unit_test(test_format_ipv6),
        cmocka_unit_test(test_format_none),
        cmocka_unit_test(test_format_truncates),
        cmocka_unit_test(test_special),
    };
    return cmocka_run_group_tests_name("tfo_addr", tests, NULL, NULL);
}
