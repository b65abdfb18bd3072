"""Station commands of the `screening` CLI: station, users, audit, backup and restore.

Every command that opens the station takes ``--user`` and reads that user's passphrase from the
terminal (without echo) or from the first line of the file named by ``SCREENING_PASSPHRASE_FILE``.
New passphrases (``station create``, ``users add``, ``users reset``, ``users passphrase``,
``station recover``) come from the terminal, typed twice, or from the file named by
``SCREENING_NEW_PASSPHRASE_FILE``; the recovery key from the terminal or the file named by
``SCREENING_RECOVERY_KEY_FILE``. With neither a terminal nor a file the command fails at once: it
never waits for input that cannot come.

Secrets are never printed or logged. The one exception, by design, is the recovery key: printed
once by ``station create`` and once (a new one) by ``station recover``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import getpass
import logging
import os
import stat
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from screening.cli import EXIT_FAILED, EXIT_OK, CommandError

if TYPE_CHECKING:
    from screening.store.station import Station

log = logging.getLogger("screening.cli")

PASSPHRASE_FILE_ENV = "SCREENING_PASSPHRASE_FILE"
NEW_PASSPHRASE_FILE_ENV = "SCREENING_NEW_PASSPHRASE_FILE"
RECOVERY_KEY_FILE_ENV = "SCREENING_RECOVERY_KEY_FILE"

AUDIT_READERS = frozenset({"admin", "supervisor"})

SECRETS_HELP = f"""\
passphrases:
  The passphrase of --user is asked for at the terminal (not echoed), or read from the first
  line of the file named by {PASSPHRASE_FILE_ENV}. A new passphrase is asked for twice at the
  terminal, or read from the first line of the file named by {NEW_PASSPHRASE_FILE_ENV}. The
  recovery key is asked for at the terminal, or read from the file named by
  {RECOVERY_KEY_FILE_ENV}. Without a terminal and without the file the command stops at once.
  Keep such files readable by you only (chmod 600), and delete them when done.

station folder:
  --home DIR, else SCREENING_HOME, else the machine-wide folder set by IT (see `screening --help`).
"""


# ------------------------------------------------------------------------------ reading secrets


def _interactive() -> bool:
    """True when a person can type at this command (stdin is a terminal)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # closed or detached stdin
        return False


def _secret_from_file(env: str, what: str) -> str | None:
    """The first line of the file named by ``env``, or None when ``env`` is unset."""
    name = os.environ.get(env, "").strip()
    if not name:
        return None
    path = Path(name).expanduser()
    try:
        with path.open(encoding="utf-8") as handle:
            line = handle.readline()
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise CommandError(f"{env} names {path}, which does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read the file named by {env} ({path}): "
                           f"{type(exc).__name__}.") from None
    secret = line.rstrip("\r\n")
    if not secret.strip():
        raise CommandError(f"the first line of the file named by {env} ({path}) is empty; "
                           f"it must hold the {what}.")
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        print(f"screening: warning: {path} ({env}) can be read by other accounts; "
              "make it private (chmod 600).", file=sys.stderr)
    return secret


def _no_input(env: str, what: str) -> CommandError:
    return CommandError(
        f"no {what} given: this command is not running at a terminal, so it cannot ask for one. "
        f"Run it at a terminal, or set {env} to a file whose first line is the {what}."
    )


def _prompt(prompt: str) -> str:
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise CommandError("input ended before a passphrase was typed.") from None


def read_passphrase(user_id: str) -> str:
    """The passphrase of ``user_id``: from ``SCREENING_PASSPHRASE_FILE``, else the terminal."""
    from_file = _secret_from_file(PASSPHRASE_FILE_ENV, "passphrase")
    if from_file is not None:
        return from_file
    if not _interactive():
        raise _no_input(PASSPHRASE_FILE_ENV, "passphrase")
    secret = _prompt(f"Passphrase for {user_id}: ")
    if not secret:
        raise CommandError("no passphrase typed.")
    return secret


def read_new_passphrase(purpose: str) -> str:
    """A new passphrase: from ``SCREENING_NEW_PASSPHRASE_FILE``, else typed twice at the terminal.

    Checked against the passphrase rules here, before any slow work starts.
    """
    from screening.store.errors import PassphrasePolicyError
    from screening.store.keyslots import check_passphrase

    secret = _secret_from_file(NEW_PASSPHRASE_FILE_ENV, "new passphrase")
    if secret is None:
        if not _interactive():
            raise _no_input(NEW_PASSPHRASE_FILE_ENV, "new passphrase")
        secret = _prompt(f"New passphrase {purpose}: ")
        if _prompt("Type it again: ") != secret:
            raise CommandError("the two passphrases typed differ; nothing was changed.")
    try:
        check_passphrase(secret)
    except PassphrasePolicyError as exc:
        raise CommandError(str(exc)) from None
    return secret


def read_recovery_key() -> str:
    """The recovery key: from ``SCREENING_RECOVERY_KEY_FILE``, else the terminal."""
    from_file = _secret_from_file(RECOVERY_KEY_FILE_ENV, "recovery key")
    if from_file is not None:
        return from_file
    if not _interactive():
        raise _no_input(RECOVERY_KEY_FILE_ENV, "recovery key")
    secret = _prompt("Recovery key (the groups of letters and digits printed when the station "
                     "was created): ")
    if not secret.strip():
        raise CommandError("no recovery key typed.")
    return secret


# ------------------------------------------------------------------------------ opening


def _home(args: argparse.Namespace) -> Path:
    from screening.paths import station_home

    return station_home(args.home)


def _store_errors(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Report the store's own errors (their messages are user-safe) in one line."""

    @functools.wraps(func)
    def wrapper(args: argparse.Namespace) -> int:
        from screening.store.errors import StoreError

        try:
            return func(args)
        except StoreError as exc:
            log.debug("%s failed: %s", func.__name__, type(exc).__name__)
            raise CommandError(str(exc)) from None

    return wrapper


@contextlib.contextmanager
def opened(args: argparse.Namespace, *, allow_must_change: bool = False,
           passphrase: str | None = None) -> Iterator[Station]:
    """Unlock the station as ``--user`` for the block, then lock it."""
    from screening.store.station import unlock

    home = _home(args)
    secret = passphrase if passphrase is not None else read_passphrase(args.user)
    station = unlock(home, user_id=args.user, passphrase=secret)
    try:
        for warning in station.warnings:
            print(f"screening: warning: {warning}", file=sys.stderr)
        if station.must_change_passphrase and not allow_must_change:
            raise CommandError(
                "your passphrase was set by an administrator and must be changed before you can go "
                "on: run "
                f"`screening users passphrase --user {station.actor_id}`."
            )
        yield station
    finally:
        station.lock()


def _require_role(station: Station, roles: frozenset[str], what: str) -> None:
    if station.user is None or station.user.role.value not in roles:
        raise CommandError(f"only {' or '.join(sorted(roles))} users can {what}.")


# ------------------------------------------------------------------------------ station


RECOVERY_NOTICE = """\
RECOVERY KEY (shown this once; it is not stored anywhere readable):

    {key}

Write this down, or print it, and keep it locked away (for example in the site safe).
It opens the station to reset an administrator's passphrase: `screening station recover`.
Anyone holding it can do that, so never keep it on this PC or send it by email."""


@_store_errors
def cmd_station_create(args: argparse.Namespace) -> int:
    from screening.store.station import StationFiles, create_station

    home = _home(args)
    if StationFiles.at(home).exists():
        raise CommandError(f"there is already a station in {home}. Use it, or choose another "
                           "folder with --home.")
    passphrase = read_new_passphrase(f"for the administrator {args.admin_id}")
    recovery_key = create_station(
        home,
        name=args.name,
        agency=args.agency,
        site=args.site,
        admin_id=args.admin_id,
        admin_name=args.admin_name,
        admin_passphrase=passphrase,
        demo=args.demo_station,
    )
    print(f"Station created in {home}{' (DEMO: fictional people only)' if args.demo_station else ''}.")
    print(f"Administrator: {args.admin_id.strip().lower()}")
    print()
    print(RECOVERY_NOTICE.format(key=recovery_key))
    sys.stdout.flush()
    return EXIT_OK


@_store_errors
def cmd_station_check(args: argparse.Namespace) -> int:
    from screening.store.station import check_station

    passphrase = read_passphrase(args.user)
    result = check_station(_home(args), user_id=args.user, passphrase=passphrase)
    print(result)
    if not result.ok:
        print("screening: the station is damaged or its audit log does not verify (see above). "
              "Restore the latest backup (`screening restore`) and tell IT.", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


@_store_errors
def cmd_station_recover(args: argparse.Namespace) -> int:
    from screening.store.errors import StoreError
    from screening.store.station import unlock, unlock_with_recovery

    home = _home(args)
    recovery_key = read_recovery_key()
    temporary = read_new_passphrase(f"for {args.admin} (to be changed at next login)")
    with unlock_with_recovery(home, recovery_key=recovery_key) as recovery:
        recovery.reset_user(user_id=args.admin, temporary_passphrase=temporary)
    admin_id = args.admin.strip().lower()
    print(f"The passphrase of {admin_id} was reset; it must be changed at the next login "
          f"(`screening users passphrase --user {admin_id}`).")
    sys.stdout.flush()
    # The old recovery key has now been typed somewhere: replace it.
    try:
        with unlock(home, user_id=args.admin, passphrase=temporary) as admin:
            new_key = admin.regenerate_recovery_key()
    except StoreError as exc:
        raise CommandError(
            f"a new recovery key could not be made ({exc}). The old one still works; once logged "
            f"in, replace it with `screening station recovery-key --user {admin_id}`."
        ) from None
    print("The recovery key you used no longer works. Here is the new one.")
    print()
    print(RECOVERY_NOTICE.format(key=new_key))
    sys.stdout.flush()
    return EXIT_OK


@_store_errors
def cmd_station_recovery_key(args: argparse.Namespace) -> int:
    with opened(args) as station:
        _require_role(station, frozenset({"admin"}), "replace the recovery key")
        new_key = station.regenerate_recovery_key()
    print("The old recovery key no longer works. Here is the new one.")
    print()
    print(RECOVERY_NOTICE.format(key=new_key))
    sys.stdout.flush()
    return EXIT_OK


# ------------------------------------------------------------------------------ users


@_store_errors
def cmd_users_list(args: argparse.Namespace) -> int:
    with opened(args) as station:
        _require_role(station, frozenset({"admin"}), "list users")
        users = station.list_users(include_removed=args.removed)
    for user in users:
        state = ("removed " + str(user.removed_at) if not user.active
                 else "must change passphrase" if user.must_change else "active")
        print(f"{user.id}\t{user.role.value}\t{user.created_at}\t{state}")
    return EXIT_OK


@_store_errors
def cmd_users_add(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args.user)
    initial = read_new_passphrase(f"for {args.user_id} (to be changed at first login)")
    with opened(args, passphrase=passphrase) as station:
        user = station.add_user(user_id=args.user_id, display_name=args.name, role=args.role,
                                passphrase=initial)
    print(f"User {user.id} added with role {user.role.value}; they must choose their own "
          "passphrase at first login.")
    return EXIT_OK


@_store_errors
def cmd_users_reset(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args.user)
    temporary = read_new_passphrase(f"for {args.user_id} (to be changed at next login)")
    with opened(args, passphrase=passphrase) as station:
        station.reset_user(user_id=args.user_id, temporary_passphrase=temporary)
    print(f"The passphrase of {args.user_id.strip().lower()} was reset; they must change it at "
          "next login.")
    return EXIT_OK


@_store_errors
def cmd_users_remove(args: argparse.Namespace) -> int:
    with opened(args) as station:
        station.remove_user(user_id=args.user_id)
    print(f"User {args.user_id.strip().lower()} removed; the station was re-keyed, so their "
          "passphrase and any copy of their key slot open nothing.")
    return EXIT_OK


@_store_errors
def cmd_users_passphrase(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args.user)
    new = read_new_passphrase(f"for {args.user}")
    with opened(args, passphrase=passphrase, allow_must_change=True) as station:
        station.change_passphrase(current_passphrase=passphrase, new_passphrase=new)
    print("Passphrase changed.")
    return EXIT_OK


# ------------------------------------------------------------------------------ audit


@_store_errors
def cmd_audit_verify(args: argparse.Namespace) -> int:
    with opened(args) as station:
        result = station.verify_audit()
    print(result)
    return EXIT_OK if result.ok else EXIT_FAILED


def _since(text: str | None) -> datetime | None:
    """Midnight at the start of ``text`` (YYYY-MM-DD) in Europe/London, as UTC."""
    if text is None:
        return None
    from screening.domain.dates import LONDON

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--since {text!r} is not a date (YYYY-MM-DD).") from None
    return datetime.combine(day, time(0, 0), tzinfo=LONDON).astimezone(UTC)


@_store_errors
def cmd_audit_show(args: argparse.Namespace) -> int:
    since = _since(args.since)
    printed = 0
    with opened(args) as station:
        _require_role(station, AUDIT_READERS, "read the audit log")
        after = 0
        while args.limit is None or printed < args.limit:
            page = station.audit.records(since=since, after_seq=after, limit=500)
            if not page:
                break
            for record in page:
                subjects = ",".join(f"{key}={value}" for key, value in sorted(record.subjects.items()))
                print(f"{record.seq}\t{record.at}\t{record.user_id or '-'}\t{record.event}"
                      f"\t{subjects or '-'}")
                printed += 1
                if args.limit is not None and printed >= args.limit:
                    break
            after = page[-1].seq
    print(f"{printed} event{'s' if printed != 1 else ''}", file=sys.stderr)
    return EXIT_OK


# ------------------------------------------------------------------------------ backup, restore


@_store_errors
def cmd_backup(args: argparse.Namespace) -> int:
    with opened(args) as station:
        target = station.backup(args.file)
    print(target)
    return EXIT_OK


@_store_errors
def cmd_restore(args: argparse.Namespace) -> int:
    from screening.store.station import restore_station

    source = Path(args.file).expanduser()
    if not source.is_file():
        raise CommandError(f"there is no backup file {source}.")
    passphrase = read_passphrase(args.user)
    station = restore_station(_home(args), source, user_id=args.user, passphrase=passphrase,
                              force=args.force)
    try:
        for warning in station.warnings:
            print(f"screening: warning: {warning}", file=sys.stderr)
    finally:
        station.lock()
    print(f"Station restored from {source}; the restore is recorded in the audit log, and the "
          "replaced files are kept in the station's backups folder.")
    return EXIT_OK


# ------------------------------------------------------------------------------ parsers


def _common(user: bool = True) -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--home", metavar="DIR",
                        help="station folder (default: SCREENING_HOME, else the machine-wide one)")
    if user:
        parent.add_argument("--user", required=True, metavar="ID",
                            help="your user id (your passphrase is asked for, or read from the "
                                 f"file named by {PASSPHRASE_FILE_ENV})")
    return parent


def _parser(group: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str,
            *, user: bool = True) -> argparse.ArgumentParser:
    return group.add_parser(
        name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".",
        parents=[_common(user)], epilog=SECRETS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the station, users, audit, backup and restore commands to the `screening` parser."""
    from screening.domain.enums import Role

    station = commands.add_parser("station", epilog=SECRETS_HELP,
                                  help="create, check and recover the station; replace its "
                                       "recovery key",
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    station_actions = station.add_subparsers(title="station commands", metavar="ACTION", required=True)
    create = _parser(station_actions, "create", "create a new station with its first administrator; "
                     "prints the recovery key once", user=False)
    create.add_argument("--name", required=True, help="station name, e.g. the custody suite")
    create.add_argument("--agency", required=True, help="the agency running it")
    create.add_argument("--site", required=True, help="where it is")
    create.add_argument("--admin-id", required=True, metavar="ID", help="the first administrator's id")
    create.add_argument("--admin-name", required=True, metavar="NAME",
                        help="the first administrator's display name")
    create.add_argument("--demo", dest="demo_station", action="store_true",
                        help="a demo station for training, with fictional people (marked DEMO)")
    create.set_defaults(func=cmd_station_create)
    check = _parser(station_actions, "check", "check the database pages (cipher_integrity_check, "
                    "integrity_check) and the audit chain; exits 1 naming any damage")
    check.set_defaults(func=cmd_station_check)
    recover = _parser(station_actions, "recover", "use the recovery key to give an administrator a "
                      "new passphrase; prints a new recovery key", user=False)
    recover.add_argument("--admin", required=True, metavar="ID",
                         help="the administrator whose passphrase is reset")
    recover.set_defaults(func=cmd_station_recover)
    rotate = _parser(station_actions, "recovery-key", "replace the recovery key (the old one stops "
                     "working); prints the new one once (admins)")
    rotate.set_defaults(func=cmd_station_recovery_key)

    users = commands.add_parser("users", help="list, add, reset and remove station users (admins)",
                                epilog=SECRETS_HELP,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    user_actions = users.add_subparsers(title="users commands", metavar="ACTION", required=True)
    listing = _parser(user_actions, "list", "list user ids, roles and states (no names)")
    listing.add_argument("--removed", action="store_true", help="include removed users")
    listing.set_defaults(func=cmd_users_list)
    add = _parser(user_actions, "add", "add a user with an initial passphrase they must change")
    add.add_argument("user_id", metavar="USER_ID", help="the new user's id (a-z, 0-9, . _ @ -)")
    add.add_argument("--name", required=True, help="the new user's display name")
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    add.set_defaults(func=cmd_users_add)
    reset = _parser(user_actions, "reset", "give a user a temporary passphrase (changed at next "
                    "login) and lift a lock-out")
    reset.add_argument("user_id", metavar="USER_ID")
    reset.set_defaults(func=cmd_users_reset)
    remove = _parser(user_actions, "remove", "remove a user and re-key the station")
    remove.add_argument("user_id", metavar="USER_ID")
    remove.set_defaults(func=cmd_users_remove)
    change = _parser(user_actions, "passphrase", "change your own passphrase (needed after a reset)")
    change.set_defaults(func=cmd_users_passphrase)

    audit = commands.add_parser("audit", help="verify and list the audit log",
                                epilog=SECRETS_HELP,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    audit_actions = audit.add_subparsers(title="audit commands", metavar="ACTION", required=True)
    verify = _parser(audit_actions, "verify", "walk the audit chain; prints OK or the first broken "
                     "row (exit 1)")
    verify.set_defaults(func=cmd_audit_verify)
    show = _parser(audit_actions, "show", "list audit events: sequence, time, user id, event, ids "
                   "of what it concerns (no personal data; supervisors and admins)")
    show.add_argument("--since", metavar="YYYY-MM-DD", help="from this day (Europe/London)")
    show.add_argument("--limit", type=int, metavar="N", help="at most N events")
    show.set_defaults(func=cmd_audit_show)

    backup = _parser(commands, "backup", "write an encrypted backup of the station to FILE (or "
                     "into a folder); it still needs a passphrase to open")
    backup.add_argument("file", metavar="FILE")
    backup.set_defaults(func=cmd_backup)
    restore = _parser(commands, "restore", "replace the station with a backup; refuses newer data "
                      "or another station unless --force")
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--force", action="store_true",
                         help="replace even a station with newer data (its files are kept aside)")
    restore.set_defaults(func=cmd_restore)
