"""Pure rules of issue 15 parts 2–4: the help directory file, poll parsing, the private
voice's theme day and its per-group switch."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.quick_polls import parse_poll
from config import GroupConfig, Settings
from config.help_services import help_directory, load_help_services
from scheduler.voice import voice_day
from storage.models import SessionDay

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_the_built_in_directory_names_the_services_without_phone_numbers() -> None:
    """The built-in file lists family counselling, child welfare and school services, with no
    invented numbers."""
    names = [s.name.fi for s in help_directory(None).services]
    assert "Kasvatus- ja perheneuvola" in names and "Koulukuraattori ja koulupsykologi" in names
    assert all(not service.url for service in help_directory(None).services)


def test_an_extra_file_adds_municipal_services_first(tmp_path: Path) -> None:
    """A municipality's own services come before the general ones; `replace` drops those."""
    extra = tmp_path / "lahti.toml"
    extra.write_text(
        '[[services]]\nname.fi = "Lahden perheneuvola"\nmunicipality = "Lahti"\n'
        'url = "https://www.example.fi"\n',
        encoding="utf-8",
    )
    directory = help_directory(extra)
    assert directory.for_municipality("Lahti")[0].name.fi == "Lahden perheneuvola"
    assert all(s.name.fi != "Lahden perheneuvola" for s in directory.for_municipality("Heinola"))
    extra.write_text("replace = true\n" + extra.read_text(encoding="utf-8"), encoding="utf-8")
    assert [s.name.fi for s in help_directory(extra).services] == ["Lahden perheneuvola"]


def test_a_broken_directory_file_is_refused_by_the_settings(tmp_path: Path) -> None:
    """An invalid help_services_file fails settings validation naming the file."""
    broken = tmp_path / "broken.toml"
    broken.write_text('[[services]]\nname.fi = "X"\nurl = "www.x.fi"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="broken.toml"):
        load_help_services(broken)
    with pytest.raises(ValueError, match="help_services_file"):
        Settings(help_services_file=broken)


def test_private_voice_is_per_group_with_the_setting_as_default() -> None:
    """A group's own `private_voice` wins; otherwise the global setting decides."""
    quiet = GroupConfig(key="quiet", audience="parents", private_voice=False)
    plain = GroupConfig(key="plain", audience="parents")
    settings = Settings(groups=(quiet, plain))
    assert settings.private_voice_for("quiet") is False
    assert settings.private_voice_for("plain") is True
    assert Settings(private_voice=False, groups=(plain,)).private_voice_for("plain") is False


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("Sopiiko? | Kyllä | Ei", ("Sopiiko?", ("Kyllä", "Ei"), True)),
        ("--ei-anonyymi Sopiiko? | Kyllä | Ei", ("Sopiiko?", ("Kyllä", "Ei"), False)),
        ("Passar det? | Ja | Nej --icke-anonym", ("Passar det?", ("Ja", "Nej"), False)),
        ("Vain yksi | vaihtoehto", None),
        ("| a | b", None),
    ],
)
def test_poll_arguments(args: str, expected: tuple[str, tuple[str, ...], bool] | None) -> None:
    """The question, 2–10 options and the not-anonymous flag are read from the arguments."""
    spec = parse_poll(args)
    assert (None if spec is None else (spec.question, spec.options, spec.anonymous)) == expected


def day(on: date, theme: str) -> SessionDay:
    """A session day row."""
    return SessionDay(group_id=1, day=on, theme_key=theme, updated_at=NOW)


def test_the_private_voice_counts_for_the_next_theme_else_the_last() -> None:
    """Between session days the month's next theme counts; after the last, the last one."""
    days = [day(date(2026, 12, 8), "kiusaaminen"), day(date(2026, 12, 22), "eroasiat")]
    assert voice_day(days, date(2026, 12, 1)) is days[0]
    assert voice_day(days, date(2026, 12, 10)) is days[1]
    assert voice_day(days, date(2026, 12, 28)) is days[1]
    assert voice_day([], date(2026, 12, 28)) is None
