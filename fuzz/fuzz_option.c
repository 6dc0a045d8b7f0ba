/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: tfo_option_parse() on any TCP options area.
 *
 * The input's first byte says how many bytes of the area the capture lost
 * (snap length); the rest is the captured part, in a buffer of exactly that
 * size, so ASan sees any read past it. Besides memory errors and undefined
 * behaviour, the harness aborts when the result breaks the contract in
 * tfo_option.h. Areas longer than 255 bytes are cut to 255:
 * tfo_option.offset is a byte (a TCP options area has at most 40). */
#include "fuzz_input.h"

#include "tfo_error.h"
#include "tfo_option.h"
#include "tfo_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tfo_option opt, again;
    char text[2 * TFO_COOKIE_MAX + 4];
    size_t captured, len;
    int rc;

    if (size == 0)
        return 0;
    captured = MIN(size - 1, 255);
    len = MIN(captured + data[0], 255);
    data++;
    rc = tfo_option_parse(data, captured, len, &opt);

    if (rc > 0) {
        /* A valid option: request or cookie, wholly inside the area. */
        size_t hdr = opt.kind == TFO_OPT_KIND ? 2 : 4;
        CHECK(opt.type == TFO_OPT_REQUEST || opt.type == TFO_OPT_COOKIE);
        CHECK(opt.kind == TFO_OPT_KIND || opt.kind == TFO_OPT_KIND_EXP);
        CHECK(rc == opt.length);
        CHECK((size_t)opt.offset + opt.length <= len);
        CHECK((size_t)opt.offset + hdr <= captured);
        CHECK(data[opt.offset] == opt.kind && data[opt.offset + 1] == opt.length);
        if (opt.kind == TFO_OPT_KIND_EXP)
            CHECK(data[opt.offset + 2] == 0xF9 && data[opt.offset + 3] == 0x89);
        if (opt.type == TFO_OPT_REQUEST) {
            CHECK(opt.cookie_len == 0);
            CHECK(opt.length == hdr);
        } else {
            CHECK(opt.cookie_len >= TFO_COOKIE_MIN && opt.cookie_len <= TFO_COOKIE_MAX);
            CHECK(opt.cookie_len % 2 == 0);
            CHECK(opt.cookie_len + hdr == opt.length);
            CHECK(opt.cookie_captured == MIN(opt.cookie_len, captured - opt.offset - hdr));
            CHECK(memcmp(opt.cookie, data + opt.offset + hdr, opt.cookie_captured) == 0);
        }
        CHECK(tfo_option_same_cookie(&opt, &opt));
    } else if (rc == 0) {
        CHECK(opt.type == TFO_OPT_NONE);
    } else if (rc == TFO_ERR_UNCAPTURED) {
        CHECK(opt.type == TFO_OPT_UNCAPTURED);
        /* Where the first option the capture cannot tell starts. */
        CHECK(captured < len && opt.offset < len);
    } else {
        CHECK(rc == TFO_ERR_TRUNCATED || rc == TFO_ERR_BAD_LENGTH);
        CHECK(opt.type == TFO_OPT_INVALID);
        CHECK(opt.offset < captured);
        CHECK(tfo_strerror(rc) != NULL);
    }
    /* Fully captured, the answer is the one the captured bytes gave. */
    if (captured == len)
        CHECK(rc != TFO_ERR_UNCAPTURED);

    /* Deterministic, and the text column never overflows. */
    CHECK(tfo_option_parse(data, captured, len, &again) == rc);
    CHECK(memcmp(&opt, &again, sizeof(opt)) == 0);
    tfo_report_cookie(&opt, text, sizeof(text));
    CHECK(strlen(text) < sizeof(text));
    return 0;
}
