/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Wrap-safe TCP sequence arithmetic (RFC 793 §3.3, RFC 1982). */
#ifndef TFO_SEQ_H
#define TFO_SEQ_H

#include <stdint.h>

#define TFO_SEQ_DIFF(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)))
#define TFO_SEQ_EQ(a, b)   ((uint32_t)(a) == (uint32_t)(b))
#define TFO_SEQ_LT(a, b)   (TFO_SEQ_DIFF(a, b) < 0)
#define TFO_SEQ_GT(a, b)   (TFO_SEQ_DIFF(a, b) > 0)
#define TFO_SEQ_LEQ(a, b)  (TFO_SEQ_DIFF(a, b) <= 0)
#define TFO_SEQ_GEQ(a, b)  (TFO_SEQ_DIFF(a, b) >= 0)

#endif
