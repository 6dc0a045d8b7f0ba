/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: the whole engine fed a stream of observations decoded
 * from the input, the way the plugin feeds it, then asked about every frame
 * and every handshake, then freed.
 *
 * Input format (little endian; fields past the end read as zero):
 *
 *   header   u8 window      forwarding window = (1 + window) * 10 ms
 *            u8 pins        bits 0-1: side pinned to interface 0 (1 LAN,
 *                           2 WAN, else none); bits 2-3: interface 1
 *   records, until the input ends:
 *            u8 op          bits 0-1 interface: 0, 1, -1, or (3) an i16 that
 *                                    follows (negative, or past 1024);
 *                           bit 2 is_tcp; bit 3 has_tsval; bit 4 has_ip_id;
 *                           bit 5 time: 0 an i16 step of 100 us from the last
 *                                 frame's time, 1 an absolute i64 in ns;
 *                           bit 6 frame step: 0 one, 1 a u8 that follows
 *                                 (0 repeats the last frame number);
 *                           bit 7 payload bytes captured (else payload NULL)
 *            [i16 interface] [u8 frame step] i16 or i64 time
 *            u8 addresses   high nibble source, low nibble destination, from
 *                           POOL: 0-4 private IPv4, 5-9 public IPv4, 10 IPv4
 *                           link-local, 11 IPv6 multicast, 12-13 global
 *                           IPv6, 14 IPv6 ULA, 15 no address
 *            u8 ports       high nibble source, low nibble destination (PORTS)
 *            u8 tcp flags
 *            u32 seq, u32 ack
 *            u16 payload_len
 *            [u8 captured, then that many bytes (at most payload_len)]
 *            u8 options captured (255: options NULL), then that many
 *            bytes and a u8: how many more the header has (snap length)
 *            [u32 tsval] [u16 ip_id]
 *
 * Addresses and ports come from small pools so that packets meet: the same
 * client, the NAT's address, the same server, on both interfaces. Times may
 * go backwards (captures out of order) and take any int64 value (the
 * engine clamps them: fuzz/reproducers/engine-time-overflow).
 *
 * After every observation the harness reads the frame's result; at the end
 * it reads every frame's again, summarizes every handshake into a table row
 * and the gateway summary, and frees the engine. Besides memory errors,
 * leaks and undefined behaviour, it aborts when an answer contradicts
 * another (a twin that does not name the frame back, a proof of a drop on a
 * frame not marked dropped, a handshake number out of range...).
 * With TFO_FUZZ_PRINT set in the environment it prints the table it made. */
#include "fuzz_input.h"

#include "tfo_engine.h"
#include "tfo_error.h"
#include "tfo_report.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FRAMES 4096

static const char *const POOL[16] = {
    "192.168.1.10", "192.168.1.11", "10.0.0.2", "172.16.0.5", "100.64.0.1", /* 0-4: LAN */
    "203.0.113.1", "198.51.100.20", "9.9.9.9", "3.3.3.3", "8.8.8.8",       /* 5-9: public */
    "169.254.1.1", "ff02::fb",                                              /* 10-11: special */
    "2001:db8:1::10", "2001:db8:2::20", "fd00::10",                         /* 12-14: IPv6 */
    NULL,                                                                   /* 15: no address */
};
static const uint16_t PORTS[16] = {80, 443, 40001, 40002, 50001, 50002, 13047, 13048,
                                   13054, 8080, 0, 65535, 1, 53, 12345, 40003};

static void set_endpoint(tfo_endpoint *ep, unsigned addr, unsigned port)
{
    uint8_t bytes[16];

    memset(ep, 0, sizeof(*ep));
    if (!POOL[addr])
        return;
    if (strchr(POOL[addr], ':')) {
        /* inet_pton without the libc: the pool's IPv6 addresses are simple. */
        memset(bytes, 0, sizeof(bytes));
        if (addr == 12) { bytes[0] = 0x20; bytes[1] = 0x01; bytes[2] = 0x0d; bytes[3] = 0xb8; bytes[5] = 1; bytes[15] = 0x10; }
        if (addr == 13) { bytes[0] = 0x20; bytes[1] = 0x01; bytes[2] = 0x0d; bytes[3] = 0xb8; bytes[5] = 2; bytes[15] = 0x20; }
        if (addr == 14) { bytes[0] = 0xfd; bytes[15] = 0x10; }
        if (addr == 11) { bytes[0] = 0xff; bytes[1] = 0x02; bytes[15] = 0xfb; }
        tfo_endpoint_set_ipv6(ep, bytes, PORTS[port]);
    } else {
        unsigned a, b, c, d;
        if (sscanf(POOL[addr], "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
            abort();
        bytes[0] = (uint8_t)a; bytes[1] = (uint8_t)b; bytes[2] = (uint8_t)c; bytes[3] = (uint8_t)d;
        tfo_endpoint_set_ipv4(ep, bytes, PORTS[port]);
    }
}

typedef struct {
    uint32_t frames[MAX_FRAMES]; /* accepted frame numbers */
    uint32_t nframes;
    uint32_t last_frame;
} fed_frames;

/* Accepted frame numbers increase: a binary search finds one. */
static gboolean was_fed(const fed_frames *fed, uint32_t frame)
{
    uint32_t lo = 0, hi = fed->nframes;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (fed->frames[mid] < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < fed->nframes && fed->frames[lo] == frame;
}

/* What the engine says about |frame| must hang together. */
static void check_frame(const tfo_engine *e, const fed_frames *fed, uint32_t frame)
{
    tfo_frame_result r, peer, dropped;
    uint32_t count = tfo_engine_handshake_count(e);
    guint i;

    if (!tfo_engine_frame_result(e, frame, &r)) {
        CHECK(r.handshake == 0 && r.proofs == NULL && r.fallback_cost == -1);
        return;
    }
    CHECK(was_fed(fed, frame));
    CHECK(r.handshake <= count);
    CHECK(r.side <= TFO_SIDE_WAN);
    CHECK(r.role <= TFO_ROLE_PROOF);
    CHECK(r.behind >= 0);
    CHECK(r.role != 0 || (r.behind > 0 && r.handshake == 0 && !r.proofs));
    CHECK(r.verdict < TFO_VERDICT_COUNT);
    CHECK(r.fallback_cost == -1 || r.handshake != 0);
    if (r.option_status < 0)
        CHECK(r.option.type == TFO_OPT_INVALID || r.option.type == TFO_OPT_UNCAPTURED);
    if (r.option.type == TFO_OPT_COOKIE)
        CHECK(r.option.cookie_len >= TFO_COOKIE_MIN && r.option.cookie_len <= TFO_COOKIE_MAX);
    if (r.handshake)
        CHECK(r.verdict == tfo_handshake_verdict(tfo_engine_handshake(e, r.handshake)));
    if (r.peer_frame) {
        CHECK(r.peer_frame != frame);
        CHECK(r.nat_delay >= 0);
        CHECK(tfo_engine_frame_result(e, r.peer_frame, &peer));
        CHECK(peer.peer_frame == frame);
        CHECK(peer.handshake == r.handshake);
    }
    for (i = 0; r.proofs && i < r.proofs->len; i++) {
        const tfo_proof *p = &g_array_index(r.proofs, tfo_proof, i);
        CHECK(p->handshake >= 1 && p->handshake <= count);
        CHECK(p->dropped_frame < frame);
        CHECK(tfo_engine_frame_result(e, p->dropped_frame, &dropped));
        CHECK(dropped.flags & TFO_RESULT_NAT_DROPPED);
        CHECK(dropped.handshake == p->handshake);
    }
}

static void summarize_all(const tfo_engine *e)
{
    uint32_t count = tfo_engine_handshake_count(e), id;
    tfo_report_tally tally;
    GString *out = g_string_new(NULL);
    char buf[64];

    memset(&tally, 0, sizeof(tally));
    CHECK(tfo_engine_handshake(e, 0) == NULL);
    CHECK(tfo_engine_handshake(e, count + 1) == NULL);
    tfo_report_format_header(out);
    for (id = 1; id <= count; id++) {
        const tfo_handshake *hs = tfo_engine_handshake(e, id);
        tfo_handshake_summary s;
        gsize before = out->len;

        CHECK(hs != NULL && hs->id == id);
        tfo_report_summarize(hs, &s);
        CHECK(s.id == id);
        CHECK(s.verdict < TFO_VERDICT_COUNT);
        CHECK(s.syn_data_lan >= -1 && s.syn_data_wan >= -1);
        tfo_report_format_row(&s, out);
        CHECK(strstr(out->str + before, tfo_verdict_token(s.verdict)) != NULL);
        tfo_report_tally_add(&tally, &s);
        tfo_report_cookie(&s.option, buf, sizeof(buf));
        tfo_report_data_bytes(&s, buf, sizeof(buf));
        tfo_report_seconds(s.fallback_cost, buf, sizeof(buf));
        CHECK(tfo_verdict_describe(s.verdict) != NULL);
    }
    CHECK(tally.total == count);
    tfo_report_gateway_summary(&tally, out);
    if (getenv("TFO_FUZZ_PRINT")) /* to see what a seed decodes to */
        fputs(out->str, stderr);
    g_string_free(out, TRUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size, 0};
    static fed_frames fed;
    tfo_engine *e;
    uint8_t pins;
    uint32_t frame = 0, i;
    int64_t ts = 1700000000LL * 1000000000LL;

    fed.nframes = 0;
    fed.last_frame = 0;
    e = tfo_engine_new(((int64_t)fuzz_u8(&in) + 1) * 10 * 1000000);
    pins = fuzz_u8(&in);
    if ((pins & 3) == 1 || (pins & 3) == 2)
        tfo_engine_set_interface_side(e, 0, (tfo_side)(pins & 3));
    if ((pins >> 2 & 3) == 1 || (pins >> 2 & 3) == 2)
        tfo_engine_set_interface_side(e, 1, (tfo_side)(pins >> 2 & 3));

    while (fuzz_left(&in) > 0 && fed.nframes < MAX_FRAMES) {
        tfo_observation o;
        uint8_t op = fuzz_u8(&in), addrs, ports, optlen;
        size_t got;
        int rc;

        memset(&o, 0, sizeof(o));
        switch (op & 3) {
        case 0: o.interface_id = 0; break;
        case 1: o.interface_id = 1; break;
        case 2: o.interface_id = -1; break;
        default: o.interface_id = (int16_t)fuzz_u16(&in); break;
        }
        o.is_tcp = (op >> 2) & 1;
        o.has_tsval = (op >> 3) & 1;
        o.has_ip_id = (op >> 4) & 1;
        frame += (op & 0x40) ? fuzz_u8(&in) : 1;
        if (op & 0x20) {
            ts = (int64_t)fuzz_uint(&in, 8);
        } else {
            /* A step from the last time, saturating rather than wrapping. */
            int64_t step = (int64_t)(int16_t)fuzz_u16(&in) * 100000;
            ts = step > 0 && ts > G_MAXINT64 - step ? G_MAXINT64
                 : step < 0 && ts < G_MININT64 - step ? G_MININT64 : ts + step;
        }
        o.frame = frame;
        o.ts = ts;
        addrs = fuzz_u8(&in);
        ports = fuzz_u8(&in);
        set_endpoint(&o.src, addrs >> 4, ports >> 4);
        set_endpoint(&o.dst, addrs & 15, ports & 15);
        if (!o.is_tcp) {
            o.src.port = o.dst.port = 0;
        }
        o.tcp_flags = fuzz_u8(&in);
        o.seq = fuzz_u32(&in);
        o.ack = fuzz_u32(&in);
        o.payload_len = fuzz_u16(&in);
        if (op & 0x80) {
            size_t want = fuzz_u8(&in);
            if (want > o.payload_len)
                want = o.payload_len;
            o.payload = fuzz_bytes(&in, want, &got);
            o.payload_captured = (uint32_t)got;
        }
        optlen = fuzz_u8(&in);
        if (optlen != 255) {
            o.options = fuzz_bytes(&in, optlen, &got);
            o.options_captured = (uint32_t)got;
            o.options_len = o.options_captured + fuzz_u8(&in);
        }
        if (o.has_tsval)
            o.tsval = fuzz_u32(&in);
        if (o.has_ip_id)
            o.ip_id = fuzz_u16(&in);

        rc = tfo_engine_observe(e, &o);
        if (frame <= fed.last_frame) {
            CHECK(rc == TFO_ERR_REPLAY);
            continue;
        }
        CHECK(rc == 0 || rc == TFO_ERR_INVALID);
        CHECK(rc == 0 || o.is_tcp);
        fed.frames[fed.nframes++] = frame;
        fed.last_frame = frame;
        check_frame(e, &fed, frame);
    }
    for (i = 0; i < fed.nframes; i++)
        check_frame(e, &fed, fed.frames[i]);
    summarize_all(e);
    tfo_engine_free(e);
    return 0;
}
