"""Configuration: defaults, TOML tables per stage, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.config import Config, load_config
from newsloom.errors import ConfigError


def test_defaults_round_trip_through_toml(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(Config().to_toml())
    assert load_config(path) == Config()


def test_a_table_overrides_one_stage(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[ingest]\nbatch_size = 7\n")
    config = load_config(path)
    assert config.ingest.batch_size == 7
    assert config.clean == Config().clean


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[nonsense]\na = 1\n", "unknown table [nonsense]"),
        ("[ingest]\nbatch_sise = 7\n", "unknown option 'batch_sise'"),
        ("[ingest]\nbatch_size = 'big'\n", "option 'batch_size' must be"),
        ("[ingest\n", "not valid TOML"),
    ],
)
def test_bad_config_is_a_specific_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        load_config(path)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "absent.toml")
