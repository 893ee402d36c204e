# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared set-up for Stackscope's GUI tests, which drive the real binary through AT-SPI.

A test script calls bootstrap() first.  In the outer stage (run by meson) it checks the
tools, starts its own Xvfb on a free display (-displayfd, so tests can run in parallel),
makes a private HOME and XDG directories in a temporary folder, and runs the same script
again inside dbus-run-session (a private session bus, on which the AT-SPI bus is started
on demand).  In the inner stage bootstrap() returns and the script imports pyatspi.
Exit status 77 tells meson the test was skipped.
"""

import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77
PYTHON = '/usr/bin/python3'   # Debian's python3-pyatspi lives there, not in a pyenv


def skip(why):
    print('SKIP: ' + why, flush=True)
    sys.exit(SKIP)


def testdata(*parts):
    """A path in ../shared/testdata (or $SC_TESTDATA), or a skip when it is absent."""
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.environ.get('SC_TESTDATA') or os.path.join(here, '..', '..', '..', 'shared',
                                                         'testdata')
    path = os.path.normpath(os.path.join(root, *parts))
    if not os.path.exists(path):
        skip('real test data %s is absent (see ../shared/testdata)' % path)
    return path


def _start_xvfb(tmp):
    read_fd, write_fd = os.pipe()
    log = open(os.path.join(tmp, 'xvfb.log'), 'wb')
    xvfb = subprocess.Popen(['Xvfb', '-displayfd', str(write_fd), '-screen', '0', '1280x860x24',
                             '-nolisten', 'tcp', '-noreset'],
                            pass_fds=(write_fd,), stdout=log, stderr=log)
    os.close(write_fd)
    display = b''
    end = time.monotonic() + 20
    while not display.endswith(b'\n') and time.monotonic() < end:
        ready, _, _ = select.select([read_fd], [], [], 0.2)
        if ready:
            chunk = os.read(read_fd, 64)
            if not chunk:
                break
            display += chunk
    os.close(read_fd)
    if not display.strip():
        xvfb.kill()
        with open(os.path.join(tmp, 'xvfb.log'), errors='replace') as f:
            print('Xvfb did not start:\n' + f.read(), flush=True)
        sys.exit(1)
    return xvfb, ':' + display.decode().strip()


pyatspi = None   # imported in the inner stage, once the session bus exists


def bootstrap():
    global pyatspi
    if os.environ.get('SCGUI_INNER') == '1':
        import pyatspi as module
        pyatspi = module
        return
    for tool in ('Xvfb', 'dbus-run-session', PYTHON):
        if not shutil.which(tool):
            skip(tool + ' is not installed')
    if subprocess.run([PYTHON, '-c', 'import pyatspi'], capture_output=True).returncode != 0:
        skip('python3-pyatspi is not installed')

    tmp = tempfile.mkdtemp(prefix='scgui-')
    xvfb = None

    def terminate(signum, frame):
        raise SystemExit(1)

    signal.signal(signal.SIGTERM, terminate)
    try:
        xvfb, display = _start_xvfb(tmp)
        env = dict(os.environ)
        for var in ('WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'AT_SPI_BUS_ADDRESS',
                    'SESSION_MANAGER', 'XAUTHORITY'):
            env.pop(var, None)
        home = os.path.join(tmp, 'home')
        env.update({
            'SCGUI_INNER': '1',
            'SCGUI_TMP': tmp,
            'DISPLAY': display,
            'GDK_BACKEND': 'x11',
            'GTK_A11Y': 'atspi',
            'NO_AT_BRIDGE': '0',
            'GTK_USE_PORTAL': '0',
            'GSETTINGS_BACKEND': 'memory',
            'HOME': home,
            'XDG_CONFIG_HOME': os.path.join(home, '.config'),
            'XDG_DATA_HOME': os.path.join(home, '.local', 'share'),
            'XDG_CACHE_HOME': os.path.join(home, '.cache'),
            'XDG_STATE_HOME': os.path.join(home, '.local', 'state'),
            'XDG_RUNTIME_DIR': os.path.join(tmp, 'runtime'),
            # the names the tests look for are the untranslated ones
            'LANGUAGE': 'en',
            'LC_ALL': 'C.UTF-8',
            'LANG': 'C.UTF-8',
        })
        for var in ('XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME'):
            os.makedirs(env[var], exist_ok=True)
        os.makedirs(env['XDG_RUNTIME_DIR'], mode=0o700, exist_ok=True)

        inner = subprocess.Popen(['dbus-run-session', '--', PYTHON] + sys.argv, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 errors='replace')
        for line in inner.stdout:
            # the session bus and the AT-SPI registry chatter about activation
            # and GTK warns that X11 gives no screen coordinates (the windows sit at 0,0)
            if (not line.strip() or 'dbus-daemon[' in line or 'SpiRegistry daemon' in line or
                    'Screen coordinates not supported' in line or
                    'Error in GetItems' in line):
                continue
            sys.stdout.write(line)
            sys.stdout.flush()
        rc = inner.wait()
    finally:
        if xvfb is not None:
            xvfb.terminate()
            try:
                xvfb.wait(timeout=5)
            except subprocess.TimeoutExpired:
                xvfb.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(rc)


# Inner stage: the accessibility tree

class Failure(Exception):
    pass


def log(text):
    print(text, flush=True)


def check(ok, what):
    if not ok:
        raise Failure(what)
    log('ok     ' + what)


_pumps = []


def wait_for(what, func, timeout=20, interval=0.1):
    """Polls func until it gives a true value, which it returns; fails after timeout."""
    end = time.monotonic() + timeout
    while True:
        for pump in _pumps:
            pump()
        try:
            value = func()
        except Failure:
            raise
        except Exception:   # a node that went away while we looked at it
            value = None
        if value:
            return value
        if time.monotonic() > end:
            raise Failure('timed out after %gs waiting for %s' % (timeout, what))
        time.sleep(interval)


def walk(acc, depth=0, showing_only=False):
    if acc is None or depth > 80:
        return
    if showing_only and depth > 0:
        try:
            if not acc.getState().contains(pyatspi.STATE_SHOWING):
                return
        except Exception:
            return
    yield acc
    try:
        n = acc.childCount
    except Exception:
        return
    for i in range(n):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1, showing_only)


def role(acc):
    try:
        return acc.getRole()
    except Exception:
        return None


def text_of(acc):
    try:
        t = acc.queryText()
        return t.getText(0, t.characterCount)
    except Exception:
        try:
            return acc.name or ''
        except Exception:
            return ''


def find(root, roles, name=None, match=None):
    """The first node under root with one of the roles and the accessible name (or for
    which match(node) is true)."""
    if not isinstance(roles, (tuple, list, set)):
        roles = (roles,)
    for a in walk(root):
        if role(a) in roles and (name is None or a.name == name) and (match is None or match(a)):
            return a
    return None


def find_all(root, roles):
    if not isinstance(roles, (tuple, list, set)):
        roles = (roles,)
    return [a for a in walk(root) if role(a) in roles]


def labels(root):
    return [text_of(a) for a in walk(root) if role(a) == pyatspi.ROLE_LABEL]


def label_matching(root, pattern):
    """The text of the first label under root that matches a regular expression."""
    import re
    rx = re.compile(pattern)
    for t in labels(root):
        if rx.search(t):
            return t
    return None


# The test data the scenarios share (../shared/testdata)
GOLGI = ('zstack-16bit-golgi', 'xyz_calibrated_16bit__golgi_bfa.tif')
GOLGI_NAME = GOLGI[1]


def named(name):
    """Matches an accessible name.  GTK 4.8 names a button that has both a text label and an
    accessible label by both ("Auto contrast Auto"), so the name may go on after a space."""
    def match(acc):
        n = acc.name or ''
        return n == name or n.startswith(name + ' ')
    return match


def button(root, name):
    return find(root, (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON),
                match=named(name))


def wait_button(root, name, timeout=20):
    return wait_for('the button "%s"' % name, lambda: button(root, name), timeout)


def slider(root, name):
    return find(root, pyatspi.ROLE_SLIDER, name)


def value_of(acc):
    return acc.queryValue().currentValue


def spin_value(root, name):
    spin = find(root, pyatspi.ROLE_SPIN_BUTTON, name)
    if spin is None:
        raise Failure('no spin button named "%s"' % name)
    return value_of(spin)


def z_label(window):
    return label_matching(window, r'^z \d+/\d+')


def click(acc):
    """Activates a control through its action interface, as a screen reader would (a menu
    button's action sits on the toggle button inside it)."""
    for node in walk(acc):
        try:
            action = node.queryAction()
            if action.nActions > 0:
                break
        except NotImplementedError:
            continue
    else:
        raise Failure('%s "%s" has no action' % (acc.getRoleName(), acc.name))
    for i in range(action.nActions):
        if action.getName(i) in ('click', 'press', 'activate', 'toggle'):
            action.doAction(i)
            return
    action.doAction(0)


# X keysyms of the keys the tests press; modifiers are X modifier masks
KEYSYMS = {
    'Return': 0xff0d, 'Escape': 0xff1b, 'Tab': 0xff09, 'space': 0x20, 'BackSpace': 0xff08,
    'Page_Up': 0xff55, 'Page_Down': 0xff56, 'Home': 0xff50, 'End': 0xff57,
    'Up': 0xff52, 'Down': 0xff54, 'Left': 0xff51, 'Right': 0xff53,
}
MODIFIERS = {'shift': 1 << 0, 'ctrl': 1 << 2, 'alt': 1 << 3}


def key(keyname, modifiers=()):
    """Presses a key (an X keysym name such as 'Page_Down', or one character) with the
    modifiers ('ctrl', 'shift', 'alt') held, through the X server like a keyboard."""
    sym = KEYSYMS.get(keyname) or ord(keyname)
    mask = 0
    for m in modifiers:
        mask |= MODIFIERS[m]
    if mask:
        pyatspi.Registry.generateKeyboardEvent(mask, None, pyatspi.KEY_LOCKMODIFIERS)
    try:
        pyatspi.Registry.generateKeyboardEvent(sym, None, pyatspi.KEY_SYM)
    finally:
        if mask:
            pyatspi.Registry.generateKeyboardEvent(mask, None, pyatspi.KEY_UNLOCKMODIFIERS)


def pointer_to(acc):
    """Moves the pointer over the middle of a node (X gives the keyboard to the window
    under the pointer when no window manager runs)."""
    # GTK puts a new window's accessible on the bus in an idle after the window shows, so
    # its interfaces may answer a moment after its name does
    def extents():
        try:
            return acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        except NotImplementedError:
            return None
    ext = wait_for('the on-screen extents of %s' % acc.name, extents, timeout=10, interval=0.05)
    x, y = ext.x + ext.width // 2, ext.y + ext.height // 2
    pyatspi.Registry.generateMouseEvent(x, y, 'abs')
    return x, y


def wheel(acc, clicks, modifiers=()):
    """Turns the mouse wheel over the middle of a node: positive clicks towards the user
    (X buttons 5, "down"), negative away (button 4), with the modifiers held."""
    x, y = pointer_to(acc)
    mask = 0
    for m in modifiers:
        mask |= MODIFIERS[m]
    if mask:
        pyatspi.Registry.generateKeyboardEvent(mask, None, pyatspi.KEY_LOCKMODIFIERS)
    try:
        for _ in range(abs(clicks)):
            pyatspi.Registry.generateMouseEvent(x, y, 'b5c' if clicks > 0 else 'b4c')
    finally:
        if mask:
            pyatspi.Registry.generateKeyboardEvent(mask, None, pyatspi.KEY_UNLOCKMODIFIERS)


def type_text(text):
    pyatspi.Registry.generateKeyboardEvent(0, text, pyatspi.KEY_STRING)


class EventLog:
    """Records AT-SPI events of one type (e.g. 'object:property-change:accessible-value') as
    (role, name, value) while wait_for() polls: what a screen reader hears."""

    def __init__(self, event_type):
        from gi.repository import GLib
        self.context = GLib.MainContext.default()
        self.events = []
        pyatspi.Registry.registerEventListener(self._on_event, event_type)
        _pumps.append(self.pump)

    def _on_event(self, event):
        try:
            src = event.source
            value = None
            try:
                value = src.queryValue().currentValue
            except Exception:
                pass
            self.events.append((src.getRole(), src.name, value))
        except Exception:
            pass

    def pump(self):
        while self.context.iteration(False):
            pass


class App:
    """The application under test, started on the test's own display and session bus."""

    def __init__(self, binary, args=(), out_dir=None):
        self.out_dir = out_dir
        # SCGUI_APP_LOG: a file that takes the application's output (GLib prints debug
        # messages on stdout, warnings on stderr)
        log_path = os.environ.get('SCGUI_APP_LOG')
        log_file = open(log_path, 'w') if log_path else None
        self.proc = subprocess.Popen([binary] + list(args), stdout=log_file,
                                     stderr=subprocess.STDOUT if log_file else None)
        self.acc = wait_for('the application on the accessibility bus', self._find, timeout=60)

    def _find(self):
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if app is not None and app.get_process_id() == self.proc.pid:
                    return app
            except Exception:
                continue
        if self.proc.poll() is not None:
            raise Failure('the application exited with status %d' % self.proc.returncode)
        return None

    def windows(self):
        return [self.acc.getChildAtIndex(i) for i in range(self.acc.childCount)]

    def window(self, name=None, match=None):
        for w in self.windows():
            if w is not None and (name is None or w.name == name) and (match is None or match(w)):
                return w
        return None

    def main_window(self):
        return wait_for('the main window', lambda: self.windows()[0] if self.windows() else None)

    def alive(self):
        return self.proc.poll() is None

    def screenshot(self, name):
        if self.out_dir is None or not shutil.which('import'):
            return None
        os.makedirs(self.out_dir, exist_ok=True)
        path = os.path.join(self.out_dir, name + '.png')
        subprocess.run(['import', '-window', 'root', path], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        log('screenshot: ' + path)
        return path

    def quit(self, timeout=20):
        """Ends the application with SIGTERM, on which it closes its windows and exits
        through its normal path; returns its exit status (a sanitizer's report, or a crash
        while closing, makes it non-zero), or None where it had to be killed."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return None
        return self.proc.returncode



# Driving the viewer

def open_through_dialog(app, window, path, how='button'):
    """Opens a file with the Open dialog: GtkFileChooserNative shows GTK's own dialog when no
    portal runs; Ctrl+L gives its location entry, where the path is typed."""
    if how == 'button':
        click(wait_button(window, 'Open'))
    else:
        pointer_to(window)
        key('o', ['ctrl'])
    dialog = wait_for('the Open dialog', lambda: app.window('Open a Stack'))
    pointer_to(dialog)
    key('l', ['ctrl'])
    entry = wait_for('the location entry', lambda: find(
        dialog, (pyatspi.ROLE_ENTRY, pyatspi.ROLE_TEXT),
        match=lambda a: a.getState().contains(pyatspi.STATE_FOCUSED)))
    type_text(path)
    wait_for('the typed path in the location entry', lambda: text_of(entry) == path, timeout=10)
    click(find(dialog, pyatspi.ROLE_PUSH_BUTTON, match=lambda a: (a.name or '').endswith('Open')))
    try:
        wait_for('the Open dialog to close', lambda: app.window('Open a Stack') is None,
                 timeout=10)
    except Failure:
        # GTK 4.8's chooser let a press of Open go by with the typed path in its entry and
        # the dialog still up (twice in this stop's six runs of e2e-discard-question, after
        # an export): a user presses it again
        log('the Open dialog is still up 10 s after Open: pressing Open again')
        click(find(dialog, pyatspi.ROLE_PUSH_BUTTON,
                   match=lambda a: (a.name or '').endswith('Open')))
        wait_for('the Open dialog to close', lambda: app.window('Open a Stack') is None)


def title_is(window, name):
    return window.name == name and any(t == name for t in labels(window))


def export_through_dialog(app, window, modifiers, title, path, opener=None):
    """Opens the save dialog "title" with Ctrl(+Shift)+E (or by calling opener), types path
    over the suggested name and presses Export; returns once the dialog has closed."""
    pointer_to(window)
    if opener is not None:
        opener()
    else:
        key('e', modifiers)
    dialog = wait_for('the %s dialog' % title, lambda: app.window(title))
    pointer_to(dialog)
    entry = wait_for('the file name entry', lambda: find(
        dialog, (pyatspi.ROLE_ENTRY, pyatspi.ROLE_TEXT),
        match=lambda a: a.getState().contains(pyatspi.STATE_FOCUSED)))
    log('suggested name: %r' % text_of(entry))
    key('a', ['ctrl'])
    type_text(path)
    wait_for('the typed path', lambda: text_of(entry) == path, timeout=10)
    click(find(dialog, pyatspi.ROLE_PUSH_BUTTON, match=lambda a: (a.name or '').endswith('Export')))
    wait_for('the dialog to close', lambda: app.window(title) is None)


def run_projection(window, result):
    """Presses Project and waits for the result view to open."""
    project = wait_button(window, 'Project')
    click(project)
    wait_for('the result "%s"' % result, lambda: title_is(window, result), timeout=60)


def tabs_of(window):
    """The tabs over the plane view."""
    strip = find(window, pyatspi.ROLE_PAGE_TAB_LIST)
    return find_all(strip, pyatspi.ROLE_PAGE_TAB) if strip is not None else []


def combo_text(combo):
    """The item a drop-down shows: the last label of its button."""
    texts = [text_of(a) for a in walk(find(combo, pyatspi.ROLE_PUSH_BUTTON)) if role(a) == pyatspi.ROLE_LABEL]
    texts = [t for t in texts if t and t != '(None)']
    return texts[-1] if texts else None


def choose(app, window, combo_name, item):
    """Opens a drop-down and picks an item with the arrow keys and Return, as a keyboard user
    would; AT-SPI names each item by its label."""
    combo = wait_for('the drop-down "%s"' % combo_name,
                     lambda: find(window, pyatspi.ROLE_COMBO_BOX, combo_name))
    click(find(combo, pyatspi.ROLE_PUSH_BUTTON))
    lst = wait_for('the list of "%s"' % combo_name, lambda: find(combo, pyatspi.ROLE_LIST))
    items = wait_for('the items of "%s"' % combo_name, lambda: find_all(lst, pyatspi.ROLE_LIST_ITEM))
    names = [text_of(find(i, pyatspi.ROLE_LABEL)) for i in items]
    check(item in names, '"%s" offers %s (all: %s)' % (combo_name, item, ', '.join(names)))
    pointer_to(window)

    def focused():
        for i, it in enumerate(items):
            if it.getState().contains(pyatspi.STATE_FOCUSED):
                return i
        return None
    start = wait_for('a focused item in "%s"' % combo_name, lambda: focused() is not None)
    start = focused()
    target = names.index(item)
    for _ in range(abs(target - start)):
        key('Down' if target > start else 'Up')
    wait_for('"%s" focused in the list' % item, lambda: focused() == target, timeout=10)
    key('Return')
    wait_for('the drop-down "%s" to show %s' % (combo_name, item),
             lambda: combo_text(combo) == item, timeout=10)


def dump(root, depth=0, out=None):
    """The tree under root as indented lines: role, name, text (for debugging)."""
    lines = []
    def rec(a, d):
        try:
            r = a.getRoleName()
            n = a.name
        except Exception:
            return
        t = text_of(a) if role(a) in (pyatspi.ROLE_LABEL, pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY) else ''
        lines.append('  ' * d + '%s %r %r' % (r, n, t if t != n else ''))
        for i in range(a.childCount):
            try:
                rec(a.getChildAtIndex(i), d + 1)
            except Exception:
                pass
    rec(root, depth)
    return '\n'.join(lines)


# Files

def read_png(path):
    """(width, height, channels, bit depth, rows as bytes) of a non-interlaced PNG, in pure
    Python (zlib and the five row filters), so that no imaging library is needed."""
    import struct
    import zlib
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise Failure('%s is not a PNG file' % path)
    pos, idat, palette = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            width, height, depth, color, _, _, interlace = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat.append(body)
        elif kind == b'PLTE':
            palette = body
        pos += 12 + length
    if interlace:
        raise Failure('%s is interlaced' % path)
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color]
    bpp = max(1, channels * depth // 8)
    stride = (width * channels * depth + 7) // 8
    raw = zlib.decompress(b''.join(idat))
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                row[i] = (row[i] + a) & 0xff
            elif ftype == 2:
                row[i] = (row[i] + b) & 0xff
            elif ftype == 3:
                row[i] = (row[i] + (a + b) // 2) & 0xff
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xff
        rows.append(bytes(row))
        prev = row
    if palette is not None:   # expand to RGB so that files written either way compare
        rows = [b''.join(palette[3 * v:3 * v + 3] for v in r) for r in rows]
        channels = 3
    return width, height, channels, depth, rows


def write_tiff(path, width, height, planes, seed=1, description=None):
    """A multipage little-endian uncompressed 16-bit TIFF of noise.  Its pages share one
    strip of pixel data, so that a stack of gigabytes takes megabytes on disk and a
    moment to write, yet a reader reads (and a projection works through) every page.
    A description (an ImageJ header, say) goes in the first page's ImageDescription."""
    import random
    import struct
    rng = random.Random(seed)
    plane_bytes = width * height * 2
    block = bytes(rng.getrandbits(8) for _ in range(65536))
    text = (description.encode('ascii') + b'\x00') if description else b''
    text += b'\x00' * (len(text) % 2)   # the IFDs start on a word boundary
    data_offset = 8
    with open(path, 'wb') as f:
        f.write(b'II*\x00' + struct.pack('<I', data_offset + plane_bytes + len(text)))
        f.write((block * (plane_bytes // len(block) + 1))[:plane_bytes])
        f.write(text)
        offset = data_offset + plane_bytes + len(text)
        for i in range(planes):
            entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 16),
                       (259, 3, 1, 1), (262, 3, 1, 1), (273, 4, 1, data_offset),
                       (278, 4, 1, height), (279, 4, 1, plane_bytes)]
            if i == 0 and text:
                entries.insert(5, (270, 2, len(text), data_offset + plane_bytes))
            tags = len(entries)
            ifd_size = 2 + tags * 12 + 4
            next_ifd = offset + ifd_size if i + 1 < planes else 0
            ifd = struct.pack('<H', tags)
            for tag, kind, count, value in entries:
                if kind == 3:
                    ifd += struct.pack('<HHIHH', tag, kind, count, value, 0)
                else:
                    ifd += struct.pack('<HHII', tag, kind, count, value)
            ifd += struct.pack('<I', next_ifd)
            f.write(ifd)
            offset = next_ifd


def ome_position_value(p, t, x, y):
    """Pixel (x, y) of position p at time t in write_ome_positions(): its own range, and
    stripes of its own slant, so that the positions look different too."""
    return 10000 * p + 100 * t + ((3 * x + y) if p % 2 == 0 else (x + 3 * y)) % 97


def write_ome_positions(path, width, height, positions, frames):
    """A Micro-Manager-like OME-TIFF: positions Images ("Pos0", "Pos1", ...) of frames time
    points each, 16-bit, little-endian, one page per plane with the time points outermost
    (page positions * t + p), each plane a TiffData with IFD, PlaneCount and a UUID naming
    the file; pixel (x, y) of position p at time t is ome_position_value(p, t, x, y)."""
    import struct
    uuid = 'urn:uuid:5d2f3c3e-0000-4000-8000-00000000a11e'
    name = os.path.basename(path)
    xml = ['<?xml version="1.0" encoding="UTF-8"?>'
           '<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" UUID="%s">' % uuid]
    for p in range(positions):
        xml.append('<Image ID="Image:%d" Name="Pos%d"><Pixels ID="Pixels:%d" DimensionOrder="XYCZT"'
                   ' Type="uint16" SizeX="%d" SizeY="%d" SizeC="1" SizeZ="1" SizeT="%d">'
                   '<Channel ID="Channel:%d:0" Name="GFP" SamplesPerPixel="1"/>'
                   % (p, p, p, width, height, frames, p))
        for t in range(frames):
            xml.append('<TiffData FirstC="0" FirstT="%d" FirstZ="0" IFD="%d" PlaneCount="1">'
                       '<UUID FileName="%s">%s</UUID></TiffData>' % (t, positions * t + p, name, uuid))
        xml.append('</Pixels></Image>')
    xml.append('</OME>')
    text = ''.join(xml).encode('ascii') + b'\x00'
    text += b'\x00' * (len(text) % 2)
    plane_bytes = width * height * 2
    with open(path, 'wb') as f:
        f.write(b'II*\x00' + struct.pack('<I', 0))
        f.write(text)
        text_offset = 8
        first_ifd = None
        prev_next = 4   # where the offset of the next IFD goes
        for t in range(frames):
            for p in range(positions):
                data_offset = f.tell()
                f.write(b''.join(struct.pack('<H', ome_position_value(p, t, x, y))
                                 for y in range(height) for x in range(width)))
                ifd_offset = f.tell()
                entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 16),
                           (259, 3, 1, 1), (262, 3, 1, 1), (273, 4, 1, data_offset),
                           (278, 4, 1, height), (279, 4, 1, plane_bytes)]
                if first_ifd is None:
                    entries.insert(5, (270, 2, len(text), text_offset))
                    first_ifd = ifd_offset
                ifd = struct.pack('<H', len(entries))
                for tag, kind, count, value in entries:
                    if kind == 3:
                        ifd += struct.pack('<HHIHH', tag, kind, count, value, 0)
                    else:
                        ifd += struct.pack('<HHII', tag, kind, count, value)
                f.write(ifd)
                here = f.tell()
                f.write(struct.pack('<I', 0))
                f.seek(prev_next)
                f.write(struct.pack('<I', ifd_offset))
                f.seek(0, 2)
                prev_next = here


def strip_offset(path, page=0):
    """The file offset of the pixels of page (from 0) of a classic TIFF with one strip a page."""
    import struct
    with open(path, 'rb') as f:
        data = f.read()
    end = '<' if data[:2] == b'II' else '>'
    offset = struct.unpack(end + 'I', data[4:8])[0]
    for _ in range(page):
        n = struct.unpack(end + 'H', data[offset:offset + 2])[0]
        offset = struct.unpack(end + 'I', data[offset + 2 + 12 * n:offset + 6 + 12 * n])[0]
    n = struct.unpack(end + 'H', data[offset:offset + 2])[0]
    for i in range(n):
        e = data[offset + 2 + 12 * i:offset + 14 + 12 * i]
        tag, kind = struct.unpack(end + 'HH', e[:4])
        if tag == 273:
            return struct.unpack(end + ('H' if kind == 3 else 'I'), e[8:10] if kind == 3 else e[8:12])[0]
    raise Failure('%s: page %d has no strip offsets' % (path, page))
