#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Times `stackscope-cli project` beside its floors and its peers on the same files.

Usage (from the repository root, after building; scripts/bench.sh does all of it):
    /usr/bin/python3 tests/bench/bench-project.py [--quick] [--build _build] [--dir /tmp/stackscope-bench]
        [--stacks u16,u8,f32,deflate,manypages] [--methods median,p90] [--runs 5]
        [--no-imagej] [--no-vips] [--no-imagemagick] [--no-overhead] [--threads 1,2,4,8,16]
        [--start golgi,u16] [--peer-timeout 900] [--delete] [--drop-caches] [--peers DIR]

Generates the stacks that are missing (gen-stacks.py, several GiB: see --delete), reads each
into the page cache, and times whole processes with /usr/bin/time -v: stackscope-cli (best of
--runs) and each peer once. At the end it prints one summary: the floors, every method's time
as a multiple of its floor beside its ratios to the peers, whether each result agrees with
numpy's, the many-pages figures, thread scaling and the viewer's start.
--quick: the u16 stack only, max, sd and median, one run of each.

Outputs. Every tool writes a new file: earlier outputs are removed before each run, as a
first export finds no file there. Over an existing file stackscope syncs the new one to
the disk before renaming it over the old (after a crash the old contents are there or the
new ones, never an empty file), and the old file's blocks are freed; the summary's
"over an existing output" line times that case beside the new file, for SD (a 16 MB
result).

Floors. Each stack's floors are measured in the same run (best of --runs, whole processes,
all threads) by the build's tests/bench-floor: the read floor (pread every byte of the file
into a reused buffer and fold it) and the decode floor (libtiff decoding every strip of
every page, nothing else), and beside them the map floor (the file mmap'd and every byte
folded in place: reading with no copy, as stackscope-cli reads an uncompressed file where its
adaptive reads find that faster; one more run with --json prints what share it read in place).
Both folds are the cheapest that read every byte (vectors of 64-bit adds in four chains).
The map floor also gives the file's KiB a page fault: how the page cache holds it, which
moves both floors and stackscope-cli's choice of reading in place (see drop_caches()). "x floor"
is a method's time over the stack's decode floor for compressed files, else its read floor;
"x map" its time over the map floor (uncompressed files).

Peers, each timed as a whole process (or shell pipeline), each skipped with a message where
it is missing; every result is checked against numpy's with the same compare():
  numpy      ../shared/peers/numpy_zproject.py (tifffile reads the whole stack): the reference
             for correctness (sample SD; median of an even count = mean of the two middles).
  ImageJ     1.53t's Z Project (../shared/peers/imagej-zproject.ijm) under Xvfb.
  vips       libvips 8.14's command line over a list of the stack's pages ("F[page=0] ..."):
             max = `vips bandrank PAGES OUT --index N-1`, median = `vips bandrank PAGES OUT`,
             mean = `vips sum PAGES SUM.v && vips linear SUM.v OUT 1/N 0`. bandrank picks an
             element: for an even count its median is the upper middle (sorted[N/2]), not
             numpy's mean of the two, and the check says so. Each page in the list is an
             image of its own (a TIFF handle, buffers and threads): stacks of more than
             VIPS_MAX_PAGES pages are skipped (1,000 of manypages' pages took ten minutes and
             5 GB in one bandrank here; 20,000 do not fit one 128 KiB argument).
  IM         ImageMagick 6.9 Q16, /usr/bin/convert-im6.q16 STACK -evaluate-sequence
             max|mean|median -depth D OUT (D the input's depth). Q16 holds 16-bit integers:
             its mean is rounded to an integer, float samples are clipped to 0..1, and its
             median of an even count is the lower middle. It holds every page in memory, 8
             bytes a pixel: Debian's /etc/ImageMagick-6/policy.xml (memory 256MiB, disk 1GiB)
             refuses these stacks ("cache resources exhausted") and caps -limit, so the
             benchmark raises the limits with a policy.xml of its own (MAGICK_CONFIGURE_PATH)
             and skips a stack that would take more than 60% of the available memory (8 bytes
             a pixel and about a MiB a page: manypages' 20,000 pages took 24 GB), with each
             run's address space capped there (RLIMIT_AS) should the estimate fall short.

Per-page overhead (--no-overhead leaves it out). tinypages.tif is 20,000 pages of 16x16
uint16 (512 bytes each), onepage.tif its first page alone. The overhead per page is
    (wall(stackscope-cli project tinypages.tif -m max -j 1) - wall(the same on onepage.tif))
    / 19,999
the best of max(--runs, 10) each: what one more page costs apart from its pixels (its IFD,
libtiff's directory, reading its strip, handing it to the projection), on one thread. This
is the figure held against the target (2 us): it does not depend on the number of cores and
parallelism cannot hide it. Printed beside it: the same over all threads (-j N, wall: what a
user waits per page), the CPU time (user+sys of every thread) per page at -j N, and
bench-floor decode's (libtiff alone) per page on one thread.

Threads (--threads 1,2,4,8,16; default the machine's core count only): max, sd and median of
u16 at each count (stackscope-cli project -j N, best of --runs) beside bench-floor read u16 N,
with the speed-up over the smallest count.

Viewer start (--start golgi,u16: "golgi" is ../shared/testdata's golgi stack, a bare name a
stack of --dir, anything else a path): runs tests/bench/bench-start.sh (its own checkout's
_build) and prints its medians in the summary.

Needs python3-numpy and python3-tifffile (generating the stacks and checking results):
apt-get install -y imagej xvfb libvips-tools imagemagick python3-tifffile python3-numpy
"""
import argparse
import json
import logging
import os
import re
import resource
import shlex
import shutil
import subprocess
import sys
import time
from collections import namedtuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
# Beside the checkout, as the test data are; never one machine's absolute path.
PEERS = os.path.normpath(os.path.join(ROOT, "..", "shared", "peers"))
TESTDATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "testdata"))
GOLGI = os.path.join("zstack-16bit-golgi", "xyz_calibrated_16bit__golgi_bfa.tif")
IM_CONVERT = "/usr/bin/convert-im6.q16"  # the real one: /usr/local/bin/convert may stand in for it
VIPS_MAX_PAGES = 1000
IM_MEMORY_SHARE = 0.6
# what each page costs ImageMagick besides its pixels: 20,000 pages of 128x128 took 24 GB
IM_PAGE_BYTES = 1 << 20
OVERHEAD_TARGET_US = 2.0
OVERHEAD_RUNS = 10
MANYPAGES_TARGET_X = 8.0

np = None
tifffile = None

# method -> (stackscope, numpy, ImageJ, vips, ImageMagick)
METHODS = {
    "max": ("max", "max", "Max Intensity", "max", "max"),
    "min": ("min", "min", "Min Intensity", None, None),
    "sum": ("sum", "sum", "Sum Slices", None, None),
    "mean": ("mean", "mean", "Average Intensity", "mean", "mean"),
    "sd": ("sd", "std", "Standard Deviation", None, None),
    "median": ("median", "median", "Median", "median", "median"),
    "p90": ("p90", "p90", None, None, None),
}
PLAN = {
    "u16": ["max", "min", "sum", "mean", "sd", "median", "p90"],
    "u8": ["max", "mean", "sd", "median"],
    "f32": ["max", "mean", "sd", "median"],
    "deflate": ["mean", "median"],
    "manypages": ["max", "mean", "median"],
}
QUICK_METHODS = ["max", "sd", "median"]
THREAD_METHODS = ["max", "sd", "median"]
OVERWRITE_METHOD = "sd"  # f32 results of 16 MB; in --quick too
PEER_NAMES = ("np", "ij", "vips", "im")
PEER_TITLES = {"np": "numpy", "ij": "ImageJ", "vips": "vips", "im": "IM"}

Run = namedtuple("Run", "wall rss rc out cpu")


def timed(cmd, env=None, timeout=1800, max_bytes=None):
    """Runs cmd under /usr/bin/time -v; a Run: wall s, peak RSS MiB, rc, its output (without
    time's report), user+sys s. max_bytes caps its address space (RLIMIT_AS)."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))

    t0 = time.perf_counter()
    try:
        p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True,
                           env=env, timeout=timeout, preexec_fn=cap if max_bytes else None)
    except subprocess.TimeoutExpired:
        return Run(None, None, "timeout", "", None)
    wall = time.perf_counter() - t0
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    rss = int(m.group(1)) / 1024 if m else None
    u = re.search(r"User time \(seconds\): ([\d.]+)", p.stderr)
    s = re.search(r"System time \(seconds\): ([\d.]+)", p.stderr)
    cpu = float(u.group(1)) + float(s.group(1)) if u and s else None
    return Run(wall, rss, p.returncode, p.stdout + p.stderr.split("\tCommand being timed:")[0], cpu)


def best_of(cmd, runs, before=None, env=None):
    """The run of least wall time of `runs` (a failed one is printed and returned at once)."""
    best = None
    for _ in range(max(runs, 1)):
        if before:
            before()
        r = timed(cmd, env=env)
        if r.rc != 0:
            print(f"{' '.join(cmd)}: exit {r.rc}\n{r.out.strip()[-2000:]}", flush=True)
            return r
        if best is None or r.wall < best.wall:
            best = r
    return best


def min_cpu(cmd, runs):
    """(best wall, least user+sys) of `runs` runs."""
    walls, cpus = [], []
    for _ in range(runs):
        r = timed(cmd)
        if r.rc != 0:
            print(f"{' '.join(cmd)}: exit {r.rc}\n{r.out.strip()[-2000:]}", flush=True)
            return None, None
        walls.append(r.wall)
        if r.cpu is not None:
            cpus.append(r.cpu)
    return min(walls), (min(cpus) if cpus else None)


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def fresh(*paths):
    """Removes earlier outputs: every tool writes a new file, as a first export does.
    Written over an old one, stackscope syncs the new file to the disk before the rename
    (the old contents must survive a crash) and the old file's blocks are freed; the
    summary's overwrite line gives what that adds."""
    for p in paths:
        if os.path.exists(p):
            os.remove(p)


def stack_info(path):
    with tifffile.TiffFile(path) as tf:
        s = tf.series[0]
        return s.shape, s.dtype, tf.pages[0].compression != 1


def read_plane(path):
    """A result's one plane, in float64. Its first page only: ImageMagick copies the
    input's ImageJ description (images=64) into its one-page result, and tifffile's imread
    then looks for 64 pages."""
    with tifffile.TiffFile(path) as tf:
        return tf.pages[0].asarray().astype(np.float64)


def compare(ours, ref, method, middles=None):
    """'ok', or what differs, against numpy's output. For a median, middles (numpy's lower
    and upper middle elements) say which one a peer that picks an element took."""
    if not (os.path.exists(ours) and os.path.exists(ref)):
        return "missing"
    a = read_plane(ours)
    b = read_plane(ref)
    if a.shape != b.shape:
        return f"shape {a.shape} vs {b.shape}"
    if method in ("max", "min", "median", "p90", "sum", "mean"):
        tol = 0 if method in ("max", "min") else 1e-6
    else:
        tol = 2e-5
    diff = np.abs(a - b)
    bad = diff > tol * np.maximum(np.abs(b), 1)
    if bad.any():
        text = f"{bad.sum()} of {bad.size} differ (max {diff.max():.3g})"
        if method == "median" and middles is not None:
            lo, hi = middles
            for name, m in (("lower", lo), ("upper", hi)):
                off = int((a != m).sum())
                if off == 0:
                    text += f"; = the {name} middle element everywhere"
                    break
            else:
                text += (f"; {int((a != lo).sum())} not the lower middle, "
                         f"{int((a != hi).sum())} not the upper")
        return text
    return "ok" if diff.max() == 0 else f"ok ({diff.max():.1g})"


_middles = {}


def stack_middles(path):
    """(lower, upper) middle element of each pixel's Z values, as float64 (equal for odd counts)."""
    if path in _middles:
        return _middles[path]
    try:
        a = tifffile.memmap(path, mode="r")
    except ValueError:  # compressed: decoded into memory
        a = tifffile.imread(path)
    z, h = a.shape[0], a.shape[1]
    k = z // 2
    lo = np.empty(a.shape[1:], np.float64)
    hi = np.empty(a.shape[1:], np.float64)
    rows = max(1, (32 << 20) // max(1, a[0, :1].nbytes * z))
    for y in range(0, h, rows):
        block = np.asarray(a[:, y:y + rows])
        if z % 2:
            hi[y:y + rows] = lo[y:y + rows] = np.partition(block, k, axis=0)[k]
        else:
            p = np.partition(block, [k - 1, k], axis=0)
            lo[y:y + rows], hi[y:y + rows] = p[k - 1], p[k]
    del a
    _middles.clear()  # one stack's at a time
    _middles[path] = (lo, hi)
    return lo, hi


def mem_available():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return 0


class Peers:
    """The peers that are present: how to run each, and why one is skipped."""

    def __init__(self, args, cpu):
        self.cpu = cpu
        self.out = args.out
        self.timeout = args.peer_timeout
        self.notes = []
        self.numpy = os.path.join(args.peers, "numpy_zproject.py")
        if not os.path.isfile(self.numpy):
            self.note(f"{args.peers} has no numpy_zproject.py (give the peers' folder with --peers): "
                      "timing without numpy, and results are not checked")
            self.numpy = None
        self.ijm = os.path.join(args.peers, "imagej-zproject.ijm")
        self.imagej = False
        self.xvfb = None
        self.env = dict(os.environ)
        if not args.no_imagej:
            if not (os.path.exists("/usr/share/java/ij.jar") and shutil.which("Xvfb")
                    and shutil.which("java") and os.path.isfile(self.ijm)):
                self.note("ImageJ, Xvfb or imagej-zproject.ijm missing "
                          "(apt-get install -y imagej xvfb): timing without ImageJ")
            else:
                self.imagej = self.start_xvfb()
        self.vips = not args.no_vips and shutil.which("vips") is not None
        if not args.no_vips and not self.vips:
            self.note("vips missing (apt-get install -y libvips-tools): timing without vips")
        self.im = not args.no_imagemagick and os.access(IM_CONVERT, os.X_OK)
        if not args.no_imagemagick and not self.im:
            self.note(f"{IM_CONVERT} missing (apt-get install -y imagemagick): timing without ImageMagick")
        self.im_policy = os.path.join(self.out, "im-policy")

    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)
            print(f"# {text}", flush=True)

    def start_xvfb(self):
        r, w = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-nolisten", "tcp"],
                                     pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        with os.fdopen(r) as f:
            display = f.readline().strip()
        if not display:
            self.note("Xvfb did not start: timing without ImageJ")
            return False
        self.env["DISPLAY"] = ":" + display
        return True

    def stop(self):
        if self.xvfb:
            self.xvfb.terminate()
            self.xvfb.wait()

    def versions(self):
        v = []
        if self.vips:
            v.append(subprocess.run(["vips", "--version"], capture_output=True, text=True).stdout.strip())
        if self.im:
            line = subprocess.run([IM_CONVERT, "-version"], capture_output=True, text=True).stdout
            v.append(" ".join(line.split()[1:4]) if line else "ImageMagick")
        if self.imagej:
            v.append("ImageJ (/usr/share/java/ij.jar)")
        return ", ".join(v)

    def numpy_run(self, path, method, out):
        if not self.numpy:
            return Run(None, None, "n/a", "", None)
        warm(path)
        return timed([sys.executable, self.numpy, path, method, out],
                     env=dict(self.env, OPENBLAS_NUM_THREADS=str(self.cpu)), timeout=self.timeout)

    def imagej_run(self, path, method, out):
        if not (self.imagej and method):
            return Run(None, None, "n/a", "", None)
        warm(path)
        return timed(["java", "-Xmx16g", "-jar", "/usr/share/java/ij.jar", "-batch", self.ijm,
                      f"{path},{method},{out}"], env=self.env, timeout=self.timeout)

    def vips_run(self, path, n, method, out):
        if not (self.vips and method):
            return Run(None, None, "n/a", "", None)
        if n > VIPS_MAX_PAGES:
            self.note(f"vips: skipped on stacks of more than {VIPS_MAX_PAGES} pages (each page of the "
                      "list is an image of its own; 1,000 of manypages' took 10 minutes and 5 GB)")
            return Run(None, None, "skip", "", None)
        pages = shlex.quote(" ".join(f"{path}[page={i}]" for i in range(n)))
        dest = shlex.quote(out + "[strip]")
        if method == "max":
            script = f"vips bandrank {pages} {dest} --index {n - 1}"
        elif method == "median":
            script = f"vips bandrank {pages} {dest}"
        else:
            tmp = shlex.quote(os.path.join(self.out, f"vips-sum-{os.getpid()}.v"))
            script = (f"vips sum {pages} {tmp} && vips linear {tmp} {dest} {1.0 / n!r} 0; "
                      f"rc=$?; rm -f {tmp}; exit $rc")
        warm(path)
        return timed(["bash", "-c", script], timeout=self.timeout)

    def im_run(self, path, shape, dtype, method, out):
        if not (self.im and method):
            return Run(None, None, "n/a", "", None)
        need = int(np.prod(shape)) * 8 * 1.25 + shape[0] * IM_PAGE_BYTES
        avail = mem_available()
        if need > IM_MEMORY_SHARE * avail:
            print(f"# IM on {os.path.basename(path)}: skipped, it would take about {need / 2**30:.1f} GiB "
                  f"of {avail / 2**30:.1f} GiB available", flush=True)
            self.note(f"IM: skipped where it would take more than {IM_MEMORY_SHARE:.0%} of the available "
                      f"memory (8 bytes a pixel and {IM_PAGE_BYTES >> 20} MiB a page); each run's address "
                      "space is capped there too")
            return Run(None, None, "skip", "", None)
        os.makedirs(self.im_policy, exist_ok=True)
        gib = int(need / 2**30) + 2
        with open(os.path.join(self.im_policy, "policy.xml"), "w") as f:
            f.write("<policymap>\n" + "".join(
                f'  <policy domain="resource" name="{k}" value="{v}"/>\n'
                for k, v in (("memory", f"{gib}GiB"), ("map", f"{gib}GiB"), ("disk", "1GiB"),
                             ("area", "16GP"))) + "</policymap>\n")
        # ImageMagick 6's float TIFF writer sets a predictor tag that libtiff 4.5 refuses
        # on an uncompressed file ("Unknown tag 317", exit 1): Deflate without a predictor
        # is the plainest float TIFF it writes, and numpy's tifffile reads.
        depth = {"uint8": ["-depth", "8"], "uint16": ["-depth", "16"]}.get(
            np.dtype(dtype).name, ["-define", "quantum:format=floating-point", "-depth", "32",
                                   "-compress", "zip", "-define", "tiff:predictor=1"])
        if np.dtype(dtype).kind == "f":
            self.note("IM: float results written Deflate-compressed (uncompressed, its float TIFF "
                      "writer fails with libtiff 4.5: \"Unknown tag 317\"); the compression is in "
                      "its time")
        warm(path)
        return timed([IM_CONVERT, path, "-evaluate-sequence", method] + depth + [out],
                     env=dict(self.env, MAGICK_CONFIGURE_PATH=self.im_policy), timeout=self.timeout,
                     max_bytes=int(IM_MEMORY_SHARE * avail))


def project_cmd(cli, path, method, out, threads=None):
    cmd = [cli, "project", path, "-m", method, "-o", out, "-q"]
    return cmd + (["-j", str(threads)] if threads else [])


def print_in_place(cli, path, name, method, out):
    """One more run with --json (untimed): the share of the input that stackscope-cli's
    adaptive reads took in place, and not through copies (the median and percentile time
    whole steps each way only where they have at least 72, else copy)."""
    fresh(out)
    r = subprocess.run([cli, "project", path, "-m", method, "-o", out, "-q", "--json"],
                       capture_output=True, text=True)
    try:
        j = json.loads(r.stdout)
        share = j["bytes_in_place"] / max(j["bytes_read"], 1)
        print(f"# {name} {method}: stackscope-cli read {100 * share:.0f}% of it in place "
              f"(adaptive reads; G_MESSAGES_DEBUG=sc-projection says why)", flush=True)
    except (ValueError, KeyError):
        print(f"# {name} {method}: no --json from stackscope-cli (rc {r.returncode})", flush=True)


def run_stack(name, path, methods, args, cli, floor_probe, peers, cpu, times, overwrites):
    """Times each method on one stack: its row dicts."""
    shape, dtype, compressed = stack_info(path)
    size = os.path.getsize(path)
    elements = int(np.prod(shape))
    data_bytes = elements * np.dtype(dtype).itemsize
    print(f"# {name}: {shape} {np.dtype(dtype).name}, {size / 2**30:.2f} GiB on disk, "
          f"{data_bytes / 2**30:.2f} GiB of samples", flush=True)
    floors = measure_floors(floor_probe, path, args.runs, cpu) if floor_probe else {}
    if floors:
        print(f"# {name}: read floor {fmt(floors.get('read'), '.3f')} s, map floor "
              f"{fmt(floors.get('map'), '.3f')} s, decode floor "
              f"{fmt(floors.get('decode'), '.3f')} s ({cpu} threads, best of {args.runs})", flush=True)
    floor = floors.get("decode" if compressed else "read")
    rows = []
    for method in methods:
        sc_m, np_m, ij_m, vips_m, im_m = METHODS[method]
        out = {k: os.path.join(args.out, f"{k}_{name}_{method}.tif") for k in ("sc",) + PEER_NAMES}
        warm(path)
        fresh(*out.values())
        best = best_of(project_cmd(cli, path, sc_m, out["sc"]), args.runs,
                       before=lambda: fresh(out["sc"]))
        times[(name, method, cpu)] = best.wall if best.rc == 0 else None
        if best.rc == 0 and not compressed:
            print_in_place(cli, path, name, sc_m, out["sc"])
        if best.rc == 0 and method == OVERWRITE_METHOD and not compressed:
            again = best_of(project_cmd(cli, path, sc_m, out["sc"]), args.runs)
            overwrites[name] = (best.wall, again.wall if again.rc == 0 else None)
        runs = dict(np=peers.numpy_run(path, np_m, out["np"]),
                    ij=peers.imagej_run(path, ij_m, out["ij"]),
                    vips=peers.vips_run(path, shape[0], vips_m, out["vips"]),
                    im=peers.im_run(path, shape, dtype, im_m, out["im"]))
        for k in ("ij", "vips", "im"):
            if runs[k].rc not in (0, "n/a", "skip"):
                print(f"# {PEER_TITLES[k]} on {name} {method}: rc {runs[k].rc} "
                      f"{runs[k].out.strip()[-600:]}", flush=True)
        row = dict(stack=name, method=method, sc=best.wall if best.rc == 0 else None,
                   sc_rss=best.rss, floor=floor, floors=floors, compressed=compressed,
                   gbs=data_bytes / best.wall / 1e9 if best.rc == 0 else None,
                   ns=best.wall * 1e9 / elements if best.rc == 0 else None)
        for k in PEER_NAMES:
            row[k] = runs[k].wall if runs[k].rc == 0 else None
            row[k + "_rss"] = runs[k].rss
            row[k + "_rc"] = runs[k].rc
        row["agree"] = check_row(row, out, method, path, runs)
        rows.append(row)
        print_row(row, flush=True)
    return rows


def check_row(row, out, method, path, runs):
    """{tool: what compare() says of its result against numpy's}."""
    agree = {}
    npr = runs["np"]
    for k in ("sc", "ij", "vips", "im"):
        rc = 0 if k == "sc" else runs[k].rc
        if k == "sc" and row["sc"] is None:
            agree[k] = "failed"
        elif rc in ("n/a", "skip"):
            agree[k] = rc if k != "sc" else "-"
        elif rc != 0:
            agree[k] = f"rc {rc}"
        elif npr.rc != 0:
            agree[k] = "not checked" if npr.rc == "n/a" else f"numpy rc {npr.rc}"
        else:
            middles = None
            if method == "median" and k in ("vips", "im"):
                middles = stack_middles(path)
            agree[k] = compare(out[k], out["np"], method, middles)
    return agree


def measure_floors(probe, path, runs, threads):
    """{'read': s, 'map': s, 'decode': s}: the best whole-process time of each floor probe."""
    floors = {}
    for kind in ("read", "map", "decode"):
        r = best_of([probe, kind, path, str(threads)], runs, before=lambda: warm(path))
        if r.rc != 0:
            print(f"bench-floor {kind} failed: {r.out.strip()}")
            continue
        floors[kind] = r.wall
        m = re.search(r"kib_per_fault=(\d+)", r.out)
        if m:
            floors["kib_per_fault"] = int(m.group(1))
    return floors


def drop_caches():
    """--drop-caches: the page cache emptied (root only), so that the next stack is read
    back from the disk into it as a file is the first time it is opened: on kernels and
    file systems with large folios (ext4 and xfs on 6.x) in folios of up to 2 MiB, which
    stackscope-cli reads in place. A file just written sits in the folios of its writes, and
    one that has been in the cache long in whatever is left of them; the floors' KiB a
    fault says which."""
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("1\n")
    except OSError as e:
        print(f"--drop-caches: {e} (needs root): the page cache is left as it is")


def measure_overhead(cli, probe, folder, out, runs, cpu, peers):
    """The per-page figures of tinypages.tif against onepage.tif (see the docstring)."""
    tiny, one = (os.path.join(folder, n + ".tif") for n in ("tinypages", "onepage"))
    pages = stack_info(tiny)[0][0]
    extra = pages - stack_info(one)[0][0]
    runs = max(runs, OVERHEAD_RUNS)
    warm(tiny)
    res = {"pages": pages}
    for threads in (1, cpu):
        t_tiny, c_tiny = min_cpu(project_cmd(cli, tiny, "max", os.path.join(out, "tiny.tif"), threads), runs)
        t_one, c_one = min_cpu(project_cmd(cli, one, "max", os.path.join(out, "one.tif"), threads), runs)
        if t_tiny is None or t_one is None:
            return None
        res[threads] = (t_tiny, (t_tiny - t_one) / extra * 1e6,
                        (c_tiny - c_one) / extra * 1e6 if c_tiny is not None and c_one is not None else None)
    if probe:
        f_tiny = min_cpu([probe, "decode", tiny, "1"], runs)[0]
        f_one = min_cpu([probe, "decode", one, "1"], runs)[0]
        if f_tiny is not None and f_one is not None:
            res["floor"] = (f_tiny - f_one) / extra * 1e6
    r = peers.numpy_run(tiny, "max", os.path.join(out, "np_tiny.tif"))
    res["numpy"] = r.wall if r.rc == 0 else None
    return res


def measure_threads(cli, probe, path, counts, runs, out, times):
    """{(method or 'floor', threads): best wall s} for the thread-scaling table."""
    res = {}
    for n in counts:
        if probe:
            r = best_of([probe, "read", path, str(n)], runs, before=lambda: warm(path))
            res[("floor", n)] = r.wall if r.rc == 0 else None
        for method in THREAD_METHODS:
            if ("u16", method, n) in times:
                res[(method, n)] = times[("u16", method, n)]
                continue
            dest = os.path.join(out, f"threads_{method}.tif")
            r = best_of(project_cmd(cli, path, method, dest, n), runs,
                        before=lambda: (warm(path), fresh(dest)))
            res[(method, n)] = r.wall if r.rc == 0 else None
        print(f"# threads {n}: " + ", ".join(f"{k} {fmt(res.get((k, n)), '.3f')} s"
                                             for k in ["floor"] + THREAD_METHODS), flush=True)
    return res


def start_files(spec, folder):
    files = []
    for item in filter(None, spec.split(",")):
        if item == "golgi":
            files.append(os.path.join(TESTDATA, GOLGI))
        elif os.sep not in item and not item.endswith(".tif"):
            files.append(os.path.join(folder, item + ".tif"))
        else:
            files.append(item)
    return files


def measure_start(files, runs, peers):
    """bench-start.sh's lines for the files that exist (or why there are none), and ImageJ
    opening each file (a whole process) where ImageJ is there."""
    script = os.path.join(HERE, "bench-start.sh")
    missing = [f for f in files if not os.path.exists(f)]
    files = [f for f in files if os.path.exists(f)]
    lines = [f"{f} is absent, not timed" for f in missing]
    if not files:
        return lines
    if not os.access(os.path.join(ROOT, "_build", "src", "stackscope"), os.X_OK):
        lines.append("_build/src/stackscope is not built (the GUI): the viewer's start is not timed")
    else:
        for path in files:
            warm(path)
        try:
            p = subprocess.run([script, "-n", str(runs)] + files, capture_output=True, text=True,
                               timeout=1800)
            # its table only (a session bus's daemons print on the same stdout); not its ImageJ
            # line: Debian's /usr/bin/imagej has no --headless (it prints its usage and exits 1)
            names = [os.path.basename(f) for f in files]
            lines += [line for line in p.stdout.rstrip().splitlines()
                      if line.startswith("stack") or line.split(" ", 1)[0] in names]
            if p.returncode != 0:
                last = (p.stderr.strip().splitlines() or [""])[-1]
                lines.append(f"bench-start.sh exit {p.returncode}: {last[-300:]}")
        except subprocess.TimeoutExpired:
            lines.append("bench-start.sh ran over 30 minutes")
    if peers.imagej:
        macro = os.path.join(peers.out, "imagej-open.ijm")
        with open(macro, "w") as f:
            f.write('open(getArgument());\nprint("slices=" + nSlices);\n')
        for path in files:
            warm(path)
            r = timed(["java", "-Xmx16g", "-jar", "/usr/share/java/ij.jar", "-batch", macro, path],
                      env=peers.env, timeout=peers.timeout)
            ok = r.rc == 0 and "slices=" in r.out
            took = f"{r.wall * 1000:.0f} ms" if ok else f"failed (rc {r.rc}) {r.out.strip()[-200:]}"
            lines.append(f"ImageJ opens {os.path.basename(path)} (java -jar ij.jar -batch, under Xvfb, "
                         f"whole process, once): {took}")
    return lines


def fmt(v, spec, none="-"):
    """v formatted, or none right-aligned to the width spec asks for."""
    if v is not None:
        return format(v, spec)
    width = re.match(r"\d*", spec).group(0)
    return none.rjust(int(width)) if width else none


def ratio(a, b):
    return a / b if a and b else None


def peer_cell(r, k):
    if r[k] is not None:
        return fmt(r[k], ".2f")
    rc = r[k + "_rc"]
    return "-" if rc == "n/a" else str(rc)


HEADER = (f"{'stack':<10} {'method':<7} {'stackscope s':>12} {'x floor':>7} {'x map':>6} {'numpy s':>8} {'ImageJ s':>8} "
          f"{'vips s':>8} {'IM s':>8} {'x numpy':>8} {'x ImageJ':>8} {'x vips':>7} {'x IM':>6} "
          f"{'GB/s':>6} {'ns/elem':>7} {'RSS MiB sc/np/ij/vips/IM':>26}")


def print_row(r, flush=False, header=[True]):
    if header[0]:
        print(HEADER)
        header[0] = False
    rss = "/".join(fmt(r[k], ".0f") for k in ("sc_rss", "np_rss", "ij_rss", "vips_rss", "im_rss"))
    map_floor = None if r["compressed"] else r["floors"].get("map")
    print(f"{r['stack']:<10} {r['method']:<7} {fmt(r['sc'], '12.3f')} {fmt(ratio(r['sc'], r['floor']), '7.2f')} "
          f"{fmt(ratio(r['sc'], map_floor), '6.2f')} "
          f"{peer_cell(r, 'np'):>8} {peer_cell(r, 'ij'):>8} {peer_cell(r, 'vips'):>8} {peer_cell(r, 'im'):>8} "
          f"{fmt(ratio(r['np'], r['sc']), '8.1f')} {fmt(ratio(r['ij'], r['sc']), '8.1f')} "
          f"{fmt(ratio(r['vips'], r['sc']), '7.1f')} {fmt(ratio(r['im'], r['sc']), '6.1f')} "
          f"{fmt(r['gbs'], '6.2f')} {fmt(r['ns'], '7.3f')} {rss:>26}", flush=flush)


def print_summary(rows, overwrites, overhead, threads, counts, start, peers, args, cpu):
    print(f"\n=== Summary ({cpu} cores; runs {args.runs}; peers once each; whole processes) ===")
    print("\nFloors (whole processes, all threads, best of --runs):")
    print(f"{'stack':<10} {'read s':>8} {'map s':>8} {'decode s':>9} {'KiB/fault':>9}   (map: the file mmap'd "
          "and folded in place, no copy; where it beats read, the kernel's copy is what read measures)")
    seen = set()
    for r in rows:
        if r["stack"] not in seen:
            seen.add(r["stack"])
            print(f"{r['stack']:<10} {fmt(r['floors'].get('read'), '8.3f')} {fmt(r['floors'].get('map'), '8.3f')} "
                  f"{fmt(r['floors'].get('decode'), '9.3f')} {fmt(r['floors'].get('kib_per_fault'), '9d')}")
    print("(KiB/fault: the file's size over the page faults that mapped it in the map floor, how the page cache "
          "holds it: at most 64 for small folios, 2048 and more for 2 MiB ones; stackscope-cli reads in place "
          "only above 128. --drop-caches: each stack read back from the disk first)")
    print("\nProjections (x floor: stackscope's time over the floor; x PEER: the peer's time over stackscope's):")
    print_row.__defaults__[1][0] = True
    for r in rows:
        print_row(r)
    if overwrites:
        print(f"\nOver an existing output ({OVERWRITE_METHOD}, best of --runs; the rows above write new "
              "files): synced before the rename, and the old file freed:")
        for name, (new, over) in overwrites.items():
            extra = f"{(over - new) * 1000:+.0f} ms" if over is not None else "failed"
            print(f"  {name:<10} new file {new:.3f} s, over the old one {fmt(over, '.3f')} s ({extra})")
    print("\nAgreement with numpy (the reference; same compare() for every tool):")
    print(f"{'stack':<10} {'method':<7} {'stackscope':<12} ImageJ / vips / IM")
    for r in rows:
        a = r["agree"]
        peers_text = " | ".join(f"{PEER_TITLES[k]}: {a[k]}" for k in ("ij", "vips", "im")
                                if a[k] not in ("n/a", "-"))
        print(f"{r['stack']:<10} {r['method']:<7} {a['sc']:<12} {peers_text}")
    print("\nMany pages:")
    mp = next((r for r in rows if r["stack"] == "manypages" and r["method"] == "max"), None)
    if mp:
        x = ratio(mp["np"], mp["sc"])
        print(f"  manypages max (20,000 x 128x128): stackscope {fmt(mp['sc'], '.3f')} s, numpy "
              f"{fmt(mp['np'], '.3f')} s: x numpy {fmt(x, '.1f')} (target >= {MANYPAGES_TARGET_X:g})")
    else:
        print("  manypages max: not run (--stacks, --methods or --quick)")
    if overhead:
        one, alln = overhead[1], overhead[cpu]
        print(f"  per-page overhead, tinypages ({overhead['pages']} x 16x16) - onepage, max, best of "
              f"{max(args.runs, OVERHEAD_RUNS)}:")
        print(f"    -j 1  {one[1]:6.2f} us/page wall (target <= {OVERHEAD_TARGET_US:g})"
              f"   [{one[0]:.3f} s for the stack]")
        print(f"    -j {cpu:<2} {alln[1]:6.2f} us/page wall, {fmt(alln[2], '.2f')} us/page CPU (user+sys, "
              f"every thread; 10 ms resolution)   [{alln[0]:.3f} s]")
        print(f"    libtiff alone (bench-floor decode, 1 thread): {fmt(overhead.get('floor'), '.2f')} us/page;"
              f" numpy max of tinypages: {fmt(overhead.get('numpy'), '.3f')} s")
    elif not args.no_overhead:
        print("  per-page overhead: not measured (a run failed)")
    if threads:
        low = min(counts)
        print(f"\nThreads (u16; speed-up over {low} thread{'s' if low > 1 else ''}; x floor: over "
              "bench-floor read at the same count):")
        print(f"{'threads':>7} {'floor s':>8} " + " ".join(f"{m + ' s':>9} {'speed-up':>8} {'x floor':>7}"
                                                       for m in THREAD_METHODS))
        for n in counts:
            cells = []
            for m in THREAD_METHODS:
                t = threads.get((m, n))
                cells.append(f"{fmt(t, '9.3f')} {fmt(ratio(threads.get((m, low)), t), '8.2f')} "
                             f"{fmt(ratio(t, threads.get(('floor', n))), '7.2f')}")
            print(f"{n:>7} {fmt(threads.get(('floor', n)), '8.3f')} " + " ".join(cells))
    if start is not None:
        print("\nViewer start (tests/bench/bench-start.sh):")
        for line in start:
            print("  " + line)
    if peers.notes:
        print("\nNotes:")
        for n in peers.notes:
            print("  " + n)


def parse_args():
    ap = argparse.ArgumentParser(description="stackscope-cli project beside its floors and peers")
    ap.add_argument("--build", default=os.path.join(ROOT, "_build"))
    ap.add_argument("--cli", default=None)
    ap.add_argument("--dir", default="/tmp/stackscope-bench")
    ap.add_argument("--out", default="/tmp/stackscope-bench-out")
    ap.add_argument("--stacks", default="u16,u8,f32,deflate,manypages")
    ap.add_argument("--methods", default=None,
                    help="only these of each stack's methods (comma-separated, e.g. median,p90)")
    ap.add_argument("--quick", action="store_true", help="u16 only, max/sd/median, --runs 1")
    ap.add_argument("--no-imagej", action="store_true")
    ap.add_argument("--no-vips", action="store_true")
    ap.add_argument("--no-imagemagick", action="store_true")
    ap.add_argument("--no-overhead", action="store_true", help="leave out the per-page overhead (tinypages)")
    ap.add_argument("--threads", default=None,
                    help="thread counts for the scaling table, e.g. 1,2,4,8,16 (default: the core count)")
    ap.add_argument("--start", default="", help="stacks for the viewer's start (bench-start.sh), e.g. golgi,u16")
    ap.add_argument("--runs", type=int, default=None,
                    help="runs of stackscope and the floors (default 5: on a machine that shares its "
                         "memory bandwidth, the best of 3 runs of 0.1-0.5 s still varied by up to 1.6x)")
    ap.add_argument("--peer-timeout", type=int, default=900, help="seconds a peer may take (default 900)")
    ap.add_argument("--delete", action="store_true", help="delete the stacks afterwards")
    ap.add_argument("--drop-caches", action="store_true",
                    help="empty the page cache before each stack (root only), so that it is read back "
                         "from the disk as when a file is first opened")
    ap.add_argument("--peers", default=PEERS,
                    help="folder of numpy_zproject.py and imagej-zproject.ijm (default ../shared/peers "
                         "beside the checkout)")
    args = ap.parse_args()
    if args.quick:
        if args.stacks == ap.get_default("stacks"):
            args.stacks = "u16"
        args.methods = args.methods or ",".join(QUICK_METHODS)
        args.runs = args.runs or 1
    args.runs = args.runs or 5
    return args


def main():
    args = parse_args()
    global np, tifffile
    try:
        import numpy as np
        import tifffile
    except ImportError as e:
        sys.exit(f"{e.name} is missing: apt-get install -y python3-numpy python3-tifffile, "
                 "and run this with /usr/bin/python3")
    logging.getLogger("tifffile").setLevel(logging.ERROR)  # peers' copied ImageJ descriptions

    cli = args.cli or os.path.join(args.build, "src", "cli", "stackscope-cli")
    if not os.access(cli, os.X_OK):
        sys.exit(f"{cli} not found: build first (meson setup _build && ninja -C _build)")
    floor_probe = os.path.join(args.build, "tests", "bench-floor")
    if not os.access(floor_probe, os.X_OK):
        print(f"{floor_probe} not found (ninja -C {args.build} tests/bench-floor): timing without floors")
        floor_probe = None
    stacks = [s for s in args.stacks.split(",") if s]
    cpu = os.cpu_count() or 1
    counts = sorted({int(n) for n in args.threads.split(",")}) if args.threads else [cpu]
    extra = [] if args.no_overhead else ["tinypages", "onepage"]
    if counts and "u16" not in stacks:
        extra.append("u16")
    subprocess.run([sys.executable, os.path.join(HERE, "gen-stacks.py"), args.dir] + stacks + extra, check=True)
    os.makedirs(args.out, exist_ok=True)

    peers = Peers(args, cpu)
    print(f"# {cpu} cores; stackscope-cli {cli}; numpy {np.__version__}, tifffile {tifffile.__version__}; "
          f"{peers.versions()}", flush=True)
    rows, times, overwrites, overhead, threads, start = [], {}, {}, None, None, None
    try:
        for name in stacks:
            if args.drop_caches:
                drop_caches()
            methods = PLAN.get(name, ["max"])
            if args.methods:
                methods = [m for m in methods if m in args.methods.split(",")]
            rows += run_stack(name, os.path.join(args.dir, name + ".tif"), methods, args, cli,
                              floor_probe, peers, cpu, times, overwrites)
        if not args.no_overhead:
            overhead = measure_overhead(cli, floor_probe, args.dir, args.out, args.runs, cpu, peers)
        threads = measure_threads(cli, floor_probe, os.path.join(args.dir, "u16.tif"), counts,
                                  args.runs, args.out, times)
        if args.start:
            start = measure_start(start_files(args.start, args.dir), 1 if args.quick else 5, peers)
    finally:
        peers.stop()
        if args.delete:
            for name in stacks + extra:
                p = os.path.join(args.dir, name + ".tif")
                if os.path.exists(p):
                    os.unlink(p)
            shutil.rmtree(args.out, ignore_errors=True)
    print_summary(rows, overwrites, overhead, threads, counts, start, peers, args, cpu)


if __name__ == "__main__":
    main()
