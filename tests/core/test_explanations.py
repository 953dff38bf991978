"""The one rule of notes (说明 / 情况说明), as DOMAIN.md states it: errors are corrected,
never explained; warnings need a note; a missed 约束性 target (C01) needs a 情况说明
before finalising; a missed 预期性 target (C02) asks for a note but does not block."""

from __future__ import annotations

from siwu_desktop.core.catalog import TargetCatalog
from siwu_desktop.core.forms import build_form
from siwu_desktop.core.returns import enter
from siwu_desktop.core.rules import Severity
from siwu_desktop.core.sample import sample_return
from siwu_desktop.core.validation import (
    Finding,
    ValidationContext,
    explained,
    explanation,
    finalise_blockers,
    needs_explanation,
    unexplained,
    validate,
)


def test_which_findings_ask_for_a_note() -> None:
    def finding(severity: Severity, blocking: bool = False) -> Finding:
        return Finding("X", severity, "t1", "f", "m", blocking=blocking)

    assert not needs_explanation(finding(Severity.ERROR))  # corrected, not explained
    assert not needs_explanation(finding(Severity.ERROR, blocking=True))  # errors block anyway
    assert needs_explanation(finding(Severity.WARNING))
    assert needs_explanation(finding(Severity.WARNING, blocking=True))  # C01's shape
    assert not needs_explanation(finding(Severity.NOTICE))
    assert needs_explanation(finding(Severity.NOTICE, blocking=True))  # blocks until explained


def test_a_note_is_found_under_the_key_else_under_the_field() -> None:
    f = Finding("C02", Severity.WARNING, "t1", "reclaimed_rate", "m")
    assert f.key == "C02:reclaimed_rate"
    assert explanation(f, {}) == "" and not explained(f, {})
    assert explanation(f, {"C02:reclaimed_rate": " 管网未建成。 "}) == "管网未建成。"
    assert explanation(f, {"reclaimed_rate": "见附件。"}) == "见附件。"  # 表一's 说明 column
    # a blank note under the key does not hide the field's note
    assert explanation(f, {"C02:reclaimed_rate": "  ", "reclaimed_rate": "见附件。"}) == "见附件。"
    assert not explained(f, {"C02:reclaimed_rate": " \u3000"})
    row = Finding("L02", Severity.WARNING, "t4", "annual", "m", row=3)
    assert row.key == "L02:annual:3"
    assert not explained(row, {"L02:annual:2": "别的行"})


def test_liaocheng_misses_need_notes_and_only_the_binding_one_blocks(
    catalog: TargetCatalog,
) -> None:
    form = build_form(catalog, "聊城市", "t1")
    ret = sample_return(form, "临清市", 2025)
    findings = validate(ret, ValidationContext(catalog))
    # irrigation coefficient 1800/3000 = 0.6000 < 0.6386 (约束性): C01; the two reuse
    # rates miss 预期性 targets: C02 (tests/core/test_compliance.py works the figures)
    assert sorted((f.rule, f.field) for f in unexplained(findings, ret.explanations)) == [
        ("C01", "irrigation_coefficient"),
        ("C02", "industrial_reuse_rate"),
        ("C02", "reclaimed_rate"),
    ]
    c01 = next(f for f in findings if f.rule == "C01")
    assert finalise_blockers(findings, ret.explanations) == [c01.message]
    # explaining the 预期性 misses (one under its key, one in the field's 说明) does not
    # unblock; the 情况说明 of the 约束性 miss does
    ret.explanations["C02:reclaimed_rate"] = "再生水厂2026年投运。"
    ret.explanations["industrial_reuse_rate"] = "重点企业改造中。"
    assert [f.rule for f in unexplained(findings, ret.explanations)] == ["C01"]
    assert finalise_blockers(findings, ret.explanations) == [c01.message]
    ret.explanations[c01.key] = "受干旱影响，灌区渠系改造尚未完工。"
    assert unexplained(findings, ret.explanations) == []
    assert finalise_blockers(findings, ret.explanations) == []


def test_an_error_with_a_note_still_blocks_and_asks_for_no_note(catalog: TargetCatalog) -> None:
    form = build_form(catalog, "聊城市", "t1")
    ret = sample_return(form, "临清市", 2025)
    enter(ret, form, "total_use", "-5")
    findings = validate(ret, ValidationContext(catalog))
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert errors and all(not needs_explanation(f) for f in errors)
    for f in errors:
        ret.explanations[f.key] = "录入有误，稍后改正。"
    assert not any(f in unexplained(findings, ret.explanations) for f in errors)
    assert finalise_blockers(findings, ret.explanations)[0].startswith("还有")
