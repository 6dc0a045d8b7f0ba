/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The capture file's analysis: one engine per file (file scope), fed on
 * the first pass, finished once every frame has been fed. */
#include <epan/packet.h>

#include "tfo_analysis.h"
#include "tfo_compat.h"
#include "tfo_dissection.h"
#include "tfo_sides.h"

static tfo_engine *tfo_analysis_engine;
static char *tfo_analysis_lan, *tfo_analysis_wan;
/* Interface ids already checked against the preferences. */
static GHashTable *tfo_analysis_interfaces_seen;
static gboolean tfo_analysis_interfaces_declared;
static guint tfo_analysis_interface_count; /* interfaces the capture declares */

typedef struct {
    tfo_analysis_end_cb cb;
    void *user_data;
} tfo_analysis_watcher;
static GArray *tfo_analysis_watchers; /* tfo_analysis_watcher */

void tfo_analysis_watch_end(tfo_analysis_end_cb cb, void *user_data)
{
    tfo_analysis_watcher w = {cb, user_data};

    if (!tfo_analysis_watchers)
        tfo_analysis_watchers = g_array_new(FALSE, FALSE, sizeof(tfo_analysis_watcher));
    g_array_append_val(tfo_analysis_watchers, w);
}

void tfo_analysis_unwatch_end(tfo_analysis_end_cb cb, void *user_data)
{
    guint i;

    for (i = 0; tfo_analysis_watchers && i < tfo_analysis_watchers->len; i++) {
        tfo_analysis_watcher *w = &g_array_index(tfo_analysis_watchers, tfo_analysis_watcher, i);
        if (w->cb == cb && w->user_data == user_data) {
            g_array_remove_index(tfo_analysis_watchers, i);
            break;
        }
    }
    if (tfo_analysis_watchers && !tfo_analysis_watchers->len) {
        g_array_free(tfo_analysis_watchers, TRUE);
        tfo_analysis_watchers = NULL;
    }
}

void tfo_analysis_start(guint window_ms, gboolean window_fixed, const char *lan_interface, const char *wan_interface)
{
    tfo_analysis_engine = tfo_engine_new((gint64)window_ms * 1000000);
    if (window_fixed)
        tfo_engine_fix_window(tfo_analysis_engine);
    tfo_analysis_lan = g_strdup(lan_interface);
    tfo_analysis_wan = g_strdup(wan_interface);
    tfo_analysis_interfaces_seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    tfo_analysis_interfaces_declared = FALSE;
    tfo_analysis_interface_count = 0;
    tfo_dissection_init();
}

void tfo_analysis_stop(void)
{
    guint i;

    if (tfo_analysis_engine && tfo_analysis_watchers && tfo_analysis_watchers->len) {
        tfo_engine_finish(tfo_analysis_engine);
        for (i = 0; i < tfo_analysis_watchers->len; i++) {
            tfo_analysis_watcher *w = &g_array_index(tfo_analysis_watchers, tfo_analysis_watcher, i);
            w->cb(tfo_engine_results(tfo_analysis_engine), w->user_data);
        }
    }
    tfo_engine_free(tfo_analysis_engine);
    tfo_analysis_engine = NULL;
    g_free(tfo_analysis_lan);
    g_free(tfo_analysis_wan);
    tfo_analysis_lan = tfo_analysis_wan = NULL;
    g_hash_table_destroy(tfo_analysis_interfaces_seen);
    tfo_analysis_interfaces_seen = NULL;
}

static gboolean tfo_pref_empty(const char *pref)
{
    return !pref || !*pref;
}

/* TRUE when the preference |pref| names interface |id|, by name or number. */
static gboolean tfo_pref_names_interface(const char *pref, const char *name, gint32 id)
{
    char number[16];

    if (tfo_pref_empty(pref))
        return FALSE;
    g_snprintf(number, sizeof(number), "%d", id);
    return strcmp(pref, number) == 0 || (name && strcmp(pref, name) == 0);
}

/* The side of interface |id|: the preference that names it; with both
 * preferences empty, what its name says, in a capture of several interfaces
 * (one interface may carry both sides). */
static void tfo_analysis_apply_prefs(packet_info *pinfo, gint32 id)
{
    const char *name;
    tfo_side side;

    if (id < 0 || g_hash_table_contains(tfo_analysis_interfaces_seen, GINT_TO_POINTER(id + 1)))
        return;
    g_hash_table_add(tfo_analysis_interfaces_seen, GINT_TO_POINTER(id + 1));
    name = tfo_interface_name(pinfo, (guint32)id);
    if (tfo_pref_names_interface(tfo_analysis_lan, name, id))
        side = TFO_SIDE_LAN;
    else if (tfo_pref_names_interface(tfo_analysis_wan, name, id))
        side = TFO_SIDE_WAN;
    else if (tfo_pref_empty(tfo_analysis_lan) && tfo_pref_empty(tfo_analysis_wan) && tfo_analysis_interface_count > 1)
        side = tfo_sides_from_interface_name(name);
    else
        return;
    tfo_engine_set_interface_side(tfo_analysis_engine, id, side);
}

/* Interface ids probed for an interface block at the first frame. */
#define TFO_DECLARED_INTERFACES_MAX 64

/* Declares to the engine the interfaces the capture file describes, so
 * that it waits for each one's first batch. Wireshark tells a dissector
 * no count of them; the name lookup answers "unknown" past the last one. */
static void tfo_analysis_declare_interfaces(packet_info *pinfo)
{
    const char *name;
    guint32 id;

    if (!pinfo->rec || !(pinfo->rec->presence_flags & WTAP_HAS_INTERFACE_ID))
        return;
    for (id = 0; id < TFO_DECLARED_INTERFACES_MAX; id++) {
        name = tfo_interface_name(pinfo, id);
        if (name && strcmp(name, "unknown") != 0) {
            tfo_engine_expect_interface(tfo_analysis_engine, (gint32)id);
            tfo_analysis_interface_count++;
        }
    }
}

void tfo_analysis_observe(packet_info *pinfo)
{
    tfo_observation obs;

    if (!tfo_analysis_interfaces_declared) {
        tfo_analysis_declare_interfaces(pinfo);
        tfo_analysis_interfaces_declared = TRUE;
    }
    tfo_dissection_observe(pinfo, &obs);
    tfo_analysis_apply_prefs(pinfo, obs.interface_id);
    tfo_engine_observe(tfo_analysis_engine, &obs);
}

void tfo_analysis_finish(void)
{
    if (tfo_analysis_engine)
        tfo_engine_finish(tfo_analysis_engine);
}

void tfo_analysis_tap_data(guint32 frame, tfo_tap_data *out)
{
    out->frame = frame;
    out->results = tfo_engine_results(tfo_analysis_engine);
    out->has_result = tfo_engine_frame_result(tfo_analysis_engine, frame, &out->result);
}
