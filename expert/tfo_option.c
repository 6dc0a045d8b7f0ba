/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_option.h"
#include "tfo_error.h"

#include <string.h>

#define TCPOPT_EOL 0
#define TCPOPT_NOP 1
#define TCPOPT_TIMESTAMP 8
#define TCPOLEN_TIMESTAMP 10

/* Reads the cookie of the option at |opt| (kind, length and offset already
 * in |out|), whose cookie starts |hdr| bytes in and of which |captured|
 * bytes from |opt| were captured. */
static int tfo_option_read_cookie(const uint8_t *opt, size_t hdr, size_t captured, tfo_option *out)
{
    size_t cookie_len = out->length - hdr;

    if (cookie_len == 0) {
        out->type = TFO_OPT_REQUEST;
        return out->length;
    }
    if (cookie_len < TFO_COOKIE_MIN || cookie_len > TFO_COOKIE_MAX || cookie_len % 2)
        return TFO_ERR_BAD_LENGTH;
    out->type = TFO_OPT_COOKIE;
    out->cookie_len = (uint8_t)cookie_len;
    out->cookie_captured = (uint8_t)MIN(cookie_len, captured - hdr);
    memcpy(out->cookie, opt + hdr, out->cookie_captured);
    out->magic_in_cookie = out->kind == TFO_OPT_KIND && out->cookie_captured >= 2 &&
                           (out->cookie[0] << 8 | out->cookie[1]) == TFO_OPT_EXP_MAGIC;
    return out->length;
}

/* The answer when the capture stops at |i| of the options area. */
static int tfo_option_uncaptured(size_t i, tfo_option *out)
{
    memset(out, 0, sizeof(*out));
    out->type = TFO_OPT_UNCAPTURED;
    out->offset = (uint8_t)i;
    return TFO_ERR_UNCAPTURED;
}

static gboolean tfo_option_is_exp_tfo(const uint8_t *opts, size_t i, size_t captured)
{
    return opts[i] == TFO_OPT_KIND_EXP && i + 3 < captured &&
           (opts[i + 2] << 8 | opts[i + 3]) == TFO_OPT_EXP_MAGIC;
}

/* Where the option after the one at |i| starts in the options area |opts|
 * of |len| bytes; |len| after EOL or after an option whose length is below 2
 * or runs past the end, since nothing further can be read (RFC 9293 §3.1). */
static size_t tfo_option_next(const uint8_t *opts, size_t len, size_t i)
{
    if (opts[i] == TCPOPT_EOL)
        return len;
    if (opts[i] == TCPOPT_NOP)
        return i + 1;
    if (i + 1 >= len || opts[i + 1] < 2 || i + opts[i + 1] > len)
        return len;
    return i + opts[i + 1];
}

int tfo_option_parse(const uint8_t *opts, size_t captured, size_t len, tfo_option *out)
{
    size_t i;

    memset(out, 0, sizeof(*out));
    captured = MIN(captured, len);
    for (i = 0; i < len; i = tfo_option_next(opts, len, i)) {
        uint8_t kind;

        if (i >= captured)
            return tfo_option_uncaptured(i, out);
        kind = opts[i];
        if (kind == TCPOPT_EOL || kind == TCPOPT_NOP)
            continue;
        if (i + 1 >= len) {
            if (kind != TFO_OPT_KIND)
                return 0; /* a last byte that is no option */
            out->type = TFO_OPT_INVALID;
            out->kind = kind;
            out->offset = (uint8_t)i;
            return TFO_ERR_TRUNCATED;
        }
        /* The length byte, or kind 254's magic, cut by the snap length. */
        if (i + 1 >= captured || (kind == TFO_OPT_KIND_EXP && i + 3 < len && i + 3 >= captured))
            return tfo_option_uncaptured(i, out);
        if (kind == TFO_OPT_KIND || tfo_option_is_exp_tfo(opts, i, captured)) {
            size_t hdr = kind == TFO_OPT_KIND ? 2 : 4;

            out->type = TFO_OPT_INVALID;
            out->kind = kind;
            out->length = opts[i + 1];
            out->offset = (uint8_t)i;
            if (out->length < hdr)
                return TFO_ERR_BAD_LENGTH;
            if (i + out->length > len)
                return TFO_ERR_TRUNCATED;
            return tfo_option_read_cookie(opts + i, hdr, captured - i, out);
        }
    }
    return 0;
}

gboolean tfo_option_timestamp(const uint8_t *opts, size_t len, uint32_t *tsval)
{
    gboolean found = FALSE;
    size_t i;

    for (i = 0; i < len; i = tfo_option_next(opts, len, i)) {
        if (opts[i] == TCPOPT_TIMESTAMP && i + TCPOLEN_TIMESTAMP <= len && opts[i + 1] == TCPOLEN_TIMESTAMP) {
            *tsval = (uint32_t)opts[i + 2] << 24 | (uint32_t)opts[i + 3] << 16 | (uint32_t)opts[i + 4] << 8 | opts[i + 5];
            found = TRUE;
        }
    }
    return found;
}

gboolean tfo_option_present(const tfo_option *opt)
{
    return opt->type == TFO_OPT_REQUEST || opt->type == TFO_OPT_COOKIE || opt->type == TFO_OPT_INVALID;
}

gboolean tfo_option_same_cookie(const tfo_option *a, const tfo_option *b)
{
    return a->type == b->type && a->cookie_len == b->cookie_len &&
           memcmp(a->cookie, b->cookie, MIN(a->cookie_captured, b->cookie_captured)) == 0;
}
