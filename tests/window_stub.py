"""`siwu` started in a child Python with the window's module (`ui.app`) replaced by one
whose `run_gui` only runs the given lines: what the command did before building the window."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHILD = """\
import gc, sys, types
import siwu_desktop.ui
app = types.ModuleType('siwu_desktop.ui.app')
def run_gui(data_dir):
{body}
    return 0
app.run_gui = run_gui
sys.modules['siwu_desktop.ui.app'] = app
from siwu_desktop.cli.program import main
code = main(['--data-dir', 'unused'])
{after}
sys.exit(code)
"""


def siwu_up_to_the_window(body: str, after: str = "") -> list[str]:
    """The lines the child printed: `body` runs where the window would be built, `after`
    once `main` has returned."""
    code = CHILD.format(body=textwrap.indent(textwrap.dedent(body), "    "), after=after)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()
