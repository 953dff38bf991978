"""The window speaks to a clerk, not to a script (#17, the clerk's day)."""

from __future__ import annotations

import re

from siwu_desktop.ui import strings as S


def _texts() -> list[tuple[str, str]]:
    out = []
    for name, value in vars(S).items():
        if name.isupper():
            values = value if isinstance(value, tuple) else (value,)
            out += [(name, v) for v in values if isinstance(v, str)]
    return out


def test_no_window_text_names_a_command_line() -> None:
    """导出全部报表 asked 导出为一个工作簿（每张报表一个工作表，与 siwu export --all 相同）…:
    a command and an option where the clerk reads a question. The window's texts name
    no `siwu` command and no --option."""
    texts = _texts()
    assert len(texts) > 200  # the module's texts were read
    named = [(n, t) for n, t in texts if re.search(r"\bsiwu\s+[a-z]|(?<![\w-])--[a-z]", t)]
    assert named == []
