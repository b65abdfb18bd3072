"""Where the station lives and where bundled resources are found.

The station folder is machine-wide, so every officer on a shared PC uses the same station. It is
chosen, first match wins, from:

1. an explicit ``override`` argument (e.g. a ``--home`` command-line option);
2. the ``SCREENING_HOME`` environment variable;
3. the path written in the machine-wide configuration file ``station-home`` inside
   ``platformdirs.site_config_dir("screening", "Waypoint")`` (set by the installer or IT);
4. ``platformdirs.site_data_dir("screening", "Waypoint")``.

``resource_path()`` finds files shipped with the app (``forms/``, ``resources/``) both when running
from a source checkout and when frozen by PyInstaller (``sys._MEIPASS``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "screening"
APP_AUTHOR = "Waypoint"
HOME_ENV = "SCREENING_HOME"
LOG_DIR_ENV = "SCREENING_LOG_DIR"
HOME_CONFIG_FILE = "station-home"
RESOURCE_ROOT_ENV = "SCREENING_RESOURCE_ROOT"

# Folders holding station data are private to the account(s) running the app.
PRIVATE_DIR_MODE = 0o700


def station_home(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the station folder (not created; see ``ensure_dir``).

    ``override`` wins, then ``SCREENING_HOME``, then the machine-wide configuration file, then the
    platform's machine-wide data folder.
    """
    if override is not None and str(override) != "":
        return Path(override).expanduser().resolve()
    from_env = os.environ.get(HOME_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser().resolve()
    configured = _configured_home()
    if configured is not None:
        return configured
    import platformdirs  # only here: the app's start-up does not pay for it when the folder is set

    return Path(platformdirs.site_data_dir(APP_NAME, APP_AUTHOR))


def home_config_file() -> Path:
    """The machine-wide file in which IT may write the station folder's path (one line)."""
    import platformdirs

    return Path(platformdirs.site_config_dir(APP_NAME, APP_AUTHOR)) / HOME_CONFIG_FILE


def _configured_home() -> Path | None:
    try:
        text = home_config_file().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return Path(line).expanduser().resolve()
    return None


def ensure_dir(path: Path, mode: int = PRIVATE_DIR_MODE) -> Path:
    """Create ``path`` (and parents) if missing, with ``mode`` for the folders created here."""
    path.mkdir(mode=mode, parents=True, exist_ok=True)
    return path


def log_dir(home: Path | None = None) -> Path:
    """The folder for log files: ``SCREENING_LOG_DIR`` if set, else ``<station folder>/logs``.

    Logs carry ids, never names, answers, passphrases or keys. Created if missing.
    """
    from_env = os.environ.get(LOG_DIR_ENV, "").strip()
    if from_env:
        return ensure_dir(Path(from_env).expanduser().resolve())
    return ensure_dir((home if home is not None else station_home()) / "logs")


def temp_dir(home: Path | None = None) -> Path:
    """A private scratch folder inside the station folder (``<station folder>/tmp``).

    Use this rather than the system temp folder: whatever is written here is already encrypted,
    and it stays beside the station it belongs to. Created if missing, mode 0o700.
    """
    return ensure_dir((home if home is not None else station_home()) / "tmp")


def is_frozen() -> bool:
    """True when running from a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def bundle_root() -> Path:
    """The folder holding ``forms/`` and ``resources/``: the bundle when frozen, else the repo.

    For tests only, a source checkout honours ``SCREENING_RESOURCE_ROOT`` (a folder with its own
    ``forms/`` and ``resources/``), so a test can break a resource without touching the repo. A
    frozen build ignores it: a deployed station always uses the forms and fonts it shipped with.
    """
    meipass = getattr(sys, "_MEIPASS", None)
    if is_frozen() and meipass is not None:
        return Path(str(meipass))
    override = os.environ.get(RESOURCE_ROOT_ENV, "").strip()
    if override:
        return Path(override).expanduser().resolve()
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. ``resource_path("forms", "flags.yaml")``.

    Works from a source checkout and from a frozen build. Refuses absolute parts and ``..`` so a
    caller cannot reach outside the bundle.
    """
    for part in parts:
        pure = Path(part)
        if pure.is_absolute() or ".." in pure.parts:
            raise ValueError(f"resource path parts must be relative and inside the bundle: {part!r}")
    return bundle_root().joinpath(*parts)
