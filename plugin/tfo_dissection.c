/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Turns a dissection into an engine observation without a protocol tree,
 * so that tshark builds none on our account. IP hands TCP its segment
 * through the "ip.proto" table; there, a helper stands in front of TCP's
 * own handle, notes the segment's tvb and the IPv4 header IP passed along,
 * and hands both to TCP unchanged. The post-dissector then reads the TCP
 * header from that tvb. This is the one place that knows what other
 * dissectors give us. */
#include <epan/packet.h>
#include <epan/proto_data.h>
#include <epan/ipproto.h>
#include <epan/dissectors/packet-ip.h>
#include <wiretap/wtap.h>

#include "tfo_dissection.h"
#include "tfo_option.h"

#define TCP_HEADER_MIN_LEN 20
#define TCP_HEADER_READ_FIRST 16 /* ports, seq, ack, offset and flags, window */
#define TCP_FLAGS_MASK 0x0FFF /* as Wireshark's tcp.flags */

/* The helper has a protocol of its own "in name only", whose parent is TCP:
 * it is enabled exactly when TCP is, it adds no layer to the frame (the
 * frame's protocols and TCP's look at the layer below it stay as they
 * are), and Decode As can tell it from TCP. */
static int proto_tfo_tcp = -1;
static dissector_handle_t tcp_handle;

/* What the frame's TCP segments were handed; the last one is kept. */
typedef struct {
    guint segments;
    tvbuff_t *tvb;
    /* A copy inside an error report (ICMP, ICMPv6), not a segment sent. */
    gboolean in_error_report;
    /* TCP knows the segment length: not an IP fragment, not inside an
     * error report (packet-tcp.c, "th_have_seglen"). */
    gboolean length_known;
    gboolean has_ip_id;
    guint16 ip_id;
} tfo_tcp_segment;

static int dissect_tfo_tcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    tfo_tcp_segment *seg = (tfo_tcp_segment *)p_get_proto_data(pinfo->pool, pinfo, proto_tfo_tcp, 0);
    /* IPv4 passes its header, IPv6 its own: WS_IP4_PTR() tells them apart. */
    const ws_ip4 *ip4 = WS_IP4_PTR(data);

    if (!seg) {
        seg = wmem_new0(pinfo->pool, tfo_tcp_segment);
        p_add_proto_data(pinfo->pool, pinfo, proto_tfo_tcp, 0, seg);
    }
    seg->segments++;
    seg->tvb = tvb;
    seg->in_error_report = pinfo->flags.in_error_pkt;
    seg->length_known = !pinfo->fragmented && !pinfo->flags.in_error_pkt;
    seg->has_ip_id = ip4 != NULL;
    seg->ip_id = ip4 ? ip4->ip_id : 0;
    return call_dissector_only(tcp_handle, tvb, pinfo, tree, data);
}

void tfo_dissection_register(void)
{
    proto_tfo_tcp = proto_register_protocol_in_name_only("TCP, as read by TFO through NAT", "TCP (TFO-NAT)",
                                                         "tfo.tcp", proto_get_id_by_filter_name("tcp"), FT_PROTOCOL);
}

void tfo_dissection_handoff(void)
{
    tcp_handle = dissector_get_default_uint_handle("ip.proto", IP_PROTO_TCP);
    if (tcp_handle)
        dissector_add_uint("ip.proto", IP_PROTO_TCP, create_dissector_handle(dissect_tfo_tcp, proto_tfo_tcp));
}

/* The capture time of the file's first frame: the engine gets times from
 * there, so that 64-bit time stamps far from 1970 cannot overflow. */
static nstime_t tfo_time_origin;
static gboolean tfo_time_origin_set;

void tfo_dissection_init(void)
{
    tfo_time_origin_set = FALSE;
}

/* |ts| in ns from the first frame, saturated to what the engine accepts. */
static gint64 tfo_dissection_time(const nstime_t *ts)
{
    const gint64 limit_secs = TFO_TIME_LIMIT / 1000000000 - 1;
    gint64 secs;

    if (!tfo_time_origin_set) {
        tfo_time_origin = *ts;
        tfo_time_origin_set = TRUE;
    }
    if (__builtin_sub_overflow((gint64)ts->secs, (gint64)tfo_time_origin.secs, &secs) || secs > limit_secs ||
        secs < -limit_secs)
        return ts->secs > tfo_time_origin.secs ? TFO_TIME_LIMIT : -TFO_TIME_LIMIT;
    return secs * 1000000000 + (ts->nsecs - tfo_time_origin.nsecs);
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

/* Reads the TCP header of |seg| into |obs|: what TCP's tree would show,
 * in the order packet-tcp.c reads it, so a truncated or bogus header gives
 * the same partial facts. */
static void tfo_dissection_tcp(const tfo_tcp_segment *seg, tfo_observation *obs)
{
    tvbuff_t *tvb = seg->tvb;
    guint header_len, reported_len;
    gint options_captured, payload_len;
    gboolean has_length;

    if (!tvb_bytes_exist(tvb, 0, 4))
        return;
    obs->is_tcp = TRUE;
    obs->src.port = tvb_get_ntohs(tvb, 0);
    obs->dst.port = tvb_get_ntohs(tvb, 2);
    /* TCP reads ports to window before it shows any of them. */
    if (!tvb_bytes_exist(tvb, 0, TCP_HEADER_READ_FIRST))
        return;
    obs->seq = tvb_get_ntohl(tvb, 4);
    header_len = (tvb_get_ntohs(tvb, 12) >> 12) * 4; /* the data offset, in words */
    reported_len = tvb_reported_length(tvb);
    has_length = seg->length_known && reported_len >= header_len;
    if (has_length)
        obs->payload_len = reported_len - header_len;
    /* Past the sequence number TCP gives up on a bogus header length. */
    if (header_len < TCP_HEADER_MIN_LEN)
        return;
    obs->ack = tvb_get_ntohl(tvb, 8);
    obs->tcp_flags = tvb_get_ntohs(tvb, 12) & TCP_FLAGS_MASK;
    if (!(obs->tcp_flags & TFO_TCP_SYN))
        return; /* the rest matters for SYNs and SYN-ACKs only */
    obs->has_ip_id = seg->has_ip_id && obs->src.family == TFO_AF_INET;
    obs->ip_id = seg->ip_id;
    /* The options as captured, which may stop short of the header's end. */
    obs->options_len = header_len - TCP_HEADER_MIN_LEN;
    options_captured = MIN(tvb_captured_length_remaining(tvb, TCP_HEADER_MIN_LEN), (gint)obs->options_len);
    if (options_captured > 0) {
        obs->options = tvb_get_ptr(tvb, TCP_HEADER_MIN_LEN, options_captured);
        obs->options_captured = (guint32)options_captured;
        obs->has_tsval = tfo_option_timestamp(obs->options, obs->options_captured, &obs->tsval);
    }
    /* TCP shows no payload of a reset, nor of a segment of unknown length. */
    payload_len = tvb_captured_length_remaining(tvb, header_len);
    if (has_length && !(obs->tcp_flags & TFO_TCP_RST) && payload_len > 0) {
        obs->payload = tvb_get_ptr(tvb, header_len, payload_len);
        obs->payload_captured = (guint32)payload_len;
    }
}

void tfo_dissection_observe(packet_info *pinfo, tfo_observation *obs)
{
    const tfo_tcp_segment *seg = (const tfo_tcp_segment *)p_get_proto_data(pinfo->pool, pinfo, proto_tfo_tcp, 0);

    memset(obs, 0, sizeof(*obs));
    obs->frame = pinfo->num;
    obs->ts = tfo_dissection_time(&pinfo->abs_ts);
    obs->interface_id = pinfo->rec && (pinfo->rec->presence_flags & WTAP_HAS_INTERFACE_ID)
                            ? (gint32)pinfo->rec->rec_header.packet_header.interface_id
                            : -1;

    if (!tfo_dissection_endpoint(&pinfo->net_src, 0, &obs->src) ||
        !tfo_dissection_endpoint(&pinfo->net_dst, 0, &obs->dst))
        return;
    /* Plain TCP only: not TCP in TCP, not the copy inside an ICMP error. */
    if (!seg || seg->segments != 1 || seg->in_error_report)
        return;
    tfo_dissection_tcp(seg, obs);
}
