"""The packaging material in resources/desktop: menu entry, icons, splash, Debian files.

The package itself (built by `SIWU_DEB=1 pyinstaller build.spec`) is installed, run,
upgraded and removed by .ci/deb-checks in CI; these tests keep its sources honest.
"""

from __future__ import annotations

import configparser
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage, QPainter

import siwu_desktop

ROOT = Path(__file__).resolve().parent.parent
DESKTOP = ROOT / "resources" / "desktop"
ENTRY = DESKTOP / "siwu-desktop.desktop"


def load_make_icons():
    spec = importlib.util.spec_from_file_location("make_icons", DESKTOP / "make_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_icons"] = module
    spec.loader.exec_module(module)
    return module


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(ENTRY, encoding="utf-8")
    return parser["Desktop Entry"]


def test_menu_entry_names_the_program_in_chinese_under_office() -> None:
    entry = desktop_entry()
    assert entry["Name"] == "四水四定填报系统"
    assert entry["Name[zh_CN]"] == "四水四定填报系统"
    assert re.search(r"[\u4e00-\u9fff]", entry["Comment"])
    assert entry["Categories"] == "Office;"
    assert entry["Exec"] == "siwu"  # /usr/bin/siwu, the package's launcher
    assert entry["Terminal"] == "false"


def test_menu_entry_matches_the_window_class(qapp) -> None:
    """Docks and task bars put the window under the menu entry by WM_CLASS, whose class Qt
    takes from the application name (xprop on the installed program: "siwu", "siwu_desktop")."""
    from siwu_desktop.ui.app import create_app

    assert desktop_entry()["StartupWMClass"] == create_app().applicationName() == "siwu_desktop"


def test_menu_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(ENTRY)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_icon_of_the_entry_exists_at_every_menu_size() -> None:
    icons = load_make_icons()
    name = desktop_entry()["Icon"]
    for size in (16, 22, 24, 32, 48, 64, 128, 256):
        image = QImage(str(DESKTOP / "icons" / f"{size}x{size}" / f"{name}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        assert image.pixelColor(0, 0).alpha() < 64  # rounded corners
        centre = image.pixelColor(size // 2, int(size * 0.62))  # inside the drop
        assert centre.alpha() == 255 and centre.blue() > 200
    assert icons.SIZES == (16, 22, 24, 32, 48, 64, 128, 256)


def test_committed_pictures_are_the_script_output(qapp) -> None:
    """Editing the drawing without re-running make_icons.py (or the reverse) fails here."""
    icons = load_make_icons()
    files = icons.outputs()
    assert len(files) == 10  # 8 PNG sizes, the .ico, the splash
    for path, data in files.items():
        if path.suffix == ".ico":
            assert path.read_bytes()[:4] == b"\x00\x00\x01\x00", path
            assert int.from_bytes(path.read_bytes()[4:6], "little") == len(icons.ICO_SIZES)
            continue
        drawn, committed = QImage.fromData(data), QImage(str(path))
        assert drawn.size() == committed.size(), path
        assert largest_difference(drawn, committed) <= ROUNDING, (
            f"{path.relative_to(ROOT)}: run resources/desktop/make_icons.py"
        )


# Qt's raster engine rounds antialiased edges a little differently on different processors
# (its SIMD paths): the same drawing came out 1 unit apart in a few edge pixels of 4 of the
# 8 sizes on a new machine here (PySide6 6.11.3 on both). A changed drawing moves whole
# shapes: tens of units, many pixels.
ROUNDING = 2


def largest_difference(a: QImage, b: QImage) -> int:
    """The largest difference of one colour or alpha channel of one pixel, 0 to 255."""
    a, b = (i.convertToFormat(QImage.Format.Format_ARGB32) for i in (a, b))
    return max(
        (abs(x - y) for x, y in zip(bytes(a.constBits()), bytes(b.constBits()), strict=True)),
        default=0,
    )


def test_a_changed_drawing_is_told_from_rounding(qapp) -> None:
    """The drop drawn 1 px to the side is far more than the rounding allowed above."""
    size = 48
    moved = QImage(size, size, QImage.Format.Format_ARGB32)
    moved.fill(0)
    committed = QImage(str(DESKTOP / "icons" / f"{size}x{size}" / "siwu-desktop.png"))
    painter = QPainter(moved)
    painter.drawImage(1, 0, committed)
    painter.end()
    assert largest_difference(committed, committed.copy()) == 0
    assert largest_difference(moved, committed) > 10 * ROUNDING


def test_ico_directory_points_at_the_png_images() -> None:
    data = (DESKTOP / "siwu-desktop.ico").read_bytes()
    count = int.from_bytes(data[4:6], "little")
    sizes = []
    for i in range(count):
        entry = data[6 + 16 * i : 22 + 16 * i]
        length = int.from_bytes(entry[8:12], "little")
        offset = int.from_bytes(entry[12:16], "little")
        png = data[offset : offset + length]
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        image = QImage.fromData(png)
        assert image.width() == (entry[0] or 256)
        sizes.append(image.width())
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_changelog_names_this_version() -> None:
    """The package's changelog.gz must describe the version it ships."""
    first = (DESKTOP / "debian" / "changelog").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(f"siwu-desktop ({siwu_desktop.__version__}) ")
