"""The `neuvo` command line (also `python -m bot`)."""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

from config import Settings, SettingsError, load_settings
from storage.db import DatabaseUrlError, masked_url
from storage.migrate import DatabaseNotReady
from themes.loader import CatalogError

cli = typer.Typer(help="Neuvo: themed advisory groups on Telegram.", no_args_is_help=True)
db_cli = typer.Typer(help="Database commands.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
themes_cli = typer.Typer(help="Theme catalog commands.", no_args_is_help=True)
cli.add_typer(themes_cli, name="themes")
import_cli = typer.Typer(help="Import an existing group's history.", no_args_is_help=True)
cli.add_typer(import_cli, name="import")

ConfigOption = Annotated[
    Path | None, typer.Option("--config", "-c", help="TOML settings file (else NEUVO_CONFIG).")
]


def fail(line: str, code: int = 2) -> typer.Exit:
    """Print one clear line to stderr and return the exit to raise."""
    typer.echo(f"neuvo: {line}", err=True)
    return typer.Exit(code)


def settings_or_exit(config: Path | None) -> Settings:
    """Load settings once; any problem is printed line by line, without a traceback."""
    try:
        return load_settings(config)
    except SettingsError as exc:
        for line in exc.lines:
            typer.echo(f"neuvo: {line}", err=True)
        raise typer.Exit(2) from None


def configure_logging(level: str, *, as_json: bool = False) -> None:
    """Timestamped log lines on stderr, or one JSON object per line (`log_json`)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter()
        if as_json
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message (and error type)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False)


def install_stop_signals(stop: asyncio.Event) -> None:
    """SIGTERM and SIGINT ask the bot to finish what it holds and exit."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)


@cli.command()
def run(
    config: ConfigOption = None,
    webhook: Annotated[
        str | None,
        typer.Option("--webhook", help="Public https:// URL: webhook mode (else `webhook_url`)."),
    ] = None,
) -> None:
    """Run the bot: durable long polling, or a webhook with --webhook / `webhook_url`."""
    settings = settings_or_exit(config)
    webhook_url = webhook or settings.webhook_url
    if settings.bot_token is None:
        raise fail(
            "NEUVO_BOT_TOKEN is not set. Create a bot with @BotFather (/newbot) and put its "
            "token in NEUVO_BOT_TOKEN or in neuvo.toml as bot_token. (`make demo` needs none.)"
        )
    check_token_format(settings.bot_token.get_secret_value())
    configure_logging(settings.log_level, as_json=settings.log_json)
    from sqlalchemy.exc import SQLAlchemyError

    from bot.app import build_app, run_until_stopped
    from bot.clock import ClockError, clock_from
    from bot.database_wait import brief
    from bot.startup import FatalStartError

    async def main() -> None:
        stop = asyncio.Event()
        install_stop_signals(stop)
        async with clock_from(settings.clock_url) as clock:
            # On the sandbox's simulated clock (clock_url) there is no Telegram rate limit to
            # keep, and real-time pacing would stretch simulated minutes into real ones.
            app = build_app(settings, clock=clock, pace=settings.clock_url is None)
            try:
                await run_until_stopped(app, stop, webhook_url=webhook_url)
            finally:
                await app.close()

    try:
        asyncio.run(main())
    except CatalogError as exc:
        for line in exc.errors:
            typer.echo(f"neuvo: {line}", err=True)
        raise typer.Exit(2) from None
    except (FatalStartError, DatabaseUrlError, DatabaseNotReady, ClockError) as exc:
        raise fail(str(exc)) from None
    except SQLAlchemyError as exc:  # a database that answers but cannot be used
        raise fail(f"database {masked_url(settings.database_url)}: {brief(exc)}") from None


def check_token_format(token: str) -> None:
    """Exit with one line if the token cannot be a bot token (never printing it)."""
    from aiogram.utils.token import TokenValidationError, validate_token

    try:
        validate_token(token)
    except TokenValidationError:
        raise fail(
            "NEUVO_BOT_TOKEN is not a bot token (it looks like 123456:ABC-DEF...): copy it "
            "again from @BotFather"
        ) from None


@cli.command()
def demo(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where files go.")] = Path(
        "demo-output"
    ),
    serve: Annotated[
        bool, typer.Option("--serve", help="Keep the web console up for a minute at the end.")
    ] = False,
) -> None:
    """Run the offline demo: sandbox Telegram, the real bot, scripted people, simulated clock."""
    from demo.story import run_demo

    configure_logging("WARNING")
    asyncio.run(run_demo(output, serve=serve))


@cli.command()
def replay(config: ConfigOption = None) -> None:
    """Retry every stored failed update."""
    settings = settings_or_exit(config)
    configure_logging(settings.log_level)
    from bot.operations import replay_failed

    try:
        handled, failed = asyncio.run(replay_failed(settings))
    except DatabaseNotReady as exc:
        raise fail(str(exc)) from None
    typer.echo(f"replayed: {handled} handled, {failed} still failing")
    if failed:
        raise typer.Exit(1)


@themes_cli.command("check")
def themes_check(
    directory: Annotated[
        Path | None, typer.Argument(help="A catalog directory (default: the built-ins).")
    ] = None,
) -> None:
    """Validate a theme catalog; print every error as `file:line: what is wrong`."""
    from themes.loader import BUILTIN_DIR, check_catalog, skipped_files

    target = directory or BUILTIN_DIR
    if not target.is_dir():
        raise fail(f"{target} is not a directory")
    for note in skipped_files([target]):
        typer.echo(note, err=True)
    errors = check_catalog([target])
    for line in errors:
        typer.echo(line)
    if errors:
        raise typer.Exit(1)
    typer.echo(f"{target}: catalog is valid")


@cli.command()
def digest(
    month: Annotated[str, typer.Option("--month", help="YYYY-MM")],
    fmt: Annotated[
        list[str],
        typer.Option("--format", help="md|html|pdf|csv|xlsx|json (repeat for several)."),
    ],
    group: Annotated[
        list[str] | None,
        typer.Option("--group", help="The group's key (repeat for a regional digest)."),
    ] = None,
    all_groups: Annotated[
        bool, typer.Option("--all-groups", help="A regional digest of every group.")
    ] = False,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Directory (or file, for one format).")
    ] = Path("."),
    csv_dialect: Annotated[
        str,
        typer.Option(
            "--csv-dialect",
            help="comma (default: column keys, for scripts) | excel (semicolons, localized "
            "headers: Excel with Finnish or Swedish settings).",
        ),
    ] = "comma",
    config: ConfigOption = None,
) -> None:
    """Write a group's monthly digest (several groups: the regional digest) in some formats."""
    settings = settings_or_exit(config)
    configure_logging("WARNING")
    from bot.digest_cli import run_digest, run_regional
    from digest.errors import DigestError

    keys = group or []
    if not keys and not all_groups:
        raise fail("name a group with --group KEY (repeat it, or --all-groups, for a region)")
    try:
        if len(keys) == 1 and not all_groups:
            paths = run_digest(
                settings, group=keys[0], month=month, formats=fmt, output=output,
                csv_dialect=csv_dialect,
            )  # fmt: skip
        else:
            paths = run_regional(
                settings, group_keys=keys, all_groups=all_groups, month=month, formats=fmt,
                output=output,
            )  # fmt: skip
        for path in paths:
            typer.echo(str(path))
    except (DigestError, DatabaseUrlError, DatabaseNotReady) as exc:
        raise fail(str(exc)) from None


@import_cli.command("telegram-export")
def import_telegram_export(
    path: Annotated[Path, typer.Argument(help="Telegram Desktop's result.json of the group.")],
    group: Annotated[str, typer.Option("--group", help="The group's key.")],
    theme: Annotated[
        list[str] | None,
        typer.Option("--theme", help="YYYY-MM-DD=THEME: a session day of the history (repeat)."),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Log an exported chat's messages as the group's contributions (counted, never quoted)."""
    settings = settings_or_exit(config)
    configure_logging("WARNING")
    from datetime import UTC, datetime

    from bot.import_cli import run_import
    from bot.telegram_export import ExportError

    try:
        result = run_import(
            settings, path=path, group=group, themes=theme or [], now=datetime.now(UTC)
        )
    except (ExportError, DatabaseUrlError, DatabaseNotReady) as exc:
        raise fail(str(exc)) from None
    typer.echo(
        f"imported {result.stored} new messages ({result.themed} in a session window), "
        f"{result.already} already stored, {result.skipped} service or channel entries skipped"
    )


@cli.command()
def check(config: ConfigOption = None) -> None:
    """Check settings, theme catalog, database and Telegram; one line each, exit 1 on failure."""
    settings = settings_or_exit(config)
    from bot.operations import check_all

    results = asyncio.run(check_all(settings))
    for what, ok, detail in results:
        typer.echo(f"{'ok  ' if ok else 'FAIL'} {what}: {detail}")
    if not all(ok for _, ok, _ in results):
        raise typer.Exit(1)


@cli.command()
def backup(
    path: Annotated[Path, typer.Argument(help="Where to write the backup file.")],
    config: ConfigOption = None,
) -> None:
    """Back up the SQLite database online; for PostgreSQL, says how to use pg_dump."""
    settings = settings_or_exit(config)
    if settings.database_url.startswith("postgresql"):
        raise fail(
            "PostgreSQL is backed up with its own tool: "
            "pg_dump --format=custom --file=neuvo.dump <database>",
            code=1,
        )
    from bot.operations import backup_sqlite

    try:
        size = backup_sqlite(settings.database_url, path)
    except (OSError, ValueError) as exc:
        raise fail(f"backup failed: {exc}", code=1) from None
    typer.echo(f"backup written to {path} ({size} bytes)")


@db_cli.command("upgrade")
def db_upgrade(config: ConfigOption = None) -> None:
    """Apply database migrations up to the newest."""
    settings = settings_or_exit(config)
    from sqlalchemy.exc import SQLAlchemyError

    from bot.database_wait import brief
    from bot.operations import upgrade_database

    try:
        revision = asyncio.run(upgrade_database(settings))
    except (DatabaseUrlError, DatabaseNotReady) as exc:
        raise fail(str(exc)) from None
    except (OSError, SQLAlchemyError) as exc:
        where = masked_url(settings.database_url)
        raise fail(f"cannot use the database {where}: {brief(exc)}") from None
    typer.echo(f"database at revision {revision}")


def main() -> None:
    """Console-script entry point."""
    cli()
