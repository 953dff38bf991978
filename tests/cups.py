"""A real print queue for the tests: a private cupsd with a cups-pdf printer.

The daemon has its own configuration, spool, state and log folders and listens only on a
unix socket in a folder of its own, so it runs as root in CI and never meets the system's
CUPS or another test run. `tests/conftest.py` points `CUPS_SERVER` at that socket before
anything loads libcups (libcups reads the variable once per process), so Qt's printer list,
`lp` and `lpstat` all see this daemon only; a child pytest (real X window tests) inherits it.

cups-pdf writes each job as a PDF into the `Out` folder of its configuration
(`/etc/cups/cups-pdf.conf`, `${HOME}/PDF` on Debian: `${HOME}` is the home of the job's
user), named `<title>-job_<id>.pdf` (the PPD's default Label 2), readable by that user.
"""

from __future__ import annotations

import getpass
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

QUEUE = "siwu-test-pdf"
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
JOB_TIMEOUT_S = 120.0

CUPSD_CONF = """\
Listen {socket}
LogLevel warn
Browsing Off
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """\
ServerRoot {root}/etc
RequestRoot {root}/spool
CacheDir {root}/cache
StateDir {root}/state
TempDir {root}/tmp
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
SystemGroup root
"""


def die_with_parent() -> None:
    """In the child before exec: SIGTERM it when the test process ends, even killed
    (Linux prctl PR_SET_PDEATHSIG), so no daemon outlives an interrupted test run."""
    import ctypes
    import signal

    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG = 1


def socket_for_session() -> str:
    """A fresh socket path for CUPS_SERVER (the daemon is started only when a test needs it)."""
    return str(Path(tempfile.mkdtemp(prefix="siwu-cups-")) / "cups.sock")


def cups_pdf_out_dir(user: str | None = None) -> Path:
    """Where cups-pdf puts the jobs of `user`: the `Out` key of its configuration."""
    out = "/var/spool/cups-pdf/${USER}"  # cups-pdf's built-in default
    for line in CUPS_PDF_CONF.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*Out\s+(\S.*)$", line)
        if match:
            out = match.group(1).strip()
    user = user or getpass.getuser()
    home = pwd.getpwnam(user).pw_dir
    return Path(out.replace("${HOME}", home).replace("${USER}", user))


@dataclass
class PrintServer:
    """The private cupsd listening on `socket`, started on demand, with the queue QUEUE."""

    socket: str
    _proc: subprocess.Popen[bytes] | None = None

    @property
    def root(self) -> Path:
        return Path(self.socket).parent

    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": self.socket}

    def running(self) -> bool:
        done = subprocess.run(["lpstat", "-r"], env=self.env(), capture_output=True, text=True)
        return "is running" in done.stdout and "not" not in done.stdout

    def ensure(self) -> str:
        """Start the daemon (if no one has on this socket) and add the queue; its name."""
        if not self.running():
            self._start()
        for command in (
            ["lpadmin", "-p", QUEUE, "-v", "cups-pdf:/", "-E", "-P", str(PPD)],
            # PDF → PostScript through pdftocairo keeps the text searchable; the default
            # (Ghostscript) turns every glyph into an unmapped one (pdftotext: ✁✂✂✄)
            ["lpadmin", "-p", QUEUE, "-o", "pdftops-renderer-default=pdftocairo"],
            ["lpadmin", "-d", QUEUE],
        ):
            subprocess.run(command, env=self.env(), check=True, capture_output=True)
        return QUEUE

    def _start(self) -> None:
        cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
        if not Path(cupsd).exists() or not PPD.exists():
            raise RuntimeError("CUPS and cups-pdf are needed (see .ci/apt-test.txt)")
        for sub in ("etc", "spool", "cache", "state", "log"):
            (self.root / sub).mkdir(exist_ok=True)
        (self.root / "tmp").mkdir(mode=0o1777, exist_ok=True)
        os.chmod(self.root / "tmp", 0o1777)  # the filters run as lp and write here
        os.chmod(self.root, 0o755)
        conf = self.root / "etc" / "cupsd.conf"
        files = self.root / "etc" / "cups-files.conf"
        conf.write_text(CUPSD_CONF.format(socket=self.socket), encoding="utf-8")
        files.write_text(CUPS_FILES_CONF.format(root=self.root), encoding="utf-8")
        self._proc = subprocess.Popen(
            [cupsd, "-f", "-c", str(conf), "-s", str(files)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=die_with_parent,
        )
        try:
            self._wait(self.running, "cupsd did not start")
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(timeout=30)
            self._proc = None

    def completed_jobs(self) -> set[int]:
        done = subprocess.run(
            ["lpstat", "-W", "completed", "-o", QUEUE],
            env=self.env(),
            capture_output=True,
            text=True,
        )
        return {int(n) for n in re.findall(rf"^{re.escape(QUEUE)}-(\d+)\s", done.stdout, re.M)}

    def mark(self) -> tuple[set[int], float]:
        """What has been printed so far: take it before a print, give it to wait_for_pdf."""
        return self.completed_jobs(), time.time()

    def wait_for_pdf(self, mark: tuple[set[int], float]) -> Path:
        """The PDF cups-pdf wrote for the one job completed since `mark` was taken."""
        before, since = mark
        new: set[int] = set()

        def job_done() -> bool:
            new.update(self.completed_jobs() - before)
            return bool(new)

        self._wait(job_done, f"no print job completed on {QUEUE}")
        (job,) = new
        out = cups_pdf_out_dir()
        found: list[Path] = []

        def written() -> bool:
            # job ids restart with each daemon: older files of the same id are not this job's
            found[:] = [
                p
                for p in out.glob(f"*-job_{job}.pdf")
                if p.stat().st_mtime >= since - 1 and p.stat().st_size > 0
            ]
            return len(found) == 1

        self._wait(written, f"cups-pdf wrote no file for job {job} in {out}")
        return found[-1]

    def log(self) -> str:
        path = self.root / "log" / "error_log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def _wait(self, condition: object, message: str) -> None:
        """Poll `condition` until it holds (the daemon and its filters work asynchronously)."""
        deadline = time.monotonic() + JOB_TIMEOUT_S
        while not condition():  # type: ignore[operator]
            if time.monotonic() > deadline:
                raise RuntimeError(f"{message}\n{self.log()[-3000:]}")
            time.sleep(0.1)
