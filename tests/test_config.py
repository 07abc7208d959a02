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
        ("[ingest]\nbatch_size = 'big'\n", "option 'batch_size' must be an integer, got 'big'"),
        ("[ingest]\nnlp = 'no'\n", "option 'nlp' must be true or false"),
        ("[cluster]\norphan_margin = 'off'\n", 'must be a number or "none"'),
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


def test_none_turns_off_an_option_that_takes_none(tmp_path: Path) -> None:
    # TOML has no null: "none" stands for None where None is not also a string value
    path = tmp_path / "c.toml"
    path.write_text('[cluster]\norphan_margin = "none"\n[events]\ndictionaries = "none"\n')
    config = load_config(path)
    assert config.cluster.orphan_margin is None
    assert config.events.dictionaries == "none"  # a folder may be called that
    again = tmp_path / "again.toml"
    again.write_text(config.to_toml())
    assert load_config(again) == config
