"""Running a program and timing its start: shared by run_all.py and bench_ui.py.

Start-up is measured the same way for every program: the parent sets SIWU_BENCH_SHOWN
to its clock just before starting the process, and the program prints
`SIWU_SHOWN <seconds>` once its window is exposed (siwu: with the demo's 表一
displayed; siwu_desktop/ui/bench_hook.py); siwu then prints `SIWU_JUDGED <seconds>` once
that 表一 is judged and painted with its targets and findings; then it exits.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 600

# A bare PySide6 window, reported by the same hook as the app.
BARE_WINDOW = """
import os, sys
from PySide6.QtWidgets import QApplication, QWidget
from siwu_desktop.ui.bench_hook import watch
app = QApplication(sys.argv[:1])
w = QWidget(); w.resize(800, 600); w.show()
watch(w, os.environ["SIWU_BENCH_SHOWN"])
sys.exit(app.exec())
"""


@dataclass
class Ran:
    returncode: int
    stdout: str
    peak_mb: float | None
    cpu_s: float | None = None  # user + system time of the whole process


@dataclass
class Started:
    median_s: float
    runs: list[float]
    peak_mb: float | None
    cpu_s: float | None = None  # median CPU time of a whole run (start, show, quit)
    judged_s: float | None = None  # median start → the shown return judged (siwu only)


def run_measured(
    cmd: Sequence[str], env: dict[str, str], capture: bool = False, timeout: float = TIMEOUT_S
) -> Ran:
    """Run `cmd`; its exit code, its stdout when captured, and its peak RSS in MB."""
    proc = subprocess.Popen(
        list(cmd), env=env, stdout=subprocess.PIPE if capture else None, text=True
    )
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        out = proc.stdout.read() if proc.stdout is not None else ""
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KB on Linux
            peak: float | None = usage.ru_maxrss / scale
            cpu: float | None = usage.ru_utime + usage.ru_stime
        else:  # Windows: no rusage
            proc.wait()
            peak = cpu = None
    finally:
        timer.cancel()
        if proc.stdout is not None:
            proc.stdout.close()
    return Ran(int(proc.returncode or 0), out, peak, cpu)


_COMPILED: list[bool] = []


def compile_bytecode() -> None:
    """Compile the package's bytecode once per benchmark run, as pip and PyInstaller do
    when they install it: a checkout run with PYTHONDONTWRITEBYTECODE=1 (as here and in
    CI) would otherwise compile every module at every start and time the compiler. The
    files go to the usual __pycache__ folders, which git ignores."""
    if not _COMPILED:
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(ROOT / "siwu_desktop")], check=True
        )
        _COMPILED.append(True)


def base_env() -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    compile_bytecode()
    return env


def time_starts(cmds: dict[str, Sequence[str]], runs: int) -> dict[str, Started]:
    """Median process start → window shown per program over `runs` runs, after one warm-up
    run each. The programs take turns (a, b, c, a, b, c, …), so a busy spell of the
    machine falls on all of them alike and the ratios between them stay fair."""
    times: dict[str, list[float]] = {name: [] for name in cmds}
    peaks: dict[str, list[float]] = {name: [] for name in cmds}
    cpus: dict[str, list[float]] = {name: [] for name in cmds}
    judged: dict[str, list[float]] = {name: [] for name in cmds}
    for i in range(runs + 1):
        for name, cmd in cmds.items():
            env = base_env() | {"SIWU_BENCH_SHOWN": repr(time.time())}
            ran = run_measured(cmd, env, capture=True, timeout=180)
            shown = [line for line in ran.stdout.splitlines() if line.startswith("SIWU_SHOWN ")]
            if ran.returncode != 0 or not shown:
                raise RuntimeError(f"{' '.join(cmd)}: exit {ran.returncode}, output {ran.stdout!r}")
            if i:  # the first round warms the file cache
                times[name].append(float(shown[-1].split()[1]))
                judged[name] += [
                    float(line.split()[1])
                    for line in ran.stdout.splitlines()
                    if line.startswith("SIWU_JUDGED ")
                ]
                if ran.peak_mb is not None:
                    peaks[name].append(ran.peak_mb)
                if ran.cpu_s is not None:
                    cpus[name].append(ran.cpu_s)
    return {
        name: Started(
            statistics.median(times[name]),
            times[name],
            max(peaks[name]) if peaks[name] else None,
            statistics.median(cpus[name]) if cpus[name] else None,
            statistics.median(judged[name]) if judged[name] else None,
        )
        for name in cmds
    }


def siwu_command(data_dir: Path | str) -> list[str]:
    """The window on `data_dir`, started as the `siwu` command starts it."""
    return [sys.executable, "-m", "siwu_desktop", "--data-dir", str(data_dir)]
