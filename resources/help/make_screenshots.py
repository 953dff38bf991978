"""Make the manual's pictures from the real window (resources/help/images/*.png).

Run from the repository: `python resources/help/make_screenshots.py`. Without a DISPLAY
it starts its own Xvfb (`-displayfd`, a free display) and runs itself there on the xcb
platform, so the pictures show the window as a clerk sees it. It builds the demo county
in a temporary data directory, opens the window, and grabs each view, scaled to at most
WIDTH pixels so the PNGs stay small. A test checks every picture the manual names exists.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "images"
WIDTH = 760


def main() -> int:
    if not os.environ.get("DISPLAY"):
        return _under_xvfb()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication, QWidget

    from siwu_desktop.core.catalog import default_catalog
    from siwu_desktop.services.demo import build_demo
    from siwu_desktop.services.returns import ReturnService
    from siwu_desktop.storage import open_storage
    from siwu_desktop.ui.app import create_app
    from siwu_desktop.ui.main_window import MainWindow

    create_app()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        storage = open_storage(Path(tmp) / "data")
        build_demo(storage, default_catalog())
        settings = QSettings(str(Path(tmp) / "window.ini"), QSettings.Format.IniFormat)
        service = ReturnService(storage, default_catalog(), today=dt.date(2026, 1, 20))
        win = MainWindow(default_catalog(), settings, service=service)
        win.resize(1280, 800)
        win.show()

        def settle() -> None:
            for _ in range(20):
                QApplication.processEvents()

        def save(widget: QWidget, name: str) -> None:
            settle()
            image = widget.grab().toImage()
            if image.width() > WIDTH:
                image = image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
            # 256 colours: a window picture loses nothing visible and a third of its size
            image = image.convertToFormat(QImage.Format.Format_Indexed8)
            image.save(str(OUT / f"{name}.png"), "PNG", 9)

        page = win.page
        assert page is not None
        settle()
        for item in page.navigator.items():
            info = item.data(0, Qt.ItemDataRole.UserRole)
            if (info.year, info.form) == (2025, "t1"):
                page.navigator.select(info.id)
        save(win, "entry")
        page.findings.list.setCurrentRow(1)  # the leakage miss: its 情况说明 box below
        page.findings.explanation.setPlainText("管网改造工程年内开工，漏损率预计明年降至9%以内。")
        save(page.findings, "findings")
        win.new_year()
        dialog = page.last_dialog
        assert dialog is not None
        dialog.year.setValue(2026)  # type: ignore[attr-defined]
        save(dialog, "new_year")
        dialog.reject()
        win.tabs.setCurrentIndex(1)
        save(win, "targets")
        win.tabs.setCurrentIndex(2)
        save(win, "keys")
        win.close()
        storage.close()
    print(f"已写入 {OUT}")
    return 0


def _under_xvfb() -> int:
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        pass_fds=(write,),
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            display = ":" + pipe.readline().strip()
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
        return subprocess.run([sys.executable, __file__], env=env, check=False).returncode
    finally:
        xvfb.terminate()
        xvfb.wait()


if __name__ == "__main__":
    sys.exit(main())
