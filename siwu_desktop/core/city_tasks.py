"""表三 across the city: every task × every county, with the counts per task (issue #16).

A task assigned to named counties appears only in those counties' columns (the
others show 不涉及本县区); a county whose 表三 is not in shows 未报. Overdue is judged
per county with the same core rule as the county's own return
(`validation.task_overdue`) at the end of the reporting period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from msgspec import Struct

from siwu_desktop.core import messages as core_msg
from siwu_desktop.core.catalog import TargetCatalog, Task
from siwu_desktop.core.forms import county_tasks
from siwu_desktop.core.returns import ReturnData
from siwu_desktop.core.terms import ANNUAL, Overdue, TaskState
from siwu_desktop.core.validation import period_end, task_overdue, task_state

BLANK = "未填"


class TaskCell(Struct, frozen=True):
    """One county's state of one task."""

    county: str
    applies: bool  # the task is this county's
    reported: bool  # the county's 表三 of the period is in
    status: TaskState | None = None  # None when blank
    done: dt.date | None = None
    overdue: Overdue | None = None

    def shown(self, separator: str = "\n") -> str:
        """The cell as the city reads it, in Chinese: 不涉及, 未报, or the state (未填 when
        blank) with its overdue mark after `separator`."""
        if not self.applies:
            return TaskState.NOT_CONCERNED.label
        if not self.reported:
            return core_msg.MISSING_COUNTY
        shown = self.status.label if self.status is not None else BLANK
        return shown + (separator + self.overdue.label if self.overdue is not None else "")


class TaskLine(Struct, frozen=True):
    task: Task
    cells: tuple[TaskCell, ...]

    def _count(self, status: TaskState) -> int:
        return sum(1 for c in self.cells if c.applies and c.reported and c.status is status)

    @property
    def done(self) -> int:
        return self._count(TaskState.DONE)

    @property
    def in_progress(self) -> int:
        return self._count(TaskState.IN_PROGRESS)

    @property
    def not_started(self) -> int:
        return self._count(TaskState.NOT_STARTED)

    @property
    def overdue(self) -> int:
        return sum(1 for c in self.cells if c.applies and c.reported and c.overdue is not None)

    @property
    def missing(self) -> int:
        return sum(1 for c in self.cells if c.applies and not c.reported)


class TaskMatrix(Struct, frozen=True):
    city: str
    year: int
    period: str
    report_date: dt.date
    counties: tuple[str, ...]
    reported: tuple[str, ...]
    lines: tuple[TaskLine, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c for c in self.counties if c not in self.reported)


def task_matrix(
    catalog: TargetCatalog,
    city: str,
    year: int,
    t3: Mapping[str, ReturnData],
    counties: Sequence[str],
    period: str = ANNUAL,
    extra_tasks: Sequence[Task] = (),
) -> TaskMatrix:
    """The tasks of `year` × `counties` from each county's 表三 of `period`."""
    report_date = period_end(year, period)
    every = county_tasks(catalog, city, None, year, extra_tasks)
    own = {c: {t.id for t in county_tasks(catalog, city, c, year, extra_tasks)} for c in counties}
    rows = {c: {r.key: r.cells for r in ret.rows} for c, ret in t3.items()}
    lines = []
    for task in every:
        cells = []
        for county in counties:
            applies = task.id in own[county]
            if county not in rows or not applies:
                cells.append(TaskCell(county, applies, county in rows))
                continue
            status, done = task_state(rows[county].get(task.id, {}))
            overdue = task_overdue(task, status, done, report_date)
            cells.append(TaskCell(county, True, True, status, done, overdue))
        lines.append(TaskLine(task, tuple(cells)))
    reported = tuple(c for c in counties if c in t3)
    return TaskMatrix(
        catalog.city(city).name, year, period, report_date, tuple(counties), reported, tuple(lines)
    )
