/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The "TFO through NAT" table: one row per handshake, then what the
 * gateway did over all of them. */
#ifndef TFO_REPORT_H
#define TFO_REPORT_H

#include "tfo_handshake.h"
#include "tfo_verdict.h"

#include <glib.h>

/* Why a handshake's verdict is unknown, as far as its records tell. */
typedef enum {
    TFO_REASON_NONE = 0,          /* the verdict is not unknown */
    TFO_REASON_WINDOW_OPEN,       /* a SYN or SYN-ACK still within its forwarding window */
    TFO_REASON_OTHER_SIDE_SILENT, /* the other side recorded nothing after its window */
    TFO_REASON_AMBIGUOUS_TWIN,    /* another SYN to the server could have been its twin */
    TFO_REASON_OPTION_UNCAPTURED, /* the snap length cut the first SYN's options */
    TFO_REASON_INVALID_OPTION,    /* the first SYN's Fast Open option is malformed */
    TFO_REASON_ONE_SIDE_ONLY,     /* seen on one side only, and that side does not decide */
    TFO_REASON_NO_SYNACK,         /* no SYN-ACK from the server in the capture */
    TFO_REASON_NO_COOKIE,         /* a cookie request answered without a cookie */
    TFO_REASON_UNDECIDED,         /* none of these */
    TFO_REASON_COUNT
} tfo_unknown_reason;

/* Endpoints by side, whichever side the client is on: outbound, the LAN
 * client, its NAT address and port, and the server; inbound (port
 * forwarding), the client as seen on the LAN and on the WAN (the same
 * without source NAT), and the LAN server it was forwarded to. */
typedef struct {
    uint32_t id;
    gboolean inbound;         /* the client is on the WAN (a twin crossed to the LAN) */
    tfo_endpoint lan_client;  /* the client as seen on the LAN; family
                                 TFO_AF_NONE when that side was not seen */
    tfo_endpoint wan_client;  /* as seen on the WAN: outbound, the NAT's
                                 address and port */
    tfo_endpoint server;      /* on the server's side */
    tfo_option option;        /* of the client's first SYN */
    int64_t syn_data_lan;     /* bytes in the first SYN on each side, -1 if unseen */
    int64_t syn_data_wan;
    tfo_verdict verdict;
    tfo_unknown_reason reason;
    uint32_t first_frame;
    uint32_t last_frame;      /* latest SYN, SYN-ACK or first data segment, either side */
    int64_t fallback_cost;    /* ns, or -1 */
    gboolean seq_rewritten;
    /* Both sides have a copy of it, or a drop was proved (which takes the
     * other side recorded past the window). */
    gboolean other_side_recorded;
} tfo_handshake_summary;

typedef struct {
    uint32_t total;
    uint32_t inbound;         /* client on the WAN */
    uint32_t with_data;       /* first SYN carried data */
    uint32_t with_cookie;     /* first SYN carried a cookie */
    uint32_t verdicts[TFO_VERDICT_COUNT];
    uint32_t reasons[TFO_REASON_COUNT];  /* of the unknown verdicts */
} tfo_report_tally;

void tfo_report_summarize(const tfo_handshake *hs, tfo_handshake_summary *out);
/* Why |hs|, judged unknown, could not be judged. */
tfo_unknown_reason tfo_report_reason(const tfo_handshake *hs);
/* The token of |reason|, e.g. "other-side-silent"; NULL for TFO_REASON_NONE. */
const char *tfo_report_reason_token(tfo_unknown_reason reason);
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
