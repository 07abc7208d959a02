"""Event-date resolution against publication dates: a table of relative expressions."""

from __future__ import annotations

import pytest

from newsloom.coding.dates import resolve_event_date

# (sentence, published, expected date, expected precision)
TABLE = [
    # weekdays: latest such day on or before publication (27 May 2025 is a Tuesday)
    ("The Leader met him in Tehran on Monday.", "2025-05-27", "2025-05-26", "day"),
    ("They met on Monday.", "2025-05-26", "2025-05-26", "day"),  # same weekday: that day
    ("They met on Tuesday.", "2025-05-27", "2025-05-27", "day"),
    ("They met on Wednesday.", "2025-05-27", "2025-05-21", "day"),
    ("They met on Sunday.", "2025-05-26", "2025-05-25", "day"),  # Sunday before a Monday
    ("They met on Monday.", "2025-05-25", "2025-05-19", "day"),  # Monday seen from Sunday
    ("They met on Sunday.", "2025-05-25", "2025-05-25", "day"),
    ("They met on Saturday.", "2025-05-25", "2025-05-24", "day"),
    ("Talks ended on Friday.", "2025-01-02", "2024-12-27", "day"),  # across the year
    ("Talks ended on Wednesday.", "2025-01-02", "2025-01-01", "day"),
    ("Talks ended on Thursday.", "2025-01-02", "2025-01-02", "day"),
    ("Officials said Thursday that talks ended.", "2025-01-03", "2025-01-02", "day"),
    ("They met last Monday.", "2025-05-26", "2025-05-19", "day"),
    ("They will meet next Monday.", "2025-05-26", "2025-06-02", "day"),
    ("They will meet next Friday.", "2025-05-27", "2025-05-30", "day"),
    # day words
    ("He arrived yesterday.", "2025-05-27", "2025-05-26", "day"),
    ("He arrived yesterday.", "2025-01-01", "2024-12-31", "day"),
    ("He speaks today.", "2025-05-27", "2025-05-27", "day"),
    ("He spoke last night.", "2025-03-01", "2025-02-28", "day"),
    ("He came the day before yesterday.", "2025-03-01", "2025-02-27", "day"),
    ("He leaves tomorrow.", "2024-12-31", "2025-01-01", "day"),
    ("It happened three days ago.", "2025-03-02", "2025-02-27", "day"),
    # weeks: the ISO week's Monday
    ("Protests began last week.", "2025-05-27", "2025-05-19", "week"),
    ("Protests began last week.", "2025-01-01", "2024-12-23", "week"),
    ("Protests began earlier this week.", "2025-05-29", "2025-05-26", "week"),
    ("Talks resume next week.", "2025-05-27", "2025-06-02", "week"),
    ("It happened two weeks ago.", "2025-05-27", "2025-05-12", "week"),
    # months
    ("Talks failed last month.", "2025-05-27", "2025-04-01", "month"),
    ("Talks failed last month.", "2025-01-15", "2024-12-01", "month"),  # January
    ("Talks failed earlier this month.", "2025-05-27", "2025-05-01", "month"),
    ("He visited in March.", "2025-05-27", "2025-03-01", "month"),
    ("He visited in November.", "2025-05-27", "2024-11-01", "month"),
    ("He visited in June 2023.", "2025-05-27", "2023-06-01", "month"),
    # years
    ("Prices rose earlier this year.", "2025-05-27", "2025-01-01", "year"),
    ("Prices rose last year.", "2025-05-27", "2024-01-01", "year"),
    ("Iraq invaded Iran in 1980.", "2025-05-27", "1980-01-01", "year"),
    # explicit dates
    ("They met on June 11, 2025 in Tehran.", "2025-06-12", "2025-06-11", "day"),
    ("They met on 11 June 2025.", None, "2025-06-11", "day"),
    ("They met on 11 June.", "2025-06-12", "2025-06-11", "day"),
    ("They met on May 26.", "2025-05-27", "2025-05-26", "day"),
    ("They met on May 26.", "2025-01-03", "2024-05-26", "day"),  # yearless: latest past
    ("They met on Dec. 31.", "2025-01-02", "2024-12-31", "day"),
    ("On September 29, Putin offered to negotiate.", "2000-10-01", "2000-09-29", "day"),
    ("The deal was signed 2024-03-05.", "2025-05-27", "2024-03-05", "day"),
    # a day beats a coarser expression in the same sentence
    ("On Monday he recalled the war of 1980.", "2025-05-27", "2025-05-26", "day"),
]


@pytest.mark.parametrize(("sentence", "published", "expected", "precision"), TABLE)
def test_relative_expressions(
    sentence: str, published: str | None, expected: str, precision: str
) -> None:
    result = resolve_event_date(sentence, published)
    assert (result.date, result.precision) == (expected, precision), result


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 40


@pytest.mark.parametrize(
    "sentence", ["The talks went well.", "Iran may respond soon.", "He will march on."]
)
def test_no_expression_is_unresolved(sentence: str) -> None:
    result = resolve_event_date(sentence, "2025-05-27")
    assert (result.date, result.precision, result.expression) == (None, "unresolved", None)


def test_relative_without_publication_keeps_words_not_date() -> None:
    result = resolve_event_date("They met on Monday.", None)
    assert (result.date, result.precision, result.expression) == (None, "day", "on Monday")


def test_expression_is_reported() -> None:
    assert resolve_event_date("Talks ended last week.", "2025-05-27").expression == "last week"
