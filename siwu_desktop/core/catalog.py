"""The embedded target catalog: targets, actuals, tasks and counties from the source documents.

Every fact carries its source (document, section or annex row, and a verbatim
quote) so the app can answer "where does 0.58 come from?". A malformed file fails
at load with file, line and reason: a wrong catalog must never load quietly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import msgspec
from msgspec import Struct, field

from siwu_desktop.core.indicators import INDICATORS, Kind
from siwu_desktop.core.terms import Attribute, Bound, attribute_of
from siwu_desktop.paths import resource_path

BOUNDS = tuple(Bound)


class CatalogError(Exception):
    """A catalog file is malformed or inconsistent."""

    def __init__(self, file: Path, line: int | None, reason: str) -> None:
        self.file = file
        self.line = line
        self.reason = reason
        where = f"{file.name}:{line}" if line else file.name
        super().__init__(f"目标库文件有误 {where}: {reason}")


class Document(Struct, frozen=True):
    """One source document (a city's 四水四定 plan or notice) the catalog cites."""

    id: str
    city: str
    city_code: str
    title: str
    number: str
    issuer: str
    date: str
    status: str
    source_file: str
    notes: tuple[str, ...] = ()

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    @property
    def citation(self) -> str:
        """How the app names the document: title, then number where it has one."""
        title = self.title if self.title.startswith("《") else f"《{self.title}》"
        return f"{title}（{self.number}）" if self.number else title


class Conflict(Struct, frozen=True):
    """A second value the same document gives for a target (e.g. 正文 vs 附件), with its quote."""

    value: Decimal
    value_text: str
    source: str
    quote: str


class Quoted:
    """An entry read from a passage (`source`) of one of a city's documents.

    A mixin of Structs that declare `document` and `source` as fields; slotless so the
    Structs stay without an instance dict."""

    __slots__ = ()

    document: Document
    source: str

    @property
    def city(self) -> str:
        return self.document.city

    @property
    def citation(self) -> str:
        return f"{self.document.citation} {self.source}"


class InForce:
    """An entry for one year, or for every year (from `from_year` on where it says so).

    A mixin of Structs that declare `year` and `from_year` as fields (slotless, as `Quoted`)."""

    __slots__ = ()

    year: int | None
    from_year: int | None

    def applies_in(self, year: int) -> bool:
        """An entry of `year`, or an every-year one in force that year.

        "到2025年年底…控制在每年X以内" holds from 2025 on (DOMAIN.md): a cap with a
        start year applies to that year and every later one.
        """
        if self.year is not None:
            return self.year == year
        return self.from_year is None or year >= self.from_year


class Target(Struct, Quoted, InForce, frozen=True):
    """One target value for an indicator, year and scope, with its verbatim source quote."""

    id: str
    document: Document
    indicator: str
    key: str
    unit: str
    attribute: Attribute
    year: int | None  # None: a cap that holds every year
    value: Decimal
    value_text: str
    bound: str
    base_year: int | None
    scope: str
    county: str
    departments: tuple[str, ...]
    source: str
    quote: str
    note: str
    conflicts: tuple[Conflict, ...] = ()
    judged: bool = True  # False: shown for reference (project outcomes, movable allocations)
    level: str = "county"  # "city": only the city as a whole reports it (e.g. a utility's share)
    from_year: int | None = None  # an every-year cap that starts in this year (DOMAIN.md)
    placeholder: bool = False  # a county indicator the city sets by target pack; no value here
    concerns: tuple[str, ...] = ()  # the only counties it concerns by default (others: 不涉及)
    field_label: str = ""  # the 表一 row's label where the indicator's usual one would mislead
    help: str = ""  # what the county enters in that row, shown with the field

    @property
    def draft(self) -> bool:
        return self.document.draft

    @property
    def display_name(self) -> str:
        """The indicator as written, with the basin, source or county it is limited to."""
        name = self.indicator
        if self.scope not in ("全市", "", self.county) and self.scope not in self.indicator:
            name += f"（{self.scope}）"
        if self.county:
            name += f"（{self.county}）"
        return name

    @property
    def year_label(self) -> str:
        if self.year is not None:
            return str(self.year)
        if not self.judged:
            return "未定年份"
        return every_year_label(self.from_year)


def every_year_label(from_year: int | None) -> str:
    """每年, or 自2025年起每年 for a cap that starts in a given year."""
    return "每年" if from_year is None else f"自{from_year}年起每年"


class Reference(Struct, Quoted, InForce, frozen=True):
    """A measurable commitment a county return can give the figure of, recorded for
    reference only (#18 item 5): never judged, shown with its source and 不作判定（仅供参考）.
    Commitments naming the same figure share `field` (one 表一 row)."""

    id: str
    document: Document
    field: str  # the 表一 reference row it is reported in (core.forms.REFERENCE_FIELDS)
    commitment: str  # what the document commits to, as written
    value_text: str  # the figure the document states ("100"、"1"), "" where it states none
    unit: str
    year: int | None  # the year it is for; None: every year from `from_year` on
    from_year: int | None
    source: str
    quote: str
    note: str
    judged: bool = False  # always False: a reference item is never judged


class Actual(Struct, frozen=True):
    """A base-year figure a document states (the starting point targets refer to)."""

    id: str
    document: Document
    indicator: str
    key: str
    unit: str
    year: int
    value: Decimal
    value_text: str
    scope: str
    source: str
    quote: str
    note: str


class Task(Struct, Quoted, frozen=True):
    """A key task (重点任务) of a document, with its deadline and who leads it."""

    id: str
    document: Document
    number: str
    group: str
    main_task: str
    text: str
    measures: str
    deadline: str
    due_date: str | None
    year: int | None
    lead: tuple[str, ...]
    participants: tuple[str, ...]
    assignee: str
    source: str
    quote: str
    note: str
    lead_inferred: bool = False  # 牵头单位 read from the layout of an ambiguous annex row

    @property
    def lead_text(self) -> str:
        """The 牵头单位 as the 表三 column shows it, marked where it is inferred (DOMAIN.md)."""
        text = "、".join(self.lead)
        return f"{text}{LEAD_INFERRED}" if self.lead_inferred and text else text


LEAD_INFERRED = "（按版式推定）"


class County(Struct, frozen=True):
    """A county-level unit of a city, with its administrative division code."""

    city: str
    name: str
    code: str


class City(Struct, frozen=True):
    """A city the catalog covers, its water bureau and its county-level units."""

    name: str
    code: str
    water_bureau: str
    counties: tuple[County, ...]


class TargetCatalog(Struct):
    """Everything read from `resources/targets`: cities, documents, targets, actuals, tasks."""

    cities: dict[str, City]
    documents: list[Document] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    actuals: list[Actual] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    # County indicators a document says the city will set, with no value (DOMAIN.md: 长治 2026):
    # a 表一 row each, 未下达县级指标 until a target pack gives the county its value.
    placeholders: list[Target] = field(default_factory=list)
    # Measurable commitments shown for reference in 表一's 参考事项 (DOMAIN.md, #18 item 5).
    references: list[Reference] = field(default_factory=list)

    def city(self, name: str) -> City:
        """The city called `name` (also accepts the name without 市 or the code)."""
        for city in self.cities.values():
            if name in (city.name, city.code, city.name.removesuffix("市")):
                return city
        raise KeyError(name)

    def targets_for(self, city: str) -> list[Target]:
        return [t for t in self.targets if t.city == city]

    def reportable_targets(self, city: str) -> list[Target]:
        """Targets a county return carries and is judged on.

        Leaves out reference-only figures (judged = false) and shares only the city
        as a whole reports (level = "city"); county-specific targets stay in and are
        judged for their county only.
        """
        return [t for t in self.targets_for(city) if t.judged and t.level == "county"]

    def placeholders_for(self, city: str) -> list[Target]:
        return [t for t in self.placeholders if t.city == city]

    def references_for(self, city: str, year: int | None = None) -> list[Reference]:
        """The city's reference items that apply in `year` (all of them without one)."""
        return [
            r for r in self.references if r.city == city and (year is None or r.applies_in(year))
        ]

    def actuals_for(self, city: str) -> list[Actual]:
        return [a for a in self.actuals if a.document.city == city]

    def tasks_for(self, city: str) -> list[Task]:
        return [t for t in self.tasks if t.city == city]

    def counties_for(self, city: str) -> tuple[County, ...]:
        return self.city(city).counties

    def county(self, city: str, name: str) -> County:
        for c in self.counties_for(city):
            if name in (c.name, c.code):
                return c
        raise KeyError(name)

    def documents_for(self, city: str) -> list[Document]:
        return [d for d in self.documents if d.city == city]


# --- loading ---------------------------------------------------------------------------------


class _Reader:
    """One TOML file's data; problems are reported with the line of the offending table.

    `data` given: that file's data as the shipped catalog holds it (no lines to report)."""

    def __init__(self, path: Path, data: dict[str, Any] | None = None) -> None:
        self.path = path
        self._lines: list[str] = []
        if data is not None:
            self.data = data
            return
        text = path.read_text(encoding="utf-8")
        import tomllib  # only when building from the TOML files, not at a start

        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"line (\d+)", str(exc))
            raise CatalogError(path, int(match.group(1)) if match else None, str(exc)) from exc
        self._lines = text.splitlines()

    def line_of(self, table: str, index: int) -> int | None:
        """Line of the `index`-th `[[table]]` header (0-based)."""
        header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
        seen = -1
        for number, line in enumerate(self._lines, start=1):
            if header.match(line):
                seen += 1
                if seen == index:
                    return number
        return None

    def fail(self, table: str, index: int, reason: str) -> CatalogError:
        return CatalogError(self.path, self.line_of(table, index), reason)


def _get(
    item: Mapping[str, Any], name: str, kind: type | tuple[type, ...], fail: Any, default: Any = ...
) -> Any:
    if name not in item:
        if default is ...:
            raise fail(f"缺少字段 {name}")
        return default
    value = item[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise fail(f"字段 {name} 的类型不对：{value!r}")
    return value


def _decimal(text: Any, fail: Any, what: str = "value") -> Decimal:
    if not isinstance(text, str):
        raise fail(f"{what} 必须写成字符串形式的精确数值，不能是 {text!r}")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise fail(f"{what} 不是数值：{text!r}") from exc
    if not value.is_finite():
        raise fail(f"{what} 不是有限数值：{text!r}")
    return value


def _strings(item: Mapping[str, Any], name: str, fail: Any) -> tuple[str, ...]:
    values = _get(item, name, list, fail, [])
    if not all(isinstance(v, str) for v in values):
        raise fail(f"字段 {name} 必须是字符串列表")
    return tuple(values)


def _attribute(text: str, fail: Any) -> Attribute:
    found = attribute_of(text)
    if found is None:
        raise fail(f"指标属性应为 {'/'.join(a.label for a in Attribute)}，而不是 {text!r}")
    return found


def _check_target_consistency(t: Target, fail: Any) -> None:
    """Unit and bound must agree with what the indicator is."""
    if t.bound not in BOUNDS:
        raise fail(f"bound 应为 max/min/decline_min，而不是 {t.bound!r}")
    if (t.bound == Bound.DECLINE_MIN) != (t.base_year is not None):
        raise fail("下降幅度目标必须有基准年 base_year，其他目标不能有")
    if t.base_year is not None and t.year is not None and t.base_year >= t.year:
        raise fail(f"基准年 {t.base_year} 不早于目标年 {t.year}")
    if t.value < 0:
        raise fail(f"目标值不能为负：{t.value_text}")
    spec = INDICATORS.get(t.key)
    if spec is None:
        if t.unit == "%" and t.value > 100:
            raise fail(f"百分数目标超过100：{t.value_text}")
        return
    if t.bound != spec.bound:
        raise fail(f"{spec.label}（{t.key}）的约束方向应为 {spec.bound}，文件写的是 {t.bound}")
    if t.unit not in spec.units:
        raise fail(f"{spec.label}（{t.key}）的单位应为 {'/'.join(spec.units)}，文件写的是 {t.unit}")
    if spec.kind is Kind.COEFFICIENT and not (0 < t.value <= 1):
        raise fail(f"系数必须在0到1之间：{t.value_text}")
    if spec.kind in (Kind.RATE, Kind.DECLINE) and t.value > 100:
        raise fail(f"百分数目标超过100：{t.value_text}")


def _read_target(
    item: Mapping[str, Any], fail: Any, document: Document, placeholder: bool
) -> Target:
    """A `[[targets]]` item, or a `[[placeholders]]` one: a county indicator a document says
    the city will set, with a year and no value (DOMAIN.md: 长治 2026)."""
    if placeholder:
        if "value" in item:
            raise fail("县级指标占位项不写数值（数值由目标包下达）")
        year, every_year, judged = _get(item, "year", int, fail), False, True
    else:
        year = _get(item, "year", int, fail, None)
        every_year = _get(item, "every_year", bool, fail, False)
        judged = _get(item, "judged", bool, fail, True)
    if year is not None and every_year:
        raise fail("year 与 every_year = true 只能有一个")
    if year is None and not every_year and judged:
        raise fail(
            "目标必须有年份 year，或者写 every_year = true（每年适用）；无年份的参考值写 judged = false"
        )
    from_year = _get(item, "from_year", int, fail, None)
    if from_year is not None and not every_year:
        raise fail("from_year 只用于每年适用的上限（every_year = true）")
    conflicts = []
    for c in _get(item, "conflicts", list, fail, []):
        conflicts.append(
            Conflict(
                value=_decimal(c.get("value"), fail, "conflicts.value"),
                value_text=c["value"],
                source=_get(c, "source", str, fail),
                quote=_get(c, "quote", str, fail),
            )
        )
    value_text = "" if placeholder else item.get("value")
    target = Target(
        id=_get(item, "id", str, fail),
        document=document,
        indicator=_get(item, "indicator", str, fail),
        key=_get(item, "key", str, fail),
        unit=_get(item, "unit", str, fail),
        attribute=_attribute(_get(item, "attribute", str, fail), fail),
        year=year,
        value=Decimal(0) if placeholder else _decimal(value_text, fail),
        value_text=str(value_text),
        bound=_get(item, "bound", str, fail),
        base_year=_get(item, "base_year", int, fail, None),
        scope=_get(item, "scope", str, fail, "全市"),
        county=_get(item, "county", str, fail, ""),
        departments=_strings(item, "departments", fail),
        source=_get(item, "source", str, fail),
        quote=_get(item, "quote", str, fail),
        note=_get(item, "note", str, fail, ""),
        conflicts=tuple(conflicts),
        judged=judged,
        level=_get(item, "level", str, fail, "county"),
        from_year=from_year,
        placeholder=placeholder,
        field_label=_get(item, "field_label", str, fail, ""),
        concerns=_strings(item, "concerns", fail),
        help=_get(item, "help", str, fail, ""),
    )
    if target.level not in ("county", "city"):
        raise fail(f"level 应为 county 或 city：{target.level!r}")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", target.key):
        raise fail(f"key 必须是小写英文标识：{target.key!r}")
    _check_target_consistency(target, fail)
    return target


def _load_document(
    path: Path, cities: Mapping[str, City], catalog: TargetCatalog, data: dict[str, Any] | None
) -> None:
    reader = _Reader(path, data)
    data = reader.data

    def doc_fail(reason: str) -> CatalogError:
        return CatalogError(path, None, f"[document] {reason}")

    head = _get(data, "document", dict, doc_fail)
    document = Document(
        id=_get(head, "id", str, doc_fail),
        city=_get(head, "city", str, doc_fail),
        city_code=_get(head, "city_code", str, doc_fail),
        title=_get(head, "title", str, doc_fail),
        number=_get(head, "number", str, doc_fail, ""),
        issuer=_get(head, "issuer", str, doc_fail, ""),
        date=_get(head, "date", str, doc_fail, ""),
        status=_get(head, "status", str, doc_fail),
        source_file=_get(head, "source_file", str, doc_fail),
        notes=_strings(head, "notes", doc_fail),
    )
    if document.status not in ("issued", "draft"):
        raise doc_fail(f"status 应为 issued 或 draft：{document.status!r}")
    city = cities.get(document.city)
    if city is None:
        raise doc_fail(f"未知城市 {document.city}")
    if city.code != document.city_code:
        raise doc_fail(
            f"{document.city} 的区划代码应为 {city.code}，文件写的是 {document.city_code}"
        )
    if not resource_path("sources", document.source_file).is_file():
        raise doc_fail(f"找不到原文 resources/sources/{document.source_file}")
    catalog.documents.append(document)
    county_names = {c.name for c in city.counties}

    for table, into in (("targets", catalog.targets), ("placeholders", catalog.placeholders)):
        for index, item in enumerate(_get(data, table, list, doc_fail, [])):

            def fail(reason: str, table: str = table, index: int = index) -> CatalogError:
                return reader.fail(table, index, reason)

            target = _read_target(item, fail, document, table == "placeholders")
            if target.county and target.county not in county_names:
                raise fail(f"{document.city} 没有县级单位 {target.county}")
            if unknown := set(target.concerns) - county_names:
                raise fail(f"{document.city} 没有县级单位 {'、'.join(sorted(unknown))}")
            into.append(target)

    for index, item in enumerate(_get(data, "actuals", list, doc_fail, [])):

        def afail(reason: str, index: int = index) -> CatalogError:
            return reader.fail("actuals", index, reason)

        value_text = item.get("value")
        catalog.actuals.append(
            Actual(
                id=_get(item, "id", str, afail),
                document=document,
                indicator=_get(item, "indicator", str, afail),
                key=_get(item, "key", str, afail),
                unit=_get(item, "unit", str, afail),
                year=_get(item, "year", int, afail),
                value=_decimal(value_text, afail),
                value_text=str(value_text),
                scope=_get(item, "scope", str, afail, "全市"),
                source=_get(item, "source", str, afail),
                quote=_get(item, "quote", str, afail),
                note=_get(item, "note", str, afail, ""),
            )
        )

    for index, item in enumerate(_get(data, "references", list, doc_fail, [])):

        def rfail(reason: str, index: int = index) -> CatalogError:
            return reader.fail("references", index, reason)

        if _get(item, "judged", bool, rfail, False):
            raise rfail("参考事项不作判定，不能写 judged = true")
        catalog.references.append(
            Reference(
                id=_get(item, "id", str, rfail),
                document=document,
                field=_get(item, "field", str, rfail),
                commitment=_get(item, "commitment", str, rfail),
                value_text=_get(item, "value", str, rfail, ""),
                unit=_get(item, "unit", str, rfail, ""),
                year=_get(item, "year", int, rfail, None),
                from_year=_get(item, "from_year", int, rfail, None),
                source=_get(item, "source", str, rfail),
                quote=_get(item, "quote", str, rfail),
                note=_get(item, "note", str, rfail, ""),
            )
        )

    for index, item in enumerate(_get(data, "tasks", list, doc_fail, [])):

        def tfail(reason: str, index: int = index) -> CatalogError:
            return reader.fail("tasks", index, reason)

        due = _get(item, "due_date", str, tfail, None)
        if due is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", due):
            raise tfail(f"due_date 应为 YYYY-MM-DD：{due!r}")
        catalog.tasks.append(
            Task(
                id=_get(item, "id", str, tfail),
                document=document,
                number=str(_get(item, "number", (str, int), tfail)),
                group=_get(item, "group", str, tfail, ""),
                main_task=_get(item, "main_task", str, tfail, ""),
                text=_get(item, "text", str, tfail),
                measures=_get(item, "measures", str, tfail, ""),
                deadline=_get(item, "deadline", str, tfail, ""),
                due_date=due,
                year=_get(item, "year", int, tfail, None),
                lead=_strings(item, "lead", tfail),
                participants=_strings(item, "participants", tfail),
                assignee=_get(item, "assignee", str, tfail, ""),
                source=_get(item, "source", str, tfail),
                quote=_get(item, "quote", str, tfail),
                note=_get(item, "note", str, tfail, ""),
                lead_inferred=_get(item, "lead_inferred", bool, tfail, False),
            )
        )


def _load_cities(path: Path, data: dict[str, Any] | None = None) -> dict[str, City]:
    reader = _Reader(path, data)
    cities: dict[str, City] = {}
    for index, item in enumerate(reader.data.get("cities", [])):

        def fail(reason: str, index: int = index) -> CatalogError:
            return reader.fail("cities", index, reason)

        name = _get(item, "name", str, fail)
        code = _get(item, "code", str, fail)
        counties = []
        for pair in _get(item, "counties", list, fail):
            if not (isinstance(pair, list) and len(pair) == 2):
                raise fail(f"县级单位应写成 [名称, 代码]：{pair!r}")
            county_name, county_code = pair
            if not re.fullmatch(r"\d{6}", county_code) or county_code[:4] != code[:4]:
                raise fail(f"{county_name} 的区划代码 {county_code} 不属于 {name}（{code}）")
            counties.append(County(name, county_name, county_code))
        cities[name] = City(name, code, _get(item, "water_bureau", str, fail), tuple(counties))
    return cities


def _check_unique(items: Iterable[Any], what: str, path: Path) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise CatalogError(path, None, f"{what} 编号重复：{item.id}")
        seen.add(item.id)


def load_catalog(directory: Path | None = None, counties_file: Path | None = None) -> TargetCatalog:
    """Load every `*.toml` in `directory` (default: the embedded `resources/targets`)."""
    directory = directory or resource_path("targets")
    counties_file = counties_file or resource_path("counties.toml")
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise CatalogError(directory, None, "目录中没有目标库文件")
    return _build(directory, _load_cities(counties_file), [(p, None) for p in files])


def _build(
    where: Path, cities: dict[str, City], documents: list[tuple[Path, dict[str, Any] | None]]
) -> TargetCatalog:
    catalog = TargetCatalog(cities=cities)
    for path, data in documents:
        _load_document(path, catalog.cities, catalog, data)
    for items, what in (
        (catalog.documents, "文件"),
        ([*catalog.targets, *catalog.placeholders], "目标"),
        (catalog.actuals, "现状值"),
        (catalog.references, "参考事项"),
        (catalog.tasks, "任务"),
    ):
        _check_unique(items, what, where)
    return catalog


# The catalog ships as one JSON file made from resources/targets/*.toml and counties.toml
# when they change (`python -m siwu_desktop.core.catalog_data`; a test keeps it equal):
# a start reads JSON, never the slow TOML parser.
SHIPPED_CATALOG = "catalog.json"


def load_shipped_catalog(path: Path | None = None) -> TargetCatalog:
    """The catalog from the shipped data file, checked by the same rules as the TOML files."""
    path = path or resource_path(SHIPPED_CATALOG)
    try:
        # msgspec's JSON reader: the same objects as json.loads, in ¾ of the time (#13 item 7)
        shipped = msgspec.json.decode(path.read_bytes())
        counties, documents = shipped["counties"], shipped["documents"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CatalogError(path, None, f"无法读取目标库：{exc}") from exc
    targets = resource_path("targets")
    return _build(
        path,
        _load_cities(resource_path("counties.toml"), counties),
        [(targets / name, data) for name, data in sorted(documents.items())],
    )


_DEFAULT: TargetCatalog | None = None


def default_catalog() -> TargetCatalog:
    """The embedded catalog, loaded once per process from the shipped data file."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_shipped_catalog()
    return _DEFAULT
