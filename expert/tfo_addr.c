/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tfo_addr.h"

#include <arpa/inet.h>
#include <string.h>

void tfo_endpoint_set_ipv4(tfo_endpoint *ep, const uint8_t addr[4], uint16_t port)
{
    memset(ep, 0, sizeof(*ep));
    ep->family = TFO_AF_INET;
    memcpy(ep->bytes, addr, 4);
    ep->port = port;
}

void tfo_endpoint_set_ipv6(tfo_endpoint *ep, const uint8_t addr[16], uint16_t port)
{
    memset(ep, 0, sizeof(*ep));
    ep->family = TFO_AF_INET6;
    memcpy(ep->bytes, addr, 16);
    ep->port = port;
}

gboolean tfo_endpoint_same_host(const tfo_endpoint *a, const tfo_endpoint *b)
{
    return a->family == b->family && memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

gboolean tfo_endpoint_equal(const tfo_endpoint *a, const tfo_endpoint *b)
{
    return a->port == b->port && tfo_endpoint_same_host(a, b);
}

uint32_t tfo_fnv1a(uint32_t h, const uint8_t *p, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

guint tfo_endpoint_hash(const tfo_endpoint *ep)
{
    const uint8_t port[2] = {(uint8_t)(ep->port >> 8), (uint8_t)(ep->port & 0xff)};
    uint32_t h = tfo_fnv1a(TFO_FNV_BASIS, &ep->family, 1);

    h = tfo_fnv1a(h, ep->bytes, sizeof(ep->bytes));
    return tfo_fnv1a(h, port, sizeof(port));
}

gboolean tfo_endpoint_is_private(const tfo_endpoint *ep)
{
    const uint8_t *b = ep->bytes;

    if (ep->family == TFO_AF_INET)
        return b[0] == 10 ||
               (b[0] == 172 && (b[1] & 0xf0) == 16) ||
               (b[0] == 192 && b[1] == 168) ||
               (b[0] == 100 && (b[1] & 0xc0) == 64);
    if (ep->family == TFO_AF_INET6)
        return (b[0] & 0xfe) == 0xfc;
    return FALSE;
}

gboolean tfo_endpoint_is_special(const tfo_endpoint *ep)
{
    static const uint8_t zero[16] = {0};
    const uint8_t *b = ep->bytes;

    if (ep->family == TFO_AF_INET)
        return b[0] == 0 || b[0] == 127 || (b[0] & 0xf0) == 224 || (b[0] == 169 && b[1] == 254) ||
               (b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255);
    if (ep->family == TFO_AF_INET6)
        return b[0] == 0xff || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) || (memcmp(b, zero, 15) == 0 && b[15] <= 1);
    return TRUE;
}

char *tfo_endpoint_format(const tfo_endpoint *ep, char *buf, size_t len)
{
    char addr[INET6_ADDRSTRLEN];

    if (ep->family == TFO_AF_INET && inet_ntop(AF_INET, ep->bytes, addr, sizeof(addr)))
        g_snprintf(buf, (gulong)len, "%s:%u", addr, ep->port);
    else if (ep->family == TFO_AF_INET6 && inet_ntop(AF_INET6, ep->bytes, addr, sizeof(addr)))
        g_snprintf(buf, (gulong)len, "[%s]:%u", addr, ep->port);
    else
        g_strlcpy(buf, "-", len);
    return buf;
}
