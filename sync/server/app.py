"""The central service's HTTP face: a FastAPI app over :mod:`sync.server.service`.

Stateless: every request reads what it needs from the database, so several uvicorn workers (or
machines) can serve one PostgreSQL database. Run it with ``screening-central serve``; workers build
their app with :func:`app_from_env`. Endpoints (all under ``/sync/v1`` except the health check):

* ``POST /enrol``: one-time code + station signing key -> credential + centre keys.
* ``POST /push``: a FHIR batch Bundle of sealed envelopes -> a batch-response Bundle. Needs
  ``Authorization: Bearer <credential>`` and ``Idempotency-Key``.
* ``GET /changes?cursor=&limit=``: the change feed. Needs the credential, ``X-Waypoint-User`` and
  ``X-Waypoint-Role``.
* ``POST /lookup``: look a person up (a :class:`sync.protocol.LookupRequest` in the body, never in
  the URL) -> other agencies' shared summaries, rendered for the recipient this station's agency is
  (see :mod:`sync.server.lookup`). Needs the credential, ``X-Waypoint-User`` and ``X-Waypoint-Role``.
* ``GET /healthz``: the service is up and its database answers.

Central reporting for analysts and researchers is mounted under ``/reports`` (see
:mod:`sync.server.reporting.web`); after each push the reporting store is brought up to date.

Errors are OperationOutcome resources (``application/fhir+json`` on ``/push``, ``application/json``
elsewhere) whose first issue carries a :class:`sync.protocol.SyncError` code.
"""

import gc
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import BackgroundTasks, Body, Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException

from screening.domain.enums import Role
from sync.protocol import (
    API_PREFIX,
    CURSOR_PATTERN,
    FHIR_JSON,
    IDEMPOTENCY_KEY_HEADER,
    LOOKUP_PATH,
    REPLAYED_HEADER,
    ROLE_HEADER,
    TOKEN_PATTERN,
    USER_HEADER,
    BatchResponse,
    ChangeFeed,
    EnrolRequest,
    EnrolResponse,
    LookupRequest,
    LookupResponse,
    OperationOutcome,
    PushBundle,
    SyncError,
    operation_outcome,
)
from sync.server import lookup as lookups
from sync.server import service
from sync.server.db import make_engine
from sync.server.keys import load_keys
from sync.server.reporting import builder as reporting_builder
from sync.server.reporting import pseudonym
from sync.server.reporting.web import reporting_router
from sync.server.service import ServiceError
from sync.server.settings import Settings

log = logging.getLogger(__name__)

PUSH_PATH = f"{API_PREFIX}/push"
SERVICE_VERSION = "1"


class FhirJSONResponse(JSONResponse):
    media_type = FHIR_JSON


def _error_media_type(request: Request) -> str:
    return FHIR_JSON if request.url.path == PUSH_PATH else "application/json"


def _outcome_response(request: Request, status: int, reason: SyncError, message: str) -> Response:
    body = operation_outcome(reason, message).model_dump_json(by_alias=True, exclude_none=True)
    return Response(content=body, status_code=status, media_type=_error_media_type(request))


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": OperationOutcome} for status in statuses}


_STATUS_REASON = {
    400: SyncError.REQUEST_INVALID,
    404: SyncError.NOT_FOUND,
    405: SyncError.NOT_FOUND,
    413: SyncError.TOO_LARGE,
}


def create_app(settings: Settings) -> FastAPI:
    """The central service as an ASGI app. Loads the centre's keys (raises
    :class:`sync.server.keys.KeysError` if they are missing) and connects lazily to the database."""
    keys = load_keys(settings.keys_dir)
    pseudonym_key = pseudonym.load_or_create(settings.keys_dir)
    engine = make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="Waypoint screening central service",
        version=SERVICE_VERSION,
        description="Sync endpoints for screening stations. See sync/protocol.py for the envelope format.",
        lifespan=lifespan,
    )
    bearer = HTTPBearer(auto_error=False, description="the station credential issued at enrolment")

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> Response:
        return _outcome_response(request, exc.status, exc.reason, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, exc: RequestValidationError) -> Response:
        where = []
        for error in exc.errors()[:5]:
            location = ".".join(str(part) for part in error.get("loc", ()))
            where.append(f"{location}: {error.get('msg', 'invalid')}")
        return _outcome_response(
            request, 422, SyncError.REQUEST_INVALID, "The request is not valid: " + "; ".join(where)
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        reason = _STATUS_REASON.get(exc.status_code, SyncError.REQUEST_INVALID)
        return _outcome_response(request, exc.status_code, reason, str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.error(
            "unexpected %s on %s %s",
            type(exc).__name__,
            request.method,
            request.url.path,
            exc_info=(type(exc), exc, exc.__traceback__),
        )
        return _outcome_response(
            request,
            500,
            SyncError.INTERNAL,
            "The central service failed to handle this request; it has been logged. Try again later.",
        )

    def station_for(action: str) -> Any:
        def dependency(
            credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
        ) -> service.Station:
            return service.authenticate(
                engine, credentials.credentials if credentials else None, action=action
            )

        return dependency

    async def raw_body(request: Request) -> bytes:
        body = await request.body()
        if len(body) > settings.max_body_bytes:
            raise ServiceError(
                413,
                SyncError.TOO_LARGE,
                f"The request is larger than {settings.max_body_bytes} bytes; send smaller batches.",
            )
        return body

    @app.get("/healthz", responses=_errors(503))
    def healthz() -> dict[str, Any]:
        """The service is up and its database answers."""
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:
            log.warning("health check: database unavailable (%s)", type(exc).__name__)
            raise ServiceError(503, SyncError.INTERNAL, "The database is not answering.") from None
        return {"status": "ok", "version": SERVICE_VERSION, "worker": os.getpid()}

    @app.post(f"{API_PREFIX}/enrol", response_model=EnrolResponse, responses=_errors(403, 409, 422))
    def enrol(request: EnrolRequest) -> EnrolResponse:
        """Spend a one-time enrolment code: register the station's signing key, receive the
        station credential (shown once) and the centre's public keys."""
        return service.enrol(engine, request, keys)

    @app.post(
        PUSH_PATH,
        response_class=FhirJSONResponse,
        responses={200: {"model": BatchResponse}, **_errors(400, 401, 403, 413, 422)},
    )
    def push(
        background: BackgroundTasks,
        bundle: Annotated[PushBundle, Body(media_type=FHIR_JSON)],
        raw: Annotated[bytes, Depends(raw_body)],
        station: Annotated[service.Station, Depends(station_for("push"))],
        idempotency_key: Annotated[
            str, Header(alias=IDEMPOTENCY_KEY_HEADER, pattern=TOKEN_PATTERN, max_length=128)
        ],
    ) -> Response:
        """Push a FHIR batch Bundle of sealed envelopes; each entry is answered on its own.

        A repeated Idempotency-Key replays the stored response byte for byte; the same key with a
        different request is refused (422)."""
        result = service.push(
            engine, station=station, idempotency_key=idempotency_key, raw=raw, bundle=bundle, keys=keys
        )
        if not result.replayed:
            # After the push's commit and the response: the reporting store follows (a failure
            # there is logged and repaired by the next sweep; it never fails the push).
            background.add_task(reporting_builder.update_after_push, engine, pseudonym_key, result.body)
        headers = {REPLAYED_HEADER: "true"} if result.replayed else {}
        return Response(content=result.body, status_code=result.status, media_type=FHIR_JSON, headers=headers)

    @app.get(f"{API_PREFIX}/changes", response_model=ChangeFeed, responses=_errors(400, 401, 403, 422))
    def changes(
        station: Annotated[service.Station, Depends(station_for("pull"))],
        cursor: Annotated[str, Query(pattern=CURSOR_PATTERN)] = "",
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
        user_id: Annotated[
            str | None, Header(alias=USER_HEADER, pattern=TOKEN_PATTERN, max_length=128)
        ] = None,
        role: Annotated[Role | None, Header(alias=ROLE_HEADER)] = None,
    ) -> ChangeFeed:
        """The next changes for this station after ``cursor``: form versions, flag registry
        versions and directives, each signed by the centre. Save the returned cursor only after
        applying them."""
        return service.pull(
            engine,
            station=station,
            user_id=user_id,
            role=role.value if role else None,
            cursor=cursor,
            limit=min(limit, settings.feed_page_limit),
        )

    @app.post(LOOKUP_PATH, response_model=LookupResponse, responses=_errors(400, 401, 403, 422))
    def lookup(
        request: LookupRequest,
        station: Annotated[service.Station, Depends(station_for("lookup"))],
        user_id: Annotated[
            str | None, Header(alias=USER_HEADER, pattern=TOKEN_PATTERN, max_length=128)
        ] = None,
        role: Annotated[Role | None, Header(alias=ROLE_HEADER)] = None,
    ) -> LookupResponse:
        """Look a person up by PNC ID or NHS number (shown at once), or by name and date of birth
        (a candidate until the user confirms it is the same person): other agencies' latest
        finalised revisions, each rendered by the disclosure function for the recipient this
        station's agency is. Every look-up is audited at the centre."""
        return lookups.lookup(
            engine, station=station, user_id=user_id, role=role.value if role else None, request=request
        )

    router, install = reporting_router(engine, pseudonym_key)
    app.include_router(router)
    install(app)
    return app


def app_from_env() -> FastAPI:
    """The app factory uvicorn workers call (``sync.server.app:app_from_env``): settings come from
    ``SCREENING_CENTRAL_DB`` and ``SCREENING_CENTRAL_KEYS``."""
    # A worker is a fresh process: give the service's own loggers a handler (no-op if one exists).
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(Settings.from_env())
    _freeze_start_up_heap()
    return app


def _freeze_start_up_heap() -> None:
    """Load the FHIR models pushes validate with, then move everything start-up made (modules,
    models, the app) out of the cyclic garbage collector's reach (``gc.freeze``): it is never
    garbage, and every full collection would otherwise walk all of it again. A push makes tens of
    thousands of short-lived objects (each record's FHIR model tree), so full collections come
    often: measured on an app built here (about 185,000 objects frozen), collections took about
    0.6 ms per pushed record, and 0.15 ms after freezing. Collection of everything made
    afterwards is unchanged."""
    service.load_models()
    gc.collect()
    gc.freeze()
