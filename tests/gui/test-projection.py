#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Projections in the real Stackscope window, driven through AT-SPI: a median projection
whose progress bar moves through intermediate values to 100 %, a second run cancelled
midway, and a maximum projection exported to PNG through the save dialog and compared
with stackscope-cli's PNG for the same colormap and display range."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi

APP, DATA, OUT = sys.argv[1:4]
CLI = sys.argv[4] if len(sys.argv) > 4 else ''
failures = []
STEM = os.path.basename(DATA)


def check(ok, what):
    print(('ok     ' if ok else 'FAILED ') + what, flush=True)
    if not ok:
        failures.append(what)


def walk(acc, depth=0):
    if acc is None or depth > 60:
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
        yield from walk(child, depth + 1)


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name and app.name.lower() == 'stackscope':
            return app
    return None


def text_of(acc):
    try:
        t = acc.queryText()
        return t.getText(0, t.characterCount)
    except Exception:
        return acc.name or ''


def showing(acc):
    # GTK 4.8 leaves hidden widgets out of the tree and sets no "showing" state
    try:
        return acc.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def named(acc, name):
    # GTK 4.8 appends a button's own text to its accessible label ("Project Project")
    return acc.name == name or (acc.name or '').startswith(name + ' ')


def inside(acc, role):
    parent = acc.parent
    while parent is not None:
        if parent.getRole() == role:
            return True
        parent = parent.parent
    return False


def labels(app):
    return [text_of(a) for a in walk(app) if a.getRole() == pyatspi.ROLE_LABEL and showing(a)]


def wait_for(what, func, timeout=30, interval=0.1):
    end = time.time() + timeout
    while time.time() < end:
        value = func()
        if value:
            return value
        time.sleep(interval)
    check(False, 'timed out waiting for ' + what)
    return None


def find(app, role, name, visible=True):
    for a in walk(app):
        if a.getRole() == role and named(a, name) and (not visible or showing(a)):
            return a
    return None


def click(acc):
    # the Action interface where there is one: GTK 4.8 cannot report screen coordinates
    try:
        action = acc.queryAction()
        if action.nActions > 0:
            action.doAction(0)
            return
    except NotImplementedError:
        pass
    ext = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    x, y = ext.x + ext.width // 2, ext.y + ext.height // 2
    pyatspi.Registry.generateMouseEvent(x, y, 'abs')
    time.sleep(0.1)
    pyatspi.Registry.generateMouseEvent(x, y, 'b1c')


def key(keysym, modifiers=()):
    for m in modifiers:
        pyatspi.Registry.generateKeyboardEvent(m, None, pyatspi.KEY_PRESS)
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    for m in reversed(modifiers):
        pyatspi.Registry.generateKeyboardEvent(m, None, pyatspi.KEY_RELEASE)


def screenshot(name):
    if shutil.which('import'):
        path = os.path.join(OUT, name)
        subprocess.run(['import', '-window', 'root', path], check=False)
        print('screenshot: ' + path, flush=True)


METHODS = ['Maximum', 'Minimum', 'Mean', 'Sum', 'Standard Deviation', 'Median', 'Percentile']


def choose_method(app, label):
    """Opens the method list and moves to label with the arrow keys."""
    dropdown = find(app, pyatspi.ROLE_COMBO_BOX, 'Projection method')
    check(dropdown is not None, 'the panel has a projection method list')
    if dropdown is None:
        return
    current = next((text_of(a) for a in walk(dropdown) if a.getRole() == pyatspi.ROLE_LABEL
                    and text_of(a) in METHODS), 'Maximum')
    toggle = next((a for a in walk(dropdown) if a.getRole() == pyatspi.ROLE_PUSH_BUTTON
                   or a.getRole() == pyatspi.ROLE_TOGGLE_BUTTON), dropdown)
    click(toggle)
    time.sleep(0.6)
    steps = METHODS.index(label) - METHODS.index(current)
    for _ in range(abs(steps)):
        key(0xff54 if steps > 0 else 0xff52)   # Down / Up
        time.sleep(0.1)
    key(0xff0d)
    time.sleep(0.5)
    shown = next((text_of(a) for a in walk(dropdown) if a.getRole() == pyatspi.ROLE_LABEL
                  and text_of(a) in METHODS), None)
    check(shown == label, 'the method list shows %s' % label)


PARTS = {}


def part(app, name):
    """The panel or the tab bar, looked up once: walking the whole tree takes seconds."""
    if name not in PARTS:
        PARTS[name] = next((a for a in walk(app) if a.name == name), app)
    return PARTS[name]


def progress_bar(app):
    return find(part(app, 'ScProjectionPanel'), pyatspi.ROLE_PROGRESS_BAR, 'Projection progress')


def result_tabs(app, title):
    return [a for a in walk(part(app, 'AdwTabBar')) if a.getRole() == pyatspi.ROLE_LABEL
            and text_of(a) == title]


def running(bar):
    try:
        return bar.getState().contains(pyatspi.STATE_SENSITIVE)
    except Exception:
        return False


def watch_progress(app, seconds=60, stop_at=None, on_value=None):
    """Values of the progress bar from the start of a projection to its end (1.0), its
    cancellation (back to 0) or stop_at."""
    values = []
    end = time.time() + seconds
    bar = progress_bar(app)
    check(bar is not None, 'the panel has a progress bar')
    if bar is None:
        return values
    started = False
    while time.time() < end:
        try:
            v = bar.queryValue().currentValue
        except Exception as e:
            print('cannot read the progress bar: %s' % e)
            break
        if not started:
            # a run starts from 0 whatever the bar showed before
            started = v < 1 and running(bar) or 0 < v < 1
            if not started:
                time.sleep(0.02)
                continue
        if not values or values[-1] != v:
            values.append(v)
            if on_value:
                on_value(v)
        if stop_at is not None and v >= stop_at:
            break
        if v >= 1 or (v == 0 and len(values) > 1):
            break
        time.sleep(0.02)
    return values


stdout_path = os.path.join(OUT, 'projection-app.log')
env = dict(os.environ)
# a pause after each step, so that a 25-plane stack projects slowly enough to watch
env['STACKSCOPE_PROJECTION_DELAY_MS'] = '250'
env['STACKSCOPE_STALL_PROBE'] = '1'
app_log = open(stdout_path, 'w')
proc = subprocess.Popen([APP, DATA], env=env, stdout=app_log, stderr=subprocess.STDOUT)
try:
    app = wait_for('the application on the accessibility bus', find_app, timeout=60)
    if app is None:
        sys.exit(1)
    wait_for('the Z label', lambda: next((t for t in labels(app) if t.startswith('z ')), None))
    # without a window manager the keyboard follows the pointer: keep it over the window
    pyatspi.Registry.generateMouseEvent(300, 300, 'abs')

    # 1. a median projection whose progress bar moves through intermediate values
    choose_method(app, 'Median')
    project = find(app, pyatspi.ROLE_PUSH_BUTTON, 'Project')
    check(project is not None, 'a Project button')
    shots = []

    def mid_shot(v):
        if 0.4 <= v < 0.8 and not shots:
            shots.append(v)
            screenshot('gui-projection-running.png')

    click(project)
    values = watch_progress(app, on_value=mid_shot)
    print('progress values: %s' % ', '.join('%.2f' % v for v in values))
    intermediate = [v for v in values if 0 < v < 1]
    check(len(intermediate) >= 3, 'the progress bar passes through intermediate values')
    check(values == sorted(values), 'the progress only moves forward')
    check(bool(values) and values[-1] == 1.0, 'the progress bar reaches 100 %')
    title = 'MEDIAN %s [1-25]' % STEM
    check(wait_for('the result tab', lambda: result_tabs(app, title), timeout=10) is not None,
          'the result opens as "%s"' % title)
    probe = wait_for('the stall probe line',
                     lambda: re.findall(r'max main-loop stall ([\d.]+) ms',
                                        open(stdout_path).read()), timeout=10)
    if probe:
        # Informational here: software rendering under Xvfb and the AT-SPI traffic of this
        # test itself stall the loop; tests/bench/bench-projection-stall measures without them.
        print('max main-loop stall of the median projection (under AT-SPI): %s ms' % probe[0])
    screenshot('gui-projection-median.png')

    # 2. a second run, cancelled midway, leaves nothing behind and the UI idle
    n_tabs = len(result_tabs(app, title))
    click(project)
    values = watch_progress(app, stop_at=0.3)
    print('second run reached %.2f' % (values[-1] if values else -1))
    cancel = find(part(app, 'ScProjectionPanel'), pyatspi.ROLE_PUSH_BUTTON, 'Cancel projection')
    check(cancel is not None and bool(values) and values[-1] < 1, 'Cancel is offered midway')
    if cancel is not None:
        click(cancel)
    idle = wait_for('the progress bar to go idle',
                    lambda: not running(progress_bar(app)), timeout=5)
    check(bool(idle), 'the progress bar goes idle after Cancel')
    check(progress_bar(app).queryValue().currentValue == 0, 'the progress bar is back at 0')
    time.sleep(0.5)
    check(len(result_tabs(app, title)) == n_tabs, 'the cancelled projection leaves no result tab')
    project = find(part(app, 'ScProjectionPanel'), pyatspi.ROLE_PUSH_BUTTON, 'Project')
    check(project is not None and
          project.getState().contains(pyatspi.STATE_SENSITIVE), 'Project is available again')

    # 3. a maximum projection exported as PNG through the save dialog
    choose_method(app, 'Maximum')
    click(project)
    watch_progress(app)
    title = 'MAX %s [1-25]' % STEM
    check(wait_for('the max result', lambda: result_tabs(app, title), timeout=10) is not None,
          'the maximum projection opens as "%s"' % title)
    lo = find(app, pyatspi.ROLE_SPIN_BUTTON, 'Display minimum')
    hi = find(app, pyatspi.ROLE_SPIN_BUTTON, 'Display maximum')
    rmin = lo.queryValue().currentValue if lo else None
    rmax = hi.queryValue().currentValue if hi else None
    print('display range of the result: %s .. %s' % (rmin, rmax))

    target_dir = tempfile.mkdtemp(prefix='sc-export-')
    target = os.path.join(target_dir, 'gui-max.png')
    pyatspi.Registry.generateMouseEvent(300, 300, 'abs')
    key(0x65, (0xffe3,))     # Ctrl+E
    dialog = wait_for('the save dialog',
                      lambda: next((a for a in walk(app) if a.getRole() in
                                    (pyatspi.ROLE_DIALOG, pyatspi.ROLE_FILE_CHOOSER)
                                    and showing(a)), None), timeout=10)
    check(dialog is not None, 'Ctrl+E opens a save dialog')
    if dialog is not None:
        time.sleep(0.8)
        key(0x61, (0xffe3,))  # Ctrl+A in the name field, then the whole path
        pyatspi.Registry.generateKeyboardEvent(0, target, pyatspi.KEY_STRING)
        time.sleep(0.5)
        key(0xff0d)           # Return
    exported = wait_for('the exported PNG', lambda: os.path.exists(target), timeout=15)
    check(bool(exported), 'the PNG is written where the dialog said')
    toast = wait_for('the toast', lambda: next((t for t in labels(app)
                                                if t.startswith('Exported to')), None), timeout=5)
    check(toast is not None and 'gui-max.png' in (toast or ''), 'a toast says where the file went')
    check(find(app, pyatspi.ROLE_PUSH_BUTTON, 'Open Folder') is not None,
          'the toast offers Open Folder')

    if exported and CLI and rmin is not None and shutil.which('compare'):
        shutil.copy(target, os.path.join(OUT, 'gui-max.png'))
        cli_png = os.path.join(target_dir, 'cli-max.png')
        res = subprocess.run([CLI, 'project', DATA, '--method', 'max', '--colormap', 'gray',
                              '--range', '%g:%g' % (rmin, rmax), '-o', cli_png, '-q'],
                             capture_output=True, text=True)
        check(res.returncode == 0, 'stackscope-cli writes the same projection as PNG')
        diff = subprocess.run(['compare', '-metric', 'AE', target, cli_png, 'null:'],
                              capture_output=True, text=True)
        print('pixels that differ from the CLI: %s' % diff.stderr.strip())
        check(diff.stderr.strip() == '0', 'the exported PNG equals the CLI PNG pixel for pixel')
        if shutil.which('convert'):
            subprocess.run(['convert', target, '-filter', 'point', '-resize', '400%',
                            os.path.join(OUT, 'gui-max-exported-4x.png')], check=False)
    shutil.rmtree(target_dir, ignore_errors=True)
finally:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    app_log.close()
    print(open(stdout_path).read())

if failures:
    print('%d check(s) failed' % len(failures))
    sys.exit(1)
print('all checks passed')
