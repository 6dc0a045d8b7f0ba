#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Rebuilds cloudshark-challenge5-2if.pcapng, the two-interface form of the
# CloudShark challenge trace: the LAN half (packets to or from the client
# 192.168.0.100) as interface 0, the WAN half (to or from the NAT address
# 9.9.9.9) as interface 1, merged in time order. The interfaces have no names.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tshark -r cloudshark-challenge5.pcap -Y 'ip.addr == 192.168.0.100' -F pcapng -w "$tmp/lan.pcapng"
tshark -r cloudshark-challenge5.pcap -Y 'ip.addr == 9.9.9.9' -F pcapng -w "$tmp/wan.pcapng"
mergecap -I none -w cloudshark-challenge5-2if.pcapng "$tmp/lan.pcapng" "$tmp/wan.pcapng"
