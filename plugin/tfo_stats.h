/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The "TFO through NAT" tables, fed by the "tfo" tap (tfo_tap_data). */
#ifndef TFO_STATS_H
#define TFO_STATS_H

/* Registers -z tfo,nat and Statistics -> TFO through NAT. */
void tfo_stats_register(void);

#endif
