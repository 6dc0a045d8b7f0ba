/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One record per handshake for machines: the "tfo.record" item, on the
 * handshake's first frame, with every handshake-level fact as a field of its
 * own, so that `tshark -2 -Y tfo.record -T ek` is one document per handshake. */
#include <string.h>

#include <epan/packet.h>
#include <epan/proto.h>

#include "tfo_fields.h"
#include "tfo_record.h"

/* An endpoint's fields: the address in the field of its family, and the port. */
typedef struct {
    int addr;
    int addr6;
    int port;
} tfo_record_endpoint_hf;

static int hf_tfo_record = -1;
static int hf_tfo_record_handshake = -1;
static int hf_tfo_record_verdict = -1;
static int hf_tfo_record_reason = -1;
static tfo_record_endpoint_hf hf_tfo_record_lan = {-1, -1, -1};
static tfo_record_endpoint_hf hf_tfo_record_wan = {-1, -1, -1};
static tfo_record_endpoint_hf hf_tfo_record_server = {-1, -1, -1};
static int hf_tfo_record_option_kind = -1;
static int hf_tfo_record_cookie = -1;
static int hf_tfo_record_syn_data_lan = -1;
static int hf_tfo_record_syn_data_wan = -1;
static int hf_tfo_record_first_frame = -1;
static int hf_tfo_record_last_frame = -1;
static int hf_tfo_record_fallback_cost = -1;
static int hf_tfo_record_seq_rewritten = -1;
static int hf_tfo_record_other_side_recorded = -1;

static gint ett_tfo_record = -1;

static void tfo_record_endpoint(proto_tree *tree, tvbuff_t *tvb, const tfo_record_endpoint_hf *hf,
                                const tfo_endpoint *ep)
{
    ws_in4_addr v4;
    ws_in6_addr v6;

    if (ep->family == TFO_AF_INET) {
        memcpy(&v4, ep->bytes, sizeof(v4));
        proto_item_set_generated(proto_tree_add_ipv4(tree, hf->addr, tvb, 0, 0, v4));
    } else if (ep->family == TFO_AF_INET6) {
        memcpy(v6.bytes, ep->bytes, sizeof(v6.bytes));
        proto_item_set_generated(proto_tree_add_ipv6(tree, hf->addr6, tvb, 0, 0, &v6));
    } else {
        return;
    }
    proto_item_set_generated(proto_tree_add_uint(tree, hf->port, tvb, 0, 0, ep->port));
}

static void tfo_record_uint(proto_tree *tree, int hf, tvbuff_t *tvb, guint32 value)
{
    proto_item_set_generated(proto_tree_add_uint(tree, hf, tvb, 0, 0, value));
}

void tfo_record_print(proto_tree *tree, tvbuff_t *tvb, const tfo_handshake_summary *s)
{
    const char *verdict = tfo_verdict_token(s->verdict);
    const char *reason = tfo_report_reason_token(s->reason);
    proto_item *top = proto_tree_add_item(tree, hf_tfo_record, tvb, 0, 0, ENC_NA);
    proto_tree *sub = proto_item_add_subtree(top, ett_tfo_record);

    proto_item_set_generated(top);
    proto_item_append_text(top, ": handshake %u, %s%s%s", s->id, verdict, reason ? ", " : "", reason ? reason : "");
    tfo_record_uint(sub, hf_tfo_record_handshake, tvb, s->id);
    proto_item_set_generated(proto_tree_add_string(sub, hf_tfo_record_verdict, tvb, 0, 0, verdict));
    if (reason)
        proto_item_set_generated(proto_tree_add_string(sub, hf_tfo_record_reason, tvb, 0, 0, reason));
    tfo_record_endpoint(sub, tvb, &hf_tfo_record_lan, &s->lan_client);
    tfo_record_endpoint(sub, tvb, &hf_tfo_record_wan, &s->wan_client);
    tfo_record_endpoint(sub, tvb, &hf_tfo_record_server, &s->server);
    if (tfo_option_present(&s->option))
        tfo_record_uint(sub, hf_tfo_record_option_kind, tvb, s->option.kind);
    if (s->option.type == TFO_OPT_COOKIE)
        proto_item_set_generated(proto_tree_add_bytes_with_length(sub, hf_tfo_record_cookie, tvb, 0, 0,
                                                                  s->option.cookie, s->option.cookie_captured));
    if (s->syn_data_lan >= 0)
        tfo_record_uint(sub, hf_tfo_record_syn_data_lan, tvb, (guint32)s->syn_data_lan);
    if (s->syn_data_wan >= 0)
        tfo_record_uint(sub, hf_tfo_record_syn_data_wan, tvb, (guint32)s->syn_data_wan);
    tfo_record_uint(sub, hf_tfo_record_first_frame, tvb, s->first_frame);
    tfo_record_uint(sub, hf_tfo_record_last_frame, tvb, s->last_frame);
    if (s->fallback_cost >= 0)
        tfo_fields_add_time(sub, hf_tfo_record_fallback_cost, tvb, s->fallback_cost);
    /* A record states its booleans either way: machines tell false from absent. */
    proto_item_set_generated(proto_tree_add_boolean(sub, hf_tfo_record_seq_rewritten, tvb, 0, 0, s->seq_rewritten));
    proto_item_set_generated(
        proto_tree_add_boolean(sub, hf_tfo_record_other_side_recorded, tvb, 0, 0, s->other_side_recorded));
}

void tfo_record_register(int proto)
{
    static hf_register_info hf[] = {
        {&hf_tfo_record, {"Handshake record", "tfo.record", FT_NONE, BASE_NONE, NULL, 0x0,
            "One per handshake, on its first frame: every fact of the handshake (with -2, final)", HFILL}},
        {&hf_tfo_record_handshake, {"Handshake", "tfo.record.handshake", FT_UINT32, BASE_DEC, NULL, 0x0,
            NULL, HFILL}},
        {&hf_tfo_record_verdict, {"Verdict", "tfo.record.verdict", FT_STRING, BASE_NONE, NULL, 0x0,
            NULL, HFILL}},
        {&hf_tfo_record_reason, {"Reason", "tfo.record.reason", FT_STRING, BASE_NONE, NULL, 0x0,
            "Why the capture cannot tell (verdict unknown)", HFILL}},
        {&hf_tfo_record_lan.addr, {"LAN client address", "tfo.record.lan_client_addr", FT_IPv4, BASE_NONE, NULL, 0x0,
            NULL, HFILL}},
        {&hf_tfo_record_lan.addr6, {"LAN client address", "tfo.record.lan_client_addr6", FT_IPv6, BASE_NONE, NULL,
            0x0, NULL, HFILL}},
        {&hf_tfo_record_lan.port, {"LAN client port", "tfo.record.lan_client_port", FT_UINT16, BASE_DEC, NULL, 0x0,
            NULL, HFILL}},
        {&hf_tfo_record_wan.addr, {"WAN (NAT) address", "tfo.record.wan_client_addr", FT_IPv4, BASE_NONE, NULL, 0x0,
            "The client's address as the server sees it", HFILL}},
        {&hf_tfo_record_wan.addr6, {"WAN (NAT) address", "tfo.record.wan_client_addr6", FT_IPv6, BASE_NONE, NULL,
            0x0, "The client's address as the server sees it", HFILL}},
        {&hf_tfo_record_wan.port, {"WAN (NAT) port", "tfo.record.wan_client_port", FT_UINT16, BASE_DEC, NULL, 0x0,
            "The client's port as the server sees it", HFILL}},
        {&hf_tfo_record_server.addr, {"Server address", "tfo.record.server_addr", FT_IPv4, BASE_NONE, NULL, 0x0,
            NULL, HFILL}},
        {&hf_tfo_record_server.addr6, {"Server address", "tfo.record.server_addr6", FT_IPv6, BASE_NONE, NULL, 0x0,
            NULL, HFILL}},
        {&hf_tfo_record_server.port, {"Server port", "tfo.record.server_port", FT_UINT16, BASE_DEC, NULL, 0x0,
            NULL, HFILL}},
        {&hf_tfo_record_option_kind, {"Option kind", "tfo.record.option_kind", FT_UINT8, BASE_DEC, NULL, 0x0,
            "Fast Open option kind of the client's first SYN", HFILL}},
        {&hf_tfo_record_cookie, {"Cookie", "tfo.record.cookie", FT_BYTES, BASE_NONE, NULL, 0x0,
            "Cookie of the client's first SYN (as captured)", HFILL}},
        {&hf_tfo_record_syn_data_lan, {"SYN data on the LAN", "tfo.record.syn_data_lan", FT_UINT32, BASE_DEC, NULL,
            0x0, "Bytes of data in the first SYN on the LAN side", HFILL}},
        {&hf_tfo_record_syn_data_wan, {"SYN data on the WAN", "tfo.record.syn_data_wan", FT_UINT32, BASE_DEC, NULL,
            0x0, "Bytes of data in the first SYN on the WAN side", HFILL}},
        {&hf_tfo_record_first_frame, {"First frame", "tfo.record.first_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            NULL, HFILL}},
        {&hf_tfo_record_last_frame, {"Last frame", "tfo.record.last_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "Latest SYN, SYN-ACK or first data segment of the handshake, either side", HFILL}},
        {&hf_tfo_record_fallback_cost, {"Fallback cost", "tfo.record.fallback_cost", FT_RELATIVE_TIME, BASE_NONE,
            NULL, 0x0, "Time the failure cost the client: from its first SYN to the SYN-ACK it got", HFILL}},
        {&hf_tfo_record_seq_rewritten, {"Sequence numbers rewritten", "tfo.record.seq_rewritten", FT_BOOLEAN,
            BASE_NONE, NULL, 0x0, NULL, HFILL}},
        {&hf_tfo_record_other_side_recorded, {"Other side recorded", "tfo.record.other_side_recorded", FT_BOOLEAN,
            BASE_NONE, NULL, 0x0, "Both sides have a copy of the handshake, or a drop was proved", HFILL}},
    };
    static gint *ett[] = {&ett_tfo_record};

    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
}
