"""The "Pyydä apua" directory: help services per municipality, loaded from TOML (pure)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

BUILT_IN = Path(__file__).with_name("help_services.toml")


class ServiceText(BaseModel):
    """A text in fi, sv and en (Finnish required; the others fall back to it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fi: str = Field(min_length=1)
    sv: str = ""
    en: str = ""

    def get(self, language: str) -> str:
        """The text in `language`, else Finnish."""
        return str(getattr(self, language, "") or self.fi)


class HelpService(BaseModel):
    """One service: its name, how to reach it, an optional web page, and where it applies."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: ServiceText
    how: ServiceText | None = None
    url: str = ""
    municipality: str = ""  # empty: every municipality

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError(f"url {value!r} must start with https://")
        return value


class HelpDirectory(BaseModel):
    """A directory file: its services and whether it replaces the built-in one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    replace: bool = False
    services: tuple[HelpService, ...] = ()

    def for_municipality(self, municipality: str | None) -> tuple[HelpService, ...]:
        """The services of `municipality` first, then those of every municipality."""
        own = tuple(s for s in self.services if municipality and s.municipality == municipality)
        return own + tuple(s for s in self.services if not s.municipality)


def load_help_services(path: Path) -> HelpDirectory:
    """Read a directory file; ValueError names the file and what is wrong."""
    try:
        with path.open("rb") as handle:
            return HelpDirectory.model_validate(tomllib.load(handle))
    except FileNotFoundError:
        raise ValueError(f"help services file {path} does not exist") from None
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ValueError(f"help services file {path}: {exc}") from None


def help_directory(extra: Path | None) -> HelpDirectory:
    """The built-in directory, extended (or replaced) by the `extra` file."""
    built_in = load_help_services(BUILT_IN)
    if extra is None:
        return built_in
    added = load_help_services(extra)
    if added.replace:
        return added
    return HelpDirectory(services=added.services + built_in.services)
