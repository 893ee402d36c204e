# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end scenario of the orthogonal views (test-e2e.py runs it): the toggle shows an
XZ and a YZ pane, a click in either moves the crosshair and the Z slider to the slice
clicked, and the toggle (or its key, O) takes them away again."""

import os
import re
import subprocess
import sys
import time

import scgui
from scgui import check, find, key, label_matching, log, wait_for

P = scgui.pyatspi
GOLGI = ('zstack-16bit-golgi', 'xyz_calibrated_16bit__golgi_bfa.tif')
# golgi's z step against its pixel size (0.3876 / 0.351435 micron): a slice's thickness
GOLGI_ASPECT = 0.3876 / 0.351435
GOLGI_SLICES = 25


def z_label(window):
    return label_matching(window, r'^z \d+/\d+') or ''


def z_value(window):
    return find(window, P.ROLE_SLIDER, 'Z plane').queryValue().currentValue


def pane(window, name):
    """The pane's plane view while it is shown, else None (GTK 4.8 says "visible", never
    "showing")."""
    acc = find(window, P.ROLE_IMAGE, name)
    if acc is None or not acc.getState().contains(P.STATE_VISIBLE):
        return None
    return acc


def extents(acc):
    return acc.queryComponent().getExtents(P.DESKTOP_COORDS)


def zoom_of(window):
    text = wait_for('the zoom label', lambda: label_matching(window, r'^\d+%$'))
    return int(text[:-1]) / 100.0


def pressed(toggle):
    states = toggle.getState()
    return states.contains(P.STATE_PRESSED) or states.contains(P.STATE_CHECKED)


def click_at(x, y):
    P.Registry.generateMouseEvent(int(round(x)), int(round(y)), 'abs')
    time.sleep(0.1)
    P.Registry.generateMouseEvent(int(round(x)), int(round(y)), 'b1c')


def scenario_orthogonal_views(app):
    """Orthogonal Views: XZ below the plane and YZ to its right at golgi's true aspect; a
    click on a slice in either pane shows that slice (the Z slider follows); off again,
    the panes go."""
    window = app.main_window()
    wait_for('the stack', lambda: z_label(window).startswith('z 13/25'))
    check(pane(window, 'XZ view') is None and pane(window, 'YZ view') is None,
          'no XZ or YZ pane before the toggle')
    toggle = wait_for('the Orthogonal Views toggle',
                      lambda: find(window, (P.ROLE_TOGGLE_BUTTON, P.ROLE_PUSH_BUTTON),
                                   'Orthogonal Views'))
    scgui.click(toggle)
    xz = wait_for('the XZ pane', lambda: pane(window, 'XZ view'))
    yz = wait_for('the YZ pane', lambda: pane(window, 'YZ view'))
    check(pressed(toggle), 'the toggle is on')
    plane = find(window, P.ROLE_IMAGE, 'Plane')
    time.sleep(1.0)   # the layout settles as the plane's fit zoom follows the panes
    pe, xe, ye = extents(plane), extents(xz), extents(yz)
    log('extents: plane %r, XZ %r, YZ %r' % ((pe.x, pe.y, pe.width, pe.height),
                                             (xe.x, xe.y, xe.width, xe.height),
                                             (ye.x, ye.y, ye.width, ye.height)))
    check(xe.y >= pe.y + pe.height and abs(xe.x - pe.x) <= 1 and abs(xe.width - pe.width) <= 1,
          'the XZ pane lies below the plane, as wide as it')
    check(ye.x >= pe.x + pe.width and abs(ye.y - pe.y) <= 1 and abs(ye.height - pe.height) <= 1,
          'the YZ pane lies to the right of the plane, as tall as it')

    zoom = zoom_of(window)
    thick = GOLGI_ASPECT * zoom   # screen pixels per slice
    # the panes' images are centred where they are smaller than the pane
    xz_top = xe.y + (xe.height - GOLGI_SLICES * thick) // 2
    yz_left = ye.x + (ye.width - GOLGI_SLICES * thick) // 2
    log('zoom %.2f: a slice is %.2f px thick' % (zoom, thick))
    check(thick > zoom * 1.05, 'the slices are drawn thicker than a pixel (true aspect)')

    # GTK 4.8 puts the extents a few pixels off the drawing (the window's shadow is not
    # counted), the same for every widget: the first click finds how many slices that is,
    # and from then on each click must land on the slice under it
    click_at(xe.x + xe.width / 2, xz_top + 5.5 * thick)
    wait_for('the Z slider to leave 13 after a click on slice 6 of the XZ pane',
             lambda: z_value(window) != 13)
    time.sleep(0.3)
    shift = 6 - int(z_value(window))
    log('the first click showed slice %d: the extents are %d slice(s) off'
        % (z_value(window), shift))
    check(abs(shift) <= 2, 'a click on slice 6 of the XZ pane shows slice 6 (give or take the '
          'extents\' offset, %d)' % shift)

    click_at(xe.x + xe.width / 2, xz_top + 17.5 * thick)
    want = 18 - shift
    wait_for('z %d/25 after a click on slice 18 of the XZ pane' % want,
             lambda: z_label(window).startswith('z %d/25' % want))
    check(z_value(window) == want, 'a click on slice 18 of the XZ pane moves the Z slider '
          'there (%d)' % want)

    click_at(yz_left + 9.5 * thick, ye.y + ye.height / 3)
    want = 10 - shift
    wait_for('z %d/25 after a click on slice 10 of the YZ pane' % want,
             lambda: z_label(window).startswith('z %d/25' % want))
    check(z_value(window) == want, 'a click on slice 10 of the YZ pane moves the Z slider '
          'there (%d)' % want)

    # a drag in the XZ pane moves the slice with the pointer
    x = xe.x + xe.width / 3
    P.Registry.generateMouseEvent(int(x), int(xz_top + 2.5 * thick), 'abs')
    P.Registry.generateMouseEvent(int(x), int(xz_top + 2.5 * thick), 'b1p')
    for k in (4, 8, 12):
        time.sleep(0.1)
        P.Registry.generateMouseEvent(int(x), int(xz_top + (k + 0.5) * thick), 'abs')
    time.sleep(0.1)
    P.Registry.generateMouseEvent(int(x), int(xz_top + 12.5 * thick), 'b1r')
    want = 13 - shift
    wait_for('z %d/25 after a drag to slice 13 of the XZ pane' % want,
             lambda: z_label(window).startswith('z %d/25' % want))
    check(True, 'a drag in the XZ pane follows the pointer to slice 13')

    # the Z slider moves the line in the panes: the view follows (checked by its label)
    scgui.pointer_to(plane)   # the keys go to the window under the pointer
    key('Page_Down')
    want += 1
    wait_for('z %d/25 after Page Down' % want, lambda: z_label(window).startswith('z %d/25' % want))
    # a click in the plane moves the crosshair there, and leaves the slice
    click_at(pe.x + pe.width * 0.45, pe.y + pe.height * 0.55)
    time.sleep(0.5)
    check(z_label(window).startswith('z %d/25' % want), 'a click in the plane leaves the slice')
    time.sleep(0.5)
    app.screenshot('e2e-orthogonal-views-on')

    # the XZ pane's data as TIFF, from the main menu: X wide, Z high, with its calibration
    out = os.path.join(os.environ['SCGUI_TMP'], 'golgi-xz.tif')

    def open_from_menu():
        scgui.click(scgui.wait_button(window, 'Main Menu'))
        item = wait_for('the menu item Export XZ View as TIFF…', lambda: find(
            window, P.ROLE_MENU_ITEM, match=lambda a: (a.name or '').replace('_', '')
            .startswith('Export XZ View as TIFF')))
        scgui.click(item)
    scgui.export_through_dialog(app, window, None, 'Export as TIFF', out, opener=open_from_menu)
    wait_for('the exported TIFF', lambda: os.path.exists(out) and os.path.getsize(out) > 0,
             timeout=30)
    cli = os.environ.get('SC_CLI') or os.path.join(os.path.dirname(sys.argv[2]), 'cli',
                                                   'stackscope-cli')
    info = subprocess.run([cli, 'info', out], capture_output=True, text=True).stdout
    log(info.strip().replace('\n', ' | '))
    check(re.search(r'147 x 25\b', info) is not None,
          'the XZ TIFF is 147 pixels wide (X) and 25 high (the slices)')
    check('0.3876' in info, 'its pixel height is the z step, 0.3876 micron')
    scgui.pointer_to(plane)

    key('o')
    wait_for('the panes to go after O', lambda: pane(window, 'XZ view') is None
             and pane(window, 'YZ view') is None)
    check(not pressed(toggle), 'O turns the views off: the '
          'toggle is off and the panes are gone')
    key('o')
    wait_for('the panes after O again', lambda: pane(window, 'XZ view') is not None)
    scgui.click(toggle)
    wait_for('the panes to go after the toggle', lambda: pane(window, 'XZ view') is None
             and pane(window, 'YZ view') is None)
    check(True, 'the toggle turns them off again')
    pe2 = extents(plane)
    check(pe2.width > pe.width and pe2.height > pe.height, 'the plane takes the room back')




def scenario_projection_axis(app):
    """A max projection along Y from the projection panel, without reslicing first: the
    result is an XZ image, 147 wide (X) and 25 high (the slices), and its TIFF export
    equals `stackscope-cli project --axis y`'s pixel for pixel."""
    window = app.main_window()
    wait_for('the stack', lambda: scgui.title_is(window, GOLGI[1]), timeout=30)
    scgui.choose(app, window, 'Projection method', 'Maximum')
    scgui.choose(app, window, 'Projection axis', 'Y (rows): an XZ image')
    result = 'MAX %s [1-25] XZ' % GOLGI[1]
    scgui.run_projection(window, result)
    wait_for('the result\'s size in the subtitle',
             lambda: label_matching(window, r'^147 × 25\b') is not None, timeout=30)
    check(True, 'the result "%s" is 147 × 25: X wide, the slices high' % result)
    out = os.path.join(os.environ['SCGUI_TMP'], 'gui-max-y.tif')
    time.sleep(1)   # the projection hands over its last result
    scgui.export_through_dialog(app, window, ['ctrl', 'shift'], 'Export as TIFF', out)
    wait_for('the exported TIFF', lambda: os.path.exists(out) and os.path.getsize(out) > 0,
             timeout=30)
    cli = os.environ.get('SC_CLI') or os.path.join(os.path.dirname(sys.argv[2]), 'cli',
                                                   'stackscope-cli')
    cli_out = os.path.join(os.environ['SCGUI_TMP'], 'cli-max-y.tif')
    res = subprocess.run([cli, 'project', scgui.testdata(*GOLGI), '--method', 'max', '--axis', 'y',
                          '-o', cli_out, '-q'], capture_output=True, text=True)
    check(res.returncode == 0, 'stackscope-cli project --axis y succeeds (%s)' % res.stderr.strip())

    import e2e_panel
    gui, ref = e2e_panel.tiff_page_values(out, 1), e2e_panel.tiff_page_values(cli_out, 1)
    check(len(gui) == 147 * 25 and gui == ref,
          'its %d pixels equal the CLI\'s projection along Y (max %d)' % (len(gui), max(gui)))


SCENARIOS = {
    'orthogonal-views': (scenario_orthogonal_views, lambda: [scgui.testdata(*GOLGI)]),
    'projection-axis': (scenario_projection_axis, lambda: [scgui.testdata(*GOLGI)]),
}
