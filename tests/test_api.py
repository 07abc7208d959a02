"""The public API is curated: this test locks the exported names."""

from __future__ import annotations

import newsloom

EXPECTED = {
    "Article",
    "Assignment",
    "CleanError",
    "Config",
    "ConfigError",
    "Document",
    "Failure",
    "FetchError",
    "IngestReport",
    "InputError",
    "ModelMissingError",
    "NewsloomError",
    "Pipeline",
    "RawInput",
    "ReadError",
    "SQLiteStore",
    "Story",
    "StoreError",
    "__version__",
    "export",
    "export_rows",
    "ingest",
    "load_config",
    "open_store",
    "rebuild_store",
    "stories",
}


def test_exported_names_are_locked() -> None:
    assert set(newsloom.__all__) == EXPECTED


def test_every_exported_name_exists_and_is_documented() -> None:
    for name in newsloom.__all__:
        member = getattr(newsloom, name)
        if callable(member):
            assert member.__doc__, f"{name} has no docstring"


def test_error_tree() -> None:
    assert issubclass(newsloom.ReadError, newsloom.InputError)
    assert issubclass(newsloom.FetchError, newsloom.InputError)
    assert issubclass(newsloom.CleanError, newsloom.InputError)
    for cls in (newsloom.InputError, newsloom.ConfigError, newsloom.StoreError):
        assert issubclass(cls, newsloom.NewsloomError)
