"""Typed settings from environment (`NEUVO_*`), `.env` and an optional TOML file.

Precedence, highest first: environment, `.env`, TOML (`NEUVO_CONFIG` or `./neuvo.toml`).
Every problem is reported as one line naming the env var and the TOML key.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import time
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from pydantic_settings import (
    SettingsError as SourceError,
)

from config.help_services import load_help_services

ENV_PREFIX = "NEUVO_"
SANDBOX_CLOCK_PATH = "/_sandbox/now"
DEFAULT_WINDOWS = ("08:00-10:00", "14:00-16:00", "20:00-22:00")
PLACEHOLDER_SECRETS = {"changeme", "change-me", "change_me", "secret", "xxx", "todo", "replace-me"}
_WINDOW_RE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
_HELP_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ]{1,18}[0-9]$")
_MONTH_DAY_RE = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_WEB = ("http://", "https://")

Language = Literal["fi", "sv", "en"]
Audience = Literal["parents", "youth"]


class SettingsError(Exception):
    """Settings are invalid; `lines` holds one human-readable line per problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def _check_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone {value!r} (use an IANA name like Europe/Helsinki)"
        ) from exc
    return value


def _check_window(value: str) -> str:
    match = _WINDOW_RE.match(value)
    if not match:
        raise ValueError(f"window {value!r} must look like 08:00-10:00")
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise ValueError(f"window {value!r} has a time out of range")
    if time(h2, m2) <= time(h1, m1):
        raise ValueError(f"window {value!r} must end after it starts")
    return value


class LocalizedText(BaseModel):
    """A text in each language; an empty one falls back to the built-in default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fi: str = ""
    sv: str = ""
    en: str = ""

    def get(self, language: str) -> str:
        """The text in `language` ("" when not given)."""
        return str(getattr(self, language, "") or "")


def _check_prefix(value: str, prefixes: tuple[str, ...], problem: str) -> str:
    if not value.startswith(prefixes):
        raise ValueError(problem)
    return value


def _check_month_day(value: str) -> str:
    if not _MONTH_DAY_RE.match(value):
        raise ValueError(f"refill date {value!r} must look like 01-01 (month-day)")
    return value


class ModerationConfig(BaseModel):
    """Moderation thresholds (TOML `[moderation]`, env `NEUVO_MODERATION` as JSON)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    warn_limit: int = Field(default=3, ge=1, le=20)
    warn_mute_hours: int = Field(default=24, ge=1, le=24 * 366)
    flood_messages: int = Field(default=5, ge=1, le=100)
    flood_seconds: int = Field(default=10, ge=1, le=3600)
    flood_mute_minutes: int = Field(default=10, ge=1, le=24 * 60)
    newcomer_link_hours: int = Field(default=24, ge=0, le=24 * 90)
    report_hide_threshold: int = Field(default=3, ge=1, le=100)
    blocklist: tuple[str, ...] = ()


class HelpContact(BaseModel):
    """A help line shown with the safeguarding message (TOML `[[help_contacts]]`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=100)
    phone: str = ""
    url: str = ""

    @field_validator("phone")
    @classmethod
    def _phone_digits(cls, value: str) -> str:
        if value and not _HELP_PHONE_RE.match(value):
            raise ValueError(f"phone {value!r} must be digits and spaces, e.g. 116 111")
        return value

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str) -> str:
        if value and not re.match(r"^https?://\S+$", value):
            raise ValueError(f"url {value!r} must start with https:// or http://")
        return value

    @model_validator(mode="after")
    def _reachable(self) -> HelpContact:
        if not self.phone and not self.url:
            raise ValueError(f"help contact {self.name!r} needs a phone number or a url")
        return self


DEFAULT_HELP_CONTACTS = (
    HelpContact(
        name="Lasten ja nuorten puhelin", phone="116 111", url="https://www.nuortennetti.fi"
    ),
    HelpContact(name="Nuorten kriisipiste", url="https://www.helsinkimissio.fi"),
    HelpContact(name="Hätänumero", phone="112"),
)


class GroupConfig(BaseModel):
    """A group declared in the TOML file (`[[groups]]`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")
    audience: Audience
    chat_id: int | None = None
    title: str = ""
    language: Language = "fi"
    timezone: str | None = None
    windows: tuple[str, ...] = DEFAULT_WINDOWS
    day_rules: tuple[str, ...] = ()
    lock_between_sessions: bool = True
    remind_evening_at: str = "18:00"
    remind_minutes_before: int = Field(default=15, ge=0, le=180)
    capacity: int = Field(default=20, ge=1, le=200_000)
    refill_dates: tuple[str, ...] = ("01-01", "07-01")
    invite_link: str = ""
    rules: LocalizedText = LocalizedText()
    private_voice: bool | None = None

    _zone = field_validator("timezone")(lambda v: v if v is None else _check_zone(v))
    _refills = field_validator("refill_dates")(lambda v: tuple(_check_month_day(d) for d in v))

    @field_validator("remind_evening_at")
    @classmethod
    def _evening_time(cls, value: str) -> str:
        if value and not re.match(r"^([01]\d|2[0-3]):[0-5]\d$", value):
            raise ValueError(f"{value!r} must be a time like 18:00, or empty for no reminder")
        return value

    @field_validator("windows")
    @classmethod
    def _windows_valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("a group needs at least one window")
        for window in value:
            _check_window(window)
        starts = sorted(value)
        for earlier, later in zip(starts, starts[1:], strict=False):
            if later[:5] < earlier[6:]:
                raise ValueError(f"windows {earlier} and {later} overlap")
        return value


class Settings(BaseSettings):
    """Everything Neuvo can be configured with. See README, "Configuration"."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="forbid",
        frozen=True,
    )

    bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    clock_url: str | None = None
    database_url: str = "sqlite+aiosqlite:///./neuvo.db"
    timezone: str = "Europe/Helsinki"
    language: Language = "fi"
    staff_ids: tuple[int, ...] = ()
    pseudonym_secret: SecretStr | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    polling_timeout: int = Field(default=30, ge=0, le=50)
    lease_seconds: int = Field(default=90, ge=2, le=3600)
    sends_per_second: float = Field(default=28.0, gt=0, le=30)
    suppression_threshold: int = Field(default=5, ge=1, le=100)
    webhook_url: str | None = None
    webhook_host: str = "0.0.0.0"  # a container listens on every interface
    webhook_port: int = Field(default=8080, ge=0, le=65535)
    webhook_secret: SecretStr | None = None
    log_json: bool = False
    theme_dirs: tuple[Path, ...] = ()
    groups: tuple[GroupConfig, ...] = ()
    municipalities: tuple[str, ...] = ()
    data_controller: str = ""
    join_timeout_minutes: int = Field(default=60, ge=5, le=7 * 24 * 60)
    place_offer_days: int = Field(default=7, ge=1, le=90)
    retention_months: int = Field(default=12, ge=1, le=120)
    quote_review_days: int = Field(default=3, ge=0, le=30)
    moderation: ModerationConfig = ModerationConfig()
    youth_min_age: int = Field(default=16, ge=13, le=18)
    youth_other_channels: str = ""
    safeguarding_phrases: Path | None = None
    help_contacts: tuple[HelpContact, ...] = DEFAULT_HELP_CONTACTS
    allow_admin_setup: bool = False
    console_url: str | None = None
    help_services_file: Path | None = None
    private_voice: bool = True

    _zone = field_validator("timezone")(lambda v: _check_zone(v))

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator("telegram_api_url")
    @classmethod
    def _url_scheme(cls, value: str) -> str:
        return _check_prefix(value, _WEB, "must start with http:// or https://").rstrip("/")

    @field_validator("clock_url")
    @classmethod
    def _sandbox_clock_only(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        api = str(info.data.get("telegram_api_url") or "")
        host = urlsplit(api).hostname or ""
        if value.rstrip("/") != f"{api}{SANDBOX_CLOCK_PATH}" or host.endswith("telegram.org"):
            raise ValueError(
                f"only for the sandbox: must be <telegram_api_url>{SANDBOX_CLOCK_PATH}, "
                "with telegram_api_url pointing at the sandbox, never at Telegram"
            )
        return value.rstrip("/")

    @field_validator("webhook_url")
    @classmethod
    def _https_webhook(cls, value: str | None) -> str | None:
        problem = "must be the public https:// URL Telegram posts updates to"
        return None if value is None else _check_prefix(value, _WEB, problem)

    @field_validator("console_url")
    @classmethod
    def _console_base(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        problem = "must be the console's public base address, e.g. https://neuvo.fi"
        _check_prefix(value, _WEB, problem)
        if info.data.get("pseudonym_secret") is None:
            raise ValueError("needs pseudonym_secret: the sign-in links' key is derived from it")
        return value.rstrip("/")

    @field_validator("webhook_secret")
    @classmethod
    def _secret_token_chars(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{16,256}", value.get_secret_value()
        ):
            raise ValueError(
                "must be 16-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)"
            )
        return value

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        drivers = ("sqlite+aiosqlite://", "postgresql+asyncpg://")
        problem = "must start with sqlite+aiosqlite:// or postgresql+asyncpg:// (async drivers)"
        return _check_prefix(value, drivers, problem)

    @field_validator("pseudonym_secret")
    @classmethod
    def _real_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        raw = value.get_secret_value()
        if raw.strip().lower() in PLACEHOLDER_SECRETS or len(raw) < 16:
            raise ValueError(
                "must be a real secret of at least 16 characters (openssl rand -hex 32)"
            )
        return value

    @field_validator("safeguarding_phrases")
    @classmethod
    def _phrase_file_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"phrase file {value} does not exist")
        return value

    @field_validator("help_services_file")
    @classmethod
    def _services_file_valid(cls, value: Path | None) -> Path | None:
        if value is not None:
            load_help_services(value)  # raises ValueError naming what is wrong
        return value

    @field_validator("help_contacts")
    @classmethod
    def _some_help(cls, value: tuple[HelpContact, ...]) -> tuple[HelpContact, ...]:
        if not value:
            raise ValueError("give at least one help contact (the defaults are in README)")
        return value

    @field_validator("groups")
    @classmethod
    def _unique_keys(cls, value: tuple[GroupConfig, ...]) -> tuple[GroupConfig, ...]:
        keys = [group.key for group in value]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            raise ValueError(f"group keys must be unique; repeated: {', '.join(duplicates)}")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Environment over `.env` over TOML."""
        return (
            init_settings,
            env_settings,
            dotenv_settings,
            TomlConfigSettingsSource(settings_cls),
        )

    def zone(self) -> ZoneInfo:
        """The default time zone for groups without their own."""
        return ZoneInfo(self.timezone)

    def private_voice_for(self, group_key: str) -> bool:
        """Whether members of the group may write to the bot between session days."""
        declared = next((g for g in self.groups if g.key == group_key), None)
        if declared is None or declared.private_voice is None:
            return self.private_voice
        return declared.private_voice


def config_path(environ: Mapping[str, str]) -> Path | None:
    """The TOML file to read: `NEUVO_CONFIG`, else `./neuvo.toml` if it exists."""
    named = environ.get(f"{ENV_PREFIX}CONFIG")
    if named:
        return Path(named)
    default = Path("neuvo.toml")
    return default if default.exists() else None


def load_settings(
    path: Path | None = None, *, environ: Mapping[str, str] | None = None, **overrides: Any
) -> Settings:
    """Build settings once; raise SettingsError with one line per problem."""
    environ = os.environ if environ is None else environ
    toml_path = path or config_path(environ)
    if toml_path is not None and not toml_path.is_file():
        raise SettingsError([f"config file {toml_path} (NEUVO_CONFIG) does not exist"])

    class BoundSettings(Settings):
        model_config = SettingsConfigDict(toml_file=toml_path)

    try:
        return BoundSettings(**overrides)
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None
    except SourceError as exc:
        raise SettingsError([_describe_source_error(exc)]) from None
    except ValueError as exc:  # TOML syntax errors surface as ValueError subclasses
        raise SettingsError([f"config file {toml_path}: {exc}"]) from None


def _describe_source_error(exc: SourceError) -> str:
    """A value that could not even be parsed (complex env values must be JSON)."""
    match = re.search(r'field "(\w+)"', str(exc))
    field = match.group(1) if match else "?"
    return (
        f"setting {field} (env {ENV_PREFIX}{field.upper()}): cannot parse the value; "
        f"lists are JSON, e.g. {ENV_PREFIX}{field.upper()}=[1,2]"
    )


def _describe(exc: ValidationError) -> list[str]:
    """One line per validation error, naming the env var and the TOML key."""
    lines = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        toml_key = _toml_key(loc)
        env_var = f"{ENV_PREFIX}{loc[0].upper()}" if loc else ENV_PREFIX
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown setting"
        lines.append(f"setting {toml_key} (env {env_var}): {message}")
    return lines


def _toml_key(loc: list[str]) -> str:
    key = ""
    for part in loc:
        key += f"[{part}]" if part.isdigit() else (f".{part}" if key else part)
    return key
