# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end scenarios of the window's layout (test-e2e.py runs them): at its minimum size
every control is there to use, and the shortcuts window names its keys."""

import os
import subprocess
import time

import scgui
from scgui import check, find, find_all, key, log, wait_for

P = scgui.pyatspi
BUTTONS = (P.ROLE_PUSH_BUTTON, P.ROLE_TOGGLE_BUTTON)

# 12 slices × 10 frames, calibrated, with a name longer than any tab: both sliders show,
# and their labels have the most to say
LONG_NAME = 'a_rather_long_name_of_a_time_lapse_hyperstack_position_07.tif'
DESCRIPTION = ('ImageJ=1.53t\nimages=120\nslices=12\nframes=10\nhyperstack=true\n'
               'mode=grayscale\nspacing=0.5\nunit=micron\nfinterval=2.5\n')
HEADER_BUTTONS = ('Open', 'Main Menu', 'Show Display Panel', 'Stack Information')
PANELS = ('ScProjectionPanel', 'ScDisplayPanel', 'ScProfilePanel')
MIN_SLIDER = 100


def schema_id():
    out = subprocess.run(['gsettings', 'list-schemas'], capture_output=True, text=True).stdout
    ids = [s for s in out.split() if s.startswith('io.github.stackscope.Stackscope')]
    if not ids:
        raise scgui.Failure('no Stackscope schema in %s' % os.environ.get('GSETTINGS_SCHEMA_DIR'))
    return sorted(ids, key=len)[0]


def smallest_window():
    """Opens the viewer at its minimum size through its own settings: the window's size is
    kept in GSettings, and a size below the minimum opens it at the minimum. The memory
    backend the tests use forgets before the viewer starts; a key file in the test's own
    XDG_CONFIG_HOME keeps it."""
    if not scgui.shutil.which('gsettings'):
        scgui.skip('gsettings is not installed')
    os.environ['GSETTINGS_BACKEND'] = 'keyfile'
    schema = schema_id()
    for k, v in (('window-width', '1'), ('window-height', '1'), ('window-maximized', 'false'),
                 ('sidebar-visible', 'true')):
        subprocess.run(['gsettings', 'set', schema, k, v], check=True)
    path = os.path.join(os.environ['SCGUI_TMP'], 'layout', LONG_NAME)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    scgui.write_tiff(path, 64, 64, 120, description=DESCRIPTION)
    return [path]


def extents(acc):
    e = acc.queryComponent().getExtents(P.DESKTOP_COORDS)
    return e.x, e.y, e.width, e.height


def showing(acc):
    """Visible (GTK 4.8 gives no SHOWING state: the extents tell where it is drawn)."""
    return acc.getState().contains(P.STATE_VISIBLE)


def inside(inner, outer):
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return x >= ox and y >= oy and x + w <= ox + ow and y + h <= oy + oh


def check_control(acc, window_box, what):
    box = extents(acc)
    check(showing(acc) and box[2] > 0 and box[3] > 0 and inside(box, window_box),
          '%s "%s" shows in the window, %d × %d px' % (what, acc.name, box[2], box[3]))


def panel_scroll_bar(window, panel_box):
    """The side panel's scroll bar: a value node beside (right of) the panels' content."""
    for a in scgui.walk(window):
        if scgui.role(a) not in (P.ROLE_SCROLL_BAR, P.ROLE_FILLER):
            continue
        try:
            value = a.queryValue()
        except NotImplementedError:
            continue
        x, y, w, h = extents(a)
        if w > 0 and h > 0 and x >= panel_box[0] + panel_box[2] - 2 and h > w:
            return a, value
    return None, None


def scenario_minimum_size(app):
    """At the window's minimum size, with a Z and a T slider: both sliders keep a usable
    width and still move the plane, the navigation bar's other controls and every button
    of the header bar and the side panel show with a size, and the side panel scrolls to
    its last control."""
    window = app.main_window()
    wait_for('the stack', lambda: scgui.z_label(window).startswith('z 7/12'))
    time.sleep(0.5)   # the first allocation after the stack's widgets show
    win = extents(window)
    log('the window: %d × %d at %d, %d' % (win[2], win[3], win[0], win[1]))
    check(win[2] <= 800 and win[3] <= 520,
          'the window opens at its minimum size, %d × %d (asked for 1 × 1)' % (win[2], win[3]))
    app.screenshot('e2e-minimum-size-open')

    for name in ('Z plane', 'Time point'):
        s = wait_for('the %s slider' % name, lambda: find(window, P.ROLE_SLIDER, name))
        box = extents(s)
        check(showing(s) and box[2] >= MIN_SLIDER and inside(box, win),
              'the %s slider is %d px wide (at least %d) and inside the window'
              % (name, box[2], MIN_SLIDER))
    z = find(window, P.ROLE_SLIDER, 'Z plane')
    z.queryValue().currentValue = 3
    wait_for('z 3/12', lambda: scgui.z_label(window).startswith('z 3/12'))
    check(True, 'the Z slider still moves the plane: z 3/12')
    t = find(window, P.ROLE_SLIDER, 'Time point')
    t.queryValue().currentValue = 10
    wait_for('t 10/10', lambda: (scgui.label_matching(window, r'^t \d+/\d+') or '')
             .startswith('t 10/10'))
    check(True, 'the T slider still moves the time point: t 10/10')
    check_control(find(window, P.ROLE_SPIN_BUTTON, 'Playback rate'), win, 'the spin button')
    check_control(find(window, BUTTONS, match=scgui.named('Play')), win, 'the button')

    # the tab of a long name fits, ellipsized, and tells the whole name in its tooltip
    # (GTK gives a tooltip to screen readers as the description)
    tab = wait_for('the tab', lambda: find(window, P.ROLE_PAGE_TAB))
    check(inside(extents(tab), win), 'the tab of %s fits in the window (%d px wide)'
          % (LONG_NAME, extents(tab)[2]))
    select = find(tab, P.ROLE_PUSH_BUTTON, LONG_NAME)
    described = select.description if select is not None else ''
    check(described.endswith(LONG_NAME), 'its tooltip gives the whole name: "%s"' % described)

    for name in HEADER_BUTTONS:
        b = wait_for('the header button "%s"' % name,
                     lambda: find(window, BUTTONS, match=scgui.named(name)))
        check_control(b, win, 'the header button')

    panels = [find(window, P.ROLE_FILLER, p) for p in PANELS]
    check(all(panels), 'the side panel holds %s' % ', '.join(PANELS))
    # a drop-down's button is named by its type; the drop-down itself by its label
    buttons = [b for p in panels for b in find_all(p, BUTTONS)
               if b.name and not b.name.startswith('Gtk')]
    buttons += [c for p in panels for c in find_all(p, P.ROLE_COMBO_BOX)]
    check(len(buttons) >= 10, 'the side panel has %d named buttons and drop-downs' % len(buttons))
    for b in buttons:
        box = extents(b)
        check(showing(b) and box[2] > 0 and box[3] > 0,
              'the panel\'s %s "%s" shows, %d × %d px' % (b.getRoleName(), b.name, box[2], box[3]))

    # the panel is taller than the window: it scrolls, down to its last button
    panel_box = extents(panels[0])
    bar, value = panel_scroll_bar(window, panel_box)
    check(bar is not None and value.maximumValue > value.minimumValue,
          'the side panel has a scroll bar (0 .. %g)' % (value.maximumValue if value else 0))
    last = max(buttons, key=lambda b: extents(b)[1])
    value.currentValue = value.maximumValue
    wait_for('the panel scrolled to its end', lambda: inside(extents(last), win), timeout=10)
    check(True, 'scrolled to its end, the panel shows its last button "%s" inside the window'
          % last.name)
    app.screenshot('e2e-minimum-size-scrolled')


def scenario_shortcut_keys(app):
    """The shortcuts window shows the keys by name ("Page Down"), not by their X names
    ("Page_Down"), as GTK does where its own catalogue has no translation."""
    window = app.main_window()
    wait_for('the stack', lambda: scgui.z_label(window).startswith('z 7/12'))
    scgui.pointer_to(window)
    key('?', ['ctrl', 'shift'])
    shortcuts = wait_for('the shortcuts window', lambda: app.window('GtkShortcutsWindow') or
                         next((w for w in app.windows() if w is not None and w.name and
                               'hortcut' in w.name), None))
    texts = wait_for('the key caps', lambda: [scgui.text_of(a) for a in scgui.walk(shortcuts)
                                              if scgui.role(a) == P.ROLE_LABEL] or None)
    log('labels: %s' % ', '.join(sorted(set(texts))))
    check('Page Down' in texts and 'Page Up' in texts,
          'the keys of the plane shortcuts read "Page Down" and "Page Up"')
    raw = sorted({t for t in texts if '_' in t and ' ' not in t})
    check(not raw, 'no key shows its raw name (%s)' % ', '.join(raw))
    app.screenshot('e2e-shortcut-keys')
    key('Escape')


SCENARIOS = {
    'minimum-size': (scenario_minimum_size, smallest_window),
    'shortcut-keys': (scenario_shortcut_keys, smallest_window),
}
