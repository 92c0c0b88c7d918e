"""Prometheus metrics, in a registry owned by the app (no module-level state)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest


class Metrics:
    """The counters Neuvo exposes at /metrics."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates_processed = Counter(
            "neuvo_updates_processed", "Updates handled", registry=self.registry
        )
        self.updates_failed = Counter(
            "neuvo_updates_failed", "Updates whose handling failed", registry=self.registry
        )
        self.api_retries = Counter(
            "neuvo_api_retries",
            "Bot API calls retried",
            ["method", "reason"],
            registry=self.registry,
        )
        self.window_actions = Counter(
            "neuvo_window_actions", "Window actions done", ["kind"], registry=self.registry
        )
        self.digest_runs = Counter(
            "neuvo_digest_runs", "Digests built", ["format"], registry=self.registry
        )
        self.last_update = Gauge(
            "neuvo_last_update_timestamp", "Unix time of the last update", registry=self.registry
        )

    def api_retry(self, method: str, reason: str) -> None:
        """Count one retried Bot API call (reason like "429" or "TelegramServerError")."""
        self.api_retries.labels(method=method, reason=reason.split(" ")[0]).inc()

    def render(self) -> bytes:
        """The Prometheus text exposition."""
        return generate_latest(self.registry)
