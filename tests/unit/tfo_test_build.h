/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small builders of engine input shared by the unit tests: endpoints, TCP
 * options areas, observations, and handshake records for verdict tests.
 * Times given to builders are in microseconds; the engine counts in ns. */
#ifndef TFO_TEST_BUILD_H
#define TFO_TEST_BUILD_H

#include "tfo_addr.h"
#include "tfo_engine.h"
#include "tfo_handshake.h"
#include "tfo_option.h"

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#define TFO_T_NS(us) ((int64_t)(us) * 1000)  /* microseconds to ns */
#define TFO_T_WINDOW TFO_T_NS(500 * 1000)      /* the default 500 ms window */

/* ------------------------------------------------------------ endpoints */

/* The IPv4 endpoint |addr|:|port|, e.g. tfo_t_ep4("192.168.0.100", 13047). */
tfo_endpoint tfo_t_ep4(const char *addr, uint16_t port);
/* The IPv6 endpoint [|addr|]:|port|. */
tfo_endpoint tfo_t_ep6(const char *addr, uint16_t port);

/* ------------------------------------------------------ TCP options area */

typedef struct {
    uint8_t bytes[40];
    uint32_t len;
} tfo_t_opts;

/* Each appends to |o| and returns it; tfo_t_opts_new() starts empty. */
tfo_t_opts *tfo_t_opts_new(tfo_t_opts *o);
tfo_t_opts *tfo_t_opt_nop(tfo_t_opts *o);
tfo_t_opts *tfo_t_opt_eol(tfo_t_opts *o);
tfo_t_opts *tfo_t_opt_mss(tfo_t_opts *o, uint16_t mss);
tfo_t_opts *tfo_t_opt_ts(tfo_t_opts *o, uint32_t tsval, uint32_t tsecr);
/* Kind 34 with |cookie| of |cookie_len| bytes; 0 bytes is a cookie request. */
tfo_t_opts *tfo_t_opt_tfo(tfo_t_opts *o, const uint8_t *cookie, uint8_t cookie_len);
/* Kind 254 with magic 0xF989 and |cookie|; 0 bytes is a cookie request. */
tfo_t_opts *tfo_t_opt_tfo_exp(tfo_t_opts *o, const uint8_t *cookie, uint8_t cookie_len);
/* Kind |kind| with length byte |length| followed by |length| - 2 filler bytes
 * 0xa0, 0xa1, ... (for lengths the other builders refuse to write). */
tfo_t_opts *tfo_t_opt_kind_len(tfo_t_opts *o, uint8_t kind, uint8_t length);
/* The bytes spelt by |hex|, e.g. "fe04f989". */
tfo_t_opts *tfo_t_opt_hex(tfo_t_opts *o, const char *hex);

/* Writes the bytes spelt by |hex| into |out| (at most |max|) and returns
 * how many. */
size_t tfo_t_hex(const char *hex, uint8_t *out, size_t max);

/* ---------------------------------------------------------- observations */

/* A TCP observation. |payload| (|payload_len| bytes, all captured) and
 * |opts| may be NULL and must outlive the observation; |tsval| 0 means no
 * timestamp. No IP ID: see tfo_t_with_ip_id(). */
tfo_observation tfo_t_obs(uint32_t frame, int64_t ts_us, int32_t interface_id, tfo_endpoint src,
                          tfo_endpoint dst, uint16_t flags, uint32_t seq, uint32_t ack,
                          const uint8_t *payload, uint32_t payload_len, const tfo_t_opts *opts,
                          uint32_t tsval);
/* |obs| with the IPv4 ID |ip_id|. */
tfo_observation tfo_t_with_ip_id(tfo_observation obs, uint16_t ip_id);
/* A frame that is not TCP: only its number and time count. */
tfo_observation tfo_t_obs_other(uint32_t frame, int64_t ts_us);

/* ---------------------------------------------- the CloudShark challenge */

/* Packet Capture Challenge #5: 14 frames, client 192.168.0.100 behind the
 * NAT address 9.9.9.9, server 3.3.3.3:13054. */
#define TFO_T_CHALLENGE_FRAMES 14

/* Frame |n| (1..14) of the challenge, on interface -1, or with
 * |two_interfaces| on 0 (LAN copies) and 1 (WAN copies). */
tfo_observation tfo_t_challenge_frame(uint32_t n, gboolean two_interfaces);
/* Feeds challenge frames |first|..|last| to |e|. Returns 0, or the first
 * error tfo_engine_observe() gave. */
int tfo_t_feed_challenge(tfo_engine *e, uint32_t first, uint32_t last, gboolean two_interfaces);

/* -------------------------------------------------- handshake records */

/* The endpoints records use: LAN client 192.168.0.100:13047, its NAT
 * address 9.9.9.9:13047, server 3.3.3.3:13054. */
tfo_endpoint tfo_t_lan_client(void);
tfo_endpoint tfo_t_wan_client(void);
tfo_endpoint tfo_t_server(void);

tfo_option tfo_t_no_option(void);
/* A cookie request of |kind| (34 or 254). */
tfo_option tfo_t_request(uint8_t kind);
/* A cookie of |kind| with the bytes spelt by |hex|. */
tfo_option tfo_t_cookie(uint8_t kind, const char *hex);

/* The |side| leg of |hs| (interface -1, the endpoints above; UNKNOWN side
 * uses the LAN client) with initial sequence number |isn|. */
tfo_leg *tfo_t_leg(tfo_handshake *hs, tfo_side side, uint32_t isn);
/* The same with another client. */
tfo_leg *tfo_t_leg_of(tfo_handshake *hs, tfo_side side, tfo_endpoint client, uint32_t isn);

/* A SYN / SYN-ACK appended to |leg|, which owns it. A non-empty payload gets
 * the hash 0xda7a0000 + |payload_len|, all of it captured (head left zero);
 * fate NONE, no TSval, no IP ID. */
tfo_segment *tfo_t_syn(tfo_leg *leg, uint32_t frame, int64_t ts_us, uint32_t seq, uint32_t payload_len,
                       tfo_option option);
tfo_segment *tfo_t_synack(tfo_leg *leg, uint32_t frame, int64_t ts_us, uint32_t seq, uint32_t ack,
                          tfo_option option);

/* A SYN of |side| from |client| in a handshake of its own, for matching
 * tests; free it with tfo_t_free_lone(). */
tfo_segment *tfo_t_lone_syn(tfo_side side, tfo_endpoint client, uint32_t frame, int64_t ts_us, uint32_t seq,
                            uint32_t payload_len);
void tfo_t_free_lone(tfo_segment *seg);

#endif
