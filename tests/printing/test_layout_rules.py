"""How the printed sheet reads (#17 item 13): short heads whole, no line opening with a
closing bracket, the signature block never alone on its page, 制定机关 in the corner."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import msgspec
import pytest
from PySide6.QtGui import QFont, QPdfWriter, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.printing.paint import _SheetLayout, configure_printer, write_pdf
from siwu_desktop.printing.sheet import DATA, ReportSheet, build_report
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, open_storage
from tests.printing.conftest import flat, load, pdf_text, run
from tests.profiles import QINGXU_COUNTY, YU_COUNTY

# Chinese line-breaking rule: these never begin a line
CLOSING = "）)」』】，。、；：！？"


def layout(sheet: ReportSheet, tmp_path: Path) -> _SheetLayout:
    writer = QPdfWriter(str(tmp_path / "probe.pdf"))
    configure_printer(writer, sheet)
    return _SheetLayout(sheet, writer)


@pytest.mark.parametrize("form", ["t1", "t2", "t3", "t4"])
def test_short_heads_and_short_cells_are_never_broken(
    qapp: QApplication, demo: ReturnService, tmp_path: Path, form: str
) -> None:
    """序号 was printed as 序/号: a head of up to four characters, and a column whose cells
    are all that short (row numbers, 已完成), gets the width to stay on one line."""
    sheet = build_report(demo, load(demo, form, 2024))
    lay = layout(sheet, tmp_path)
    for cell in lay.head_cells:
        if len(cell.text.text) <= 4:
            assert not cell.text.wrapped, cell.text.text
    assert sum(w for _, w in lay.columns) == pytest.approx(lay.width)
    pdf = tmp_path / "sheet.pdf"
    write_pdf(sheet, pdf)
    lines = pdf_text(pdf, 1).splitlines()
    if any(c.label == "序号" for c in sheet.columns):  # 表二 has none
        assert any(line.split()[:1] == ["序号"] for line in lines), lines[:12]


def test_no_printed_line_starts_with_a_closing_bracket_or_stop(
    qapp: QApplication, demo: ReturnService, tmp_path: Path, artifacts_dir: Path
) -> None:
    """表一's 地区生产总值指数（2020年=100，可比价） wrapped before its last "）"; the
    (较2020年) of row 6 was cut inside the year. Breaks fall where Chinese allows them."""
    for form in ("t1", "t2", "t3", "t4"):
        sheet = build_report(demo, load(demo, form, 2025))
        pdf = tmp_path / f"{form}.pdf"
        write_pdf(sheet, pdf)
        for line in pdf_text(pdf).splitlines():
            assert not line.strip() or line.strip()[0] not in CLOSING, (form, line)
        assert "202\n0" not in pdf_text(pdf), form
    run("pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-png", str(tmp_path / "t1.pdf"),
        str(artifacts_dir / "print_t1_2025_breaks"))  # fmt: skip


def _alone(sheet: ReportSheet, tmp_path: Path) -> list[int]:
    pages = layout(sheet, tmp_path).paginate()
    last = pages[-1]
    kinds = [flow.kind for flow, _ in last.flows]
    return [] if last.rows or kinds != ["signatures"] else [len(pages)]


def test_the_signature_block_takes_the_item_before_it_to_a_new_page(
    qapp: QApplication, demo: ReturnService, tmp_path: Path
) -> None:
    """However long the 情况说明 (0–24 items) or the ledger (1–60 rows), the last page never
    holds the signature block alone: the item or row before it goes over with it."""
    t3 = build_report(demo, load(demo, "t3", 2025))
    assert t3.appendix  # the demo's 2025 表三 explains its tasks
    for n in range(25):
        items = tuple(t3.appendix[i % len(t3.appendix)] for i in range(n))
        sheet = msgspec.structs.replace(t3, appendix=items)
        assert _alone(sheet, tmp_path) == [], f"{n} 情况说明 items"
    t4 = build_report(demo, load(demo, "t4", 2024))
    for k in range(1, 61):
        rows = tuple(t4.rows[i % len(t4.rows)] for i in range(k))
        assert _alone(msgspec.structs.replace(t4, rows=rows), tmp_path) == [], f"{k} rows"


def test_the_corner_names_the_issuing_bureau(
    qapp: QApplication, demo: ReturnService, tmp_path: Path
) -> None:
    """表号, 制定机关 and 版本, as on the workbook (制定机关：长治市水利局 for 潞城区)."""
    pdf = tmp_path / "t1.pdf"
    write_pdf(build_report(demo, load(demo, "t1", 2024)), pdf)
    text = flat(pdf_text(pdf, 1))
    assert "表号：表一" in text and "制定机关：长治市水利局" in text and "版本：第1版" in text
    assert re.search("制定机关", flat(pdf_text(pdf, 2))) is None  # the first page only


def test_a_reference_row_puts_its_commitment_in_the_wide_basis_column(
    qapp: QApplication, tmp_path: Path, artifacts_dir: Path
) -> None:
    """太原 清徐县 2026 表一: 非农取水单位在线监测计量覆盖率's commitment (52 characters) was
    printed in the 30 mm 本年目标值 column, about 8 characters a line: 7 lines, with the 51 mm
    目标依据 beside it empty. In 目标依据 (about 15 characters a line) it takes 4 lines; the
    source (《太原市落实“四水四定”行动方案》 正文 二、(一)4., 28 characters) stays in the
    23 mm 说明 at about 6 a line: 5 lines. So the row is at most 5 lines high."""
    storage = open_storage(tmp_path / "ty")
    storage.profile.save(QINGXU_COUNTY)
    service = ReturnService(storage, default_catalog(), today=dt.date(2026, 12, 2))
    sheet = build_report(service, service.load(service.open("清徐县", "t1", 2026)))
    rows = {r.cells[1]: r for r in sheet.rows if r.kind == DATA}
    monitoring = rows["非农取水单位在线监测计量覆盖率"].cells
    assert monitoring[3] == "—"
    assert monitoring[4] == (
        "地表水年许可水量50万立方米以上、地下水年许可水量5万立方米以上的"
        "非农取水单位完善取用水在线监测计量"
    )
    assert monitoring[7] == "不作判定（仅供参考）" and "正文 二、(一)4." in monitoring[8]
    lay = layout(sheet, tmp_path)
    line = lay.line(lay.f_text)
    index = sheet.rows.index(rows["非农取水单位在线监测计量覆盖率"])
    assert lay.rows[index].height <= 5 * line + 2 * lay.pad_y + 1e-6
    pdf = tmp_path / "t1.pdf"
    write_pdf(sheet, pdf)
    assert "晋祠泉稳定复流" in flat(pdf_text(pdf))
    run("pdftoppm", "-r", "80", "-png", str(pdf), str(artifacts_dir / "print_t1_taiyuan_refs"))
    storage.close()


def _drawn_lines(text: str, font: QFont, width: float, device: QPdfWriter) -> list[str]:
    """The lines Qt breaks `text` into at `width`, as drawText (word wrap) does."""
    layout = QTextLayout(text.replace("\n", "\u2028"), font, device)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    lines = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return lines


_LUCHENG = msgspec.structs.replace(
    YU_COUNTY, city="长治市", county="潞城区", unit_name="潞城区水利局",
    counties=(("潞城区", "140406"),),
)  # fmt: skip


@pytest.mark.parametrize("profile", [YU_COUNTY, _LUCHENG, QINGXU_COUNTY], ids=lambda p: p.city)
def test_no_column_head_ends_on_a_line_of_one_character(
    qapp: QApplication, tmp_path: Path, artifacts_dir: Path, profile: Profile
) -> None:
    """表四's heads were printed 年计划用水/量, 第一季度/实际用水/量, 水平衡测/试, and 长治's
    and 太原's 表二 矿井水/疏干/水: a last line of one character. Laid out with the
    printing font at each head's own width, every head of 表一–表四 of 阳泉, 长治 and
    太原 ends on a line of at least two characters; 表四 reads 年计划/用水量,
    第一季度/实际/用水量, 水平衡/测试 and 表二 矿井水/ 疏干水."""
    storage = open_storage(tmp_path / "data")
    storage.profile.save(profile)
    service = ReturnService(storage, default_catalog(), today=dt.date(2026, 12, 2))
    heads: dict[str, list[str]] = {}
    for form in ("t1", "t2", "t3", "t4"):
        sheet = build_report(service, service.load(service.open(profile.county, form, 2026)))
        lay = layout(sheet, tmp_path)
        for cell in lay.head_cells:
            lines = _drawn_lines(cell.text.text, lay.f_head, cell.text.width, lay.device)
            assert len(lines[-1]) > 1 or len(lines) == 1, (form, lines)
            heads["".join(lines)] = lines
        pdf = tmp_path / f"{form}.pdf"
        write_pdf(sheet, pdf)
        shot = str(artifacts_dir / f"print_heads_{profile.county}_{form}")
        run("pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-png", str(pdf), shot)
    assert heads["年计划用水量"] == ["年计划", "用水量"]
    assert heads["第一季度实际用水量"] == ["第一季度", "实际", "用水量"]
    assert heads["水平衡测试"] == ["水平衡", "测试"]
    if profile.city != "阳泉市":  # 阳泉's 表二 has one source fewer: 矿井水/疏干水 fits
        assert heads["矿井水/疏干水"] == ["矿井水/", "疏干水"]
    storage.close()
