/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness: the whole engine fed a stream of observations decoded
 * from the input, the way the plugin feeds it, then asked about every frame
 * and every handshake, then freed.
 *
 * Input format (little endian; fields past the end read as zero):
 *
 *   header   u8 window      forwarding window = (1 + window) * 10 ms
 *            u8 pins        bits 0-1: side pinned to interface 0 (1 LAN,
 *                           2 WAN, else none); bits 2-3: interface 1;
 *                           bit 4: interfaces 0 and 1 declared up front
 *                           (tfo_engine_expect_interface); bits 5-7: the
 *                           time span of the batched feed's batches, SPANS
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
 * With TFO_FUZZ_PRINT set in the environment it prints the table it made.
 *
 * File order must not matter (tfo_engine.h): the harness then finishes the
 * engine and feeds the same frames to two more, numbered 1, 2, ... in the
 * order fed: "sorted", stably sorted by (clamped) time; "batched", each
 * interface's frames in that order but the interfaces in turns of up to
 * SPANS[bits 5-7 of pins] of capture time, as dumpcap writes them. Frames
 * of the same time keep their sorted order across interfaces (an order the
 * file would decide), and an interface's first frame waits until it is the
 * earliest left (an interface never seen is not waited for). Interfaces
 * here are 0, 1, -1 and all others as one, which keeps each of the reorder
 * buffer's streams in time order. Each engine is finished, and the frames
 * marked dropped, the twins (as pairs of frames of the input) and the
 * handshakes (as a multiset of LAN client, NAT address, server, verdict)
 * must be the same in "sorted" and "batched", and in "sorted" and the
 * input's own order, unless a frame of either was analysed late (behind >
 * 0): without late frames the reorder buffer hands the engine the same
 * events in the same order, so any difference is the engine depending on
 * file order. That rule is checked too: a feed cannot have late frames
 * when each interface (as grouped above) is in time order, no frame is more
 * than TFO_REORDER_HORIZON earlier than one fed before it, and the first
 * frame of an undeclared interface is no earlier than any fed before it. */
#include "fuzz_input.h"

#include "tfo_engine.h"
#include "tfo_error.h"
#include "tfo_event.h"
#include "tfo_report.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FRAMES 4096
#define GROUPS 4 /* interfaces 0, 1, -1, any other */
#define NONE G_MAXUINT32

/* Batches of the batched feed: ms of capture time. */
static const int64_t SPANS[8] = {1, 5, 20, 100, 300, 700, 1500, 5000};

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
    tfo_observation obs[MAX_FRAMES]; /* as fed, pointing into the input */
    int status[MAX_FRAMES];          /* what tfo_engine_observe() said */
} fed_frames;

/* The index of |frame| among the accepted ones (they increase), or NONE. */
static uint32_t fed_index(const fed_frames *fed, uint32_t frame)
{
    uint32_t lo = 0, hi = fed->nframes;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (fed->frames[mid] < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < fed->nframes && fed->frames[lo] == frame ? lo : NONE;
}

static gboolean was_fed(const fed_frames *fed, uint32_t frame)
{
    return fed_index(fed, frame) != NONE;
}

/* What the engine says about |frame| must hang together. */
static void check_frame(const tfo_engine *e, const fed_frames *fed, uint32_t frame)
{
    tfo_frame_result r, peer, dropped;
    tfo_handshake_summary row;
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
    if (r.handshake) {
        /* A retired handshake is read from its row only. */
        const tfo_handshake *hs = tfo_engine_handshake(e, r.handshake);
        CHECK(tfo_results_summary(tfo_engine_results(e), r.handshake, &row));
        CHECK(r.verdict == row.verdict);
        CHECK(!hs || r.verdict == tfo_handshake_verdict(hs));
    }
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
        tfo_handshake_summary s, live;
        gsize before = out->len;

        CHECK(tfo_results_summary(tfo_engine_results(e), id, &s));
        CHECK(s.id == id);
        if (hs) {
            CHECK(hs->id == id);
            tfo_report_summarize(hs, &live);
            CHECK(live.verdict == s.verdict && live.last_frame == s.last_frame);
        }
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

/* ------------------------------------------------ file order must not matter */

/* One handshake as compared between feeds: LAN client, NAT address, server
 * (family, address, port each), verdict. */
#define ROW_LEN (3 * 19 + 1)

/* What must not depend on file order, by index of the input's frames. */
typedef struct {
    gboolean late;                /* a frame was analysed late */
    uint8_t dropped[MAX_FRAMES];
    uint32_t peer[MAX_FRAMES];    /* the twin's index, or NONE */
    uint8_t rows[MAX_FRAMES][ROW_LEN];
    uint32_t nrows;
} feed_facts;

/* A feed: the input's frames in some order, numbered 1, 2, ... */
typedef struct {
    uint32_t order[MAX_FRAMES];   /* input index of each position */
    uint32_t n;
} feed;

static int group_of(int32_t interface_id)
{
    return interface_id == 0 ? 0 : interface_id == 1 ? 1 : interface_id == -1 ? 2 : 3;
}

static int64_t time_of(const fed_frames *fed, uint32_t i)
{
    return tfo_event_time(fed->obs[i].ts);
}

static const fed_frames *sort_fed; /* qsort has no context argument */

static int by_time(const void *a, const void *b)
{
    uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
    int64_t ti = time_of(sort_fed, i), tj = time_of(sort_fed, j);

    return ti < tj ? -1 : ti > tj ? 1 : i < j ? -1 : i > j;
}

static void make_sorted(const fed_frames *fed, feed *sorted)
{
    uint32_t i;

    for (i = 0; i < fed->nframes; i++)
        sorted->order[i] = i;
    sorted->n = fed->nframes;
    sort_fed = fed;
    qsort(sorted->order, sorted->n, sizeof(uint32_t), by_time);
}

static gboolean is_declared(gboolean declared, int32_t interface_id)
{
    return declared && (interface_id == 0 || interface_id == 1);
}

/* How the batched feed is made from the sorted one: each group's frames
 * (by index in |sorted|) and how many have gone. */
typedef struct {
    uint32_t list[GROUPS][MAX_FRAMES], size[GROUPS], next[GROUPS];
    uint32_t prefix[GROUPS][MAX_FRAMES + 1]; /* frames of the group before each */
    uint32_t tie_start[MAX_FRAMES];          /* first frame of the same time */
    uint8_t first_of_id[MAX_FRAMES], gone[MAX_FRAMES];
    uint32_t first_left;                     /* the earliest frame left */
} batcher;

/* TRUE when group |g|'s next frame may go: frames of the same time on other
 * interfaces that come first when sorted have gone, and an undeclared
 * interface starts with the earliest frame left. */
static gboolean batch_may_go(const batcher *b, const fed_frames *fed, const feed *sorted, int g,
                             gboolean declared)
{
    uint32_t c;
    int h;

    if (b->next[g] == b->size[g])
        return FALSE;
    c = b->list[g][b->next[g]];
    for (h = 0; h < GROUPS; h++)
        if (h != g && b->prefix[h][c] > b->prefix[h][b->tie_start[c]] && b->next[h] < b->prefix[h][c])
            return FALSE;
    return !b->first_of_id[c] || c == b->first_left ||
           is_declared(declared, fed->obs[sorted->order[c]].interface_id);
}

/* The interfaces of |sorted| in turns of at most |span| ns of capture time. */
static void make_batched(const fed_frames *fed, const feed *sorted, int64_t span, gboolean declared,
                         feed *batched)
{
    static batcher b;
    static uint8_t id_seen[65536 / 8];
    uint32_t c, n = sorted->n;
    int g, cur = 0, k;
    int64_t start = 0;
    gboolean in_batch = FALSE;

    memset(&b, 0, sizeof(b));
    memset(id_seen, 0, sizeof(id_seen));
    for (c = 0; c < n; c++) {
        int32_t id = fed->obs[sorted->order[c]].interface_id;
        unsigned bit = (unsigned)(id + 32768); /* decoded from an i16 */

        for (g = 0; g < GROUPS; g++)
            b.prefix[g][c + 1] = b.prefix[g][c] + (group_of(id) == g);
        g = group_of(id);
        b.list[g][b.size[g]++] = c;
        b.tie_start[c] = c > 0 && time_of(fed, sorted->order[c - 1]) == time_of(fed, sorted->order[c])
                             ? b.tie_start[c - 1] : c;
        b.first_of_id[c] = !(id_seen[bit / 8] & (1u << (bit % 8)));
        id_seen[bit / 8] |= (uint8_t)(1u << (bit % 8));
    }
    batched->n = 0;
    while (batched->n < n) {
        if (batch_may_go(&b, fed, sorted, cur, declared)) {
            c = b.list[cur][b.next[cur]];
            if (!in_batch || time_of(fed, sorted->order[c]) - start <= span) {
                if (!in_batch)
                    start = time_of(fed, sorted->order[c]);
                in_batch = TRUE;
                batched->order[batched->n++] = sorted->order[c];
                b.gone[c] = TRUE;
                b.next[cur]++;
                while (b.first_left < n && b.gone[b.first_left])
                    b.first_left++;
                continue;
            }
        }
        /* The next interface whose frame may go, perhaps this one again in
         * a new batch; the earliest frame left always may. */
        for (k = 1; k <= GROUPS && !batch_may_go(&b, fed, sorted, (cur + k) % GROUPS, declared); k++)
            ;
        CHECK(k <= GROUPS);
        cur = (cur + k) % GROUPS;
        in_batch = FALSE;
    }
}

/* TRUE when |f| cannot have frames analysed late (see the top of the file). */
static gboolean surely_in_time(const fed_frames *fed, const feed *f, gboolean declared)
{
    static uint8_t id_seen[65536 / 8];
    int64_t last[GROUPS], newest = G_MININT64;
    gboolean started[GROUPS] = {FALSE};
    uint32_t p;

    memset(id_seen, 0, sizeof(id_seen));
    for (p = 0; p < f->n; p++) {
        int32_t id = fed->obs[f->order[p]].interface_id;
        unsigned bit = (unsigned)(id + 32768);
        int64_t ts = time_of(fed, f->order[p]);
        int g = group_of(id);

        if (started[g] && ts < last[g])
            return FALSE;
        if (p > 0 && (newest - ts > TFO_REORDER_HORIZON ||
                      (!(id_seen[bit / 8] & (1u << (bit % 8))) && !is_declared(declared, id) && ts < newest)))
            return FALSE;
        id_seen[bit / 8] |= (uint8_t)(1u << (bit % 8));
        started[g] = TRUE;
        last[g] = ts;
        newest = MAX(newest, ts);
    }
    return TRUE;
}

static void put_endpoint(uint8_t *out, const tfo_endpoint *ep)
{
    out[0] = ep->family;
    memcpy(out + 1, ep->bytes, 16);
    out[17] = (uint8_t)(ep->port >> 8);
    out[18] = (uint8_t)ep->port;
}

static int by_row(const void *a, const void *b)
{
    return memcmp(a, b, ROW_LEN);
}

/* Reads from the finished |e| what must not depend on file order; frame
 * numbers are |frame_of| the input's index (NULL: 1 + position in |f|). */
static void read_facts(const tfo_engine *e, const fed_frames *fed, const feed *f, feed_facts *out)
{
    static uint32_t frame_of[MAX_FRAMES];
    uint32_t i, id, count = tfo_engine_handshake_count(e);

    for (i = 0; f && i < f->n; i++)
        frame_of[f->order[i]] = i + 1;
    out->late = FALSE;
    for (i = 0; i < fed->nframes; i++) {
        uint32_t frame = f ? frame_of[i] : fed->frames[i];
        tfo_frame_result r;

        out->dropped[i] = 0;
        out->peer[i] = NONE;
        if (!tfo_engine_frame_result(e, frame, &r))
            continue;
        out->late |= r.behind > 0;
        out->dropped[i] = (r.flags & TFO_RESULT_NAT_DROPPED) != 0;
        if (r.peer_frame) {
            CHECK(!f || r.peer_frame <= f->n);
            out->peer[i] = f ? f->order[r.peer_frame - 1] : fed_index(fed, r.peer_frame);
            CHECK(out->peer[i] != NONE);
        }
    }
    for (id = 1; id <= count; id++) {
        tfo_handshake_summary s;
        uint8_t *row = out->rows[id - 1];

        CHECK(tfo_results_summary(tfo_engine_results(e), id, &s));
        put_endpoint(row, &s.lan_client);
        put_endpoint(row + 19, &s.wan_client);
        put_endpoint(row + 38, &s.server);
        row[57] = (uint8_t)s.verdict;
    }
    out->nrows = count;
    qsort(out->rows, count, ROW_LEN, by_row);
}

static tfo_engine *new_engine(int64_t window, uint8_t pins)
{
    tfo_engine *e = tfo_engine_new(window);

    if ((pins & 3) == 1 || (pins & 3) == 2)
        tfo_engine_set_interface_side(e, 0, (tfo_side)(pins & 3));
    if ((pins >> 2 & 3) == 1 || (pins >> 2 & 3) == 2)
        tfo_engine_set_interface_side(e, 1, (tfo_side)(pins >> 2 & 3));
    if (pins & 0x10) {
        tfo_engine_expect_interface(e, 0);
        tfo_engine_expect_interface(e, 1);
    }
    return e;
}

/* Feeds the frames in the order of |f| to a new engine, finishes it and
 * reads its facts. */
static void run_feed(const fed_frames *fed, const feed *f, int64_t window, uint8_t pins, feed_facts *out)
{
    tfo_engine *e = new_engine(window, pins);
    uint32_t p;

    for (p = 0; p < f->n; p++) {
        tfo_observation o = fed->obs[f->order[p]];
        o.frame = p + 1;
        CHECK(tfo_engine_observe(e, &o) == fed->status[f->order[p]]);
    }
    tfo_engine_finish(e);
    read_facts(e, fed, f, out);
    tfo_engine_free(e);
}

static gboolean same_facts(const feed_facts *a, const feed_facts *b, uint32_t n)
{
    return memcmp(a->dropped, b->dropped, n) == 0 && memcmp(a->peer, b->peer, n * sizeof(uint32_t)) == 0 &&
           a->nrows == b->nrows && memcmp(a->rows, b->rows, (size_t)a->nrows * ROW_LEN) == 0;
}

/* |e|, fed the input's order and finished, against the sorted and the
 * batched feeds. */
static void compare_orders(const tfo_engine *e, const fed_frames *fed, int64_t window, uint8_t pins)
{
    static feed input, sorted, batched;
    static feed_facts input_facts, sorted_facts, batched_facts;
    gboolean declared = (pins & 0x10) != 0;
    uint32_t i;

    for (i = 0; i < fed->nframes; i++)
        input.order[i] = i;
    input.n = fed->nframes;
    make_sorted(fed, &sorted);
    make_batched(fed, &sorted, SPANS[pins >> 5] * 1000000, declared, &batched);
    read_facts(e, fed, NULL, &input_facts);
    run_feed(fed, &sorted, window, pins, &sorted_facts);
    run_feed(fed, &batched, window, pins, &batched_facts);
    CHECK(surely_in_time(fed, &sorted, declared) && !sorted_facts.late);
    if (surely_in_time(fed, &batched, declared))
        CHECK(!batched_facts.late);
    if (surely_in_time(fed, &input, declared))
        CHECK(!input_facts.late);
    if (!batched_facts.late)
        CHECK(same_facts(&sorted_facts, &batched_facts, fed->nframes));
    if (!input_facts.late)
        CHECK(same_facts(&sorted_facts, &input_facts, fed->nframes));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size, 0};
    static fed_frames fed;
    tfo_engine *e;
    uint8_t pins;
    uint32_t frame = 0, i;
    int64_t ts = 1700000000LL * 1000000000LL, window;

    fed.nframes = 0;
    fed.last_frame = 0;
    window = ((int64_t)fuzz_u8(&in) + 1) * 10 * 1000000;
    pins = fuzz_u8(&in);
    e = new_engine(window, pins);

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
        fed.obs[fed.nframes] = o;
        fed.status[fed.nframes] = rc;
        fed.frames[fed.nframes++] = frame;
        fed.last_frame = frame;
        check_frame(e, &fed, frame);
    }
    for (i = 0; i < fed.nframes; i++)
        check_frame(e, &fed, fed.frames[i]);
    summarize_all(e);
    tfo_engine_finish(e);
    for (i = 0; i < fed.nframes; i++)
        check_frame(e, &fed, fed.frames[i]);
    compare_orders(e, &fed, window, pins);
    tfo_engine_free(e);
    return 0;
}
