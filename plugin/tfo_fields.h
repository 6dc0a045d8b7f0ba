/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers the tree printers share. */
#ifndef TFO_FIELDS_H
#define TFO_FIELDS_H

#include <epan/proto.h>

/* Adds the generated time field |hf| of |ns| nanoseconds (>= 0) to |tree|. */
static inline void tfo_fields_add_time(proto_tree *tree, int hf, tvbuff_t *tvb, gint64 ns)
{
    nstime_t t;

    nstime_set_zero(&t);
    t.secs = (time_t)(ns / 1000000000);
    t.nsecs = (int)(ns % 1000000000);
    proto_item_set_generated(proto_tree_add_time(tree, hf, tvb, 0, 0, &t));
}

#endif
