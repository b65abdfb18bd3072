"""The wizard's ``AnswerSink`` over the services: one draft, on the database worker.

``ServicesAnswerSink`` is made on the database worker (inside the operation that opens the
draft) and only ever called there: the wizard submits ``save_answer`` / ``save_position`` to the
worker, in the order the user made the changes. Each call is one transaction in the station
(``services.screenings.answer`` commits the answer with its audit row before it returns), so when
the wizard hears back, the answer is on disk.

A locked station raises ``PermissionError`` here, which the wizard shows as "the station is
locked" (its plain words for that case) while keeping the answer on screen to save again.
"""

from __future__ import annotations

import logging
from uuid import UUID

from screening.checklist.answers import Value
from screening.services.core import Services
from screening.services.errors import StationLockedError
from screening.services.views import Progress

log = logging.getLogger(__name__)


class ServicesAnswerSink:
    """Saves one draft's answers and position through ``services.screenings``.

    Never touched on the UI thread: the wizard calls it through the ``DatabaseWorker``.
    """

    def __init__(self, services: Services, screening_id: UUID) -> None:
        self._services = services
        self.screening_id = screening_id
        self.last_progress: Progress | None = None
        """What the station made of the last saved answer (read on the worker, or after a
        drain in tests)."""

    def save_answer(self, *, code: str, value: Value | None) -> None:
        try:
            self.last_progress = self._services.screenings.answer(
                screening_id=self.screening_id, item_code=code, value=value
            )
        except StationLockedError as exc:
            raise PermissionError(str(exc)) from None

    def save_position(self, *, section_id: str | None, item_code: str | None) -> None:
        try:
            self._services.screenings.save_position(
                screening_id=self.screening_id, page=section_id, item_code=item_code
            )
        except StationLockedError as exc:
            # Where the user was matters less than what they answered: say so in the log only.
            log.info("position of screening %s not saved: station locked", self.screening_id)
            raise PermissionError(str(exc)) from None
