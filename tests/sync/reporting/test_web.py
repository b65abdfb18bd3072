"""The reporting pages and API in the central service (in process, on the PostgreSQL store):
central accounts and sessions, the tables as JSON and CSV with the rule stated, the dashboard, and
the researchers' extract (role-gated, every download recorded)."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from html import escape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sync.server.app import create_app
from sync.server.db import access_log, central_sessions, central_users
from sync.server.keys import init_keys
from sync.server.reporting import auth
from sync.server.reporting.aggregates import RESTRICTION
from sync.server.reporting.disclosure import RULE
from sync.server.reporting.extract import COLUMNS
from sync.server.reporting.schema import TABLES
from sync.server.settings import Settings
from tests.sync.reporting.conftest import Store
from tests.sync.reporting.population import CANARY

PASSPHRASE = "a long enough passphrase"


@pytest.fixture(scope="module")
def service(pg_store: Store) -> Iterator[TestClient]:
    if not (pg_store.keys_dir / "centre-signing.key").exists():
        init_keys(pg_store.keys_dir)
    app = create_app(Settings(database_url=pg_store.url, keys_dir=pg_store.keys_dir))
    with TestClient(app, base_url="http://testserver") as client:
        yield client


@pytest.fixture(scope="module")
def accounts(pg_store: Store) -> dict[str, str]:
    names = {"analyst": "ann.analyst", "researcher": "rita.researcher", "other": "ross.researcher"}
    for role, name in names.items():
        auth.add_user(
            pg_store.engine,
            username=name,
            role="analyst" if role == "analyst" else "researcher",
            passphrase=PASSPHRASE,
        )
    return names


def login(service: TestClient, username: str, passphrase: str = PASSPHRASE) -> TestClient:
    service.cookies.clear()
    response = service.post(
        "/reports/login",
        content=f"username={username}&passphrase={passphrase.replace(' ', '+')}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return service


def test_pages_and_figures_need_a_login(service: TestClient) -> None:
    service.cookies.clear()
    page = service.get("/reports/dashboard", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/reports/login"
    for path in ("/reports/v1/counts?dims=stage,month", "/reports/v1/report.csv", "/reports/v1/extract"):
        assert service.get(path).status_code == 401, path
    form = service.get("/reports/login")
    assert form.status_code == 200 and "passphrase" in form.text


def test_a_login_opens_a_strict_session_that_logout_and_revocation_end(
    service: TestClient, accounts: dict[str, str], pg_store: Store
) -> None:
    service.cookies.clear()
    response = service.post(
        "/reports/login",
        content=f"username={accounts['analyst']}&passphrase={PASSPHRASE.replace(' ', '+')}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/reports/dashboard"
    cookie = response.headers["set-cookie"]
    assert (
        "HttpOnly" in cookie
        and "SameSite=strict" in cookie.replace("Strict", "strict")
        and "Path=/reports" in cookie
    )
    assert "Secure" not in cookie  # plain HTTP here; set whenever the request came over HTTPS
    token = response.cookies[auth.SESSION_COOKIE]
    with pg_store.engine.connect() as connection:
        stored = connection.execute(select(central_sessions.c.token_hash)).scalars().all()
    assert hashlib.sha256(token.encode()).hexdigest() in stored and token not in stored
    assert service.get("/reports/v1/rule").status_code == 200
    service.post("/reports/logout", follow_redirects=False)
    service.cookies.set(auth.SESSION_COOKIE, token, path="/reports")
    assert service.get("/reports/v1/rule").status_code == 401  # the token is dead, not just forgotten

    auth.add_user(pg_store.engine, username="leaver", role="analyst", passphrase=PASSPHRASE)
    login(service, "leaver")
    assert service.get("/reports/v1/rule").status_code == 200
    auth.revoke_user(pg_store.engine, "leaver")
    assert service.get("/reports/v1/rule").status_code == 401
    service.cookies.clear()
    refused = service.post(
        "/reports/login",
        content=f"username=leaver&passphrase={PASSPHRASE.replace(' ', '+')}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert refused.status_code == 401


def test_wrong_passphrases_are_refused_alike_and_then_locked_out(
    service: TestClient, pg_store: Store
) -> None:
    auth.add_user(pg_store.engine, username="target", role="analyst", passphrase=PASSPHRASE)
    service.cookies.clear()

    def attempt(username: str, passphrase: str) -> int:
        return service.post(
            "/reports/login",
            content=f"username={username}&passphrase={passphrase}",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            follow_redirects=False,
        ).status_code

    assert attempt("nobody-at-all", "whatever") == 401  # unknown user: the same answer
    for _ in range(auth.LOCKOUT_FAILURES):
        assert attempt("target", "wrong-passphrase") == 401
    assert attempt("target", PASSPHRASE.replace(" ", "+")) == 429  # the right one, too late
    with pg_store.engine.connect() as connection:
        outcomes = connection.execute(
            select(access_log.c.outcome, access_log.c.target, access_log.c.detail).where(
                access_log.c.action == "central_login"
            )
        ).all()
    assert [o.outcome for o in outcomes].count("locked") == 1
    assert not any("wrong-passphrase" in str(o) or o.target == "target" for o in outcomes)


def test_passphrases_are_stored_as_argon2id_with_the_production_parameters(
    accounts: dict[str, str], pg_store: Store
) -> None:
    with pg_store.engine.connect() as connection:
        hashes = connection.execute(select(central_users.c.passphrase_hash)).scalars().all()
    assert hashes and all(h.startswith("$argon2id$v=19$m=65536,t=3,p=4$") for h in hashes)
    assert not any(PASSPHRASE in h for h in hashes)


def test_tables_come_as_json_and_csv_with_the_rule_stated(
    service: TestClient, accounts: dict[str, str]
) -> None:
    login(service, accounts["analyst"])
    body = service.get("/reports/v1/counts", params={"dims": "flag,ethnicity_group,stage"}).json()
    assert body["disclosure_control"]["rule"] == RULE and body["disclosure_control"]["threshold"] == 5
    rows = body["rows"]
    assert {"flag", "ethnicity_group", "stage", "count", "suppressed", "screenings", "rate_per_100"} <= set(
        rows[0]
    )
    assert any(r["suppressed"] for r in rows) and any(r["rate_per_100"] for r in rows)
    assert all(r["count"] is None or r["count"] == 0 or r["count"] >= 5 for r in rows)
    text = service.get("/reports/v1/counts", params={"dims": "stage,month", "format": "csv"})
    assert text.headers["content-type"].startswith("text/csv")
    lines = text.text.splitlines()
    assert lines[0].startswith("# ") and f"# {RULE}" in lines
    table = list(csv.DictReader(io.StringIO("\n".join(line for line in lines if not line.startswith("#")))))
    assert {row["status"] for row in table} <= {"published", "suppressed"}
    assert all((row["count"] == "") == (row["status"] == "suppressed") for row in table)
    assert body["disclosure_control"]["tables"] == RESTRICTION and f"# {RESTRICTION}" in lines
    four = "flag,stage,agency_type,month"
    for bad in ("stage,stage", "a,b", "ethnicity_group,stage,month,age_band", four, ""):
        assert service.get("/reports/v1/counts", params={"dims": bad}).status_code in (400, 422), bad
    report = service.get("/reports/v1/report.csv").text
    assert f"# {RULE}" in report.splitlines() and "flag+ethnicity_group+stage" in report
    follow = service.get("/reports/v1/follow-through").json()
    assert follow["disclosure_control"]["rule"] == RULE and follow["rows"][-1]["ethnicity_group"] == "all"
    assert (
        f"# {RULE}" in service.get("/reports/v1/follow-through", params={"format": "csv"}).text.splitlines()
    )
    dims = service.get("/reports/v1/dimensions").json()
    assert dims["dimensions"]["ethnicity_group"][:5] == ["asian", "black", "mixed", "white", "other"]
    assert len(dims["tables"]) == 41 and "ethnicity_group,stage,agency_type" in dims["tables"]
    for listed in dims["tables"]:
        assert service.get("/reports/v1/counts", params={"dims": listed}).status_code == 200, listed


def test_the_dashboard_shows_charts_the_rule_and_suppression(
    service: TestClient, accounts: dict[str, str]
) -> None:
    login(service, accounts["analyst"])
    page = service.get("/reports/dashboard", params={"flag": "SELF_HARM_RISK"})
    assert page.status_code == 200
    html = page.text
    assert html.count("<svg") == 4 and "class='bar'" in html and "class='line'" in html
    assert "class='suppressed'" in html and "suppressed" in html
    assert RULE.split(":")[1].strip()[:40].lower() in html.lower()
    assert escape(RESTRICTION) in html
    assert "<script" not in html
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'none' covers it
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY" and page.headers["cache-control"] == "no-store"
    assert "single-case extract" not in html  # analysts are not offered it
    assert service.get("/reports/static/reports.css").status_code == 200


def _extract_downloads(pg_store: Store) -> list[tuple[str | None, str, str | None]]:
    with pg_store.engine.connect() as connection:
        return [
            (row.user_id, row.outcome, row.detail)
            for row in connection.execute(
                select(access_log.c.user_id, access_log.c.outcome, access_log.c.detail).where(
                    access_log.c.action == "report_extract"
                )
            )
        ]


def test_the_extract_is_for_researchers_and_every_download_is_recorded(
    service: TestClient, accounts: dict[str, str], pg_store: Store
) -> None:
    before = len(_extract_downloads(pg_store))
    login(service, accounts["analyst"])
    assert service.get("/reports/v1/extract").status_code == 403
    refused = _extract_downloads(pg_store)[before:]
    assert [r[1] for r in refused] == ["refused"]

    login(service, accounts["researcher"])
    assert "single-case extract" in service.get("/reports/dashboard").text
    response = service.get("/reports/v1/extract")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    lines = response.text.splitlines()
    assert all(line.startswith("#") for line in lines[:3]) and RULE in lines[2]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[3:]))))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(pg_store.population.truth)
    assert CANARY not in response.text
    assert not any(marker in response.text for marker in pg_store.population.markers[:3000])
    assert {r["month"][:4] for r in rows} == {"2024"} and all(r["days_since_first"].isdigit() for r in rows)
    as_json = service.get("/reports/v1/extract", params={"format": "json"}).json()
    assert len(as_json["rows"]) == len(rows)
    with pg_store.engine.connect() as connection:
        store_keys = set(connection.execute(select(TABLES.screening.c.person_key)).scalars())
    mine = {r["person"] for r in rows}
    assert not mine & {k[:20] for k in store_keys}  # not the store's own pseudonyms

    login(service, accounts["other"])
    theirs = {
        r["person"]
        for r in csv.DictReader(
            io.StringIO("\n".join(service.get("/reports/v1/extract").text.splitlines()[3:]))
        )
    }
    assert len(theirs) == len(mine) and not theirs & mine  # two researchers' extracts do not join

    downloads = _extract_downloads(pg_store)[before:]
    assert [d[1] for d in downloads] == ["refused", "ok", "ok", "ok"]
    assert downloads[1][2] == f"format=csv rows={len(rows)}"
