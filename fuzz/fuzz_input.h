/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the harnesses share: reading a libFuzzer input as a stream of
 * fields (past the end, every field reads as zero, so any input decodes),
 * and CHECK, which aborts when a result breaks its contract. */
#ifndef TFO_FUZZ_INPUT_H
#define TFO_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s: contract broken: %s (line %d)\n", __FILE__, #cond,     \
                    __LINE__);                                                          \
            abort();                                                                    \
        }                                                                               \
    } while (0)

typedef struct {
    const uint8_t *data;
    size_t len, pos;
} fuzz_input;

static inline size_t fuzz_left(const fuzz_input *in)
{
    return in->len - in->pos;
}

static inline uint64_t fuzz_uint(fuzz_input *in, unsigned bytes)
{
    uint64_t v = 0;
    unsigned i;

    for (i = 0; i < bytes; i++) /* little endian */
        v |= (uint64_t)(in->pos < in->len ? in->data[in->pos++] : 0) << (8 * i);
    return v;
}

static inline uint8_t fuzz_u8(fuzz_input *in)
{
    return (uint8_t)fuzz_uint(in, 1);
}

static inline uint16_t fuzz_u16(fuzz_input *in)
{
    return (uint16_t)fuzz_uint(in, 2);
}

static inline uint32_t fuzz_u32(fuzz_input *in)
{
    return (uint32_t)fuzz_uint(in, 4);
}

/* Up to |n| bytes, as a pointer into the input; |*got| tells how many. */
static inline const uint8_t *fuzz_bytes(fuzz_input *in, size_t n, size_t *got)
{
    const uint8_t *p = in->data + in->pos;

    if (n > fuzz_left(in))
        n = fuzz_left(in);
    in->pos += n;
    *got = n;
    return p;
}

#endif
