"""Settings for Neuvo: built once in the entry point and passed in."""

from config.settings import GroupConfig, Settings, SettingsError, load_settings

__all__ = ["GroupConfig", "Settings", "SettingsError", "load_settings"]
