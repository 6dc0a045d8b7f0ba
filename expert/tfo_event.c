/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_event.h"
#include "tfo_error.h"

#include <string.h>

int64_t tfo_event_time(int64_t ts)
{
    return CLAMP(ts, -TFO_TIME_LIMIT, TFO_TIME_LIMIT);
}

static tfo_segment *tfo_event_segment(const tfo_observation *o, const tfo_event *ev)
{
    tfo_segment *s = g_new0(tfo_segment, 1);
    int status;

    s->frame = o->frame;
    s->ts = ev->ts;
    s->seq = o->seq;
    s->ack = o->ack;
    s->payload_len = o->payload_len;
    if (o->payload) {
        s->payload_captured = MIN(o->payload_captured, o->payload_len);
        s->payload_hash = tfo_fnv1a(TFO_FNV_BASIS, o->payload, s->payload_captured);
        memcpy(s->payload_head, o->payload, MIN(s->payload_captured, TFO_PAYLOAD_HEAD));
    }
    s->has_tsval = o->has_tsval != FALSE;
    s->tsval = o->tsval;
    s->has_ip_id = o->has_ip_id != FALSE;
    s->ip_id = o->ip_id;
    s->is_synack = ev->kind == TFO_EVENT_SYNACK;
    s->client = ev->key.client;
    s->server = ev->key.server;
    s->interface_id = ev->key.interface_id;
    status = tfo_option_parse(o->options, o->options ? o->options_captured : 0, o->options_len, &s->option);
    s->option_status = (int8_t)CLAMP(status, G_MININT8, G_MAXINT8);
    return s;
}

static tfo_event_kind tfo_event_tcp_kind(uint16_t flags)
{
    if (flags & TFO_TCP_RST || (flags & (TFO_TCP_SYN | TFO_TCP_FIN)) == (TFO_TCP_SYN | TFO_TCP_FIN))
        return TFO_EVENT_IP;
    if ((flags & (TFO_TCP_SYN | TFO_TCP_ACK)) == (TFO_TCP_SYN | TFO_TCP_ACK))
        return TFO_EVENT_SYNACK;
    return flags & TFO_TCP_SYN ? TFO_EVENT_SYN : TFO_EVENT_DATA;
}

int tfo_event_new(const tfo_observation *o, tfo_event **out)
{
    tfo_event *ev = g_new0(tfo_event, 1);
    gboolean from_server;

    *out = ev;
    ev->frame = o->frame;
    ev->ts = tfo_event_time(o->ts);
    ev->key.interface_id = o->interface_id;
    if (o->src.family == TFO_AF_NONE || o->src.family != o->dst.family)
        return o->is_tcp ? TFO_ERR_INVALID : 0;
    ev->kind = o->is_tcp ? tfo_event_tcp_kind(o->tcp_flags) : TFO_EVENT_IP;
    from_server = ev->kind == TFO_EVENT_SYNACK;
    ev->key.client = from_server ? o->dst : o->src;
    ev->key.server = from_server ? o->src : o->dst;
    ev->tcp_flags = o->tcp_flags;
    ev->seq = o->seq;
    ev->ack = o->ack;
    ev->payload_len = o->payload_len;
    if (ev->kind == TFO_EVENT_SYN || ev->kind == TFO_EVENT_SYNACK)
        ev->segment = tfo_event_segment(o, ev);
    return 0;
}

tfo_segment *tfo_event_take_segment(tfo_event *ev)
{
    tfo_segment *seg = ev->segment;
    ev->segment = NULL;
    return seg;
}

void tfo_event_free(tfo_event *ev)
{
    if (!ev)
        return;
    g_free(ev->segment);
    g_free(ev);
}
