/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one place that knows how the epan API differs between the Wireshark
 * versions this plugin builds against. Checked against the installed
 * headers of 4.0 (Debian 12), 4.4 (Debian 13) and 4.6 (Debian unstable).
 * 4.2 is not tested (CMakeLists.txt refuses it by default): the changes
 * seen between 4.0 and 4.4 are taken to date from 4.2. */
#ifndef TFO_COMPAT_H
#define TFO_COMPAT_H

#include <ws_version.h>
#include <epan/epan.h>
#include <epan/proto.h>
#include <wiretap/wtap.h>

/* The headers must be those of the Wireshark that CMake found, whose
 * plugin folder (plugins/X.Y) the plugin goes to. */
#if WIRESHARK_VERSION_MAJOR != TFO_WIRESHARK_MAJOR || WIRESHARK_VERSION_MINOR != TFO_WIRESHARK_MINOR
#error "the Wireshark headers found are not those of the Wireshark CMake was configured with"
#endif

#define TFO_WS_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

#if TFO_WS_AT_LEAST(4, 2)

#include <wsutil/plugins.h>

/* Interface ids are numbered per pcapng section. */
#define tfo_interface_name(pinfo, id) \
    epan_get_interface_name((pinfo)->epan, (id), (pinfo)->rec->section_number)

/* Defines plugin_describe(), which tells About -> Plugins and
 * `tshark -G plugins` what the plugin provides. */
#define TFO_PLUGIN_DESCRIBE(flags) \
    WS_DLL_PUBLIC uint32_t plugin_describe(void); \
    uint32_t plugin_describe(void) { return (flags); }

#else

#define tfo_interface_name(pinfo, id) epan_get_interface_name((pinfo)->epan, (id))
/* Plugins do not describe themselves before 4.2. */
#define TFO_PLUGIN_DESCRIBE(flags)

#endif

/* A boolean preference's variable: bool from 4.2 (taken to date from 4.2,
 * like the changes above), gboolean before. */
#if TFO_WS_AT_LEAST(4, 2)
typedef bool tfo_pref_bool;
#else
typedef gboolean tfo_pref_bool;
#endif

/* A -z table's init callback: from 4.6 it returns whether it started, and
 * tshark reports the failure and exits; before, it exits by itself. */
#if TFO_WS_AT_LEAST(4, 6)
typedef bool tfo_stat_init_result;
#define TFO_STAT_INIT_RETURN(started) return (started)
#else
typedef void tfo_stat_init_result;
#define TFO_STAT_INIT_RETURN(started) \
    do {                              \
        if (!(started))               \
            exit(1);                  \
        return;                       \
    } while (0)
#endif

#endif
