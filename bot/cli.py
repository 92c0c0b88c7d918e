"""The `neuvo` command line (also `python -m bot`)."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

from config import Settings, SettingsError, load_settings
from storage.db import DatabaseUrlError
from themes.loader import CatalogError

cli = typer.Typer(help="Neuvo: themed advisory groups on Telegram.", no_args_is_help=True)
db_cli = typer.Typer(help="Database commands.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
themes_cli = typer.Typer(help="Theme catalog commands.", no_args_is_help=True)
cli.add_typer(themes_cli, name="themes")

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


def configure_logging(level: str) -> None:
    """Plain, timestamped log lines on stderr."""
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)


def install_stop_signals(stop: asyncio.Event) -> None:
    """SIGTERM and SIGINT ask the bot to finish what it holds and exit."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)


@cli.command()
def run(config: ConfigOption = None) -> None:
    """Run the bot against Telegram (or `telegram_api_url`) with durable long polling."""
    settings = settings_or_exit(config)
    if settings.bot_token is None:
        raise fail(
            "NEUVO_BOT_TOKEN is not set. Create a bot with @BotFather (/newbot) and put its "
            "token in NEUVO_BOT_TOKEN or in neuvo.toml as bot_token. (`make demo` needs none.)"
        )
    configure_logging(settings.log_level)
    from bot.app import build_app, run_until_stopped
    from bot.startup import FatalStartError

    async def main() -> None:
        stop = asyncio.Event()
        install_stop_signals(stop)
        app = build_app(settings)
        try:
            await run_until_stopped(app, stop)
        finally:
            await app.close()

    try:
        asyncio.run(main())
    except CatalogError as exc:
        for line in exc.errors:
            typer.echo(f"neuvo: {line}", err=True)
        raise typer.Exit(2) from None
    except (FatalStartError, DatabaseUrlError) as exc:
        raise fail(str(exc)) from None


@cli.command()
def demo(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where files go.")] = Path(
        "demo-output"
    ),
) -> None:
    """Run the offline demo: sandbox Telegram, the real bot, scripted people, simulated clock."""
    from sandbox.demo import run_demo

    configure_logging("WARNING")
    asyncio.run(run_demo(output))


@cli.command()
def replay(config: ConfigOption = None) -> None:
    """Retry every stored failed update."""
    settings = settings_or_exit(config)
    configure_logging(settings.log_level)
    from bot.operations import replay_failed

    handled, failed = asyncio.run(replay_failed(settings))
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
    from themes.loader import BUILTIN_DIR, check_catalog

    target = directory or BUILTIN_DIR
    if not target.is_dir():
        raise fail(f"{target} is not a directory")
    errors = check_catalog([target])
    for line in errors:
        typer.echo(line)
    if errors:
        raise typer.Exit(1)
    typer.echo(f"{target}: catalog is valid")


@db_cli.command("upgrade")
def db_upgrade(config: ConfigOption = None) -> None:
    """Apply database migrations up to the newest."""
    settings = settings_or_exit(config)
    from bot.operations import upgrade_database

    try:
        revision = asyncio.run(upgrade_database(settings))
    except DatabaseUrlError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot reach the database ({settings.database_url}): {exc}") from None
    typer.echo(f"database at revision {revision}")


def main() -> None:
    """Console-script entry point."""
    cli()
