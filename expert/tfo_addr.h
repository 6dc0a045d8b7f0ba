/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IP endpoints as the engine sees them: family, address bytes and port. */
#ifndef TFO_ADDR_H
#define TFO_ADDR_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { TFO_AF_NONE = 0, TFO_AF_INET = 4, TFO_AF_INET6 = 6 } tfo_family;

typedef struct {
    uint8_t family;     /* tfo_family */
    uint8_t bytes[16];  /* IPv4 uses the first 4; the rest stay zero */
    uint16_t port;
} tfo_endpoint;

/* Longest text tfo_endpoint_format() writes, with its terminating NUL. */
#define TFO_ENDPOINT_STRLEN 56

/* Sets |ep| to the IPv4 address |addr| (network byte order bytes) and |port|. */
void tfo_endpoint_set_ipv4(tfo_endpoint *ep, const uint8_t addr[4], uint16_t port);
/* Sets |ep| to the IPv6 address |addr| and |port|. */
void tfo_endpoint_set_ipv6(tfo_endpoint *ep, const uint8_t addr[16], uint16_t port);

gboolean tfo_endpoint_equal(const tfo_endpoint *a, const tfo_endpoint *b);
/* Same as tfo_endpoint_equal() but ignores the port. */
gboolean tfo_endpoint_same_host(const tfo_endpoint *a, const tfo_endpoint *b);
guint tfo_endpoint_hash(const tfo_endpoint *ep);

/* FNV-1a of |len| bytes at |p|, continuing from |h| (start: TFO_FNV_BASIS):
 * the one hash of the engine, for endpoints and payloads alike. */
#define TFO_FNV_BASIS 2166136261u
uint32_t tfo_fnv1a(uint32_t h, const uint8_t *p, size_t len);

/* TRUE for addresses that live behind a gateway: RFC 1918, shared address
 * space 100.64/10 (RFC 6598), and IPv6 ULA fc00::/7 (RFC 4193). */
gboolean tfo_endpoint_is_private(const tfo_endpoint *ep);

/* TRUE for addresses that say nothing about a side: unspecified, loopback,
 * link-local (found on both sides of every router), broadcast, multicast. */
gboolean tfo_endpoint_is_special(const tfo_endpoint *ep);

/* Writes "192.0.2.1:80" or "[2001:db8::1]:80" into |buf| of |len| bytes and
 * returns |buf|. */
char *tfo_endpoint_format(const tfo_endpoint *ep, char *buf, size_t len);

#endif
