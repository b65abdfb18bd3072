"""The reporting pages and API, mounted on the central service under ``/reports``.

For central users who have logged in (see :mod:`.auth`; a session cookie):

* ``GET /reports/dashboard[?flag=CODE]``: the dashboard, charts drawn on the server as SVG.
* ``GET /reports/v1/counts?dims=a,b[,c][&format=csv]``: counts by any two or three of ``flag``,
  ``ethnicity_group``, ``stage``, ``month``, ``agency_type``, ``age_band`` (one is allowed too),
  with every margin (agency type is protected as the detail under stage:
  ``aggregates.RESTRICTION``); with ``flag`` among them, a table per flag with its screenings and
  rate per 100.
* ``GET /reports/v1/follow-through[?flag=CODE|ANY][&format=csv]``: people flagged at custody
  later seen by Liaison & Diversion or probation, share and median days, by ethnic group.
* ``GET /reports/v1/report.csv``: the standard tables and the follow-through in one CSV.
* ``GET /reports/v1/dimensions``: the dimensions, their categories, the tables published, the flags.
* ``GET /reports/v1/rule``: the disclosure control rule (also stated on every output).
* ``GET /reports/v1/extract[?format=csv|json]``: the pseudonymised single-case extract, for the
  ``researcher`` role only; every download and refusal is recorded.

``GET /reports/login`` and ``POST /reports/login`` (form fields ``username``, ``passphrase``),
``POST /reports/logout``. Pages carry a strict Content-Security-Policy (no script at all).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import Engine

from sync.server.reporting import auth
from sync.server.reporting.aggregates import (
    ALL,
    ANY_FLAG,
    CATEGORY_LABELS,
    DIMENSIONS,
    FLAG,
    RESTRICTION,
    Release,
    ReleaseCache,
    TableRequestError,
    allowed_tables,
    counts_table,
    disclosure_statement,
    flag_label,
    follow_through_csv,
    follow_through_json,
    follow_through_rows,
    publishes,
    release_csv,
    table_csv,
    table_json,
)
from sync.server.reporting.charts import Series, bar_chart, line_chart
from sync.server.reporting.disclosure import RULE
from sync.server.reporting.extract import ExtractRefusedError, as_csv, extract
from sync.server.reporting.pseudonym import PseudonymKey

log = logging.getLogger(__name__)

CSV = "text/csv; charset=utf-8"
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class NotLoggedInError(Exception):
    def __init__(self, html: bool) -> None:
        super().__init__("not logged in")
        self.html = html


def _label(value: str) -> str:
    return CATEGORY_LABELS.get(value, value)


def reporting_router(engine: Engine, key: PseudonymKey) -> tuple[APIRouter, Callable[[FastAPI], None]]:
    """The ``/reports`` routes, and a function that installs their error handling on the app."""
    # Not in the service's OpenAPI document, which describes the station protocol; the reporting
    # API is described here.
    router = APIRouter(prefix="/reports", include_in_schema=False, tags=["reporting"])
    releases = ReleaseCache(engine)

    def user_for(html: bool) -> Callable[[Request], auth.CentralUser]:
        def dependency(request: Request) -> auth.CentralUser:
            user = auth.session_user(engine, request.cookies.get(auth.SESSION_COOKIE))
            if user is None:
                raise NotLoggedInError(html)
            return user

        return dependency

    api_user = Depends(user_for(html=False))
    page_user = Depends(user_for(html=True))

    def install(app: FastAPI) -> None:
        async def _not_logged_in(request: Request, exc: Exception) -> Response:
            assert isinstance(exc, NotLoggedInError)
            if exc.html:
                return RedirectResponse("/reports/login", status_code=303, headers=_SECURITY_HEADERS)
            return JSONResponse(
                {"detail": "Log in first (POST /reports/login); the session may have expired."},
                status_code=401,
                headers=_SECURITY_HEADERS,
            )

        async def _bad_table(request: Request, exc: Exception) -> Response:
            return JSONResponse({"detail": str(exc)}, status_code=400, headers=_SECURITY_HEADERS)

        app.add_exception_handler(NotLoggedInError, _not_logged_in)
        app.add_exception_handler(TableRequestError, _bad_table)

    # -- pages ---------------------------------------------------------------------------------

    @router.get("", include_in_schema=False)
    def root() -> Response:
        return RedirectResponse("/reports/dashboard", status_code=303)

    @router.get("/static/reports.css", include_in_schema=False)
    def stylesheet() -> Response:
        return Response(STYLESHEET, media_type="text/css", headers={"Cache-Control": "max-age=3600"})

    @router.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page() -> Response:
        return _page("Log in", _login_form(), status=200)

    @router.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        body = await request.body()
        if len(body) > 4096:
            return _page("Log in", _login_form("That request was too large."), status=413)
        fields = parse_qs(body.decode("utf-8", errors="replace"))
        username = (fields.get("username") or [""])[0]
        passphrase = (fields.get("passphrase") or [""])[0]
        result = auth.login(engine, username=username, passphrase=passphrase)
        if result.locked:
            message = "Too many failed attempts for this account. Wait 15 minutes, then try again."
            return _page("Log in", _login_form(message), status=429)
        if result.token is None:
            return _page("Log in", _login_form("The username or passphrase is not right."), status=401)
        response = RedirectResponse("/reports/dashboard", status_code=303, headers=_SECURITY_HEADERS)
        response.set_cookie(
            auth.SESSION_COOKIE,
            result.token,
            max_age=int(auth.SESSION_LIFETIME.total_seconds()),
            path="/reports",
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response

    @router.post("/logout", include_in_schema=False)
    def logout(request: Request) -> Response:
        auth.logout(engine, request.cookies.get(auth.SESSION_COOKIE))
        response = RedirectResponse("/reports/login", status_code=303, headers=_SECURITY_HEADERS)
        response.delete_cookie(auth.SESSION_COOKIE, path="/reports", httponly=True, samesite="strict")
        return response

    @router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(flag: str | None = None, user: auth.CentralUser = page_user) -> Response:
        release = releases.get()
        return _page("Dashboard", _dashboard(release, user, flag), status=200, user=user)

    # -- API -----------------------------------------------------------------------------------

    @router.get("/v1/rule")
    def rule(user: auth.CentralUser = api_user) -> dict[str, Any]:
        """The disclosure control rule every output follows."""
        return {"disclosure_control": disclosure_statement()}

    @router.get("/v1/dimensions")
    def dimensions(user: auth.CentralUser = api_user) -> dict[str, Any]:
        """The dimensions tables can be made of, their categories, the tables published (as
        ``dims`` values), and the flags."""
        release = releases.get()
        return {
            "disclosure_control": disclosure_statement(),
            "dimensions": {d: list(release.domains[d]) for d in DIMENSIONS},
            "tables": [",".join(dims) for dims in allowed_tables(release)],
            "flags": {code: flag_label(code, release.flag_labels) for code in release.flags},
            "data_version": release.data_version,
        }

    @router.get("/v1/counts", responses={200: {"content": {"text/csv": {}}}})
    def counts(
        dims: Annotated[
            str, Query(max_length=120, description="two or three of: " + ", ".join((*DIMENSIONS, FLAG)))
        ],
        format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
        user: auth.CentralUser = api_user,
    ) -> Response:
        """Counts by the named dimensions with every margin, under disclosure control."""
        table = counts_table(releases.get(), dims.split(","))
        if format == "csv":
            return Response(table_csv(table), media_type=CSV, headers=_download("counts.csv"))
        return JSONResponse(table_json(table), headers=_SECURITY_HEADERS)

    @router.get("/v1/follow-through", responses={200: {"content": {"text/csv": {}}}})
    def follow_through(
        flag: Annotated[str, Query(max_length=64)] = ANY_FLAG,
        format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
        user: auth.CentralUser = api_user,
    ) -> Response:
        """Of people flagged at custody, the share later seen by L&D or probation, and the
        median days it took, by ethnic group."""
        release = releases.get()
        if format == "csv":
            return Response(
                follow_through_csv(release, flag), media_type=CSV, headers=_download("follow-through.csv")
            )
        return JSONResponse(follow_through_json(release, flag), headers=_SECURITY_HEADERS)

    @router.get("/v1/report.csv", responses={200: {"content": {"text/csv": {}}}})
    def report(user: auth.CentralUser = api_user) -> Response:
        """The standard tables and the follow-through in one CSV."""
        return Response(release_csv(releases.get()), media_type=CSV, headers=_download("report.csv"))

    @router.get("/v1/extract", responses={200: {"content": {"text/csv": {}}}, 403: {}})
    def single_case_extract(
        format: Annotated[str, Query(pattern="^(json|csv)$")] = "csv",
        user: auth.CentralUser = api_user,
    ) -> Response:
        """The pseudonymised single-case extract (researchers only; every download recorded)."""
        try:
            rows = extract(engine, key, user, fmt=format)
        except ExtractRefusedError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=403, headers=_SECURITY_HEADERS)
        if format == "csv":
            return Response(as_csv(rows, RULE), media_type=CSV, headers=_download("extract.csv"))
        return JSONResponse(
            {
                "title": "Pseudonymised single-case extract",
                "notice": "No names, identifiers, dates of birth, exact dates or free text. "
                "Do not attempt to re-identify anyone.",
                "rows": rows,
            },
            headers=_SECURITY_HEADERS,
        )

    return router, install


def _download(name: str) -> dict[str, str]:
    return {**_SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}


# ----------------------------------------------------------------------------------------------
# HTML


def _page(title: str, body: str, *, status: int, user: auth.CentralUser | None = None) -> HTMLResponse:
    account = ""
    if user is not None:
        account = (
            f"<div class='account'><span>{escape(user.username)} &middot; {escape(user.role.value)}</span>"
            "<form method='post' action='/reports/logout'><button type='submit'>Log out</button></form></div>"
        )
    html = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)} &middot; Waypoint central reporting</title><link rel='icon' href='data:,'>"
        "<link rel='stylesheet' href='/reports/static/reports.css'></head><body>"
        "<header><div class='brand'>Waypoint <span>central reporting</span></div>"
        f"{account}</header><main>{body}</main></body></html>"
    )
    return HTMLResponse(html, status_code=status, headers=_SECURITY_HEADERS)


def _login_form(message: str | None = None) -> str:
    error = f"<p class='error' role='alert'>{escape(message)}</p>" if message else ""
    return (
        "<section class='login'><h1>Log in</h1>"
        "<p class='lead'>Anonymised figures for the central data team. Use your central account.</p>"
        f"{error}<form method='post' action='/reports/login' autocomplete='off'>"
        "<label for='username'>Username</label><input id='username' name='username' required maxlength='128'>"
        "<label for='passphrase'>Passphrase</label>"
        "<input id='passphrase' name='passphrase' type='password' required maxlength='1024'>"
        "<button type='submit' id='login'>Log in</button></form></section>"
    )


def _flag_options(release: Release, chosen: str) -> str:
    options = []
    for code in release.flags:
        selected = " selected" if code == chosen else ""
        options.append(
            f"<option value='{escape(code)}'{selected}>"
            f"{escape(flag_label(code, release.flag_labels))}</option>"
        )
    return "".join(options)


def _count_text(value: int | None) -> str:
    return "<span class='suppressed'>suppressed</span>" if value is None else f"{value:,}"


def _dashboard(release: Release, user: auth.CentralUser, requested: str | None) -> str:
    if not release.flags:
        return (
            "<h1>Screening flags by ethnic group, stage and time</h1>"
            f"<p class='rule' id='rule'>{_rule_html()}</p><p>No screenings have been synced yet.</p>"
        )
    chosen = requested if requested in release.flags else _default_flag(release)
    label = flag_label(chosen, release.flag_labels)
    total = release.total_screenings
    parts = [
        "<h1>Screening flags by ethnic group, stage and time</h1>",
        f"<p class='rule' id='rule'>{_rule_html()}</p>",
        "<div class='summary'>",
        f"<div><span class='figure'>{_count_text(total)}</span>"
        "<span>screenings (current revisions)</span></div>",
        f"<div><span class='figure'>{len(release.flags)}</span><span>flags raised at least once</span></div>",
        f"<div><span class='figure'>{release.generated_at:%d %b %Y %H:%M}</span>"
        f"<span>figures as of (UTC), data version {release.data_version}</span></div>",
        "</div>",
        "<form class='picker' method='get' action='/reports/dashboard'><label for='flag'>Flag</label>"
        f"<select id='flag' name='flag'>{_flag_options(release, chosen)}</select>"
        "<button type='submit'>Show</button></form>",
    ]
    parts.append(_rate_panel(release, chosen, label, "stage", "stage", "at the same stage"))
    if publishes(release, (FLAG, "ethnicity_group", "agency_type")):
        parts.append(
            _rate_panel(release, chosen, label, "agency_type", "agency type", "by the same type of agency")
        )
    parts.append(_time_panel(release, chosen, label, "stage", "by stage", rates=False))
    parts.append(_time_panel(release, chosen, label, "ethnicity_group", "by ethnic group", rates=True))
    parts.append(_follow_panel(release))
    parts.append(_flag_table(release))
    parts.append(
        "<p class='downloads'>Downloads: <a href='/reports/v1/report.csv'>standard tables (CSV)</a> &middot; "
        "<a href='/reports/v1/counts?dims=flag,ethnicity_group,stage&amp;format=csv'>flags by ethnic group "
        "and stage (CSV)</a> &middot; "
        "<a href='/reports/v1/follow-through?format=csv'>follow-through (CSV)</a>"
        + (
            " &middot; <a href='/reports/v1/extract'>single-case extract (researchers; recorded)</a>"
            if user.role is auth.CentralRole.RESEARCHER
            else ""
        )
        + "</p>"
    )
    return "".join(parts)


def _rule_html() -> str:
    head, _, rest = RULE.partition(": ")
    return f"<strong>{escape(head)}.</strong> {escape(rest[:1].upper() + rest[1:])} {escape(RESTRICTION)}"


def _default_flag(release: Release) -> str:
    if "REFER_LIAISON_DIVERSION" in release.flags:
        return "REFER_LIAISON_DIVERSION"
    return max(release.flags, key=lambda f: int(release.protection.values(f, ())))


def _figure(title: str, svg: str, caption: str) -> str:
    return (
        f"<section class='panel'><h2>{escape(title)}</h2>{svg}"
        f"<p class='caption'>{escape(caption)} Suppressed figures are drawn in grey and marked "
        "'suppressed': a count of 1 to 4, or one hidden so that such a count cannot be worked out.</p>"
        "</section>"
    )


def _occurring(release: Release, code: str, dimension: str) -> list[str]:
    """The categories in which the flag was raised at all (a flag one stage's form raises has
    nothing to draw at the others; the tables show those zeros)."""
    values = release.protection.values(code, (DIMENSIONS.index(dimension),))
    return [c for c, v in zip(release.domains[dimension], values, strict=True) if int(v) > 0]


def _rate_panel(release: Release, code: str, label: str, by: str, words: str, same: str) -> str:
    """The flag's rate per 100 screenings by ethnic group, a bar for each category of ``by``
    (stage or agency type) where the flag was raised, and one for all of them."""
    table = counts_table(release, [FLAG, "ethnicity_group", by])
    rates = {
        (c.categories["ethnicity_group"], c.categories[by]): c.rate_per_100
        for c in table.cells
        if c.categories[FLAG] == code
    }
    groups = list(release.domains["ethnicity_group"])
    series = [
        Series(_label(key), [rates.get((group, key)) for group in groups])
        for key in _occurring(release, code, by)
    ]
    series.append(Series(f"All {words}s", [rates.get((group, ALL)) for group in groups]))
    title = f"{label}: rate per 100 screenings, by ethnic group and {words}"
    svg = bar_chart(title, [_label(g) for g in groups], series, unit="per 100 screenings")
    return _figure(
        title,
        svg,
        f"Screenings that raised the flag, per 100 screenings of the same ethnic group {same}.",
    )


def _time_panel(release: Release, code: str, label: str, by: str, words: str, *, rates: bool) -> str:
    table = counts_table(release, [FLAG, by, "month"])
    cells = [c for c in table.cells if c.categories[FLAG] == code]
    months = list(release.domains["month"])
    series = []
    for key in _occurring(release, code, by):
        by_month = {
            c.categories["month"]: (c.rate_per_100 if rates else c.count)
            for c in cells
            if c.categories[by] == key
        }
        series.append(Series(_label(key), [by_month.get(m) for m in months]))
    if rates:
        title = f"{label}: rate per 100 screenings by month, {words}"
        caption = f"Screenings that raised the flag per 100 screenings, by month, {words}."
    else:
        title = f"{label}: screenings per month, {words}"
        caption = f"Screenings that raised the flag, per month, {words}."
    svg = line_chart(title, months, series, unit="per 100 screenings" if rates else "screenings")
    return _figure(title, svg, caption)


def _follow_panel(release: Release) -> str:
    rows = follow_through_rows(release, ANY_FLAG)
    body = "".join(
        f"<tr><th scope='row'>{escape(_label(r.ethnicity_group))}</th><td>{_count_text(r.flagged)}</td>"
        f"<td>{_count_text(r.followed)}</td>"
        f"<td>{'' if r.share_percent is None else f'{r.share_percent:g}%'}</td>"
        f"<td>{'' if r.median_days is None else f'{r.median_days:g}'}</td></tr>"
        for r in rows
    )
    return (
        "<section class='panel'><h2>Follow-through from custody</h2>"
        "<table class='data'><thead><tr><th>Ethnic group</th><th>People flagged at custody</th>"
        "<th>Later seen by L&amp;D or probation</th><th>Share</th><th>Median days</th></tr></thead>"
        f"<tbody>{body}</tbody></table><p class='caption'>People (by pseudonymous key) with a custody "
        "screening that raised any flag, and of them those screened later (the same day or after) by a "
        "Liaison &amp; Diversion or probation agency. Shares only where both counts are published; medians "
        "only from 10 or more people.</p></section>"
    )


def _flag_table(release: Release) -> str:
    table = counts_table(release, [FLAG, "ethnicity_group"])
    groups = list(release.domains["ethnicity_group"])
    head = "".join(f"<th>{escape(_label(g))}</th>" for g in (*groups, ALL))
    rows = []
    for code in release.flags:
        cells = {c.categories["ethnicity_group"]: c for c in table.cells if c.categories[FLAG] == code}
        tds = []
        for group in (*groups, ALL):
            cell = cells.get(group)
            if cell is None or cell.count is None:
                tds.append("<td><span class='suppressed'>suppressed</span></td>")
            else:
                rate = "" if cell.rate_per_100 is None else f"<small>{cell.rate_per_100:g} per 100</small>"
                tds.append(f"<td>{cell.count:,}{rate}</td>")
        rows.append(
            f"<tr><th scope='row'>{escape(flag_label(code, release.flag_labels))}</th>{''.join(tds)}</tr>"
        )
    return (
        "<section class='panel'><h2>All flags by ethnic group</h2>"
        f"<table class='data wide'><thead><tr><th>Flag</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        "<p class='caption'>Screenings that raised each flag, with the rate per 100 screenings of the same "
        "ethnic group.</p></section>"
    )


STYLESHEET = """
:root { --ink: #1f2933; --muted: #5b6573; --line: #e5e7eb; --panel: #ffffff; --page: #f6f7f9;
        --accent: #0b6aa2; }
* { box-sizing: border-box; }
body { margin: 0; font-family: 'Segoe UI', 'DejaVu Sans', Arial, sans-serif; color: var(--ink);
       background: var(--page); line-height: 1.45; }
header { display: flex; justify-content: space-between; align-items: center; padding: 14px 32px;
         background: #17324d; color: #fff; }
.brand { font-weight: 600; font-size: 18px; letter-spacing: .2px; }
.brand span { font-weight: 400; opacity: .8; }
.account { display: flex; gap: 12px; align-items: center; font-size: 14px; }
.account button { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.6);
                  border-radius: 4px; padding: 4px 10px; cursor: pointer; }
main { max-width: 920px; margin: 0 auto; padding: 24px 24px 48px; }
h1 { font-size: 24px; font-weight: 600; margin: 8px 0 12px; }
h2 { font-size: 17px; font-weight: 600; margin: 0 0 8px; }
.rule { background: #eef4f8; border-left: 4px solid var(--accent); padding: 10px 14px; font-size: 13px;
        color: #334155; margin: 0 0 18px; }
.summary { display: flex; gap: 12px; margin-bottom: 18px; }
.summary div { flex: 1; background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
               padding: 12px 14px; display: flex; flex-direction: column; }
.summary .figure { font-size: 20px; font-weight: 600; }
.summary span + span { font-size: 12px; color: var(--muted); }
.picker { display: flex; gap: 10px; align-items: center; margin-bottom: 16px; }
select, input, button { font: inherit; }
select { padding: 5px 8px; border: 1px solid #cbd2d9; border-radius: 4px; background: #fff; }
.picker button, .login button { background: var(--accent); color: #fff; border: 0; border-radius: 4px;
                                padding: 6px 14px; cursor: pointer; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 16px 18px;
         margin-bottom: 16px; }
.panel svg { max-width: 100%; height: auto; display: block; }
.caption { font-size: 12px; color: var(--muted); margin: 8px 0 0; }
.suppressed { color: #8a94a3; font-style: italic; font-size: 12px; }
table.data { border-collapse: collapse; width: 100%; font-size: 13px; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: right; }
table.data th:first-child, table.data th[scope='row'] { text-align: left; font-weight: 500; }
table.data thead th { font-weight: 600; color: var(--muted); font-size: 12px; }
table.data small { display: block; color: var(--muted); font-size: 11px; white-space: nowrap; }
table.wide { font-size: 12px; }
table.wide td { white-space: nowrap; padding: 6px 6px; }
table.wide th[scope='row'] { max-width: 170px; }
.downloads { font-size: 13px; color: var(--muted); }
a { color: var(--accent); }
.login { max-width: 380px; margin: 48px auto; background: var(--panel); border: 1px solid var(--line);
         border-radius: 6px; padding: 24px 28px; }
.login form { display: flex; flex-direction: column; gap: 6px; }
.login input { padding: 7px 9px; border: 1px solid #cbd2d9; border-radius: 4px; margin-bottom: 8px; }
.lead { color: var(--muted); font-size: 14px; }
.error { color: #9b1c1c; background: #fdf0f0; padding: 8px 10px; border-radius: 4px; font-size: 14px; }
"""
