# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end scenarios of how a stack is shown (issue 13, items 2, 11 and 13), run by
test-e2e.py: the file's own LUTs and ranges, the channel check buttons of a composite, and
undo over the display settings."""

import os
import subprocess
import time

import e2e_input
import scgui
from scgui import combo_text
from scgui import GOLGI, GOLGI_NAME, check, find, key, log, spin_value, value_of, wait_for

P = scgui.pyatspi
SPOTS = ('hyperstack-2ch-spots', 'xyzc_16bit__spots.tif')
SPOTS_NAME = SPOTS[1]


def shown(window, name):
    combo = find(window, P.ROLE_COMBO_BOX, name)
    return combo_text(combo) if combo is not None else None


def channel_check(window, n):
    return find(window, P.ROLE_CHECK_BOX, match=scgui.named('Show channel %d' % n))


def checked(acc):
    return acc.getState().contains(P.STATE_CHECKED)


def focused(acc):
    return acc.getState().contains(P.STATE_FOCUSED)


def loaded(window, name):
    return window.name == name and (scgui.label_matching(window, r'^z \d+/\d+') or '')


def plane_colour(app, window):
    """The mean (r, g, b) of the middle of the plane view, from a screenshot of it."""
    plane = find(window, P.ROLE_IMAGE, 'Plane')
    ext = plane.queryComponent().getExtents(P.DESKTOP_COORDS)
    w, h = min(160, ext.width), min(160, ext.height)
    x, y = ext.x + (ext.width - w) // 2, ext.y + (ext.height - h) // 2
    path = os.path.join(os.environ['SCGUI_TMP'], 'plane-%d.png' % time.monotonic_ns())
    subprocess.run(['import', '-window', 'root', '-crop', '%dx%d+%d+%d' % (w, h, x, y),
                    '+repage', 'png24:' + path], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    width, height, channels, depth, rows = scgui.read_png(path)
    os.unlink(path)
    check(depth == 8 and channels >= 3, 'a screenshot of the plane (%d × %d, %d channels)'
          % (width, height, channels))
    sums = [0, 0, 0]
    for row in rows:
        for i in range(0, width * channels, channels):
            for k in range(3):
                sums[k] += row[i + k]
    return tuple(s / (width * height) for s in sums)


def steady_colour(app, window, settled=None, timeout=10):
    """The plane's colour once two screenshots a moment apart agree (its tiles drawn), or
    once settled(colour) holds."""
    end = time.monotonic() + timeout
    last = plane_colour(app, window)
    while time.monotonic() < end:
        time.sleep(0.4)
        now = plane_colour(app, window)
        if (settled(now) if settled else now == last):
            return now
        last = now
    raise scgui.Failure('the plane view did not settle (last %r)' % (last,))


def scenario_file_display_settings(app):
    """Item 11: the spots hyperstack opens with the green and blue LUTs it stores, as in
    Fiji, and the golgi stack with its stored display range 73 .. 2277."""
    window = app.main_window()
    wait_for('the hyperstack', lambda: loaded(window, SPOTS_NAME))
    wait_for('the Colormap drop-down', lambda: shown(window, 'Colormap'))
    check(shown(window, 'Channel') == 'Channel 1', 'the panel shows channel 1')
    check(shown(window, 'Colormap') == 'Green', 'channel 1 has the file\'s green LUT')
    scgui.pointer_to(window)
    key('c')    # the next channel
    wait_for('channel 2 in the panel', lambda: shown(window, 'Channel') == 'Channel 2')
    check(wait_for('the colormap of channel 2', lambda: shown(window, 'Colormap') == 'Blue',
                   timeout=5), 'channel 2 has the file\'s blue LUT')

    # the viewer running takes a file opened from outside in a window of its own
    binary = app.proc.args[0]
    subprocess.run([binary, scgui.testdata(*GOLGI)], timeout=60, check=True)
    golgi = wait_for('a window of %s' % GOLGI_NAME, lambda: app.window(GOLGI_NAME))
    wait_for('the golgi stack', lambda: loaded(golgi, GOLGI_NAME))
    lo, hi = spin_value(golgi, 'Display minimum'), spin_value(golgi, 'Display maximum')
    log('golgi opens with Min %g, Max %g' % (lo, hi))
    check((lo, hi) == (73, 2277), 'golgi opens with its stored range 73 .. 2277')
    app.screenshot('e2e-file-display-settings')


def scenario_channel_toggles(app):
    """Item 13: a check button per channel beside the composite, reached with Tab;
    unchecking channel 2 (blue) takes its colour out of the image, checking it brings it
    back, and the last channel shown cannot be unchecked."""
    window = app.main_window()
    wait_for('the hyperstack', lambda: loaded(window, SPOTS_NAME))
    first = wait_for('the button "Show channel 1"', lambda: channel_check(window, 1))
    second = wait_for('the button "Show channel 2"', lambda: channel_check(window, 2))
    log('check buttons: %r, %r' % (first.name, second.name))
    check(checked(first) and checked(second), 'both channels are shown in the composite')
    both = steady_colour(app, window)
    log('plane with both channels: mean r %.1f g %.1f b %.1f' % both)
    check(both[1] > 1 and both[2] > 1, 'the composite shows green and blue')

    # keyboard: Tab goes from one check button to the next, Return toggles it
    scgui.pointer_to(window)
    e2e_input.focus(first)
    key('Tab')
    wait_for('Tab to bring the focus to "Show channel 2"', lambda: focused(second), timeout=5)
    check(True, 'Tab goes from "Show channel 1" to "Show channel 2"')
    key('Return')
    wait_for('channel 2 unchecked', lambda: not checked(second), timeout=5)
    check(True, 'Return on "Show channel 2" unchecks it')
    green = steady_colour(app, window, lambda c: c[2] < both[2] * 0.2)
    log('plane with channel 1 only: mean r %.1f g %.1f b %.1f' % green)
    check(green[2] < both[2] * 0.2 and abs(green[1] - both[1]) <= max(2, both[1] * 0.1),
          'without channel 2 the blue goes and the green stays')
    check(not first.getState().contains(P.STATE_SENSITIVE),
          'the last channel shown cannot be unchecked')
    app.screenshot('e2e-channel-toggles-one')

    # and with the mouse
    x, y = scgui.pointer_to(second)
    P.Registry.generateMouseEvent(x, y, 'b1c')
    wait_for('channel 2 checked again', lambda: checked(second), timeout=5)
    again = steady_colour(app, window, lambda c: abs(c[2] - both[2]) <= max(2, both[2] * 0.1))
    log('plane with both again: mean r %.1f g %.1f b %.1f' % again)
    check(True, 'a click on "Show channel 2" checks it and brings its blue back')
    check(first.getState().contains(P.STATE_SENSITIVE), 'channel 1 can be unchecked again')


def scenario_display_undo(app):
    """Item 2: a display change is undone with Ctrl+Z and redone with Ctrl+Shift+Z and
    Ctrl+Y, also while the spin button it was typed into has the focus; navigation is no
    change to undo."""
    window = app.main_window()
    wait_for('the golgi stack', lambda: loaded(window, GOLGI_NAME))
    spin = wait_for('the spin button "Display maximum"',
                    lambda: find(window, P.ROLE_SPIN_BUTTON, 'Display maximum'))
    start = value_of(spin)
    log('Display maximum at start: %g' % start)
    scgui.pointer_to(window)
    key('z', ['ctrl'])
    time.sleep(0.5)
    check(value_of(spin) == start, 'with nothing to undo, Ctrl+Z changes nothing')

    spin.queryValue().currentValue = 3000
    wait_for('Max 3000', lambda: value_of(spin) == 3000, timeout=5)
    key('Page_Down')     # the next plane: no edit
    wait_for('z 14/25', lambda: (scgui.label_matching(window, r'^z \d+/\d+') or '')
             .startswith('z 14/25'), timeout=5)
    key('z', ['ctrl'])
    wait_for('Ctrl+Z to put Max back', lambda: value_of(spin) == start, timeout=5)
    check(True, 'Ctrl+Z puts Max back to %g' % start)
    check((scgui.label_matching(window, r'^z \d+/\d+') or '').startswith('z 14/25'),
          'undo leaves the plane shown')
    key('z', ['ctrl', 'shift'])
    wait_for('Ctrl+Shift+Z to redo', lambda: value_of(spin) == 3000, timeout=5)
    check(True, 'Ctrl+Shift+Z sets Max to 3000 again')
    key('z', ['ctrl'])
    wait_for('Ctrl+Z again', lambda: value_of(spin) == start, timeout=5)
    key('y', ['ctrl'])
    wait_for('Ctrl+Y to redo', lambda: value_of(spin) == 3000, timeout=5)
    check(True, 'Ctrl+Y redoes too')

    # typed into the spin button, which keeps the focus
    x, y = scgui.pointer_to(spin)    # the middle of the spin button is its text
    P.Registry.generateMouseEvent(x, y, 'b1c')
    wait_for('the focus in the spin button',
             lambda: any(focused(a) for a in scgui.walk(spin)), timeout=5)
    key('a', ['ctrl'])
    scgui.type_text('2500')
    key('Return')
    wait_for('Max 2500 typed', lambda: value_of(spin) == 2500, timeout=5)
    key('z', ['ctrl'])
    wait_for('Ctrl+Z in the spin button', lambda: value_of(spin) == 3000, timeout=5)
    check(True, 'Ctrl+Z with the focus in the spin button undoes the typed 2500')
    key('z', ['ctrl'])
    wait_for('the first change undone', lambda: value_of(spin) == start, timeout=5)
    key('z', ['ctrl'])
    time.sleep(0.5)
    check(value_of(spin) == start, 'nothing more to undo: Max stays %g' % start)
    app.screenshot('e2e-display-undo')


SCENARIOS = {
    'file-display-settings': (scenario_file_display_settings,
                              lambda: [scgui.testdata(*SPOTS)]),
    'channel-toggles': (scenario_channel_toggles, lambda: [scgui.testdata(*SPOTS)]),
    'display-undo': (scenario_display_undo, lambda: [scgui.testdata(*GOLGI)]),
}
