/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Prints a frame's stored result: the "TFO through NAT" subtree, expert
 * info and the Info column tag. */
#ifndef TFO_PRINT_H
#define TFO_PRINT_H

#include <epan/packet.h>

#include "tfo_results.h"

/* Registers the fields, subtrees and expert items under |proto|. */
void tfo_print_register(int proto);
void tfo_print_result(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const tfo_frame_result *result);

#endif
