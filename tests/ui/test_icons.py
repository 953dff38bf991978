"""The window's icons are files copied from Qt's standard icons (resources/icons, siwu_desktop.
ui.icons), so a start builds no QStyle class (issue #13 item 7), and they look as before."""

from __future__ import annotations

import ast
import runpy
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication, QStyle, QStyleFactory

from siwu_desktop.core.terms import Severity
from siwu_desktop.ui import icons
from siwu_desktop.ui.entry_models import severity_icon
from siwu_desktop.ui.entry_view import TEXT_MARGIN
from siwu_desktop.ui.main_window import MainWindow
from tests.test_build_spec import spec_function

ROOT = Path(__file__).resolve().parent.parent.parent
FOLDER = ROOT / "resources" / "icons"
PREMULTIPLIED = QImage.Format.Format_ARGB32_Premultiplied


def test_the_committed_icons_are_qts_standard_pictures(qapp: QApplication) -> None:
    """Each file is Qt's own picture of its standard icon at that size, pixel for pixel, and
    Qt holds the icon at just those sizes (else: run resources/icons/generate.py)."""
    made = runpy.run_path(str(FOLDER / "generate.py"))["pictures"]()
    files = sorted(p.name for p in FOLDER.glob("*.png"))
    assert files == sorted(made)
    for name, image in made.items():
        committed = QImage(str(FOLDER / name)).convertToFormat(PREMULTIPLIED)
        assert committed == image.convertToFormat(PREMULTIPLIED), name


@pytest.mark.parametrize("name", sorted(icons.STANDARD))
def test_an_icon_draws_as_the_styles_icon_did(qapp: QApplication, name: str) -> None:
    """At the sizes the window draws icons (cells and lists 16 px, the toolbar 24, dialogs
    32), at 100 %, 150 % and 200 %, enabled and disabled (a greyed toolbar button), an icon
    gives the pixels of the style's own icon (each pair made afresh: what Qt scales from
    can depend on what the same icon drew before). One exception: at 24 px (the toolbar at
    100 %) Qt's two arrows (撤销/重做) come out of its icon unlike its 32 px picture scaled
    down, which the copies give: up to 13 steps of grey apart along the arrows' edges."""
    pixmap, sizes = icons.STANDARD[name]
    standard = getattr(QStyle.StandardPixmap, pixmap)
    style = QStyleFactory.create("Fusion")
    assert sorted(s.width() for s in icons.icon(name).availableSizes()) == list(sizes)
    for size in (16, 24, 32):
        for ratio in (1.0, 1.5, 2.0):
            if name.startswith("arrow-") and size * ratio == 24:
                continue
            for mode in (QIcon.Mode.Normal, QIcon.Mode.Disabled):
                theirs = style.standardIcon(standard).pixmap(QSize(size, size), ratio, mode)
                ours = icons.load(name).pixmap(QSize(size, size), ratio, mode)
                assert ours.toImage() == theirs.toImage(), (name, size, ratio, mode)


def test_severities_have_the_message_box_icons(qapp: QApplication) -> None:
    assert severity_icon(Severity.ERROR).cacheKey() == icons.icon("critical").cacheKey()
    assert severity_icon(Severity.WARNING).cacheKey() == icons.icon("warning").cacheKey()
    assert severity_icon(Severity.NOTICE).cacheKey() == icons.icon("information").cacheKey()


def test_the_toolbar_shows_its_icons(window: MainWindow) -> None:
    for action in (window.undo_action, window.validate_action, window.print_action):
        assert not action.icon().isNull()
        assert not action.icon().pixmap(24, 24).isNull()  # the file was found and read


@pytest.mark.parametrize("key", ["Fusion", "Windows"])
def test_the_text_margin_is_the_styles(qapp: QApplication, key: str) -> None:
    """The margin beside a cell's text, a constant so that no paint asks the style, is
    QCommonStyle's (PM_FocusFrameHMargin + 1) in the styles the program runs with."""
    style = QStyleFactory.create(key)
    assert style is not None
    assert style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1 == TEXT_MARGIN


def test_the_frozen_builds_carry_the_icons_not_their_generator() -> None:
    """build.spec bundles resources/ (found at run time by siwu_desktop.paths): the icons
    and their README go in, the script that makes them does not."""
    keep = spec_function("keep")
    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    (fragments,) = [
        n.value
        for n in tree.body
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "DROP_FRAGMENTS"
    ]
    keep.__globals__["DROP_FRAGMENTS"] = ast.literal_eval(fragments)
    for name in sorted(icons.STANDARD):
        for size in icons.STANDARD[name][1]:
            entry = (f"resources/icons/{name}-{size}.png", str(FOLDER / f"{name}-{size}.png"))
            assert keep((*entry, "DATA")), entry
            assert Path(icons.icon_file(name, size)) == FOLDER / f"{name}-{size}.png"
    assert keep(("resources/icons/README", str(FOLDER / "README"), "DATA"))
    assert not keep(("resources/icons/generate.py", str(FOLDER / "generate.py"), "DATA"))
