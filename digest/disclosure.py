"""Complementary suppression of count tables (pure: plain ints in, marks out).

A table is rows × columns of non-negative counts whose row totals and/or column totals are
shown. What a reader knows of a cell:

- a SHOWN cell: its value;
- a PRIMARY cell (printed "< t"): 0 <= value <= t - 1;
- a COMPLEMENTARY cell (printed "·"): value >= t (a smaller one would print "< t");
- every total of a line (row or column) that has totals.

`protect_table` first hides every 0 < value < t (primary), then, while some hidden cell has
only one value consistent with the shown cells and totals, hides the smallest shown non-zero
cell of that cell's row or column (else anywhere in the table; zeros, printed "< t", last).
A table that cannot be protected so (every cell hidden and a value still follows, e.g. a
single row equal to its total) is `withheld`: the caller leaves it out.

Whether a hidden cell is determined is decided exactly: the constraints (a line's cells sum
to its total) form a network, so a cell can move by one iff a cycle of other hidden cells can
absorb the change within their ranges, found by a search on the residual graph.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

__all__ = ["Mark", "Protection", "protect_columns", "protect_line", "protect_table"]

Position = tuple[int, int]
_GROUND = ("ground", 0)  # the end of a cell whose other line has no total


class Mark(Enum):
    """How a cell is printed."""

    SHOWN = "shown"
    PRIMARY = "primary"  # 0 < value < threshold (or a zero hidden as a last resort): "< t"
    COMPLEMENTARY = "complementary"  # value >= threshold ("·"), hidden so no other can be derived


@dataclass(frozen=True, slots=True)
class Protection:
    """Marks per cell (rows × columns) and whether the table cannot be shown at all."""

    marks: tuple[tuple[Mark, ...], ...]
    withheld: bool


def protect_line(values: Sequence[int], threshold: int) -> Protection:
    """A one-row breakdown whose total (the sum) is shown."""
    return protect_table([values], threshold, column_totals=False)


def protect_columns(columns: Sequence[Sequence[int]], threshold: int) -> Protection:
    """Measures (e.g. contributions, participants) of the same rows, each with its total.

    A row hidden in one measure is hidden in all, so no shown measure can be compared
    with a hidden one. Marks are per measure (columns × rows); withheld, every cell hidden.
    """
    forced: set[int] = set()
    while True:
        results = [_protect(column, threshold, forced) for column in columns]
        if any(result.withheld for result in results):
            every = range(max(map(len, columns), default=0))
            results = [_protect(column, threshold, set(every)) for column in columns]
            return Protection(tuple(result.marks[0] for result in results), True)
        hidden = {row for result in results for row in _hidden_rows(result)}
        if hidden <= forced:
            return Protection(tuple(result.marks[0] for result in results), False)
        forced |= hidden


def protect_table(
    cells: Sequence[Sequence[int]],
    threshold: int,
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    forced: Iterable[Position] = (),
) -> Protection:
    """Marks for `cells` so that no hidden cell's value follows from what is shown."""
    if threshold < 1:
        raise ValueError(f"the threshold must be at least 1, not {threshold}")
    table = _Table([list(row) for row in cells], threshold, row_totals, column_totals)
    if any(value < 0 for row in table.values for value in row):
        raise ValueError("counts cannot be negative")
    for position in forced:
        table.hide(position)
    return table.protect()


def _protect(values: Sequence[int], threshold: int, rows: set[int]) -> Protection:
    return protect_table(
        [values], threshold, column_totals=False, forced=((0, row) for row in rows)
    )


def _hidden_rows(protection: Protection) -> set[int]:
    return {index for index, mark in enumerate(protection.marks[0]) if mark is not Mark.SHOWN}


class _Table:
    """Working state of one protection run."""

    def __init__(
        self, values: list[list[int]], threshold: int, row_totals: bool, column_totals: bool
    ) -> None:
        self.values = values
        self.threshold = threshold
        self.row_totals = row_totals
        self.column_totals = column_totals
        self.marks = {
            (r, c): Mark.PRIMARY if 0 < value < threshold else Mark.SHOWN
            for r, row in enumerate(values)
            for c, value in enumerate(row)
        }

    def hide(self, position: Position) -> None:
        """Hide a cell: "< t" if below the threshold (zeros too), else "·"."""
        if self.marks[position] is Mark.SHOWN:
            small = self._value(position) < self.threshold
            self.marks[position] = Mark.PRIMARY if small else Mark.COMPLEMENTARY

    def protect(self) -> Protection:
        while (cell := self._determined()) is not None:
            candidate = self._candidate(cell)
            if candidate is None:
                return self._result(withheld=True)
            self.hide(candidate)
        return self._result(withheld=False)

    def _result(self, *, withheld: bool) -> Protection:
        marks = tuple(
            tuple(self.marks[(r, c)] for c in range(len(row))) for r, row in enumerate(self.values)
        )
        return Protection(marks, withheld)

    def _value(self, position: Position) -> int:
        return self.values[position[0]][position[1]]

    def _hidden(self) -> list[Position]:
        return [position for position, mark in self.marks.items() if mark is not Mark.SHOWN]

    def _candidate(self, cell: Position) -> Position | None:
        """The smallest shown cell (non-zero before zero, the cell's own lines first) whose
        hiding frees `cell` and itself; else the first of them not at the threshold (a
        hidden count equal to the threshold sits at its known minimum), if any."""
        shown = [p for p, mark in self.marks.items() if mark is Mark.SHOWN]

        def rank(position: Position) -> tuple[bool, bool, int, Position]:
            same_line = position[0] == cell[0] or position[1] == cell[1]
            return (self._value(position) == 0, not same_line, self._value(position), position)

        ranked = sorted(shown, key=rank)
        for position in ranked:
            if self._frees(position, (cell, position)):
                return position
        fallback = sorted(ranked, key=lambda p: (rank(p)[:2], self._value(p) == self.threshold))
        return fallback[0] if fallback else None

    def _frees(self, position: Position, cells: Sequence[Position]) -> bool:
        """Whether hiding `position` leaves every one of `cells` movable."""
        before = self.marks[position]
        self.hide(position)
        hidden = self._hidden()
        free = all(self._free(cell, hidden) for cell in cells)
        self.marks[position] = before
        return free

    def _free(self, cell: Position, hidden: Sequence[Position]) -> bool:
        return self._movable(cell, hidden, +1) or self._movable(cell, hidden, -1)

    def _determined(self) -> Position | None:
        """A hidden cell with a single consistent value, if any."""
        hidden = self._hidden()
        for cell in hidden:
            if not self._free(cell, hidden):
                return cell
        return None

    def _can_step(self, position: Position, step: int) -> bool:
        value = self._value(position) + step
        if self.marks[position] is Mark.PRIMARY:
            return 0 <= value < self.threshold
        return value >= self.threshold

    def _ends(self, position: Position) -> tuple[tuple[str, int], tuple[str, int]]:
        """The cell's row line and column line (ground where that line has no total)."""
        row = ("row", position[0]) if self.row_totals else _GROUND
        column = ("column", position[1]) if self.column_totals else _GROUND
        return row, column

    def _movable(self, cell: Position, hidden: Sequence[Position], step: int) -> bool:
        """Whether `cell` can change by `step` with other hidden cells absorbing it.

        Raising a cell is a residual arc row -> column, lowering one column -> row; the
        cell can be raised iff a path column -> row of other cells closes the cycle.
        """
        if not self._can_step(cell, step):
            return False
        if not (self.row_totals or self.column_totals):
            return True
        arcs: dict[tuple[str, int], list[tuple[str, int]]] = {}
        for other in hidden:
            if other == cell:
                continue
            row, column = self._ends(other)
            if self._can_step(other, +1):
                arcs.setdefault(row, []).append(column)
            if self._can_step(other, -1):
                arcs.setdefault(column, []).append(row)
        row, column = self._ends(cell)
        start, goal = (column, row) if step > 0 else (row, column)
        return _reachable(arcs, start, goal)


def _reachable(
    arcs: dict[tuple[str, int], list[tuple[str, int]]],
    start: tuple[str, int],
    goal: tuple[str, int],
) -> bool:
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for following in arcs.get(node, ()):
            if following not in seen:
                seen.add(following)
                queue.append(following)
    return False
