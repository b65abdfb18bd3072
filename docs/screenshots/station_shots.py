"""Screenshot steps for the station screens (run by ``take.py``): the whole app
(``screening.ui.startup.Application``) over throwaway stations in a temporary folder (cheap,
insecure key derivation: these are pictures, not stations).

Each screen at 100 % and 200 % text: the first-run screen, the recovery key, the login screen of
a demo station, the home page of the custody officer, the lock screen, and the Admin page's
users (with the remove confirmation) and audit trail (verified).

Steps return a check when they must wait for the app (``take.py`` waits for it, then lets the
layouts settle before the next step).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from screening.checklist.loader import FormLibrary
from screening.services import station_admin
from screening.services.station_admin import DEMO_ACCOUNTS
from screening.store.keyslots import INSECURE_TEST_KDF, TEST_KDF_ENV
from screening.ui.admin import AdminController
from screening.ui.firstrun import FirstRunView
from screening.ui.home import HomeController
from screening.ui.i18n import set_language
from screening.ui.startup import Application, StartupOptions
from screening.ui.theme import ThemeSettings

Step = Callable[[], Any]
SCALES = (1.0, 2.0)
OFFICER = next(a for a in DEMO_ACCOUNTS if a.user_id == "demo-custody")
ADMIN = next(a for a in DEMO_ACCOUNTS if a.user_id == "demo-admin")


class StationShots:
    """Owns the throwaway stations and the app while the screenshots are taken."""

    def __init__(self, *, out: Path, size: tuple[int, int], library: FormLibrary,
                 written: list[Path], only: set[str] | frozenset[str] = frozenset()) -> None:
        self.out, self.size, self.library, self.written = out, size, library, written
        self.only = only
        """The shots to take (by name; all when empty)."""
        self.folder = Path(tempfile.mkdtemp(prefix="screening-station-shots-"))
        self.app: Application | None = None

    # ------------------------------------------------------------------ the app

    def start(self, home: Path) -> Callable[[], bool]:
        os.environ[TEST_KDF_ENV] = "1"
        self.stop()
        qapp = QApplication.instance()
        assert isinstance(qapp, QApplication)
        library = self.library
        app = Application(qapp, StartupOptions(home=home, load_library=lambda: library,
                                               demo_allowed=True))
        app.window.resize(*self.size)
        app.start()
        app.window.activateWindow()
        self.app = app
        return lambda: app.ready and app.context is not None and app.context.library is not None

    def stop(self) -> None:
        if self.app is not None:
            self.app.window.close()
            self.app.shutdown()
            self.app.window.deleteLater()
            self.app = None

    @property
    def a(self) -> Application:
        assert self.app is not None
        return self.app

    def scale(self, scale: float) -> None:
        self.a.theme.apply(ThemeSettings(font_scale=scale))

    def save(self, name: str) -> None:
        if self.only and name not in self.only:
            return
        path = self.out / f"{name}.png"
        self.a.window.grab().save(str(path))
        self.written.append(path)

    def both(self, name: str, before: Step | None = None) -> list[Step]:
        """The current screen at each text size (``before`` re-arranges it after a change)."""
        steps: list[Step] = []
        for scale in SCALES:
            steps.append(lambda scale=scale: self.scale(scale))
            if before is not None:
                steps.append(before)
            steps.append(lambda scale=scale: self.save(f"{name}-{round(scale * 100)}"))
        steps.append(lambda: self.scale(1.0))
        return steps

    def log_in(self, user_id: str, passphrase: str) -> Callable[[], bool]:
        view = self.a.login_view
        view.choose_user(user_id)
        view.passphrase_edit.setText(passphrase)
        view.login_button.click()
        return lambda: self.a.window.workspace is not None

    # ------------------------------------------------------------------ the screens

    def steps(self) -> list[Step]:
        first_run_home = self.folder / "new-station"
        demo_home = self.folder / "demo-station"
        steps: list[Step] = [lambda: self.start(first_run_home)]
        steps += self.both("station-first-run")
        steps += [lambda: set_language("cy")]
        steps += self.both("station-first-run-welsh")
        steps += [lambda: set_language("en")]
        steps += [self.create_station]
        steps += self.both("station-recovery-key")
        steps += [lambda: self.make_demo(demo_home), lambda: self.start(demo_home)]
        steps += self.both("station-login-demo")
        steps += [lambda: set_language("cy")]
        steps += self.both("station-login-demo-welsh")
        steps += [lambda: set_language("en")]
        steps += [lambda: self.log_in(OFFICER.user_id, OFFICER.passphrase), self.home_loaded]
        steps += self.both("station-home")
        steps += [lambda: set_language("cy")]
        steps += self.both("station-home-welsh")
        steps += [self.lock]
        steps += self.both("station-lock-welsh")
        steps += [lambda: set_language("en")]
        steps += self.both("station-lock")
        steps += [self.switch_user, lambda: self.log_in(ADMIN.user_id, ADMIN.passphrase),
                  self.admin_users]
        steps += self.both("station-admin-users")
        steps += [lambda: set_language("cy")]
        steps += self.both("station-admin-users-welsh")
        steps += [lambda: set_language("en")]
        steps += [self.remove_confirmation]
        steps += self.both("station-admin-remove-confirm", before=self.reveal_confirmation)
        steps += [self.audit]
        steps += self.both("station-admin-audit")
        steps += [lambda: set_language("cy")]
        steps += self.both("station-admin-audit-welsh")
        steps += [lambda: set_language("en")]
        steps += [self.finish]
        return steps

    def create_station(self) -> Callable[[], bool]:
        view = self.a.window.screen_widget()
        assert isinstance(view, FirstRunView)
        for field, text in ((view.name, "Northtown custody suite"),
                            (view.agency, "Northshire Police (fictional)"),
                            (view.site, "Custody suite A"), (view.admin_id, "admin1"),
                            (view.admin_name, "Alex Admin")):
            field.editor.setText(text)  # type: ignore[attr-defined]
        view.passphrase.first_edit.setText("four unrelated calm words")
        view.passphrase.second_edit.setText("four unrelated calm words")
        view.create_button.click()
        return lambda: view.pages.currentIndex() == view.RECOVERY_PAGE

    def make_demo(self, home: Path) -> None:
        station_admin.create_demo_station(home, self.library, kdf=INSECURE_TEST_KDF)

    def home_loaded(self) -> Callable[[], bool]:
        assert self.a.shell is not None
        page = self.a.shell.pages["home"]
        assert isinstance(page, HomeController)
        return lambda: page.loads > 0

    def lock(self) -> None:
        assert self.a.shell is not None
        self.a.shell.lock_now()

    def switch_user(self) -> Callable[[], bool]:
        assert self.a.shell is not None
        self.a.shell.lock.switch_user()
        return lambda: self.a.window.screen_widget() is self.a.login_view

    def _admin(self) -> AdminController:
        assert self.a.shell is not None
        page = self.a.shell.pages["admin"]
        assert isinstance(page, AdminController)
        return page

    def admin_users(self) -> Callable[[], bool]:
        assert self.a.context is not None
        self.a.context.navigator.admin_requested.emit()
        admin = self._admin()
        return lambda: admin.view.users.model.rowCount() == len(DEMO_ACCOUNTS)

    def remove_confirmation(self) -> None:
        admin = self._admin()
        users = admin.view.users
        row = [u.user_id for u in users.model.rows()].index("demo-custody2")
        users.table.setCurrentIndex(users.model.index(row, 0))
        users.remove_button.click()

    def reveal_confirmation(self) -> None:
        users = self._admin().view.users
        users.ensureWidgetVisible(users.confirm_box, 0, 0)

    def audit(self) -> Callable[[], bool]:
        admin = self._admin()
        admin.cancel_confirmation()
        admin.view.show_tab(admin.view.AUDIT)
        admin.verify()
        audit = admin.view.audit
        return lambda: audit.verify_result.isVisible() and audit.model.rowCount() > 0

    def finish(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def main() -> int:
    """Only the station screens: ``xvfb-run -a .venv/bin/python docs/screenshots/station_shots.py``
    (name shots to take only those)."""
    import sys
    import time

    from PySide6.QtCore import QTimer

    from screening.paths import resource_path

    qapp = QApplication(sys.argv)
    qapp.setQuitOnLastWindowClosed(False)  # one app window closes before the next opens
    if qapp.platformName() == "offscreen":
        print("run under xvfb-run (the xcb platform), not offscreen", file=sys.stderr)
    written: list[Path] = []
    only = {name.removesuffix(".png") for name in sys.argv[1:] if not name.startswith("-")}
    shots = StationShots(out=Path(__file__).resolve().parent, size=(1280, 860),
                         library=FormLibrary.load(resource_path("forms")), written=written,
                         only=only)
    steps = shots.steps()

    def run_next() -> None:
        if not steps:
            qapp.quit()
            return
        settle(steps.pop(0)(), time.monotonic())

    def settle(waiting: object, started: float) -> None:
        if callable(waiting) and not waiting() and time.monotonic() - started < 20:
            QTimer.singleShot(50, lambda: settle(waiting, started))
            return
        QTimer.singleShot(300, run_next)

    QTimer.singleShot(0, run_next)
    qapp.exec()
    for path in written:
        print(path.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
