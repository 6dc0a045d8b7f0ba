/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_seq.h"
#include "tfo_test_build.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_diff(void **state)
{
    (void)state;
    assert_int_equal(TFO_SEQ_DIFF(5, 3), 2);
    assert_int_equal(TFO_SEQ_DIFF(3, 5), -2);
    assert_int_equal(TFO_SEQ_DIFF(0x00000005u, 0xFFFFFFF0u), 21);
    assert_int_equal(TFO_SEQ_DIFF(0xFFFFFFF0u, 0x00000005u), -21);
    assert_int_equal(TFO_SEQ_DIFF(0u, 0xFFFFFFFFu), 1);
    assert_int_equal(TFO_SEQ_DIFF(0x7FFFFFFFu, 0u), INT32_MAX);
    assert_int_equal(TFO_SEQ_DIFF(0x80000000u, 0u), INT32_MIN);
    assert_int_equal(TFO_SEQ_DIFF(0xFFFFFFF0u, 0xFFFFFFF0u), 0);
}

static void test_lt_gt_without_wrap(void **state)
{
    (void)state;
    assert_true(TFO_SEQ_LT(100, 200));
    assert_false(TFO_SEQ_LT(200, 100));
    assert_true(TFO_SEQ_GT(200, 100));
    assert_false(TFO_SEQ_GT(100, 200));
    assert_false(TFO_SEQ_LT(100, 100));
    assert_false(TFO_SEQ_GT(100, 100));
}

static void test_across_wrap(void **state)
{
    (void)state;
    assert_true(TFO_SEQ_LT(0xFFFFFFF0u, 0x00000005u));
    assert_false(TFO_SEQ_LT(0x00000005u, 0xFFFFFFF0u));
    assert_true(TFO_SEQ_GT(0x00000005u, 0xFFFFFFF0u));
    assert_false(TFO_SEQ_GT(0xFFFFFFF0u, 0x00000005u));
    assert_true(TFO_SEQ_LEQ(0xFFFFFFF0u, 0x00000005u));
    assert_true(TFO_SEQ_GEQ(0x00000005u, 0xFFFFFFF0u));
    assert_false(TFO_SEQ_GEQ(0xFFFFFFF0u, 0x00000005u));
    assert_false(TFO_SEQ_LEQ(0x00000005u, 0xFFFFFFF0u));
    assert_true(TFO_SEQ_GT(0u, 0xFFFFFFFFu));
    assert_true(TFO_SEQ_LT(0xFFFFFFFFu, 0u));
}

static void test_leq_geq_equal(void **state)
{
    (void)state;
    assert_true(TFO_SEQ_LEQ(0xFFFFFFF0u, 0xFFFFFFF0u));
    assert_true(TFO_SEQ_GEQ(0xFFFFFFF0u, 0xFFFFFFF0u));
    assert_true(TFO_SEQ_EQ(0xFFFFFFF0u, 0xFFFFFFF0u));
    assert_false(TFO_SEQ_EQ(0xFFFFFFF0u, 0x00000005u));
}

static void test_arithmetic_wraps(void **state)
{
    uint32_t isn = 0xFFFFFFF0u;
    uint64_t wide_ack = (uint64_t)isn + 21; /* 0x100000005 */

    (void)state;
    /* Operands are taken modulo 2^32, so an ack computed in a wider type
     * still compares equal to the 32-bit one. */
    assert_true(TFO_SEQ_EQ(wide_ack, 0x00000005u));
    assert_true(TFO_SEQ_EQ(isn + 21, 0x00000005u));
    assert_true(TFO_SEQ_GT(isn + 21, isn + 1));
    assert_int_equal(TFO_SEQ_DIFF(isn + 21, isn + 1), 20);
}

static void test_half_range(void **state)
{
    (void)state;
    /* Just under half the space apart: still ordered. */
    assert_true(TFO_SEQ_GT(0x7FFFFFFFu, 0u));
    assert_true(TFO_SEQ_LT(0u, 0x7FFFFFFFu));
    assert_true(TFO_SEQ_GT(0x7FFFFFEFu, 0xFFFFFFF0u));
    /* Just over half the space apart: the order flips. */
    assert_true(TFO_SEQ_LT(0x80000001u, 0u));
    assert_true(TFO_SEQ_GT(0u, 0x80000001u));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diff),
        cmocka_unit_test(test_lt_gt_without_wrap),
        cmocka_unit_test(test_across_wrap),
        cmocka_unit_test(test_leq_geq_equal),
        cmocka_unit_test(test_arithmetic_wraps),
        cmocka_unit_test(test_half_range),
    };
    return cmocka_run_group_tests_name("tfo_seq", tests, NULL, NULL);
}
