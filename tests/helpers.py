"""Shared test constants and helpers (import as `tests.helpers`)."""

from __future__ import annotations

from datetime import date

TODAY = date(2026, 11, 23)  # a fixed "today": ages, consents and experience are stable
