"""Shared test constants and helpers (import as `tests.helpers`)."""

from __future__ import annotations

from datetime import date, datetime, time

TODAY = date(2026, 11, 23)  # a fixed "today": ages, consents and experience are stable
NOW = datetime.combine(TODAY, time(10, 30))  # the moment of an action on that day
