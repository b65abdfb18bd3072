"""``screening-central``: run and administer the central service.

    screening-central keys init [--keys DIR]
    screening-central db upgrade [--db URL]
    screening-central serve [--db URL] [--keys DIR] [--host 127.0.0.1] [--port 8765] [--workers N]
    screening-central agency add --id ID --name NAME --type TYPE
    screening-central station enrol-code --agency A --site S [--valid-hours H]
    screening-central station list [--agency A]
    screening-central station revoke ID
    screening-central station revoke-user --station ID --user USER
    screening-central form publish FILE
    screening-central registry publish FILE
    screening-central report --csv OUT [--dims a,b[,c]] | report rebuild | report refresh
    screening-central user add --username U --role analyst|researcher | user revoke U | user list

``--db`` defaults to ``SCREENING_CENTRAL_DB``, then an SQLite file in the working folder;
``--keys`` to ``SCREENING_CENTRAL_KEYS``, then ``./central-keys``. The reporting and account
commands are described in :mod:`sync.server.reporting.commands`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from sync.protocol import AgencyType
from sync.server import admin, migrate
from sync.server.db import make_engine
from sync.server.keys import KeysError, init_keys, load_keys
from sync.server.reporting import commands as reporting_commands
from sync.server.reporting import pseudonym
from sync.server.settings import DB_ENV, KEYS_ENV, Settings

log = logging.getLogger("sync.server")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help=f"database URL (default: ${DB_ENV}, then an SQLite file here)")
    common.add_argument("--keys", help=f"centre key folder (default: ${KEYS_ENV}, then ./central-keys)")
    common.add_argument("-v", "--verbose", action="store_true", help="log more")

    parser = argparse.ArgumentParser(prog="screening-central", description="The Waypoint central service.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", parents=[common], help="upgrade the database and serve")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--no-upgrade", action="store_true", help="do not run migrations first")

    db = commands.add_parser("db", help="database schema").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade", parents=[common], help="migrate the database to the current schema")

    keys = commands.add_parser("keys", help="the centre's key pairs").add_subparsers(
        dest="action", required=True
    )
    keys.add_parser("init", parents=[common], help="create the encryption and signing key pairs")

    agency = commands.add_parser("agency", help="agencies").add_subparsers(dest="action", required=True)
    agency_add = agency.add_parser("add", parents=[common], help="register an agency")
    agency_add.add_argument("--id", required=True, dest="agency_id")
    agency_add.add_argument("--name", required=True)
    agency_add.add_argument(
        "--type", required=True, choices=[t.value for t in AgencyType], dest="agency_type"
    )

    station = commands.add_parser("station", help="stations").add_subparsers(dest="action", required=True)
    code = station.add_parser("enrol-code", parents=[common], help="print a one-time enrolment code")
    code.add_argument("--agency", required=True)
    code.add_argument("--site", required=True)
    code.add_argument("--valid-hours", type=float, default=72.0)
    listing = station.add_parser("list", parents=[common], help="list enrolled stations")
    listing.add_argument("--agency")
    revoke = station.add_parser("revoke", parents=[common], help="revoke a station")
    revoke.add_argument("station_id", metavar="ID")
    revoke_user = station.add_parser("revoke-user", parents=[common], help="revoke one user of a station")
    revoke_user.add_argument("--station", required=True)
    revoke_user.add_argument("--user", required=True)

    for name, what in (("form", "a form definition"), ("registry", "the flag registry")):
        group = commands.add_parser(name, help=f"publish {what}").add_subparsers(dest="action", required=True)
        publish = group.add_parser("publish", parents=[common], help=f"sign {what} and add it to the feed")
        publish.add_argument("file", type=Path, metavar="FILE")
    reporting_commands.add_parsers(commands, common)
    return parser


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    load_keys(settings.keys_dir)  # fail here, with the message, rather than in every worker
    pseudonym.load_or_create(settings.keys_dir)  # made once here, not raced for by the workers
    if not args.no_upgrade:
        migrate.upgrade(settings.database_url)
    # Workers are fresh processes that build the app from the environment.
    os.environ[DB_ENV] = settings.database_url
    os.environ[KEYS_ENV] = str(settings.keys_dir.resolve())
    uvicorn.run(
        "sync.server.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers if args.workers > 1 else None,
        log_level="info",
        proxy_headers=False,
    )
    return 0


def _run(args: argparse.Namespace) -> int:
    settings = Settings.from_env(database_url=args.db, keys_dir=args.keys)
    command = (args.command, getattr(args, "action", None))
    if command == ("serve", None):
        return _serve(args, settings)
    if command == ("keys", "init"):
        keys = init_keys(settings.keys_dir)
        public = keys.public()
        print(f"centre keys created in {settings.keys_dir}")
        print(f"encryption key id {public.encryption_key_id}, signing key id {public.signing_key_id}")
        return 0
    if command == ("db", "upgrade"):
        migrate.upgrade(settings.database_url)
        print(f"database at revision {migrate.head_revision()}")
        return 0
    engine: Engine = make_engine(settings.database_url)
    try:
        if args.command in ("report", "user"):
            return reporting_commands.run(args, settings, engine)
        if command == ("agency", "add"):
            admin.add_agency(engine, agency_id=args.agency_id, name=args.name, agency_type=args.agency_type)
            print(f"agency {args.agency_id} added")
        elif command == ("station", "enrol-code"):
            code = admin.issue_enrol_code(
                engine, agency_id=args.agency, site=args.site, valid_hours=args.valid_hours
            )
            print(code)
        elif command == ("station", "list"):
            for row in admin.list_stations(engine, agency_id=args.agency):
                state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
                enrolled = f"enrolled {row.enrolled_at:%Y-%m-%d %H:%M}"
                print("\t".join((row.id, row.agency_id, row.site, enrolled, state)))
        elif command == ("station", "revoke"):
            admin.revoke_station(engine, load_keys(settings.keys_dir), args.station_id)
            print(f"station {args.station_id} revoked")
        elif command == ("station", "revoke-user"):
            admin.revoke_station_user(
                engine, load_keys(settings.keys_dir), station_id=args.station, user_id=args.user
            )
            print(f"user {args.user} of station {args.station} revoked")
        elif command == ("form", "publish"):
            change_id = admin.publish_form(engine, load_keys(settings.keys_dir), args.file)
            print(f"published as change {change_id}")
        elif command == ("registry", "publish"):
            change_id = admin.publish_registry(engine, load_keys(settings.keys_dir), args.file)
            print(f"published as change {change_id}")
        else:  # pragma: no cover - argparse only lets the commands above through
            raise AssertionError(command)
    finally:
        engine.dispose()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``screening-central``; returns the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return _run(args)
    except (admin.AdminError, KeysError) as exc:
        print(f"screening-central: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        print(
            f"screening-central: database error ({type(exc).__name__}); is the database up and "
            "migrated (`screening-central db upgrade`)?",
            file=sys.stderr,
        )
        log.debug("database error", exc_info=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
