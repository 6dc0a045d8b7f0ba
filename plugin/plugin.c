/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Entry points Wireshark looks for when it loads the plugin. */
#include <gmodule.h>
#include <wireshark.h>
#include <epan/proto.h>

#include "packet-tfo.h"
#include "tfo_compat.h"

#ifndef PLUGIN_VERSION
#define PLUGIN_VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

TFO_PLUGIN_DESCRIBE(WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER)

void plugin_register(void)
{
    static proto_plugin plug_tfo;

    plug_tfo.register_protoinfo = proto_register_tfo;
    plug_tfo.register_handoff = proto_reg_handoff_tfo;
    proto_register_plugin(&plug_tfo);
}
