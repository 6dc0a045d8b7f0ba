/* SPDX-License-Identifier: GPL-2.0-or-later */
/* "TFO through NAT": a post-dissector that feeds every frame to the engine
 * on the first pass and prints what the engine knows on every pass, the way
 * packet-tcp.c separates tcp_analyze_sequence_number() from
 * tcp_print_sequence_number_analysis(). */
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/tap.h>

#include "packet-tfo.h"
#include "tfo_analysis.h"
#include "tfo_compat.h"
#include "tfo_dissection.h"
#include "tfo_print.h"
#include "tfo_record.h"
#include "tfo_stats.h"

static int proto_tfo = -1;
static int tfo_tap = -1;
static dissector_handle_t tfo_handle;

static guint tfo_pref_window_ms = TFO_DEFAULT_WINDOW_MS;
static tfo_pref_bool tfo_pref_window_fixed = FALSE;
static const char *tfo_pref_lan_interface = "";
static const char *tfo_pref_wan_interface = "";

static void tfo_init(void)
{
    tfo_analysis_start(tfo_pref_window_ms, tfo_pref_window_fixed, tfo_pref_lan_interface, tfo_pref_wan_interface);
}

static void tfo_cleanup(void)
{
    tfo_analysis_stop();
}

static int dissect_tfo(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    tfo_tap_data *tap = wmem_new0(pinfo->pool, tfo_tap_data);

    /* Fed on the first pass only; finished when that pass is over (see
     * proto_register_tfo), not at the first frame seen again: in a live
     * capture the GUI dissects shown frames again while new ones come. */
    if (!PINFO_FD_VISITED(pinfo))
        tfo_analysis_observe(pinfo);
    tfo_analysis_tap_data(pinfo->num, tap);
    if (tap->has_result)
        tfo_print_result(tvb, pinfo, tree, &tap->result);
    /* Every frame: in a single pass a frame may belong to a handshake only
     * analysed later. The tap reads it after this function returns. */
    tap_queue_packet(tfo_tap, pinfo, tap);
    return tap->has_result ? (int)tvb_captured_length(tvb) : 0;
}

void proto_register_tfo(void)
{
    module_t *tfo_module;

    proto_tfo = proto_register_protocol("TFO through NAT", "TFO-NAT", "tfo");
    tfo_print_register(proto_tfo);
    tfo_record_register(proto_tfo);

    tfo_module = prefs_register_protocol(proto_tfo, NULL);
    prefs_register_uint_preference(tfo_module, "forward_window", "Forwarding window (ms)",
        "How long the gateway may take to forward a packet, at least. A packet not seen on the other "
        "side within the window, while that side was being recorded, counts as dropped. The window "
        "grows to twice the slowest forwarding delay seen in SYN twins (at most 10 s).",
        10, &tfo_pref_window_ms);
    prefs_register_bool_preference(tfo_module, "forward_window_fixed", "Fixed forwarding window",
        "The forwarding window is exactly the value above: it does not follow the gateway's delay.",
        &tfo_pref_window_fixed);
    prefs_register_string_preference(tfo_module, "lan_interface", "LAN interface",
        "Name or number of the capture interface on the gateway's LAN side. "
        "With both empty: from the interfaces' names (lan, br-lan, wan, pppoe-wan, ...), "
        "else learned from the capture.", &tfo_pref_lan_interface);
    prefs_register_string_preference(tfo_module, "wan_interface", "WAN interface",
        "Name or number of the capture interface on the gateway's WAN side. "
        "With both empty: from the interfaces' names (lan, br-lan, wan, pppoe-wan, ...), "
        "else learned from the capture.", &tfo_pref_wan_interface);

    tfo_dissection_register();
    register_init_routine(tfo_init);
    /* Every frame has been fed: the file's end, the end of tshark -2's first
     * pass, the end of a live capture in the GUI (file.c cf_finish_tail). */
    register_postseq_cleanup_routine(tfo_analysis_finish);
    register_cleanup_routine(tfo_cleanup);
    tfo_tap = register_tap("tfo");
    tfo_stats_register();
}

void proto_reg_handoff_tfo(void)
{
    tfo_handle = create_dissector_handle(dissect_tfo, proto_tfo);
    register_postdissector(tfo_handle);
    tfo_dissection_handoff();
}
