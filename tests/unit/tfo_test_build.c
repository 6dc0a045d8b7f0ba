/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_test_build.h"

#include <arpa/inet.h>
#include <string.h>

/* ------------------------------------------------------------ endpoints */

tfo_endpoint tfo_t_ep4(const char *addr, uint16_t port)
{
    uint8_t bytes[4];
    tfo_endpoint ep;
    int ok = inet_pton(AF_INET, addr, bytes);

    g_assert(ok == 1);
    tfo_endpoint_set_ipv4(&ep, bytes, port);
    return ep;
}

tfo_endpoint tfo_t_ep6(const char *addr, uint16_t port)
{
    uint8_t bytes[16];
    tfo_endpoint ep;
    int ok = inet_pton(AF_INET6, addr, bytes);

    g_assert(ok == 1);
    tfo_endpoint_set_ipv6(&ep, bytes, port);
    return ep;
}

/* ------------------------------------------------------ TCP options area */

static tfo_t_opts *tfo_t_opts_put(tfo_t_opts *o, uint8_t byte)
{
    g_assert(o->len < sizeof(o->bytes));
    o->bytes[o->len++] = byte;
    return o;
}

tfo_t_opts *tfo_t_opts_new(tfo_t_opts *o)
{
    memset(o, 0, sizeof(*o));
    return o;
}

tfo_t_opts *tfo_t_opt_nop(tfo_t_opts *o)
{
    return tfo_t_opts_put(o, 1);
}

tfo_t_opts *tfo_t_opt_eol(tfo_t_opts *o)
{
    return tfo_t_opts_put(o, 0);
}

tfo_t_opts *tfo_t_opt_mss(tfo_t_opts *o, uint16_t mss)
{
    tfo_t_opts_put(o, 2);
    tfo_t_opts_put(o, 4);
    tfo_t_opts_put(o, (uint8_t)(mss >> 8));
    return tfo_t_opts_put(o, (uint8_t)mss);
}

tfo_t_opts *tfo_t_opt_ts(tfo_t_opts *o, uint32_t tsval, uint32_t tsecr)
{
    int i;

    tfo_t_opts_put(o, 8);
    tfo_t_opts_put(o, 10);
    for (i = 24; i >= 0; i -= 8)
        tfo_t_opts_put(o, (uint8_t)(tsval >> i));
    for (i = 24; i >= 0; i -= 8)
        tfo_t_opts_put(o, (uint8_t)(tsecr >> i));
    return o;
}

tfo_t_opts *tfo_t_opt_tfo(tfo_t_opts *o, const uint8_t *cookie, uint8_t cookie_len)
{
    uint8_t i;

    tfo_t_opts_put(o, TFO_OPT_KIND);
    tfo_t_opts_put(o, (uint8_t)(2 + cookie_len));
    for (i = 0; i < cookie_len; i++)
        tfo_t_opts_put(o, cookie[i]);
    return o;
}

tfo_t_opts *tfo_t_opt_tfo_exp(tfo_t_opts *o, const uint8_t *cookie, uint8_t cookie_len)
{
    uint8_t i;

    tfo_t_opts_put(o, TFO_OPT_KIND_EXP);
    tfo_t_opts_put(o, (uint8_t)(4 + cookie_len));
    tfo_t_opts_put(o, TFO_OPT_EXP_MAGIC >> 8);
    tfo_t_opts_put(o, TFO_OPT_EXP_MAGIC & 0xff);
    for (i = 0; i < cookie_len; i++)
        tfo_t_opts_put(o, cookie[i]);
    return o;
}

tfo_t_opts *tfo_t_opt_kind_len(tfo_t_opts *o, uint8_t kind, uint8_t length)
{
    uint8_t i;

    tfo_t_opts_put(o, kind);
    tfo_t_opts_put(o, length);
    for (i = 2; i < length; i++)
        tfo_t_opts_put(o, (uint8_t)(0xa0 + i - 2));
    return o;
}

size_t tfo_t_hex(const char *hex, uint8_t *out, size_t max)
{
    size_t n = 0;

    while (hex[0] && hex[1]) {
        int hi = g_ascii_xdigit_value(hex[0]), lo = g_ascii_xdigit_value(hex[1]);

        g_assert(hi >= 0 && lo >= 0 && n < max);
        out[n++] = (uint8_t)(hi << 4 | lo);
        hex += 2;
    }
    g_assert(hex[0] == '\0');
    return n;
}

tfo_t_opts *tfo_t_opt_hex(tfo_t_opts *o, const char *hex)
{
    o->len += (uint32_t)tfo_t_hex(hex, o->bytes + o->len, sizeof(o->bytes) - o->len);
    return o;
}

/* ---------------------------------------------------------- observations */

tfo_observation tfo_t_obs(uint32_t frame, int64_t ts_us, int32_t interface_id, tfo_endpoint src,
                          tfo_endpoint dst, uint16_t flags, uint32_t seq, uint32_t ack,
                          const uint8_t *payload, uint32_t payload_len, const tfo_t_opts *opts,
                          uint32_t tsval)
{
    tfo_observation o;

    memset(&o, 0, sizeof(o));
    o.frame = frame;
    o.ts = TFO_T_NS(ts_us);
    o.interface_id = interface_id;
    o.is_tcp = TRUE;
    o.src = src;
    o.dst = dst;
    o.tcp_flags = flags;
    o.seq = seq;
    o.ack = ack;
    o.payload_len = payload_len;
    o.payload = payload_len ? payload : NULL;
    o.payload_captured = payload ? payload_len : 0;
    if (opts) {
        o.options = opts->bytes;
        o.options_len = o.options_captured = opts->len;
    }
    o.has_tsval = tsval != 0;
    o.tsval = tsval;
    return o;
}

tfo_observation tfo_t_with_ip_id(tfo_observation obs, uint16_t ip_id)
{
    obs.has_ip_id = TRUE;
    obs.ip_id = ip_id;
    return obs;
}

tfo_observation tfo_t_obs_other(uint32_t frame, int64_t ts_us)
{
    tfo_observation o;

    memset(&o, 0, sizeof(o));
    o.frame = frame;
    o.ts = TFO_T_NS(ts_us);
    o.interface_id = -1;
    return o;
}

/* ---------------------------------------------- the CloudShark challenge */

#define SYN TFO_TCP_SYN
#define ACK TFO_TCP_ACK
#define FIN TFO_TCP_FIN

static const struct {
    int64_t us;
    const char *src, *dst;
    uint16_t sport, dport, flags;
    uint32_t seq, ack, len;
    const char *options, *payload;
    uint16_t ip_id;
} tfo_t_challenge[TFO_T_CHALLENGE_FRAMES] = {
    {0, "192.168.0.100", "3.3.3.3", 13047, 13054, SYN, 218476388u, 0, 0, "fe04f989", NULL, 6},
    {361, "9.9.9.9", "3.3.3.3", 13047, 13054, SYN, 218476388u, 0, 0, "020405b4fe04f989", NULL, 6},
    {7838, "3.3.3.3", "9.9.9.9", 13054, 13047, SYN | ACK, 4035392501u, 218476389u, 0,
     "fe0af9890909090900000101", NULL, 2},
    {8037, "3.3.3.3", "192.168.0.100", 13054, 13047, SYN | ACK, 4035392501u, 218476389u, 0,
     "020405dcfe0af9890909090900000101", NULL, 2},
    {11280, "192.168.0.100", "3.3.3.3", 13047, 13054, ACK, 218476389u, 4035392502u, 0, NULL, NULL, 7},
    {11439, "9.9.9.9", "3.3.3.3", 13047, 13054, ACK, 218476389u, 4035392502u, 0, NULL, NULL, 7},
    {14166, "192.168.0.100", "3.3.3.3", 13047, 13054, FIN | ACK, 218476389u, 4035392502u, 0, NULL, NULL, 8},
    {14335, "9.9.9.9", "3.3.3.3", 13047, 13054, FIN | ACK, 218476389u, 4035392502u, 0, NULL, NULL, 8},
    {20790, "3.3.3.3", "9.9.9.9", 13054, 13047, FIN | ACK, 4035392502u, 218476390u, 0, NULL, NULL, 3},
    {20919, "3.3.3.3", "192.168.0.100", 13054, 13047, FIN | ACK, 4035392502u, 218476390u, 0, NULL, NULL, 3},
    {23575, "192.168.0.100", "3.3.3.3", 13047, 13054, ACK, 218476390u, 4035392503u, 0, NULL, NULL, 9},
    {23717, "9.9.9.9", "3.3.3.3", 13047, 13054, ACK, 218476390u, 4035392503u, 0, NULL, NULL, 9},
    {118374, "192.168.0.100", "3.3.3.3", 13048, 13054, SYN, 936732547u, 0, 4, "fe0af9890909090900000101",
     "deadbeef", 10},
    {10123548, "192.168.0.100", "3.3.3.3", 13048, 13054, FIN | ACK, 936732552u, 0, 0, NULL, NULL, 11},
};

/* The observation points into these; each frame has its own slot. */
static tfo_t_opts tfo_t_challenge_opts[TFO_T_CHALLENGE_FRAMES];
static uint8_t tfo_t_challenge_payload[TFO_T_CHALLENGE_FRAMES][8];

tfo_observation tfo_t_challenge_frame(uint32_t n, gboolean two_interfaces)
{
    tfo_t_opts *opts = NULL;
    const uint8_t *payload = NULL;
    gboolean lan;
    uint32_t i;

    g_assert(n >= 1 && n <= TFO_T_CHALLENGE_FRAMES);
    i = n - 1;
    if (tfo_t_challenge[i].options)
        opts = tfo_t_opt_hex(tfo_t_opts_new(&tfo_t_challenge_opts[i]), tfo_t_challenge[i].options);
    if (tfo_t_challenge[i].payload) {
        size_t len = tfo_t_hex(tfo_t_challenge[i].payload, tfo_t_challenge_payload[i],
                               sizeof(tfo_t_challenge_payload[i]));
        g_assert(len == tfo_t_challenge[i].len);
        payload = tfo_t_challenge_payload[i];
    }
    lan = strcmp(tfo_t_challenge[i].src, "192.168.0.100") == 0 || strcmp(tfo_t_challenge[i].dst, "192.168.0.100") == 0;
    return tfo_t_with_ip_id(tfo_t_obs(n, tfo_t_challenge[i].us, two_interfaces ? (lan ? 0 : 1) : -1,
                                      tfo_t_ep4(tfo_t_challenge[i].src, tfo_t_challenge[i].sport),
                                      tfo_t_ep4(tfo_t_challenge[i].dst, tfo_t_challenge[i].dport),
                                      tfo_t_challenge[i].flags, tfo_t_challenge[i].seq, tfo_t_challenge[i].ack,
                                      payload, tfo_t_challenge[i].len, opts, 0),
                            tfo_t_challenge[i].ip_id);
}

int tfo_t_feed_challenge(tfo_engine *e, uint32_t first, uint32_t last, gboolean two_interfaces)
{
    uint32_t n;

    for (n = first; n <= last; n++) {
        tfo_observation o = tfo_t_challenge_frame(n, two_interfaces);
        int rc = tfo_engine_observe(e, &o);
        if (rc)
            return rc;
    }
    return 0;
}

/* -------------------------------------------------- handshake records */

tfo_endpoint tfo_t_lan_client(void)
{
    return tfo_t_ep4("192.168.0.100", 13047);
}

tfo_endpoint tfo_t_wan_client(void)
{
    return tfo_t_ep4("9.9.9.9", 13047);
}

tfo_endpoint tfo_t_server(void)
{
    return tfo_t_ep4("3.3.3.3", 13054);
}

tfo_option tfo_t_no_option(void)
{
    tfo_option opt;

    memset(&opt, 0, sizeof(opt));
    return opt;
}

tfo_option tfo_t_request(uint8_t kind)
{
    tfo_option opt = tfo_t_no_option();

    opt.type = TFO_OPT_REQUEST;
    opt.kind = kind;
    opt.length = kind == TFO_OPT_KIND ? 2 : 4;
    return opt;
}

tfo_option tfo_t_cookie(uint8_t kind, const char *hex)
{
    tfo_option opt = tfo_t_no_option();

    opt.type = TFO_OPT_COOKIE;
    opt.kind = kind;
    opt.cookie_len = (uint8_t)tfo_t_hex(hex, opt.cookie, sizeof(opt.cookie));
    opt.cookie_captured = opt.cookie_len;
    opt.length = (uint8_t)((kind == TFO_OPT_KIND ? 2 : 4) + opt.cookie_len);
    return opt;
}

tfo_leg *tfo_t_leg_of(tfo_handshake *hs, tfo_side side, tfo_endpoint client, uint32_t isn)
{
    tfo_leg_key key;

    memset(&key, 0, sizeof(key));
    key.interface_id = -1;
    key.client = client;
    key.server = tfo_t_server();
    return tfo_handshake_add_leg(hs, &key, side, isn);
}

tfo_leg *tfo_t_leg(tfo_handshake *hs, tfo_side side, uint32_t isn)
{
    return tfo_t_leg_of(hs, side, side == TFO_SIDE_WAN ? tfo_t_wan_client() : tfo_t_lan_client(), isn);
}

static tfo_segment *tfo_t_segment(tfo_leg *leg, uint32_t frame, int64_t ts_us, gboolean synack, uint32_t seq,
                                  uint32_t ack, uint32_t payload_len, tfo_option option)
{
    tfo_segment *seg = g_new0(tfo_segment, 1);

    seg->frame = frame;
    seg->ts = TFO_T_NS(ts_us);
    seg->seq = seq;
    seg->ack = ack;
    seg->payload_len = payload_len;
    seg->payload_captured = payload_len;
    seg->payload_hash = payload_len ? 0xda7a0000u + payload_len : 0;
    seg->is_synack = synack != FALSE;
    seg->option = option;
    seg->option_status = (int8_t)option.length;
    seg->interface_id = leg->key.interface_id;
    seg->client = leg->key.client;
    seg->server = leg->key.server;
    tfo_leg_add_segment(leg, seg);
    return seg;
}

tfo_segment *tfo_t_syn(tfo_leg *leg, uint32_t frame, int64_t ts_us, uint32_t seq, uint32_t payload_len,
                       tfo_option option)
{
    return tfo_t_segment(leg, frame, ts_us, FALSE, seq, 0, payload_len, option);
}

tfo_segment *tfo_t_synack(tfo_leg *leg, uint32_t frame, int64_t ts_us, uint32_t seq, uint32_t ack,
                          tfo_option option)
{
    return tfo_t_segment(leg, frame, ts_us, TRUE, seq, ack, 0, option);
}

tfo_segment *tfo_t_lone_syn(tfo_side side, tfo_endpoint client, uint32_t frame, int64_t ts_us, uint32_t seq,
                            uint32_t payload_len)
{
    tfo_handshake *hs = tfo_handshake_new(frame);
    tfo_leg *leg = tfo_t_leg_of(hs, side, client, seq);

    return tfo_t_syn(leg, frame, ts_us, seq, payload_len, tfo_t_request(TFO_OPT_KIND));
}

void tfo_t_free_lone(tfo_segment *seg)
{
    tfo_handshake_free(seg->leg->hs);
}
