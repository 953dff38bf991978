"""A small fixed catalog for the forms/validation tests (the real one is still being transcribed).

Shaped like the real documents (bounds, scopes, base years, every-year caps, a
conflict, a draft, tasks with deadlines) but the numbers are test fixtures: they
are not claims about the documents and carry no quotes that tests check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from siwu_desktop.core.catalog import TargetCatalog, load_catalog

DOCS = {
    "taiyuan.toml": """
[document]
id = "fx_taiyuan"
city = "太原市"
city_code = "140100"
title = "太原市测试方案"
status = "issued"
source_file = "003_6a7b9213a3320b5e.txt"

[[targets]]
id = "fx-ty-total-2027"
indicator = "用水总量"
key = "total_use"
unit = "亿立方米"
attribute = "约束性"
year = 2027
value = "9.94"
bound = "max"
source = "附件1 第1行"
quote = "q"

[[targets]]
id = "fx-ty-gdpdecl-2027"
indicator = "万元GDP用水量下降幅度"
key = "gdp_intensity_decline"
unit = "%"
attribute = "约束性"
year = 2027
value = "8"
bound = "decline_min"
base_year = 2025
source = "附件1 第2行"
quote = "q"

[[targets]]
id = "fx-ty-coef-2027"
indicator = "农田灌溉水有效利用系数"
key = "irrigation_coefficient"
unit = "无量纲"
attribute = "约束性"
year = 2027
value = "0.58"
bound = "min"
source = "附件1 第5行"
quote = "q"

[[targets.conflicts]]
value = "0.57"
source = "正文 二、（一）"
quote = "q"

[[targets]]
id = "fx-ty-leak-2027"
indicator = "城市公共供水管网漏损率"
key = "leakage_rate"
unit = "%"
attribute = "约束性"
year = 2027
value = "9"
bound = "max"
source = "附件1 第7行"
quote = "q"

[[targets]]
id = "fx-ty-reclaimed-2027"
indicator = "再生水利用率"
key = "reclaimed_rate"
unit = "%"
attribute = "预期性"
year = 2027
value = "35"
bound = "min"
source = "附件1 第8行"
quote = "q"

[[tasks]]
id = "fx-ty-t1"
number = "1"
text = "开展县域节水型社会达标建设复核"
deadline = "2027年底前"
due_date = "2027-12-31"
assignee = "各县（市、区）"
source = "附件2 第1项"
quote = "q"
""",
    "yangquan.toml": """
[document]
id = "fx_yangquan"
city = "阳泉市"
city_code = "140300"
title = "阳泉市测试方案"
number = "阳政办发〔2025〕56号"
status = "issued"
source_file = "002_34df427a2118e664.txt"

[[targets]]
id = "fx-yq-total-2025"
indicator = "用水总量"
key = "total_use"
unit = "亿立方米"
attribute = "约束性"
year = 2025
value = "2.27"
bound = "max"
source = "附件1 第1行"
quote = "q"

[[targets]]
id = "fx-yq-total-2030"
indicator = "用水总量"
key = "total_use"
unit = "亿立方米"
attribute = "约束性"
year = 2030
value = "2.35"
bound = "max"
source = "附件1 第1行"
quote = "q"

[[targets]]
id = "fx-yq-gdpdecl-2025"
indicator = "万元GDP用水量下降幅度"
key = "gdp_intensity_decline"
unit = "%"
attribute = "约束性"
year = 2025
value = "9.5"
bound = "decline_min"
base_year = 2020
source = "附件1 第2行"
quote = "q"

[[targets]]
id = "fx-yq-gdpdecl-2030"
indicator = "万元GDP用水量下降幅度"
key = "gdp_intensity_decline"
unit = "%"
attribute = "约束性"
year = 2030
value = "6.3"
bound = "decline_min"
base_year = 2025
source = "附件1 第2行"
quote = "q"

[[targets]]
id = "fx-yq-inddecl-2025"
indicator = "万元工业增加值用水量下降幅度"
key = "industrial_intensity_decline"
unit = "%"
attribute = "约束性"
year = 2025
value = "9.0"
bound = "decline_min"
base_year = 2020
source = "附件1 第3行"
quote = "q"

[[targets]]
id = "fx-yq-leak-2025"
indicator = "城市公共供水管网漏损率"
key = "leakage_rate"
unit = "%"
attribute = "约束性"
year = 2025
value = "9"
bound = "max"
source = "附件1 第7行"
quote = "q"

[[targets]]
id = "fx-yq-leak-2030"
indicator = "城市公共供水管网漏损率"
key = "leakage_rate"
unit = "%"
attribute = "约束性"
year = 2030
value = "8"
bound = "max"
source = "附件1 第7行"
quote = "q"

[[targets]]
id = "fx-yq-ground"
indicator = "地下水用水量"
key = "groundwater_use"
unit = "亿立方米"
attribute = "未注明"
every_year = true
value = "0.3"
bound = "max"
source = "正文 二、（一）2."
quote = "q"

[[targets]]
id = "fx-yq-fixture-2025"
indicator = "节水器具普及率"
key = "fixture_rate"
unit = "%"
attribute = "未注明"
year = 2025
value = "95"
bound = "min"
source = "正文 三、（二）"
quote = "q"

[[targets]]
id = "fx-yq-irr-2025"
indicator = "灌溉面积"
key = "irrigated_area"
unit = "万亩"
attribute = "预期性"
year = 2025
value = "9.81"
bound = "min"
source = "附件1 第10行"
quote = "q"

[[targets]]
id = "fx-yq-eff-2030"
indicator = "高效节水灌溉面积"
key = "efficient_irrigation_area"
unit = "万亩"
attribute = "未注明"
year = 2030
value = "4.82"
bound = "min"
source = "正文 三、（三）"
quote = "q"

[[tasks]]
id = "fx-yq-t5"
number = "5"
group = "（一）坚持以水定城"
text = "严格落实用水总量和强度双控"
deadline = "2025 年 12 月 31 日前"
due_date = "2025-12-31"
assignee = "各县区"
source = "附件2 第5项"
quote = "q"

[[tasks]]
id = "fx-yq-t6"
number = "6"
text = "推进盂县城区供水管网改造"
deadline = "2025 年 6 月 30 日前"
due_date = "2025-06-30"
assignee = "盂县"
source = "附件2 第6项"
quote = "q"
""",
    "changzhi.toml": """
[document]
id = "fx_changzhi"
city = "长治市"
city_code = "140400"
title = "长治市测试方案"
status = "issued"
source_file = "000_2884364bc21733c1.txt"

[[targets]]
id = "fx-cz-total-2025"
indicator = "用水总量"
key = "total_use"
unit = "亿立方米"
attribute = "未注明"
year = 2025
value = "6.17"
bound = "max"
source = "一、（二）"
quote = "q"

[[targets]]
id = "fx-cz-yellow"
indicator = "黄河干支流耗水"
key = "yellow_river_use"
unit = "亿立方米"
attribute = "未注明"
every_year = true
value = "0.21"
bound = "max"
scope = "黄河干支流"
source = "二、（一）"
quote = "q"

[[targets]]
id = "fx-cz-haihe"
indicator = "海河流域地表水取水量"
key = "surface_use"
unit = "亿立方米"
attribute = "未注明"
every_year = true
value = "3.19"
bound = "max"
scope = "海河流域"
source = "二、（一）"
quote = "q"

[[targets]]
id = "fx-cz-nonconv-2025"
indicator = "非常规水利用量"
key = "nonconventional_use"
unit = "亿立方米"
attribute = "未注明"
year = 2025
value = "0.6"
bound = "min"
source = "二、（三）"
quote = "q"

[[targets]]
id = "fx-cz-coef-2025"
indicator = "农田灌溉水有效利用系数"
key = "irrigation_coefficient"
unit = "无量纲"
attribute = "未注明"
year = 2025
value = "0.58"
bound = "min"
source = "二、（二）"
quote = "q"

[[targets]]
id = "fx-cz-boundary-2030"
indicator = "城镇开发边界"
key = "urban_boundary"
unit = "平方千米"
attribute = "未注明"
year = 2030
value = "415.57"
bound = "max"
source = "二、（四）"
quote = "q"

[[tasks]]
id = "fx-cz-t1"
number = "1"
text = "完成县域节水型社会达标复核"
deadline = "2026年6月底前"
due_date = "2026-06-30"
year = 2026
assignee = "各县区"
source = "三、1."
quote = "q"

[[tasks]]
id = "fx-cz-t2"
number = "2"
text = "潞城区完成再生水厂建设"
deadline = "2026年9月底前"
due_date = "2026-09-30"
year = 2026
assignee = "潞城区"
source = "三、2."
quote = "q"

[[tasks]]
id = "fx-cz-t2025"
number = "1"
text = "2025年度任务"
deadline = "2025年底前"
due_date = "2025-12-31"
year = 2025
assignee = "各县区"
source = "三、1."
quote = "q"
""",
    "liaocheng.toml": """
[document]
id = "fx_liaocheng"
city = "聊城市"
city_code = "371500"
title = "聊城市测试方案（征求意见稿）"
status = "draft"
source_file = "001_a2f15fbdd31b2110.txt"

[[targets]]
id = "fx-lc-total-2025"
indicator = "用水总量"
key = "total_use"
unit = "亿立方米"
attribute = "约束性"
year = 2025
value = "20.1"
bound = "max"
source = "附件 第1行"
quote = "q"

[[targets]]
id = "fx-lc-gdpint-2025"
indicator = "万元GDP用水量"
key = "gdp_intensity"
unit = "立方米"
attribute = "约束性"
year = 2025
value = "52.1"
bound = "max"
source = "附件 第2行"
quote = "q"

[[targets]]
id = "fx-lc-indint-2025"
indicator = "万元工业增加值用水量"
key = "industrial_intensity"
unit = "立方米"
attribute = "约束性"
year = 2025
value = "15.7"
bound = "max"
source = "附件 第3行"
quote = "q"

[[targets]]
id = "fx-lc-coef-2025"
indicator = "农田灌溉水有效利用系数"
key = "irrigation_coefficient"
unit = "无量纲"
attribute = "约束性"
year = 2025
value = "0.6386"
bound = "min"
source = "附件 第4行"
quote = "q"

[[targets]]
id = "fx-lc-reuse-2025"
indicator = "规模以上工业用水重复利用率"
key = "industrial_reuse_rate"
unit = "%"
attribute = "预期性"
year = 2025
value = "92"
bound = "min"
source = "附件 第8行"
quote = "q"

[[targets]]
id = "fx-lc-reclaimed-2025"
indicator = "城市再生水利用率"
key = "reclaimed_rate"
unit = "%"
attribute = "预期性"
year = 2025
value = "55"
bound = "min"
source = "附件 第6行"
quote = "q"

[[targets]]
id = "fx-lc-transfer"
indicator = "引江水"
key = "transferred_use"
unit = "亿立方米"
attribute = "未注明"
every_year = true
value = "1.5"
bound = "max"
source = "正文 （测试）"
quote = "q"

[[targets]]
id = "fx-lc-chem-2025"
indicator = "化工园区非常规水源配置率"
key = "chem_park_nonconventional_rate"
unit = "%"
attribute = "预期性"
year = 2025
value = "28"
bound = "min"
source = "附件 第9行"
quote = "q"

[[tasks]]
id = "fx-lc-t1"
number = "（一）"
text = "严格用水总量控制"
assignee = ""
source = "正文 三、（一）"
quote = "q"
""",
}


def write_catalog(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def catalog_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_catalog(tmp_path_factory.mktemp("targets"))


@pytest.fixture(scope="session")
def catalog(catalog_dir: Path) -> TargetCatalog:
    return load_catalog(catalog_dir)
