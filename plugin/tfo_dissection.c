/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Turns a dissection into an engine observation. The one table of fields
 * this plugin reads from other dissectors is here. */
#include <epan/packet.h>
#include <epan/proto.h>
#include <wiretap/wtap.h>

#include "packet-tfo.h"
#include "tfo_compat.h"

typedef enum {
    TFO_F_IP_ID,
    TFO_F_TCP_SRCPORT,
    TFO_F_TCP_DSTPORT,
    TFO_F_TCP_SEQ,
    TFO_F_TCP_ACK,
    TFO_F_TCP_FLAGS,
    TFO_F_TCP_LEN,
    TFO_F_TCP_OPTIONS,
    TFO_F_TCP_TSVAL,
    TFO_F_TCP_PAYLOAD,
    TFO_F_COUNT
} tfo_field_id;

static struct {
    const char *name;
    int hf;
} tfo_fields[TFO_F_COUNT] = {
    [TFO_F_IP_ID] = {"ip.id", -1},
    [TFO_F_TCP_SRCPORT] = {"tcp.srcport", -1},
    [TFO_F_TCP_DSTPORT] = {"tcp.dstport", -1},
    [TFO_F_TCP_SEQ] = {"tcp.seq_raw", -1},
    [TFO_F_TCP_ACK] = {"tcp.ack_raw", -1},
    [TFO_F_TCP_FLAGS] = {"tcp.flags", -1},
    [TFO_F_TCP_LEN] = {"tcp.len", -1},
    [TFO_F_TCP_OPTIONS] = {"tcp.options", -1},
    [TFO_F_TCP_TSVAL] = {"tcp.options.timestamp.tsval", -1},
    [TFO_F_TCP_PAYLOAD] = {"tcp.payload", -1},
};

GArray *tfo_dissection_wanted_fields(void)
{
    GArray *wanted = g_array_sized_new(FALSE, FALSE, sizeof(int), TFO_F_COUNT);
    int i;

    for (i = 0; i < TFO_F_COUNT; i++) {
        tfo_fields[i].hf = proto_registrar_get_id_byname(tfo_fields[i].name);
        if (tfo_fields[i].hf != -1)
            g_array_append_val(wanted, tfo_fields[i].hf);
    }
    return wanted;
}

/* The innermost instance of a field in |tree|, or NULL; |count| gets how
 * many there are. */
static field_info *tfo_field(proto_tree *tree, tfo_field_id id, guint *count)
{
    GPtrArray *found = tfo_fields[id].hf == -1 ? NULL : proto_get_finfo_ptr_array(tree, tfo_fields[id].hf);

    if (count)
        *count = found ? found->len : 0;
    return found && found->len ? g_ptr_array_index(found, found->len - 1) : NULL;
}

static guint32 tfo_field_uint(proto_tree *tree, tfo_field_id id, gboolean *present)
{
    field_info *fi = tfo_field(tree, id, NULL);

    if (present)
        *present = fi != NULL;
    return fi ? fvalue_get_uinteger(TFO_FIELD_VALUE(fi)) : 0;
}

/* Points at the bytes a field covers in the frame; FALSE if absent. */
static gboolean tfo_field_bytes(proto_tree *tree, tfo_field_id id, const guint8 **data, guint32 *len)
{
    field_info *fi = tfo_field(tree, id, NULL);

    if (!fi || fi->length <= 0 || !fi->ds_tvb || !tvb_bytes_exist(fi->ds_tvb, fi->start, fi->length))
        return FALSE;
    *data = tvb_get_ptr(fi->ds_tvb, fi->start, fi->length);
    *len = (guint32)fi->length;
    return TRUE;
}

static gboolean tfo_dissection_endpoint(const address *addr, guint16 port, tfo_endpoint *ep)
{
    if (addr->type == AT_IPv4 && addr->len == 4)
        tfo_endpoint_set_ipv4(ep, addr->data, port);
    else if (addr->type == AT_IPv6 && addr->len == 16)
        tfo_endpoint_set_ipv6(ep, addr->data, port);
    else
        return FALSE;
    return TRUE;
}

void tfo_dissection_observe(packet_info *pinfo, proto_tree *tree, tfo_observation *obs)
{
    guint tcp_layers = 0;
    gboolean has_ip_id = FALSE;
    field_info *sport;

    memset(obs, 0, sizeof(*obs));
    obs->frame = pinfo->num;
    obs->ts = (gint64)pinfo->abs_ts.secs * 1000000000 + pinfo->abs_ts.nsecs;
    obs->interface_id = pinfo->rec && (pinfo->rec->presence_flags & WTAP_HAS_INTERFACE_ID)
                            ? (gint32)pinfo->rec->rec_header.packet_header.interface_id
                            : -1;

    if (!tfo_dissection_endpoint(&pinfo->net_src, 0, &obs->src) ||
        !tfo_dissection_endpoint(&pinfo->net_dst, 0, &obs->dst))
        return;
    sport = tfo_field(tree, TFO_F_TCP_SRCPORT, &tcp_layers);
    if (tcp_layers != 1 || proto_is_frame_protocol(pinfo->layers, "icmp") ||
        proto_is_frame_protocol(pinfo->layers, "icmpv6"))
        return;
    obs->src.port = (guint16)fvalue_get_uinteger(TFO_FIELD_VALUE(sport));
    obs->dst.port = (guint16)tfo_field_uint(tree, TFO_F_TCP_DSTPORT, NULL);
    obs->is_tcp = TRUE;
    obs->seq = tfo_field_uint(tree, TFO_F_TCP_SEQ, NULL);
    obs->ack = tfo_field_uint(tree, TFO_F_TCP_ACK, NULL);
    obs->tcp_flags = (guint16)tfo_field_uint(tree, TFO_F_TCP_FLAGS, NULL);
    obs->payload_len = tfo_field_uint(tree, TFO_F_TCP_LEN, NULL);
    if (!(obs->tcp_flags & TFO_TCP_SYN))
        return; /* the rest matters for SYNs and SYN-ACKs only */
    obs->tsval = tfo_field_uint(tree, TFO_F_TCP_TSVAL, &obs->has_tsval);
    obs->ip_id = (guint16)tfo_field_uint(tree, TFO_F_IP_ID, &has_ip_id);
    obs->has_ip_id = has_ip_id && obs->src.family == TFO_AF_INET;
    if (!tfo_field_bytes(tree, TFO_F_TCP_OPTIONS, &obs->options, &obs->options_len))
        obs->options = NULL;
    if (!tfo_field_bytes(tree, TFO_F_TCP_PAYLOAD, &obs->payload, &obs->payload_captured))
        obs->payload = NULL;
}
