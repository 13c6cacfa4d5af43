"""Диаграммы: the report's four charts on screen, drawn by the documents engine as pictures
(so what the curator sees is what the report prints)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from mentor_desk.documents.analytic_report import AnalyticReport

CHART_DPI = 88  # 170 mm at 88 dpi is about 590 px: two charts side by side at 1366 px


class ChartsPage(QWidget):
    """Indicators against targets, pairs by form and status, the roadmap, satisfaction."""

    def __init__(self, data: Callable[[], AnalyticReport | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chartsPage")
        self._data = data
        self.dirty = True
        self.images: list[QLabel] = []
        inner = QWidget()
        self.grid = QGridLayout(inner)
        self.captions: list[QLabel] = []
        for n in range(4):
            caption = QLabel()
            self.captions.append(caption)
            caption.setStyleSheet("font-weight: bold;")
            image = QLabel()
            image.setObjectName(f"chart{n + 1}")
            image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(caption, (n // 2) * 2, n % 2)
            self.grid.addWidget(image, (n // 2) * 2 + 1, n % 2)
            self.images.append(image)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def invalidate(self) -> None:
        self.dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.dirty:
            self.refresh()

    def refresh(self) -> None:
        from mentor_desk.documents.analytic_report import report_charts
        from mentor_desk.documents.charts import to_png

        data = self._data()
        if data is None:
            return
        self.dirty = False
        for n, (caption, drawing) in enumerate(report_charts(data)):
            self.captions[n].setText(f"Рисунок {n + 1}. {caption}")
            pixmap = QPixmap()
            pixmap.loadFromData(to_png(drawing, dpi=CHART_DPI * 2))
            pixmap.setDevicePixelRatio(2.0)
            self.images[n].setPixmap(pixmap)
