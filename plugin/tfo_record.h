/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One record per handshake for machines: the "tfo.record" item. */
#ifndef TFO_RECORD_H
#define TFO_RECORD_H

#include <epan/packet.h>

#include "tfo_report.h"

/* Registers the tfo.record fields under |proto|. */
void tfo_record_register(int proto);
/* Adds the "tfo.record" item of the handshake |s| to |tree| (on its first frame). */
void tfo_record_print(proto_tree *tree, tvbuff_t *tvb, const tfo_handshake_summary *s);

#endif
