# SPDX-License-Identifier: GPL-2.0-or-later
"""The gateway lab's scenarios: one named, documented rule set per gateway
behaviour. Each scenario says three things, side by side:

  gateway   the netfilter commands run in the gateway namespace, on top of
            the common setup (forwarding, and for IPv4 a masquerading NAT on
            "wan"); interfaces are "lan" and "wan"
  direction 'outbound': the clients on "lan", the server on "wan" (source
            NAT); 'inbound': port forwarding, the server on "lan"
            (192.168.1.20:80), the client on "wan" (198.51.100.7) connecting
            to 203.0.113.1:8080, which the gateway forwards (DNAT)
  plan      the client's connections (see tfo.py): a cookie-request
            connection first, then connections with data
  daemon    optional: a helper run in the gateway namespace during the
            recording (nfq_strip.py, nfq_delay.py for NFQUEUE rules)
  delay     how long the gateway takes to forward a packet at most (s),
            beyond the lab's usual well under 1 ms
  rule      what that gateway configuration does to a Fast Open packet, as
            used by expect.py to write the expectations from the recording:
              syn(p)          -> 'forward' | 'drop' | 'strip' | 'mangle' |
                                 'strip-data' for a SYN p of the client, as
                                 its side captured it (see expect.Packet);
                                 'strip' = the twin has no Fast Open option
                                 (removed or NOPed), 'mangle' = another
                                 cookie, 'strip-data' = the same option but
                                 no payload
              synack(p, conn) -> 'forward' | 'drop' | 'strip' for a SYN-ACK
                                 p answering connection conn, as the
                                 server's side captured it
              seq_offset      what the gateway adds to the client's sequence
                                 numbers (the server's acks get it subtracted)

`python3 scenarios.py list` prints the names in recording order;
`python3 scenarios.py show NAME` prints the shell variables record-all uses.
"""
import ipaddress
import json
import shlex
import sys

# ----------------------------------------------------------------- addresses
CLIENT4, GW_LAN4, NAT4, SERVER4 = '192.168.1.10', '192.168.1.1', '203.0.113.1', '198.51.100.20'
CLIENT6, GW_LAN6, GW_WAN6, SERVER6 = '2001:db8:1::10', '2001:db8:1::1', '2001:db8:2::1', '2001:db8:2::20'
PORT = 8080
# Inbound: a public client, the LAN server that NAT4:PORT is forwarded to.
PUBLIC_CLIENT4, LAN_SERVER4, LAN_SERVER_PORT = '198.51.100.7', '192.168.1.20', 80
# The server's Fast Open key: fixed, so the cookie for 203.0.113.1 is stable.
SERVER_KEY = '7f4b7d5a-0c1e2f30-41526374-8596a7b8'
NEW_SERVER_KEY = '0badc0de-11223344-55667788-99aabbcc'   # lab-server-key-change


# ------------------------------------------------------- classic BPF for -m bpf
def bpf(prog):
    """iptables -m bpf --bytecode text for a list of (code, jt, jf, k)."""
    return '%d,' % len(prog) + ','.join('%d %d %d %d' % ins for ins in prog)


# "TCP SYN that carries data" for an IPv4 packet (xt_bpf sees the IP header
# first): payload = total length - 4*IHL - 4*data offset > 0.
SYN_DATA_V4 = bpf([
    (0xb1, 0, 0, 0),        # ldxb 4*([0]&0xf)     X = IP header length
    (0x50, 0, 0, 13),       # ldb [x+13]           TCP flags
    (0x45, 0, 10, 0x02),    # jset #SYN, next, reject
    (0x50, 0, 0, 12),       # ldb [x+12]           data offset << 4
    (0x54, 0, 0, 0xf0),     # and #0xf0
    (0x74, 0, 0, 2),        # rsh #2               A = TCP header length
    (0x0c, 0, 0, 0),        # add x                A = IP + TCP header length
    (0x02, 0, 0, 0),        # st M[0]
    (0x28, 0, 0, 2),        # ldh [2]              IP total length
    (0x61, 0, 0, 0),        # ldx M[0]
    (0x1c, 0, 0, 0),        # sub x                A = payload length
    (0x25, 0, 1, 0),        # jgt #0, accept, reject
    (0x06, 0, 0, 1),        # accept: ret #1
    (0x06, 0, 0, 0),        # reject: ret #0
])
# The same for IPv6 without extension headers: payload length - 4*offset.
SYN_DATA_V6 = bpf([
    (0x30, 0, 0, 6),        # ldb [6]              next header
    (0x15, 0, 11, 6),       # jeq #TCP, next, reject
    (0x30, 0, 0, 53),       # ldb [40+13]          TCP flags
    (0x45, 0, 9, 0x02),     # jset #SYN, next, reject
    (0x30, 0, 0, 52),       # ldb [40+12]
    (0x54, 0, 0, 0xf0),     # and #0xf0
    (0x74, 0, 0, 2),        # rsh #2               A = TCP header length
    (0x02, 0, 0, 0),        # st M[0]
    (0x28, 0, 0, 4),        # ldh [4]              IPv6 payload length
    (0x61, 0, 0, 0),        # ldx M[0]
    (0x1c, 0, 0, 0),        # sub x
    (0x25, 0, 1, 0),        # jgt #0, accept, reject
    (0x06, 0, 0, 1),
    (0x06, 0, 0, 0),
])

SYN_ONLY = 'tcp flags & (syn|ack) == syn'


def nft(table_family, body):
    """A shell command loading one nft table."""
    return 'nft -f - <<"NFT"\ntable %s lab {\n%s\n}\nNFT' % (table_family, body)


def client_ns(addr, clients):
    """The namespace of a client address: "client" for the first one,
    "client-N" (N its last number) for the others."""
    return 'client' if addr == clients[0] else 'client-%s' % addr.replace(':', '.').split('.')[-1]


def conn(data, src='', sport=0, netns=None, fastopen=True):
    c = {'src': src, 'sport': sport, 'data': data}
    if netns:
        c['netns'] = netns
    if not fastopen:
        c['fastopen'] = False
    return c


def simple_plan(n_data=2, pause=0.3):
    """One cookie request, then n_data connections with data, one at a time."""
    return [{'conns': [conn('cookie please')], 'pause': pause}] + \
        [{'conns': [conn('data %d' % i)], 'pause': pause} for i in range(1, n_data + 1)]


# ------------------------------------------------------------ rule helpers
def has_cookie(p):
    return p.tfo is not None and len(p.cookie) > 0


def forward_syn(p):
    return 'forward'


def forward_synack(p, c):
    return 'forward'


# Inbound scenarios: WAN address 203.0.113.1:8080 forwarded to the LAN server.
PORT_FORWARD = ('nft -f - <<"NFT"\ntable ip portfwd {\n'
                '  chain prerouting { type nat hook prerouting priority dstnat;\n'
                '    iifname "wan" tcp dport %d dnat to %s:%d\n  }\n}\nNFT' % (PORT, LAN_SERVER4, LAN_SERVER_PORT))


class Scenario:
    def __init__(self, name, title, rule_text, kernel_text, gateway, syn=forward_syn,
                 synack=forward_synack, plan=None, family=4, clients=None,
                 seq_offset=0, shows=('passed',), daemon='', direction='outbound', delay=0.0):
        self.name, self.title, self.rule_text, self.kernel_text = name, title, rule_text, kernel_text
        self.syn, self.synack = syn, synack
        self.plan = plan or simple_plan()
        self.direction = direction
        self.gateway = ([PORT_FORWARD] if direction == 'inbound' else []) + gateway
        if clients is None:
            clients = (PUBLIC_CLIENT4,) if direction == 'inbound' else (CLIENT4,)
        self.family, self.clients, self.seq_offset = family, list(clients), seq_offset
        # verdicts the recording must show, or the scenario did not work
        self.shows = set(shows)
        self.daemon, self.delay = daemon, delay

    @property
    def client_side(self):
        return 'wan' if self.direction == 'inbound' else 'lan'

    @property
    def server(self):
        """The server's address and port, where it listens."""
        if self.direction == 'inbound':
            return LAN_SERVER4, LAN_SERVER_PORT
        return (SERVER6 if self.family == 6 else SERVER4), PORT

    @property
    def target(self):
        """The address and port the client connects to."""
        return (NAT4, PORT) if self.direction == 'inbound' else self.server


SCENARIOS = []


def scenario(*args, **kw):
    SCENARIOS.append(Scenario(*args, **kw))


# ------------------------------------------------------------------ scenarios
scenario(
    'lab-clean-pass',
    'Clean pass: a plain masquerading NAT',
    'No rule beyond masquerade: every Fast Open SYN and SYN-ACK crosses unchanged (addresses translated).',
    'The client asks for a cookie (kind 34) and gets it; both data connections send cookie and data in the SYN, and the server acknowledges the data in its SYN-ACK.',
    [])

scenario(
    'lab-drop-syn-data',
    'Drop every SYN that carries data (the challenge case)',
    'iptables FORWARD, in from lan: a SYN (no ACK) whose payload length, computed by a BPF program '
    '(IP total length - IP header - TCP header > 0), is non-zero is dropped.',
    'The cookie request passes. Each SYN with cookie and data is dropped; after 1 s the client '
    'retransmits a plain SYN (same ISN, no data, no option), which passes, and resends the data after the handshake.',
    ['iptables -A FORWARD -i lan -p tcp --syn -m bpf --bytecode "%s" -j DROP' % SYN_DATA_V4],
    syn=lambda p: 'drop' if p.length > 0 else 'forward',
    shows=('passed', 'syn-data-dropped'))

scenario(
    'lab-drop-syn-cookie',
    'Drop SYNs that carry a Fast Open cookie',
    'nft forward, in from lan: a SYN with a kind-34 option longer than 2 bytes (a cookie, not a request) is dropped.',
    'As with the data rule: the cookie request passes, each SYN with cookie and data is dropped and '
    'the client falls back to a plain SYN after 1 s.',
    [nft('ip', '  chain forward_c { type filter hook forward priority filter;\n'
               '    iifname "lan" %s tcp option fastopen length gt 2 drop\n  }' % SYN_ONLY)],
    syn=lambda p: 'drop' if p.tfo == 34 and has_cookie(p) else 'forward',
    shows=('passed', 'syn-data-dropped'))

scenario(
    'lab-drop-tfo-syn',
    'Drop every SYN that carries the Fast Open option',
    'nft forward, in from lan: a SYN with a kind-34 option of any length (cookie request or cookie) is dropped.',
    'Each cookie request is dropped; the client retransmits a plain SYN after 1 s, which passes '
    'without a cookie, so every connection asks for a cookie again and is dropped again.',
    [nft('ip', '  chain forward_c { type filter hook forward priority filter;\n'
               '    iifname "lan" %s tcp option fastopen exists drop\n  }' % SYN_ONLY)],
    syn=lambda p: 'drop' if p.tfo == 34 else 'forward',
    shows=('syn-dropped',))

scenario(
    'lab-strip-option-34',
    'Strip option 34 from SYNs (TCPOPTSTRIP)',
    'iptables mangle FORWARD, in from lan, SYN: TCPOPTSTRIP --strip-options 34 (the option is overwritten with NOPs).',
    'The kind-34 cookie request reaches the server as a plain SYN and gets no cookie; the Linux client then '
    'asks with the experimental option 254/0xF989, which passes and gets a cookie, and sends its data with '
    'that cookie in a kind-254 option, which passes too.',
    ['iptables -t mangle -A FORWARD -i lan -p tcp --syn -j TCPOPTSTRIP --strip-options 34'],
    syn=lambda p: 'strip' if p.tfo == 34 else 'forward',
    plan=simple_plan(3),
    shows=('option-stripped', 'passed'))

scenario(
    'lab-strip-option-34-254',
    'Strip options 34 and 254 from SYNs (TCPOPTSTRIP)',
    'iptables mangle FORWARD, in from lan, SYN: TCPOPTSTRIP --strip-options 34,254.',
    'Every cookie request is stripped and never gets a cookie: the client asks with kind 34, then with kind 254, '
    'then with kind 34 again; its data always goes after the handshake.',
    ['iptables -t mangle -A FORWARD -i lan -p tcp --syn -j TCPOPTSTRIP --strip-options 34,254'],
    syn=lambda p: 'strip' if p.tfo is not None else 'forward',
    plan=simple_plan(3),
    shows=('option-stripped',))

scenario(
    'lab-strip-synack-option',
    'Strip option 34 from the SYN-ACK (the cookie never reaches the client)',
    'iptables mangle FORWARD, in from wan, SYN-ACK: TCPOPTSTRIP --strip-options 34.',
    'The server grants a cookie, but the SYN-ACK reaches the client without it; the client then asks with the '
    'experimental option 254, whose SYN-ACK keeps its cookie, and sends its data with that cookie.',
    ['iptables -t mangle -A FORWARD -i wan -p tcp --tcp-flags SYN,ACK SYN,ACK -j TCPOPTSTRIP --strip-options 34'],
    synack=lambda p, c: 'strip' if p.tfo == 34 else 'forward',
    plan=simple_plan(2),
    shows=('option-stripped', 'passed'))

scenario(
    'lab-nop-cookie',
    'Overwrite the option with NOPs only when it carries a cookie',
    'nft forward, in from lan, SYN with a kind-34 option longer than 2 bytes: reset tcp option fastopen (NOPs).',
    'The cookie request passes and gets a cookie. Each SYN with cookie and data reaches the server with its data '
    'but without the option; the server acknowledges only the ISN and the client resends the data.',
    [nft('ip', '  chain forward_c { type filter hook forward priority filter;\n'
               '    iifname "lan" %s tcp option fastopen length gt 2 reset tcp option fastopen\n  }' % SYN_ONLY)],
    syn=lambda p: 'strip' if p.tfo == 34 and has_cookie(p) else 'forward',
    shows=('passed', 'option-stripped'))

scenario(
    'lab-mangle-cookie',
    'Overwrite the first 4 cookie bytes',
    'nft forward, in from lan, SYN with a kind-34 option longer than 2 bytes: tcp option @34,16,32 set 0xdeadbeef.',
    'The cookie request passes. Each SYN with data reaches the server with a wrong cookie: the server '
    'acknowledges only the ISN and sends the right cookie again; the client resends the data.',
    [nft('ip', '  chain forward_c { type filter hook forward priority filter;\n'
               '    iifname "lan" %s tcp option fastopen length gt 2 tcp option @34,16,32 set 0xdeadbeef\n  }'
         % SYN_ONLY)],
    syn=lambda p: 'mangle' if p.tfo == 34 and has_cookie(p) else 'forward',
    shows=('passed', 'cookie-mangled'))

scenario(
    'lab-seq-rewrite',
    'Rewrite sequence numbers (offset 2^31)',
    'nft: outbound (in from lan, prerouting at raw priority, before conntrack) tcp sequence set tcp sequence ^ 0x80000000; '
    'inbound (out to lan, postrouting, after conntrack and NAT) tcp ackseq set tcp ackseq ^ 0x80000000 '
    '(XOR of the top bit is an offset of 2^31).',
    'Everything passes: the cookie request gets its cookie and the SYN data is acknowledged; only the '
    'sequence numbers differ between the sides.',
    [nft('ip', '  chain pre_c { type filter hook prerouting priority raw;\n'
               '    iifname "lan" tcp sequence set tcp sequence ^ 0x80000000\n  }\n'
               '  chain post_c { type filter hook postrouting priority srcnat + 10;\n'
               '    oifname "lan" tcp ackseq set tcp ackseq ^ 0x80000000\n  }')],
    seq_offset=0x80000000)

scenario(
    'lab-blackhole-after-syn',
    'Blackhole a flow whose SYN carried a cookie (the SYN-ACK never returns)',
    'nft forward: a SYN in from lan with a kind-34 option longer than 2 bytes sets conntrack mark 9; '
    'every packet in from wan of a flow with mark 9 is dropped.',
    'The cookie request passes. The SYN with cookie and data reaches the server, which accepts the data; '
    'its SYN-ACK and every later packet of the flow are dropped. The client retransmits plain SYNs, the '
    'server answers each with a SYN-ACK, also dropped; the client gives up with a timeout.',
    [nft('ip', '  chain forward_c { type filter hook forward priority filter;\n'
               '    iifname "lan" %s tcp option fastopen length gt 2 ct mark set 9\n'
               '    iifname "wan" ct mark 9 drop\n  }' % SYN_ONLY)],
    synack=lambda p, c: 'drop' if any(has_cookie(s) for s in c.syns) else 'forward',
    # The dropped packets are the server's SYN-ACKs, so the drop is proved by
    # the LAN recording something later. For the last handshake nothing of
    # the client's own does: its last SYN is sent before the server's last
    # SYN-ACK retransmission (about 1 s later), and then the client gives up.
    # So the plan waits 1 s after it and makes an ordinary connection
    # (connect(), no Fast Open), which the rule lets through; its LAN packets
    # come more than the 0.5 s window after the last drop.
    plan=simple_plan(2)[:-1] + [{'conns': [conn('data 2')], 'pause': 1.0},
                                {'conns': [conn('ordinary', fastopen=False)], 'pause': 0.3}],
    shows=('passed', 'synack-dropped'))

scenario(
    'lab-ipv6-drop-syn-data',
    'IPv6 firewall without NAT dropping SYN data',
    'ip6tables FORWARD, in from lan: a SYN whose IPv6 payload length exceeds its TCP header length (BPF) is dropped; '
    'routing only, no NAT.',
    'The cookie request passes; each SYN with cookie and data is dropped and the client falls back to a plain SYN '
    'after 1 s.',
    ['ip6tables -A FORWARD -i lan -p tcp --syn -m bpf --bytecode "%s" -j DROP' % SYN_DATA_V6],
    syn=lambda p: 'drop' if p.length > 0 else 'forward',
    family=6, clients=(CLIENT6,),
    shows=('passed', 'syn-data-dropped'))

scenario(
    'lab-strip-syn-data',
    'Strip the data from SYNs (a userspace NFQUEUE rule)',
    'iptables FORWARD, in from lan: a SYN with data (BPF) goes to NFQUEUE 0, where nfq_strip.py removes the '
    'payload, keeps the headers and options, and fixes the lengths and checksums.',
    'The cookie request passes. Each SYN with cookie and data reaches the server with its cookie but without '
    'its data: the server accepts the cookie, acknowledges only the ISN, and the client resends the data.',
    ['iptables -A FORWARD -i lan -p tcp --syn -m bpf --bytecode "%s" -j NFQUEUE --queue-num 0' % SYN_DATA_V4],
    syn=lambda p: 'strip-data' if p.length > 0 else 'forward',
    daemon='nfq_strip.py 0',
    shows=('passed', 'data-stripped'))

GUESTS = ('192.168.1.26', '192.168.1.33')
MANY = ['192.168.1.%d' % i for i in range(10, 34)]
scenario(
    'lab-many-clients',
    '24 clients behind one NAT, the guest range losing its SYN data',
    'Masquerade; 24 client namespaces behind a bridge "lan", all using the same source port for a connection '
    '(40001 for the cookie request, 40002 for the data), so the NAT remaps all but one; iptables FORWARD drops '
    'SYNs with data (BPF) from the "guest" range %s-%s.' % GUESTS,
    'The 24 cookie requests run in parallel and pass; then 24 data connections run in parallel: those of '
    'the 16 clients outside the guest range pass, those of the 8 guests are dropped and fall back to a plain SYN '
    'after 1 s.',
    ['iptables -A FORWARD -i lan -p tcp --syn -m iprange --src-range %s-%s -m bpf --bytecode "%s" -j DROP'
     % (GUESTS + (SYN_DATA_V4,))],
    syn=lambda p: 'drop' if p.length > 0 and
    ipaddress.ip_address(GUESTS[0]) <= ipaddress.ip_address(p.src) <= ipaddress.ip_address(GUESTS[1])
    else 'forward',
    clients=MANY,
    plan=[{'conns': [conn('cookie ' + a, a, 40001, client_ns(a, MANY)) for a in MANY], 'pause': 0.5},
          {'conns': [conn('data ' + a, a, 40002, client_ns(a, MANY)) for a in MANY], 'pause': 0.5}],
    shows=('passed', 'syn-data-dropped'))

scenario(
    'lab-server-key-change',
    'Not the gateway: the server changes its Fast Open key after granting the cookie',
    'No rule beyond masquerade. Between the cookie request and the first data connection the server\'s '
    'net.ipv4.tcp_fastopen_key changes, so the cookie the client holds is no longer valid.',
    'The cookie request passes. The first SYN with cookie and data crosses intact; the server rejects the '
    'old cookie, acknowledges only the ISN and sends a new cookie; the client resends the data. The second '
    'data connection uses the new cookie and passes.',
    [],
    plan=simple_plan(0) + [{'sysctl': ['server', 'net.ipv4.tcp_fastopen_key', NEW_SERVER_KEY]}] +
    simple_plan(2)[1:],
    shows=('passed', 'data-ignored'))

scenario(
    'lab-inbound-pass',
    'Port forwarding: a public client opens a Fast Open connection to a LAN server',
    'nft prerouting, in from wan: tcp dport %d dnat to %s:%d (no source NAT on the way in); nothing else.'
    % (PORT, LAN_SERVER4, LAN_SERVER_PORT),
    'The client %s on the WAN asks %s:%d for a cookie (kind 34) and gets it from the LAN server; both data '
    'connections carry cookie and data in the SYN, and the server acknowledges the data.' % (PUBLIC_CLIENT4, NAT4, PORT),
    [],
    direction='inbound')

scenario(
    'lab-inbound-drop-syn-data',
    'Port forwarding, dropping every SYN that carries data in from the WAN',
    'nft prerouting, in from wan: tcp dport %d dnat to %s:%d; iptables FORWARD, in from wan: a SYN whose payload '
    'length (BPF, as in lab-drop-syn-data) is non-zero is dropped.' % (PORT, LAN_SERVER4, LAN_SERVER_PORT),
    'The cookie request passes. Each SYN with cookie and data from the public client is dropped; after 1 s the '
    'client retransmits a plain SYN, which is forwarded to the LAN server, and resends the data after the handshake.',
    ['iptables -A FORWARD -i wan -p tcp --syn -m bpf --bytecode "%s" -j DROP' % SYN_DATA_V4],
    syn=lambda p: 'drop' if p.length > 0 else 'forward',
    direction='inbound',
    shows=('passed', 'syn-data-dropped'))

SLOW_MS = 800
scenario(
    'lab-slow-gateway',
    'A slow gateway (%d ms outbound) that drops the SYN data of one connection' % SLOW_MS,
    'iptables FORWARD, in from lan: a SYN with data (BPF) from source port 40003 is dropped; every other '
    'packet in from lan goes to NFQUEUE 0, where nfq_delay.py holds it %d ms before accepting it (in order). '
    'Packets in from wan are not delayed.' % SLOW_MS,
    'The client uses source ports 40001 (cookie request), 40002 and 40003 (data). Its SYNs reach the server %d ms '
    'late; the SYN-ACK comes back within its 1 s SYN timeout. The cookie request and the first data SYN pass; the '
    'second data SYN is dropped, the client retransmits a plain SYN 1 s later, which passes (late too).' % SLOW_MS,
    ['iptables -A FORWARD -i lan -p tcp --syn --sport 40003 -m bpf --bytecode "%s" -j DROP' % SYN_DATA_V4,
     'iptables -A FORWARD -i lan -j NFQUEUE --queue-num 0'],
    syn=lambda p: 'drop' if p.length > 0 and p.sport == 40003 else 'forward',
    plan=[{'conns': [conn('cookie please', sport=40001)], 'pause': 0.3},
          {'conns': [conn('data 1', sport=40002)], 'pause': 0.3},
          {'conns': [conn('data 2', sport=40003)], 'pause': 1.0}],
    daemon='nfq_delay.py 0 %d' % SLOW_MS, delay=SLOW_MS / 1000,
    shows=('passed', 'syn-data-dropped'))

BY_NAME = {s.name: s for s in SCENARIOS}


def show(s):
    """Shell variable assignments for record-all."""
    clients = ' '.join('%s=%s' % (client_ns(a, s.clients), a) for a in s.clients)
    server = 'server=%s' % s.server[0]
    out = {
        'SC_TITLE': s.title,
        'SC_FAMILY': str(s.family),
        'SC_SERVER': s.server[0],
        'SC_PORT': str(s.server[1]),
        'SC_TARGET': s.target[0],
        'SC_TARGET_PORT': str(s.target[1]),
        'SC_CLIENTS': clients,
        'SC_LAN_HOSTS': server if s.direction == 'inbound' else clients,
        'SC_WAN_HOST': clients if s.direction == 'inbound' else server,
        'SC_PLAN': json.dumps(s.plan),
        'SC_GATEWAY': '\n'.join(s.gateway),
        'SC_RULE': s.rule_text,
        'SC_DAEMON': s.daemon,
        'SC_SERVER_KEY': SERVER_KEY,
    }
    return ''.join('%s=%s\n' % (k, shlex.quote(v)) for k, v in out.items())


if __name__ == '__main__':
    if sys.argv[1:] == ['list']:
        print('\n'.join(s.name for s in SCENARIOS))
    elif len(sys.argv) == 3 and sys.argv[1] == 'show' and sys.argv[2] in BY_NAME:
        sys.stdout.write(show(BY_NAME[sys.argv[2]]))
    else:
        sys.exit('usage: scenarios.py list | show NAME')
