#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives the real Stackscope window as a user would, through AT-SPI."""

import os
import re
import shutil
import subprocess
import sys
import time

import pyatspi

APP, DATA, OUT = sys.argv[1:4]
failures = []


def check(ok, what):
    print(('ok     ' if ok else 'FAILED ') + what, flush=True)
    if not ok:
        failures.append(what)


def walk(acc, depth=0):
    if acc is None or depth > 60:
        return
    yield acc
    for i in range(acc.childCount):
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
    except NotImplementedError:
        return acc.name or ''


def labels(app):
    return [text_of(a) for a in walk(app) if a.getRole() == pyatspi.ROLE_LABEL]


def wait_for(what, func, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        value = func()
        if value:
            return value
        time.sleep(0.25)
    check(False, 'timed out waiting for ' + what)
    return None


def find(app, role, name):
    for a in walk(app):
        if a.getRole() == role and a.name == name:
            return a
    return None


def screenshot(name):
    if shutil.which('import'):
        path = os.path.join(OUT, name)
        subprocess.run(['import', '-window', 'root', path], check=False)
        print('screenshot: ' + path, flush=True)


def pixel_value_from_imagemagick(page, x, y):
    if not shutil.which('convert'):
        return None
    res = subprocess.run(['convert', '%s[%d]' % (DATA, page), '-format',
                          '%%[fx:round(p{%d,%d}.r*QuantumRange)]' % (x, y), 'info:'],
                         capture_output=True, text=True, check=False)
    try:
        return int(float(res.stdout.strip()))
    except ValueError:
        return None


def pixel_width_from_imagemagick():
    if not shutil.which('identify'):
        return None
    res = subprocess.run(['identify', '-format', '%x', DATA + '[0]'],
                         capture_output=True, text=True, check=False)
    try:
        return 1.0 / float(res.stdout.split()[0])
    except (ValueError, IndexError, ZeroDivisionError):
        return None


proc = subprocess.Popen([APP, DATA])
try:
    app = wait_for('the application on the accessibility bus', find_app, timeout=60)
    if app is None:
        sys.exit(1)

    z_text = wait_for('the Z label',
                      lambda: next((t for t in labels(app) if t.startswith('z ')), None))
    print('Z label: %r' % z_text)
    check(z_text == 'z 13/25 · 4.65 µm', 'the Z label shows plane 13 of 25 at 4.65 µm')

    subtitle = next((t for t in labels(app) if 'planes' in t), '')
    print('subtitle: %r' % subtitle)
    check('147 × 137' in subtitle and '25 planes' in subtitle,
          'the header gives 147 × 137 pixels and 25 planes')

    slider = find(app, pyatspi.ROLE_SLIDER, 'Z plane')
    check(slider is not None, 'a slider named "Z plane" exists')
    if slider is not None:
        value = slider.queryValue()
        print('slider: %g .. %g, now %g' % (value.minimumValue, value.maximumValue,
                                            value.currentValue))
        check(value.minimumValue == 1 and value.maximumValue == 25,
              'the Z slider runs from 1 to 25')
        check(value.currentValue == 13, 'the Z slider stands at plane 13')

    # the status bar's readout; it shows the image size until the pointer is over the plane
    readout = next((a for a in walk(app) if a.getRole() == pyatspi.ROLE_LABEL and
                    text_of(a).startswith('147 × 137 pixels')), None)
    plane = find(app, pyatspi.ROLE_IMAGE, 'Plane')
    check(readout is not None and plane is not None, 'the plane and its readout are exposed')

    if readout is not None and plane is not None:
        ext = plane.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        print('plane extents: %d,%d %dx%d' % (ext.x, ext.y, ext.width, ext.height))
        # point a little off the centre, then click there for the Z profile
        px, py = ext.x + ext.width // 2 + 7, ext.y + ext.height // 2 - 5
        pyatspi.Registry.generateMouseEvent(px, py, 'abs')
        time.sleep(0.3)
        pyatspi.Registry.generateMouseEvent(px + 1, py, 'abs')
        text = wait_for('a readout under the pointer',
                        lambda: text_of(readout) if text_of(readout).startswith('x ') else None)
        print('readout: %r' % text)
        m = re.match(r'x (\d+)  y (\d+)  \(([\d.]+), ([\d.]+) µm\)  ·  z 13/25  ·  value (\d+)$',
                     text or '')
        check(m is not None, 'the readout gives x, y, calibrated position, z and the value')
        if m:
            x, y, cx, cy, v = int(m[1]), int(m[2]), float(m[3]), float(m[4]), int(m[5])
            check(0 <= x < 147 and 0 <= y < 137, 'the readout position lies in the image')
            pixel = pixel_width_from_imagemagick()
            if pixel is not None:
                print('ImageMagick reads a pixel width of %.5f' % pixel)
                check(abs(cx - x * pixel) < 0.01 and abs(cy - y * pixel) < 0.01,
                      'the calibrated position is x, y times the pixel width')
            expected = pixel_value_from_imagemagick(12, x, y)
            if expected is not None:
                print('ImageMagick reads %d at (%d, %d) of page 13' % (expected, x, y))
                check(v == expected, 'the readout value matches the file')

        pyatspi.Registry.generateMouseEvent(px + 1, py, 'b1c')
        profile = wait_for('the Z profile title',
                           lambda: next((t for t in labels(app)
                                         if t.startswith('Z Profile at ')), None))
        check(profile is not None, 'a click shows the Z profile of that pixel')
        screenshot('gui-viewer-golgi.png')

        # Page Down moves to the next plane
        pyatspi.Registry.generateKeyboardEvent(0xff56, None, pyatspi.KEY_SYM)
        z_next = wait_for('plane 14',
                          lambda: next((t for t in labels(app) if t.startswith('z 14/25')), None),
                          timeout=10)
        check(z_next is not None, 'Page Down shows plane 14')
        if slider is not None:
            check(slider.queryValue().currentValue == 14, 'the slider follows to plane 14')
finally:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()

if failures:
    print('%d check(s) failed' % len(failures))
    sys.exit(1)
print('all checks passed')
