"""Settings: sources, precedence and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import SettingsError, load_settings

pytestmark = pytest.mark.usefixtures("clean_env")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "neuvo.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_need_nothing() -> None:
    """With no configuration at all the defaults are the documented ones."""
    settings = load_settings(environ={})
    assert settings.database_url == "sqlite+aiosqlite:///./neuvo.db"
    assert settings.timezone == "Europe/Helsinki"
    assert settings.language == "fi"
    assert settings.bot_token is None
    assert settings.staff_ids == ()


def test_env_overrides_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An environment variable wins over the same key in the TOML file."""
    path = write(tmp_path, 'language = "sv"\nstaff_ids = [5]\n')
    monkeypatch.setenv("NEUVO_STAFF_IDS", "[1,2]")
    settings = load_settings(path, environ={})
    assert settings.staff_ids == (1, 2)
    assert settings.language == "sv"


def test_neuvo_config_names_the_file(tmp_path: Path) -> None:
    """NEUVO_CONFIG points at the TOML file to read."""
    path = tmp_path / "elsewhere.toml"
    path.write_text('log_level = "debug"\n', encoding="utf-8")
    assert load_settings(environ={"NEUVO_CONFIG": str(path)}).log_level == "DEBUG"


def test_groups_from_toml(tmp_path: Path) -> None:
    """Groups are declared as [[groups]] tables with windows and day rules."""
    path = write(
        tmp_path,
        '[[groups]]\nkey = "parents"\naudience = "parents"\nchat_id = -1001\n'
        'day_rules = ["2nd Tuesday", "4th Thursday"]\n',
    )
    (group,) = load_settings(path, environ={}).groups
    assert group.chat_id == -1001
    assert group.windows == ("08:00-10:00", "14:00-16:00", "20:00-22:00")
    assert group.day_rules == ("2nd Tuesday", "4th Thursday")


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("bogus = 1\n", "setting bogus (env NEUVO_BOGUS): unknown setting"),
        (
            'timezone = "Mars/Olympus"\n',
            "setting timezone (env NEUVO_TIMEZONE): unknown time zone",
        ),
        (
            'database_url = "mysql://x"\n',
            "setting database_url (env NEUVO_DATABASE_URL): must start with sqlite+aiosqlite://",
        ),
        (
            '[[groups]]\nkey = "p"\naudience = "parents"\n'
            'windows = ["08:00-10:00", "09:00-11:00"]\n',
            "setting groups[0].windows (env NEUVO_GROUPS): "
            "windows 08:00-10:00 and 09:00-11:00 overlap",
        ),
        (
            '[[groups]]\nkey = "p"\naudience = "parents"\nwindows = ["25:00-26:00"]\n',
            "setting groups[0].windows (env NEUVO_GROUPS): "
            "window '25:00-26:00' has a time out of range",
        ),
        (
            '[[groups]]\nkey = "p"\naudience = "adults"\n',
            "setting groups[0].audience (env NEUVO_GROUPS): Input should be 'parents' or 'youth'",
        ),
        (
            'pseudonym_secret = "changeme"\n',
            "setting pseudonym_secret (env NEUVO_PSEUDONYM_SECRET): must be a real secret",
        ),
        (
            "youth_min_age = 12\n",
            "setting youth_min_age (env NEUVO_YOUTH_MIN_AGE): "
            "Input should be greater than or equal to 13",
        ),
        (
            "youth_min_age = 19\n",
            "setting youth_min_age (env NEUVO_YOUTH_MIN_AGE): "
            "Input should be less than or equal to 18",
        ),
        (
            'safeguarding_phrases = "/no/such/phrases.toml"\n',
            "setting safeguarding_phrases (env NEUVO_SAFEGUARDING_PHRASES): "
            "phrase file /no/such/phrases.toml does not exist",
        ),
        (
            '[[help_contacts]]\nname = "Kriisipuhelin"\n',
            "setting help_contacts[0] (env NEUVO_HELP_CONTACTS): "
            "help contact 'Kriisipuhelin' needs a phone number or a url",
        ),
        (
            '[[help_contacts]]\nname = "X"\nphone = "soita meille"\n',
            "setting help_contacts[0].phone (env NEUVO_HELP_CONTACTS): "
            "phone 'soita meille' must be digits",
        ),
        (
            '[[help_contacts]]\nname = "X"\nurl = "nuortennetti.fi"\n',
            "setting help_contacts[0].url (env NEUVO_HELP_CONTACTS): url 'nuortennetti.fi' must",
        ),
        (
            "help_contacts = []\n",
            "setting help_contacts (env NEUVO_HELP_CONTACTS): give at least one help contact",
        ),
        (
            'allow_admin_setup = "sometimes"\n',
            "setting allow_admin_setup (env NEUVO_ALLOW_ADMIN_SETUP): "
            "Input should be a valid boolean",
        ),
        (
            'clock_url = "https://api.telegram.org/_sandbox/now"\n',
            "setting clock_url (env NEUVO_CLOCK_URL): only for the sandbox",
        ),
        (
            'telegram_api_url = "http://127.0.0.1:8081"\n'
            'clock_url = "http://127.0.0.1:9999/_sandbox/now"\n',
            "setting clock_url (env NEUVO_CLOCK_URL): only for the sandbox",
        ),
    ],
)
def test_bad_toml_gives_one_clear_line(tmp_path: Path, toml: str, expected: str) -> None:
    """Each bad value is reported as one line naming the TOML key and the env var."""
    with pytest.raises(SettingsError) as caught:
        load_settings(write(tmp_path, toml), environ={})
    assert len(caught.value.lines) == 1
    assert caught.value.lines[0].startswith(expected)


def test_clock_url_follows_the_sandbox(tmp_path: Path) -> None:
    """A simulated clock is accepted only as the sandbox's own clock route."""
    path = write(
        tmp_path,
        'telegram_api_url = "http://127.0.0.1:8081/"\n'
        'clock_url = "http://127.0.0.1:8081/_sandbox/now"\n',
    )
    assert load_settings(path, environ={}).clock_url == "http://127.0.0.1:8081/_sandbox/now"


def test_unparsable_env_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """A list given in the environment in a non-JSON form explains the JSON form."""
    monkeypatch.setenv("NEUVO_STAFF_IDS", "1,2")
    with pytest.raises(SettingsError) as caught:
        load_settings(environ={})
    assert caught.value.lines == [
        "setting staff_ids (env NEUVO_STAFF_IDS): cannot parse the value; "
        "lists are JSON, e.g. NEUVO_STAFF_IDS=[1,2]"
    ]


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    """A TOML syntax error names the file and the line."""
    path = write(tmp_path, 'language = "fi\n')
    with pytest.raises(SettingsError) as caught:
        load_settings(path, environ={})
    assert str(path) in caught.value.lines[0]
    assert "line 1" in caught.value.lines[0]


def test_missing_config_file(tmp_path: Path) -> None:
    """A NEUVO_CONFIG naming a missing file is an error, not silently ignored."""
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(environ={"NEUVO_CONFIG": str(tmp_path / "nope.toml")})


def test_token_is_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot token never appears in the settings' repr."""
    monkeypatch.setenv("NEUVO_BOT_TOKEN", "123:secret-token-value")
    settings = load_settings(environ={})
    assert "secret-token-value" not in repr(settings)
    assert settings.bot_token is not None
    assert settings.bot_token.get_secret_value() == "123:secret-token-value"


def test_youth_and_safeguarding_defaults() -> None:
    """Youth age 16, admins cannot register groups, and the three help lines by default."""
    settings = load_settings(environ={})
    assert settings.youth_min_age == 16
    assert settings.youth_other_channels == ""
    assert settings.safeguarding_phrases is None
    assert settings.allow_admin_setup is False
    contacts = {contact.name: (contact.phone, contact.url) for contact in settings.help_contacts}
    assert contacts["Lasten ja nuorten puhelin"][0] == "116 111"
    assert contacts["Hätänumero"][0] == "112"
    assert "Nuorten kriisipiste" in contacts


def test_help_contacts_from_toml(tmp_path: Path) -> None:
    """A project's own help contacts replace the defaults; phone and url are each optional."""
    phrases = tmp_path / "phrases.toml"
    phrases.write_text("", encoding="utf-8")
    path = write(
        tmp_path,
        f'youth_min_age = 18\nallow_admin_setup = true\nsafeguarding_phrases = "{phrases}"\n'
        '[[help_contacts]]\nname = "Koulukuraattori"\nphone = "+358 40 123 4567"\n'
        '[[help_contacts]]\nname = "Chat"\nurl = "https://example.org/chat"\n',
    )
    settings = load_settings(path, environ={})
    assert [contact.name for contact in settings.help_contacts] == ["Koulukuraattori", "Chat"]
    assert settings.youth_min_age == 18
    assert settings.allow_admin_setup is True
    assert settings.safeguarding_phrases == phrases
