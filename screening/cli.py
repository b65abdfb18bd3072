"""The `screening` command: the desktop app by default, plus headless commands for IT staff.

Commands print plain lines (or JSON where documented) and exit non-zero on failure, with a
message that says what happened and what to do; details go to the log, never personal data.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screening import __version__

if TYPE_CHECKING:
    from datetime import date

log = logging.getLogger("screening.cli")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_UNUSABLE = 2


class CommandError(Exception):
    """A failure to report to the user in one line, with the exit code to use."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def _forms_root() -> Path:
    from screening.paths import resource_path

    return resource_path("forms")


def _library() -> Any:
    from screening.checklist.loader import FormLibrary
    from screening.checklist.yamlsource import FormLoadError

    try:
        return FormLibrary.load(_forms_root())
    except FormLoadError as exc:
        raise CommandError(
            "the shipped forms do not load; run `screening forms check` for details"
        ) from exc


def _print_json(value: Any) -> None:
    import json  # here, not at the top: plain `screening` (the app) does not need it

    print(json.dumps(value, indent=2, ensure_ascii=False))


def _split_form_ref(ref: str) -> tuple[str, str | None]:
    form_id, _, version = ref.partition("@")
    return form_id, version or None


def _today_in_london() -> date:
    from screening.domain.dates import screening_date_for, utc_now

    return screening_date_for(utc_now())


# ------------------------------------------------------------------------------------ forms


def cmd_forms_check(args: argparse.Namespace) -> int:
    from screening.checklist.loader import check_paths

    paths = [Path(p) for p in args.paths] or [_forms_root()]
    errors = check_paths(paths, _forms_root())
    for error in errors:
        print(error)
    if errors:
        print(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found", file=sys.stderr)
        return EXIT_FAILED
    print("all forms valid", file=sys.stderr)
    return EXIT_OK


def cmd_forms_list(args: argparse.Namespace) -> int:
    from screening.checklist.model import text_in

    library = _library()
    for key in sorted(library.forms):
        form = library.forms[key]
        print(f"{form.id}\t{form.version}\t{text_in(form.definition.title, 'en')}"
              f"\t{form.definition.stage}")
    return EXIT_OK


def cmd_forms_export_fhir(args: argparse.Namespace) -> int:
    from screening.interop.questionnaire import export_questionnaire

    library = _library()
    form_id, version = _split_form_ref(args.form)
    try:
        compiled = library.get(form_id, version)
    except KeyError as exc:
        raise CommandError(str(exc.args[0])) from None
    _print_json(export_questionnaire(compiled, lang=args.lang))
    return EXIT_OK


def cmd_forms_import_fhir(args: argparse.Namespace) -> int:
    import json

    from screening.checklist.loader import INSTRUMENTS_DIR, check_paths
    from screening.interop.questionnaire import read_questionnaire
    from screening.interop.yamldump import yaml_dump

    source = Path(args.file)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"cannot read {source}: {exc}") from None
    try:
        imported = read_questionnaire(data)
    except ValueError as exc:
        raise CommandError(f"{source} is not a Questionnaire we can import: {exc}") from None
    output = Path(args.output)
    form = imported.form
    target = output / form.id / f"{form.version}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml_dump(form), encoding="utf-8")
    shipped = _forms_root() / INSTRUMENTS_DIR
    for instrument in imported.instruments:
        relative = Path(instrument.instrument) / f"{instrument.version}.yaml"
        if not (shipped / relative).exists():  # instruments the shipped library lacks go beside it
            path = output / INSTRUMENTS_DIR / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml_dump(instrument), encoding="utf-8")
    for warning in imported.warnings:
        print(f"note: {warning}", file=sys.stderr)
    errors = check_paths([target], _forms_root())
    for error in errors:
        print(error, file=sys.stderr)
    print(target)
    return EXIT_FAILED if errors else EXIT_OK


# ------------------------------------------------------------------------------------ score


def cmd_score(args: argparse.Namespace) -> int:
    import json

    from screening.checklist.answers import AnswerTypeError, coerce
    from screening.checklist.engine import evaluate

    form_id, version = _split_form_ref(args.form)
    result: dict[str, Any] = {
        "form": form_id, "version": version, "registry_version": None, "scores": {},
        "flags": [], "missing_required": [], "ignored": [], "errors": [],
    }

    def unusable(message: str) -> int:
        result["errors"].append(message)
        _print_json(result)
        return EXIT_UNUSABLE

    library = _library()
    result["registry_version"] = library.registry.version
    try:
        compiled = library.get(form_id, version)
    except KeyError as exc:
        return unusable(str(exc.args[0]))
    result["version"] = compiled.version
    from datetime import date  # not at the top: the app's start-up does not need it

    try:
        on = date.fromisoformat(args.on) if args.on else _today_in_london()
    except ValueError:
        return unusable(f"--on {args.on!r} is not a date (YYYY-MM-DD)")
    try:
        raw = json.loads(Path(args.answers).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return unusable(f"cannot read {args.answers}: {exc}")
    except ValueError as exc:
        return unusable(f"{args.answers} is not valid JSON: {exc}")
    if not isinstance(raw, dict):
        return unusable(f"{args.answers} must hold a JSON object of item code -> answer")

    answers = {}
    for code, value in raw.items():
        item = compiled.items.get(code)
        if item is None:
            result["errors"].append(f"unknown item '{code}' in {compiled.key}")
            continue
        if value is None:
            continue
        try:
            answers[code] = coerce(item, value)
        except AnswerTypeError as exc:
            result["errors"].append(str(exc))
    if result["errors"]:
        _print_json(result)
        return EXIT_UNUSABLE

    evaluation = evaluate(compiled, answers, on=on, registry=library.registry)
    result["scores"] = dict(evaluation.scores)
    result["flags"] = [
        {"code": f.code, "level": str(f.level), "reasons": f.reason_texts()}
        for f in evaluation.flags
    ]
    result["missing_required"] = list(evaluation.missing_required)
    result["ignored"] = list(evaluation.ignored)
    result["errors"] = [f"{code}: {problem}" for code, problem in evaluation.invalid.items()]
    _print_json(result)
    return EXIT_UNUSABLE if result["errors"] else EXIT_OK


# ------------------------------------------------------------------------------------ disclosures


def _services(station: Any) -> Any:
    from screening.services import Services

    return Services(station, _library())


def _service_errors(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Report the services' and the store's user-facing errors (plain words, no personal data) in
    one line."""

    def wrapper(args: argparse.Namespace) -> int:
        from screening.services.errors import USER_ERRORS

        try:
            return func(args)
        except USER_ERRORS as exc:
            log.debug("%s failed: %s", func.__name__, type(exc).__name__)
            raise CommandError(str(exc)) from None

    wrapper.__name__ = func.__name__
    return wrapper


def _entry_line(entry: Any) -> str:
    basis = entry.legal_basis.citation if entry.legal_basis else "no legal basis (consent or own copy)"
    parts = [
        str(entry.document_id), entry.at.isoformat(timespec="seconds"), entry.recipient.value,
        entry.document.value, f"revision {entry.revision} {entry.revision_id}",
        f"person {entry.person_id}", entry.form_id, f"by {entry.disclosed_by}",
        f"second sign-off {entry.second_signoff_by}" if entry.second_signoff_by else "no second sign-off",
        basis, f"sha256 {entry.sha256}",
    ]
    if entry.reprint_of is not None:
        parts.append(f"re-print of {entry.reprint_of}")
    return "\t".join(parts)


@_service_errors
def cmd_disclosures(args: argparse.Namespace) -> int:
    from uuid import UUID

    from screening import cli_station

    person: UUID | None = None
    if args.person:
        try:
            person = UUID(args.person)
        except ValueError:
            raise CommandError(f"--person {args.person!r} is not a person id (a UUID).") from None
    with cli_station.opened(args) as station:
        entries = _services(station).disclosures.disclosures(person_id=person)
        for entry in entries:
            print(_entry_line(entry))
    print(f"{len(entries)} disclosure{'s' if len(entries) != 1 else ''}", file=sys.stderr)
    return EXIT_OK


@_service_errors
def cmd_verify_pdf(args: argparse.Namespace) -> int:
    from screening import cli_station
    from screening.reports.output import sha256_of

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
    print(f"sha256 {sha256_of(data)}")
    if not args.user:
        raise CommandError("give --user to look the file up in this station's disclosure log.",
                           EXIT_UNUSABLE)
    with cli_station.opened(args) as station:
        check = _services(station).disclosures.verify_pdf(data)
    if check.entry is None:
        print("no disclosure in this station's log has this SHA-256: the file was not made here, "
              "or it has been changed since it was made.")
        return EXIT_FAILED
    entry = check.entry
    print(f"document {entry.document_id} made {entry.at.isoformat(timespec='seconds')} "
          f"by {entry.disclosed_by} for {entry.recipient.value} ({entry.document.value})")
    print(f"purpose: {entry.purpose}")
    print(f"legal basis: {entry.legal_basis.citation if entry.legal_basis else 'none recorded'}")
    if entry.second_signoff_by:
        print(f"second sign-off: {entry.second_signoff_by}")
    print(f"revision {entry.revision} ({entry.revision_id}) of {entry.form_id}, person {entry.person_id}")
    if check.amended:
        print(f"revision since amended: the current revision is {check.amended_by}")
    elif check.amendment_in_progress:
        print("revision not amended (an amendment has been started but is not finalised)")
    else:
        print("revision not amended since")
    return EXIT_OK


# ------------------------------------------------------------------------------------ self-test


def cmd_self_test(args: argparse.Namespace) -> int:
    from screening import selftest

    failed = []
    for step in selftest.run_all():
        print(f"{'ok  ' if step.ok else 'FAIL'} {step.name}: {step.detail}")
        if not step.ok:
            failed.append(step.name)
    print(f"self-test FAILED: {', '.join(failed)}" if failed else "self-test passed")
    return EXIT_FAILED if failed else EXIT_OK


# ------------------------------------------------------------------------------------ sync


SYNC_HELP = """\
Pushing needs no passphrase: it sends the sealed envelopes waiting in the station folder with the
station's send-only credential, so it works while the station is locked. With --user the station is
unlocked as that user too: an audit anchor is queued first, what the centre acknowledged is recorded
in the database, and the change feed is pulled (forms, flag registry, directives).
"""


def _sync_folder(args: argparse.Namespace) -> Any:
    from screening.paths import station_home
    from screening.services.sync_state import SyncFolder

    return SyncFolder(station_home(args.home))


@contextlib.contextmanager
def _sync_services(args: argparse.Namespace) -> Iterator[Any]:
    """Services over the station unlocked as ``--user`` (locked again afterwards)."""
    from screening import cli_station
    from screening.services import USER_ERRORS, Services

    with cli_station.opened(args) as station:
        try:
            services = Services(station, _library())
        except USER_ERRORS as exc:
            raise CommandError(str(exc)) from None
        for warning in services.sync.warnings:
            print(f"screening: warning: {warning}", file=sys.stderr)
        try:
            yield services
        except USER_ERRORS as exc:
            raise CommandError(str(exc)) from None


def cmd_sync(args: argparse.Namespace) -> int:
    from sync.client import PushOutcome, SyncClient

    folder = _sync_folder(args)
    if not folder.is_enrolled():
        raise CommandError("this station is not enrolled with the central service; an administrator "
                           "runs `screening sync enrol --url URL --code CODE --user ADMIN` first.")
    if args.user:
        with _sync_services(args) as services:
            report = services.sync.sync()
            for line in report.describe():
                print(line)
            print(services.sync.status().describe())
            done = report.push.outcome is PushOutcome.DONE and report.pull_error is None
    else:
        with SyncClient(folder) as client:
            pushed = client.push()
            print(pushed.describe())
            print(client.status().describe())
            done = pushed.outcome is PushOutcome.DONE
    return EXIT_OK if done else EXIT_FAILED


def cmd_sync_enrol(args: argparse.Namespace) -> int:
    with _sync_services(args) as services:
        enrolment = services.sync.enrol(url=args.url, code=args.code)
        waiting = services.sync.folder.waiting_count()
    print(f"enrolled with {enrolment.url} as station {enrolment.station_id} "
          f"(agency {enrolment.agency_id}, {enrolment.agency_type}); {waiting} record(s) sealed and "
          "waiting to be sent")
    print("signing key: encrypted in the station folder (its key is kept inside the encrypted "
          "database); credential and centre keys: in the station folder's sync/ files")
    return EXIT_OK


def cmd_sync_status(args: argparse.Namespace) -> int:
    from sync.client import SyncClient

    with SyncClient(_sync_folder(args)) as client:
        print(client.status().describe())
    return EXIT_OK


def cmd_sync_quarantine(args: argparse.Namespace) -> int:
    items = _sync_folder(args).quarantined()
    for item in items:
        print(f"{item.name}: {item.resource_type} {item.resource_id} v{item.version}: "
              f"HTTP {item.status} {item.reason or ''} - {item.diagnostics or 'no detail'}")
    print(f"{len(items)} record(s) need attention" if items else "nothing needs attention")
    return EXIT_OK


def cmd_sync_retry(args: argparse.Namespace) -> int:
    with _sync_services(args) as services:
        moved = services.sync.retry(names=args.names or None)
    print(f"{moved} record(s) put back to be sent at the next sync")
    return EXIT_OK


def cmd_sync_lookup(args: argparse.Namespace) -> int:
    from uuid import UUID

    from screening.services.shared_records import LookupState, look_up, prepare_lookup

    try:
        person_id = UUID(args.person)
    except ValueError:
        raise CommandError("--person takes the person's id (a UUID)") from None
    with _sync_services(args) as services:
        query = prepare_lookup(services, person_id=person_id)
    # The station is locked again before the network is asked: a look-up never holds it open.
    records = look_up(query, confirmed=tuple(args.confirm))
    print(records.headline)
    for summary in records.summaries:
        how = ("PNC ID or NHS number" if summary.match.value == "identifier"
               else "name and date of birth, confirmed")
        print(f"\n{summary.agency_name} ({summary.site}): {summary.form_title} {summary.form_version}, "
              f"screened {summary.screening_date.isoformat()}, revision {summary.revision}; "
              f"matched by {how}; shown as for {summary.recipient.value}")
        for flag in summary.flags:
            print(f"  flag {flag.level}: {flag.label}")
            for reason in flag.reasons:
                print(f"    because: {reason}")
        for adjustment in summary.adjustments:
            print(f"  adjustment: {adjustment}")
        for item in summary.items:
            print(f"  {item.question} {item.answer or ''}".rstrip())
        for line in (*summary.withheld, *summary.consent_statement):
            print(f"  {line}")
    for candidate in records.candidates:
        print(f"\ncandidate {candidate.candidate_id} at {candidate.agency_name}: the same name and date of "
              "birth. If you are sure it is the same person, run again with "
              f"--confirm {candidate.candidate_id}")
    if records.not_shown:
        print(f"\n{records.not_shown} record(s) found could not be shown by the central service")
    return EXIT_OK if records.state is LookupState.CHECKED else EXIT_FAILED


def add_sync_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`screening sync [--user U]` and its enrol / status / quarantine / retry / lookup actions."""
    from screening import cli_station

    def options(parser: argparse.ArgumentParser, *, user: str | None) -> None:
        parser.add_argument("--home", metavar="DIR",
                            help="station folder (default: SCREENING_HOME, else the machine-wide one)")
        if user == "required":
            parser.add_argument("--user", required=True, metavar="ID",
                                help="your user id (passphrase asked for, or read from the file "
                                     f"named by {cli_station.PASSPHRASE_FILE_ENV})")
        elif user == "optional":
            parser.add_argument("--user", metavar="ID",
                                help="also unlock as this user: anchor, record acknowledgements, pull")

    formatter = argparse.RawDescriptionHelpFormatter
    sync = commands.add_parser("sync", help="send to and pull from the central service",
                               description="Run one sync and print what it did.",
                               epilog=SYNC_HELP + "\n" + cli_station.SECRETS_HELP,
                               formatter_class=formatter)
    options(sync, user="optional")
    sync.set_defaults(func=cmd_sync)
    actions = sync.add_subparsers(title="sync commands", metavar="ACTION")
    enrol = actions.add_parser("enrol", help="enrol this station with a one-time code (admins)",
                               epilog=cli_station.SECRETS_HELP, formatter_class=formatter)
    options(enrol, user="required")
    enrol.add_argument("--url", required=True, help="the central service, e.g. https://sync.example")
    enrol.add_argument("--code", required=True, help="the one-time code from the central service")
    enrol.set_defaults(func=cmd_sync_enrol)
    status = actions.add_parser("status", help="offline / waiting / last synced / need attention")
    options(status, user=None)
    status.set_defaults(func=cmd_sync_status)
    quarantine = actions.add_parser("quarantine", help="list records the centre refused, and why")
    options(quarantine, user=None)
    quarantine.set_defaults(func=cmd_sync_quarantine)
    retry = actions.add_parser("retry", help="send refused records again at the next sync "
                               "(supervisors, admins)", epilog=cli_station.SECRETS_HELP,
                               formatter_class=formatter)
    options(retry, user="required")
    retry.add_argument("names", nargs="*", metavar="NAME", help="envelope names (default: all)")
    retry.set_defaults(func=cmd_sync_retry)
    lookup = actions.add_parser("lookup", help="has another agency seen this person before? (online)",
                                description="Look a person up at the central service: other agencies' "
                                "latest finalised screenings, as far as your agency may see them. A "
                                "match by name and date of birth is shown only once you confirm it.",
                                epilog=cli_station.SECRETS_HELP, formatter_class=formatter)
    options(lookup, user="required")
    lookup.add_argument("--person", required=True, metavar="ID", help="the person's id on this station")
    lookup.add_argument("--confirm", action="append", default=[], metavar="CANDIDATE",
                        help="a candidate (same name and date of birth) you confirm is the same person")
    lookup.set_defaults(func=cmd_sync_lookup)


# ------------------------------------------------------------------------------------ main


def _gui(args: argparse.Namespace) -> int:
    """No command: open the desktop app (``--demo``: offer, or create, a demo station)."""
    from screening import app

    return app.main(demo=bool(args.demo))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="screening",
        description="Waypoint screening: mental-health and neurodevelopmental screening for "
                    "custody, courts and probation. With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"screening {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="open (or create) a demo station with fictional people")
    parser.add_argument("-v", "--verbose", action="store_true", help="log detail to stderr")
    parser.set_defaults(func=_gui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    forms = commands.add_parser("forms", help="check, list and exchange checklist definitions")
    forms_commands = forms.add_subparsers(title="forms commands", metavar="ACTION", required=True)
    check = forms_commands.add_parser("check", help="validate form files or folders")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="files or folders (default: the shipped forms)")
    check.set_defaults(func=cmd_forms_check)
    listing = forms_commands.add_parser("list", help="id, version, title and stage of every form")
    listing.set_defaults(func=cmd_forms_list)
    export = forms_commands.add_parser("export-fhir", help="print a form as a FHIR Questionnaire")
    export.add_argument("form", metavar="FORM[@VERSION]")
    export.add_argument("--lang", default="en", help="language of the text (default en)")
    export.set_defaults(func=cmd_forms_export_fhir)
    imp = forms_commands.add_parser("import-fhir", help="turn a FHIR Questionnaire into a form")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("-o", "--output", required=True, metavar="DIR",
                     help="writes DIR/<form-id>/<version>.yaml")
    imp.set_defaults(func=cmd_forms_import_fhir)

    score = commands.add_parser("score", help="evaluate an answer set; prints JSON")
    score.add_argument("form", metavar="FORM[@VERSION]")
    score.add_argument("answers", metavar="ANSWERS.json")
    score.add_argument("--on", metavar="YYYY-MM-DD",
                       help="screening date (default: today in Europe/London)")
    score.set_defaults(func=cmd_score)

    from screening import cli_station

    cli_station.add_commands(commands)
    add_sync_commands(commands)

    station_options = argparse.ArgumentParser(add_help=False)
    station_options.add_argument("--home", metavar="DIR",
                                 help="station folder (default: SCREENING_HOME, else the machine-wide one)")
    disclosures = commands.add_parser(
        "disclosures", parents=[station_options], epilog=cli_station.SECRETS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="list the disclosure log (newest first): document id, when, recipient, document, "
             "revision, legal basis, SHA-256")
    disclosures.add_argument("--person", metavar="ID", help="only disclosures about this person")
    disclosures.add_argument("--user", required=True, metavar="ID", help="your user id")
    disclosures.set_defaults(func=cmd_disclosures)
    verify = commands.add_parser(
        "verify-pdf", parents=[station_options], epilog=cli_station.SECRETS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="recompute a document's SHA-256, find its disclosure entry and its revision, and say "
             "whether that revision has since been amended; exits 1 when no entry matches")
    verify.add_argument("file", metavar="FILE")
    verify.add_argument("--user", metavar="ID",
                        help="your user id (needed to search the station's log)")
    verify.set_defaults(func=cmd_verify_pdf)

    selftest = commands.add_parser("self-test", help="check that this build works")
    selftest.set_defaults(func=cmd_self_test)
    return parser


class _OneLineFormatter(logging.Formatter):
    """Log lines without tracebacks: those are for `--verbose` only."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


_GUI_OPTIONS = frozenset({"--demo", "-v", "--verbose"})


def _gui_only(arguments: Sequence[str]) -> argparse.Namespace | None:
    """The parsed arguments when they only open the desktop app (``screening``, ``screening
    --demo``, with or without ``-v``), without building the parser: that and the command modules
    it imports would otherwise delay the login window. Anything else (``--help``, a command, an
    abbreviation) is left to the parser."""
    if not set(arguments) <= _GUI_OPTIONS:
        return None
    return argparse.Namespace(demo="--demo" in arguments,
                              verbose="-v" in arguments or "--verbose" in arguments, func=_gui)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = _gui_only(arguments)
    if args is None:
        args = build_parser().parse_args(arguments)
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("%(levelname)s %(name)s: %(message)s") if args.verbose
        else _OneLineFormatter("%(levelname)s %(name)s: %(message)s")
    )
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, handlers=[handler])
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except CommandError as exc:
        print(f"screening: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: no traceback (it may quote data) unless asked
        log.debug("command failed", exc_info=True)
        print(f"screening: the command stopped on an unexpected error ({type(exc).__name__}). "
              "Nothing more was done. Run it again as `screening --verbose ...` for details for IT.",
              file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    # Run the imported module, not this __main__ copy, so that `screening.cli_station` raises the
    # same CommandError class that main() catches.
    from screening import cli as _cli

    sys.exit(_cli.main())
