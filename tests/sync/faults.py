"""A fault-injecting httpx transport for the push: it sits between the station's sync client and the
real central service (real HTTP on loopback) and, at random, breaks an attempt in one of the ways
networks and proxies break them."""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from enum import StrEnum
from typing import Any

import httpx


class Fault(StrEnum):
    DROP_BEFORE = "drop-before-send"
    """The connection fails before the request reaches the service."""
    DROP_AFTER = "drop-after-commit"
    """The service handled (and committed) the request; the connection drops before the answer."""
    STATUS_500 = "500-after-commit"
    """The service committed, but the client is told 500 (a proxy in between failed)."""
    STATUS_503 = "503-before-send"
    """A proxy answers 503 without passing the request on."""
    TIMEOUT = "timeout"
    """A real read timeout: the request is sent with a read timeout far shorter than the service
    needs, so httpx gives up while the service carries on."""
    REPLAY = "replay"
    """The request reaches the service twice (at the same time); the client gets one answer."""
    REPLAY_OLD = "replay-old"
    """An earlier request of this station arrives again (late), before the current one."""
    WRONG_COUNT = "wrong-count"
    """A well-formed batch-response with an entry too few or too many."""
    WRONG_KEY = "wrong-key"
    """A well-formed batch-response for another batch (its idempotency key differs)."""
    SHUFFLED = "shuffled"
    """A well-formed batch-response whose entries (or statuses) are in the wrong places."""


PUSH_PATH = "/sync/v1/push"


class FaultInjector(httpx.BaseTransport):
    """Wraps a real transport; injects a fault into a push attempt with probability ``rate``."""

    def __init__(
        self, *, rng: random.Random, rate: float, counts: Counter[Fault], lock: threading.Lock
    ) -> None:
        self._inner = httpx.HTTPTransport()
        self._rng = rng
        self.rate = rate
        self.counts = counts
        self._lock = lock
        self.attempts = 0
        self._sent: list[tuple[httpx.Headers, bytes]] = []

    def close(self) -> None:
        self._inner.close()

    def _count(self, fault: Fault) -> None:
        with self._lock:
            self.counts[fault] += 1

    def _copy(self, url: httpx.URL, headers: httpx.Headers, body: bytes) -> httpx.Request:
        return httpx.Request("POST", url, headers=headers, content=body)

    def _forward(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        response.read()
        return response

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != PUSH_PATH:
            return self._inner.handle_request(request)
        body = request.read()
        self.attempts += 1
        earlier = list(self._sent)
        self._sent.append((request.headers, body))
        if self._rng.random() >= self.rate:
            return self._forward(request)
        fault = self._rng.choice(list(Fault))
        self._count(fault)
        if fault is Fault.DROP_BEFORE:
            raise httpx.ConnectError("injected: connection refused", request=request)
        if fault is Fault.STATUS_503:
            return httpx.Response(503, json={"resourceType": "OperationOutcome", "issue": []})
        if fault is Fault.TIMEOUT:
            timeouts = dict(request.extensions.get("timeout", {}))
            timeouts["read"] = 0.0005
            request.extensions["timeout"] = timeouts
            try:
                self._forward(request)
            except httpx.ReadTimeout:
                raise
            raise httpx.ReadTimeout("injected: the answer came too late", request=request)
        if fault is Fault.REPLAY:
            twin = self._copy(request.url, request.headers, body)
            other = httpx.HTTPTransport()
            answers: list[httpx.Response] = []
            thread = threading.Thread(target=lambda: answers.append(_send_with(other, twin)))
            thread.start()
            response = self._forward(request)
            thread.join()
            other.close()
            return response if self._rng.random() < 0.5 or not answers else answers[0]
        if fault is Fault.REPLAY_OLD and earlier:
            headers, old_body = self._rng.choice(earlier)
            self._forward(self._copy(request.url, headers, old_body))
            return self._forward(request)
        response = self._forward(request)
        if fault is Fault.DROP_AFTER:
            raise httpx.ReadError("injected: connection reset after the service answered", request=request)
        if fault is Fault.STATUS_500:
            return httpx.Response(500, json={"resourceType": "OperationOutcome", "issue": []})
        if response.status_code != 200:
            return response
        return httpx.Response(
            200,
            headers={"Content-Type": response.headers.get("Content-Type", "application/fhir+json")},
            content=_wrong(fault, json.loads(response.content), self._rng),
        )


def _send_with(transport: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
    response = transport.handle_request(request)
    response.read()
    return response


def _wrong(fault: Fault, bundle: dict[str, Any], rng: random.Random) -> bytes:
    """A well-formed batch-response that is wrong for the request in the way ``fault`` says."""
    entries: list[dict[str, Any]] = bundle["entry"]
    if fault is Fault.WRONG_KEY:
        bundle["identifier"]["value"] = f"b-{rng.getrandbits(192):048x}"
    elif fault is Fault.SHUFFLED and len(entries) >= 2:
        shift = rng.randrange(1, len(entries))
        bundle["entry"] = entries[shift:] + entries[:shift]
    elif fault is Fault.SHUFFLED:
        # One entry: its status changes without its body (a stored entry reported as refused).
        response = entries[0]["response"]
        response["status"] = "409" if response["status"] in ("200", "201") else "201"
    elif entries and rng.random() < 0.5:  # WRONG_COUNT (and REPLAY_OLD with nothing earlier)
        entries.pop()
    else:
        entries.append(json.loads(json.dumps(entries[0])) if entries else {"response": {"status": "201"}})
    return json.dumps(bundle).encode("utf-8")
