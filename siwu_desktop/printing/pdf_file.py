"""A PDF written whole or not at all.

QPdfWriter writes straight to its file while painting: on a full disk the painting still
"succeeds" and leaves an empty or cut PDF under the chosen name, which `siwu print` then
reported as written. Here the PDF is painted into memory and saved by
`core.files.write_atomically`, so a refused write is an error said in Chinese and an older
file of that name stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPdfWriter

from siwu_desktop.core.files import write_atomically
from siwu_desktop.printing import strings as s

T = TypeVar("T")


def save_pdf_file(path: Path, paint: Callable[[QPdfWriter], T]) -> T:
    """`paint` on a PDF writer, then the finished PDF saved as `path`; what `paint` returned."""
    path = Path(path)
    if not path.parent.is_dir():
        raise OSError(s.PDF_PARENT_MISSING.format(path=path.parent))
    if path.is_dir():
        raise OSError(s.PDF_IS_FOLDER.format(path=path))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    result = paint(writer)  # the document is finished when paint's painter ends
    del writer
    buffer.close()
    write_atomically(path, bytes(buffer.data().data()))
    return result
