/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_handshake.h"

guint tfo_leg_key_hash(gconstpointer key)
{
    const tfo_leg_key *k = key;
    return (tfo_endpoint_hash(&k->client) * 31u + tfo_endpoint_hash(&k->server)) ^ (guint)k->interface_id;
}

gboolean tfo_leg_key_equal(gconstpointer a, gconstpointer b)
{
    const tfo_leg_key *x = a, *y = b;
    return x->interface_id == y->interface_id && tfo_endpoint_equal(&x->client, &y->client) &&
           tfo_endpoint_equal(&x->server, &y->server);
}

tfo_handshake *tfo_handshake_new(uint32_t id)
{
    tfo_handshake *hs = g_new0(tfo_handshake, 1);
    hs->id = id;
    hs->last_ts = G_MININT64;
    return hs;
}

static void tfo_leg_free(tfo_leg *leg)
{
    if (!leg)
        return;
    g_ptr_array_free(leg->syns, TRUE);
    g_ptr_array_free(leg->synacks, TRUE);
    g_free(leg);
}

void tfo_handshake_free(tfo_handshake *hs)
{
    if (!hs)
        return;
    tfo_leg_free(hs->client_leg);
    tfo_leg_free(hs->server_leg);
    g_free(hs);
}

tfo_leg *tfo_handshake_add_leg(tfo_handshake *hs, const tfo_leg_key *key, tfo_side side, uint32_t isn)
{
    tfo_leg *leg = g_new0(tfo_leg, 1);

    leg->key = *key;
    leg->hs = hs;
    leg->side = (uint8_t)side;
    leg->isn = isn;
    leg->syns = g_ptr_array_new_with_free_func(g_free);
    leg->synacks = g_ptr_array_new_with_free_func(g_free);
    if (hs->client_leg)
        hs->server_leg = leg;
    else
        hs->client_leg = leg;
    return leg;
}

void tfo_leg_add_segment(tfo_leg *leg, tfo_segment *seg)
{
    seg->leg = leg;
    leg->hs->last_ts = MAX(leg->hs->last_ts, seg->ts);
    g_ptr_array_add(seg->is_synack ? leg->synacks : leg->syns, seg);
}

tfo_segment *tfo_leg_first_syn(const tfo_leg *leg)
{
    return leg && leg->syns->len ? g_ptr_array_index(leg->syns, 0) : NULL;
}

void tfo_segment_link_twins(tfo_segment *ingress, tfo_segment *egress)
{
    ingress->twin = egress;
    egress->twin = ingress;
    ingress->fate = TFO_FATE_FORWARDED;
}

tfo_side tfo_segment_side(const tfo_segment *seg)
{
    return seg->leg ? seg->leg->side : seg->side;
}

tfo_side tfo_side_other(tfo_side side)
{
    return side == TFO_SIDE_LAN ? TFO_SIDE_WAN : side == TFO_SIDE_WAN ? TFO_SIDE_LAN : TFO_SIDE_UNKNOWN;
}
