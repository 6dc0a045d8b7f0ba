/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_error.h"
#include "tfo_test_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

static const uint8_t cookie8[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};

static int parse(const tfo_t_opts *o, tfo_option *out)
{
    return tfo_option_parse(o->bytes, o->len, o->len, out);
}

/* |o| with only its first |captured| bytes captured. */
static int parse_snapped(const tfo_t_opts *o, size_t captured, tfo_option *out)
{
    return tfo_option_parse(o->bytes, captured, o->len, out);
}

static void test_kind34_request(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&o), NULL, 0);
    assert_int_equal(parse(&o, &opt), 2);
    assert_int_equal(opt.type, TFO_OPT_REQUEST);
    assert_int_equal(opt.kind, TFO_OPT_KIND);
    assert_int_equal(opt.length, 2);
    assert_int_equal(opt.offset, 0);
    assert_int_equal(opt.cookie_len, 0);
}

static void test_kind34_cookie_copied(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&o), cookie8, sizeof(cookie8));
    assert_int_equal(o.len, 10);
    assert_int_equal(parse(&o, &opt), 10);
    assert_int_equal(opt.type, TFO_OPT_COOKIE);
    assert_int_equal(opt.kind, TFO_OPT_KIND);
    assert_int_equal(opt.length, 10);
    assert_int_equal(opt.cookie_len, 8);
    assert_memory_equal(opt.cookie, cookie8, 8);
    assert_false(opt.magic_in_cookie);
}

static void test_cookie_length_limits(void **state)
{
    static const uint8_t cookie16[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&o), cookie16, 4);
    assert_int_equal(parse(&o, &opt), 6);
    assert_int_equal(opt.type, TFO_OPT_COOKIE);
    assert_int_equal(opt.cookie_len, 4);
    assert_memory_equal(opt.cookie, cookie16, 4);

    tfo_t_opt_tfo(tfo_t_opts_new(&o), cookie16, 16);
    assert_int_equal(parse(&o, &opt), 18);
    assert_int_equal(opt.type, TFO_OPT_COOKIE);
    assert_int_equal(opt.cookie_len, 16);
    assert_memory_equal(opt.cookie, cookie16, 16);
}

/* Kind 34 with option length |length| and as many bytes, then a NOP. */
static void assert_bad_length(uint8_t length)
{
    tfo_t_opts o;
    tfo_option opt;

    tfo_t_opt_nop(tfo_t_opt_kind_len(tfo_t_opts_new(&o), TFO_OPT_KIND, length));
    assert_int_equal(parse(&o, &opt), TFO_ERR_BAD_LENGTH);
    assert_int_equal(opt.type, TFO_OPT_INVALID);
    assert_int_equal(opt.kind, TFO_OPT_KIND);
    assert_int_equal(opt.length, length);
    assert_int_equal(opt.cookie_len, 0);
}

static void test_bad_lengths(void **state)
{
    (void)state;
    assert_bad_length(3);  /* 1-byte cookie */
    assert_bad_length(4);  /* 2-byte cookie: below the minimum of 4 */
    assert_bad_length(5);  /* 3-byte cookie */
    assert_bad_length(7);  /* 5-byte cookie: odd */
    assert_bad_length(19); /* 17-byte cookie */
    assert_bad_length(20); /* 18-byte cookie */
}

static void test_length_below_header(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    tfo_t_opt_hex(tfo_t_opts_new(&o), "22010101");
    assert_int_equal(parse(&o, &opt), TFO_ERR_BAD_LENGTH);
    assert_int_equal(opt.type, TFO_OPT_INVALID);
    tfo_t_opt_hex(tfo_t_opts_new(&o), "22000101");
    assert_int_equal(parse(&o, &opt), TFO_ERR_BAD_LENGTH);
    assert_int_equal(opt.type, TFO_OPT_INVALID);
}

static void test_truncated(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    /* Length 10 with only 8 bytes left. */
    tfo_t_opt_hex(tfo_t_opt_nop(tfo_t_opt_nop(tfo_t_opts_new(&o))), "220a112233445566");
    assert_int_equal(parse(&o, &opt), TFO_ERR_TRUNCATED);
    assert_int_equal(opt.type, TFO_OPT_INVALID);
    assert_int_equal(opt.kind, TFO_OPT_KIND);
    assert_int_equal(opt.length, 10);
    assert_int_equal(opt.offset, 2);
    /* One byte short. */
    tfo_t_opt_hex(tfo_t_opts_new(&o), "220a1122334455667788");
    o.len--;
    assert_int_equal(parse(&o, &opt), TFO_ERR_TRUNCATED);
    assert_int_equal(opt.type, TFO_OPT_INVALID);
    /* Exactly long enough. */
    o.len++;
    assert_int_equal(parse(&o, &opt), 10);
    assert_int_equal(opt.type, TFO_OPT_COOKIE);
}

static void test_kind_as_last_byte(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    tfo_t_opt_hex(tfo_t_opt_mss(tfo_t_opts_new(&o), 1460), "0122");
    assert_int_equal(parse(&o, &opt), TFO_ERR_TRUNCATED);
    assert_int_equal(opt.type, TFO_OPT_INVALID);
    assert_int_equal(opt.kind, TFO_OPT_KIND);
    assert_int_equal(opt.offset, 5);
}

static void test_kind254_request(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    tfo_t_opt_tfo_exp(tfo_t_opts_new(&o), NULL, 0);
    assert_int_equal(o.len, 4);
    assert_int_equal(parse(&o, &opt), 4);
    assert_int_equal(opt.type, TFO_OPT_REQUEST);
    assert_int_equal(opt.kind, TFO_OPT_KIND_EXP);
    assert_int_equal(opt.length, 4);
    assert_int_equal(opt.offset, 0);
}

static void test_kind254_cookie(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    /* The challenge's SYN-ACK: MSS, then 254/F989 with 090909090000, NOP NOP. */
    tfo_t_opt_hex(tfo_t_opts_new(&o), "020405dcfe0af9890909090900000101");
    assert_int_equal(parse(&o, &opt), 10);
    assert_int_equal(opt.type, TFO_OPT_COOKIE);
    assert_int_equal(opt.kind, TFO_OPT_KIND_EXP);
    assert_int_equal(opt.length, 10);
    assert_int_equal(opt.offset, 4);
    assert_int_equal(opt.cookie_len, 6);
    assert_memory_equal(opt.cookie, "\x09\x09\x09\x09\x00\x00", 6);

    tfo_t_opt_tfo_exp(tfo_t_opts_new(&o), cookie8, sizeof(cookie8));
    assert_int_equal(parse(&o, &opt), 12);
    assert_int_equal(opt.cookie_len, 8);
    assert_memory_equal(opt.cookie, cookie8, 8);
}

static void test_kind254_bad_length(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    /* Magic, then a 1-byte cookie. */
    tfo_t_opt_hex(tfo_t_opts_new(&o), "fe05f989aa010101");
    assert_int_equal(parse(&o, &opt), TFO_ERR_BAD_LENGTH);
    assert_int_equal(opt.type, TFO_OPT_INVALID);
    assert_int_equal(opt.kind, TFO_OPT_KIND_EXP);
    /* Length 2 is too short to hold the magic. */
    tfo_t_opt_hex(tfo_t_opts_new(&o), "fe02f989");
    assert_int_equal(parse(&o, &opt), TFO_ERR_BAD_LENGTH);
    assert_int_equal(opt.type, TFO_OPT_INVALID);
}

static void test_kind254_other_magic_skipped(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    tfo_t_opt_hex(tfo_t_opts_new(&o), "fe061234aabb");
    assert_int_equal(parse(&o, &opt), 0);
    assert_int_equal(opt.type, TFO_OPT_NONE);

    tfo_t_opt_tfo(tfo_t_opt_hex(tfo_t_opts_new(&o), "fe061234aabb"), cookie8, 4);
    assert_int_equal(parse(&o, &opt), 6);
    assert_int_equal(opt.type, TFO_OPT_COOKIE);
    assert_int_equal(opt.kind, TFO_OPT_KIND);
    assert_int_equal(opt.offset, 6);
    assert_memory_equal(opt.cookie, cookie8, 4);
}

static void test_kind254_magic_cut_short(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    /* Only the first byte of the magic is inside the options area (the
     * buffer holds the second one just past its end). */
    tfo_t_opt_hex(tfo_t_opts_new(&o), "fe04f989");
    o.len = 3;
    assert_int_equal(parse(&o, &opt), 0);
    assert_int_equal(opt.type, TFO_OPT_NONE);
}

static void test_nops_before(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opt_nop(tfo_t_opt_nop(tfo_t_opt_nop(tfo_t_opts_new(&o)))), NULL, 0);
    assert_int_equal(parse(&o, &opt), 2);
    assert_int_equal(opt.type, TFO_OPT_REQUEST);
    assert_int_equal(opt.offset, 3);
}

static void test_offset_after_other_options(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    /* MSS (4) + NOP NOP + timestamps (10) = 16 bytes before the option. */
    tfo_t_opts_new(&o);
    tfo_t_opt_ts(tfo_t_opt_nop(tfo_t_opt_nop(tfo_t_opt_mss(&o, 1460))), 12345, 0);
    tfo_t_opt_tfo(&o, cookie8, 8);
    assert_int_equal(parse(&o, &opt), 10);
    assert_int_equal(opt.offset, 16);
    assert_int_equal(opt.type, TFO_OPT_COOKIE);
    assert_memory_equal(opt.cookie, cookie8, 8);
}

static void test_first_option_wins(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opt_tfo_exp(tfo_t_opts_new(&o), NULL, 0), cookie8, 8);
    assert_int_equal(parse(&o, &opt), 4);
    assert_int_equal(opt.kind, TFO_OPT_KIND_EXP);
    assert_int_equal(opt.type, TFO_OPT_REQUEST);
}

static void test_eol_stops(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opt_eol(tfo_t_opt_nop(tfo_t_opts_new(&o))), NULL, 0);
    assert_int_equal(parse(&o, &opt), 0);
    assert_int_equal(opt.type, TFO_OPT_NONE);
    /* What follows EOL is padding, even when it reads like options. */
    tfo_t_opt_hex(tfo_t_opts_new(&o), "00022202");
    assert_int_equal(parse(&o, &opt), 0);
    assert_int_equal(opt.type, TFO_OPT_NONE);
}

static void test_broken_other_option_stops(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    /* MSS with length 1. */
    tfo_t_opt_tfo(tfo_t_opt_hex(tfo_t_opts_new(&o), "0201"), NULL, 0);
    assert_int_equal(parse(&o, &opt), 0);
    assert_int_equal(opt.type, TFO_OPT_NONE);
    /* Length 0. */
    tfo_t_opt_tfo(tfo_t_opt_hex(tfo_t_opts_new(&o), "0800"), NULL, 0);
    assert_int_equal(parse(&o, &opt), 0);
    assert_int_equal(opt.type, TFO_OPT_NONE);
    /* Timestamps running past the end. */
    tfo_t_opt_hex(tfo_t_opts_new(&o), "080a0000");
    assert_int_equal(parse(&o, &opt), 0);
    assert_int_equal(opt.type, TFO_OPT_NONE);
    /* An option whose length runs over the Fast Open option and past the end. */
    tfo_t_opt_tfo(tfo_t_opt_hex(tfo_t_opts_new(&o), "0306"), NULL, 0);
    assert_int_equal(parse(&o, &opt), 0);
    assert_int_equal(opt.type, TFO_OPT_NONE);
}

static void test_empty(void **state)
{
    tfo_option opt;

    (void)state;
    memset(&opt, 0xff, sizeof(opt));
    assert_int_equal(tfo_option_parse(NULL, 0, 0, &opt), 0);
    assert_int_equal(opt.type, TFO_OPT_NONE);
    assert_int_equal(opt.cookie_len, 0);
}

/* The snap length cuts a valid cookie: its length stands, its bytes as far
 * as captured (tests/malformed/cases/snapped-in-option). */
static void test_snapped_cookie(void **state)
{
    tfo_t_opts o;
    tfo_option opt, full;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opt_ts(tfo_t_opt_nop(tfo_t_opt_nop(tfo_t_opt_mss(tfo_t_opts_new(&o), 1460))), 1, 0),
                  cookie8, 8);
    assert_int_equal(parse_snapped(&o, 20, &opt), 10);
    assert_int_equal(opt.type, TFO_OPT_COOKIE);
    assert_int_equal(opt.offset, 16);
    assert_int_equal(opt.cookie_len, 8);
    assert_int_equal(opt.cookie_captured, 2);
    assert_memory_equal(opt.cookie, cookie8, 2);
    assert_int_equal(parse(&o, &full), 10);
    assert_int_equal(full.cookie_captured, 8);
    assert_true(tfo_option_same_cookie(&opt, &full));
    full.cookie[1] ^= 1;
    assert_false(tfo_option_same_cookie(&opt, &full));
    full.cookie[1] ^= 1;
    full.cookie[5] ^= 1; /* where the snapped copy has nothing to compare */
    assert_true(tfo_option_same_cookie(&opt, &full));
    /* Only the kind and length: a valid cookie with nothing of it captured. */
    assert_int_equal(parse_snapped(&o, 18, &opt), 10);
    assert_int_equal(opt.cookie_captured, 0);
}

/* The snap length cuts the options before a Fast Open option could be told
 * (tests/malformed/cases/snapped-wan): neither present nor absent. */
static void test_snapped_before_option(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opt_ts(tfo_t_opt_nop(tfo_t_opt_nop(tfo_t_opt_mss(tfo_t_opts_new(&o), 1460))), 1, 0),
                  NULL, 0);
    assert_int_equal(parse_snapped(&o, 4, &opt), TFO_ERR_UNCAPTURED);
    assert_int_equal(opt.type, TFO_OPT_UNCAPTURED);
    assert_int_equal(opt.offset, 4);
    assert_false(tfo_option_present(&opt));
    assert_int_equal(parse_snapped(&o, 0, &opt), TFO_ERR_UNCAPTURED);
    /* Kind 34 captured, its length byte not. */
    assert_int_equal(parse_snapped(&o, 17, &opt), TFO_ERR_UNCAPTURED);
    assert_int_equal(opt.offset, 16);
    /* Kind 254 and its length captured, its magic not. */
    tfo_t_opt_tfo_exp(tfo_t_opts_new(&o), cookie8, 8);
    assert_int_equal(parse_snapped(&o, 3, &opt), TFO_ERR_UNCAPTURED);
    assert_int_equal(parse_snapped(&o, 4, &opt), 12);
    assert_int_equal(opt.cookie_captured, 0);
    /* An EOL before the cut ends the options: nothing was lost. */
    tfo_t_opt_tfo(tfo_t_opt_eol(tfo_t_opts_new(&o)), NULL, 0);
    assert_int_equal(parse_snapped(&o, 1, &opt), 0);
    assert_int_equal(opt.type, TFO_OPT_NONE);
}

/* A length the capture shows invalid stays invalid however short the capture. */
static void test_snapped_invalid_length(void **state)
{
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    tfo_t_opt_kind_len(tfo_t_opts_new(&o), TFO_OPT_KIND, 5);
    assert_int_equal(parse_snapped(&o, 2, &opt), TFO_ERR_BAD_LENGTH);
    assert_int_equal(opt.type, TFO_OPT_INVALID);
    assert_true(tfo_option_present(&opt));
    /* Past the header's end, not just past the capture. */
    tfo_t_opt_hex(tfo_t_opts_new(&o), "220a11223344");
    assert_int_equal(parse_snapped(&o, 4, &opt), TFO_ERR_TRUNCATED);
}

static void test_magic_in_cookie(void **state)
{
    static const uint8_t magic_cookie[8] = {0xf9, 0x89, 1, 2, 3, 4, 5, 6};
    tfo_t_opts o;
    tfo_option opt;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opts_new(&o), magic_cookie, 8);
    assert_int_equal(parse(&o, &opt), 10);
    assert_int_equal(opt.type, TFO_OPT_COOKIE);
    assert_true(opt.magic_in_cookie);

    tfo_t_opt_tfo_exp(tfo_t_opts_new(&o), magic_cookie, 8);
    assert_int_equal(parse(&o, &opt), 12);
    assert_int_equal(opt.type, TFO_OPT_COOKIE);
    assert_false(opt.magic_in_cookie);

    /* Only the first two bytes count. */
    tfo_t_opt_tfo(tfo_t_opts_new(&o), magic_cookie + 1, 4);
    assert_int_equal(parse(&o, &opt), 6);
    assert_false(opt.magic_in_cookie);
}

static void test_same_cookie(void **state)
{
    tfo_option a = tfo_t_cookie(TFO_OPT_KIND, "1122334455667788");
    tfo_option b = tfo_t_cookie(TFO_OPT_KIND, "1122334455667788");
    tfo_option other = tfo_t_cookie(TFO_OPT_KIND, "1122334455667789");
    tfo_option shorter = tfo_t_cookie(TFO_OPT_KIND, "112233445566");
    tfo_option req = tfo_t_request(TFO_OPT_KIND), req2 = tfo_t_request(TFO_OPT_KIND);
    tfo_option none = tfo_t_no_option();
    tfo_t_opts o;
    tfo_option parsed;

    (void)state;
    assert_true(tfo_option_same_cookie(&a, &b));
    assert_false(tfo_option_same_cookie(&a, &other));
    assert_false(tfo_option_same_cookie(&a, &shorter));
    assert_false(tfo_option_same_cookie(&shorter, &a));
    assert_false(tfo_option_same_cookie(&a, &req));
    assert_false(tfo_option_same_cookie(&req, &none));
    assert_false(tfo_option_same_cookie(&a, &none));
    assert_true(tfo_option_same_cookie(&req, &req2));
    assert_true(tfo_option_same_cookie(&none, &none));

    /* A parsed option compares equal to one with the same cookie, whatever
     * else differs (its offset). */
    tfo_t_opt_tfo(tfo_t_opt_nop(tfo_t_opts_new(&o)), cookie8, 8);
    assert_int_equal(parse(&o, &parsed), 10);
    assert_true(tfo_option_same_cookie(&parsed, &a));
}

static void test_timestamp(void **state)
{
    tfo_t_opts o;
    uint32_t tsval = 0;

    (void)state;
    tfo_t_opt_tfo(tfo_t_opt_ts(tfo_t_opt_nop(tfo_t_opt_mss(tfo_t_opts_new(&o), 1460)), 0x01020304, 7), cookie8, 8);
    assert_true(tfo_option_timestamp(o.bytes, o.len, &tsval));
    assert_int_equal(tsval, 0x01020304);
    /* The last one counts, as in Wireshark's tree. */
    tfo_t_opt_ts(tfo_t_opt_ts(tfo_t_opts_new(&o), 1, 0), 2, 0);
    assert_true(tfo_option_timestamp(o.bytes, o.len, &tsval));
    assert_int_equal(tsval, 2);
}

static void test_timestamp_absent(void **state)
{
    tfo_t_opts o;
    uint32_t tsval = 99;

    (void)state;
    assert_false(tfo_option_timestamp(NULL, 0, &tsval));
    tfo_t_opt_tfo(tfo_t_opt_mss(tfo_t_opts_new(&o), 1460), NULL, 0);
    assert_false(tfo_option_timestamp(o.bytes, o.len, &tsval));
    /* Length other than 10. */
    tfo_t_opt_hex(tfo_t_opts_new(&o), "080b0000000100000000000101");
    assert_false(tfo_option_timestamp(o.bytes, o.len, &tsval));
    /* Cut short by the end of the options. */
    tfo_t_opt_hex(tfo_t_opts_new(&o), "080a00000001000000");
    assert_false(tfo_option_timestamp(o.bytes, o.len, &tsval));
    /* After EOL, or after a broken option. */
    tfo_t_opt_ts(tfo_t_opt_eol(tfo_t_opts_new(&o)), 1, 0);
    assert_false(tfo_option_timestamp(o.bytes, o.len, &tsval));
    tfo_t_opt_ts(tfo_t_opt_hex(tfo_t_opts_new(&o), "0201"), 1, 0);
    assert_false(tfo_option_timestamp(o.bytes, o.len, &tsval));
    assert_int_equal(tsval, 99);
}

static void test_strerror(void **state)
{
    static const int codes[] = {0, TFO_ERR_TRUNCATED, TFO_ERR_BAD_LENGTH, TFO_ERR_REPLAY, TFO_ERR_INVALID};
    size_t i, j;

    (void)state;
    for (i = 0; i < G_N_ELEMENTS(codes); i++) {
        const char *text = tfo_strerror(codes[i]);
        assert_non_null(text);
        assert_true(strlen(text) > 0);
        for (j = 0; j < i; j++)
            assert_string_not_equal(text, tfo_strerror(codes[j]));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind34_request),
        cmocka_unit_test(test_kind34_cookie_copied),
        cmocka_unit_test(test_cookie_length_limits),
        cmocka_unit_test(test_bad_lengths),
        cmocka_unit_test(test_length_below_header),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_kind_as_last_byte),
        cmocka_unit_test(test_kind254_request),
        cmocka_unit_test(test_kind254_cookie),
        cmocka_unit_test(test_kind254_bad_length),
        cmocka_unit_test(test_kind254_other_magic_skipped),
        cmocka_unit_test(test_kind254_magic_cut_short),
        cmocka_unit_test(test_nops_before),
        cmocka_unit_test(test_offset_after_other_options),
        cmocka_unit_test(test_first_option_wins),
        cmocka_unit_test(test_eol_stops),
        cmocka_unit_test(test_broken_other_option_stops),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_snapped_cookie),
        cmocka_unit_test(test_snapped_before_option),
        cmocka_unit_test(test_snapped_invalid_length),
        cmocka_unit_test(test_magic_in_cookie),
        cmocka_unit_test(test_same_cookie),
        cmocka_unit_test(test_timestamp),
        cmocka_unit_test(test_timestamp_absent),
        cmocka_unit_test(test_strerror),
    };
    return cmocka_run_group_tests_name("tfo_option", tests, NULL, NULL);
}
