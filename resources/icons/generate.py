"""Write the window's icons: Qt's own standard icons, as PNG files (see README).

Run from the repository root after a PySide6 upgrade (tests/ui/test_icons.py says when):

    QT_QPA_PLATFORM=offscreen python resources/icons/generate.py

For each icon of siwu_desktop.ui.icons.STANDARD it saves the picture Qt's own style
(Fusion) holds at each of its sizes, unscaled, as <name>-<size>.png.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QStyle, QStyleFactory  # noqa: E402

from siwu_desktop.ui.icons import STANDARD  # noqa: E402


def pictures() -> dict[str, QImage]:
    """file name → Qt's picture of that icon at that size (device pixel ratio 1)."""
    style = QStyleFactory.create("Fusion")
    made = {}
    for name, (pixmap, sizes) in STANDARD.items():
        qt_icon = style.standardIcon(getattr(QStyle.StandardPixmap, pixmap))
        held = sorted(s.width() for s in qt_icon.availableSizes())
        if held != list(sizes):
            raise SystemExit(f"{name}: Qt holds {pixmap} at {held}, STANDARD says {sizes}")
        for size in sizes:
            image = qt_icon.pixmap(QSize(size, size), 1.0).toImage()
            made[f"{name}-{size}.png"] = image.convertToFormat(QImage.Format.Format_ARGB32)
    return made


def main() -> None:
    _app = QApplication.instance() or QApplication([])
    for file, image in pictures().items():
        if not image.save(str(HERE / file)):
            raise SystemExit(f"could not write {file}")
        print(f"resources/icons/{file}")


if __name__ == "__main__":
    main()
