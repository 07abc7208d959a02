"""Exceptions raised by newsloom.

The tree::

    NewsloomError                 every error newsloom raises on purpose
    ├── ConfigError               a bad option, TOML file or field mapping
    ├── StoreError                the store cannot be opened, migrated or written
    ├── ModelMissingError         a model that must ship in a package is not installed
    └── InputError                one input (file, record, URL) cannot be used
        ├── ReadError             it cannot be read or decoded (binary, truncated, too big)
        ├── FetchError            a URL cannot be fetched (refused address, timeout, size cap)
        └── CleanError            it was read but holds no usable article text

An ``InputError`` is reported as a failure record for that input; the rest of the batch
goes on. The CLI turns every ``NewsloomError`` into a one-line message in one place.
"""

from __future__ import annotations

__all__ = [
    "CleanError",
    "ConfigError",
    "FetchError",
    "InputError",
    "ModelMissingError",
    "NewsloomError",
    "ReadError",
    "StoreError",
]


class NewsloomError(Exception):
    """Base class of every error newsloom raises on purpose."""


class ConfigError(NewsloomError):
    """A configuration value, file or field mapping is invalid."""


class StoreError(NewsloomError):
    """The store cannot be opened, migrated or written."""


class ModelMissingError(NewsloomError):
    """A model that must ship inside an installed package is missing."""


class InputError(NewsloomError):
    """One input cannot be used; ``origin`` says which (file, file:line, URL)."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # pickled by origin and reason (it crosses process boundaries), not by message
        return type(self), (self.origin, self.reason)


class ReadError(InputError):
    """An input cannot be read or decoded."""


class FetchError(InputError):
    """A URL cannot be fetched."""


class CleanError(InputError):
    """An input was read but holds no usable article text."""
