"""Deployment files agree with the code: compose services, env names, command; Dockerfile."""

from __future__ import annotations

from pathlib import Path

import yaml

from config.settings import ENV_PREFIX, Settings

ROOT = Path(__file__).resolve().parents[2]


def test_compose_env_names_are_real_settings() -> None:
    """Every NEUVO_* variable in docker-compose.yml names a setting the code reads."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert set(compose["services"]) == {"db", "bot"}
    bot = compose["services"]["bot"]
    names = {name for name in bot["environment"] if name.startswith(ENV_PREFIX)}
    fields = {f"{ENV_PREFIX}{field.upper()}" for field in Settings.model_fields}
    assert names <= fields, names - fields
    assert {"NEUVO_BOT_TOKEN", "NEUVO_DATABASE_URL", "NEUVO_WEBHOOK_URL"} <= names
    assert bot["environment"]["NEUVO_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert bot["command"] == ["run"]
    assert bot["ports"] == [f"{bot['environment']['NEUVO_WEBHOOK_PORT']}:8080"]


def test_dockerfile_runs_the_cli_as_non_root() -> None:
    """The image's entry point is `python -m bot run`, as a non-root user."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert 'ENTRYPOINT ["python", "-m", "bot"]' in dockerfile
    assert 'CMD ["run"]' in dockerfile
    assert "USER neuvo" in dockerfile
    assert "PYTHONUNBUFFERED=1" in dockerfile
