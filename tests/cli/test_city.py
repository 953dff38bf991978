"""`siwu consolidate` end to end: city-mode storage → summary workbook → LibreOffice.

Eleven of 长治市's twelve counties filed 表一 2025 (沁县 did not); LibreOffice's CSV
of the shown values gives the hand-computed city figures, 沁县 as 未报, and the
returns used with their digests. The first page is rendered to PNG for a person.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from siwu_desktop.cli import main
from siwu_desktop.core.catalog import default_catalog
from siwu_desktop.core.sample import sample_return
from siwu_desktop.services.returns import ReturnService
from siwu_desktop.storage import Profile, open_storage
from tests.disks import fill, mounted_tmpfs, needs_root
from tests.libreoffice import CSV_FILTER, soffice_convert

ARTIFACTS = Path(__file__).resolve().parents[2] / "out" / "test-artifacts"
BIG, MISSING = "沁源县", "沁县"
SMALL = {
    "total_use": "1000",
    "total_use_b2020": "1000",
    "gdp_index_b2020": "125",
    "gdp_b2020": "100",
    "supply_total": "1000",
    "billed_use": "900",
    "household_metered_share": "40",
    "irrigation_net": "600",
    "irrigation_gross": "1000",
    # parts of the total, within it (the sample's are sized for 8000)
    "groundwater_use": "300",
    "agricultural_use": "400",
    "industrial_use": "200",
}
LARGE = {
    "total_use": "12000",
    "total_use_b2020": "10000",
    "gdp_index_b2020": "110",
    "gdp_b2020": "900",
    "supply_total": "10000",
    "billed_use": "8000",
    "household_metered_share": "60",
    "irrigation_net": "2000",
    "irrigation_gross": "5000",
}


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("city")
    catalog = default_catalog()
    counties = catalog.counties_for("长治市")
    with open_storage(root / "data") as storage:
        storage.profile.save(
            Profile(mode="city", city="长治市", counties=tuple((c.name, c.code) for c in counties))
        )
        svc = ReturnService(storage, catalog, today=dt.date(2026, 1, 20))
        for county in counties:
            if county.name == MISSING:
                continue
            loaded = svc.load(svc.open(county.name, "t1", 2025))
            texts = {
                f: e.text for f, e in sample_return(loaded.form, county.name, 2025).values.items()
            }
            texts.update(LARGE if county.name == BIG else SMALL)
            svc.enter_values(loaded, texts)
            if county.name in ("潞州区", BIG):  # two filed (finalised), the rest drafts
                for finding in svc.validate(loaded):
                    svc.set_explanation(loaded, finding.key, "已核实。")
                svc.finalise(loaded)
    out = root / "长治市_2025_汇总.xlsx"
    # in a child process: the printed summary needs a QGuiApplication, which must not be
    # this test session's (pytest-qt makes its own QApplication)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "siwu_desktop",
            "--data-dir",
            str(root / "data"),
            "consolidate",
            "--city",
            "长治市",
            "--year",
            "2025",
            "--out",
            str(out),
            "--pdf",
            str(root / "长治市_2025_汇总表.pdf"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    code = run.returncode
    assert code == 0 and out.is_file()
    home = root / "home"
    csv_dir = soffice_convert(out, root / "csv", CSV_FILTER, home).parent
    pdf = soffice_convert(out, root / "pdf", "pdf", home)
    return {
        "csv": csv_dir,
        "pdf": pdf,
        "stem": out,
        "printed": root / "长治市_2025_汇总表.pdf",
        "data": root / "data",
    }


def _sheet(summary: dict[str, Path], title: str) -> list[list[str]]:
    files = [p for p in summary["csv"].glob("*.csv") if p.stem.endswith(title)]
    assert len(files) == 1, list(summary["csv"].glob("*.csv"))
    with files[0].open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _row(rows: list[list[str]], first: int, text: str) -> list[str]:
    return next(r for r in rows if len(r) > first and r[first] == text)


def test_summary_shows_the_hand_computed_city_figures(summary: dict[str, Path]) -> None:
    rows = _sheet(summary, "汇总")
    assert "（不含未报县区）" in rows[0][0] and rows[1][0] == "填报单位：长治市水利局"
    assert "未报县区：沁县" in rows[3][0]
    # 10 small × 1000 + 12000 = 22000 万m³; the cap 6.17 亿m³ = 61,700.00 万m³ is not
    # applied to a total without 沁县; no 2024 returns: 上年 —, 同比 上年无数据
    total = _row(rows, 1, "用水总量")
    assert total[3:10] == [
        "22,000.00",
        "—",
        "上年无数据",
        "61,700.00",
        "2025",
        "不高于",
        "不完整（未报：沁县），不作判定",
    ]
    # leakage: each county's R_BL: small 0.1 − 0.032 − 0.010593 = 5.7407 %, 沁源县
    # 0.2 − 0.048 − 0.010593 = 14.1407 %; (10 × 5.7407 × 1000 + 14.1407 × 10000)/20000
    # = 198814/20000 = 9.9407 % > 9 %; a rate over the eleven that reported
    leakage = _row(rows, 1, "城镇公共供水管网漏损率")
    assert leakage[3] == "9.94" and leakage[6:10] == ["9.00", "2025", "不高于", "未达标"]
    assert "Σ(R_BL,i×Q_s,i)/ΣQ_s" in leakage[11]
    assert "《长治市严格落实“四水四定”行动方案》" in leakage[10]
    assert "按报送的11个县区计算（不含：沁县）" in leakage[12]
    # decline: I = (10 × 100 × 125 + 900 × 110)/1900 = 117.89…;
    # 1 − (22000/20000)/1.1789… = 6.696… % < 10 %
    decline = _row(rows, 1, "万元GDP用水量下降幅度（较2020年）")
    assert decline[3] == "6.70" and decline[6:10] == [
        "10.00",
        "2025",
        "较2020年下降不少于",
        "未达标",
    ]
    # irrigation: (10 × 600 + 2000)/(10 × 1000 + 5000) = 0.5333 < 0.58
    coefficient = _row(rows, 1, "农田灌溉水有效利用系数")
    assert coefficient[3] == "0.5333" and coefficient[9] == "未达标"
    # the signature block under the table
    cells = [c for r in rows for c in r if c]
    assert "填报单位（盖章）：长治市水利局" in cells
    assert any(c.startswith("填报人：") and "单位负责人：" in c for c in cells)
    assert any(c.startswith("报出日期：") for c in cells)
    # base data on their own sheet (own heading row), summed; the index weighted by
    # base-year GDP
    base = _sheet(summary, "基础数据")
    assert _row(base, 1, "公共供水总量 Qs")[3] == "20,000.00"
    assert _row(base, 1, "地区生产总值指数（2020年=100，可比价）")[3] == "117.9"


def test_county_table_marks_the_missing_county(summary: dict[str, Path]) -> None:
    rows = _sheet(summary, "分县对比")
    header = next(r for r in rows if r and r[0] == "县区")
    leak = header.index("城镇公共供水管网漏损率（%）")
    qinxian = _row(rows, 0, MISSING)
    assert set(qinxian[1:-1]) == {"未报"} and qinxian[-1] == ""  # no 异常 flag column text
    assert _row(rows, 0, "潞州区")[leak] == "5.74"  # 0.1 − 0.032 − 0.010593
    assert _row(rows, 0, BIG)[leak] == "14.14"  # 0.2 − 0.048 − 0.010593
    assert _row(rows, 0, "全市（汇总）（不含未报县区）")[leak] == "9.94"
    assert _row(rows, 0, "市级目标")[leak] == "9.00"


def test_used_returns_list_revisions_and_digests(summary: dict[str, Path]) -> None:
    rows = _sheet(summary, "使用的报表")
    luzhou = _row(rows, 0, "潞州区")
    assert luzhou[1:4] == ["表一", "1", "已定稿"] and len(luzhou[4]) == 64
    draft = _row(rows, 0, "上党区")
    assert draft[3] == "草稿" and draft[4].endswith("（未定稿，临时摘要）")
    assert _row(rows, 0, MISSING)[3] == "未报"
    rules = _sheet(summary, "说明")
    assert any("不对县区比率求平均" in cell for r in rules for cell in r)


def test_first_page_rendered_for_a_person(summary: dict[str, Path]) -> None:
    if shutil.which("pdftoppm") is None:  # pragma: no cover - poppler-utils is a test dependency
        pytest.fail("pdftoppm (poppler-utils) is required")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "city_summary_page1"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            "-singlefile",
            str(summary["pdf"]),
            str(target),
        ],
        check=True,
        timeout=60,
    )
    png = target.with_suffix(".png")
    assert png.stat().st_size > 10_000
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(summary["pdf"]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "主要指标汇总表" in text.replace(" ", "")


def _pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_printed_summary_is_a_document(summary: dict[str, Path]) -> None:
    from siwu_desktop.core.city_summary_file import read_summary_file

    printed = summary["printed"]
    data = read_summary_file(summary["stem"].with_suffix(".siwusum"))
    with open_storage(summary["data"]) as storage:
        pair = storage.keys.own()
    # signed with this city installation's key
    assert pair is not None and data.signed_by(pair.public)
    first = _pdf_text(printed, 1, 1).replace(" ", "")
    assert "长治市2025年“四水四定”主要指标汇总表" in first
    assert "填报单位：长治市水利局（区划代码：140400）" in first
    assert "报送县区11/12个；未报：沁县" in first
    # the digest on paper is the data file's (text; the QR carries the same)
    assert data.digest in first
    whole = _pdf_text(printed).replace(" ", "")
    for words in ("单位（盖章）", "报出日期：", "填报人：", "审核人：", "单位负责人："):
        assert words in whole, words
    assert whole.count("单位（盖章）") == 1  # the signature block once, under the summary
    assert "（续）" in whole  # a section running over a page repeats its heading
    assert "主要指标分县对比" in whole and "县区数据异常核实清单" in whole
    # chart pages: 沁县 labelled 未报 under its empty bar; quantities say there is no
    # county allocation to draw against
    assert "（未报）" in whole and "未下达县级指标：柱形不与全市总量目标比较" in whole
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(printed), str(ARTIFACTS / "city_printed_summary")],
        check=True,
        timeout=120,
    )
    assert list(ARTIFACTS.glob("city_printed_summary-*.png"))


def test_board_from_the_command_line(
    summary: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    args = ["--data-dir", str(summary["data"]), "board", "--year", "2025"]
    assert main([*args, "--today", "2026-02-10", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # 12 counties × 4 annual returns − 2 finalised 表一 (潞州区, 沁源县; drafts are not
    # filed) = 46 past 31 January; 12 × 4 quarterly 表三 past their 15th
    assert data["overdue"] == {"annual": 46, "quarterly": 48}
    assert data["counties"][0]["states"]["表一（全年）"] == "已报"
    assert len(data["reminders"]) == 12
    assert main([*args, "--today", "2026-01-20"]) == 0
    out = capsys.readouterr().out
    assert "逾期：年报 0 份，季报 48 份" in out and "催报清单：" in out
    assert main([*args, "--today", "2026-13-01"]) == 2


def test_the_city_statistics_replace_the_county_weighted_index(
    summary: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    table = tmp_path / "统计.csv"
    source = "长治市统计局《2025年长治市国民经济和社会发展统计公报》"
    table.write_text(
        f"项目,数值,来源\n地区生产总值指数（2020年=100，可比价）,120,{source}\n", encoding="utf-8"
    )
    out = tmp_path / "s.xlsx"
    args = ["--data-dir", str(summary["data"]), "consolidate", "--city", "长治市"]
    args += ["--year", "2025", "--out", str(out)]
    assert main([*args, "--statistics", str(table)]) == 0
    printed = capsys.readouterr().out
    assert (
        f"采用市统计数据：地区生产总值指数（2020年=100，可比价）采用市统计局数据（{source}）"
        in printed
    )
    rows = {r[1]: r for r in openpyxl.load_workbook(out)["汇总"].iter_rows(values_only=True)}
    # 1 − (22000/20000)/1.20 = 1 − 1.1/1.2 = 8.33 % (the county-weighted 117.89 gave 6.70)
    assert rows["万元GDP用水量下降幅度（较2020年）"][3] == pytest.approx(8.33)
    table.write_text("项目,数值,来源\n人口,300,统计局\n", encoding="utf-8")
    assert main([*args, "--statistics", str(table)]) == 1
    assert "“人口”不是可采用市统计数据的项目" in capsys.readouterr().err
    table.write_text("项目,数值,来源\ngdp_index_b2020,120,\n", encoding="utf-8")
    assert main([*args, "--statistics", str(table)]) == 1
    assert "没有写来源" in capsys.readouterr().err


def test_stored_city_statistics_are_used_until_a_table_is_given(
    summary: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`siwu statistics set/show` (issue #16 item 5): stored once, used by every later
    consolidation of the year; a `--statistics` table given to one run wins for that run."""
    import json

    import openpyxl

    data = tmp_path / "data"
    shutil.copytree(summary["data"], data)
    base = ["--data-dir", str(data)]
    assert main([*base, "statistics", "show", "--year", "2025"]) == 0
    assert "2025年尚未录入市统计数据" in capsys.readouterr().out
    table = tmp_path / "统计.csv"
    table.write_text("项目,数值\n地区生产总值指数（2020年=100，可比价）,120\n", encoding="utf-8")
    put = [*base, "statistics", "set", "--year", "2025", "--from-csv", str(table)]
    assert main(put) == 1  # no 来源 column and no --source
    assert "缺少列：来源" in capsys.readouterr().err
    source = "长治市统计局《2025年长治市国民经济和社会发展统计公报》"
    assert main([*put, "--source", source]) == 0
    assert f"已保存2025年市统计数据（1项，来源：{source}）" in capsys.readouterr().out
    assert main([*put, "--source", source]) == 0
    assert "与已保存的相同，未作改动" in capsys.readouterr().out
    assert main([*base, "statistics", "show", "--year", "2025", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["source"] == source
    assert [(v["field"], v["value"]) for v in shown["values"]] == [("gdp_index_b2020", "120")]
    out = tmp_path / "s.xlsx"
    run = [*base, "consolidate", "--city", "长治市", "--year", "2025", "--out", str(out)]
    assert main(run) == 0
    assert f"采用市统计局数据（{source}）" in capsys.readouterr().out

    def decline() -> object:
        book = openpyxl.load_workbook(out)
        rows = {r[1]: r for r in book["汇总"].iter_rows(values_only=True)}
        return rows["万元GDP用水量下降幅度（较2020年）"][3]

    # stored 120: 1 − (22000/20000)/1.20 = 1 − 1.1/1.2 = 8.33 % (county-weighted: 6.70)
    assert decline() == pytest.approx(8.33)
    once = tmp_path / "本次.csv"
    once.write_text("项目,数值,来源\ngdp_index_b2020,125,临时\n", encoding="utf-8")
    assert main([*run, "--statistics", str(once)]) == 0
    capsys.readouterr()
    # the run's table: 1 − 1.1/1.25 = 1 − 0.88 = 12.00 %
    assert decline() == pytest.approx(12.00)
    assert main([*base, "statistics", "show", "--year", "2025"]) == 0
    assert "120" in capsys.readouterr().out  # the stored figure is unchanged


def test_statistics_refuses_bad_tables_and_county_mode(
    summary: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.profiles import YU_COUNTY

    data = tmp_path / "data"
    shutil.copytree(summary["data"], data)
    table = tmp_path / "统计.csv"
    table.write_text(
        "项目,数值,来源\ngdp_index_b2020,120,公报\ngdp_b2020,两千亿,公报\n", encoding="utf-8"
    )
    put = ["statistics", "set", "--year", "2025", "--from-csv", str(table)]
    assert main(["--data-dir", str(data), *put]) == 1
    err = capsys.readouterr().err
    assert "市统计数据表第3行：2020年地区生产总值（基准年当年价）“两千亿”无法识别" in err
    assert main(["--data-dir", str(data), *put[:-1], str(tmp_path / "无.csv")]) == 1
    assert "无法读取市统计数据表" in capsys.readouterr().err
    assert main(["--data-dir", str(data), "statistics", "show", "--year", "2025"]) == 0
    assert "尚未录入" in capsys.readouterr().out  # nothing of the bad table was stored
    county = tmp_path / "county"
    with open_storage(county, daily_backup=False) as storage:
        storage.profile.save(YU_COUNTY)
    assert main(["--data-dir", str(county), *put]) == 1
    assert "市统计数据须在市级模式下录入和查看" in capsys.readouterr().err


@needs_root
@pytest.mark.parametrize("command", ["consolidate", "board"])
def test_city_outputs_on_a_full_disk_are_refused_in_chinese(
    summary: dict[str, Path], command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both wrote straight to the file with no error handling: a full disk gave a Python
    traceback (OSError: [Errno 28] No space left on device) and left a cut file; the summary's
    .siwusum beside it was written the same way."""
    base = ["--data-dir", str(summary["data"]), command, "--year", "2025"]
    extra = ["--city", "长治市"] if command == "consolidate" else []
    with mounted_tmpfs("1m") as disk:
        fill(disk)
        code = main([*base, *extra, "--out", str(disk / "out.xlsx")])
        err = capsys.readouterr().err
        assert code == 1
        assert "磁盘空间不足" in err and "请清理磁盘空间" in err, err
        assert "Errno" not in err and "Traceback" not in err
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]
