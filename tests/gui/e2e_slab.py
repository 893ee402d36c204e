# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end scenario of the live slab projection beside the Z slider (issue 14, item 2),
run by test-e2e.py: the toggle shows the maximum of the planes around the current one, its
label says which, it follows the slider, it opens as a result tab, and off the plane shows
again."""

import re
import struct

import scgui
from scgui import GOLGI, GOLGI_NAME, check, find, label_matching, log, slider, wait_for, walk

P = scgui.pyatspi

READOUT = re.compile(r'^x (\d+)\s+y (\d+).*·\s+(?:(MAX z \d+–\d+)|z (\d+)/\d+)\s+·\s+value (\d+)$')


def tiff_pages(path):
    """Every page of an uncompressed 16-bit grey TIFF of one strip per page, as (width,
    values), read here, independently of the viewer."""
    with open(path, 'rb') as f:
        data = f.read()
    bo = '>' if data[:2] == b'MM' else '<'
    off = struct.unpack(bo + 'I', data[4:8])[0]
    pages = []
    while off:
        n = struct.unpack(bo + 'H', data[off:off + 2])[0]
        tags = {}
        for i in range(n):
            tag, typ, count = struct.unpack(bo + 'HHI', data[off + 2 + 12 * i:off + 10 + 12 * i])
            raw = data[off + 10 + 12 * i:off + 14 + 12 * i]
            if count == 1:
                short = typ == 3
                tags[tag] = struct.unpack(bo + ('H' if short else 'I'), raw[:2] if short else raw)[0]
        check(tags.get(259, 1) == 1 and tags.get(258) == 16 and 273 in tags,
              'page %d is one uncompressed 16-bit strip' % (len(pages) + 1))
        w, h, start = tags[256], tags[257], tags[273]
        pages.append((w, struct.unpack('%s%dH' % (bo, w * h), data[start:start + 2 * w * h])))
        off = struct.unpack(bo + 'I', data[off + 2 + 12 * n:off + 6 + 12 * n])[0]
    return pages


def readout(window):
    """(x, y, slab label or None, z or None, value) under the pointer, from the status bar."""
    m = READOUT.search(label_matching(window, READOUT.pattern) or '')
    if m is None:
        return None
    return (int(m[1]), int(m[2]), m[3], int(m[4]) if m[4] else None, int(m[5]))


def scenario_slab_projection(app):
    window = app.main_window()
    pages = tiff_pages(scgui.testdata(*GOLGI))
    check(len(pages) == 25, '%s has 25 pages' % GOLGI_NAME)
    wait_for('the stack', lambda: (scgui.z_label(window) or '').startswith('z 13/25'))

    plane = wait_for('the plane view', lambda: next((a for a in walk(window)
                                                     if a.name == 'Plane'), None))
    scgui.pointer_to(plane)
    x, y, _, _, before = wait_for('the readout of plane 13', lambda: (
        lambda r: r if r and r[3] == 13 else None)(readout(window)))
    w = pages[0][0]
    check(before == pages[12][1][y * w + x],
          'the plane shows page 13: (%d, %d) reads %d' % (x, y, before))

    toggle = wait_for('the toggle "Slab projection"',
                      lambda: scgui.button(window, 'Slab projection'))
    scgui.click(toggle)
    text = wait_for('the slab label', lambda: label_matching(window, r'^MAX z \d+–\d+$'))
    check(text == 'MAX z 8–18', 'the label says which planes are projected: %r' % text)
    thickness = scgui.spin_value(window, 'Slab thickness')
    check(thickness == 11, 'the slab is 11 planes thick by default (%g)' % thickness)

    # the controls that came may have moved the plane under the pointer: point again, and
    # on around the middle until a pixel whose maximum is not on page 13
    cx, cy = scgui.pointer_to(plane)
    for dx, dy in ((0, 0), (37, 0), (0, 37), (-37, 0), (0, -37), (60, 45), (-60, -45)):
        P.Registry.generateMouseEvent(cx + dx, cy + dy, 'abs')
        r = wait_for('the readout of the slab', lambda: (
            lambda r: r if r and r[2] == 'MAX z 8–18' else None)(readout(window)))
        x, y = r[0], r[1]
        column = [pages[p][1][y * w + x] for p in range(7, 18)]
        log('readout %r; pages 8-18 hold %s there' % (r, column))
        check(r[4] == max(column),
              'the view shows the slab: (%d, %d) reads %d, the max of pages 8–18' % (x, y, r[4]))
        if r[4] != column[13 - 8]:
            break
    check(r[4] != column[13 - 8],
          'the view changed: page 13 holds %d at (%d, %d), the slab %d' % (column[5], x, y, r[4]))
    app.screenshot('e2e-slab-golgi')

    z_slider = slider(window, 'Z plane')
    z_slider.queryValue().currentValue = 22
    text = wait_for('the label to follow the slider',
                    lambda: label_matching(window, r'^MAX z 17–25$'))
    check(True, 'at plane 22 the label says %r (cut off at the last plane)' % text)
    expected = max(pages[p][1][y * w + x] for p in range(16, 25))
    r = wait_for('the readout of the new slab', lambda: (
        lambda r: r if r and r[2] == 'MAX z 17–25' else None)(readout(window)))
    check(r[4] == expected, 'the new slab is shown: (%d, %d) reads %d, the max of pages '
          '17–25 (%d)' % (x, y, r[4], expected))

    button = wait_for('the button "Open as Result" to act', lambda: (
        lambda b: b if b is not None and b.getState().contains(P.STATE_SENSITIVE) else None)(
            find(window, P.ROLE_PUSH_BUTTON, 'Open as Result')))
    scgui.click(button)
    title = 'MAX %s [17-25]' % GOLGI_NAME
    wait_for('the result tab', lambda: title in [t.name for t in scgui.tabs_of(window)])
    check(True, 'the slab opened as the result tab "%s"' % title)
    # back to the stack's own tab: its slab is still on
    tab = next(t for t in scgui.tabs_of(window) if t.name == GOLGI_NAME)
    scgui.click(tab)
    wait_for('the stack tab', lambda: label_matching(window, r'^MAX z 17–25$'))

    toggle = scgui.button(window, 'Slab projection')
    scgui.click(toggle)
    scgui.pointer_to(plane)
    r = wait_for('the readout of plane 22', lambda: (
        lambda r: r if r and r[3] == 22 else None)(readout(window)))
    check(r[4] == pages[21][1][r[1] * w + r[0]],
          'off, the plane shows again: (%d, %d) reads %d, as page 22' % (r[0], r[1], r[4]))
    check(label_matching(window, r'^MAX z ') is None, 'the slab label is gone')


SPOTS = ('hyperstack-2ch-spots', 'xyzc_16bit__spots.tif')
COMPOSITE = re.compile(r'^x (\d+)\s+y (\d+).*·\s+MAX z 4–14\s+·\s+values (\d+), (\d+)$')


def scenario_slab_composite(app):
    """A composite of 2 channels: the slab projects both, each in its own colours."""
    window = app.main_window()
    pages = tiff_pages(scgui.testdata(*SPOTS))
    check(len(pages) == 34, 'the spots hyperstack has 34 pages (2 channels x 17 planes)')
    wait_for('the hyperstack', lambda: (scgui.z_label(window) or '').startswith('z 9/17'))
    scgui.click(wait_for('the toggle "Slab projection"',
                         lambda: scgui.button(window, 'Slab projection')))
    text = wait_for('the slab label', lambda: label_matching(window, r'^MAX z \d+–\d+$'))
    check(text == 'MAX z 4–14', 'the label says %r for plane 9 of 17' % text)
    plane = wait_for('the plane view', lambda: next((a for a in walk(window)
                                                     if a.name == 'Plane'), None))
    cx, cy = scgui.pointer_to(plane)
    w = pages[0][0]
    for dx, dy in ((0, 0), (25, 10), (-25, -10)):
        P.Registry.generateMouseEvent(cx + dx, cy + dy, 'abs')
        m = wait_for('the readout of both channels in the slab',
                     lambda: COMPOSITE.search(label_matching(window, COMPOSITE.pattern) or ''))
        x, y, a, b = (int(g) for g in m.groups())
        want = [max(pages[2 * z + c][1][y * w + x] for z in range(3, 14)) for c in range(2)]
        check([a, b] == want, 'at (%d, %d) the slab reads %d, %d: the max of planes 4–14 of '
              'each channel (%d, %d)' % (x, y, a, b, want[0], want[1]))
    app.screenshot('e2e-slab-spots-composite')


SCENARIOS = {
    'slab-projection': (scenario_slab_projection, lambda: [scgui.testdata(*GOLGI)]),
    'slab-composite': (scenario_slab_composite, lambda: [scgui.testdata(*SPOTS)]),
}
