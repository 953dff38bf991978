"""The printed 回执 (printing.receipt): every return of the receipt on its row — 已接收 with
its revision and short digest, 退回修改 with the reason and each of the city's findings —
the signer's fingerprint, the unit to stamp and the date in Chinese; a long list of
findings goes on to a second page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from siwu_desktop.printing.receipt import write_receipt_pdf
from siwu_desktop.services.changes import NONE
from siwu_desktop.services.receipts import ACCEPTED, RETURNED, MadeReceipt, ReceiptItem

from .conftest import flat, pdf_text, run

DIGEST = "0123456789abcdef" + "0" * 48
FINGERPRINT = "AA22 34D5 1AF9 630D B8B1 F09C 2AEF 5FB4"


def made(items: tuple[ReceiptItem, ...]) -> MadeReceipt:
    return MadeReceipt(
        Path("/tmp/潞州区2025年回执.siwureceipt"),
        "长治市",
        "长治市水利局",
        "潞州区",
        2025,
        "2026-02-03 09:30:00",
        FINGERPRINT,
        items,
        NONE,
    )


def test_accepted_and_returned_rows_with_findings(
    qapp: QApplication, tmp_path: Path, artifacts_dir: Path
) -> None:
    receipt = made(
        (
            ReceiptItem("t1", "Y", 2, DIGEST, ACCEPTED),
            ReceiptItem(
                "t3", "Q3", 1, DIGEST, RETURNED, "逾期未说明", ("任务3未填进展", "任务5逾期")
            ),
        )
    )
    pdf = write_receipt_pdf(receipt, tmp_path / "r.pdf")
    text = flat(pdf_text(pdf))
    assert "长治市潞州区：" in text and "2025年度" in text
    # 表一 第2版 accepted: the digest's first 16 hex digits in groups of four
    assert "表一全年第2版市局已接收摘要0123-4567-89ab-cdef" in text
    assert "表三第三季度第1版退回修改原因：逾期未说明" in text
    assert "·任务3未填进展" in text and "·任务5逾期" in text
    assert FINGERPRINT.replace(" ", "") in text
    assert "长治市水利局（盖章）" in text and "2026年2月3日" in text  # 2026-02-03
    run("pdftoppm", "-r", "60", "-png", str(pdf), str(artifacts_dir / "receipt-two-rows"))


def test_many_findings_go_on_to_another_page_with_the_stamp_after_them(
    qapp: QApplication, tmp_path: Path
) -> None:
    # 60 findings, a 9 mm row each (540 mm), cannot fit on one page (about 250 mm of A4
    # inside the margins)
    findings = tuple(f"第{n}项问题" for n in range(1, 61))
    receipt = made((ReceiptItem("t4", "Y", 1, DIGEST, RETURNED, "台账不全", findings),))
    pdf = write_receipt_pdf(receipt, tmp_path / "long.pdf")
    pages = int(run("pdfinfo", str(pdf)).split("Pages:")[1].split()[0])
    assert pages >= 2
    assert "报表接收回执" in flat(pdf_text(pdf, page=1))
    last = flat(pdf_text(pdf, page=pages))
    assert "长治市水利局（盖章）" in last
    # every finding is on a page, each once (one row each: rows break across pages)
    text = "".join(flat(pdf_text(pdf, page=n)) for n in range(1, pages + 1))
    assert all(text.count(f"·第{n}项问题") == 1 for n in range(1, 61))


def test_a_missing_folder_is_refused(qapp: QApplication, tmp_path: Path) -> None:
    with pytest.raises(OSError, match="保存 PDF 的文件夹不存在"):
        write_receipt_pdf(made(()), tmp_path / "no" / "r.pdf")
