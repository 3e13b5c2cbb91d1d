"""Getting evidence in: files and folders dropped on the window or on a case, a picture pasted
from the clipboard, and File → Import; each batch goes through the provenance form first."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QListView

from archive.errors import CasefileError
from ui.import_form import ImportForm
from ui.models import CaseListModel

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)


def local_paths(mime: QMimeData) -> list[Path]:
    """The local files and folders a drag or the clipboard carries (web links are left out)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class EvidenceIntake(QObject):
    """Turns drops and pastes into imports: asks for the batch's provenance, then imports."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.form: ImportForm | None = None  # the open provenance form, if any
        window.setAcceptDrops(True)
        window.case_view.setAcceptDrops(True)
        window.case_view.viewport().setAcceptDrops(True)
        window.case_view.setDropIndicatorShown(True)
        window.case_view.viewport().installEventFilter(self)
        window.installEventFilter(self)

    # --- dropping -----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDropEvent)
            if local_paths(event.mimeData()):
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
                return True
        elif kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = local_paths(event.mimeData())
            if paths:
                case = None
                if watched is self.w.case_view.viewport():
                    case = self.case_at(self.w.case_view, event.position().toPoint())
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
                self.offer(paths, case=case)
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def case_at(view: QListView, point: object) -> str | None:
        """The title of the case under ``point`` in the case list ("All items": None)."""
        index = view.indexAt(point)  # type: ignore[arg-type]
        return index.data(CaseListModel.CaseTitleRole) if index.isValid() else None

    def handle_drop(self, mime: QMimeData, *, case: str | None = None) -> ImportForm | None:
        """What a drop does (on the window, or on ``case`` in the case list)."""
        paths = local_paths(mime)
        if not paths:
            self.w.statusBar().showMessage(self.w.tr(
                "Only files and folders on this computer can be imported."), 8000)
            return None
        return self.offer(paths, case=case)

    # --- asking for the batch's provenance ----------------------------------------------
    def offer(self, paths: Sequence[Path], *, case: str | None = None, what: str = "",
              kind: str | None = None, image: QImage | None = None) -> ImportForm | None:
        """Open the provenance form for these files (or a pasted picture); import on OK.
        The form is window-modal but does not block: the answer arrives through a signal."""
        if self.w.importer.running:
            self.w.statusBar().showMessage(self.w.tr(
                "An import is already running; wait for it or cancel it first."), 8000)
            return None
        if self.form is not None:
            self.form.reject()
        form = ImportForm(self.w, paths=paths, cases=[c.title for c in self.w.case_model.cases()],
                          case=case or self.w.case_title or "",
                          collected_by=self.w.archive.actor, what=what)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.accepted.connect(lambda: self._go(form, list(paths), kind, image))
        form.finished.connect(lambda _r: self._forget(form))
        self.form = form
        form.open()
        return form

    def _forget(self, form: ImportForm) -> None:
        if self.form is form:
            self.form = None

    def _go(self, form: ImportForm, paths: list[Path], kind: str | None,
            image: QImage | None) -> None:
        case, batch = form.case_title(), form.batch(kind=kind)
        if image is None:
            self.w.import_paths(paths, case=case, batch=batch)
            return
        self.w.import_paths(self._picture_file(image), case=case, batch=batch)

    # --- pasting ------------------------------------------------------------------------
    def paste(self) -> ImportForm | None:
        """Edit → Paste screenshot: a picture on the clipboard becomes a screenshot item;
        files copied in a file manager are imported as if dropped."""
        mime = QApplication.clipboard().mimeData()
        if mime is not None and mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull():
                what = self.w.tr("A picture from the clipboard, {w} by {h} pixels, as a"
                                 " screenshot").format(w=image.width(), h=image.height())
                return self.offer([Path("clipboard.png")], what=what, kind="screenshot",
                                  image=image)
        if mime is not None and local_paths(mime):
            return self.offer(local_paths(mime))
        self.w.statusBar().showMessage(self.w.tr(
            "The clipboard holds no picture. Take a screenshot (or copy an image), then paste"
            " it here."), 8000)
        return None

    def _picture_file(self, image: QImage) -> PictureFile:
        return PictureFile(image.copy(), self.w.archive.storage.new_temp_dir())


class PictureFile:
    """Writes a pasted picture as a PNG in the archive's temporary folder, when called (in the
    import's background task); ``cleanup`` removes it once the archive holds its copy."""

    def __init__(self, image: QImage, folder: Path) -> None:
        self.image = image
        self.folder = folder
        stamp = datetime.now().strftime("%Y-%m-%d %H-%M-%S")
        self.path = folder / f"Screenshot {stamp}.png"

    def __call__(self) -> list[Path]:
        if not self.image.save(str(self.path), "PNG"):
            raise CasefileError(f"Casefile could not write the pasted picture to {self.path}:"
                                " is the disk full?")
        return [self.path]

    def cleanup(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
