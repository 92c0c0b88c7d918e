"""Names vulture cannot see being used (reviewed): framework hooks, columns, test hooks.

`make test` runs vulture twice: the product packages with this list, and the sandbox (a test
tool whose API the tests use) together with the tests.
"""

# ruff: noqa
from bot.i18n import LocaleMiddleware, PoI18n
from config.settings import LocalizedText, Settings
from digest.model import Digest
from storage import consent, deferred

# aiogram's I18n and I18nMiddleware call these overrides.
PoI18n.find_locales
LocaleMiddleware.get_locale
# pydantic: fields read through model_dump / getattr by language, and the settings hook.
LocalizedText.fi
LocalizedText.sv
LocalizedText.en
Settings.settings_customise_sources
_.file_secret_settings
# sqlmodel columns written for people reading the database (and the SQLAlchemy type hooks).
_.started_bot
_.updated_at
_.done_at
_.stored_at
_.previous_text
_.received_at
_.decided_by
_.posted_at
_.impl
_.cache_ok
_.process_bind_param
_.process_result_value
# Serialised into the JSON digest; the schema test reads SCHEMA_PATH.
Digest.schema_version
_.SCHEMA_PATH
# A named consent value that is only ever read back from the database.
consent.UNKNOWN
# Test hooks: the deferred-write queue, the phrase book's size, the flood pause left.
deferred.queued
_.pattern_count
_.paused_for
# The in-process harness's crash button (tests drive it).
_.crash
# The sandbox's control API: called by name over HTTP (sandbox/control.py) and by tests.
_.set_bot_status
_.reset
_.chat_info
_.bot_commands
# The web console's page values, read by its Jinja2 templates.
_.next_day
_.next_theme
_.last_month
# When a staff member took a duty shift: kept for the record (audit), not read back.
_.taken_at
# Columns kept for the record (who handled a help request, who posted a poll), read in SQL.
_.handled_by
_.created_by
# Columns kept for the record (when answered, published; a send's last error).
_.answered_at
_.published_at
_.last_error
# The console's questions page lists the published ones (read by its template).
_.published
# openpyxl cell and sheet attributes set by the XLSX writer.
_.font
_.number_format
_.alignment
_.freeze_panes
_.ref
