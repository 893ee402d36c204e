# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end scenarios of the display panel (issue 13, items 2 and 7), run by test-e2e.py."""

import os
import struct
import time

import scgui
from scgui import GOLGI, GOLGI_NAME, check, find, label_matching, log, spin_value, value_of
from scgui import wait_button
from scgui import wait_for, walk, z_label


def tiff_page_range(path, page):
    """The min and max of page (1-based) of an uncompressed 8- or 16-bit grey TIFF, read
    here, independently of the viewer."""
    values = tiff_page_values(path, page)
    return min(values), max(values)


def tiff_page_values(path, page):
    """The pixels of page (1-based) of an uncompressed 8- or 16-bit grey TIFF of one strip,
    read here, independently of the viewer."""
    with open(path, 'rb') as f:
        data = f.read()
    bo = '>' if data[:2] == b'MM' else '<'
    off = struct.unpack(bo + 'I', data[4:8])[0]
    for _ in range(page - 1):
        n = struct.unpack(bo + 'H', data[off:off + 2])[0]
        off = struct.unpack(bo + 'I', data[off + 2 + 12 * n:off + 6 + 12 * n])[0]
    n = struct.unpack(bo + 'H', data[off:off + 2])[0]
    tags = {}
    for i in range(n):
        tag, typ, count = struct.unpack(bo + 'HHI', data[off + 2 + 12 * i:off + 10 + 12 * i])
        raw = data[off + 10 + 12 * i:off + 14 + 12 * i]
        if count == 1:
            short = typ == 3
            tags[tag] = struct.unpack(bo + ('H' if short else 'I'), raw[:2] if short else raw)[0]
        else:
            tags[tag] = None
    check(tags.get(259, 1) == 1 and tags.get(273) is not None,
          'page %d of %s is one uncompressed strip' % (page, os.path.basename(path)))
    bits = tags.get(258, 8)
    n_px = tags[256] * tags[257]
    start = tags[273]
    if bits == 16:
        values = struct.unpack('%s%dH' % (bo, n_px), data[start:start + 2 * n_px])
    else:
        values = data[start:start + n_px]
    return tuple(values)


def scenario_reset_data_range(app):
    """Item 7: Reset gives the plane's own data range (as ImageJ's Reset does), not the
    16-bit type's 0 .. 65535."""
    path = scgui.testdata(*GOLGI)
    window = app.main_window()
    wait_for('the stack', lambda: (z_label(window) or '').startswith('z 13/25'))
    lo, hi = tiff_page_range(path, 13)
    log('page 13 of %s holds %d .. %d' % (GOLGI_NAME, lo, hi))
    scgui.click(wait_button(window, 'Auto contrast'))
    wait_for('Auto to set a range', lambda: (spin_value(window, 'Display minimum'),
                                             spin_value(window, 'Display maximum')) != (lo, hi))
    scgui.click(wait_button(window, 'Reset display range'))
    got = wait_for('the data range after Reset', lambda: (
        lambda r: r if r == (lo, hi) else None)((spin_value(window, 'Display minimum'),
                                                 spin_value(window, 'Display maximum'))))
    check(got == (lo, hi), 'Reset gives the plane\'s data range %d .. %d' % (lo, hi))
    check(value_of(find(window, scgui.pyatspi.ROLE_SLIDER, 'Gamma')) == 1.0, 'Reset sets gamma 1')
    app.screenshot('e2e-reset-data-range')


def extents_y(acc):
    return acc.queryComponent().getExtents(scgui.pyatspi.DESKTOP_COORDS).y


def wheel(x, y, down=True, times=3):
    """Turns the mouse wheel over (x, y): X buttons 5 (down) and 4 (up)."""
    scgui.pyatspi.Registry.generateMouseEvent(x, y, 'abs')
    for _ in range(times):
        scgui.pyatspi.Registry.generateMouseEvent(x, y, 'b5c' if down else 'b4c')
        time.sleep(0.05)


def scenario_panel_wheel(app):
    """Item 2: the wheel over a spin button or scale of the side panel that does not have
    the focus scrolls the panel and leaves the value as it is; one with the focus takes
    the wheel."""
    window = app.main_window()
    wait_for('the stack', lambda: (z_label(window) or '').startswith('z 13/25'))
    scgui.pointer_to(window)
    spin = wait_for('the spin button "Display maximum"',
                    lambda: find(window, scgui.pyatspi.ROLE_SPIN_BUTTON, 'Display maximum'))
    gamma = find(window, scgui.pyatspi.ROLE_SLIDER, 'Gamma')
    check(gamma is not None, 'the panel has the Gamma scale')
    max_before, gamma_before = value_of(spin), value_of(gamma)
    y_before = extents_y(spin)
    log('Display maximum %g, Gamma %g, the spin button at y %d' % (max_before, gamma_before,
                                                                  y_before))

    x, y = scgui.pointer_to(spin)
    wheel(x, y, down=True)
    moved = wait_for('the panel to scroll', lambda: extents_y(spin) < y_before, timeout=5)
    log('the spin button moved to y %d' % extents_y(spin))
    check(moved, 'the wheel over the spin button scrolls the panel')
    time.sleep(0.3)
    check(value_of(spin) == max_before, 'Display maximum stays %g' % max_before)

    x, y = scgui.pointer_to(gamma)
    wheel(x, y, down=False)
    time.sleep(0.5)
    check(value_of(gamma) == gamma_before, 'Gamma stays %g under the wheel' % gamma_before)
    check(value_of(spin) == max_before, 'Display maximum stays %g' % max_before)

    # with the focus, the spin button takes the wheel as GTK's does
    x, y = scgui.pointer_to(spin)    # the middle of the spin button is its text
    scgui.pyatspi.Registry.generateMouseEvent(x, y, 'b1c')
    wait_for('the spin button to have the focus', lambda: any(
        a.getState().contains(scgui.pyatspi.STATE_FOCUSED) for a in walk(spin)), timeout=5)
    wheel(x, y, down=False, times=1)
    wait_for('the focused spin button to take the wheel', lambda: value_of(spin) != max_before,
             timeout=5)
    check(True, 'the focused spin button changes under the wheel (%g -> %g)'
          % (max_before, value_of(spin)))
    app.screenshot('e2e-panel-wheel')


SPOTS = ('hyperstack-2ch-spots', 'xyzc_16bit__spots.tif')


def scenario_plane_position(app):
    """Item 8: in a stack of channels, the status bar gives the plane's c/z position as the
    user counts, not the page it is stored on."""
    window = app.main_window()
    wait_for('the hyperstack', lambda: (z_label(window) or '').startswith('z 9/17'))
    text = wait_for('the plane position', lambda: label_matching(window, r'^(c \d+/2 · )?z 9/17$'))
    log('status bar: %r' % text)
    check(label_matching(window, r', page \d+$') is None,
          'the status bar names no storage page of the file')
    check(True, 'the status bar gives the position %s' % text)
    if text.startswith('z'):
        # a composite shows every channel; one channel shown is counted too
        switch = find(window, (scgui.pyatspi.ROLE_CHECK_BOX, scgui.pyatspi.ROLE_TOGGLE_BUTTON),
                      'Composite')
        check(switch is not None, 'the composite shows the switch "Composite"')
        scgui.click(switch)
        text = wait_for('the channel in the status bar',
                        lambda: label_matching(window, r'^c 1/2 · z 9/17$'))
        check(True, 'one channel shown: the status bar gives %s' % text)
