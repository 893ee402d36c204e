#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Times `stackscope-cli project` beside numpy+tifffile and ImageJ on the same files.

Usage (from the repository root, after building):
    /usr/bin/python3 tests/bench/bench-project.py [--build _build] [--dir /tmp/stackscope-bench]
        [--stacks u16,u8,f32,deflate,manypages] [--methods median,p90] [--no-imagej] [--runs 3]
        [--delete] [--peers DIR]

Generates the stacks (gen-stacks.py, several GiB: see --delete), reads each into the page
cache, and times whole processes with /usr/bin/time -v: stackscope-cli (best of --runs),
../shared/peers/numpy_zproject.py and ImageJ's Z Project under Xvfb (once each). Prints per
stack and method the time ratios to each peer, GB/s of input and ns per element for
stackscope-cli, peak RSS of all three, and whether the results agree with numpy's (the
correctness reference).

Each stack's floors are measured in the same run (best of --runs, whole processes, all
threads) by the build's tests/bench-floor: the read floor (pread every byte of the file
into a reused buffer and fold it) and the decode floor (libtiff decoding every strip of
every page, nothing else). Each method's time is printed as a multiple of the stack's
floor: the decode floor for compressed files, else the read floor.

Needs python3-numpy and python3-tifffile (generating the stacks and checking results);
peers that are missing (numpy_zproject.py, ImageJ, Xvfb) are skipped with a message:
apt-get install -y imagej xvfb python3-tifffile python3-numpy
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
# Beside the checkout, as the test data are; never one machine's absolute path.
PEERS = os.path.normpath(os.path.join(ROOT, "..", "shared", "peers"))

np = None
tifffile = None

# method -> (stackscope, numpy, ImageJ)
METHODS = {
    "max": ("max", "max", "Max Intensity"),
    "min": ("min", "min", "Min Intensity"),
    "sum": ("sum", "sum", "Sum Slices"),
    "mean": ("mean", "mean", "Average Intensity"),
    "sd": ("sd", "std", "Standard Deviation"),
    "median": ("median", "median", "Median"),
    "p90": ("p90", "p90", None),
}
PLAN = {
    "u16": ["max", "min", "sum", "mean", "sd", "median", "p90"],
    "u8": ["max", "mean", "sd", "median"],
    "f32": ["max", "mean", "sd", "median"],
    "deflate": ["mean", "median"],
    "manypages": ["max", "mean", "median"],
}


def timed(cmd, env=None, timeout=1800):
    """Runs cmd under /usr/bin/time -v; returns (seconds, peak RSS MiB, rc, output)."""
    t0 = time.perf_counter()
    try:
        p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True,
                           env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None, "timeout", ""
    wall = time.perf_counter() - t0
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    rss = int(m.group(1)) / 1024 if m else None
    return wall, rss, p.returncode, p.stdout + p.stderr


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def stack_info(path):
    with tifffile.TiffFile(path) as tf:
        s = tf.series[0]
        return s.shape, s.dtype


def compare(ours, ref, method):
    """'ok', or what differs, against numpy's output."""
    if not (os.path.exists(ours) and os.path.exists(ref)):
        return "missing"
    a = tifffile.imread(ours).astype(np.float64)
    b = tifffile.imread(ref).astype(np.float64)
    if a.shape != b.shape:
        return f"shape {a.shape} vs {b.shape}"
    if method in ("max", "min", "median", "p90", "sum", "mean"):
        tol = 0 if method in ("max", "min") else 1e-6
    else:
        tol = 2e-5
    diff = np.abs(a - b)
    bad = diff > tol * np.maximum(np.abs(b), 1)
    if bad.any():
        return f"{bad.sum()} differ (max {diff.max():.3g})"
    return "ok" if diff.max() == 0 else f"ok ({diff.max():.1g})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "_build"))
    ap.add_argument("--cli", default=None)
    ap.add_argument("--dir", default="/tmp/stackscope-bench")
    ap.add_argument("--out", default="/tmp/stackscope-bench-out")
    ap.add_argument("--stacks", default="u16,u8,f32,deflate,manypages")
    ap.add_argument("--methods", default=None,
                    help="only these of each stack's methods (comma-separated, e.g. median,p90)")
    ap.add_argument("--no-imagej", action="store_true")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--delete", action="store_true", help="delete the stacks afterwards")
    ap.add_argument("--peers", default=PEERS,
                    help="folder of numpy_zproject.py and imagej-zproject.ijm (default ../shared/peers "
                         "beside the checkout)")
    args = ap.parse_args()

    global np, tifffile
    try:
        import numpy as np
        import tifffile
    except ImportError as e:
        sys.exit(f"{e.name} is missing: apt-get install -y python3-numpy python3-tifffile, "
                 "and run this with /usr/bin/python3")
    peers = args.peers
    numpy_peer = os.path.join(peers, "numpy_zproject.py")
    if not os.path.isfile(numpy_peer):
        print(f"{peers} has no numpy_zproject.py (give the peers' folder with --peers): "
              "timing without numpy, and results are not checked")
        numpy_peer = None

    cli = args.cli or os.path.join(args.build, "src", "cli", "stackscope-cli")
    if not os.access(cli, os.X_OK):
        sys.exit(f"{cli} not found: build first (meson setup _build && ninja -C _build)")
    floor_probe = os.path.join(args.build, "tests", "bench-floor")
    if not os.access(floor_probe, os.X_OK):
        print(f"{floor_probe} not found (ninja -C {args.build} tests/bench-floor): timing without floors")
        floor_probe = None
    stacks = args.stacks.split(",")
    subprocess.run([sys.executable, os.path.join(HERE, "gen-stacks.py"), args.dir] + stacks, check=True)
    os.makedirs(args.out, exist_ok=True)

    imagej = not args.no_imagej and os.path.exists("/usr/share/java/ij.jar") and shutil.which("Xvfb")
    xvfb = None
    env = dict(os.environ)
    if imagej:
        xvfb = subprocess.Popen(["Xvfb", ":77", "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(1)
        env["DISPLAY"] = ":77"
    elif not args.no_imagej:
        print("ImageJ or Xvfb missing: apt-get install -y imagej xvfb; timing without ImageJ")

    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    print(f"# {cpu} cores; stackscope-cli {cli}; numpy {np.__version__}, tifffile {tifffile.__version__}")
    rows = []
    try:
        for name in stacks:
            path = os.path.join(args.dir, name + ".tif")
            shape, dtype = stack_info(path)
            size = os.path.getsize(path)
            data_bytes = int(np.prod(shape)) * np.dtype(dtype).itemsize
            elements = int(np.prod(shape))
            print(f"# {name}: {shape} {np.dtype(dtype).name}, {size / 2**30:.2f} GiB on disk, "
                  f"{data_bytes / 2**30:.2f} GiB of samples", flush=True)
            floors = measure_floors(floor_probe, path, args.runs, cpu) if floor_probe else {}
            if floors:
                print(f"# {name}: read floor {fmt(floors.get('read'), '.3f')} s, decode floor "
                      f"{fmt(floors.get('decode'), '.3f')} s ({cpu} threads, best of {args.runs})",
                      flush=True)
            floor = floors.get("decode" if is_compressed(path) else "read")
            methods = PLAN[name]
            if args.methods:
                methods = [m for m in methods if m in args.methods.split(",")]
            for method in methods:
                sc_m, np_m, ij_m = METHODS[method]
                warm(path)
                ours = os.path.join(args.out, f"sc_{name}_{method}.tif")
                best = None
                for _ in range(args.runs):
                    r = timed([cli, "project", path, "-m", sc_m, "-o", ours, "-q"])
                    if r[2] != 0:
                        print(r[3])
                    if best is None or (r[0] is not None and r[0] < best[0]):
                        best = r
                ref = os.path.join(args.out, f"np_{name}_{method}.tif")
                npr = (None, None, "n/a", "")
                if numpy_peer:
                    warm(path)
                    npr = timed([sys.executable, numpy_peer, path, np_m, ref],
                                env=dict(env, OPENBLAS_NUM_THREADS=cpu))
                ijr = (None, None, "n/a", "")
                if imagej and ij_m:
                    warm(path)
                    ij_out = os.path.join(args.out, f"ij_{name}_{method}.tif")
                    ijr = timed(["java", "-Xmx16g", "-jar", "/usr/share/java/ij.jar", "-batch",
                                 os.path.join(peers, "imagej-zproject.ijm"), f"{path},{ij_m},{ij_out}"],
                                env=env)
                agree = (compare(ours, ref, method) if npr[2] == 0
                         else "not checked" if npr[2] == "n/a" else f"numpy rc {npr[2]}")
                row = dict(stack=name, method=method, sc=best[0], sc_rss=best[1], floor=floor,
                           np=npr[0] if npr[2] == 0 else None,
                           np_rss=npr[1], ij=ijr[0] if ijr[2] == 0 else None, ij_rss=ijr[1],
                           gbs=data_bytes / best[0] / 1e9 if best[0] else None,
                           ns=best[0] * 1e9 / elements if best[0] else None, agree=agree,
                           ij_rc=ijr[2])
                rows.append(row)
                print_row(row, flush=True)
    finally:
        if xvfb:
            xvfb.terminate()
        if args.delete:
            for name in stacks:
                p = os.path.join(args.dir, name + ".tif")
                if os.path.exists(p):
                    os.unlink(p)
            shutil.rmtree(args.out, ignore_errors=True)

    print()
    print_table(rows)


def is_compressed(path):
    with tifffile.TiffFile(path) as tf:
        return tf.pages[0].compression != 1


def measure_floors(probe, path, runs, threads):
    """{'read': s, 'decode': s}: the best whole-process time of each floor probe."""
    floors = {}
    for kind in ("read", "decode"):
        for _ in range(runs):
            warm(path)
            r = timed([probe, kind, path, str(threads)])
            if r[2] != 0:
                print(f"bench-floor {kind} failed: {r[3].strip()}")
                break
            if r[0] is not None and (kind not in floors or r[0] < floors[kind]):
                floors[kind] = r[0]
    return floors


def fmt(v, spec, none="-"):
    return none if v is None else format(v, spec)


HEADER = (f"{'stack':<10} {'method':<7} {'stackscope s':>12} {'numpy s':>8} {'ImageJ s':>8} "
          f"{'x numpy':>8} {'x ImageJ':>8} {'x floor':>7} {'GB/s':>6} {'ns/elem':>7} "
          f"{'RSS MiB sc/np/ij':>20}  agrees with numpy")


def print_row(r, flush=False, header=[True]):
    if header[0]:
        print(HEADER)
        header[0] = False
    x_np = r["np"] / r["sc"] if r["np"] and r["sc"] else None
    x_ij = r["ij"] / r["sc"] if r["ij"] and r["sc"] else None
    x_floor = r["sc"] / r["floor"] if r.get("floor") and r["sc"] else None
    rss = f"{fmt(r['sc_rss'], '.0f')}/{fmt(r['np_rss'], '.0f')}/{fmt(r['ij_rss'], '.0f')}"
    ij = fmt(r["ij"], "8.2f", "-" if r["ij_rc"] == "n/a" else str(r["ij_rc"]))
    print(f"{r['stack']:<10} {r['method']:<7} {fmt(r['sc'], '12.3f')} {fmt(r['np'], '8.2f')} {ij:>8} "
          f"{fmt(x_np, '8.1f')} {fmt(x_ij, '8.1f')} {fmt(x_floor, '7.2f')} {fmt(r['gbs'], '6.2f')} {fmt(r['ns'], '7.3f')} "
          f"{rss:>20}  {r['agree']}", flush=flush)


def print_table(rows):
    print_row.__defaults__[1][0] = True
    for r in rows:
        print_row(r)


if __name__ == "__main__":
    main()
