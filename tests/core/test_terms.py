"""The domain words: ASCII enum values, one Chinese label each, spelled only in core/terms.py."""

from __future__ import annotations

import ast
from enum import StrEnum
from pathlib import Path

import pytest
from msgspec.structs import fields

from siwu_desktop.core import terms
from siwu_desktop.core.returns import ReturnMetadata

PACKAGE = Path(terms.__file__).parent.parent
LABELLED: list[tuple[type[StrEnum], dict[str, str]]] = [
    (terms.ReturnStatus, terms.RETURN_STATUS_LABELS),
    (terms.Severity, terms.SEVERITY_LABELS),
    (terms.Period, terms.PERIOD_LABELS),
    (terms.Verdict, terms.VERDICT_LABELS),
    (terms.Basis, terms.BASIS_LABELS),
    (terms.Bound, terms.BOUND_LABELS),
    (terms.ImportOutcome, terms.IMPORT_OUTCOME_LABELS),
    (terms.TaskState, terms.TASK_STATE_LABELS),
    (terms.Overdue, terms.OVERDUE_LABELS),
    (terms.FilingState, terms.FILING_STATE_LABELS),
    (terms.MetaField, terms.METADATA_LABELS),
    (terms.Attribute, terms.ATTRIBUTE_LABELS),
]


@pytest.mark.parametrize("enum, labels", LABELLED, ids=lambda x: getattr(x, "__name__", ""))
def test_every_member_has_one_label_and_an_ascii_value(
    enum: type[StrEnum], labels: dict[str, str]
) -> None:
    assert set(labels) == set(enum)
    for member in enum:
        assert member.value.isascii() and member.value.strip()
        assert member.label == labels[member] != ""  # type: ignore[attr-defined]
    assert len(set(labels.values())) == len(labels)  # no two members look the same


def test_values_are_what_storage_and_the_exchange_files_hold() -> None:
    # changing one of these would orphan stored rows and exported workbooks
    assert list(terms.ReturnStatus)[:4] == ["draft", "errors", "validated", "finalised"]
    assert list(terms.Period) == ["Y", "Q1", "Q2", "Q3", "Q4"]
    assert list(terms.Bound) == ["max", "min", "decline_min"]
    assert list(terms.Severity) == ["error", "warning", "notice"]
    # the metadata keys inside digested content are exactly 0.1.0's
    assert list(terms.METADATA_KEYS.values()) == [
        "填报单位",
        "填报人",
        "审核人",
        "单位负责人",
        "联系电话",
        "填报日期",
    ]


def test_words_built_from_the_labels() -> None:
    assert terms.bound_text("max") == "不高于"
    assert terms.bound_text("decline_min", 2020) == "较2020年下降不少于"
    assert terms.bound_text("decline_min") == "较基准年下降不少于"
    assert terms.bound_text("") == ""
    assert terms.bound_heading("min") == "下限（不低于）"
    assert terms.period_text(2025, "Y") == "2025年度"
    assert terms.period_text(2026, "Q1") == "2026年第一季度"
    assert terms.period_label("H1") == "H1"  # not a period: shown as typed, for the message
    assert terms.status_label("finalised") == "已定稿"
    assert terms.status_label("archived") == "archived"
    assert terms.task_state_of(" 已完成 ") is terms.TaskState.DONE
    assert terms.task_state_of("搁置") is None
    # the catalog and pack files hold the Chinese word; the value reads too
    assert terms.attribute_of(" 约束性 ") is terms.Attribute.BINDING
    assert terms.attribute_of("expected") is terms.Attribute.EXPECTED
    assert terms.attribute_of("必须") is None


def test_metadata_fields_are_the_metafield_values() -> None:
    assert [f.name for f in fields(ReturnMetadata)] == [f.value for f in terms.MetaField]


def test_metadata_wire_form_leaves_blanks_out_and_reads_back() -> None:
    meta = ReturnMetadata(unit="潞城区水利局", preparer=" 张三 ", phone="")
    assert meta.wire() == {"填报单位": "潞城区水利局", "填报人": "张三"}
    assert ReturnMetadata.from_wire(meta.wire()) == ReturnMetadata("潞城区水利局", "张三")
    # unknown keys and non-text values in a stored object are ignored
    assert ReturnMetadata.from_wire({"审核人": "李四", "其他": "x", "填报人": 3}) == (
        ReturnMetadata(reviewer="李四")
    )


# --- nobody else keys on, compares with, or copies a label ------------------------------------


def _labels() -> dict[str, str]:
    """label → enum name, over every labelled enum."""
    return {label: enum.__name__ for enum, labels in LABELLED for label in labels.values()}


def _misuses(tree: ast.AST, labels: dict[str, str]) -> list[tuple[int, str]]:
    """Label strings used as a comparison operand, a dict key, a subscript, a `.get` key,
    or a mapping/tuple holding two labels of the same enum (a copy of its labels)."""
    out: list[tuple[int, str]] = []

    def label_of(node: ast.AST | None) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value if node.value in labels else None
        return None

    for node in ast.walk(tree):
        found: list[ast.AST | None] = []
        if isinstance(node, ast.Compare):
            found = [node.left, *node.comparators]
            for side in list(found):
                if isinstance(side, ast.Tuple | ast.List | ast.Set):
                    found += side.elts
        elif isinstance(node, ast.Dict):
            found = list(node.keys)
            values = [v for v in node.values if label_of(v)]
            enums = [labels[label_of(v) or ""] for v in values]
            if any(enums.count(e) > 1 for e in enums):
                out.append((node.lineno, f"copied labels {enums}"))
        elif isinstance(node, ast.Tuple):
            enums = [labels[x] for e in node.elts if (x := label_of(e))]
            if any(enums.count(e) > 1 for e in enums):
                out.append((node.lineno, f"copied labels {enums}"))
        elif isinstance(node, ast.Subscript):
            found = [node.slice]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "pop", "setdefault")
            and node.args
        ):
            found = [node.args[0]]
        out += [(node.lineno, x) for n in found if (x := label_of(n))]
    return out


def test_a_misuse_is_found() -> None:
    """The scan below finds each kind of misuse it promises to (else it proves nothing)."""
    code = (
        'a = j.status == "达标"\n'
        'b = {"草稿": "#4b5563"}\n'
        'c = meta["填报人"]\n'
        'd = meta.get("填报单位", "")\n'
        'e = {"error": "错误", "warning": "警告"}\n'
        'f = x in ("已接收", "重复")\n'
        'h = t.attribute == "约束性"\n'
        'g = "达标" + "x"  # fine: not a key or a comparison\n'
    )
    lines = sorted({line for line, _ in _misuses(ast.parse(code), _labels())})
    assert lines == [1, 2, 3, 4, 5, 6, 7]


LAYERS = ("core", "storage", "excel", "services", "printing", "ui", "cli")


@pytest.mark.parametrize("layer", LAYERS)
def test_no_module_outside_terms_keys_on_or_copies_a_label(layer: str) -> None:
    labels = _labels()
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        if path.name == "terms.py" and path.parent.name == "core":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(PACKAGE)}:{n}: {what}" for n, what in _misuses(tree, labels)]
    assert found == []
