"""The exported workbook as LibreOffice prints it (#17 item 13): the seal line under the
signatures, and the page footer drawn whole."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from siwu_desktop.excel.layout import SIGNATURE_NAMES
from siwu_desktop.services.export import export_returns
from siwu_desktop.services.returns import ReturnService
from tests.libreoffice import soffice_convert


def _export_2024(service: ReturnService, path: Path) -> Path:
    loaded = [service.load(r) for r in service.returns_of("潞城区", 2024)]
    return export_returns(service, loaded, path).path


def test_the_signature_lines_end_with_the_units_seal(
    service: ReturnService, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(_export_2024(service, tmp_path / "all.xlsx"))
    for title in ("表一", "表二", "表三", "表四"):
        ws = wb[title]
        head = ws.defined_names[SIGNATURE_NAMES[0][1]].attr_text.split("!")[1].replace("$", "")
        row = int(re.sub(r"\D", "", head))
        assert str(ws.cell(row, 1).value).startswith("单位负责人：")
        seal = [c.value for c in ws[row + 1] if c.value]
        assert seal == ["单位（盖章）："], title


def _ink_height(png: Path, box: tuple[float, float, float, float], scale: float) -> float:
    """How much of a word's box its ink spans from top to bottom: about 2/3 for a whole
    第 (the box holds the line's ascent and descent), about 0.4 when the line is cut."""
    image = QImage(str(png))
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    inked = [
        y
        for y in range(y0, y1 + 1)
        if any(image.pixelColor(x, y).lightness() < 128 for x in range(x0, x1 + 1))
    ]
    return (inked[-1] - inked[0] + 1) / (y1 - y0) if inked else 0.0


def test_libreoffice_prints_every_page_number_whole(
    qapp: QApplication, service: ReturnService, tmp_path: Path, artifacts_dir: Path
) -> None:
    """The footer 第 1 页，共 N 页 was cut in half: LibreOffice draws the footer between the
    footer distance and the bottom margin, 0.1 inch apart before."""
    pdf = soffice_convert(_export_2024(service, tmp_path / "all.xlsx"), tmp_path, "pdf",
                          tmp_path / "home")  # fmt: skip
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))  # fmt: skip
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    words = re.findall(r'<page width="[\d.]+" height="[\d.]+">|<word xMin="([\d.]+)" '
                       r'yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', bbox)  # fmt: skip
    page, footers = 0, {}
    for *box, text in words:
        if not box[0]:
            page += 1
        elif text == "第":
            footers[page] = tuple(float(v) for v in box)  # the last 第 on the page: the footer
    assert sorted(footers) == list(range(1, pages + 1))
    dpi = 200
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(tmp_path / "p")], check=True)
    for number, box in footers.items():
        png = sorted(tmp_path.glob("p-*.png"))[number - 1]
        assert _ink_height(png, box, dpi / 72) > 0.55, f"page {number}: footer cut"
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(pdf),
                    str(artifacts_dir / "workbook_libreoffice_2024")], check=True)  # fmt: skip
