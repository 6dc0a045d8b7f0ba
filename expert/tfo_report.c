/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_report.h"

#include <string.h>

#define TFO_ROW_FORMAT "%-4s %-22s %-22s %-22s %-4s %-33s %-9s %-17s %-7s %-13s %s\n"

static const char *const tfo_reason_tokens[TFO_REASON_COUNT] = {
    [TFO_REASON_WINDOW_OPEN] = "window-open",
    [TFO_REASON_OTHER_SIDE_SILENT] = "other-side-silent",
    [TFO_REASON_AMBIGUOUS_TWIN] = "ambiguous-twin",
    [TFO_REASON_OPTION_UNCAPTURED] = "option-uncaptured",
    [TFO_REASON_INVALID_OPTION] = "invalid-option",
    [TFO_REASON_ONE_SIDE_ONLY] = "one-side-only",
    [TFO_REASON_NO_SYNACK] = "no-synack",
    [TFO_REASON_NO_COOKIE] = "no-cookie-granted",
    [TFO_REASON_UNDECIDED] = "undecided",
};

const char *tfo_report_reason_token(tfo_unknown_reason reason)
{
    return reason < TFO_REASON_COUNT ? tfo_reason_tokens[reason] : NULL;
}

static const tfo_segment *tfo_report_first_synack(const tfo_leg *leg)
{
    return leg && leg->synacks->len ? g_ptr_array_index(leg->synacks, 0) : NULL;
}

/* Why |hs|, judged unknown, could not be judged. The verdict waits on the
 * client's first SYN and, through the gateway, the server's first SYN-ACK. */
tfo_unknown_reason tfo_report_reason(const tfo_handshake *hs)
{
    const tfo_segment *syn = tfo_leg_first_syn(hs->client_leg);
    const tfo_segment *synack = tfo_report_first_synack(hs->server_leg ? hs->server_leg : hs->client_leg);
    const tfo_segment *judged[2] = {syn, hs->client_leg && hs->server_leg ? synack : NULL};
    guint i;

    for (i = 0; i < G_N_ELEMENTS(judged); i++)
        if (judged[i] && judged[i]->fate == TFO_FATE_PENDING)
            return TFO_REASON_WINDOW_OPEN;
    for (i = 0; i < G_N_ELEMENTS(judged); i++)
        if (judged[i] && judged[i]->fate == TFO_FATE_UNPROVEN && judged[i]->awaiting)
            return TFO_REASON_OTHER_SIDE_SILENT;
    for (i = 0; i < G_N_ELEMENTS(judged); i++)
        if (judged[i] && judged[i]->ambiguous)
            return TFO_REASON_AMBIGUOUS_TWIN;
    if (syn && syn->option.type == TFO_OPT_UNCAPTURED)
        return TFO_REASON_OPTION_UNCAPTURED;
    if (syn && syn->option.type == TFO_OPT_INVALID)
        return TFO_REASON_INVALID_OPTION;
    if (!hs->client_leg || !hs->server_leg)
        return TFO_REASON_ONE_SIDE_ONLY;
    if (!synack)
        return TFO_REASON_NO_SYNACK;
    if (syn && syn->option.type == TFO_OPT_REQUEST && synack->option.type != TFO_OPT_COOKIE)
        return TFO_REASON_NO_COOKIE;
    return TFO_REASON_UNDECIDED;
}

/* Folds |leg|'s latest frame into |last| and tells whether a packet of it was proved dropped. */
static gboolean tfo_report_scan_leg(const tfo_leg *leg, uint32_t *last)
{
    const GPtrArray *lists[2];
    gboolean dropped = FALSE;
    guint i, j;

    if (!leg)
        return FALSE;
    lists[0] = leg->syns;
    lists[1] = leg->synacks;
    for (i = 0; i < G_N_ELEMENTS(lists); i++)
        for (j = 0; j < lists[i]->len; j++) {
            const tfo_segment *seg = g_ptr_array_index(lists[i], j);
            *last = MAX(*last, seg->frame);
            dropped |= seg->fate == TFO_FATE_DROPPED;
        }
    *last = MAX(*last, leg->first_data_frame);
    return dropped;
}

/* The leg of |hs| captured on |side|; a lone leg of unknown side counts as the LAN's. */
static const tfo_leg *tfo_report_leg_on(const tfo_handshake *hs, tfo_side side)
{
    const tfo_leg *legs[2] = {hs->client_leg, hs->server_leg};
    guint i;

    for (i = 0; i < G_N_ELEMENTS(legs); i++)
        if (legs[i] && (legs[i]->side == side || (legs[i]->side == TFO_SIDE_UNKNOWN && side == TFO_SIDE_LAN)))
            return legs[i];
    return NULL;
}

void tfo_report_summarize(const tfo_handshake *hs, tfo_handshake_summary *out)
{
    const tfo_leg *lan = tfo_report_leg_on(hs, TFO_SIDE_LAN), *wan = tfo_report_leg_on(hs, TFO_SIDE_WAN);
    const tfo_segment *lan_syn = tfo_leg_first_syn(lan);
    const tfo_segment *wan_syn = tfo_leg_first_syn(wan);
    const tfo_segment *first = tfo_leg_first_syn(hs->client_leg);
    const tfo_segment *server_syn = tfo_leg_first_syn(hs->server_leg);
    gboolean dropped;

    memset(out, 0, sizeof(*out));
    out->id = hs->id;
    out->inbound = hs->server_leg && hs->client_leg->side == TFO_SIDE_WAN;
    out->syn_data_lan = lan_syn ? (int64_t)lan_syn->payload_len : -1;
    out->syn_data_wan = wan_syn ? (int64_t)wan_syn->payload_len : -1;
    if (lan)
        out->lan_client = lan->key.client;
    if (wan)
        out->wan_client = wan->key.client;
    out->server = (hs->server_leg ? hs->server_leg : hs->client_leg)->key.server;
    if (first) {
        out->option = first->option;
        out->first_frame = first->frame;
    }
    out->verdict = tfo_handshake_verdict(hs);
    out->reason = out->verdict == TFO_VERDICT_UNKNOWN ? tfo_report_reason(hs) : TFO_REASON_NONE;
    /* Both legs scanned: | rather than ||. */
    dropped = tfo_report_scan_leg(hs->client_leg, &out->last_frame) | tfo_report_scan_leg(hs->server_leg, &out->last_frame);
    out->other_side_recorded = (hs->client_leg && hs->server_leg) || dropped;
    out->fallback_cost = tfo_handshake_fallback_cost(hs);
    out->seq_rewritten = first && server_syn && first->twin == server_syn && first->seq != server_syn->seq;
}

void tfo_report_tally_add(tfo_report_tally *tally, const tfo_handshake_summary *s)
{
    /* The client's first SYN is on its own side: the WAN for an inbound one. */
    int64_t near = s->inbound ? s->syn_data_wan : s->syn_data_lan;
    int64_t data = near >= 0 ? near : (s->inbound ? s->syn_data_lan : s->syn_data_wan);

    tally->total++;
    if (s->inbound)
        tally->inbound++;
    if (data > 0)
        tally->with_data++;
    if (s->option.type == TFO_OPT_COOKIE)
        tally->with_cookie++;
    tally->verdicts[s->verdict < TFO_VERDICT_COUNT ? s->verdict : TFO_VERDICT_UNKNOWN]++;
    if (s->verdict == TFO_VERDICT_UNKNOWN)
        tally->reasons[s->reason < TFO_REASON_COUNT && s->reason != TFO_REASON_NONE ? s->reason : TFO_REASON_UNDECIDED]++;
}

/* Appends " (other-side-silent 2, window-open 1)": why the unknown ones are. */
static void tfo_report_reasons(const tfo_report_tally *t, GString *out)
{
    const char *sep = " (";
    guint r;

    for (r = TFO_REASON_NONE + 1; r < TFO_REASON_COUNT; r++) {
        if (!t->reasons[r])
            continue;
        g_string_append_printf(out, "%s%s %u", sep, tfo_report_reason_token((tfo_unknown_reason)r), t->reasons[r]);
        sep = ", ";
    }
    if (*sep == ',')
        g_string_append_c(out, ')');
}

char *tfo_report_cookie(const tfo_option *opt, char *buf, size_t len)
{
    size_t i;

    switch (opt->type) {
    case TFO_OPT_REQUEST:
        g_strlcpy(buf, "request", len);
        break;
    case TFO_OPT_INVALID:
        g_strlcpy(buf, "invalid", len);
        break;
    case TFO_OPT_COOKIE:
        buf[0] = '\0';
        for (i = 0; i < opt->cookie_captured && 2 * i + 2 < len; i++)
            g_snprintf(buf + 2 * i, (gulong)(len - 2 * i), "%02x", opt->cookie[i]);
        if (opt->cookie_captured < opt->cookie_len)
            g_strlcat(buf, "..", len); /* the rest was not captured */
        break;
    case TFO_OPT_UNCAPTURED:
        g_strlcpy(buf, "not captured", len);
        break;
    default:
        g_strlcpy(buf, "-", len);
    }
    return buf;
}

char *tfo_report_data_bytes(const tfo_handshake_summary *s, char *buf, size_t len)
{
    char lan[24] = "-", wan[24] = "-";

    if (s->syn_data_lan >= 0)
        g_snprintf(lan, sizeof(lan), "%" G_GINT64_FORMAT, s->syn_data_lan);
    if (s->syn_data_wan >= 0)
        g_snprintf(wan, sizeof(wan), "%" G_GINT64_FORMAT, s->syn_data_wan);
    g_snprintf(buf, (gulong)len, "%s/%s", lan, wan);
    return buf;
}

char *tfo_report_seconds(int64_t ns, char *buf, size_t len)
{
    if (ns < 0)
        g_strlcpy(buf, "-", len);
    else
        g_snprintf(buf, (gulong)len, "%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT "s", ns / 1000000000,
                   (ns % 1000000000) / 1000);
    return buf;
}

void tfo_report_format_header(GString *out)
{
    g_string_append_printf(out, TFO_ROW_FORMAT, "#", "LAN client", "WAN (NAT) address", "Server", "Kind",
                           "Cookie", "Data L/W", "Verdict", "Frame", "Fallback cost", "Why unknown");
}

void tfo_report_format_row(const tfo_handshake_summary *s, GString *out)
{
    char id[12], lan[TFO_ENDPOINT_STRLEN], wan[TFO_ENDPOINT_STRLEN], server[TFO_ENDPOINT_STRLEN];
    char kind[8] = "-", cookie[2 * TFO_COOKIE_MAX + 1], data[48], frame[12], cost[32];
    const char *reason = tfo_report_reason_token(s->reason);

    g_snprintf(id, sizeof(id), "%u", s->id);
    if (tfo_option_present(&s->option))
        g_snprintf(kind, sizeof(kind), "%u", s->option.kind);
    g_snprintf(frame, sizeof(frame), "%u", s->first_frame);
    g_string_append_printf(out, TFO_ROW_FORMAT, id, tfo_endpoint_format(&s->lan_client, lan, sizeof(lan)),
                           tfo_endpoint_format(&s->wan_client, wan, sizeof(wan)),
                           tfo_endpoint_format(&s->server, server, sizeof(server)), kind,
                           tfo_report_cookie(&s->option, cookie, sizeof(cookie)),
                           tfo_report_data_bytes(s, data, sizeof(data)), tfo_verdict_token(s->verdict), frame,
                           tfo_report_seconds(s->fallback_cost, cost, sizeof(cost)), reason ? reason : "-");
}

/* One line per gateway fault: what it does, out of how many attempts it could. */
void tfo_report_gateway_summary(const tfo_report_tally *t, GString *out)
{
    static const struct {
        tfo_verdict verdict;
        const char *phrase;
        size_t population; /* offset in tfo_report_tally */
        const char *of_what;
    } lines[] = {
        {TFO_VERDICT_SYN_DATA_DROPPED, "Gateway drops SYNs carrying data", G_STRUCT_OFFSET(tfo_report_tally, with_data), "Fast Open attempts with data"},
        {TFO_VERDICT_SYN_DROPPED, "Gateway drops SYNs with a Fast Open option", G_STRUCT_OFFSET(tfo_report_tally, total), "handshakes"},
        {TFO_VERDICT_SYNACK_DROPPED, "Gateway drops SYN-ACKs of Fast Open handshakes", G_STRUCT_OFFSET(tfo_report_tally, total), "handshakes"},
        {TFO_VERDICT_OPTION_STRIPPED, "Gateway strips the Fast Open option", G_STRUCT_OFFSET(tfo_report_tally, total), "handshakes"},
        {TFO_VERDICT_DATA_STRIPPED, "Gateway strips SYN data", G_STRUCT_OFFSET(tfo_report_tally, with_data), "Fast Open attempts with data"},
        {TFO_VERDICT_COOKIE_MANGLED, "Gateway changes Fast Open cookies", G_STRUCT_OFFSET(tfo_report_tally, with_cookie), "SYNs with a cookie"},
        {TFO_VERDICT_DATA_IGNORED, "Server ignored SYN data", G_STRUCT_OFFSET(tfo_report_tally, with_data), "Fast Open attempts with data"},
        {TFO_VERDICT_SYN_DATA_LOST, "SYN data lost, client retried without", G_STRUCT_OFFSET(tfo_report_tally, with_data), "Fast Open attempts with data"},
        {TFO_VERDICT_UNKNOWN, "Capture cannot tell", G_STRUCT_OFFSET(tfo_report_tally, total), "handshakes"},
    };
    guint32 faults = 0;
    guint i;

    for (i = 0; i < G_N_ELEMENTS(lines); i++) {
        guint32 n = t->verdicts[lines[i].verdict];
        guint32 of = *(const guint32 *)((const char *)t + lines[i].population);
        if (!n)
            continue;
        if (tfo_verdict_is_gateway_fault(lines[i].verdict))
            faults += n;
        g_string_append_printf(out, "%s: %u of %u %s", lines[i].phrase, n, of, lines[i].of_what);
        if (lines[i].verdict == TFO_VERDICT_UNKNOWN)
            tfo_report_reasons(t, out);
        g_string_append_c(out, '\n');
    }
    /* Undecided handshakes may hide a fault: then none is "seen" in them. */
    if (!faults && !t->verdicts[TFO_VERDICT_UNKNOWN])
        g_string_append_printf(out, "Gateway: no Fast Open fault seen in %u handshake%s (%u passed)\n", t->total,
                               t->total == 1 ? "" : "s", t->verdicts[TFO_VERDICT_PASSED]);
    else if (!faults)
        g_string_append_printf(out, "Gateway: no Fast Open fault proved; %u of %u handshake%s undecided\n",
                               t->verdicts[TFO_VERDICT_UNKNOWN], t->total, t->total == 1 ? "" : "s");
    if (t->inbound)
        g_string_append_printf(out,
                               "Inbound (port forwarding, client on the WAN): %u of %u handshakes; their LAN client "
                               "and WAN (NAT) address columns are the client as seen on each side, Server the LAN "
                               "server\n",
                               t->inbound, t->total);
}
