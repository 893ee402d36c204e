# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end scenarios of the keys and the wheel (test-e2e.py runs them): Space plays
whatever has the focus, and the wheel over the image moves through the planes."""

import os
import time

import scgui
from scgui import check, find, find_all, key, label_matching, log, wait_for

P = scgui.pyatspi
BUTTONS = (P.ROLE_PUSH_BUTTON, P.ROLE_TOGGLE_BUTTON)

GOLGI_NAME = 'xyz_calibrated_16bit__golgi_bfa.tif'
# 5 slices × 4 frames of 64 × 64, an ImageJ hyperstack
HYPERSTACK_NAME = 'zt-hyperstack.tif'
HYPERSTACK_DESCRIPTION = ('ImageJ=1.53t\nimages=20\nslices=5\nframes=4\nhyperstack=true\n'
                          'mode=grayscale\n')


def make_hyperstack():
    path = os.path.join(os.environ['SCGUI_TMP'], 'zt', HYPERSTACK_NAME)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    scgui.write_tiff(path, 64, 64, 20, description=HYPERSTACK_DESCRIPTION)
    return [path]


def named(name):
    def match(acc):
        n = acc.name or ''
        return n == name or n.startswith(name + ' ')
    return match


def button(root, name):
    return find(root, BUTTONS, match=named(name))


def z_label(window):
    return label_matching(window, r'^z \d+/\d+') or ''


def t_label(window):
    return label_matching(window, r'^t \d+/\d+') or ''


def z_value(window):
    return find(window, P.ROLE_SLIDER, 'Z plane').queryValue().currentValue


def tab_count(window):
    strip = find(window, P.ROLE_PAGE_TAB_LIST)
    return len(find_all(strip, P.ROLE_PAGE_TAB)) if strip is not None else 0


def scroll_value(bar):
    for a in scgui.walk(bar):
        try:
            return a.queryValue().currentValue
        except NotImplementedError:
            continue
    return None


def focused(acc):
    return any(a.getState().contains(P.STATE_FOCUSED) for a in scgui.walk(acc))


def focus(acc):
    """Gives a control the keyboard focus: through AT-SPI where the toolkit does it, else
    with Tab as a keyboard user would."""
    try:
        acc.queryComponent().grabFocus()
    except Exception:
        pass
    deadline = time.monotonic() + 1
    while not focused(acc) and time.monotonic() < deadline:
        time.sleep(0.05)
    tabs = 0
    while not focused(acc) and tabs < 80:
        key('Tab')
        tabs += 1
        time.sleep(0.05)
    log('%s "%s" has the focus after %d Tab(s)' % (acc.getRoleName(), acc.name, tabs))
    wait_for('the focus on %s "%s"' % (acc.getRoleName(), acc.name), lambda: focused(acc),
             timeout=5)


def steady(func, seconds=0.6):
    """The value of func() once it has not changed for a while (or the last one seen)."""
    last = func()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        time.sleep(seconds)
        now = func()
        if now == last:
            return now
        last = now
    return last


def scenario_space_play(app):
    """Space plays and stops whatever has the focus: the Project button keeps it no more
    (Space pressed it, and a projection ran); a spin button keeps its own keys."""
    window = app.main_window()
    wait_for('the stack', lambda: z_label(window).startswith('z 13/25'))
    scgui.pointer_to(window)   # with no window manager the window under the pointer has the keys
    project = wait_for('the Project button', lambda: button(window, 'Project'))
    play = wait_for('the Play button', lambda: button(window, 'Play'))
    z = find(window, P.ROLE_SLIDER, 'Z plane').queryValue()
    tabs = tab_count(window)

    def playing():
        return named('Stop')(play)

    def stopped():
        return named('Play')(play)

    focus(project)
    check(True, 'the Project button has the focus')
    key('space')
    wait_for('the Stop button after Space', playing)
    check(True, 'Space with the Project button focused plays: the Play button became Stop')
    wait_for('the Z slider to move on', lambda: z.currentValue != 13)
    check(True, 'the Z slider moves on while it plays (%g)' % z.currentValue)
    key('space')
    wait_for('the Play button after Space again', stopped)
    check(True, 'Space again stops: the button is Play again')
    still = steady(lambda: z.currentValue)
    time.sleep(0.5)
    check(z.currentValue == still, 'the Z slider stays at %g once stopped' % still)
    check(tab_count(window) == tabs and window.name == GOLGI_NAME,
          'Space started no projection: still %d tab(s), the title is the stack\'s' % tabs)
    check(focused(project), 'the Project button kept the focus')

    # a spin button being edited keeps Home and End (they move its text cursor)
    rate = find(window, P.ROLE_SPIN_BUTTON, 'Playback rate')
    focus(rate)
    key('End')
    key('Home')
    time.sleep(0.5)
    check(z.currentValue == still, 'Home and End in the rate spin button leave the plane '
          '(%g)' % still)
    # and Space, which it has no use for, still plays
    key('space')
    wait_for('the Stop button after Space in the spin button', playing)
    check(True, 'Space in the rate spin button plays')
    key('space')
    wait_for('the Play button', stopped)
    scgui.click(play)   # a click on the button still plays too
    wait_for('the Stop button after a click', playing)
    scgui.click(play)
    wait_for('the Play button after a click', stopped)
    check(True, 'the play button still plays and stops with a click')


def scenario_wheel_planes(app):
    """The wheel over the image moves through the planes (Fiji's habit), Shift+wheel through
    time, Ctrl+wheel zooms; the zoomed view does not scroll on a plain wheel."""
    window = app.main_window()
    wait_for('the stack', lambda: z_label(window).startswith('z 3/5'))
    check(t_label(window).startswith('t 1/4'), 'the hyperstack opens at t 1/4')
    plane = wait_for('the plane view', lambda: find(window, P.ROLE_IMAGE, 'Plane'))
    scgui.wheel(plane, 1)
    wait_for('z 4/5 after the wheel down', lambda: z_label(window).startswith('z 4/5'))
    check(z_value(window) == 4, 'the wheel down shows the next slice: the Z slider is at 4')
    scgui.wheel(plane, -3)
    wait_for('z 1/5 after three clicks up', lambda: z_label(window).startswith('z 1/5'))
    check(True, 'the wheel up goes back, and stops at the first slice')
    check(t_label(window).startswith('t 1/4'), 'the plain wheel leaves the time point')
    scgui.wheel(plane, 2, ['shift'])
    wait_for('t 3/4 after Shift+wheel down twice', lambda: t_label(window).startswith('t 3/4'))
    check(z_label(window).startswith('z 1/5'), 'Shift+wheel moves through time, not Z')

    zoom = wait_for('the zoom label', lambda: label_matching(window, r'^\d+%$'))
    scgui.wheel(plane, -4, ['ctrl'])
    zoomed = wait_for('the zoom to change after Ctrl+wheel up',
                      lambda: (lambda z: z if z != zoom else None)(
                          label_matching(window, r'^\d+%$')))
    check(int(zoomed[:-1]) > int(zoom[:-1]), 'Ctrl+wheel up zooms in: %s -> %s' % (zoom, zoomed))
    z_before = z_label(window)
    check(z_before.startswith('z 1/5'), 'Ctrl+wheel leaves the plane')
    bars = find_all(window, P.ROLE_SCROLL_BAR)
    values = [scroll_value(b) for b in bars]
    log('scroll bars after zooming: %r' % values)
    check(any(v for v in values), 'the zoomed view is scrolled away from the corner')
    scgui.wheel(plane, 1)
    wait_for('z 2/5 in the zoomed view', lambda: z_label(window).startswith('z 2/5'))
    time.sleep(0.3)
    check([scroll_value(b) for b in bars] == values,
          'in a zoomed view the wheel changes the plane and scrolls nothing')
    app.screenshot('e2e-wheel-planes')


SCENARIOS = {
    'space-play': (scenario_space_play,
                   lambda: [scgui.testdata('zstack-16bit-golgi', GOLGI_NAME)]),
    'wheel-planes': (scenario_wheel_planes, make_hyperstack),
}
