/* SPDX-License-Identifier: GPL-2.0-or-later */
/* "TFO through NAT": a post-dissector that feeds every frame to the engine
 * on the first pass and prints what the engine knows on every pass, the way
 * packet-tcp.c separates tcp_analyze_sequence_number() from
 * tcp_print_sequence_number_analysis(). */
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/tap.h>

#include "packet-tfo.h"
#include "tfo_compat.h"

static int proto_tfo = -1;
static int tfo_tap = -1;
static dissector_handle_t tfo_handle;

static guint tfo_pref_window_ms = TFO_DEFAULT_WINDOW_MS;
static const char *tfo_pref_lan_interface = "";
static const char *tfo_pref_wan_interface = "";

static tfo_engine *tfo_engine_current;
/* Interface ids already checked against the preferences. */
static GHashTable *tfo_interfaces_seen;

tfo_engine *tfo_current_engine(void)
{
    return tfo_engine_current;
}

static void tfo_init(void)
{
    tfo_engine_current = tfo_engine_new((gint64)tfo_pref_window_ms * 1000000);
    tfo_interfaces_seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    tfo_dissection_init();
}

static void tfo_cleanup(void)
{
    tfo_engine_free(tfo_engine_current);
    tfo_engine_current = NULL;
    g_hash_table_destroy(tfo_interfaces_seen);
    tfo_interfaces_seen = NULL;
}

/* TRUE when the preference |pref| names interface |id|, by name or number. */
static gboolean tfo_pref_names_interface(const char *pref, const char *name, gint32 id)
{
    char number[16];

    if (!pref || !*pref)
        return FALSE;
    g_snprintf(number, sizeof(number), "%d", id);
    return strcmp(pref, number) == 0 || (name && strcmp(pref, name) == 0);
}

static void tfo_apply_interface_prefs(packet_info *pinfo, gint32 id)
{
    const char *name;

    if (id < 0 || g_hash_table_contains(tfo_interfaces_seen, GINT_TO_POINTER(id + 1)))
        return;
    g_hash_table_add(tfo_interfaces_seen, GINT_TO_POINTER(id + 1));
    name = tfo_interface_name(pinfo, (guint32)id);
    if (tfo_pref_names_interface(tfo_pref_lan_interface, name, id))
        tfo_engine_set_interface_side(tfo_engine_current, id, TFO_SIDE_LAN);
    else if (tfo_pref_names_interface(tfo_pref_wan_interface, name, id))
        tfo_engine_set_interface_side(tfo_engine_current, id, TFO_SIDE_WAN);
}

static int dissect_tfo(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    tfo_frame_result result;

    if (!PINFO_FD_VISITED(pinfo)) {
        tfo_observation obs;
        tfo_dissection_observe(pinfo, &obs);
        tfo_apply_interface_prefs(pinfo, obs.interface_id);
        tfo_engine_observe(tfo_engine_current, &obs);
    }
    if (!tfo_engine_frame_result(tfo_engine_current, pinfo->num, &result))
        return 0;
    tfo_print_result(tvb, pinfo, tree, &result);
    /* The tap reads it after this function returns. */
    tap_queue_packet(tfo_tap, pinfo, wmem_memdup(pinfo->pool, &result, sizeof(result)));
    return tvb_captured_length(tvb);
}

void proto_register_tfo(void)
{
    module_t *tfo_module;

    proto_tfo = proto_register_protocol("TFO through NAT", "TFO-NAT", "tfo");
    tfo_print_register(proto_tfo);
    tfo_record_register(proto_tfo);

    tfo_module = prefs_register_protocol(proto_tfo, NULL);
    prefs_register_uint_preference(tfo_module, "forward_window", "Forwarding window (ms)",
        "How long the gateway may take to forward a packet. A packet not seen on the other side "
        "within this time, while that side was being recorded, counts as dropped.",
        10, &tfo_pref_window_ms);
    prefs_register_string_preference(tfo_module, "lan_interface", "LAN interface",
        "Name or number of the capture interface on the gateway's LAN side. "
        "Empty: learned from the capture.", &tfo_pref_lan_interface);
    prefs_register_string_preference(tfo_module, "wan_interface", "WAN interface",
        "Name or number of the capture interface on the gateway's WAN side. "
        "Empty: learned from the capture.", &tfo_pref_wan_interface);

    tfo_dissection_register();
    register_init_routine(tfo_init);
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
