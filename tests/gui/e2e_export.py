# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end scenarios of projections and exports (issue 13, items 4, 15 and 16), run by
test-e2e.py: a single plane offers no projection and says why; a stack of one slice and
several time points is projected over time; a projection exported as PNG at 2x through the
dialog is the 1x image enlarged, and the next export starts in the folder of the last."""

import os
import struct
import time

import scgui
from scgui import combo_text
from scgui import GOLGI, GOLGI_NAME, check, find, find_all, key, label_matching, log, text_of
from scgui import type_text, wait_button, wait_for, walk

P = scgui.pyatspi
RGB_CELLS = ('rgb-cells', 'xy_rgb__cells.tif')
NOTHING_TO_PROJECT = 'A single plane has nothing to project'

# 1 slice x 6 time points of 64 x 48, an ImageJ hyperstack; frame t holds
# t * 1000 + (7x + 13y) % 200, so that its maximum over time is frame 6's 5000..5199
TIMELAPSE_NAME = 'timelapse.tif'
TIMELAPSE_FRAMES, TIMELAPSE_W, TIMELAPSE_H = 6, 64, 48


def sensitive(acc):
    return acc.getState().contains(P.STATE_SENSITIVE)


def visible(acc):
    # GTK 4.8 gives labels VISIBLE, never SHOWING
    return acc.getState().contains(P.STATE_VISIBLE)


def tab_count(window):
    strip = find(window, P.ROLE_PAGE_TAB_LIST)
    return len(find_all(strip, P.ROLE_PAGE_TAB)) if strip is not None else 0


def label_node(root, pattern):
    """The first label under root whose text matches pattern (a regular expression)."""
    import re
    rx = re.compile(pattern)
    for a in walk(root):
        if scgui.role(a) == P.ROLE_LABEL and rx.search(text_of(a)):
            return a
    return None


def png_size(path):
    """(width, height) from the PNG's own IHDR chunk, read with struct."""
    with open(path, 'rb') as f:
        head = f.read(24)
    check(head[:8] == b'\x89PNG\r\n\x1a\n' and head[12:16] == b'IHDR',
          '%s starts as a PNG with its IHDR' % os.path.basename(path))
    return struct.unpack('>II', head[16:24])


def write_timelapse(path):
    """A little-endian 16-bit ImageJ hyperstack of one slice and TIMELAPSE_FRAMES frames,
    each frame its own strip."""
    w, h, n = TIMELAPSE_W, TIMELAPSE_H, TIMELAPSE_FRAMES
    text = ('ImageJ=1.53t\nimages=%d\nframes=%d\nhyperstack=true\nmode=grayscale\n'
            % (n, n)).encode('ascii') + b'\x00'
    text += b'\x00' * (len(text) % 2)
    plane_bytes = w * h * 2
    planes = b''.join(struct.pack('<%dH' % (w * h), *[t * 1000 + (7 * x + 13 * y) % 200
                                                        for y in range(h) for x in range(w)])
                      for t in range(n))
    data_offset = 8
    text_offset = data_offset + len(planes)
    offset = text_offset + len(text)
    with open(path, 'wb') as f:
        f.write(b'II*\x00' + struct.pack('<I', offset))
        f.write(planes)
        f.write(text)
        for i in range(n):
            entries = [(256, 4, 1, w), (257, 4, 1, h), (258, 3, 1, 16), (259, 3, 1, 1),
                       (262, 3, 1, 1), (273, 4, 1, data_offset + i * plane_bytes),
                       (278, 4, 1, h), (279, 4, 1, plane_bytes)]
            if i == 0:
                entries.insert(5, (270, 2, len(text), text_offset))
            next_ifd = offset + 2 + 12 * len(entries) + 4 if i + 1 < n else 0
            ifd = struct.pack('<H', len(entries))
            for tag, kind, count, value in entries:
                if kind == 3:
                    ifd += struct.pack('<HHIHH', tag, kind, count, value, 0)
                else:
                    ifd += struct.pack('<HHII', tag, kind, count, value)
            f.write(ifd + struct.pack('<I', next_ifd))
            offset = next_ifd


def make_timelapse():
    path = os.path.join(os.environ['SCGUI_TMP'], 'tl', TIMELAPSE_NAME)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    write_timelapse(path)
    return [path]


def combo_offering(root, item):
    """The drop-down under root that offers item (the file chooser names its choices by a
    label beside them, not on the drop-down)."""
    for combo in find_all(root, P.ROLE_COMBO_BOX):
        if any(text_of(a) == item for a in walk(combo) if scgui.role(a) == P.ROLE_LABEL):
            return combo
    return None


def choose_item(window, combo, item):
    """Opens a drop-down and picks an item with the arrow keys and Return, as a keyboard
    user would."""
    scgui.click(find(combo, P.ROLE_PUSH_BUTTON))
    lst = wait_for('the drop-down\'s list', lambda: find(combo, P.ROLE_LIST))
    items = wait_for('the drop-down\'s items', lambda: find_all(lst, P.ROLE_LIST_ITEM))
    names = [text_of(find(i, P.ROLE_LABEL)) for i in items]
    check(item in names, 'the drop-down offers %s (all: %s)' % (item, ', '.join(names)))
    scgui.pointer_to(window)

    def focused():
        for i, it in enumerate(items):
            if it.getState().contains(P.STATE_FOCUSED):
                return i
        return None
    wait_for('a focused item', lambda: focused() is not None)
    start, target = focused(), names.index(item)
    for _ in range(abs(target - start)):
        key('Down' if target > start else 'Up')
    wait_for('"%s" focused in the list' % item, lambda: focused() == target, timeout=10)
    key('Return')
    wait_for('the drop-down to show %s' % item, lambda: combo_text(combo) == item, timeout=10)


def save_dialog(app, window, title):
    scgui.pointer_to(window)
    key('e', ['ctrl'])
    dialog = wait_for('the %s dialog' % title, lambda: app.window(title))
    scgui.pointer_to(dialog)
    entry = wait_for('the file name entry', lambda: find(
        dialog, (P.ROLE_ENTRY, P.ROLE_TEXT),
        match=lambda a: a.getState().contains(P.STATE_FOCUSED)))
    return dialog, entry


def type_name(entry, name):
    """Types name over the suggested one in the focused name entry."""
    key('a', ['ctrl'])
    type_text(name)
    wait_for('the typed name', lambda: text_of(entry) == name, timeout=10)


def press_export(app, dialog, title):
    scgui.click(find(dialog, P.ROLE_PUSH_BUTTON, match=lambda a: (a.name or '').endswith('Export')))
    wait_for('the dialog to close', lambda: app.window(title) is None)


def check_blocks(path, w, h, f):
    """The PNG at path is f times w x h, each f x f block one colour."""
    pw, ph, channels, depth, rows = scgui.read_png(path)
    check((pw, ph) == (f * w, f * h), 'pixels: %d × %d = %d× %d × %d' % (pw, ph, f, w, h))
    bpp = channels * depth // 8
    odd = 0
    for y in range(ph):
        row, top = rows[y], rows[y - y % f]
        for x in range(pw):
            if row[x * bpp:(x + 1) * bpp] != top[(x - x % f) * bpp:(x - x % f + 1) * bpp]:
                odd += 1
    check(odd == 0, 'each %d × %d block of the file is one data pixel (%d pixels differ)'
          % (f, f, odd))
    distinct = len({rows[y][x * bpp:(x + 1) * bpp] for y in range(0, ph, f)
                    for x in range(0, pw, f)})
    check(distinct > 50, 'the blocks are the image, not one colour (%d colours)' % distinct)


# Scenarios

def scenario_single_plane(app):
    """A single RGB image: the Project button is insensitive, the panel says that a single
    plane has nothing to project, and Ctrl+P opens no tab."""
    window = app.main_window()
    name = RGB_CELLS[1]
    wait_for('the image', lambda: window.name == name)
    project = wait_button(window, 'Project')
    wait_for('the Project button to turn insensitive', lambda: not sensitive(project))
    check(True, 'the Project button is insensitive')
    why = wait_for('the explanation', lambda: label_node(window, '^' + NOTHING_TO_PROJECT + '$'))
    check(visible(why), 'the panel shows "%s"' % NOTHING_TO_PROJECT)
    check(project.description == NOTHING_TO_PROJECT,
          'its tooltip says why (%r)' % project.description)
    method = find(window, P.ROLE_COMBO_BOX, 'Projection method')
    check(method is not None and not sensitive(method), 'the method drop-down is insensitive')
    tabs = tab_count(window)
    scgui.pointer_to(window)
    key('p', ['ctrl'])
    time.sleep(1)
    check(tab_count(window) == tabs and window.name == name, 'Ctrl+P opens no projection')
    app.screenshot('e2e-single-plane')


def scenario_time_projection(app):
    """One slice and 6 time points: the panel projects over time and says so; the maximum
    is the last frame's 5000 .. 5199."""
    window = app.main_window()
    wait_for('the stack', lambda: window.name == TIMELAPSE_NAME)
    project = wait_button(window, 'Project')
    wait_for('the Project button to be sensitive', lambda: sensitive(project))
    check(True, 'a stack of one slice and several time points offers a projection')
    status = 'Projects the %d time points of %s' % (TIMELAPSE_FRAMES, TIMELAPSE_NAME)
    wait_for('"%s"' % status, lambda: label_node(window, '^' + status + '$'))
    check(True, 'the panel says "%s"' % status)
    check(label_node(window, '^Time points$') is not None, 'its range is of time points')
    last = find(window, P.ROLE_SPIN_BUTTON, 'Last time point')
    check(last is not None and scgui.value_of(last) == TIMELAPSE_FRAMES,
          'the range ends at time point %d' % TIMELAPSE_FRAMES)
    combo = find(window, P.ROLE_COMBO_BOX, 'Projection method')
    if combo_text(combo) != 'Maximum':
        choose_item(window, combo, 'Maximum')
    result = 'MAX %s [T1-%d]' % (TIMELAPSE_NAME, TIMELAPSE_FRAMES)
    scgui.click(project)
    wait_for('the result "%s"' % result, lambda: window.name == result, timeout=30)
    check(True, 'the result opens as "%s"' % result)
    scgui.click(wait_button(window, 'Reset display range'))
    rng = wait_for('the result\'s own range', lambda: (
        lambda r: r if r == (5000, 5199) else None)((scgui.spin_value(window, 'Display minimum'),
                                                     scgui.spin_value(window, 'Display maximum'))))
    check(True, 'the maximum over time holds %d .. %d, the last frame\'s values' % rng)
    app.screenshot('e2e-time-projection')


def scenario_export_scale(app):
    """A max projection of golgi, whose panel then says it projects golgi; exported as PNG
    at 2x through the dialog: 294 × 274 pixels, each 2 × 2 block one data pixel. The next
    export's dialog proposes the folder of this one."""
    window = app.main_window()
    wait_for('the stack', lambda: window.name == GOLGI_NAME)
    combo = find(window, P.ROLE_COMBO_BOX, 'Projection method')
    if combo_text(combo) != 'Maximum':
        choose_item(window, combo, 'Maximum')
    status = 'Projects the 25 planes of %s' % GOLGI_NAME
    wait_for('"%s"' % status, lambda: label_node(window, '^' + status + '$'))
    result = 'MAX %s [1-25]' % GOLGI_NAME
    scgui.click(wait_button(window, 'Project'))
    wait_for('the result "%s"' % result, lambda: window.name == result, timeout=60)
    on_result = status + ', the stack this result comes from'
    wait_for('"%s"' % on_result, lambda: label_node(window, '^' + on_result + '$'))
    check(True, 'on the result\'s tab the panel says "%s"' % on_result)
    check(sensitive(wait_button(window, 'Project')), 'and Project stays available')

    folder = os.path.join(os.environ['SCGUI_TMP'], 'slides')
    os.makedirs(folder)
    out = os.path.join(folder, 'golgi-max-2x.png')
    title = 'Export as PNG'
    dialog, entry = save_dialog(app, window, title)
    log('suggested name: %r' % text_of(entry))
    type_name(entry, out)
    size = wait_for('the Size choice', lambda: combo_offering(dialog, '1× (147 × 137 pixels)'))
    check(combo_text(size) == '1× (147 × 137 pixels)', 'the PNG is 1× unless chosen otherwise')
    choose_item(dialog, size, '2× (294 × 274 pixels)')
    press_export(app, dialog, title)
    wait_for('the exported file', lambda: os.path.exists(out), timeout=30)
    wait_for('the message about the export', lambda: label_matching(window, r'golgi-max-2x\.png'))
    w, h = png_size(out)
    log('%s: %d × %d pixels (IHDR)' % (os.path.basename(out), w, h))
    check((w, h) == (294, 274), 'the 2× PNG of the 147 × 137 projection is 294 × 274 pixels')
    check_blocks(out, 147, 137, 2)

    # the last export's folder comes first
    dialog, entry = save_dialog(app, window, title)
    type_name(entry, 'again.png')
    press_export(app, dialog, title)
    again = os.path.join(folder, 'again.png')
    wait_for('again.png in %s' % folder, lambda: os.path.exists(again), timeout=30)
    check(True, 'a name alone is written into the folder of the last export')
    check(png_size(again) == (147, 137), 'again.png, left at 1×, is 147 × 137 pixels')
    app.screenshot('e2e-export-scale')


SCENARIOS = {
    'single-plane': (scenario_single_plane, lambda: [scgui.testdata(*RGB_CELLS)]),
    'time-projection': (scenario_time_projection, make_timelapse),
    'export-scale': (scenario_export_scale, lambda: [scgui.testdata(*GOLGI)]),
}
