/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Prints the engine's findings for a frame: the "TFO through NAT" subtree,
 * expert info and the Info column tag. Reads results only. */
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto.h>

#include "tfo_fields.h"
#include "tfo_print.h"
#include "tfo_record.h"
#include "tfo_error.h"

static int proto_tfo_print = -1;

static int hf_tfo_handshake = -1;
static int hf_tfo_side = -1;
static int hf_tfo_verdict = -1;
static int hf_tfo_reason = -1;
static int hf_tfo_peer_frame = -1;
static int hf_tfo_nat_delay = -1;
static int hf_tfo_nat_dropped = -1;
static int hf_tfo_dropped_frame = -1;
static int hf_tfo_option_stripped = -1;
static int hf_tfo_data_stripped = -1;
static int hf_tfo_cookie_mangled = -1;
static int hf_tfo_seq_rewritten = -1;
static int hf_tfo_option_kind = -1;
static int hf_tfo_cookie = -1;
static int hf_tfo_syn_data_len = -1;
static int hf_tfo_fallback_cost = -1;

static gint ett_tfo = -1;
static gint ett_tfo_proof = -1;

static expert_field ei_tfo_nat_dropped = EI_INIT;
static expert_field ei_tfo_drop_proved = EI_INIT;
static expert_field ei_tfo_option_stripped = EI_INIT;
static expert_field ei_tfo_data_stripped = EI_INIT;
static expert_field ei_tfo_cookie_mangled = EI_INIT;
static expert_field ei_tfo_seq_rewritten = EI_INIT;
static expert_field ei_tfo_cookie_request = EI_INIT;
static expert_field ei_tfo_cookie_grant = EI_INIT;
static expert_field ei_tfo_cookie_use = EI_INIT;
static expert_field ei_tfo_data_ignored = EI_INIT;
static expert_field ei_tfo_syn_data_lost = EI_INIT;
static expert_field ei_tfo_unknown = EI_INIT;
static expert_field ei_tfo_data_resent = EI_INIT;
static expert_field ei_tfo_option_invalid = EI_INIT;
static expert_field ei_tfo_option_magic = EI_INIT;
static expert_field ei_tfo_option_uncaptured = EI_INIT;
static expert_field ei_tfo_other_side_silent = EI_INIT;
static expert_field ei_tfo_by_silence = EI_INIT;
static expert_field ei_tfo_out_of_order = EI_INIT;

static const value_string tfo_side_vals[] = {
    {TFO_SIDE_LAN, "LAN"},
    {TFO_SIDE_WAN, "WAN"},
    {0, NULL}
};

static const value_string tfo_option_kind_vals[] = {
    {TFO_OPT_KIND, "TCP Fast Open"},
    {TFO_OPT_KIND_EXP, "Experimental TCP Fast Open, magic 0xF989"},
    {0, NULL}
};

static const char *tfo_print_role(const tfo_frame_result *r)
{
    switch (r->role) {
    case TFO_ROLE_SYN: return "SYN";
    case TFO_ROLE_SYN_RETRANSMISSION: return "SYN retransmission";
    case TFO_ROLE_SYNACK: return "SYN-ACK";
    case TFO_ROLE_SYNACK_RETRANSMISSION: return "SYN-ACK retransmission";
    case TFO_ROLE_FIRST_DATA: return "first data";
    default: return "packet";
    }
}

static void tfo_print_tag(packet_info *pinfo, const char *what)
{
    col_append_fstr(pinfo->cinfo, COL_INFO, " [TFO: %s]", what);
}

static proto_item *tfo_print_bool(proto_tree *tree, int hf, tvbuff_t *tvb)
{
    proto_item *ti = proto_tree_add_boolean(tree, hf, tvb, 0, 0, TRUE);
    proto_item_set_generated(ti);
    return ti;
}

static void tfo_print_handshake(proto_tree *tree, tvbuff_t *tvb, guint32 handshake, const char *verdict)
{
    proto_item_set_generated(proto_tree_add_uint(tree, hf_tfo_handshake, tvb, 0, 0, handshake));
    proto_item_set_generated(proto_tree_add_string(tree, hf_tfo_verdict, tvb, 0, 0, verdict));
}

/* The option as the sender wrote it, with a note for each step of the cookie exchange. */
static void tfo_print_option(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const tfo_frame_result *r)
{
    proto_item *ti;

    if (r->option.type == TFO_OPT_NONE)
        return;
    if (r->option.type == TFO_OPT_UNCAPTURED) {
        proto_tree_add_expert(tree, pinfo, &ei_tfo_option_uncaptured, tvb, 0, 0);
        return;
    }
    ti = proto_tree_add_uint(tree, hf_tfo_option_kind, tvb, 0, 0, r->option.kind);
    proto_item_set_generated(ti);
    switch (r->option.type) {
    case TFO_OPT_INVALID:
        expert_add_info_format(pinfo, ti, &ei_tfo_option_invalid, "Invalid Fast Open option (kind %u, length %u): %s",
                               r->option.kind, r->option.length, tfo_strerror(r->option_status));
        tfo_print_tag(pinfo, "invalid option");
        break;
    case TFO_OPT_REQUEST:
        if (r->role == TFO_ROLE_SYN || r->role == TFO_ROLE_SYN_RETRANSMISSION)
            expert_add_info(pinfo, ti, &ei_tfo_cookie_request);
        break;
    case TFO_OPT_COOKIE:
        ti = proto_tree_add_bytes_with_length(tree, hf_tfo_cookie, tvb, 0, 0, r->option.cookie,
                                              r->option.cookie_captured);
        proto_item_set_generated(ti);
        if (r->option.cookie_captured < r->option.cookie_len) {
            proto_item_append_text(ti, " (%u of %u bytes captured)", r->option.cookie_captured, r->option.cookie_len);
            expert_add_info(pinfo, ti, &ei_tfo_option_uncaptured);
        }
        if (r->role == TFO_ROLE_SYNACK || r->role == TFO_ROLE_SYNACK_RETRANSMISSION)
            expert_add_info(pinfo, ti, &ei_tfo_cookie_grant);
        else
            expert_add_info(pinfo, ti, &ei_tfo_cookie_use);
        if (r->option.magic_in_cookie)
            expert_add_info(pinfo, ti, &ei_tfo_option_magic);
        break;
    default:
        break;
    }
}

/* What the gateway changed in this packet, as flags and warnings. */
static void tfo_print_changes(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const tfo_frame_result *r)
{
    static const struct {
        guint32 flag;
        int *hf;
        expert_field *ei;
        const char *tag;
    } changes[] = {
        {TFO_RESULT_OPTION_STRIPPED, &hf_tfo_option_stripped, &ei_tfo_option_stripped, "option stripped by gateway"},
        {TFO_RESULT_DATA_STRIPPED, &hf_tfo_data_stripped, &ei_tfo_data_stripped, "SYN data stripped by gateway"},
        {TFO_RESULT_COOKIE_MANGLED, &hf_tfo_cookie_mangled, &ei_tfo_cookie_mangled, "cookie mangled by gateway"},
        {TFO_RESULT_SEQ_REWRITTEN, &hf_tfo_seq_rewritten, &ei_tfo_seq_rewritten, NULL},
    };
    guint i;

    for (i = 0; i < G_N_ELEMENTS(changes); i++) {
        if (!(r->flags & changes[i].flag))
            continue;
        expert_add_info(pinfo, tfo_print_bool(tree, *changes[i].hf, tvb), changes[i].ei);
        if (changes[i].tag)
            tfo_print_tag(pinfo, changes[i].tag);
    }
}

/* A verdict that is not the gateway's doing, said once, on the client's first SYN. */
static void tfo_print_verdict_note(proto_item *ti, packet_info *pinfo, const tfo_frame_result *r)
{
    if (!r->has_record)
        return;
    if (r->verdict == TFO_VERDICT_DATA_IGNORED)
        expert_add_info(pinfo, ti, &ei_tfo_data_ignored);
    else if (r->verdict == TFO_VERDICT_SYN_DATA_LOST)
        expert_add_info(pinfo, ti, &ei_tfo_syn_data_lost);
    else if (r->verdict == TFO_VERDICT_UNKNOWN && r->final)
        expert_add_info(pinfo, ti, &ei_tfo_unknown);
}

static void tfo_print_dropped(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const tfo_frame_result *r)
{
    proto_item *ti = tfo_print_bool(tree, hf_tfo_nat_dropped, tvb);
    expert_add_info_format(pinfo, ti, &ei_tfo_nat_dropped, "%s not forwarded by the gateway (handshake %u)",
                           tfo_print_role(r), r->handshake);
    tfo_print_tag(pinfo, r->role == TFO_ROLE_SYN && r->syn_data_len ? "SYN data dropped by gateway"
                         : r->role == TFO_ROLE_SYNACK || r->role == TFO_ROLE_SYNACK_RETRANSMISSION
                             ? "SYN-ACK dropped by gateway"
                             : "dropped by gateway");
}

/* This frame is the first to show that an earlier one was dropped. Until the
 * analysis is finished (a single pass, and the rows a GUI draws while it
 * reads or captures) it says so here; once finished the dropped frame
 * itself says it, and this one only links the two. */
static void tfo_print_proofs(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const tfo_frame_result *r)
{
    guint i;

    for (i = 0; r->proofs && i < r->proofs->len; i++) {
        const tfo_proof *p = &g_array_index(r->proofs, tfo_proof, i);
        tfo_verdict v = p->verdict;
        proto_tree *sub = proto_tree_add_subtree_format(tree, tvb, 0, 0, ett_tfo_proof, NULL,
                                                        "Shows that frame %u was not forwarded by the gateway",
                                                        p->dropped_frame);
        proto_item *ti;

        tfo_print_handshake(sub, tvb, p->handshake, tfo_verdict_token(v));
        if (r->final)
            continue;
        ti = tfo_print_bool(sub, hf_tfo_nat_dropped, tvb);
        proto_item_set_generated(proto_tree_add_uint(sub, hf_tfo_dropped_frame, tvb, 0, 0, p->dropped_frame));
        expert_add_info_format(pinfo, ti, &ei_tfo_drop_proved,
                               "Frame %u (handshake %u) was not forwarded by the gateway", p->dropped_frame, p->handshake);
        tfo_print_tag(pinfo, tfo_verdict_describe(v));
    }
}

void tfo_print_result(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const tfo_frame_result *r)
{
    proto_item *top = proto_tree_add_item(tree, proto_tfo_print, tvb, 0, 0, ENC_NA);
    proto_tree *sub = proto_item_add_subtree(top, ett_tfo);

    proto_item_set_generated(top);
    if (r->handshake) {
        proto_item_append_text(top, ": handshake %u, %s, %s", r->handshake, tfo_print_role(r),
                               tfo_verdict_token(r->verdict));
        tfo_print_handshake(sub, tvb, r->handshake, tfo_verdict_token(r->verdict));
        if (r->reason != TFO_REASON_NONE) {
            proto_item_append_text(top, " (%s)", tfo_report_reason_token((tfo_unknown_reason)r->reason));
            proto_item_set_generated(proto_tree_add_string(sub, hf_tfo_reason, tvb, 0, 0,
                                                           tfo_report_reason_token((tfo_unknown_reason)r->reason)));
        }
        if (r->side != TFO_SIDE_UNKNOWN)
            proto_item_set_generated(proto_tree_add_uint(sub, hf_tfo_side, tvb, 0, 0, r->side));
    }
    if (r->peer_frame) {
        proto_item_set_generated(proto_tree_add_uint(sub, hf_tfo_peer_frame, tvb, 0, 0, r->peer_frame));
        tfo_fields_add_time(sub, hf_tfo_nat_delay, tvb, r->nat_delay);
    }
    tfo_print_option(sub, tvb, pinfo, r);
    if (r->syn_data_len)
        proto_item_set_generated(proto_tree_add_uint(sub, hf_tfo_syn_data_len, tvb, 0, 0, r->syn_data_len));
    if (r->flags & TFO_RESULT_NAT_DROPPED)
        tfo_print_dropped(sub, tvb, pinfo, r);
    tfo_print_changes(sub, tvb, pinfo, r);
    if (r->fallback_cost >= 0)
        tfo_fields_add_time(sub, hf_tfo_fallback_cost, tvb, r->fallback_cost);
    if (r->flags & TFO_RESULT_DATA_RESENT)
        expert_add_info(pinfo, top, &ei_tfo_data_resent);
    if (r->flags & TFO_RESULT_BY_SILENCE)
        expert_add_info_format(pinfo, top, &ei_tfo_by_silence,
                               "The %s side recorded nothing after the gateway's last forwarded packet, while "
                               "the %s side went on past this packet's window with nothing the gateway forwards: "
                               "the silence shows the drop",
                               val_to_str_const(tfo_side_other(r->side), tfo_side_vals, "other"),
                               val_to_str_const(r->side, tfo_side_vals, "this"));
    if (r->flags & TFO_RESULT_OTHER_SIDE_SILENT)
        expert_add_info_format(pinfo, top, &ei_tfo_other_side_silent,
                               "Not seen on the %s side, whose recording shows nothing after this packet's "
                               "forwarding window: it may have stopped, so no drop can be proved",
                               val_to_str_const(tfo_side_other(r->side), tfo_side_vals, "other"));
    if (r->behind > 0) {
        expert_add_info_format(pinfo, top, &ei_tfo_out_of_order,
                               "Captured %" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT " s before a frame already "
                               "analysed: the capture is not in time order by more than the analysis waits for, so "
                               "its twin may be missed and drops wait longer to be proved",
                               r->behind / 1000000000, (r->behind % 1000000000) / 1000);
        tfo_print_tag(pinfo, "out of time order");
    }
    tfo_print_verdict_note(top, pinfo, r);
    tfo_print_proofs(sub, tvb, pinfo, r);
    /* The handshake's record, on its first frame. */
    if (r->has_record)
        tfo_record_print(sub, tvb, &r->record);
}

void tfo_print_register(int proto)
{
    static hf_register_info hf[] = {
        {&hf_tfo_handshake, {"Handshake", "tfo.handshake", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Fast Open handshake number, the same on both sides of the gateway", HFILL}},
        {&hf_tfo_side, {"Side", "tfo.side", FT_UINT8, BASE_DEC, VALS(tfo_side_vals), 0x0,
            "Side of the gateway this copy was captured on", HFILL}},
        {&hf_tfo_verdict, {"Verdict", "tfo.verdict", FT_STRING, BASE_NONE, NULL, 0x0,
            "What the gateway did to the handshake", HFILL}},
        {&hf_tfo_reason, {"Why unknown", "tfo.reason", FT_STRING, BASE_NONE, NULL, 0x0,
            "Why the capture cannot tell what the gateway did (window-open, other-side-silent, ambiguous-twin, "
            "option-uncaptured, invalid-option, one-side-only, no-synack, no-cookie-granted, undecided)", HFILL}},
        {&hf_tfo_peer_frame, {"Twin frame", "tfo.peer_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The same packet on the other side of the gateway", HFILL}},
        {&hf_tfo_nat_delay, {"Gateway delay", "tfo.nat_delay", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time between this packet and its twin", HFILL}},
        {&hf_tfo_nat_dropped, {"Dropped by the gateway", "tfo.nat_dropped", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The gateway received this packet and did not forward it", HFILL}},
        {&hf_tfo_dropped_frame, {"Dropped frame", "tfo.dropped_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The packet this frame proves the gateway dropped", HFILL}},
        {&hf_tfo_option_stripped, {"Option stripped", "tfo.option_stripped", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The gateway removed the Fast Open option", HFILL}},
        {&hf_tfo_data_stripped, {"SYN data stripped", "tfo.data_stripped", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The gateway forwarded the SYN without its data", HFILL}},
        {&hf_tfo_cookie_mangled, {"Cookie mangled", "tfo.cookie_mangled", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The gateway changed the Fast Open cookie", HFILL}},
        {&hf_tfo_seq_rewritten, {"Sequence numbers rewritten", "tfo.seq_rewritten", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The gateway offset the sequence numbers", HFILL}},
        {&hf_tfo_option_kind, {"Option kind", "tfo.option_kind", FT_UINT8, BASE_DEC, VALS(tfo_option_kind_vals), 0x0,
            NULL, HFILL}},
        {&hf_tfo_cookie, {"Cookie", "tfo.cookie", FT_BYTES, BASE_NONE, NULL, 0x0,
            "Fast Open cookie carried by this packet", HFILL}},
        {&hf_tfo_syn_data_len, {"SYN data length", "tfo.syn_data_len", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Bytes of data carried by the SYN", HFILL}},
        {&hf_tfo_fallback_cost, {"Fallback cost", "tfo.fallback_cost", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time the failure cost the client: from its first SYN to the SYN-ACK it got", HFILL}},
    };
    static gint *ett[] = {&ett_tfo, &ett_tfo_proof};
    static ei_register_info ei[] = {
        {&ei_tfo_nat_dropped, {"tfo.nat_dropped.expert", PI_SEQUENCE, PI_WARN,
            "Not forwarded by the gateway", EXPFILL}},
        {&ei_tfo_drop_proved, {"tfo.dropped_frame.expert", PI_SEQUENCE, PI_WARN,
            "An earlier packet was not forwarded by the gateway", EXPFILL}},
        {&ei_tfo_option_stripped, {"tfo.option_stripped.expert", PI_SEQUENCE, PI_WARN,
            "The gateway stripped the Fast Open option", EXPFILL}},
        {&ei_tfo_data_stripped, {"tfo.data_stripped.expert", PI_SEQUENCE, PI_WARN,
            "The gateway stripped the SYN data", EXPFILL}},
        {&ei_tfo_cookie_mangled, {"tfo.cookie_mangled.expert", PI_SEQUENCE, PI_WARN,
            "The gateway changed the Fast Open cookie", EXPFILL}},
        {&ei_tfo_seq_rewritten, {"tfo.seq_rewritten.expert", PI_SEQUENCE, PI_NOTE,
            "The gateway rewrote the sequence numbers", EXPFILL}},
        {&ei_tfo_cookie_request, {"tfo.cookie_request", PI_SEQUENCE, PI_NOTE,
            "Fast Open cookie request", EXPFILL}},
        {&ei_tfo_cookie_grant, {"tfo.cookie_grant", PI_SEQUENCE, PI_NOTE,
            "Fast Open cookie granted", EXPFILL}},
        {&ei_tfo_cookie_use, {"tfo.cookie_use", PI_SEQUENCE, PI_NOTE,
            "Fast Open cookie used", EXPFILL}},
        {&ei_tfo_data_ignored, {"tfo.data_ignored", PI_SEQUENCE, PI_NOTE,
            "The server acknowledged only the SYN, not its data", EXPFILL}},
        {&ei_tfo_syn_data_lost, {"tfo.syn_data_lost", PI_SEQUENCE, PI_WARN,
            "The SYN with data got no answer and the client retried without data", EXPFILL}},
        {&ei_tfo_data_resent, {"tfo.data_resent", PI_SEQUENCE, PI_NOTE,
            "The client sends its SYN data again after the handshake", EXPFILL}},
        {&ei_tfo_unknown, {"tfo.unknown", PI_SEQUENCE, PI_NOTE,
            "The capture cannot tell what happened to this handshake", EXPFILL}},
        {&ei_tfo_option_invalid, {"tfo.option_invalid", PI_MALFORMED, PI_ERROR,
            "Invalid Fast Open option", EXPFILL}},
        {&ei_tfo_out_of_order, {"tfo.out_of_order", PI_SEQUENCE, PI_WARN,
            "Frame captured before a frame already analysed: the capture is not in time order", EXPFILL}},
        {&ei_tfo_by_silence, {"tfo.dropped_by_silence", PI_SEQUENCE, PI_NOTE,
            "Dropped: the other side fell silent with the gateway's last forwarded packet", EXPFILL}},
        {&ei_tfo_other_side_silent, {"tfo.other_side_silent", PI_SEQUENCE, PI_NOTE,
            "The other side's recording shows nothing after this packet's forwarding window", EXPFILL}},
        {&ei_tfo_option_uncaptured, {"tfo.option_uncaptured", PI_UNDECODED, PI_NOTE,
            "The snap length cut the TCP options: what the gateway did to the Fast Open option is unknown", EXPFILL}},
        {&ei_tfo_option_magic, {"tfo.option_magic", PI_MALFORMED, PI_WARN,
            "Kind 34 cookie begins with the experimental magic 0xF989: a relabelled kind 254 option?", EXPFILL}},
    };
    expert_module_t *expert_tfo;

    proto_tfo_print = proto;
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_tfo = expert_register_protocol(proto);
    expert_register_field_array(expert_tfo, ei, array_length(ei));
}
