"""The central service's settings: where the database and the keys are, and a few limits."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

DB_ENV = "SCREENING_CENTRAL_DB"
KEYS_ENV = "SCREENING_CENTRAL_KEYS"
DEFAULT_DB_URL = "sqlite:///screening-central.sqlite3"
"""The development default: an SQLite file in the working folder. Production names PostgreSQL."""
DEFAULT_KEYS_DIR = Path("central-keys")


class Settings(BaseModel):
    """Everything :func:`sync.server.app.create_app` needs. Workers build it from the environment."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    database_url: str = DEFAULT_DB_URL
    keys_dir: Path = DEFAULT_KEYS_DIR
    max_body_bytes: int = Field(64 * 1024 * 1024, gt=0)
    feed_page_limit: int = Field(500, gt=0)

    @classmethod
    def from_env(cls, *, database_url: str | None = None, keys_dir: Path | str | None = None) -> Settings:
        """Arguments first, then ``SCREENING_CENTRAL_DB`` / ``SCREENING_CENTRAL_KEYS``, then defaults."""
        return cls(
            database_url=database_url or os.environ.get(DB_ENV) or DEFAULT_DB_URL,
            keys_dir=Path(keys_dir or os.environ.get(KEYS_ENV) or DEFAULT_KEYS_DIR),
        )
