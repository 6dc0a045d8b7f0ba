#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The built plugin loads in tshark and registers its protocol, fields,
# expert items and the -z tfo,nat table.
build=$1
run="$(dirname "$0")/../../scripts/tshark-with-plugin"
status=0
fail() { echo "FAIL: $*"; status=1; }

"$run" "$build" - -G plugins | grep -q 'tfo_nat\.so' || fail "tshark -G plugins does not list tfo_nat.so"
fields=$("$run" "$build" - -G fields)
for f in tfo tfo.handshake tfo.side tfo.verdict tfo.peer_frame tfo.nat_delay tfo.nat_dropped \
         tfo.dropped_frame tfo.option_stripped tfo.data_stripped tfo.cookie_mangled tfo.seq_rewritten \
         tfo.cookie tfo.syn_data_len tfo.fallback_cost tfo.option_kind \
         tfo.option_invalid tfo.cookie_request tfo.cookie_grant tfo.cookie_use \
         tfo.record tfo.record.handshake tfo.record.verdict tfo.record.reason \
         tfo.record.lan_client_addr tfo.record.lan_client_addr6 tfo.record.lan_client_port \
         tfo.record.wan_client_addr tfo.record.wan_client_addr6 tfo.record.wan_client_port \
         tfo.record.server_addr tfo.record.server_addr6 tfo.record.server_port \
         tfo.record.option_kind tfo.record.cookie tfo.record.syn_data_lan tfo.record.syn_data_wan \
         tfo.record.first_frame tfo.record.last_frame tfo.record.fallback_cost \
         tfo.record.seq_rewritten tfo.record.other_side_recorded; do
    printf '%s\n' "$fields" | cut -f3 | grep -qx "$f" || fail "field $f not registered"
done
"$run" "$build" - -z help 2>&1 | grep -qx ' *tfo,nat' || fail "-z tfo,nat not registered"
[ $status -eq 0 ] && echo "ok: plugin loads and registers its fields, expert items and table"
exit $status
