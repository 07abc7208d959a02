"""Event coding: who did what to whom, when and where (PLOVER types with CAMEO codes)."""

from __future__ import annotations

from newsloom.coding.coder import CodedEvent, EventCoder, EventOptions
from newsloom.coding.dates import EventDate, resolve_event_date
from newsloom.coding.dictionaries import Dictionaries, check_dictionaries, load_dictionaries

__all__ = [
    "CodedEvent",
    "Dictionaries",
    "EventCoder",
    "EventDate",
    "EventOptions",
    "check_dictionaries",
    "load_dictionaries",
    "resolve_event_date",
]
