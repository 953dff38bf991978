"""Qt's own dialogs (file, print, page set-up, message boxes) in Chinese.

Three parts, all cheap (no file is scanned, nothing is compiled at start):
- Qt's `qtbase_zh_CN.qm` (it covers the widgets and print-support dialogs), from Qt's
  translations folder, or, in the frozen program, from the `PySide6/Qt/translations`
  folder the build ships beside the package;
- `MISSING`: the strings of those dialogs that Qt's Chinese catalogue lacks (measured with
  PySide6 6.11: 查找范围, 文件类型, the folder type, the CUPS job options…), answered by a
  small translator consulted before Qt's;
- dates and sizes: Qt's file dialog writes modification times and file sizes in the
  *system* locale (on Linux the `LC_TIME` / `LC_MESSAGES` / `LANG` environment, often C:
  "1 12 2026 18:08", "2 bytes"); `prepare_environment` asks for Chinese ones when the
  environment names no Chinese locale. It must run before the QApplication exists (Qt
  reads the environment once).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

CATALOGUE = "qtbase_zh_CN"
CHINESE_LOCALE = "zh_CN.UTF-8"

# (context, source text, disambiguation) → Chinese, in the style of qtbase_zh_CN
# ("文件名称(&N)：").
MISSING: dict[tuple[str, str, str | None], str] = {
    ("QFileDialog", "&Look in:", None): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:", None): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder", "All other platforms"): "文件夹",
    ("QAbstractFileIconProvider", "File Folder", "Match Windows Explorer"): "文件夹",
    ("QAbstractFileIconProvider", "Drive", None): "驱动器",
    ("QPrintSettingsOutput", "Page &Set:", None): "打印页面(&S)：",
    ("QPageSetupWidget", "Page &order:", None): "页面顺序(&O)：",
    ("QPageSetupWidget", "Pages &per sheet:", None): "每张页数(&P)：",
    ("QCupsJobWidget", "Scheduled &printing:", None): "定时打印(&P)：",
    ("QCupsJobWidget", "&Billing information:", None): "计费信息(&B)：",
    ("QCupsJobWidget", "Job &priority:", None): "任务优先级(&P)：",
    ("QCupsJobWidget", "&Start:", "Banner page at start"): "开头横幅页(&S)：",
    ("QCupsJobWidget", "&End:", "Banner page at end"): "结尾横幅页(&E)：",
}


class _Missing(QTranslator):
    """The strings of MISSING; None (not "") for the rest, so Qt asks the next catalogue."""

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return MISSING.get((context, source, disambiguation or None))

    def isEmpty(self) -> bool:
        return False


def prepare_environment() -> None:
    """Chinese dates (LC_TIME) and sizes (LC_MESSAGES) in Qt's file dialogs, unless the
    environment already names a Chinese locale for them (LC_ALL wins over LC_x, which wins
    over LANG). Call before the QApplication is made."""
    if sys.platform == "win32" or sys.platform == "darwin":
        return  # they follow the system's regional settings there
    if os.environ.get("LC_ALL"):
        return
    for category in ("LC_TIME", "LC_MESSAGES"):
        chosen = os.environ.get(category) or os.environ.get("LANG") or ""
        if not chosen.startswith("zh"):
            os.environ[category] = CHINESE_LOCALE


def translation_dirs() -> list[Path]:
    """Where qtbase_zh_CN.qm may be: Qt's own folder, then the one beside PySide6."""
    import PySide6

    qt = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return [qt, Path(PySide6.__file__).parent / "Qt" / "translations"]


def install(app: QCoreApplication) -> bool:
    """Install Qt's Chinese catalogue and the missing strings; True if Qt's was found."""
    qt = QTranslator(app)
    found = any(qt.load(CATALOGUE, str(folder)) for folder in translation_dirs())
    if found:
        app.installTranslator(qt)
    app.installTranslator(_Missing(app))  # installed last = asked first
    return found
