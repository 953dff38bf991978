"""Keeping the county's side of the evidence: which revision was printed, where, with which digest.

Qt-free, so the window can call it after its print dialog and the CLI after `siwu print`.
"""

from __future__ import annotations

from pathlib import Path

from siwu_desktop.printing.sheet import ReportSheet
from siwu_desktop.services.returns import Recorded, ReturnService


def record_print(service: ReturnService, sheet: ReportSheet, file: str | Path) -> Recorded:
    """Record a print of `sheet` (`file`: the PDF path, or the printer's name).

    The content digest is recorded for drafts too (it is not printed on them): the
    record says exactly what was on the paper.
    """
    return service.record_output(
        sheet.return_id, sheet.revision, "print", file, sheet.content_digest
    )
