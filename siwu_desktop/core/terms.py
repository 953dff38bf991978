"""The domain's words: each a `StrEnum` with an ASCII value, and its Chinese label, here only.

Code compares and keys on the enum members; people see the labels. A label is
looked up here (`Severity.ERROR.label`, `bound_text(...)`), never spelled
again in another module, and never compared: what the window, the workbook, the
printed sheet and the CLI show is the same word because it comes from one place.

The values are what storage and the exchange files already hold ("draft",
"finalised", "Y", "Q1", "max" …), so nothing stored changes. Two vocabularies
are stored as Chinese text and are mapped here at the boundary instead:
表三's progress status (a choice the person picks in the workbook, stored as
typed) and the keys of a return's signature block inside the digested content
(`METADATA_KEYS`, part of schema `siwu-return/1`).
"""

from __future__ import annotations

from enum import StrEnum


class ReturnStatus(StrEnum):
    """Where a return stands. Storage records draft, validated and finalised; the
    navigator also shows errors (judged, has errors), exported and corrected."""

    DRAFT = "draft"
    ERRORS = "errors"
    VALIDATED = "validated"
    FINALISED = "finalised"
    EXPORTED = "exported"
    CORRECTED = "corrected"

    @property
    def label(self) -> str:
        return RETURN_STATUS_LABELS[self]


RETURN_STATUS_LABELS = {
    ReturnStatus.DRAFT: "草稿",
    ReturnStatus.ERRORS: "有错误",
    ReturnStatus.VALIDATED: "已校验",
    ReturnStatus.FINALISED: "已定稿",
    ReturnStatus.EXPORTED: "已导出",
    ReturnStatus.CORRECTED: "更正中",
}


def status_label(status: str) -> str:
    """The label of a stored status; an unknown one is shown as it is."""
    try:
        return ReturnStatus(status).label
    except ValueError:
        return status


def revision_status(status: str, revision: int) -> str:
    """A revision's status as the navigator shows it: a correction not yet finalised (第2版
    on) is 更正中, not 草稿."""
    open_ = status != ReturnStatus.FINALISED
    return ReturnStatus.CORRECTED if open_ and revision > 1 else status


class Severity(StrEnum):
    """Of a finding: error blocks finalising; warning needs a note; notice informs."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def label(self) -> str:
        return SEVERITY_LABELS[self]


SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.NOTICE: "提示"}


class Period(StrEnum):
    """A reporting period: the year, or one of its quarters (表三 only)."""

    YEAR = "Y"
    Q1 = "Q1"
    Q2 = "Q2"
    Q3 = "Q3"
    Q4 = "Q4"

    @property
    def label(self) -> str:
        return PERIOD_LABELS[self]


PERIOD_LABELS = {
    Period.YEAR: "全年",
    Period.Q1: "第一季度",
    Period.Q2: "第二季度",
    Period.Q3: "第三季度",
    Period.Q4: "第四季度",
}
ANNUAL = Period.YEAR
QUARTERS: tuple[Period, ...] = (Period.Q1, Period.Q2, Period.Q3, Period.Q4)
PERIODS: tuple[Period, ...] = tuple(Period)  # the year first, then the quarters


def period_label(period: str) -> str:
    """The label of a period; text that is no period is shown as it is."""
    try:
        return Period(period).label
    except ValueError:
        return period


def period_text(year: int, period: str) -> str:
    """The reporting period as headings write it: 2025年度 / 2026年第一季度."""
    if period == Period.YEAR:
        return f"{year}年度"
    return f"{year}年{period_label(period)}"


class Verdict(StrEnum):
    """How a reported value stands against its target (core.compliance)."""

    MET = "met"
    UNMET = "unmet"
    NOT_ALLOCATED = "not_allocated"  # a quantity with no county allocation: not judged
    NO_TARGET = "no_target"  # no milestone this year
    NO_VALUE = "no_value"
    NOT_APPLICABLE = "not_applicable"
    INCOMPLETE = "incomplete"  # a city total with counties missing: not judged
    NOT_COMPUTED = "not_computed"  # a city figure its inputs cannot give

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self]


VERDICT_LABELS = {
    Verdict.MET: "达标",
    Verdict.UNMET: "未达标",
    Verdict.NOT_ALLOCATED: "未下达县级指标",
    Verdict.NO_TARGET: "无本年目标",
    Verdict.NO_VALUE: "未填报",
    Verdict.NOT_APPLICABLE: "不适用",
    Verdict.INCOMPLETE: "不完整",
    Verdict.NOT_COMPUTED: "未计算",
}


class Basis(StrEnum):
    """What a judgement was made against."""

    ALLOCATION = "allocation"  # 县级分解指标 from a target pack
    COUNTY_TARGET = "county_target"  # a catalog target naming the county
    CITY_REFERENCE = "city_reference"  # a rate judged against the city's figure
    CITY_TARGET = "city_target"  # the consolidated city against its own target

    @property
    def label(self) -> str:
        return BASIS_LABELS[self]


BASIS_LABELS = {
    Basis.ALLOCATION: "县级分解指标",
    Basis.COUNTY_TARGET: "县级目标",
    Basis.CITY_REFERENCE: "参照市级目标",
    Basis.CITY_TARGET: "市级目标",
}


class Bound(StrEnum):
    """Which way a target binds: max not above; min and decline_min not below."""

    MAX = "max"
    MIN = "min"
    DECLINE_MIN = "decline_min"

    @property
    def label(self) -> str:
        """The short word: 不高于 / 不低于 / 下降不少于."""
        return BOUND_LABELS[self]


BOUND_LABELS = {Bound.MAX: "不高于", Bound.MIN: "不低于", Bound.DECLINE_MIN: "下降不少于"}
_BOUND_KINDS = {Bound.MAX: "上限", Bound.MIN: "下限"}


class Attribute(StrEnum):
    """A target's attribute as its document states it: 约束性 (a miss blocks 定稿 until
    explained), 预期性, or not stated (treated as 预期性)."""

    BINDING = "binding"
    EXPECTED = "expected"
    UNSTATED = "unstated"

    @property
    def label(self) -> str:
        """约束性 / 预期性 / 未注明"""
        return ATTRIBUTE_LABELS[self]


ATTRIBUTE_LABELS = {
    Attribute.BINDING: "约束性",
    Attribute.EXPECTED: "预期性",
    Attribute.UNSTATED: "未注明",
}
_ATTRIBUTE_BY_TEXT = {**{a.label: a for a in Attribute}, **{a.value: a for a in Attribute}}


def attribute_of(text: str) -> Attribute | None:
    """The attribute a catalog file, a target pack or a CSV states: its Chinese word (as the
    files hold it) or its value; None for other text."""
    return _ATTRIBUTE_BY_TEXT.get(text.strip())


def bound_text(bound: str, base_year: int | None = None) -> str:
    """The bound before a target value: 不高于 / 不低于 / 较2020年下降不少于 ("" for none)."""
    if not bound:
        return ""
    b = Bound(bound)
    if b is Bound.DECLINE_MIN:
        return f"较{base_year if base_year is not None else '基准'}年{b.label}"
    return b.label


def bound_heading(bound: str) -> str:
    """The bound as a catalog listing names it: 上限（不高于） / 较基准年下降不少于."""
    b = Bound(bound)
    return f"{_BOUND_KINDS[b]}（{b.label}）" if b in _BOUND_KINDS else bound_text(b)


class ImportOutcome(StrEnum):
    """What the city import did with one return (or one refused file)."""

    ACCEPTED = "accepted"
    ACCEPTED_OLDER = "accepted_older"  # stored, but a newer revision stays current
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    SKIPPED = "skipped"  # not a return (an Excel lock file) or a folder that cannot be read

    @property
    def label(self) -> str:
        return IMPORT_OUTCOME_LABELS[self]


IMPORT_OUTCOME_LABELS = {
    ImportOutcome.ACCEPTED: "已接收",
    ImportOutcome.ACCEPTED_OLDER: "已接收（旧版本）",
    ImportOutcome.DUPLICATE: "重复",
    ImportOutcome.REJECTED: "已拒绝",
    ImportOutcome.SKIPPED: "已跳过",
}


class ReceiptOutcome(StrEnum):
    """What the city's receipt (回执) says of one return; its value is what the signed
    receipt file and the county's database hold."""

    ACCEPTED = "accepted"
    RETURNED = "returned"  # 退回修改, with the reason and the findings

    @property
    def label(self) -> str:
        return RECEIPT_OUTCOME_LABELS[self]


RECEIPT_OUTCOME_LABELS = {
    ReceiptOutcome.ACCEPTED: "市局已接收",
    ReceiptOutcome.RETURNED: "市局退回",
}


class TaskState(StrEnum):
    """表三 progress of one task. Stored and written in workbooks as its label (the
    choice a person picks), so it is read back with `task_state_of`."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_CONCERNED = "not_concerned"

    @property
    def label(self) -> str:
        return TASK_STATE_LABELS[self]


TASK_STATE_LABELS = {
    TaskState.NOT_STARTED: "未启动",
    TaskState.IN_PROGRESS: "推进中",
    TaskState.DONE: "已完成",
    TaskState.NOT_CONCERNED: "不涉及",
}
_TASK_STATE_BY_LABEL = {label: state for state, label in TASK_STATE_LABELS.items()}


def task_state_of(text: str) -> TaskState | None:
    """The state a 表三 status cell holds (its label as typed); None for blank or other text."""
    return _TASK_STATE_BY_LABEL.get(text.strip())


class Overdue(StrEnum):
    """A 表三 task's overdue mark at a reporting date."""

    LATE = "late"  # done after its deadline
    OPEN = "open"  # past its deadline and not done

    @property
    def label(self) -> str:
        return OVERDUE_LABELS[self]


OVERDUE_LABELS = {Overdue.LATE: "逾期完成", Overdue.OPEN: "逾期未完成"}


class FilingState(StrEnum):
    """A county return's place on the city's board (催报): filed, late, needs work …"""

    NOT_FILED = "not_filed"
    OVERDUE = "overdue"  # not filed and past its deadline
    ERRORS = "errors"
    NEEDS_NOTE = "needs_note"
    REFUSED = "refused"  # sent back by a receipt (退回修改)
    CORRECTED = "corrected"
    FILED = "filed"

    @property
    def label(self) -> str:
        return FILING_STATE_LABELS[self]


FILING_STATE_LABELS = {
    FilingState.NOT_FILED: "未报",
    FilingState.OVERDUE: "逾期",
    FilingState.ERRORS: "有错误",
    FilingState.NEEDS_NOTE: "需说明",
    FilingState.REFUSED: "已拒绝",
    FilingState.CORRECTED: "已更正",
    FilingState.FILED: "已报",
}


class MetaField(StrEnum):
    """The signature block of a return (`core.returns.ReturnMetadata`'s fields)."""

    UNIT = "unit"
    PREPARER = "preparer"
    REVIEWER = "reviewer"
    HEAD = "head"
    PHONE = "phone"
    DATE = "date"

    @property
    def label(self) -> str:
        return METADATA_LABELS[self]


METADATA_LABELS = {
    MetaField.UNIT: "填报单位",
    MetaField.PREPARER: "填报人",
    MetaField.REVIEWER: "审核人",
    MetaField.HEAD: "单位负责人",
    MetaField.PHONE: "联系电话",
    MetaField.DATE: "填报日期",
}
# The keys of the metadata object in digested content (schema siwu-return/1: finalised
# snapshots in SQLite, the hidden part of exported workbooks). They are data, not labels:
# they stay exactly these even if a label above is reworded, or old digests would fail.
METADATA_KEYS = {
    MetaField.UNIT: "填报单位",
    MetaField.PREPARER: "填报人",
    MetaField.REVIEWER: "审核人",
    MetaField.HEAD: "单位负责人",
    MetaField.PHONE: "联系电话",
    MetaField.DATE: "填报日期",
}
