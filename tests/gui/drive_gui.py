#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Drives the real Wireshark GUI with the built plugin and checks what it
shows against a capture's .expect file; takes screenshots on the way.

Run by tests/gui/check-gui (which starts Xvfb, stages the plugin and runs
this as an unprivileged user inside dbus-run-session), never directly:
  drive_gui.py SHOTS_DIR CAPTURE EXPECT [CAPTURE EXPECT ...]
  drive_gui.py SHOTS_DIR --live EXPECT TABLE_OUT

It reads the GUI through the accessibility bus (AT-SPI, Qt's own bridge),
so the checks do not look at pixels: menus are found and activated by their
text; window titles, table cells and tree rows are read as text. xdotool
finds the X windows, places them and clicks (select a details row, open an
expert group, follow the twin link); screenshots (ImageMagick's import) are
for the docs only.

Per capture: `wireshark -r CAPTURE -g FRAME -z tfo,nat` (later captures
-z tfo,nat,tfo), then
  - -z tfo,nat opened the "TFO through NAT" dialog (with the filter given);
    its rows, verdicts and summary are the .expect file's (row, verdict,
    handshakes, summary);
  - the dialog's display filter refreshes the table (tablefilter facts);
  - the packet list tags every dropped frame in Info ("dropped by gateway");
  - the packet details of the first dropped frame, its TFO subtree expanded,
    say "Dropped by the gateway: True" and the verdict; the first twin pair's
    frame names its twin ("Twin frame"), and activating the link goes there;
  - Statistics -> TFO through NAT opens the dialog again (the menu entry);
  - Analyze -> Expert Information lists the expert facts' items under TFO-NAT;
  - after View -> Reload, the menu entry opens the table with the same rows;
  - Help -> About Wireshark -> Plugins lists tfo_nat.so;
  - File -> Quit ends Wireshark with status 0, and its stderr holds no GLib
    warning or critical.
The first capture's views are saved as SHOTS_DIR/{packet-list,packet-details,
packet-details-twin,expert-info,statistics-table}.png; later captures' with
their capture's name as prefix.

--live (in the gateway lab's namespace, beside its dumpcap, with capture
rights): `wireshark -i lan -i wan -k`; Statistics -> TFO through NAT opened
before any traffic; "Capturing on" on stderr tells the lab to start the
client. While capturing: the dialog's Apply shows rows (the dialog does not
follow a capture by itself: it retaps once and removes its tap listener);
the packet list's tags and a SYN's subtree are logged, not required. Once EXPECT's handshakes are all
in the dialog and no packet came for 3 s: Capture -> Stop; then the dialog's
Apply (a retap over the finished analysis) shows EXPECT's handshakes and
verdicts, written as JSON to TABLE_OUT (check-gui compares them with the
recording's table); File -> Quit.
"""
import os
import re
import subprocess
import sys
import time

import pyatspi

TABLE = '^Wireshark · TFO through NAT · '       # window titles (regular expressions)
EXPERT = '^Wireshark · Expert Information · '
ABOUT = '^About Wireshark$'
# GUI table columns (plugin/tfo_stats.c) in the order of tshark's text row.
GUI_COLUMNS_OF_TEXT_ROW = [0, 3, 4, 5, 6, 7, 8, 1, 9, 10, 2]
# Wireshark's stderr lines that are not the plugin's (every other warning,
# critical or error fails the check).
STDERR_NOISE = [
    # No wireless stack in the machine.
    r'nl80211 not found',
    # Go -> Go to Packet… while no widget has the keyboard focus.
    r'QObject::connect: Cannot connect \(nullptr\)::destroyed\(\) to WiresharkMainWindow::resetPreviousFocus',
    # Qt 6 (Wireshark 4.4 and later) when a window's threads end after Qt's own storage.
    r'QThreadStorage: Thread 0x[0-9a-f]+ exited after QThreadStorage \d+ destroyed',
    # Qt 6's accessibility bridge answering this check's own reader (Debian
    # unstable): a method it lacks, a cell or object gone while being read.
    r'AtSpiAdaptor::applicationInterface does not implement|Invalid index for tableInterface'
    r'|Could not find accessible on path',
]
PREFS = [
    # Packet list and details only, no bytes pane.
    '-o', 'gui.layout_content_3:NONE',
    # Fewer columns, so the Info column with its tag fits.
    '-o', 'gui.column.format:"No.","%m","Time","%t","Source","%s","Destination","%d","Protocol","%p","Info","%i"',
]

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print('  FAIL ' + msg, flush=True)
    return cond


START = time.time()


def log(msg):
    print(f'  {time.time() - START:5.1f}s {msg}', flush=True)


class Gone(Exception):
    """Wireshark ended, or something awaited never came."""


def wait_for(what, fn, timeout=20.0, step=0.2):
    end = time.time() + timeout
    while True:
        try:
            got = fn()
        except Exception:  # objects vanish while windows change
            got = None
        if got:
            return got
        if time.time() > end:
            raise Gone(f'timed out waiting for {what}')
        time.sleep(step)


def kids(node):
    return [c for c in (node.getChildAtIndex(i) for i in range(node.childCount)) if c is not None]


def find_all(node, pred, depth=0, maxdepth=12):
    """Nodes under |node| (itself included) matching |pred|, not looking
    inside tables and trees (their cells are read with queryTable) nor menus
    (hundreds of items; Wireshark.item() walks them by name)."""
    found = [node] if pred(node) else []
    if depth < maxdepth and node.getRoleName() not in ('table', 'tree table', 'tree', 'menu bar', 'menu', 'popup menu'):
        for c in kids(node):
            found += find_all(c, pred, depth + 1, maxdepth)
    return found


def rows_of(tree):
    t = tree.queryTable()
    return [[(t.getAccessibleAt(r, c).name or '') for c in range(t.nColumns)] for r in range(t.nRows)]


def cell(tree, row, col=0):
    return tree.queryTable().getAccessibleAt(row, col)


def extents(node):
    e = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return e.x, e.y, e.width, e.height


def xdotool(*args):
    return subprocess.run(['xdotool', *args], check=True, capture_output=True, text=True).stdout


def click(node, double=False):
    x, y, w, h = extents(node)
    click_at(x + min(w // 2, 40), y + h // 2, double)


def click_at(x, y, double=False):
    # Not "mousemove --sync": it waits for a motion that never comes when the
    # pointer is already there.
    xdotool('mousemove', str(x), str(y))
    time.sleep(0.15)
    xdotool('click', *(['--repeat', '2', '--delay', '80'] if double else []), '1')
    time.sleep(0.4)


def shot(path, x, y, w, h):
    """Saves the screen area as a small PNG."""
    time.sleep(0.6)  # let the last repaint land
    subprocess.run(['import', '-silent', '-window', 'root', '-crop', f'{w}x{h}+{x}+{y}', '+repage',
                    '-strip', '-define', 'png:compression-level=9', path], check=True)
    log(f'screenshot {os.path.basename(path)} ({w}x{h}, {os.path.getsize(path) // 1024} KiB)')


class Wireshark:
    def __init__(self, capture, args, stderr_path, title_regex=None):
        """wireshark -r CAPTURE ARGS; with |title_regex|, wireshark ARGS
        (a live capture), its main window titled |title_regex|."""
        self.stderr_path = stderr_path
        self.title = os.path.basename(capture)
        for attempt in (1, 2):
            self.proc = subprocess.Popen(['wireshark', *([] if title_regex else ['-r', capture]), *PREFS, *args],
                                         stdout=subprocess.DEVNULL, stderr=open(stderr_path, 'w'))
            try:
                self.app = wait_for('Wireshark on the accessibility bus', self._find_app, 20)
                break
            except Gone:
                # Seen once in a while on a loaded machine: the application
                # never shows on the accessibility bus. Start it again.
                self.proc.kill()
                self.proc.wait()
                if attempt == 2:
                    raise
                log('Wireshark did not show on the accessibility bus within 20 s: starting it again')
        if title_regex:
            self.main = wait_for(f'the main window /{title_regex}/',
                                 lambda: self.frame(lambda n: re.search(title_regex, n)), 30)
            self.main_title = title_regex
        else:
            self.main = wait_for(f'the main window "{self.title}"', lambda: self.frame(lambda n: n == self.title), 30)
            self.main_title = '^' + re.escape(self.title) + '$'

    def capturing(self):
        """The main window's title says a capture is running."""
        return bool(self.xids('^Capturing from '))

    def _find_app(self):
        if self.proc.poll() is not None:
            raise SystemExit(f'wireshark exited with status {self.proc.returncode} while starting:\n'
                             + open(self.stderr_path).read())
        for a in kids(pyatspi.Registry.getDesktop(0)):
            if a.get_process_id() == self.proc.pid:
                return a
        return None

    def frames(self):
        self.app.clear_cache()
        return kids(self.app)

    def frame(self, pred):
        for f in self.frames():
            if f.name and pred(f.name):
                return f
        return None

    def wait_window(self, title_regex, timeout=20):
        """Waits for a window of ours titled |title_regex| on the X display;
        returns its accessible, or None when it does not show on the
        accessibility bus.

        Now and then Qt leaves a new dialog out of the application's
        accessible windows (seen with Expert Information and the table after
        a dialog was closed; it never comes), while the X window is there."""
        wait_for(f'a window titled /{title_regex}/', lambda: self.xids(title_regex), timeout)
        try:
            return wait_for('it on the accessibility bus',
                            lambda: self.frame(lambda n: re.search(title_regex, n)), 4)
        except Gone:
            return None

    def close_unseen(self, title_regex):
        """Closes (Escape) our X windows titled |title_regex|."""
        for xid in self.xids(title_regex):
            xdotool('windowfocus', xid)
            time.sleep(0.3)
            xdotool('key', 'Escape')
        wait_for(f'windows /{title_regex}/ to close', lambda: not self.xids(title_regex), 10)

    def wait_gone(self, title_regex, timeout=10):
        wait_for(f'window /{title_regex}/ to close', lambda: not self.xids(title_regex), timeout)

    def menu(self, *path):
        """Activates the main window's menu item at |path|, e.g. ("Statistics", "TFO through NAT")."""
        self.item(*path).queryAction().doAction(0)

    def open_dialog(self, path, title_regex):
        """Opens the window titled |title_regex| with the menu item at |path|
        and returns its accessible (see wait_window: an unseen one is closed
        and opened again)."""
        what = ' -> '.join(path)
        for attempt in range(3):
            self.menu(*path)
            try:
                win = self.wait_window(title_regex)
            except Gone:
                raise Gone(f'{what} opened no window titled /{title_regex}/')
            if win:
                log(f'{what} opened "{win.name}"')
                return win
            log(f'{what} opened a window the accessibility bus does not show: closing it, opening it again')
            self.close_unseen(title_regex)
        raise Gone(f'{what}: its window never showed on the accessibility bus')

    def item(self, *path):
        node = find_all(self.main, lambda n: n.getRoleName() == 'menu bar', maxdepth=3)[0]
        for name in path:
            if node.getRoleName() == 'menu item' and node.childCount == 1:
                node = node.getChildAtIndex(0)  # the item's popup menu
            items = [c for c in kids(node) if c.name == name]
            if not items:
                raise Gone(f'no menu item "{name}" (of {" -> ".join(path)}); there: '
                           + ', '.join(repr(c.name) for c in kids(node)))
            node = items[0]
        return node

    def go_to(self, frame):
        """Go -> Go to Packet…, FRAME, "Go to packet"."""
        self.menu('Go', 'Go to Packet…')
        label = wait_for('the Go to packet bar', lambda: find_all(
            self.main, lambda n: n.getRoleName() == 'label' and n.name == 'Packet:'
            and n.getState().contains(pyatspi.STATE_SHOWING))[0], 5)
        bar = label.parent
        [n for n in kids(bar) if n.getRoleName() == 'text'][0].queryEditableText().setTextContents(str(frame))
        self.press(bar, 'Go to packet')
        time.sleep(0.3)

    def press(self, window, button):
        # By role, not role name: at-spi2 names it "push button" in Debian 12, "button" later.
        buttons = find_all(window, lambda n: n.getRole() == pyatspi.ROLE_PUSH_BUTTON)
        found = [n for n in buttons if n.name == button]
        if not found:
            raise Gone(f'no button "{button}" in {window.name} (buttons: {sorted(n.name for n in buttons)})')
        found[0].queryAction().doAction(0)

    def xids(self, title_regex):
        """Our shown X windows titled |title_regex|."""
        out = subprocess.run(['xdotool', 'search', '--all', '--onlyvisible', '--pid', str(self.proc.pid),
                              '--name', title_regex], capture_output=True, text=True).stdout
        return out.split()

    def place(self, window_title_regex, x, y, w, h):
        xid = self.xids(window_title_regex)[-1]
        xdotool('windowmove', xid, str(x), str(y))
        xdotool('windowsize', xid, str(w), str(h))
        time.sleep(0.5)

    def quit(self):
        self.menu('File', 'Quit')
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            check(False, 'File -> Quit did not end Wireshark within 20 s')
            return
        check(self.proc.returncode == 0, f'Wireshark exited with status {self.proc.returncode}')

    def end(self):
        """Quits Wireshark if it still runs (kills it if quitting fails);
        FALSE when it had ended by itself."""
        if self.proc.poll() is not None:
            return False
        try:
            self.quit()
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
        return True


def read_expect(path):
    facts = []
    for line in open(path):
        if line.strip() and not line.lstrip().startswith('#'):
            facts.append(line.split())
    return facts


def tables(tree):
    """{"Handshakes": [row cells], "Summary": [...]} of the TFO dialog's tree."""
    out, current = {}, None
    for r in rows_of(tree):
        if r[0] and not any(r[1:]) and not r[0].isdigit():
            current = out.setdefault(r[0], [])
        elif current is not None:
            current.append(r)
    return out


def check_table(dlg, facts, label):
    tree = wait_for('the table', lambda: find_all(dlg, lambda n: n.getRoleName() == 'tree')[0])
    t = wait_for('the table rows', lambda: tables(tree) if tables(tree).get('Handshakes') else None, 10)
    hs = {int(r[0]): r for r in t.get('Handshakes', [])}
    summary = [r[1] for r in t.get('Summary', [])]
    log(f'{label}: {len(hs)} handshakes; summary {summary}')
    check(list(t) == ['Handshakes', 'Summary'], f'{label}: tables {list(t)}, expected Handshakes then Summary')
    for f in facts:
        if f[0] == 'handshakes':
            check(len(hs) == int(f[1]), f'{label}: {len(hs)} rows, expected {f[1]}')
        elif f[0] == 'verdict':
            got = hs.get(int(f[1]), [None, None])[1]
            check(got == f[2], f'{label}: handshake {f[1]} verdict {got}, expected {f[2]}')
        elif f[0] == 'row':
            row = hs.get(int(f[1]))
            got = ' '.join(row[i] for i in GUI_COLUMNS_OF_TEXT_ROW) if row else None
            check(got == ' '.join(f[1:]), f'{label}: row {f[1]} is "{got}", expected "{" ".join(f[1:])}"')
        elif f[0] == 'summary':
            check(' '.join(f[1:]) in summary, f'{label}: summary "{" ".join(f[1:])}" not in {summary}')
    return tree


def check_capture(ws, facts, shots, prefix, first_dropped, table_filter):
    # 1. -z tfo,nat opened the dialog.
    try:
        dlg = ws.wait_window(TABLE)
        log(f'-z tfo,nat opened "{xdotool("getwindowname", ws.xids(TABLE)[0]).strip()}"')
        if not dlg:
            log('the accessibility bus does not show it: closing it, opening it with the menu for the checks')
            ws.close_unseen(TABLE)
    except Gone:
        check(False, '-z tfo,nat opened no "TFO through NAT" window; the menu opens it for the other checks')
        dlg = table_filter = None
    if not dlg:
        dlg = ws.open_dialog(('Statistics', 'TFO through NAT'), TABLE)
    if table_filter:
        got = [n.queryText().getText(0, -1) for n in find_all(dlg, lambda n: n.getRoleName() == 'text')]
        check(got[:1] == [table_filter], f'-z tfo,nat,{table_filter}: the dialog\'s filter is {got}')
    check_table(dlg, facts, '-z tfo,nat table')
    ws.place(TABLE, 0, 0, 1560, 250)
    shot(os.path.join(shots, prefix + 'statistics-table.png'), *extents(dlg))

    # 2. The dialog's display filter refreshes the table.
    for f in facts:
        if f[0] != 'tablefilter':
            continue
        want = [] if f[2] == '-' else sorted(int(i) for i in f[2].split(','))
        edit = [n for n in find_all(dlg, lambda n: n.getRoleName() == 'text')]
        edit[0].queryEditableText().setTextContents(f[1])
        ws.press(dlg, 'Apply')
        tree = find_all(dlg, lambda n: n.getRoleName() == 'tree')[0]
        try:
            got = wait_for(f'the table filtered by {f[1]}',
                           lambda: (lambda ids: ids if ids == want else None)(
                               sorted(int(r[0]) for r in tables(tree).get('Handshakes', []))), 10)
        except Gone:
            got = sorted(int(r[0]) for r in tables(tree).get('Handshakes', []))
        if check(got == want, f'dialog filter {f[1]}: handshakes {got}, expected {want}'):
            log(f'dialog filter {f[1]}: handshakes {got}')
    ws.press(dlg, 'Close')
    ws.wait_gone(TABLE)

    # 3. The packet list tags the dropped frames.
    trees = find_all(ws.main, lambda n: n.getRoleName() == 'tree')
    plist = [t for t in trees if rows_of_header(t)[:1] == ['No.']][0]
    header = rows_of_header(plist)
    info_col = header.index('Info')
    rows = rows_of(plist)
    by_no = {r[0]: (i, r) for i, r in enumerate(rows)}
    dropped = [f[1] for f in facts if f[0] == 'dropped']
    for d in dropped:
        info = by_no.get(d, (0, [''] * len(header)))[1][info_col]
        check('dropped by gateway]' in info, f'packet list: frame {d} Info "{info}" has no "... dropped by gateway]" tag')
    log(f'packet list: {len(rows)} frames; tagged dropped frames {dropped}')
    ws.place(ws.main_title, 0, 0, 1560, 940)
    shot(os.path.join(shots, prefix + 'packet-list.png'), *area_down_to(plist, len(rows) - 1))

    # 4. Packet details of the first dropped frame, TFO subtree expanded.
    ptree = [t for t in trees if t is not plist and any(r[0].startswith('Frame ') for r in rows_of(t))][0]
    if first_dropped:
        ws.go_to(first_dropped)
        details = expand_tfo(ws, ptree, first_dropped)
        check(any(r.startswith('[Dropped by the gateway: True') for r in details),
              f'details of frame {first_dropped}: no "Dropped by the gateway: True" in {details}')
        check(any(r.startswith('[Verdict: ') for r in details), f'details of frame {first_dropped}: no verdict')
        shot(os.path.join(shots, prefix + 'packet-details.png'), *area_down_to(ptree, len(details) - 1, 900))
    twins = [f for f in facts if f[0] == 'twin']
    if twins:
        a, b = twins[0][1], twins[0][2]
        ws.go_to(a)
        details = expand_tfo(ws, ptree, a)
        twin_rows = [i for i, r in enumerate(details) if r.startswith('[Twin frame: ')]
        check(twin_rows and details[twin_rows[0]] == f'[Twin frame: {b}]',
              f'details of frame {a}: twin row {[details[i] for i in twin_rows]}, expected [Twin frame: {b}]')
        shot(os.path.join(shots, prefix + 'packet-details-twin.png'), *area_down_to(ptree, len(details) - 1, 900))
        if twin_rows:  # the link: double-clicking it goes to the twin
            click(cell(ptree, twin_rows[0]), double=True)
            try:
                wait_for(f'frame {b} after following the twin link', lambda: shows_frame(ptree, b), 5)
                log(f'twin link of frame {a} went to frame {b}')
            except Gone:
                check(False, f'twin link of frame {a}: details show {rows_of(ptree)[:2]}, expected frame {b}')

    # 5. The menu entry opens the dialog too.
    dlg = ws.open_dialog(('Statistics', 'TFO through NAT'), TABLE)
    check_table(dlg, facts, 'menu table')
    ws.press(dlg, 'Close')
    ws.wait_gone(TABLE)

    # 6. Expert information.
    ex = ws.open_dialog(('Analyze', 'Expert Information'), EXPERT)
    etree = find_all(ex, lambda n: n.getRoleName() == 'tree')[0]
    erows = wait_for('expert items', lambda: rows_of(etree), 10)
    tfo_rows = [r for r in erows if 'TFO-NAT' in r]
    log(f'expert information: {len(tfo_rows)} TFO-NAT groups: {[r[1] for r in tfo_rows]}')
    check(tfo_rows, 'expert information: no TFO-NAT item')
    for f in facts:
        if f[0] == 'expert':
            text = ' '.join(f[2:]).lower()
            check(any(text in r[1].lower() for r in tfo_rows), f'expert information: no TFO-NAT item "{text}"')
    # Open the first TFO-NAT group (a click on its arrow) to show its packets.
    if tfo_rows:
        n = len(erows)
        x, y, w, h = extents(cell(etree, erows.index(tfo_rows[0]), 0))
        click_at(x - 11, y + h // 2)
        try:
            erows = wait_for('the expert group expanded', lambda: (lambda rs: rs if len(rs) > n else None)(rows_of(etree)), 5)
            log(f'expert information: {tfo_rows[0][1]}: ' + '; '.join(r[1] for r in erows[1:len(erows) - n + 1]))
        except Gone:
            log('expert information: the group did not expand (screenshot without its packets)')
    ws.place(EXPERT, 0, 0, 900, 60 + 26 * (len(erows) + 6))
    shot(os.path.join(shots, prefix + 'expert-info.png'), *extents(ex))
    ws.press(ex, 'Close')
    ws.wait_gone(EXPERT)

    # 7. View -> Reload reads the file again, with a new analysis: the table
    #    opened then shows the same handshakes and verdicts.
    ws.menu('View', 'Reload')
    time.sleep(2)
    dlg = ws.open_dialog(('Statistics', 'TFO through NAT'), TABLE)
    check_table(dlg, facts, 'table after View -> Reload')
    ws.press(dlg, 'Close')
    ws.wait_gone(TABLE)


def rows_of_header(tree):
    t = tree.queryTable()
    return [(t.getColumnHeader(c).name if t.getColumnHeader(c) else '') for c in range(t.nColumns)]


def shows_frame(ptree, frame):
    """The packet details show frame |frame| (a first row may be its comments)."""
    return any(r[0].startswith(f'Frame {frame}:') for r in rows_of(ptree)[:2])


def expand_tfo(ws, ptree, frame):
    """Selects the TFO subtree of the shown frame, expands it, returns the rows."""
    wait_for(f'details of frame {frame}', lambda: shows_frame(ptree, frame), 5)
    rows = [r[0] for r in rows_of(ptree)]
    top = [i for i, r in enumerate(rows) if r.startswith('[TFO through NAT: ')]
    if not check(top, f'details of frame {frame}: no TFO through NAT subtree in {rows}'):
        return rows
    click(cell(ptree, top[0]))
    ws.menu('View', 'Expand Subtrees')
    rows = wait_for(f'the TFO subtree of frame {frame} expanded',
                    lambda: (lambda rs: rs if len(rs) > top[0] + 1 else None)([r[0] for r in rows_of(ptree)]), 5)
    log(f'details of frame {frame}: ' + '; '.join(rows[top[0]:top[0] + 12]))
    return rows


def area_down_to(tree, row, max_width=None):
    """The area of |tree| from its top down to its row |row| (when shown)."""
    x, y, w, h = extents(tree)
    cx, cy, cw, ch = extents(cell(tree, row))
    bottom = cy + ch + 6 if y < cy + ch < y + h else y + h
    return x, y, min(w, max_width or w), bottom - y


def stderr_problems(path):
    bad = []
    for line in open(path, errors='replace'):
        if re.search(r'CRITICAL|ERROR|WARNING|Critical|Warning|assert', line) and \
                not any(re.search(p, line) for p in STDERR_NOISE):
            bad.append(line.rstrip())
    return bad


def handshake_rows(dlg):
    tree = find_all(dlg, lambda n: n.getRoleName() == 'tree')[0]
    return tables(tree).get('Handshakes', [])


def live(shots, expect, table_out):
    import json
    facts = read_expect(expect)
    want = int([f for f in facts if f[0] == 'handshakes'][0][1])
    verdicts = {int(f[1]): f[2] for f in facts if f[0] == 'verdict'}
    stderr_path = os.path.join(shots, 'live-wireshark-stderr.txt')
    args = ['-i', 'lan', '-i', 'wan', '-k', '-o', 'gui.ask_unsaved:FALSE', '-o', 'capture.auto_scroll:FALSE']
    print('wireshark ' + ' '.join(args), flush=True)
    ws = Wireshark('lan', args, stderr_path, title_regex='lan.*wan')
    try:
        dlg = ws.open_dialog(('Statistics', 'TFO through NAT'), TABLE)
        ws.place(TABLE, 0, 600, 1560, 250)
        sys.stderr.write('Capturing on lan and wan (Wireshark GUI)\n')   # the lab starts the client
        sys.stderr.flush()
        # The dialog (Qt's SimpleStatisticsDialog) retaps the frames so far
        # and removes its tap listener (simple_statistics_dialog.cpp,
        # fillTree): it does not follow the capture, its Apply refreshes it.
        def applied(n):
            ws.press(dlg, 'Apply')
            time.sleep(1)
            rows = handshake_rows(dlg)
            return rows if len(rows) >= n else None
        rows = wait_for('rows in the dialog while capturing (Apply)', lambda: applied(1), 30, 1)
        check(ws.capturing(), 'the capture stopped by itself')
        log(f'while capturing, Apply: the dialog shows {len(rows)} handshakes: {[r[:2] for r in rows]}')
        rows = wait_for(f'{want} handshakes in the dialog (Apply)', lambda: applied(want), 40, 1)
        log(f'while capturing, Apply: {len(rows)} handshakes: {[r[:2] for r in rows]}')
        # the packet list: a tagged frame, and its subtree
        trees = find_all(ws.main, lambda n: n.getRoleName() == 'tree')
        plist = [t for t in trees if rows_of_header(t)[:1] == ['No.']][0]
        info_col = rows_of_header(plist).index('Info')
        # Until the capture stops the analysis is not finished: as in a
        # single pass, the frame that proves a drop is tagged (and a dropped
        # frame drawn after its proof).
        plrows = rows_of(plist)
        tagged = [r[0] for r in plrows if '[TFO: ' in r[info_col]]
        log(f'while capturing: {len(plrows)} frames, tagged {tagged}')
        check(tagged, 'while capturing: no packet-list row has a [TFO: ...] tag')
        # The subtree of the last tagged frame, while capturing (the list
        # does not scroll by itself: capture.auto_scroll off).
        frame = tagged[-1] if tagged else plrows[-1][0]
        ws.go_to(frame)
        details = [t for t in find_all(ws.main, lambda n: n.getRoleName() == 'tree') if t is not plist]
        ptree = wait_for(f'details of frame {frame}',
                         lambda: next((t for t in details if shows_frame(t, frame)), None), 10)
        rows = [r[0] for r in rows_of(ptree)]
        log(f'while capturing: details of frame {frame}: {[r for r in rows if r.startswith("[TFO")]}')
        check(any(r.startswith('[TFO through NAT: ') for r in rows),
              f'while capturing: no TFO through NAT subtree in the details of frame {frame}: {rows}')
        check(ws.capturing(), 'the capture stopped before the packet list was read')
        shot(os.path.join(shots, 'live-capturing.png'), 0, 0, 1560, 860)
        # the plan is over once nothing came for 3 s
        count, since = -1, time.time()
        while time.time() - since < 3:
            n = plist.queryTable().nRows
            if n != count:
                count, since = n, time.time()
            time.sleep(0.5)
        check(ws.capturing(), 'the capture stopped before Capture -> Stop')
        before = [r[:2] for r in handshake_rows(dlg)]
        ws.menu('Capture', 'Stop')
        wait_for('the capture to stop', lambda: not ws.capturing(), 20)
        time.sleep(1)
        log(f'after Stop ({count} frames): the open dialog shows {[r[:2] for r in handshake_rows(dlg)]}'
            f' (before Stop {before})')
        ws.press(dlg, 'Apply')
        time.sleep(1)
        rows = wait_for('the table after Apply', lambda: handshake_rows(dlg), 10)
        got = {int(r[0]): r[1] for r in rows}
        check(len(got) == want, f'after Stop: {len(got)} handshakes, expected {want}')
        for hs, v in verdicts.items():
            check(got.get(hs) == v, f'after Stop: handshake {hs} verdict {got.get(hs)}, expected {v}')
        log(f'after Stop and Apply: {sorted(got.items())}')
        shot(os.path.join(shots, 'live-statistics-table.png'), *extents(dlg))
        with open(table_out, 'w') as f:
            json.dump([[r[i] for i in GUI_COLUMNS_OF_TEXT_ROW] for r in rows], f)
        ws.press(dlg, 'Close')
    except Gone as e:
        check(False, str(e))
    finally:
        ws.end()
    for line in stderr_problems(stderr_path):
        check(False, f'Wireshark stderr: {line}')
    if failures:
        print(f'FAIL: {len(failures)} problem(s)')
        return 1
    print('ok: a live capture on lan and wan shows rows (Apply) while capturing, '
          'and the final table after Stop')
    return 0


def main():
    if sys.argv[2:3] == ['--live']:
        pyatspi.Registry.getDesktop(0)
        return live(sys.argv[1], sys.argv[3], sys.argv[4])
    shots, pairs = sys.argv[1], sys.argv[2:]
    if not pairs or len(pairs) % 2:
        raise SystemExit(__doc__)
    pyatspi.Registry.getDesktop(0)  # starts the accessibility bus before Qt looks for it
    for n, (capture, expect) in enumerate(zip(pairs[::2], pairs[1::2])):
        facts = read_expect(expect)
        dropped = [f[1] for f in facts if f[0] == 'dropped']
        prefix = '' if n == 0 else os.path.splitext(os.path.basename(capture))[0] + '-'
        stderr_path = os.path.join(shots, prefix + 'wireshark-stderr.txt')
        # Later captures pass the table a display filter that keeps every
        # handshake ("tfo"): -z tfo,nat,FILTER must fill the dialog's filter.
        table_filter = '' if n == 0 else 'tfo'
        args = (['-g', dropped[0]] if dropped else []) + ['-z', 'tfo,nat' + (',' + table_filter if table_filter else '')]
        print(f'wireshark -r {os.path.basename(capture)} {" ".join(args)}', flush=True)
        ws = Wireshark(capture, args, stderr_path)
        try:
            check_capture(ws, facts, shots, prefix, dropped[0] if dropped else None, table_filter)
            if n == 0:
                ab = ws.open_dialog(('Help', 'About Wireshark'), ABOUT)
                # Plugin names are in the first column.
                names = [name for t in find_all(ab, lambda x: x.getRoleName() == 'tree')
                         for name in (cell(t, r).name or '' for r in range(t.queryTable().nRows))
                         if name.endswith('.so')]
                check('tfo_nat.so' in names, f'Help -> About -> Plugins lists {names}, not tfo_nat.so')
                log(f'About -> Plugins: {names}')
                ws.press(ab, 'OK')
                ws.wait_gone(ABOUT)
        except Gone as e:
            check(False, str(e))
        finally:
            if not ws.end():
                check(False, f'Wireshark ended by itself (status {ws.proc.returncode})')
        for line in stderr_problems(stderr_path):
            check(False, f'Wireshark stderr: {line}')
    if failures:
        print(f'FAIL: {len(failures)} problem(s)')
        return 1
    print('ok: Wireshark GUI shows the plugin\'s table, tags, details and expert items')
    return 0


if __name__ == '__main__':
    sys.exit(main())
