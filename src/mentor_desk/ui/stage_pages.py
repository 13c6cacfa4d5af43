"""The two pages of the monitoring stages for the «Мониторинг» tab, in one import."""

from __future__ import annotations

from mentor_desk.ui.growth_page import GrowthPage
from mentor_desk.ui.swot_page import SwotPage

__all__ = ["GrowthPage", "SwotPage"]
