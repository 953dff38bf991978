"""A malformed or inconsistent catalog file fails loudly, naming file, line and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from siwu_desktop.core.catalog import CatalogError, load_catalog

HEAD = """\
[document]
id = "test_doc"
city = "阳泉市"
city_code = "140300"
title = "测试文件"
status = "issued"
source_file = "002_34df427a2118e664.txt"
"""

GOOD_TARGET = """
[[targets]]
id = "t-1"
indicator = "用水总量"
key = "total_use"
unit = "亿立方米"
attribute = "约束性"
year = 2025
value = "2.27"
bound = "max"
source = "附件1 第1行"
quote = "用水总量 亿立方米 约束性 2.27 2.35"
"""


def write(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "targets"
    folder.mkdir()
    (folder / "doc.toml").write_text(HEAD + body, encoding="utf-8")
    return folder


def test_a_good_file_loads(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, GOOD_TARGET))
    assert [t.value_text for t in catalog.targets] == ["2.27"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (('value = "2.27"', "value = 2.27"), "精确数值"),
        (('value = "2.27"', 'value = "二点二七"'), "不是数值"),
        (('bound = "max"', 'bound = "upper"'), "bound"),
        (('bound = "max"', 'bound = "min"'), "约束方向"),
        (('unit = "亿立方米"', 'unit = "平方千米"'), "单位"),
        (("year = 2025\n", ""), "every_year"),
        (('attribute = "约束性"', 'attribute = "必须"'), "指标属性"),
        (('source = "附件1 第1行"\n', ""), "缺少字段 source"),
    ],
)
def test_bad_target_names_file_line_and_reason(
    tmp_path: Path, change: tuple[str, str], reason: str
) -> None:
    body = "\n# a comment line to move the table down\n" + GOOD_TARGET.replace(*change)
    with pytest.raises(CatalogError) as info:
        load_catalog(write(tmp_path, body))
    error = info.value
    assert error.file.name == "doc.toml"
    # HEAD has 7 lines, then a blank line, the comment, a blank line: [[targets]] is line 11
    assert error.line == 11
    assert reason in error.reason
    assert "doc.toml:11" in str(error)


def test_decline_needs_a_base_year(tmp_path: Path) -> None:
    body = (
        GOOD_TARGET.replace('"total_use"', '"gdp_intensity_decline"')
        .replace('"亿立方米"', '"%"')
        .replace('"max"', '"decline_min"')
    )
    with pytest.raises(CatalogError, match="基准年"):
        load_catalog(write(tmp_path, body))


def test_coefficient_outside_zero_one_is_refused(tmp_path: Path) -> None:
    body = (
        GOOD_TARGET.replace('"total_use"', '"irrigation_coefficient"')
        .replace('"亿立方米"', '"无量纲"')
        .replace('"max"', '"min"')
        .replace('"2.27"', '"6.24"')
    )
    with pytest.raises(CatalogError, match="系数"):
        load_catalog(write(tmp_path, body))


def test_toml_syntax_error_reports_its_line(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(write(tmp_path, GOOD_TARGET + "\nthis is not toml\n"))
    assert info.value.line is not None and info.value.line > 10


def test_wrong_city_code_is_refused(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD_TARGET)
    path = folder / "doc.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("140300", "140100"), encoding="utf-8")
    with pytest.raises(CatalogError, match="区划代码"):
        load_catalog(folder)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="重复"):
        load_catalog(write(tmp_path, GOOD_TARGET + GOOD_TARGET))


def test_undated_figure_loads_only_as_reference(tmp_path: Path) -> None:
    undated = GOOD_TARGET.replace("year = 2025\n", "")
    with pytest.raises(CatalogError, match="judged = false"):
        load_catalog(write(tmp_path, undated))
    (tmp_path / "targets" / "doc.toml").unlink()
    (tmp_path / "targets").rmdir()
    catalog = load_catalog(
        write(tmp_path, undated.replace('bound = "max"', 'bound = "max"\njudged = false'))
    )
    assert catalog.targets[0].year is None and not catalog.targets[0].judged
