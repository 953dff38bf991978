"""The one-file build's splash: process start → splash on screen, and → window shown.

Run: python benchmarks/bench_splash.py [--exe dist/siwu] [--runs N]
Target (issue #19): the splash within 0.5 s of the double-click, so nobody clicks twice.
Figures only, no assertions.

The splash is PyInstaller's (Tcl/Tk, build.spec); it can only be seen on a real X server,
so this starts its own `Xvfb -displayfd` and watches the screen with `xwininfo` (Debian
x11-utils) for the splash's 480×240 window. Without dist/siwu, Xvfb or xwininfo it says so.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _figures import report  # noqa: E402

SPLASH = "480x240+"  # resources/desktop/make_icons.py SPLASH_SIZE, as xwininfo prints it
TIMEOUT_S = 120


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "1280x800x24"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        return xvfb, ":" + pipe.readline().strip()


def one_start(exe: Path, display: str, data_dir: Path) -> tuple[float | None, float]:
    """Seconds from the start to the splash's window (None: never seen) and to the window."""
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    t0 = time.time()
    env["SIWU_BENCH_SHOWN"] = repr(t0)  # the launcher's clock: the window reports time since it
    proc = subprocess.Popen(
        [str(exe), "--data-dir", str(data_dir)], env=env, stdout=subprocess.PIPE, text=True
    )
    splash = None
    while proc.poll() is None and time.time() - t0 < TIMEOUT_S:
        tree = subprocess.run(
            ["xwininfo", "-root", "-tree", "-display", display], capture_output=True, text=True
        ).stdout
        if SPLASH in tree:
            splash = time.time() - t0
            break
    out, _ = proc.communicate(timeout=TIMEOUT_S)
    shown = [line for line in out.splitlines() if line.startswith("SIWU_SHOWN ")]
    return splash, float(shown[-1].split()[1]) if shown else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", default=str(ROOT / "dist" / "siwu"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    exe = Path(args.exe)
    missing = [tool for tool in ("Xvfb", "xwininfo") if shutil.which(tool) is None]
    if not exe.is_file() or missing:
        print(f"启动画面：未测（{'缺少 ' + ' '.join(missing) if missing else f'未构建 {exe}'}）")
        report({})
        return 0
    xvfb, display = start_xvfb()
    try:
        with tempfile.TemporaryDirectory(prefix="siwu-splash-") as tmp:
            data_dir = Path(tmp) / "demo"
            subprocess.run(
                [sys.executable, "-m", "siwu_desktop", "--data-dir", str(data_dir), "demo"],
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
                stdout=subprocess.DEVNULL,
                check=True,
            )
            runs = [one_start(exe, display, data_dir) for _ in range(args.runs + 1)][1:]
    finally:
        xvfb.terminate()
        xvfb.wait()
    seen = [s for s, _ in runs if s is not None]
    splash_s = statistics.median(seen) if seen else None
    window_s = statistics.median(w for _, w in runs)
    print(f"单文件版 {exe}，{args.runs} 次中位数（另有 1 次预热），真实 X 服务器（Xvfb）")
    print(
        f"启动→启动画面：{'未出现' if splash_s is None else f'{splash_s * 1000:.0f} ms'}"
        f"（目标 ≤ 500 ms；出现 {len(seen)}/{len(runs)} 次）"
    )
    print(f"启动→表一显示：{window_s * 1000:.0f} ms")
    report({"splash_s": splash_s, "window_s": window_s, "seen": len(seen), "runs": len(runs)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
