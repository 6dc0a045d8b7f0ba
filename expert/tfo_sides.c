/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_sides.h"

#include <string.h>

/* Interface ids above this get no side of their own. */
#define TFO_SIDES_MAX_INTERFACES 1024

typedef struct {
    uint8_t side;    /* tfo_side: once known, never relearned */
    uint8_t seen;    /* a frame came from it */
    uint8_t declared; /* the capture names it */
    int64_t last_ts; /* of its latest frame */
    int64_t last_crossing_ts; /* of its latest frame the gateway forwards */
} tfo_interface;

struct tfo_sides {
    GArray *interfaces;    /* tfo_interface by id */
    guint interfaces_seen;
    gboolean side_seen[3]; /* by address, while one interface was seen */
    int64_t last_ts;       /* of the latest frame */
};

tfo_sides *tfo_sides_new(void)
{
    tfo_sides *s = g_new0(tfo_sides, 1);

    s->interfaces = g_array_new(FALSE, TRUE, sizeof(tfo_interface));
    s->last_ts = G_MININT64;
    return s;
}

void tfo_sides_free(tfo_sides *s)
{
    if (!s)
        return;
    g_array_free(s->interfaces, TRUE);
    g_free(s);
}

static tfo_interface *tfo_sides_interface(tfo_sides *s, int32_t id)
{
    if (id < 0 || id >= TFO_SIDES_MAX_INTERFACES)
        return NULL;
    if ((guint)id >= s->interfaces->len)
        g_array_set_size(s->interfaces, (guint)id + 1);
    return &g_array_index(s->interfaces, tfo_interface, id);
}

static const tfo_interface *tfo_sides_known_interface(const tfo_sides *s, int32_t id)
{
    return id >= 0 && (guint)id < s->interfaces->len ? &g_array_index(s->interfaces, tfo_interface, id) : NULL;
}

void tfo_sides_pin(tfo_sides *s, int32_t interface_id, tfo_side side)
{
    tfo_interface *itf = tfo_sides_interface(s, interface_id);

    if (itf)
        itf->side = (uint8_t)side;
}

void tfo_sides_expect(tfo_sides *s, int32_t interface_id)
{
    tfo_interface *itf = tfo_sides_interface(s, interface_id);

    if (itf)
        itf->declared = TRUE;
}

gboolean tfo_sides_declared_silent(const tfo_sides *s, int32_t interface_id)
{
    guint i;

    for (i = 0; i < s->interfaces->len; i++) {
        const tfo_interface *itf = &g_array_index(s->interfaces, tfo_interface, i);
        if (itf->declared && !itf->seen && (int32_t)i != interface_id)
            return TRUE;
    }
    return FALSE;
}

void tfo_sides_note_frame(tfo_sides *s, int32_t interface_id, int64_t ts)
{
    tfo_interface *itf = tfo_sides_interface(s, interface_id);

    s->last_ts = MAX(s->last_ts, ts);
    if (!itf)
        return;
    if (!itf->seen) {
        itf->seen = TRUE;
        itf->last_ts = ts;
        itf->last_crossing_ts = G_MININT64;
        s->interfaces_seen++;
    }
    itf->last_ts = MAX(itf->last_ts, ts);
}

tfo_side tfo_sides_of_interface(const tfo_sides *s, int32_t interface_id)
{
    const tfo_interface *itf = tfo_sides_known_interface(s, interface_id);
    return itf ? (tfo_side)itf->side : TFO_SIDE_UNKNOWN;
}

tfo_side tfo_sides_of_packet(const tfo_sides *s, int32_t interface_id, const tfo_endpoint *a, const tfo_endpoint *b)
{
    tfo_side side = tfo_sides_of_interface(s, interface_id);

    if (side != TFO_SIDE_UNKNOWN)
        return side;
    if (s->interfaces_seen > 1)
        return TFO_SIDE_UNKNOWN;
    if (tfo_endpoint_is_private(a) || tfo_endpoint_is_private(b))
        return TFO_SIDE_LAN;
    if (tfo_endpoint_is_special(a) && tfo_endpoint_is_special(b))
        return TFO_SIDE_UNKNOWN;
    return s->side_seen[TFO_SIDE_LAN] ? TFO_SIDE_WAN : TFO_SIDE_UNKNOWN;
}

void tfo_sides_note_packet(tfo_sides *s, int32_t interface_id, const tfo_endpoint *a, const tfo_endpoint *b)
{
    s->side_seen[tfo_sides_of_packet(s, interface_id, a, b)] = TRUE;
}

/* The side a twin's copy shows by its rewritten endpoint, |mine| against the
 * other copy's |theirs|: LAN when only |mine| is private, WAN when only
 * |theirs| is, else unknown. */
static tfo_side tfo_sides_of_rewritten(const tfo_endpoint *mine, const tfo_endpoint *theirs)
{
    gboolean mine_private = tfo_endpoint_is_private(mine), theirs_private = tfo_endpoint_is_private(theirs);

    if (tfo_endpoint_equal(mine, theirs) || mine_private == theirs_private)
        return TFO_SIDE_UNKNOWN;
    return mine_private ? TFO_SIDE_LAN : TFO_SIDE_WAN;
}

tfo_side tfo_sides_of_ingress(const tfo_segment *ingress, const tfo_segment *egress)
{
    tfo_side by_client = tfo_sides_of_rewritten(&ingress->client, &egress->client);
    tfo_side by_server = tfo_sides_of_rewritten(&ingress->server, &egress->server);

    if (by_client == TFO_SIDE_UNKNOWN)
        return by_server;
    return by_server == TFO_SIDE_UNKNOWN || by_server == by_client ? by_client : TFO_SIDE_UNKNOWN;
}

gboolean tfo_sides_learn(tfo_sides *s, int32_t ingress_if, int32_t egress_if, tfo_side ingress_side)
{
    tfo_interface *in, *out;

    /* Grown to the larger id first: growing may move the array. */
    tfo_sides_interface(s, MAX(ingress_if, egress_if));
    in = tfo_sides_interface(s, ingress_if);
    out = tfo_sides_interface(s, egress_if);
    if (ingress_if == egress_if || !in || !out || (in->side != TFO_SIDE_UNKNOWN && out->side != TFO_SIDE_UNKNOWN))
        return FALSE;
    if (in->side != TFO_SIDE_UNKNOWN)
        out->side = (uint8_t)tfo_side_other(in->side);
    else if (out->side != TFO_SIDE_UNKNOWN)
        in->side = (uint8_t)tfo_side_other(out->side);
    else {
        in->side = ingress_side == TFO_SIDE_WAN ? TFO_SIDE_WAN : TFO_SIDE_LAN;
        out->side = (uint8_t)tfo_side_other(in->side);
    }
    return TRUE;
}

/* TRUE when |token| (of |len| bytes) is |word|, perhaps followed by digits. */
static gboolean tfo_sides_token_is(const char *token, size_t len, const char *word)
{
    size_t n = strlen(word), i;

    if (len < n || g_ascii_strncasecmp(token, word, n) != 0)
        return FALSE;
    for (i = n; i < len; i++)
        if (!g_ascii_isdigit(token[i]))
            return FALSE;
    return TRUE;
}

tfo_side tfo_sides_from_interface_name(const char *name)
{
    gboolean lan = FALSE, wan = FALSE;
    const char *p = name;

    while (p && *p) {
        size_t len = 0;

        while (p[len] && g_ascii_isalnum(p[len]))
            len++;
        lan |= tfo_sides_token_is(p, len, "lan");
        wan |= tfo_sides_token_is(p, len, "wan") || tfo_sides_token_is(p, len, "wwan");
        p += len;
        while (*p && !g_ascii_isalnum(*p))
            p++;
    }
    return lan == wan ? TFO_SIDE_UNKNOWN : lan ? TFO_SIDE_LAN : TFO_SIDE_WAN;
}

gboolean tfo_sides_recorded(const tfo_sides *s, tfo_side side)
{
    guint i;

    if (s->side_seen[side])
        return TRUE;
    for (i = 0; i < s->interfaces->len; i++) {
        const tfo_interface *itf = &g_array_index(s->interfaces, tfo_interface, i);
        if (itf->seen && itf->side == side)
            return TRUE;
    }
    return FALSE;
}

gboolean tfo_sides_recorded_after(const tfo_sides *s, tfo_side side, int64_t ts)
{
    guint i;

    /* An interface of the side first, however many were seen; then, with
     * one interface carrying both sides, the side by address. */
    for (i = 0; i < s->interfaces->len; i++) {
        const tfo_interface *itf = &g_array_index(s->interfaces, tfo_interface, i);
        if (itf->seen && itf->side == side && itf->last_ts > ts)
            return TRUE;
    }
    return s->interfaces_seen <= 1 && s->side_seen[side] && s->last_ts > ts;
}

void tfo_sides_note_crossing(tfo_sides *s, int32_t interface_id, int64_t ts)
{
    tfo_interface *itf = tfo_sides_interface(s, interface_id);

    if (itf && itf->seen)
        itf->last_crossing_ts = MAX(itf->last_crossing_ts, ts);
}

gboolean tfo_sides_silence_proves(const tfo_sides *s, tfo_side silent, int32_t interface_id, int64_t ts,
                                  int64_t window)
{
    const tfo_interface *own = tfo_sides_known_interface(s, interface_id);
    int64_t silent_last = G_MININT64;
    guint i;

    if (s->interfaces_seen <= 1 || !own || !own->seen || own->side != tfo_side_other(silent))
        return FALSE;
    for (i = 0; i < s->interfaces->len; i++) {
        const tfo_interface *itf = &g_array_index(s->interfaces, tfo_interface, i);
        if (itf->seen && itf->side == silent)
            silent_last = MAX(silent_last, itf->last_ts);
    }
    return silent_last != G_MININT64 && own->last_ts - ts > window && own->last_crossing_ts <= silent_last;
}

tfo_side tfo_sides_of_leg(const tfo_sides *s, tfo_leg *leg)
{
    if (leg->side == TFO_SIDE_UNKNOWN)
        leg->side = (uint8_t)tfo_sides_of_interface(s, leg->key.interface_id);
    return leg->side;
}
