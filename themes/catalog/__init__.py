"""The theme catalog: built-in content files (`<key>.toml`, here) and the public API.

Themes load from this directory, then from each deployment directory; `check_catalog`
backs `neuvo themes check [DIR]`.
"""

from themes.loader import BUILTIN_DIR, CatalogError, ThemeFile, check_catalog, load_catalog
from themes.model import (
    AUDIENCES,
    FALLBACK_THEME,
    GROUP_AUDIENCES,
    LANGUAGES,
    Catalog,
    Theme,
    ThemeText,
)

__all__ = [
    "AUDIENCES",
    "BUILTIN_DIR",
    "FALLBACK_THEME",
    "GROUP_AUDIENCES",
    "LANGUAGES",
    "Catalog",
    "CatalogError",
    "Theme",
    "ThemeFile",
    "ThemeText",
    "check_catalog",
    "load_catalog",
]
