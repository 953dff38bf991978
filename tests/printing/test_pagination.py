"""A 500-row ledger: cut into pages before drawing, head on every page, no row split or clipped."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PySide6.QtGui import QPdfWriter
from PySide6.QtWidgets import QApplication

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.printing.paint import _SheetLayout, configure_printer, write_pdf
from siwu_desktop.printing.sheet import build_report
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import open_storage
from siwu_desktop.storage.returns import ReturnKey
from tests.printing.conftest import LEDGER_ROWS, flat, pdf_text, run


def _ledger_sheet(ledger_dir: Path):  # type: ignore[no-untyped-def]
    with open_storage(ledger_dir, read_only=True) as storage:
        service = ReturnService(storage, default_catalog())
        info = storage.returns.find(ReturnKey("潞城区", "t4", 2026))
        assert info is not None and info.status == "finalised"
        return build_report(service, service.load(info))


def test_500_rows_paginate_with_the_head_on_every_page(
    qapp: QApplication, ledger_dir: Path, tmp_path: Path, artifacts_dir: Path
) -> None:
    sheet = _ledger_sheet(ledger_dir)
    assert len(sheet.rows) == LEDGER_ROWS + 1  # and the 合计 row
    pdf = tmp_path / "ledger.pdf"
    pages = write_pdf(sheet, pdf)
    assert pages >= 10
    seen: list[int] = []
    for page in range(1, pages + 1):
        text = pdf_text(pdf, page)
        body = flat(text)
        assert "统一社会信用代码" in body and "超计划用水量" in body, page  # the repeated head
        assert f"第{page}页共{pages}页" in body
        names = [int(n) for n in re.findall(r"示例用水单位(\d+)", text)]
        assert names == sorted(names)
        seen += names
        for number in names:  # a row is whole on its page: name and its credit code together
            row = sheet.rows[number - 1].cells
            assert row[2] in body, (page, number)
    assert seen == list(range(1, LEDGER_ROWS + 1))  # every row exactly once, in order
    last = flat(pdf_text(pdf, pages))
    assert "合计" in last and "单位负责人" in last and sheet.short_digest in last
    for page in (1, pages // 2):
        run("pdftoppm", "-r", "80", "-f", str(page), "-l", str(page), "-png", str(pdf),
            str(artifacts_dir / "print_ledger500"))  # fmt: skip


def test_no_row_crosses_the_bottom_of_its_page(
    qapp: QApplication, ledger_dir: Path, tmp_path: Path
) -> None:
    sheet = _ledger_sheet(ledger_dir)
    writer = QPdfWriter(str(tmp_path / "unused.pdf"))
    configure_printer(writer, sheet)
    layout = _SheetLayout(sheet, writer)
    pages = layout.paginate()
    placed = [row for page in pages for row, _ in page.rows]
    assert len(placed) == len(sheet.rows)
    for page in pages:
        assert page.head_y is not None or not page.rows
        for row, y in page.rows:
            assert y + row.height <= layout.bottom + 1e-6
            for _x, text in row.texts:  # every cell's wrapped text fits its row
                assert text.height <= row.height
        for flow, y in page.flows:
            assert y + flow.height <= layout.bottom + 1e-6


def test_printing_leaves_none_alive(qapp: QApplication, ledger_dir: Path, tmp_path: Path) -> None:
    """PySide6 6.12.0 took a reference from None on every void call (pinned out in pyproject)."""
    sheet = _ledger_sheet(ledger_dir)
    before = sys.getrefcount(None)
    write_pdf(sheet, tmp_path / "a.pdf")
    assert sys.getrefcount(None) >= before - 50
