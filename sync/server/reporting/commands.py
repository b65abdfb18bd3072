"""The reporting commands of ``screening-central``:

    screening-central report --csv OUT [--dims a,b[,c]]   the standard tables (or one table) as CSV
    screening-central report rebuild                       derive the reporting store again from scratch
    screening-central report refresh [--hours H]           re-derive what changed lately (repairs)
    screening-central user add --username U --role analyst|researcher
    screening-central user revoke USERNAME
    screening-central user list

``user add`` reads the new passphrase from the file named by ``SCREENING_CENTRAL_PASSPHRASE_FILE``
(its first line), or asks for it twice at a terminal; with neither it fails at once.
"""

from __future__ import annotations

import argparse
import getpass
import os
import stat
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine

from sync.server.db import utcnow
from sync.server.reporting import auth, builder
from sync.server.reporting.pseudonym import PseudonymKeyError, load_or_create
from sync.server.settings import Settings

PASSPHRASE_FILE_ENV = "SCREENING_CENTRAL_PASSPHRASE_FILE"


class CommandError(RuntimeError):
    """A command that cannot run as asked (the message says what to do)."""


def add_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add ``report`` and ``user`` to the command line."""
    report = commands.add_parser("report", parents=[common], help="central reporting (anonymised figures)")
    report.add_argument("--csv", type=Path, metavar="OUT", help="write the standard tables as CSV to OUT")
    report.add_argument("--dims", help="write only this table, e.g. flag,ethnicity_group,stage")
    actions = report.add_subparsers(dest="action", required=False)
    actions.add_parser(
        "rebuild", parents=[common], help="derive the reporting store again from every synced record"
    )
    refresh = actions.add_parser("refresh", parents=[common], help="re-derive the records changed lately")
    refresh.add_argument("--hours", type=float, default=24.0, help="how far back (default 24)")

    user = commands.add_parser("user", help="central user accounts").add_subparsers(
        dest="action", required=True
    )
    add = user.add_parser("add", parents=[common], help="make an account (asks for its passphrase)")
    add.add_argument("--username", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in auth.CentralRole])
    revoke = user.add_parser("revoke", parents=[common], help="revoke an account (its sessions end at once)")
    revoke.add_argument("username", metavar="USERNAME")
    user.add_parser("list", parents=[common], help="list the accounts")


def run(args: argparse.Namespace, settings: Settings, engine: Engine) -> int:
    """Run a ``report`` or ``user`` command; the exit status."""
    try:
        if args.command == "report":
            return _report(args, settings, engine)
        return _user(args, engine)
    except (CommandError, auth.AccountError, PseudonymKeyError, ValueError) as exc:
        print(f"screening-central: {exc}", file=sys.stderr)
        return 1


def _report(args: argparse.Namespace, settings: Settings, engine: Engine) -> int:
    from sync.server.reporting import aggregates  # numpy and scipy: only for the figures

    if args.action == "rebuild":
        summary = builder.rebuild(engine, load_or_create(settings.keys_dir))
        print(f"reporting store rebuilt: {summary.screenings} screening revisions, {summary.flags} flags")
        return 0
    if args.action == "refresh":
        count = builder.sweep(
            engine, load_or_create(settings.keys_dir), since=utcnow() - timedelta(hours=args.hours)
        )
        print(f"reporting store refreshed: {count} records re-derived")
        return 0
    if args.csv is None:
        raise CommandError(
            "say where to write the figures: --csv OUT (or use `report rebuild` / `report refresh`)"
        )
    release = aggregates.build_release(engine)
    if args.dims:
        text = aggregates.table_csv(aggregates.counts_table(release, args.dims.split(",")))
    else:
        text = aggregates.release_csv(release)
    args.csv.write_text(text, encoding="utf-8")
    print(f"figures written to {args.csv} (data version {release.data_version})")
    return 0


def _user(args: argparse.Namespace, engine: Engine) -> int:
    if args.action == "add":
        passphrase = read_new_passphrase(args.username)
        auth.add_user(engine, username=args.username, role=args.role, passphrase=passphrase)
        print(f"user {args.username} added ({args.role})")
    elif args.action == "revoke":
        auth.revoke_user(engine, args.username)
        print(f"user {args.username} revoked")
    else:
        for account in auth.list_users(engine):
            state = f"revoked {account.revoked_at:%Y-%m-%d %H:%M}" if account.revoked_at else "active"
            print("\t".join((account.username, account.role, f"added {account.created_at:%Y-%m-%d}", state)))
    return 0


def read_new_passphrase(username: str) -> str:
    """A new account's passphrase: the first line of the file named by the environment, or typed
    twice at a terminal."""
    name = os.environ.get(PASSPHRASE_FILE_ENV, "").strip()
    if name:
        path = Path(name).expanduser()
        try:
            with path.open(encoding="utf-8") as handle:
                secret = handle.readline().rstrip("\r\n")
            mode = path.stat().st_mode
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                f"cannot read the file named by {PASSPHRASE_FILE_ENV} ({path}): {type(exc).__name__}"
            ) from None
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            print(
                f"screening-central: warning: {path} can be read by other accounts; chmod 600 it.",
                file=sys.stderr,
            )
        if not secret:
            raise CommandError(f"the first line of {path} ({PASSPHRASE_FILE_ENV}) is empty")
        return secret
    try:
        interactive = sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        interactive = False
    if not interactive:
        raise CommandError(
            "no passphrase given: this command is not running at a terminal, so it cannot ask for one. "
            f"Run it at a terminal, or set {PASSPHRASE_FILE_ENV} to a file whose first line is the "
            "passphrase."
        )
    try:
        first = getpass.getpass(f"New passphrase for {username}: ")
        second = getpass.getpass("Type it again: ")
    except EOFError:
        raise CommandError("input ended before a passphrase was typed") from None
    if first != second:
        raise CommandError("the two passphrases typed differ; no account was made")
    return first
