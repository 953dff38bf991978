"""The PDF as the city will hold it: searchable Chinese, embedded fonts, a QR that decodes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from siwu_desktop.core.digest import content_digest
from siwu_desktop.printing.paint import write_pdf
from siwu_desktop.printing.record import record_print
from siwu_desktop.printing.sheet import build_report
from siwu_desktop.services.returns import ReturnService
from tests.printing.conftest import flat, load, pdf_text, run

NOW = dt.datetime(2026, 2, 3, 9, 30)


@pytest.fixture
def t1_pdf(qapp: QApplication, demo: ReturnService, tmp_path: Path) -> tuple[Path, str, int]:
    loaded = load(demo, "t1", 2024)
    sheet = build_report(demo, loaded, now=NOW)
    pdf = tmp_path / "t1.pdf"
    pages = write_pdf(sheet, pdf)
    return pdf, content_digest(loaded.data), pages


def test_text_layer_has_everything_a_reader_searches_for(
    t1_pdf: tuple[Path, str, int], demo: ReturnService
) -> None:
    pdf, digest, _ = t1_pdf
    text = flat(pdf_text(pdf))
    loaded = load(demo, "t1", 2024)
    for needle in ("“四水四定”主要指标完成情况表", "长治市潞城区水利局", "潞城区", "2024年度"):
        assert needle in text
    for f in loaded.form.fields:
        assert flat(f.label) in text, f.label
    sheet = build_report(demo, loaded)
    for row in sheet.rows:
        for cell in row.cells:
            assert flat(cell) in text, cell
    for label in (
        "单位负责人",
        "审核人",
        "填报人",
        "联系电话",
        "报出日期",
        "单位（盖章）",
        "（签字）",
    ):
        assert label in text
    assert "王志强" in text and "2025年01月20日" in text
    assert digest in text and "第1页共" in text
    assert "⽤" not in text and "⽔" not in text  # no Kangxi radicals in place of 用 水


def test_cjk_fonts_are_embedded(t1_pdf: tuple[Path, str, int]) -> None:
    pdf, _, _ = t1_pdf
    lines = run("pdffonts", str(pdf)).splitlines()[2:]
    assert lines
    families = {line.split()[0] for line in lines}
    assert families & {"UMingCN", "WenQuanYiMicroHei", "SimSun", "SimHei"}, families
    for line in lines:
        assert " yes " in line and "CID TrueType" in line, line  # embedded, Unicode-mapped


def test_qr_code_decodes_to_exactly_the_digest(
    t1_pdf: tuple[Path, str, int], demo: ReturnService, tmp_path: Path
) -> None:
    pdf, digest, _ = t1_pdf
    run("pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p"))
    png = next(tmp_path.glob("p-*1.png"))
    decoded = run("zbarimg", "-q", "--raw", str(png)).strip()
    assert decoded == digest == load(demo, "t1", 2024).info.digest


def test_first_page_rendered_for_a_person_to_look_at(
    t1_pdf: tuple[Path, str, int], artifacts_dir: Path
) -> None:
    pdf, _, pages = t1_pdf
    assert pages == 2
    target = artifacts_dir / "print_t1_2024"
    run("pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-png", str(pdf), str(target))
    assert next(artifacts_dir.glob("print_t1_2024-*1.png")).stat().st_size > 20_000


def test_draft_prints_with_watermark_and_no_digest(
    qapp: QApplication, demo: ReturnService, tmp_path: Path, artifacts_dir: Path
) -> None:
    loaded = load(demo, "t1", 2025)
    sheet = build_report(demo, loaded, now=NOW)
    pdf = tmp_path / "draft.pdf"
    write_pdf(sheet, pdf)
    text = pdf_text(pdf)
    assert "草稿" in text and "本表尚未定稿" in text
    assert content_digest(loaded.data) not in flat(text)
    assert "内容摘要（SHA-256）" not in text and "摘要 " not in text
    assert "情况说明" in text and "10.74%" in text
    run("pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "d"))
    result = run_status("zbarimg", "-q", "--raw", str(next(tmp_path.glob("d-*1.png"))))
    assert result != 0  # no QR code on a draft
    run(
        "pdftoppm",
        "-r",
        "80",
        "-f",
        "1",
        "-l",
        "1",
        "-png",
        str(pdf),
        str(artifacts_dir / "print_t1_draft"),
    )


@pytest.mark.parametrize("form", ["t2", "t3", "t4"])
def test_other_forms_print_searchable(
    qapp: QApplication, demo: ReturnService, tmp_path: Path, artifacts_dir: Path, form: str
) -> None:
    loaded = load(demo, form, 2024)
    sheet = build_report(demo, loaded, now=NOW)
    pdf = tmp_path / f"{form}.pdf"
    write_pdf(sheet, pdf)
    text = flat(pdf_text(pdf))
    assert flat(sheet.title) in text and loaded.info.digest in text
    for column in sheet.columns:
        assert flat(column.label) in text
    for row in sheet.rows:
        for cell in row.cells:
            assert flat(cell) in text, cell
    run(
        "pdftoppm",
        "-r",
        "80",
        "-f",
        "1",
        "-l",
        "1",
        "-png",
        str(pdf),
        str(artifacts_dir / f"print_{form}_2024"),
    )


def test_a_print_is_recorded_with_its_digest(
    qapp: QApplication, demo: ReturnService, tmp_path: Path
) -> None:
    loaded = load(demo, "t1", 2024)
    sheet = build_report(demo, loaded)
    pdf = tmp_path / "r.pdf"
    write_pdf(sheet, pdf)
    recorded = record_print(demo, sheet, pdf)
    (stored,) = [r for r in demo.storage.outputs.for_return(loaded.info.id) if r.kind == "print"]
    assert stored == recorded.record
    assert recorded.changes.statuses == {loaded.info.id} and not recorded.changes.returns
    assert (stored.revision, stored.digest, stored.file) == (1, loaded.info.digest, str(pdf))


def run_status(*args: str) -> int:
    import subprocess

    return subprocess.run(args, capture_output=True, check=False).returncode
