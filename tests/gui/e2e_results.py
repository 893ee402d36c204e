# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end scenario of results that are never lost (test-e2e.py runs it): opening another
stack keeps them, and closing a result's tab or its window asks first while a result is
running or not exported."""

import os

import scgui
from scgui import GOLGI, GOLGI_NAME, check, find, label_matching, log, wait_for
from scgui import export_through_dialog, open_through_dialog, run_projection, tabs_of, title_is

P = scgui.pyatspi
SPOTS = ('hyperstack-2ch-spots', 'xyzc_16bit__spots.tif')
RESULT = 'MAX %s [1-25]' % GOLGI_NAME


def projecting(window):
    """The panel's Cancel button can be pressed while a projection runs."""
    cancel = find(window, P.ROLE_PUSH_BUTTON, match=scgui.named('Cancel projection'))
    return cancel is not None and cancel.getState().contains(P.STATE_SENSITIVE)


def close_window(window):
    """The close button of the window's header bar (keys would go to the window on top)."""
    scgui.click(find(window, P.ROLE_PUSH_BUTTON, 'Close'))


def question(app, heading):
    """The message dialog that asks heading (a regular expression)."""
    return wait_for('the question "%s"' % heading,
                    lambda: app.window(match=lambda w: label_matching(w, heading)), timeout=10)


def answer(app, dialog, response):
    # libadwaita 1.2 lays the responses out twice (side by side, and stacked), either of
    # them answers, and names each button twice ("Cancel Cancel")
    scgui.click(find(dialog, P.ROLE_PUSH_BUTTON,
                     match=lambda a: (a.name or '').split(' ')[0] == response))
    wait_for('the question to close', lambda: all(
        label_matching(w, r'^Discard') is None for w in app.windows()), timeout=10)


def close_tab(tab):
    scgui.click(find(tab, P.ROLE_PUSH_BUTTON, 'Close Tab'))


def delayed_golgi():
    # 25 steps of 200 ms: there is time to close the tab of a projection that runs
    os.environ['STACKSCOPE_PROJECTION_DELAY_MS'] = '200'
    return [scgui.testdata(*GOLGI)]


def scenario_discard_question(app):
    """Item 1 of issue 13: a running projection's tab asks before it closes, a result that
    is not exported too, an exported one does not; opening another stack over results opens
    it in a window of its own and leaves the results in theirs; closing a window with an
    unsaved result asks "Discard 1 unsaved result?", and Cancel keeps it."""
    window = app.main_window()
    wait_for('the stack', lambda: title_is(window, GOLGI_NAME), timeout=30)
    run_projection(window, RESULT)
    check(projecting(window), 'the projection runs')

    # the tab of the running projection
    close_tab(tabs_of(window)[1])
    dialog = question(app, r'^Discard “%s”\?$' % RESULT.replace('[', r'\[').replace(']', r'\]'))
    check(label_matching(dialog, r'still running') is not None,
          'the question says that the projection is still running')
    app.screenshot('e2e-discard-question-tab')
    answer(app, dialog, 'Cancel')
    check(len(tabs_of(window)) == 2, 'Cancel keeps the tab of the running projection')
    wait_for('the projection to finish', lambda: not projecting(window), timeout=60)
    check(len(tabs_of(window)) == 2, 'the result is whole in its tab')

    # the finished result, not exported yet
    close_tab(tabs_of(window)[1])
    dialog = question(app, r'^Discard “MAX ')
    check(label_matching(dialog, r'not been exported') is not None,
          'the question says that the result has not been exported')
    answer(app, dialog, 'Cancel')
    check(len(tabs_of(window)) == 2, 'Cancel keeps the result')

    # exported, it closes without a question
    out = os.path.join(os.environ['SCGUI_TMP'], 'kept-max.tif')
    export_through_dialog(app, window, ['ctrl', 'shift'], 'Export as TIFF', out)
    wait_for('the exported file', lambda: os.path.exists(out), timeout=30)
    wait_for('the export message', lambda: label_matching(window, r'kept-max\.tif'), timeout=10)
    close_tab(tabs_of(window)[1])
    wait_for('the exported result\'s tab to close', lambda: len(tabs_of(window)) == 1,
             timeout=10)
    check(all(label_matching(w, r'^Discard') is None for w in app.windows()),
          'an exported result closes without a question')

    # opening another stack over a result: the result stays, the stack has its own window
    run_projection(window, RESULT)
    wait_for('the projection to finish', lambda: not projecting(window), timeout=60)
    spots = scgui.testdata(*SPOTS)
    open_through_dialog(app, window, spots)
    second = wait_for('a window with the spots', lambda: app.window(
        match=lambda w: title_is(w, SPOTS[1])), timeout=30)
    check(len(app.windows()) == 2, 'the spots open in a window of their own')
    check(len(tabs_of(window)) == 2 and title_is(window, RESULT),
          'the first window still shows its stack and its result')
    log('windows: %s' % [w.name for w in app.windows()])
    app.screenshot('e2e-discard-question-two-windows')

    # closing that window asks, and Cancel keeps it
    close_window(window)
    dialog = question(app, r'^Discard 1 unsaved result\?$')
    app.screenshot('e2e-discard-question-window')
    answer(app, dialog, 'Cancel')
    check(len(app.windows()) == 2 and len(tabs_of(window)) == 2,
          'Cancel keeps the window and its result')
    close_window(window)
    answer(app, question(app, r'^Discard 1 unsaved result\?$'), 'Discard')
    wait_for('the first window to close', lambda: len(app.windows()) == 1, timeout=20)
    window = app.windows()[0]
    check(title_is(window, SPOTS[1]), 'the window of the spots stays')

    # Discard on the tab of a running projection stops it, and its tab goes
    scgui.click(scgui.wait_button(window, 'Project'))
    wait_for('the result tab', lambda: len(tabs_of(window)) == 2 and projecting(window),
             timeout=30)
    close_tab(tabs_of(window)[1])
    answer(app, question(app, r'^Discard “MAX '), 'Discard')
    wait_for('the projection to stop and its tab to close',
             lambda: len(tabs_of(window)) == 1 and not projecting(window), timeout=20)
    check(title_is(window, SPOTS[1]), 'the stack shows again, and nothing of the result is left')


SCENARIOS = {
    'discard-question': (scenario_discard_question, delayed_golgi),
}
