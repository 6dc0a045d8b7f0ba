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
         tfo.option_invalid tfo.cookie_request tfo.cookie_grant tfo.cookie_use; do
    printf '%s\n' "$fields" | cut -f3 | grep -qx "$f" || fail "field $f not registered"
done
"$run" "$build" - -z help 2>&1 | grep -qx ' *tfo,nat' || fail "-z tfo,nat not registered"
[ $status -eq 0 ] && echo "ok: plugin loads and registers its fields, expert items and table"
exit $status
