/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The TCP Fast Open option (RFC 7413 §4.1.1), standard kind 34 and the
 * experimental kind 254 with magic 0xF989 (RFC 6994), and the timestamp
 * option (RFC 7323 §3), read from the same options area. */
#ifndef TFO_OPTION_H
#define TFO_OPTION_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#define TFO_OPT_KIND 34
#define TFO_OPT_KIND_EXP 254
#define TFO_OPT_EXP_MAGIC 0xF989
#define TFO_COOKIE_MIN 4
#define TFO_COOKIE_MAX 16

typedef enum {
    TFO_OPT_NONE = 0,  /* no Fast Open option */
    TFO_OPT_REQUEST,   /* empty option: asks the server for a cookie */
    TFO_OPT_COOKIE,    /* carries a valid cookie */
    TFO_OPT_INVALID,   /* a Fast Open option of an invalid length */
    TFO_OPT_UNCAPTURED /* the capture stops before telling whether there is one */
} tfo_option_type;

typedef struct {
    uint8_t type;       /* tfo_option_type */
    uint8_t kind;       /* 34 or 254 */
    uint8_t length;     /* the option's length byte */
    uint8_t offset;     /* where the option starts in the options area */
    uint8_t cookie_len;
    uint8_t cookie_captured; /* of cookie_len: less when the snap length cut it */
    uint8_t cookie[TFO_COOKIE_MAX];
    uint8_t magic_in_cookie; /* kind 34 whose cookie starts with 0xF989: a
                                relabelled kind 254? Valid, but suspect. */
} tfo_option;

/* Finds the first Fast Open option in the TCP options area of |len| bytes
 * at |opts|, of which only the first |captured| were captured (snap
 * length), and describes it in |out| (type TFO_OPT_NONE when there is none).
 * Kind 254 with another magic is some other experiment and is skipped. A
 * valid cookie cut by the snap length keeps its length, with fewer bytes in
 * cookie_captured.
 *
 * Returns the option's length in bytes, 0 when there is no Fast Open option,
 * or one of these negative codes:
 *   TFO_ERR_TRUNCATED   the Fast Open option runs past the end of the
 *                       options area (type TFO_OPT_INVALID);
 *   TFO_ERR_BAD_LENGTH  its length is neither 2 (4 for kind 254) nor that
 *                       of an even cookie of 4 to 16 bytes (TFO_OPT_INVALID);
 *   TFO_ERR_UNCAPTURED  the capture stops before a Fast Open option could
 *                       be found or told valid (type TFO_OPT_UNCAPTURED). */
int tfo_option_parse(const uint8_t *opts, size_t captured, size_t len, tfo_option *out);

/* Reads the TSval of the timestamp option (kind 8, length 10) in the
 * captured TCP options |opts| of |len| bytes into |tsval|; the last one
 * counts, as in Wireshark's tree. Returns FALSE when there is none. */
gboolean tfo_option_timestamp(const uint8_t *opts, size_t len, uint32_t *tsval);

/* TRUE for a Fast Open option the sender wrote: a request, a cookie or an
 * invalid one. */
gboolean tfo_option_present(const tfo_option *opt);

/* TRUE when |a| and |b| are the same kind of option with the same cookie,
 * as far as both were captured. */
gboolean tfo_option_same_cookie(const tfo_option *a, const tfo_option *b);

#endif
