# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end scenarios of files of several image series and of files cut short
(test-e2e.py runs them): a multi-position OME-TIFF shows a Series drop-down that switches
the tab to another position and a menu that opens one in a tab of its own; a truncated
stack opens its complete pages under a message bar that says which are missing."""

import os
import re

import scgui
from scgui import combo_text
from scgui import check, find, find_all, key, label_matching, log, text_of, wait_for, walk

P = scgui.pyatspi

POSITIONS_NAME = 'positions.ome.tif'
WIDTH, HEIGHT, FRAMES = 160, 120, 10
CUT_NAME = 'golgi-cut.tif'
GOLGI_PLANE_BYTES = 147 * 137 * 2


def make_positions():
    path = os.path.join(os.environ['SCGUI_TMP'], 'series', POSITIONS_NAME)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    scgui.write_ome_positions(path, WIDTH, HEIGHT, 2, FRAMES)
    return [path]


def make_cut_golgi():
    """golgi cut in the middle of page 13's pixels (its 25 pages lie one after another)."""
    golgi = scgui.testdata(*scgui.GOLGI)
    path = os.path.join(os.environ['SCGUI_TMP'], 'cut', CUT_NAME)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    end = scgui.strip_offset(golgi) + 12 * GOLGI_PLANE_BYTES + 20000
    with open(golgi, 'rb') as f, open(path, 'wb') as out:
        out.write(f.read(end))
    return [path]


def combo_items(combo):
    """Opens the drop-down and gives its items (AT-SPI names each by its label)."""
    scgui.click(find(combo, P.ROLE_PUSH_BUTTON))
    lst = wait_for('the list of the drop-down', lambda: find(combo, P.ROLE_LIST))
    return wait_for('the items of the drop-down', lambda: find_all(lst, P.ROLE_LIST_ITEM))


def pick(window, combo, items, item):
    """Picks an item of the open drop-down with the arrow keys and Return, as a keyboard user
    would."""
    names = [text_of(find(i, P.ROLE_LABEL)) for i in items]
    scgui.pointer_to(window)

    def focused():
        for i, it in enumerate(items):
            if it.getState().contains(P.STATE_FOCUSED):
                return i
        return None
    wait_for('a focused item in the drop-down', lambda: focused() is not None)
    start, target = focused(), names.index(item)
    for _ in range(abs(target - start)):
        key('Down' if target > start else 'Up')
    wait_for('"%s" focused in the list' % item, lambda: focused() == target, timeout=10)
    key('Return')
    wait_for('the drop-down to show %s' % item, lambda: combo_text(combo) == item, timeout=10)


READOUT = re.compile(r'^x (\d+)\s+y (\d+).*\bt (\d+)/\d+.*\bvalue (\d+)')


def readout(window):
    """(x, y, t, value) under the pointer, from the status bar."""
    text = label_matching(window, READOUT.pattern)
    m = READOUT.search(text or '')
    return tuple(int(g) for g in m.groups()) if m else None


def position_shown(window, position):
    """Whether the pixel under the pointer has the value of that position."""
    r = readout(window)
    if r is None:
        return False
    x, y, t, value = r
    return value == scgui.ome_position_value(position, t - 1, x, y)


def tabs_of(window):
    strip = find(window, P.ROLE_PAGE_TAB_LIST)
    return find_all(strip, P.ROLE_PAGE_TAB) if strip is not None else []


def scenario_series_selector(app):
    """A Micro-Manager file of 2 positions: the Series drop-down lists them, the subtitle
    says "series 1 of 2"; choosing Pos1 shows that position's pixels and "series 2 of 2";
    Open in New Tab opens Pos0 beside it."""
    window = app.main_window()
    wait_for('the subtitle "series 1 of 2"',
             lambda: label_matching(window, r'^series 1 of 2 · 160 × 120 · 10 time points'))
    check(True, 'the subtitle says "%s"' % label_matching(window, r'^series 1 of 2'))
    check(window.name == POSITIONS_NAME + ' — Pos0', 'the title names the position (%r)'
          % window.name)
    combo = wait_for('the Series drop-down', lambda: find(window, P.ROLE_COMBO_BOX, 'Series'))
    check(combo_text(combo) == 'Pos0', 'the Series drop-down shows Pos0')
    check(label_matching(window, r'^Series$') is not None, 'the drop-down is labelled "Series"')

    plane = wait_for('the plane view', lambda: next((a for a in walk(window) if a.name == 'Plane'),
                                                    None))
    scgui.pointer_to(plane)
    wait_for('the readout of position 0', lambda: position_shown(window, 0))
    x, y, t, value = readout(window)
    check(True, 'the pixel (%d, %d) at t %d reads %d, as written for Pos0' % (x, y, t, value))
    t_before = t

    items = combo_items(combo)
    names = [text_of(find(i, P.ROLE_LABEL)) for i in items]
    check(names == ['Pos0', 'Pos1'], 'the drop-down has 2 items: %s' % ', '.join(names))
    pick(window, combo, items, 'Pos1')
    wait_for('the subtitle "series 2 of 2"', lambda: label_matching(window, r'^series 2 of 2 · '))
    check(True, 'the subtitle says "%s"' % label_matching(window, r'^series 2 of 2'))
    wait_for('the title of Pos1', lambda: window.name == POSITIONS_NAME + ' — Pos1')
    scgui.pointer_to(plane)
    wait_for('the readout of position 1', lambda: position_shown(window, 1))
    x, y, t, value = readout(window)
    check(value >= 10000 and t == t_before,
          'the plane changed: (%d, %d) at t %d now reads %d, as written for Pos1' % (x, y, t, value))
    app.screenshot('e2e-series-selector-pos1')

    check(len(tabs_of(window)) == 1, 'one tab before Open in New Tab')
    menu = wait_for('the Open in New Tab button',
                    lambda: find(window, (P.ROLE_TOGGLE_BUTTON, P.ROLE_PUSH_BUTTON),
                                 match=scgui.named('Open in New Tab')))
    scgui.click(menu)
    item = wait_for('the menu item Pos0', lambda: next(
        (a for w in app.windows() for a in walk(w)
         if scgui.role(a) in (P.ROLE_MENU_ITEM, P.ROLE_PUSH_BUTTON) and a.name == 'Pos0'), None))
    scgui.click(item)
    wait_for('a second tab', lambda: len(tabs_of(window)) == 2)
    wait_for('the new tab showing Pos0', lambda: window.name == POSITIONS_NAME + ' — Pos0'
             and label_matching(window, r'^series 1 of 2 · '))
    check(True, 'Open in New Tab opened Pos0 in a second tab (%s)' % window.name)

    # the projection projects the series of the tab shown (Pos0), not the first tab's (Pos1)
    scgui.click(scgui.wait_button(window, 'Project'))
    wait_for('the result tab', lambda: len(tabs_of(window)) == 3 and
             (window.name or '').startswith('MAX '), timeout=30)
    log('result: %s' % window.name)
    check(window.name.endswith(' Pos0'), 'the result\'s title names the position projected')
    # The result tab's plane view lies where the first tab's did, under a pointer that has
    # rested there since Pos1's readout: a view that appears under a still pointer gets no
    # motion (the readout waited out its 20 s once in a CI run under ASan), so the pointer
    # moves by a pixel each time the readout is looked for.
    x, y = scgui.pointer_to(plane)
    moves = [0]

    def result_value():
        moves[0] += 1
        P.Registry.generateMouseEvent(x + moves[0] % 2, y, 'abs')
        m = re.search(r'\bvalue (\d+)', label_matching(window, r'^x \d+\s+y \d+') or '')
        return int(m.group(1)) if m else None
    value = wait_for('a readout of the result', result_value)
    check(value < 10000, 'the result holds Pos0\'s values (%d), not Pos1\'s' % value)
    app.screenshot('e2e-series-selector-result')


def scenario_truncated_file(app):
    """golgi cut in page 13: its 12 complete pages open under a message bar naming the
    pages that are missing."""
    window = app.main_window()
    want = ('Pages 13–25 of %s are missing or incomplete; showing the 12 complete pages.'
            % CUT_NAME)
    message = wait_for('the message bar', lambda: label_matching(window, '^' + re.escape(want) + '$'))
    check(True, 'the message bar says: %s' % message)
    z = wait_for('the Z slider', lambda: find(window, P.ROLE_SLIDER, 'Z plane'))
    check(z.queryValue().maximumValue == 12, 'the Z slider has the 12 complete planes')
    check(label_matching(window, r'^12 planes|· 12 planes') is not None
          or label_matching(window, r'147 × 137 · 12 planes') is not None,
          'the subtitle counts 12 planes')
    app.screenshot('e2e-truncated-file')


SCENARIOS = {
    'series-selector': (scenario_series_selector, make_positions),
    'truncated-file': (scenario_truncated_file, make_cut_golgi),
}
