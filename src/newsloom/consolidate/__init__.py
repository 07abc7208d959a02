"""The consolidate stage: canonical entities and statements across a story's articles."""

from __future__ import annotations

from newsloom.consolidate.countries import CountryTable
from newsloom.consolidate.entities import Entity, EntityOptions, EntityRegistry, MentionKey
from newsloom.consolidate.statements import (
    AttributedQuote,
    Rendering,
    Statement,
    StatementGrouper,
    StatementOptions,
    attributed_quotes,
    statements_by_quote,
)

__all__ = [
    "AttributedQuote",
    "CountryTable",
    "Entity",
    "EntityOptions",
    "EntityRegistry",
    "MentionKey",
    "Rendering",
    "Statement",
    "StatementGrouper",
    "StatementOptions",
    "attributed_quotes",
    "statements_by_quote",
]
