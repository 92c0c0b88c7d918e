"""Settings for Neuvo: built once in the entry point and passed in."""

from config.settings import GroupConfig, HelpContact, Settings, SettingsError, load_settings

__all__ = ["GroupConfig", "HelpContact", "Settings", "SettingsError", "load_settings"]
