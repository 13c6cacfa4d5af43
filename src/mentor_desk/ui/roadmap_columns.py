"""The checklist's column widths: fitted to the window until the curator resizes one.

Widths the curator set by hand are kept (the header's state, in the settings) until
«Подогнать ширину колонок к окну» in the header's menu; fitted ones follow the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import QMenu, QTreeView

from mentor_desk.ui.context import app_settings
from mentor_desk.ui.roadmap_model import RoadmapTreeModel, fit_widths

HEADER_KEY = "roadmap/header"
SCROLL_BAR_SLACK = 24  # px: a vertical scroll bar appearing does not refit the columns
RELAYOUT_MS = 80  # rows are laid out again once a drag of a column's edge pauses


class ColumnFitter(QObject):
    """Fits the tree's columns to its width; `relaid` is called after the rows are laid
    out again at new widths (their heights follow the wrapped text)."""

    def __init__(
        self, tree: QTreeView, model: RoadmapTreeModel, relaid: Callable[[], None]
    ) -> None:
        super().__init__(tree)
        self.tree, self.model, self._relaid = tree, model, relaid
        self.manual = False  # the curator resized a column: widths stay theirs
        self._dragging = False
        self._fitted_width = 0
        header = tree.header()
        state = app_settings().value(HEADER_KEY)
        if isinstance(state, QByteArray) and header.restoreState(state):
            self.manual = True
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(RELAYOUT_MS)
        self._relayout.timeout.connect(self._columns_resized)
        header.sectionResized.connect(self._section_resized)
        header.sectionHandleDoubleClicked.connect(lambda _: self.set_manual(True))
        header.viewport().installEventFilter(self)
        self._fit_later = QTimer(self)
        self._fit_later.setSingleShot(True)
        self._fit_later.setInterval(0)
        self._fit_later.timeout.connect(lambda: self.fit(force=False))
        # Kept to tell the two apart in eventFilter, which still hears them while the tree
        # is being destroyed (its Python wrapper already gone).
        self._viewport, self._header_viewport = tree.viewport(), header.viewport()
        self._viewport.installEventFilter(self)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self._fit_later.start()  # once the scroll area has laid out its viewport
        elif watched is self._header_viewport:
            if event.type() == QEvent.Type.MouseButtonPress:
                self._dragging = True
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self._dragging = False
        return super().eventFilter(watched, event)

    def _section_resized(self, *_: object) -> None:
        if self._dragging:
            self.set_manual(True)
        self._relayout.start()

    def set_manual(self, manual: bool) -> None:
        """Widths by hand (remembered) or fitted to the window again."""
        self.manual = manual
        settings = app_settings()
        if manual:
            settings.setValue(HEADER_KEY, self.tree.header().saveState())
        else:
            settings.remove(HEADER_KEY)
            self.fit()

    def _columns_resized(self) -> None:
        self.tree.doItemsLayout()  # rows grow or shrink to the wrapped text
        self._relaid()
        if self.manual:
            app_settings().setValue(HEADER_KEY, self.tree.header().saveState())

    def fit(self, force: bool = True) -> None:
        """Share the width among the visible columns (unless the curator set them).

        Without `force`, only when the width changed by more than a scroll bar: the one
        that comes and goes with the rows' heights is left to the last column.
        """
        if self.manual:
            return
        header = self.tree.header()
        visible = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        indent = self.tree.indentation() if self.tree.rootIsDecorated() else 0
        available = self.tree.viewport().width() - 2
        if not force and abs(available - self._fitted_width) <= SCROLL_BAR_SLACK:
            return
        self._fitted_width = available
        widths = fit_widths(visible, available, indent, self.model.empty_columns(),
                            own_numbers=self.model.own_numbers,
                            minimum=header.minimumSectionSize())  # fmt: skip
        for column, width in widths.items():
            header.resizeSection(column, width)  # not dragged: stays "fitted"
        self.tree.doItemsLayout()
        self._relaid()

    def _header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self.tree)
        fit = menu.addAction("Подогнать ширину колонок к окну")
        fit.triggered.connect(lambda: self.set_manual(False))
        menu.exec(self.tree.header().mapToGlobal(pos))
