/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The "TFO through NAT" table: one row per handshake, then what the
 * gateway did over all of them. */
#ifndef TFO_REPORT_H
#define TFO_REPORT_H

#include "tfo_handshake.h"
#include "tfo_verdict.h"

#include <glib.h>

typedef struct {
    uint32_t id;
    tfo_endpoint lan_client;  /* family TFO_AF_NONE when that side was not seen */
    tfo_endpoint wan_client;  /* the NAT's address and port */
    tfo_endpoint server;
    tfo_option option;        /* of the client's first SYN */
    int64_t syn_data_lan;     /* bytes in the first SYN on each side, -1 if unseen */
    int64_t syn_data_wan;
    tfo_verdict verdict;
    uint32_t first_frame;
    int64_t fallback_cost;    /* ns, or -1 */
    gboolean seq_rewritten;
} tfo_handshake_summary;

typedef struct {
    uint32_t total;
    uint32_t with_data;       /* first SYN carried data */
    uint32_t with_cookie;     /* first SYN carried a cookie */
    uint32_t verdicts[TFO_VERDICT_COUNT];
} tfo_report_tally;

void tfo_report_summarize(const tfo_handshake *hs, tfo_handshake_summary *out);
void tfo_report_tally_add(tfo_report_tally *tally, const tfo_handshake_summary *s);

/* Text columns of a row, shared by the tshark table and the GUI. Each writes
 * into |buf| of |len| bytes and returns |buf|. */
char *tfo_report_cookie(const tfo_option *opt, char *buf, size_t len);
char *tfo_report_data_bytes(const tfo_handshake_summary *s, char *buf, size_t len);
char *tfo_report_seconds(int64_t ns, char *buf, size_t len);

/* Appends the header line, a row, or the gateway summary lines to |out|. */
void tfo_report_format_header(GString *out);
void tfo_report_format_row(const tfo_handshake_summary *s, GString *out);
void tfo_report_gateway_summary(const tfo_report_tally *tally, GString *out);

#endif
