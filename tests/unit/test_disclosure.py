"""Complementary suppression: no hidden count follows from the shown counts and totals."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.breakdowns import protected_rows, shown_rows
from digest.disclosure import Mark, Protection, protect_columns, protect_line, protect_table
from digest.model import Breakdown, Cell, Tally

Grid = list[list[int]]

thresholds = st.integers(min_value=2, max_value=10)
lines = st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=5)
grids = st.integers(min_value=1, max_value=3).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(min_value=0, max_value=11), min_size=width, max_size=width),
        min_size=1,
        max_size=3,
    )
)


def feasible_values(
    grid: Grid, marks: Sequence[Sequence[Mark]], threshold: int, *, column_totals: bool
) -> dict[tuple[int, int], set[int]]:
    """Every value each hidden cell takes over all tables a reader finds consistent.

    The reader knows shown cells, every row total (and column total if given), that a
    "< t" cell is 0..t-1 and that a "·" cell is at least t.
    """
    hidden = [
        (r, c) for r, row in enumerate(grid) for c in range(len(row)) if marks[r][c] != Mark.SHOWN
    ]
    ceiling = sum(map(sum, grid))
    rows = [sum(row) for row in grid]
    columns = [sum(column) for column in zip(*grid, strict=True)]
    for r, c in ((r, c) for r, row in enumerate(grid) for c in range(len(row))):
        if marks[r][c] is Mark.SHOWN:
            rows[r] -= grid[r][c]
            columns[c] -= grid[r][c]
    seen: dict[tuple[int, int], set[int]] = {cell: set() for cell in hidden}
    last_in_row = {r: max(i for i, cell in enumerate(hidden) if cell[0] == r) for r, _ in hidden}

    def domain(index: int) -> range:
        r, c = hidden[index]
        if last_in_row[r] == index:  # the row's total leaves one value
            return range(rows[r], rows[r] + 1)
        if marks[r][c] is Mark.PRIMARY:
            return range(threshold)
        return range(threshold, ceiling + 1)

    def search(index: int, chosen: list[int]) -> None:
        if index == len(hidden):
            if all(rest == 0 for rest in rows) and (
                not column_totals or all(rest == 0 for rest in columns)
            ):
                for cell, value in zip(hidden, chosen, strict=True):
                    seen[cell].add(value)
            return
        r, c = hidden[index]
        primary = marks[r][c] is Mark.PRIMARY
        for value in domain(index):
            if value > rows[r] or (column_totals and value > columns[c]):
                break
            if not (value < threshold if primary else value >= threshold):
                continue
            rows[r] -= value
            columns[c] -= value
            search(index + 1, [*chosen, value])
            rows[r] += value
            columns[c] += value

    search(0, [])
    return seen


def assert_marks_follow_the_rule(grid: Grid, protection: Protection, threshold: int) -> None:
    """Small counts are never shown; counts at or above the threshold never print "< t"."""
    for row, marks in zip(grid, protection.marks, strict=True):
        for value, mark in zip(row, marks, strict=True):
            if 0 < value < threshold:
                assert mark is Mark.PRIMARY
            elif value >= threshold:
                assert mark in (Mark.SHOWN, Mark.COMPLEMENTARY)
            else:
                assert mark in (Mark.SHOWN, Mark.PRIMARY)


def assert_undetermined(
    grid: Grid, protection: Protection, threshold: int, *, column_totals: bool
) -> None:
    """Every hidden cell has at least two consistent values, unless the table is withheld."""
    if protection.withheld:
        assert all(mark is not Mark.SHOWN for marks in protection.marks for mark in marks)
        return
    seen = feasible_values(grid, protection.marks, threshold, column_totals=column_totals)
    for cell, values in seen.items():
        r, c = cell
        assert grid[r][c] in values
        assert len(values) >= 2, f"cell {cell} of {grid} is determined: {values}"


@settings(max_examples=300, deadline=None)
@given(values=lines, threshold=thresholds)
def test_no_hidden_cell_of_a_line_follows_from_its_total(
    values: list[int], threshold: int
) -> None:
    """In a breakdown with its total shown, no hidden count has a single possible value."""
    protection = protect_line(values, threshold)
    assert_marks_follow_the_rule([values], protection, threshold)
    assert_undetermined([values], protection, threshold, column_totals=False)


@settings(max_examples=300, deadline=None)
@given(grid=grids, threshold=thresholds)
def test_no_hidden_cell_of_a_table_follows_from_its_totals(grid: Grid, threshold: int) -> None:
    """In a table with row and column totals shown, no hidden count is determined."""
    protection = protect_table(grid, threshold)
    assert_marks_follow_the_rule(grid, protection, threshold)
    assert_undetermined(grid, protection, threshold, column_totals=True)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 12), st.integers(0, 12)).map(sorted), min_size=1, max_size=5
    ),
    threshold=thresholds,
)
def test_measures_of_the_same_rows_hide_the_same_rows(
    rows: list[list[int]], threshold: int
) -> None:
    """Participants and contributions hide the same rows, each measure safe on its own."""
    participants = [row[0] for row in rows]
    contributions = [row[1] for row in rows]
    protection = protect_columns([contributions, participants], threshold)
    hidden = [{i for i, mark in enumerate(m) if mark is not Mark.SHOWN} for m in protection.marks]
    assert protection.withheld or hidden[0] == hidden[1]
    for values, marks in zip([contributions, participants], protection.marks, strict=True):
        single = Protection((marks,), protection.withheld)
        assert_marks_follow_the_rule([values], single, threshold)
        assert_undetermined([values], single, threshold, column_totals=False)


def test_nothing_small_means_nothing_hidden() -> None:
    """A table without a count below the threshold is shown whole."""
    protection = protect_table([[5, 0, 9], [12, 7, 0]], 5)
    assert not protection.withheld
    assert {mark for marks in protection.marks for mark in marks} == {Mark.SHOWN}


def test_the_issue_example_hides_the_six_beside_the_one() -> None:
    """Municipalities 12/6/1 of a total 19: the 1 is "< 5" and the 6 is hidden with it."""
    protection = protect_line([12, 6, 1], 5)
    assert protection == Protection(((Mark.SHOWN, Mark.COMPLEMENTARY, Mark.PRIMARY),), False)


def test_two_small_cells_at_the_maximum_hide_a_third() -> None:
    """4 and 4 beside a total that leaves exactly 8 would both be 4: a third cell is hidden."""
    protection = protect_line([4, 4, 9, 20], 5)
    assert protection.marks == ((Mark.PRIMARY, Mark.PRIMARY, Mark.COMPLEMENTARY, Mark.SHOWN),)


def test_a_single_small_row_is_withheld() -> None:
    """A breakdown of one row below the threshold equals its total: it cannot be shown."""
    assert protect_line([3], 5).withheld
    assert not protect_line([7], 5).withheld


def test_a_table_hides_a_rectangle_around_a_small_cell() -> None:
    """In a table with both totals, a small cell is covered in its row and its column."""
    grid = [[1, 6, 7], [8, 9, 2], [5, 5, 5]]
    protection = protect_table(grid, 5)
    assert not protection.withheld
    for r, c in ((0, 0), (1, 2)):
        row = [mark for mark in protection.marks[r] if mark is not Mark.SHOWN]
        column = [marks[c] for marks in protection.marks if marks[c] is not Mark.SHOWN]
        assert len(row) >= 2 and len(column) >= 2
    assert_undetermined(grid, protection, 5, column_totals=True)


def test_the_issue_example_in_digest_rows() -> None:
    """Windows 12/6/1 of a theme of 19 are public and shown; municipalities 12/6/1 hide 6 and 1."""
    counts = {"A": Tally(12, 6), "B": Tally(6, 5), "C": Tally(1, 1)}
    assert shown_rows(counts) == (
        Breakdown("A", Cell(12, "12"), Cell(6, "6")),
        Breakdown("B", Cell(6, "6"), Cell(5, "5")),
        Breakdown("C", Cell(1, "1"), Cell(1, "1")),
    )
    assert protected_rows(counts, 5) == (
        Breakdown("A", Cell(12, "12"), Cell(6, "6")),
        Breakdown("B", Cell(None, "·"), Cell(None, "·")),
        Breakdown("C", Cell(None, "< 5"), Cell(None, "< 5")),
    )


def test_an_unprotectable_breakdown_is_left_out() -> None:
    """A single municipality below the threshold would equal the theme total: no rows."""
    assert protected_rows({"Lahti": Tally(3, 2)}, 5) == ()
    assert protected_rows({"Lahti": Tally(3, 2)}, 1) == (
        Breakdown("Lahti", Cell(3, "3"), Cell(2, "2")),
    )
