#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generates the benchmark stacks for bench-project.py (numpy + tifffile, Debian's python3).

Usage: /usr/bin/python3 gen-stacks.py DIR [NAME...]

Stacks (all ImageJ-style Z stacks readable by stackscope-cli, numpy+tifffile and ImageJ):
  u16.tif         200 x 2048 x 2048 uint16, uncompressed (1.6 GiB)
  u8.tif          256 x 2048 x 2048 uint8, uncompressed (1.0 GiB)
  f32.tif          64 x 2048 x 2048 float32, uncompressed (1.0 GiB)
  deflate.tif     400 x 2048 x 2048 uint16, Deflate, 16-row strips (3.4 GB of data, ~1.7 GB on disk)
  manypages.tif 20000 x  128 x  128 uint16, uncompressed (0.6 GiB in 20,000 pages)
  tinypages.tif 20000 x   16 x   16 uint16, uncompressed (14 MB: 20,000 pages of 512 bytes,
                  so that a projection's time is nearly all per-page cost)
  onepage.tif       1 x   16 x   16 uint16, uncompressed (the baseline that tinypages is
                  measured against: a whole run with one page)

A stack that exists already is left alone (delete it to have it made again); each is
written to NAME.tif.part and renamed into place, so a file of that name is complete.

The data look like fluorescence: a dim background with shot noise and bright blobs that
move through Z, so that max, median and percentiles differ from pixel to pixel.
"""
import os
import sys

import numpy as np
import tifffile

STACKS = {
    "u16": dict(shape=(200, 2048, 2048), dtype=np.uint16, compression=None),
    "u8": dict(shape=(256, 2048, 2048), dtype=np.uint8, compression=None),
    "f32": dict(shape=(64, 2048, 2048), dtype=np.float32, compression=None),
    "deflate": dict(shape=(400, 2048, 2048), dtype=np.uint16, compression="zlib"),
    "manypages": dict(shape=(20000, 128, 128), dtype=np.uint16, compression=None),
    "tinypages": dict(shape=(20000, 16, 16), dtype=np.uint16, compression=None),
    "onepage": dict(shape=(1, 16, 16), dtype=np.uint16, compression=None),
}


def make_planes(shape, dtype, seed=1):
    """Yields the planes one by one (the whole stack never sits in memory)."""
    z, h, w = shape
    rng = np.random.default_rng(seed)
    # A few noise fields to cycle through: generating fresh noise for every plane of a
    # 3 GB stack takes longer than the benchmark itself.
    n_noise = 7
    noise = [rng.standard_normal((h, w), dtype=np.float32) for _ in range(n_noise)]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    n_blobs = 40
    bx = rng.uniform(0, w, n_blobs).astype(np.float32)
    by = rng.uniform(0, h, n_blobs).astype(np.float32)
    bz = rng.uniform(0, z, n_blobs).astype(np.float32)
    br = rng.uniform(0.02, 0.08, n_blobs).astype(np.float32) * min(h, w)
    top = {np.uint8: 250.0, np.uint16: 20000.0, np.float32: 20000.0}[dtype]
    background = top * 0.05
    for i in range(z):
        plane = np.full((h, w), background, dtype=np.float32)
        for b in range(n_blobs):
            dz = (i - bz[b]) / max(z / 8.0, 1.0)
            weight = np.exp(-dz * dz)
            if weight < 0.05:
                continue
            r = br[b]
            x0, x1 = int(max(0, bx[b] - 3 * r)), int(min(w, bx[b] + 3 * r + 1))
            y0, y1 = int(max(0, by[b] - 3 * r)), int(min(h, by[b] + 3 * r + 1))
            sub = plane[y0:y1, x0:x1]
            d2 = (xx[y0:y1, x0:x1] - bx[b]) ** 2 + (yy[y0:y1, x0:x1] - by[b]) ** 2
            sub += top * 0.6 * weight * np.exp(-d2 / (2 * r * r))
        plane += noise[i % n_noise] * np.sqrt(plane) * (1.5 if dtype != np.uint8 else 0.6)
        if dtype == np.float32:
            plane -= background  # negative values too
            yield plane
        else:
            info = np.iinfo(dtype)
            yield np.clip(np.rint(plane), info.min, info.max).astype(dtype)


def generate(path, shape, dtype, compression):
    tmp = path + ".part"
    kwargs = dict(photometric="minisblack", metadata={"axes": "ZYX", "spacing": 0.5, "unit": "um"},
                  resolution=(1 / 0.2, 1 / 0.2))
    if compression:
        # ImageJ cannot read compressed "ImageJ" stacks; a plain multi-page TIFF opens as a stack.
        kwargs.update(compression=compression, compressionargs={"level": 1}, maxworkers=os.cpu_count(),
                      metadata=None)
    else:
        kwargs.update(imagej=True)
    tifffile.imwrite(tmp, make_planes(shape, dtype), shape=shape, dtype=dtype, **kwargs)
    os.replace(tmp, path)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    names = sys.argv[2:] or list(STACKS)
    os.makedirs(out, exist_ok=True)
    for name in names:
        if name not in STACKS:
            sys.exit(f"unknown stack {name} (one of {', '.join(STACKS)})")
        spec = STACKS[name]
        path = os.path.join(out, name + ".tif")
        if os.path.exists(path):
            print(f"{path} exists", flush=True)
            continue
        print(f"generating {path} {spec['shape']} {np.dtype(spec['dtype']).name}"
              f"{' ' + spec['compression'] if spec['compression'] else ''}", flush=True)
        generate(path, spec["shape"], spec["dtype"], spec["compression"])
        print(f"  {os.path.getsize(path) / 2**30:.2f} GiB on disk", flush=True)


if __name__ == "__main__":
    main()
