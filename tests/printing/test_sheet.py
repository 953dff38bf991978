"""What the sheet says, built from real storage, without Qt."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.digest import content_digest, short_digest
from siwu_desktop.core.validation import values_of
from siwu_desktop.printing.sheet import DATA, SECTION, TOTAL, build_report
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import open_storage
from tests.printing.conftest import load
from tests.profiles import YU_COUNTY


def test_finalised_t1_carries_the_digest_of_its_revision(demo: ReturnService) -> None:
    loaded = load(demo, "t1", 2024)
    sheet = build_report(demo, loaded)
    assert sheet.finalised and loaded.info.status == "finalised"
    assert sheet.digest == loaded.info.digest == content_digest(loaded.data)
    assert sheet.short_digest == short_digest(sheet.digest)
    assert sheet.revision == 1 and "已定稿" in sheet.revision_text
    assert sheet.finalised_at and sheet.report_date == "2025年01月20日"
    assert (sheet.county, sheet.county_code, sheet.period_text) == ("潞城区", "140406", "2024年度")
    assert [(x.label, x.name) for x in sheet.signatures] == [
        ("单位负责人", "王志强"),
        ("审核人", "李建国"),
        ("填报人", "张晓燕"),
    ]
    assert sheet.phone == "0355-6220000"


def test_t1_rows_show_every_field_with_its_precision(demo: ReturnService) -> None:
    loaded = load(demo, "t1", 2025)
    sheet = build_report(demo, loaded)
    values = values_of(loaded.data, demo.context(loaded))
    rows = {r.cells[1]: r.cells for r in sheet.rows if r.kind == DATA}
    assert [r.cells[0] for r in sheet.rows if r.kind == SECTION] == [
        "一、主要指标",
        "二、基础数据",
        "三、参考事项（不作判定）",  # 长治 2025 正文 二、（一）3. (#18 item 5)
    ]
    coverage = rows["计划用水管理覆盖率"]
    # the commitment in the wide 目标依据, never a 本年目标值 (#17, the clerk's day)
    assert coverage[3] == "—" and coverage[4] == "非居民用水户，全部实行计划用水管理"
    assert coverage[7] == "不作判定（仅供参考）" and "正文 二、（一）3." in coverage[8]
    for f in loaded.form.fields:
        assert f.label in rows
    leak = rows["城镇公共供水管网漏损率"]
    # derived 10.7407…% shown with the field's 2 decimals; last year's from the 2024 return
    assert values["leakage_rate"] is not None and leak[5] == "10.74" and leak[6] == "5.74"
    assert leak[3] == "不高于9%" and leak[4].startswith("参照市级目标") and leak[7] == "未达标"
    assert leak[8].startswith("见情况说明")
    assert rows["农田灌溉水有效利用系数"][5] == ""  # its input was refused: no value
    assert rows["毛灌溉用水量（渠首取水）"][5] == "约3000（待核）"
    assert rows["用水总量"][3] == "—" and rows["用水总量"][4].startswith("市级目标：不高于6.17")
    assert rows["万元GDP用水量下降幅度（较2020年）"][3] == "下降不少于10%"
    for cells in rows.values():
        for cell in cells:
            assert "E+" not in cell and "0000000001" not in cell  # never float or exponent noise


def test_draft_has_no_printed_digest_and_lists_what_is_open(demo: ReturnService) -> None:
    sheet = build_report(demo, load(demo, "t1", 2025))
    assert not sheet.finalised and sheet.digest is None and sheet.short_digest == ""
    assert sheet.content_digest  # recorded with the print, never printed
    assert sheet.report_date == "" and "草稿" in sheet.revision_text
    kinds = [item.kind for item in sheet.appendix]
    assert "错误（待改正）" in kinds and "指标未达标" in kinds
    unmet = next(i for i in sheet.appendix if i.kind == "指标未达标")
    assert "10.74%" in unmet.message and unmet.explanation_text == "说明：（未填写）"


def test_explanations_are_printed_with_their_findings(demo: ReturnService) -> None:
    sheet = build_report(demo, load(demo, "t3", 2024))
    assert sheet.appendix
    for item in sheet.appendix:
        assert item.explanation.startswith("受年内重点项目投产影响")


def test_t2_is_the_sector_by_source_grid(demo: ReturnService) -> None:
    sheet = build_report(demo, load(demo, "t2", 2024))
    labels = [c.label for c in sheet.columns]
    assert labels[0] == "用水行业" and labels[-1] == "合计" and "再生水" in labels
    assert sum(g.span for g in sheet.groups) == len(sheet.columns)
    total = sheet.rows[-1]
    assert total.kind == TOTAL and total.cells[0] == "合计" and total.cells[-1] == "8000.00"
    assert sheet.measure == "万立方米" and sheet.orientation == "landscape"


def test_t3_lists_every_task_with_progress(demo: ReturnService) -> None:
    loaded = load(demo, "t3", 2024)
    sheet = build_report(demo, loaded)
    assert loaded.form.table is not None
    assert len(sheet.rows) == len(loaded.form.table.fixed_rows)
    first = sheet.rows[0].cells
    assert first[1] == loaded.form.table.fixed_rows[0].task.text
    assert first[4] == "已完成" and first[5] == "2024-11-30"


def test_t4_ledger_rows_and_total(demo: ReturnService) -> None:
    loaded = load(demo, "t4", 2024)
    sheet = build_report(demo, loaded)
    assert len(sheet.rows) == len(loaded.data.rows) + 1
    first = sheet.rows[0].cells
    assert first[:3] == ("1", "示例用水单位1", "91140400MA0000000J")
    assert first[10] == "10.20" and first[11] == "0.20" and first[12] == "2.00"
    total = sheet.rows[-1]
    assert total.kind == TOTAL and total.cells[1] == "合计" and total.cells[10] == "517.64"


def test_the_sheet_builds_with_qt_unavailable(demo_dir: Path) -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None; sys.modules['shiboken6'] = None\n"
        "from siwu_desktop.core.catalog import default_catalog\n"
        "from siwu_desktop.services.returns import ReturnService\n"
        "from siwu_desktop.storage import open_storage\n"
        "from siwu_desktop.storage.returns import ReturnKey\n"
        "from siwu_desktop.printing.sheet import build_report\n"
        "from siwu_desktop.printing.record import record_print\n"
        f"with open_storage({str(demo_dir)!r}, read_only=True) as st:\n"
        "    svc = ReturnService(st, default_catalog())\n"
        "    info = st.returns.find(ReturnKey('潞城区', 't1', 2024))\n"
        "    print(build_report(svc, svc.load(info)).digest)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip()) == 64


def test_t3_of_two_documents_prints_a_heading_row_for_each(demo: ReturnService) -> None:
    # 长治 2026 表三: the 2025 行动方案's tasks and 长水资源〔2026〕29号's, both numbered from 1
    loaded = load(demo, "t3", 2026, "Q1")
    sheet = build_report(demo, loaded)
    assert loaded.form.table is not None
    sections = [(i, r.cells) for i, r in enumerate(sheet.rows) if r.kind == SECTION]
    plan = len(loaded.form.table.groups[0].keys)
    assert sections == [
        (0, ("一、《长治市严格落实“四水四定”行动方案》",)),
        (plan + 1, ("二、《2026年长治市水利系统节约用水工作要点》（长水资源〔2026〕29号）",)),
    ]
    assert sheet.rows[1].cells[0] == "1" and sheet.rows[plan + 2].cells[0] == "1"
    assert len(sheet.rows) == len(loaded.form.table.fixed_rows) + 2


def test_the_notes_are_numbered_down_the_sheet(tmp_path: Path) -> None:
    """盂县 2026 表一 as the clerk typed it: 用水总量 1234.5, 地下水用水量 300, 地表水取水量
    约3000, 农业用水量 3千. The rules run the required-field checks first and the
    农业 > 用水总量 check last, so row 4 was 见情况说明23 between row 3's 1 and row 8's 2.
    Down the sheet: row 3 (约3000 not read) is 1, row 4 (3000 above 1234.5) is 2, row 8
    (非常规水利用量 empty) is 3, and the last, row 33 (在用用水器具总数), is the count."""
    storage = open_storage(tmp_path / "yq")
    storage.profile.save(YU_COUNTY)
    service = ReturnService(storage, default_catalog(), today=dt.date(2026, 12, 2))
    loaded = service.load(service.open("盂县", "t1", 2026))
    typed = {"total_use": "1234.5", "groundwater_use": "300", "surface_use": "约3000"}
    service.enter_values(loaded, {**typed, "agricultural_use": "3千"})
    sheet = build_report(service, service.load(loaded.info))
    rows = {r.cells[1]: r.cells for r in sheet.rows if r.kind == DATA}
    assert rows["地表水取水量"][8] == "见情况说明1"
    assert rows["农业用水量"][8] == "见情况说明2"
    assert rows["非常规水利用量"][8] == "见情况说明3"
    assert "农业用水量" in sheet.appendix[1].message and "1234.50" in sheet.appendix[1].message
    last = len(sheet.appendix)
    assert rows["在用用水器具总数"][8] == f"见情况说明{last}"
    assert [i.number for i in sheet.appendix] == list(range(1, last + 1))
    storage.close()
