"""Errors of the digest package."""

from __future__ import annotations


class DigestError(Exception):
    """A digest cannot be made as asked (unknown group, bad period, ...)."""


class RenderError(DigestError):
    """A format cannot be rendered here (unknown format, PDF without WeasyPrint, ...)."""
