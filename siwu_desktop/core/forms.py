"""The four returns a county files, declared as data.

表一's indicator rows come from the city's catalog targets, grouped by (key, scope)
(and base year for declines); an indicator with a formula gets the base inputs
it is computed from and is itself derived. 表二 is sectors × sources, 表三 the
city's tasks, 表四 the ledger of planned water users. The layout is data so the
Excel templates, the UI and validation read the same declaration.

Workbook defined names: `T1_<field id>` for single cells; tables name their first
data row (`T3_tasks_first_row`, `T4_ledger_first_row`) and list their columns.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cached_property

from msgspec import Struct, field
from msgspec.structs import replace

from siwu_desktop.core import messages as msg
from siwu_desktop.core import units as u
from siwu_desktop.core.catalog import Document, Reference, Target, TargetCatalog, Task
from siwu_desktop.core.indicators import INDICATORS, Kind
from siwu_desktop.core.terms import ANNUAL, QUARTERS, TASK_STATE_LABELS
from siwu_desktop.core.terms import PERIODS as PERIODS  # re-exported for older callers

INPUT, DERIVED = "input", "derived"
NUMBER, TEXT, CHOICE, DATE = "number", "text", "choice", "date"
FORM_IDS = ("t1", "t2", "t3", "t4")


class Range(Struct, frozen=True):
    """Inclusive bounds unless marked open; None = unbounded."""

    low: Decimal | None = None
    high: Decimal | None = None
    high_open: bool = False

    def contains(self, value: Decimal) -> bool:
        if self.low is not None and value < self.low:
            return False
        if self.high is not None:
            return value < self.high if self.high_open else value <= self.high
        return True

    def text(self) -> str:
        low = u.plain(self.low) if self.low is not None else "−∞"
        high = u.plain(self.high) if self.high is not None else "+∞"
        return f"{low}～{high}" + ("（不含）" if self.high_open else "")


NON_NEGATIVE = Range(Decimal(0))
PERCENT_RANGE = Range(Decimal(0), Decimal(100))
RATIO_RANGE = Range(Decimal(0), Decimal(1))


class Field(Struct, frozen=True):
    """A cell of a return (or a column of a table: then `cell` is empty)."""

    id: str
    label: str
    unit: str
    kind: str = INPUT  # input | derived
    required: bool = False
    precision: int = 2
    cell: str = ""
    value_type: str = NUMBER  # number | text | choice | date
    choices: tuple[str, ...] = ()
    hard: Range | None = None  # outside: error
    plausible: Range | None = None  # outside: warning
    formula: str | None = None  # derive.FORMULAS name, for derived numbers
    inputs: tuple[str, ...] = ()
    section: str = ""
    indicator: str | None = None  # canonical key when the field is an indicator row
    scope: str = "全市"
    base_year: int | None = None
    quantity: bool = False  # summed across counties (volumes, areas)
    year_on_year: bool = False  # compared with last year's return
    help: str = ""  # what to enter, where the label alone could mislead (shown with the field)
    concerns: tuple[str, ...] = ()  # only these counties must fill it in; elsewhere 不涉及
    # a 参考事项 row (#18 item 5): the commitments it reports on, with their sources; never judged
    references: tuple[Reference, ...] = ()


class TaskRow(Struct, frozen=True):
    """A fixed row of 表三: the catalog task it stands for."""

    task: Task

    @property
    def key(self) -> str:
        return self.task.id


class TaskGroup(Struct, frozen=True):
    """The 表三 rows of one document, under a heading row naming it (#18: 长治 2026 lists
    the 2025 action plan's tasks and 长水资源〔2026〕29号's, each numbered from 1)."""

    document: Document
    ordinal: int  # 1-based: the heading reads 一、《…》
    keys: tuple[str, ...]

    @property
    def heading(self) -> str:
        return f"{msg.CHINESE_ORDINALS[self.ordinal - 1]}、{self.document.citation}"

    @property
    def short(self) -> str:
        """The document as a finding names it beside a 序号: its 文号, else its title."""
        return self.document.number or self.document.citation


GROUP_ROW_KEY = "group:"  # a workbook's heading row of 表三: key column "group:<document id>"


def group_row_key(group: TaskGroup) -> str:
    return GROUP_ROW_KEY + group.document.id


class TableSpec(Struct, frozen=True, dict=True):  # dict: the cached_property indexes
    """The columns of a row table (表三 tasks, 表四 ledger) and its fixed rows."""

    id: str
    label: str
    columns: tuple[Field, ...]
    first_row_cell: str
    fixed_rows: tuple[TaskRow, ...] = ()  # 表三: one row per task; 表四: rows are added
    groups: tuple[TaskGroup, ...] = ()  # 表三 of tasks from several documents, by document

    @cached_property
    def column_index(self) -> dict[str, Field]:
        return {c.id: c for c in self.columns}

    @cached_property
    def group_of(self) -> dict[str, TaskGroup]:
        return {key: g for g in self.groups for key in g.keys}

    def headings(self, keys: Sequence[str]) -> dict[int, TaskGroup]:
        """Where heading rows go among rows with these task keys: index of the row a heading
        precedes → its group (each time the document changes; none when ungrouped)."""
        out: dict[int, TaskGroup] = {}
        previous: TaskGroup | None = None
        for i, key in enumerate(keys):
            group = self.group_of.get(key)
            if group is not None and group is not previous:
                out[i] = group
            previous = group
        return out

    def shown_number(self, task: Task, position: int) -> str:
        """The 序号 a finding cites: the task's own (its row position if it has none), with
        its document where 表三 groups several, so 8 of one list is not 8 of the other."""
        number = task.number or str(position)
        group = self.group_of.get(task.id)
        return msg.GROUPED_NUMBER.format(number=number, document=group.short) if group else number


class FormSpec(Struct, frozen=True, dict=True):  # dict: the cached_property indexes
    """One return form for one city and year: its fields, or its row table."""

    id: str
    short: str  # 表一
    title: str
    city: str
    periods: tuple[str, ...]
    fields: tuple[Field, ...] = ()
    table: TableSpec | None = None
    year: int | None = None
    county: str | None = None

    @cached_property
    def index(self) -> dict[str, Field]:
        return {f.id: f for f in self.fields}

    def field(self, field_id: str) -> Field:
        return self.index[field_id]

    def label_of(self, field_id: str) -> str:
        """The Chinese label of a field or table column, for a reader ("" stays "")."""
        found = self.index.get(field_id) or (self.table and self.table.column_index.get(field_id))
        return found.label if found else field_id

    @cached_property
    def derived_order(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.kind == DERIVED)


# --- form ids -------------------------------------------------------------------------------

_ALIASES = {
    "t1": ("1", "表一", "表1", "主要指标完成情况表"),
    "t2": ("2", "表二", "表2", "用水结构表"),
    "t3": ("3", "表三", "表3", "重点任务落实情况表"),
    "t4": ("4", "表四", "表4", "计划用水户台账"),
}


def resolve_form_id(text: str) -> str:
    """ "t1"/"T1"/"1"/"表一"/"表1" → "t1"; ValueError with a Chinese message otherwise."""
    key = text.strip().lower().replace(" ", "")
    for form_id, aliases in _ALIASES.items():
        if key == form_id or key in aliases:
            return form_id
    raise ValueError(msg.UNKNOWN_FORM.format(form=text))


# --- 表一 ------------------------------------------------------------------------------------

T1_TITLE = "“四水四定”主要指标完成情况表"
SECTION_INDICATORS = "主要指标"
SECTION_BASE = "基础数据"

_SCOPE_IDS = {
    "全市": "",
    "海河流域": "haihe",
    "黄河流域": "yellow_river_basin",
    "黄河干支流": "yellow_river_main",
    "黄河": "yellow_river",
    "长江": "yangtze",
    "引黄": "yellow_diversion",
    "引江": "yangtze_diversion",
}


def scope_suffix(scope: str) -> str:
    """ASCII suffix of a scope; unknown scopes get a stable hash so ids never shift."""
    if scope in _SCOPE_IDS:
        return _SCOPE_IDS[scope]
    return f"s{zlib.crc32(scope.encode('utf-8')):08x}"


def _q(value: str) -> Decimal:
    return Decimal(value)


def _base(field_id: str, label: str, unit: str, **kw: object) -> Field:
    return Field(
        id=field_id,
        label=label,
        unit=unit,
        required=True,
        precision=u.DEFAULT_PRECISION[unit],
        hard=kw.pop("hard", NON_NEGATIVE),  # type: ignore[arg-type]
        section=SECTION_BASE,
        **kw,  # type: ignore[arg-type]
    )


def _base_inputs(by: int | None) -> dict[str, Field]:
    """Every base input a formula of 表一 may need; `by` is a base year for declines."""
    idx = Range(_q("0"), None)
    inputs = [
        _base("total_use", "用水总量", u.WAN_M3, quantity=True, year_on_year=True),
        _base("industrial_use", "工业用水量", u.WAN_M3, quantity=True, year_on_year=True),
        _base("gdp", "地区生产总值（当年价）", u.YI_YUAN, quantity=True),
        _base("industrial_va", "工业增加值（当年价）", u.YI_YUAN, quantity=True),
        _base("irrigation_net", "净灌溉用水量（灌入田间）", u.WAN_M3, quantity=True),
        _base("irrigation_gross", "毛灌溉用水量（渠首取水）", u.WAN_M3, quantity=True),
        _base("sewage_treated", "污水处理总量", u.WAN_M3, quantity=True),
        _base("reclaimed_use", "再生水利用量", u.WAN_M3, quantity=True),
        _base("supply_total", "公共供水总量 Qs", u.WAN_M3, quantity=True),
        _base("billed_use", "注册用户用水量 Qa", u.WAN_M3, quantity=True),
        _base(
            "household_metered_share",
            "居民抄表到户水量占供水总量比例 r",
            u.PERCENT,
            hard=PERCENT_RANGE,
        ),
        _base("main_density", "单位供水量管长 A（DN75及以上）", u.KM_PER_WAN_M3),
        _base(
            "outlet_pressure",
            "年平均出厂压力",
            u.MPA,
            plausible=Range(_q("0.1"), _q("1.0")),
        ),
        _base("industrial_reused", "规模以上工业重复利用水量", u.WAN_M3, quantity=True),
        _base("industrial_fresh", "规模以上工业取用新水量", u.WAN_M3, quantity=True),
        _base("fixtures_saving", "在用节水型用水器具数量", u.COUNT, quantity=True),
        _base("fixtures_total", "在用用水器具总数", u.COUNT, quantity=True),
        # rates the documents state as percentages, derived so the city sums their parts (#18)
        _base("chem_park_nonconventional", "化工园区非常规水源配置量", u.WAN_M3, quantity=True),
        _base("chem_park_allocated", "化工园区配置水量（合计）", u.WAN_M3, quantity=True),
        _base(
            "wwtp_upgraded_capacity",
            "已完成提标改造的城市污水处理厂处理能力",
            u.WAN_M3_PER_DAY,
            quantity=True,
        ),
        _base("wwtp_capacity", "城市污水处理厂总处理能力", u.WAN_M3_PER_DAY, quantity=True),
        _base("green_covered_area", "建成区绿化覆盖面积", u.KM2, quantity=True),
        _base("built_up_area", "建成区面积", u.KM2, quantity=True),
    ]
    if by is not None:
        inputs += [
            _base(f"total_use_b{by}", f"{by}年用水总量（基准年）", u.WAN_M3, quantity=True),
            _base(
                f"gdp_index_b{by}",
                f"地区生产总值指数（{by}年=100，可比价）",
                u.INDEX,
                hard=idx,
                plausible=Range(_q("80"), _q("200")),
            ),
            _base(f"industrial_use_b{by}", f"{by}年工业用水量（基准年）", u.WAN_M3, quantity=True),
            _base(
                f"industrial_va_index_b{by}",
                f"工业增加值指数（{by}年=100，可比价）",
                u.INDEX,
                hard=idx,
                plausible=Range(_q("80"), _q("200")),
            ),
            # The weights of the city's index (consolidation.py): base-year value at the
            # base year's current prices. Not needed for the county's own decline, so not
            # required; without it the city decline is not computed (and says why).
            replace(
                _base(
                    f"gdp_b{by}", f"{by}年地区生产总值（基准年当年价）", u.YI_YUAN, quantity=True
                ),
                required=False,
            ),
            replace(
                _base(
                    f"industrial_va_b{by}",
                    f"{by}年工业增加值（基准年当年价）",
                    u.YI_YUAN,
                    quantity=True,
                ),
                required=False,
            ),
        ]
    return {f.id: f for f in inputs}


# A comparable-price index of a decline and the base-year value that weights it when
# counties are consolidated: I_city = Σ(V_0,i × I_i) / ΣV_0,i (consolidation.py).
INDEX_WEIGHTS = {"gdp_index": "gdp", "industrial_va_index": "industrial_va"}


def index_weight(field_id: str) -> str | None:
    """`gdp_index_b2020` → `gdp_b2020`: the field weighting a comparable-price index."""
    base, sep, year = field_id.rpartition("_b")
    if not sep or not year.isdigit() or base not in INDEX_WEIGHTS:
        return None
    return f"{INDEX_WEIGHTS[base]}_b{year}"


class _Formula(Struct, frozen=True):
    """How a derived field is computed from its inputs."""

    name: str
    inputs: tuple[str, ...]


def _formula_for(key: str, base_year: int | None) -> _Formula | None:
    """The formula of a canonical indicator at 全市 scope (DOMAIN.md), or None = entered."""
    by = base_year
    table: dict[str, _Formula] = {
        "gdp_intensity": _Formula("intensity", ("total_use", "gdp")),
        "industrial_intensity": _Formula("intensity", ("industrial_use", "industrial_va")),
        "irrigation_coefficient": _Formula("ratio", ("irrigation_net", "irrigation_gross")),
        "reclaimed_rate": _Formula("share_percent", ("reclaimed_use", "sewage_treated")),
        "leakage_rate": _Formula(
            "leakage_percent",
            (
                "supply_total",
                "billed_use",
                "household_metered_share",
                "main_density",
                "outlet_pressure",
            ),
        ),
        "industrial_reuse_rate": _Formula(
            "reuse_percent", ("industrial_reused", "industrial_fresh")
        ),
        "fixture_rate": _Formula("share_percent", ("fixtures_saving", "fixtures_total")),
        "chem_park_nonconventional_rate": _Formula(
            "share_percent", ("chem_park_nonconventional", "chem_park_allocated")
        ),
        "wwtp_upgrade_rate": _Formula("share_percent", ("wwtp_upgraded_capacity", "wwtp_capacity")),
        "green_coverage": _Formula("share_percent", ("green_covered_area", "built_up_area")),
    }
    if by is not None:
        table["gdp_intensity_decline"] = _Formula(
            "decline_percent", (f"total_use_b{by}", "total_use", f"gdp_index_b{by}")
        )
        table["industrial_intensity_decline"] = _Formula(
            "decline_percent",
            (f"industrial_use_b{by}", "industrial_use", f"industrial_va_index_b{by}"),
        )
    return table.get(key)


def indicator_id(key: str, scope: str, base_year: int | None) -> str:
    suffix = scope_suffix(scope)
    return key + (f"_{suffix}" if suffix else "") + (f"_b{base_year}" if base_year else "")


_PLAUSIBLE = {
    "gdp_intensity": Range(_q("5"), _q("150")),
    "leakage_rate": Range(_q("3"), _q("25")),
    "irrigation_coefficient": Range(_q("0.45"), _q("0.80")),
}


def field_scope(target: Target) -> str:
    """The 表一 scope a target is judged on: a county's own target uses the ordinary field."""
    return "全市" if target.county and target.scope == target.county else target.scope


def group_field_id(group: Sequence[Target]) -> str:
    return indicator_id(group[0].key, field_scope(group[0]), group[0].base_year)


def _indicator_field(group: Sequence[Target]) -> Field:
    first = group[0]
    key, scope, by = first.key, field_scope(first), first.base_year
    spec = INDICATORS.get(key)
    kind = spec.kind if spec else _kind_from_unit(first.unit)
    unit = u.form_unit_for_target(first.unit, kind is Kind.INTENSITY)
    label = spec.label if spec else first.indicator
    if scope != "全市":
        label += f"（{scope}）"
    if by is not None:
        label += f"（较{by}年）"
    label = next((t.field_label for t in group if t.field_label), label)
    hard: Range | None = NON_NEGATIVE
    if kind is Kind.COEFFICIENT:
        hard = RATIO_RANGE
    elif kind is Kind.DECLINE:
        hard = Range(None, _q("100"))
    elif kind is Kind.RATE:
        hard = Range(_q("0"), _q("100"), high_open=key == "industrial_reuse_rate")
    formula = _formula_for(key, by) if scope == "全市" else None
    if key == "reclaimed_use" and scope == "全市":
        formula = None  # the base input itself is the indicator
    quantity = kind in (Kind.QUANTITY, Kind.AREA)
    return Field(
        id=indicator_id(key, scope, by),
        label=label,
        unit=unit,
        kind=DERIVED if formula else INPUT,
        required=True,
        precision=u.DEFAULT_PRECISION.get(unit, 2),
        hard=hard,
        plausible=_PLAUSIBLE.get(key),
        formula=formula.name if formula else None,
        inputs=formula.inputs if formula else (),
        section=SECTION_INDICATORS,
        indicator=key,
        scope=scope,
        base_year=by,
        quantity=quantity,
        year_on_year=quantity,
        help=next((t.help for t in group if t.help), ""),
        concerns=next((t.concerns for t in group if t.concerns), ()),
    )


def _kind_from_unit(unit: str) -> Kind:
    """Kind of an indicator with no canonical spec (a key only one city uses)."""
    if unit in (u.YI_M3, u.WAN_M3):
        return Kind.QUANTITY
    if unit in (u.WAN_MU, u.KM2, "平方公里"):
        return Kind.AREA
    if unit in ("无量纲", "1", "/"):
        return Kind.COEFFICIENT
    return Kind.RATE


def concerned(field: Field, county: str, allocated: Iterable[str] = ()) -> bool:
    """Whether `county` must report `field`: every county, unless the document names the
    counties it concerns (聊城's 化工园区, DOMAIN.md) — or a target pack gives the county an
    allocation for it (`allocated`: the field ids of the county's allocations)."""
    return not field.concerns or county in field.concerns or field.id in allocated


def indicator_groups(targets: Iterable[Target]) -> list[list[Target]]:
    """City targets grouped by (key, scope, base year), in the canonical indicator order."""
    groups: dict[tuple[str, str, int | None], list[Target]] = {}
    for t in targets:
        groups.setdefault((t.key, field_scope(t), t.base_year), []).append(t)
    order = {key: i for i, key in enumerate(INDICATORS)}
    keys = sorted(
        groups, key=lambda k: (order.get(k[0], len(order)), k[0], k[1] != "全市", k[1], k[2] or 0)
    )
    return [groups[k] for k in keys]


def relevant_in(group: Sequence[Target], year: int | None) -> bool:
    """A decline against base year B means something in year Y only when B < Y and a
    target of that base year still lies ahead (a 2026 return has no use for the
    2020-based decline of a 2025 target, nor a 2025 return for a 2025-based one)."""
    base = group[0].base_year
    if year is None or base is None:
        return True
    return base < year and any(t.year is None or t.year >= year for t in group)


# --- 表一 参考事项: measurable commitments a county reports, never judged (#18 item 5) --------

SECTION_REFERENCE = "参考事项（不作判定）"
NOT_JUDGED = "不作判定（仅供参考）"


def _ref(
    field_id: str, label: str, unit: str = u.COUNT, value_type: str = NUMBER, **kw: object
) -> Field:
    number = value_type == NUMBER
    return Field(
        field_id,
        label,
        unit,
        precision=0 if unit == u.COUNT else 2,
        quantity=unit == u.COUNT,  # counts add up across counties; the city sums them
        hard=NON_NEGATIVE if number else None,
        section=SECTION_REFERENCE,
        value_type=value_type,
        **kw,  # type: ignore[arg-type]
    )


def _coverage(prefix: str, due: str, done: str, rate: str) -> tuple[Field, ...]:
    """A full-coverage commitment as a rate derived from its two counts."""
    due_id, done_id = f"{prefix}_due", f"{prefix}_done"
    return (
        _ref(due_id, due),
        _ref(done_id, done),
        _ref(
            prefix,
            rate,
            u.PERCENT,
            kind=DERIVED,
            formula="share_percent",
            inputs=(done_id, due_id),
        ),
    )


# The fields of each reference row (`Reference.field`), inputs first; the last one is the
# figure the commitment is about and carries the sources.
REFERENCE_FIELDS: dict[str, tuple[Field, ...]] = {
    "planned_use_coverage": _coverage(
        "planned_use_coverage",
        "应纳入计划用水管理的用水单位数",
        "已纳入计划用水管理的用水单位数（即表四计划用水户台账的户数）",
        "计划用水管理覆盖率",
    ),
    "online_monitoring_coverage": _coverage(
        "online_monitoring_coverage",
        "达到规定许可水量的非农取水单位数",
        "已完善取用水在线监测计量的单位数",
        "非农取水单位在线监测计量覆盖率",
    ),
    "water_saving_contracts": (_ref("water_saving_contracts", "签订合同节水项目数"),),
    "press_release_quarters": (
        _ref("press_release_quarters", "提供了新闻稿件的季度数（共4个季度）"),
    ),
    "water_saving_enterprises": (
        _ref("water_saving_enterprises", "推送参与省、市级节水型企业评选的企业数"),
    ),
    "spring_outflow": (_ref("spring_outflow", "泉域出流情况", u.TEXT, value_type=TEXT),),
}


def reference_help(refs: Sequence[Reference]) -> str:
    """The sources of a reference row, as written, then 不作判定（仅供参考）."""
    quotes = "；".join(f"{r.citation}：“{r.quote}”" for r in refs)
    return f"{quotes}。{NOT_JUDGED}"


def reference_commitment(refs: Sequence[Reference]) -> str:
    """What the documents commit to, as written (the 目标 cell of a 参考事项 row)."""
    return "；".join(r.commitment for r in refs)


def reference_sources(refs: Sequence[Reference]) -> str:
    return "；".join(r.citation for r in refs)


def reference_fields(catalog: TargetCatalog, city: str, year: int | None) -> list[Field]:
    """表一's 参考事项 rows for the city's commitments of `year` (DOMAIN.md, #18 item 5)."""
    by_field: dict[str, list[Reference]] = {}
    for r in catalog.references_for(city, year):
        by_field.setdefault(r.field, []).append(r)
    out: list[Field] = []
    for field_id, fields in REFERENCE_FIELDS.items():
        refs = by_field.get(field_id)
        if not refs:
            continue
        *inputs, figure = fields
        out += inputs
        out.append(replace(figure, help=reference_help(refs), references=tuple(refs)))
    return out


def _t1(catalog: TargetCatalog, city: str, year: int | None = None) -> FormSpec:
    placeholders = [p for p in catalog.placeholders_for(city) if year is None or p.year == year]
    groups = indicator_groups([*catalog.reportable_targets(city), *placeholders])
    indicator_fields = [_indicator_field(g) for g in groups if relevant_in(g, year)]
    ids = {f.id for f in indicator_fields}
    base: dict[str, Field] = {}
    inputs_of: dict[int | None, dict[str, Field]] = {}  # built once per base year
    for f in indicator_fields:
        weights = (w for i in f.inputs if (w := index_weight(i)) is not None)
        for input_id in (*f.inputs, *weights):
            if input_id in ids or input_id in base:
                continue
            base_year = f.base_year if input_id.endswith(f"_b{f.base_year}") else None
            # an indicator that concerns named counties only passes that on to its inputs
            if base_year not in inputs_of:
                inputs_of[base_year] = _base_inputs(base_year)
            base[input_id] = replace(inputs_of[base_year][input_id], concerns=f.concerns)
    references = reference_fields(catalog, city, year)
    fields = [_with_cell(f, "T1") for f in [*indicator_fields, *base.values(), *references]]
    return FormSpec("t1", "表一", T1_TITLE, city, (ANNUAL,), tuple(fields), year=year)


def _with_cell(f: Field, prefix: str) -> Field:
    return replace(f, cell=f"{prefix}_{f.id}")


# --- 表二 ------------------------------------------------------------------------------------

T2_TITLE = "用水结构表"
SECTORS = (
    ("urban_residential", "城镇居民", "domestic"),
    ("rural_residential", "农村居民", "domestic"),
    ("urban_public", "城镇公共", "domestic"),
    ("industry", "工业", ""),
    ("farmland_irrigation", "农田灌溉", "agriculture"),
    ("forestry_livestock_fishery", "林牧渔畜", "agriculture"),
    ("ecological", "人工生态环境补水", ""),
)
SECTOR_GROUPS = (("domestic", "生活"), ("agriculture", "农业"))
NONCONVENTIONAL_PARTS = (
    ("reclaimed", "再生水"),
    ("mine_water", "矿井水/疏干水"),
    ("rainwater", "集蓄雨水"),
    ("brackish", "微咸水"),
    ("desalinated", "淡化海水"),
)
TRANSFERRED_SOURCES = {
    "yellow_river_use": ("yellow_river", "黄河水"),
    "transferred_use": ("transferred", "引江水"),
}


def t2_sources(catalog: TargetCatalog, city: str) -> list[tuple[str, str]]:
    """Sources of the city's 表二: 黄河水/引江水 appear apart only where the city caps them."""
    keys = {t.key for t in catalog.targets_for(city)}
    sources = [("surface", "地表水")]
    sources += [pair for key, pair in TRANSFERRED_SOURCES.items() if key in keys]
    sources.append(("groundwater", "地下水"))
    return sources


def t2_source_columns(form: FormSpec) -> list[tuple[str, str]]:
    """A built 表二's source columns (id, label), read off its first sector's input cells:
    the conventional sources, the non-conventional parts, then their subtotal."""
    first = f"{SECTORS[0][0]}_"
    parts = {p for p, _ in NONCONVENTIONAL_PARTS}
    conventional = [
        (f.id.removeprefix(first), f.label.split("·")[1])
        for f in form.fields
        if f.id.startswith(first) and f.kind == "input" and f.id.removeprefix(first) not in parts
    ]
    return [*conventional, *NONCONVENTIONAL_PARTS, ("nonconventional", "非常规水源小计")]


def _t2(catalog: TargetCatalog, city: str) -> FormSpec:
    conventional = t2_sources(catalog, city)
    cells: list[Field] = []
    derived: list[Field] = []
    quantity = {"unit": u.WAN_M3, "precision": 2, "hard": NON_NEGATIVE, "quantity": True}

    def cell(field_id: str, label: str, **kw: object) -> Field:
        return Field(id=field_id, label=label, section=T2_TITLE, **quantity, **kw)  # type: ignore[arg-type]

    for sector, s_label, _group in SECTORS:
        for source, c_label in conventional:
            cells.append(cell(f"{sector}_{source}", f"{s_label}·{c_label}"))
        parts = [f"{sector}_{p}" for p, _ in NONCONVENTIONAL_PARTS]
        for (_part, p_label), pid in zip(NONCONVENTIONAL_PARTS, parts, strict=True):
            cells.append(cell(pid, f"{s_label}·{p_label}"))
        nonconv = f"{sector}_nonconventional"
        derived.append(
            cell(
                nonconv,
                f"{s_label}·非常规水源小计",
                kind=DERIVED,
                formula="sum",
                inputs=tuple(parts),
            )
        )
        row = (*(f"{sector}_{c}" for c, _ in conventional), nonconv)
        derived.append(
            cell(f"{sector}_total", f"{s_label}·合计", kind=DERIVED, formula="sum", inputs=row)
        )
    columns = (
        [c for c, _ in conventional] + [p for p, _ in NONCONVENTIONAL_PARTS] + ["nonconventional"]
    )
    labels = (
        dict(conventional) | dict(NONCONVENTIONAL_PARTS) | {"nonconventional": "非常规水源小计"}
    )
    for group, g_label in SECTOR_GROUPS:
        members = [s for s, _, g in SECTORS if g == group]
        for column in [*columns, "total"]:
            derived.append(
                cell(
                    f"{group}_{column}",
                    f"{g_label}小计·{labels.get(column, '合计')}",
                    kind=DERIVED,
                    formula="sum",
                    inputs=tuple(f"{s}_{column}" for s in members),
                )
            )
    for column in columns:
        derived.append(
            cell(
                f"total_{column}",
                f"合计·{labels[column]}",
                kind=DERIVED,
                formula="sum",
                inputs=tuple(f"{s}_{column}" for s, _, _ in SECTORS),
            )
        )
    derived.append(
        cell(
            "total_use",
            "用水总量（合计）",
            kind=DERIVED,
            required=True,
            formula="sum",
            inputs=tuple(f"{s}_total" for s, _, _ in SECTORS),
            year_on_year=True,
        )
    )
    fields = tuple(_with_cell(f, "T2") for f in [*cells, *derived])
    return FormSpec("t2", "表二", T2_TITLE, city, (ANNUAL,), fields)


# --- 表三 ------------------------------------------------------------------------------------

T3_TITLE = "重点任务落实情况表"
TASK_STATUSES = tuple(TASK_STATE_LABELS.values())  # the choices of the status column

T3_COLUMNS = (
    Field("number", "序号", u.TEXT, kind=DERIVED, value_type=TEXT, formula="catalog"),
    Field("task", "任务内容", u.TEXT, kind=DERIVED, value_type=TEXT, formula="catalog"),
    Field("deadline", "完成时限", u.TEXT, kind=DERIVED, value_type=TEXT, formula="catalog"),
    Field("lead", "市级牵头单位", u.TEXT, kind=DERIVED, value_type=TEXT, formula="catalog"),
    Field("status", "进展情况", u.TEXT, required=True, value_type=CHOICE, choices=TASK_STATUSES),
    Field("done_date", "完成日期", u.TEXT, value_type=DATE),
    Field("evidence", "佐证材料", u.TEXT, value_type=TEXT),
    Field("problems", "存在问题及下步措施", u.TEXT, value_type=TEXT),
    Field("overdue", "是否逾期", u.TEXT, kind=DERIVED, value_type=TEXT, formula="overdue"),
)


# 落实措施 is a column of 表三 wherever the document has such text (DOMAIN.md: 长治 2026 附件).
MEASURES = Field("measures", "落实措施", u.TEXT, kind=DERIVED, value_type=TEXT, formula="catalog")
T3_COLUMNS_WITH_MEASURES = (*T3_COLUMNS[:2], MEASURES, *T3_COLUMNS[2:])
# Every column layout 表三 can have, so a workbook is read with the columns it was made with.
T3_LAYOUTS = (T3_COLUMNS, T3_COLUMNS_WITH_MEASURES)


def t3_columns(tasks: Iterable[Task]) -> tuple[Field, ...]:
    return T3_COLUMNS_WITH_MEASURES if any(t.measures for t in tasks) else T3_COLUMNS


def catalog_cell(task: Task, column_id: str) -> str:
    """What a 表三 row shows from the catalog in `column_id` (the window, the workbook and
    the printed sheet all show this)."""
    cells = {
        "number": task.number,
        "task": task.text,
        "measures": task.measures,
        "deadline": task.deadline,
        "lead": task.lead_text,
    }
    return cells.get(column_id, "")


def county_tasks(
    catalog: TargetCatalog,
    city: str,
    county: str | None,
    year: int | None,
    extra_tasks: Sequence[Task] = (),
) -> list[Task]:
    """The city's tasks a county reports on: the catalog's, then `extra_tasks` (the
    target pack's, core.target_pack.pack_tasks).

    A task of an annual plan belongs to that year only; a task assigned to named
    counties belongs to those only; tasks for 各县区 or naming no county belong to all.
    """
    names = [c.name for c in catalog.counties_for(city)]
    result = []
    for task in (*catalog.tasks_for(city), *extra_tasks):
        if year is not None and task.year is not None and task.year != year:
            continue
        named = [n for n in names if n in task.assignee]
        if county is not None and named and county not in named:
            continue
        result.append(task)
    return result


def task_groups(tasks: Sequence[Task]) -> tuple[TaskGroup, ...]:
    """The tasks by document, in their order, when they come from more than one (DOMAIN.md);
    () when one document gives them all (no heading rows)."""
    by_document: dict[str, list[Task]] = {}
    for task in tasks:
        by_document.setdefault(task.document.id, []).append(task)
    if len(by_document) < 2:
        return ()
    return tuple(
        TaskGroup(group[0].document, i, tuple(t.id for t in group))
        for i, group in enumerate(by_document.values(), start=1)
    )


def _t3(
    catalog: TargetCatalog,
    city: str,
    county: str | None,
    year: int | None,
    extra_tasks: Sequence[Task] = (),
) -> FormSpec:
    tasks = county_tasks(catalog, city, county, year, extra_tasks)
    rows = tuple(TaskRow(t) for t in tasks)
    table = TableSpec(
        "tasks", "重点任务", t3_columns(tasks), "T3_tasks_first_row", rows, task_groups(tasks)
    )
    return FormSpec("t3", "表三", T3_TITLE, city, (*QUARTERS, ANNUAL), (), table, year, county)


# --- 表四 ------------------------------------------------------------------------------------

T4_TITLE = "计划用水户台账"
WATER_SOURCES = ("公共供水", "自备地表水", "自备地下水", "非常规水", "多种水源")
BALANCE_TEST = ("已开展", "未开展")


def _vol(field_id: str, label: str, required: bool = False, **kw: object) -> Field:
    return Field(field_id, label, u.WAN_M3, required=required, precision=2, hard=NON_NEGATIVE, **kw)  # type: ignore[arg-type]


T4_COLUMNS = (
    Field("number", "序号", u.TEXT, kind=DERIVED, value_type=TEXT, formula="row_number"),
    Field("name", "单位名称", u.TEXT, required=True, value_type=TEXT),
    Field("uscc", "统一社会信用代码", u.TEXT, required=True, value_type=TEXT),
    Field("industry", "行业", u.TEXT, required=True, value_type=TEXT),
    Field("source", "水源", u.TEXT, required=True, value_type=CHOICE, choices=WATER_SOURCES),
    _vol("plan", "年计划用水量", required=True),
    _vol("q1", "第一季度实际用水量"),
    _vol("q2", "第二季度实际用水量"),
    _vol("q3", "第三季度实际用水量"),
    _vol("q4", "第四季度实际用水量"),
    _vol("annual", "全年实际用水量", required=True),
    _vol("over", "超计划用水量", kind=DERIVED, formula="over_plan", inputs=("annual", "plan")),
    Field(
        "over_rate",
        "超计划率",
        u.PERCENT,
        kind=DERIVED,
        precision=2,
        formula="over_plan_rate",
        inputs=("annual", "plan"),
    ),
    Field(
        "surcharge",
        "累进加价倍数",
        "倍",
        kind=DERIVED,
        precision=0,
        formula="surcharge",
        inputs=("over_rate",),
    ),
    Field("balance_test", "水平衡测试", u.TEXT, value_type=CHOICE, choices=BALANCE_TEST),
)


def _t4(city: str) -> FormSpec:
    table = TableSpec("ledger", "计划用水户", T4_COLUMNS, "T4_ledger_first_row")
    return FormSpec("t4", "表四", T4_TITLE, city, (ANNUAL,), (), table)


# --- entry point -----------------------------------------------------------------------------


def build_form(
    catalog: TargetCatalog,
    city: str,
    form_id: str,
    *,
    year: int | None = None,
    county: str | None = None,
    extra_tasks: Sequence[Task] = (),
) -> FormSpec:
    """The form `form_id` (any alias) for `city`; 表一 depends on the year (which base years
    matter), 表三 on year and county (which tasks; the target pack's `extra_tasks` last)."""
    city_name = catalog.city(city).name
    form_id = resolve_form_id(form_id)
    if form_id == "t1":
        return _t1(catalog, city_name, year)
    if form_id == "t2":
        return _t2(catalog, city_name)
    if form_id == "t3":
        return _t3(catalog, city_name, county, year, extra_tasks)
    return _t4(city_name)


def build_forms(
    catalog: TargetCatalog, city: str, *, year: int | None = None, county: str | None = None
) -> dict[str, FormSpec]:
    return {f: build_form(catalog, city, f, year=year, county=county) for f in FORM_IDS}


class FormCache(Struct):
    """Built forms kept per (city, form, year, county): building reads the whole catalog."""

    catalog: TargetCatalog
    _forms: dict[tuple[str, str, int | None, str | None, tuple[Task, ...]], FormSpec] = field(
        default_factory=dict
    )

    def get(
        self,
        city: str,
        form_id: str,
        year: int | None = None,
        county: str | None = None,
        extra_tasks: Sequence[Task] = (),
    ) -> FormSpec:
        form_id = resolve_form_id(form_id)
        extra = tuple(extra_tasks) if form_id == "t3" else ()
        if form_id in ("t2", "t4"):
            year = county = None
        elif form_id == "t1":
            county = None
        key = (city, form_id, year, county, extra)
        if key not in self._forms:
            self._forms[key] = build_form(
                self.catalog, city, form_id, year=year, county=county, extra_tasks=extra
            )
        return self._forms[key]
