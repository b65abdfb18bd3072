"""Schema version 1 of the station database, as a list of SQL statements.

Conventions: ids are text (UUIDs made by the services, user ids as typed by admins); times are
UTC ISO 8601 text (``2025-01-31T09:15:02.123456Z``); dates are ``YYYY-MM-DD``; every value that is
not a plain column is JSON text, checked with ``json_valid``. Never edit a released schema: add a
migration step instead (see ``migrations.py``).
"""

from __future__ import annotations

ROLES = ("custody_officer", "ld_practitioner", "probation_officer", "supervisor", "admin")
RECIPIENTS = (
    "police",
    "cps",
    "court",
    "defence",
    "probation",
    "prison_healthcare",
    "liaison_diversion",
    "custody_escort",
    "person",
)
FLAG_LEVELS = ("info", "attention", "warning", "alert")
SCREENING_STATUSES = ("draft", "completed", "finalised")
IDENTIFIER_KINDS = ("pnc", "cro", "nhs", "custody", "court_case", "probation_case")
AUDIT_EVENTS = (
    "station_create",
    "login",
    "login_failed",
    "recover",
    "lock",
    "view",
    "create",
    "edit",
    "take_over",
    "complete",
    "finalise",
    "amend",
    "signoff",
    "disclose",
    "export",
    "sync",
    "user_add",
    "user_remove",
    "user_reset",
    "passphrase_change",
    "recovery_key_change",
    "migrate",
    "backup",
    "restore",
    "purge",
    "discard",
)


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


SCHEMA_1: tuple[str, ...] = (
    # --- the station itself (exactly one row) ---
    """
    CREATE TABLE stations (
        id          TEXT PRIMARY KEY,
        singleton   INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),
        name        TEXT NOT NULL,
        agency      TEXT NOT NULL,
        site        TEXT NOT NULL,
        demo        INTEGER NOT NULL CHECK (demo IN (0, 1)),
        settings    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
        created_at  TEXT NOT NULL
    )
    """,
    # A production station can never be switched into a demo one, nor back.
    """
    CREATE TRIGGER stations_demo_fixed BEFORE UPDATE OF demo, id ON stations
    WHEN NEW.demo IS NOT OLD.demo OR NEW.id IS NOT OLD.id
    BEGIN SELECT RAISE(ABORT, 'a station''s id and demo flag never change'); END
    """,
    # --- users (roles live here; key slots live beside the database) ---
    f"""
    CREATE TABLE users (
        id            TEXT PRIMARY KEY,
        display_name  TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN {_in(ROLES)}),
        created_at    TEXT NOT NULL,
        created_by    TEXT,
        removed_at    TEXT,
        removed_by    TEXT,
        must_change   INTEGER NOT NULL DEFAULT 0 CHECK (must_change IN (0, 1))
    )
    """,
    # Public keys of the key slots, so a re-wrap after a rekey uses keys the app wrote itself,
    # not whatever the (unauthenticated) slot file says.
    """
    CREATE TABLE slot_keys (
        slot_id     TEXT PRIMARY KEY,
        public_key  BLOB NOT NULL,
        created_at  TEXT NOT NULL
    )
    """,
    # --- people ---
    """
    CREATE TABLE people (
        id                TEXT PRIMARY KEY,
        given_names       TEXT NOT NULL DEFAULT '',
        family_name       TEXT NOT NULL DEFAULT '',
        given_names_norm  TEXT NOT NULL DEFAULT '',
        family_name_norm  TEXT NOT NULL DEFAULT '',
        date_of_birth     TEXT,
        age_in_doubt      INTEGER NOT NULL DEFAULT 0 CHECK (age_in_doubt IN (0, 1)),
        data              TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
        version           INTEGER NOT NULL DEFAULT 1,
        created_at        TEXT NOT NULL,
        created_by        TEXT NOT NULL,
        updated_at        TEXT NOT NULL,
        updated_by        TEXT NOT NULL
    )
    """,
    "CREATE INDEX people_family_name ON people (family_name_norm, given_names_norm)",
    "CREATE INDEX people_given_names ON people (given_names_norm)",
    "CREATE INDEX people_date_of_birth ON people (date_of_birth)",
    # Other names a person is known by (aliases, previous names), searchable like the main name.
    """
    CREATE TABLE person_names (
        person_id         TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        kind              TEXT NOT NULL CHECK (kind IN ('alias', 'previous', 'preferred')),
        given_names       TEXT NOT NULL DEFAULT '',
        family_name       TEXT NOT NULL DEFAULT '',
        given_names_norm  TEXT NOT NULL DEFAULT '',
        family_name_norm  TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (person_id, kind, family_name_norm, given_names_norm)
    )
    """,
    "CREATE INDEX person_names_family ON person_names (family_name_norm, given_names_norm)",
    f"""
    CREATE TABLE person_identifiers (
        person_id   TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN {_in(IDENTIFIER_KINDS)}),
        value       TEXT NOT NULL,
        value_norm  TEXT NOT NULL,
        PRIMARY KEY (person_id, kind, value_norm)
    )
    """,
    "CREATE INDEX person_identifiers_lookup ON person_identifiers (kind, value_norm)",
    "CREATE INDEX person_identifiers_value ON person_identifiers (value_norm)",
    # --- screenings: one row per revision ---
    f"""
    CREATE TABLE screenings (
        id                TEXT PRIMARY KEY,
        person_id         TEXT NOT NULL REFERENCES people (id),
        form_id           TEXT NOT NULL,
        form_version      TEXT NOT NULL,
        registry_version  TEXT,
        status            TEXT NOT NULL CHECK (status IN {_in(SCREENING_STATUSES)}),
        author_id         TEXT NOT NULL REFERENCES users (id),
        started_by        TEXT NOT NULL REFERENCES users (id),
        started_at        TEXT NOT NULL,
        screening_date    TEXT NOT NULL,
        completed_at      TEXT,
        finalised_at      TEXT,
        revision          INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
        replaces_id       TEXT REFERENCES screenings (id),
        amend_reason      TEXT,
        scores            TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(scores)),
        signed_off_by     TEXT REFERENCES users (id),
        signed_off_at     TEXT,
        signoff_note      TEXT,
        updated_at        TEXT NOT NULL,
        CHECK (revision = 1 OR (replaces_id IS NOT NULL AND amend_reason IS NOT NULL))
    )
    """,
    "CREATE INDEX screenings_person ON screenings (person_id, started_at)",
    "CREATE INDEX screenings_status_author ON screenings (status, author_id)",
    "CREATE INDEX screenings_form ON screenings (form_id, form_version)",
    # An amendment chain is linear: a revision is replaced at most once.
    "CREATE UNIQUE INDEX screenings_replaces ON screenings (replaces_id) WHERE replaces_id IS NOT NULL",
    # Rows the retention purge may delete while it runs (it inserts one row, deletes, removes it).
    """
    CREATE TABLE purge_guard (
        active  INTEGER PRIMARY KEY CHECK (active = 1)
    )
    """,
    # A finalised revision is immutable: only the supervisor sign-off may still be added.
    """
    CREATE TRIGGER screenings_finalised_immutable BEFORE UPDATE ON screenings
    WHEN OLD.status = 'finalised' AND (
        NEW.id IS NOT OLD.id OR NEW.person_id IS NOT OLD.person_id
        OR NEW.form_id IS NOT OLD.form_id OR NEW.form_version IS NOT OLD.form_version
        OR NEW.registry_version IS NOT OLD.registry_version OR NEW.status IS NOT OLD.status
        OR NEW.author_id IS NOT OLD.author_id OR NEW.started_by IS NOT OLD.started_by
        OR NEW.started_at IS NOT OLD.started_at OR NEW.screening_date IS NOT OLD.screening_date
        OR NEW.completed_at IS NOT OLD.completed_at OR NEW.finalised_at IS NOT OLD.finalised_at
        OR NEW.revision IS NOT OLD.revision OR NEW.replaces_id IS NOT OLD.replaces_id
        OR NEW.amend_reason IS NOT OLD.amend_reason OR NEW.scores IS NOT OLD.scores)
    BEGIN SELECT RAISE(ABORT, 'a finalised screening cannot be changed; amend it'); END
    """,
    """
    CREATE TRIGGER screenings_finalised_kept BEFORE DELETE ON screenings
    WHEN OLD.status = 'finalised' AND NOT EXISTS (SELECT 1 FROM purge_guard)
    BEGIN SELECT RAISE(ABORT, 'a finalised screening is only removed by the retention purge'); END
    """,
    """
    CREATE TABLE answers (
        screening_id  TEXT NOT NULL REFERENCES screenings (id) ON DELETE CASCADE,
        item_code     TEXT NOT NULL,
        value         TEXT NOT NULL CHECK (json_valid(value)),
        updated_at    TEXT NOT NULL,
        updated_by    TEXT NOT NULL,
        PRIMARY KEY (screening_id, item_code)
    )
    """,
    f"""
    CREATE TABLE flags (
        screening_id  TEXT NOT NULL REFERENCES screenings (id) ON DELETE CASCADE,
        code          TEXT NOT NULL,
        level         TEXT NOT NULL CHECK (level IN {_in(FLAG_LEVELS)}),
        reasons       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reasons)),
        PRIMARY KEY (screening_id, code)
    )
    """,
    *(
        trigger
        for table in ("answers", "flags")
        for trigger in (
            f"""
            CREATE TRIGGER {table}_finalised_insert BEFORE INSERT ON {table}
            WHEN (SELECT status FROM screenings WHERE id = NEW.screening_id) = 'finalised'
            BEGIN SELECT RAISE(ABORT, 'a finalised screening cannot be changed; amend it'); END
            """,
            f"""
            CREATE TRIGGER {table}_finalised_update BEFORE UPDATE ON {table}
            WHEN (SELECT status FROM screenings WHERE id = OLD.screening_id) = 'finalised'
            BEGIN SELECT RAISE(ABORT, 'a finalised screening cannot be changed; amend it'); END
            """,
            f"""
            CREATE TRIGGER {table}_finalised_delete BEFORE DELETE ON {table}
            WHEN (SELECT status FROM screenings WHERE id = OLD.screening_id) = 'finalised'
                AND NOT EXISTS (SELECT 1 FROM purge_guard)
            BEGIN SELECT RAISE(ABORT, 'a finalised screening cannot be changed; amend it'); END
            """,
        )
    ),
    # --- consent, legal bases, disclosures ---
    f"""
    CREATE TABLE consents (
        id                   TEXT PRIMARY KEY,
        screening_id         TEXT NOT NULL REFERENCES screenings (id),
        person_id            TEXT NOT NULL REFERENCES people (id),
        recipient            TEXT NOT NULL CHECK (recipient IN {_in(RECIPIENTS)}),
        scope                TEXT NOT NULL CHECK (json_valid(scope)),
        consent_date         TEXT NOT NULL,
        capacity_considered  INTEGER NOT NULL CHECK (capacity_considered IN (0, 1)),
        capacity_note        TEXT,
        given                INTEGER NOT NULL CHECK (given IN (0, 1)),
        recorded_at          TEXT NOT NULL,
        recorded_by          TEXT NOT NULL REFERENCES users (id),
        withdrawn_at         TEXT,
        withdrawn_by         TEXT REFERENCES users (id),
        version              INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE INDEX consents_screening ON consents (screening_id, recipient)",
    "CREATE INDEX consents_person ON consents (person_id)",
    f"""
    CREATE TABLE legal_bases (
        id               TEXT PRIMARY KEY,
        screening_id     TEXT NOT NULL REFERENCES screenings (id),
        recipient        TEXT NOT NULL CHECK (recipient IN {_in(RECIPIENTS)}),
        framework        TEXT NOT NULL CHECK (framework IN ('dpa2018_part3_sch8', 'uk_gdpr_art9')),
        provision        TEXT NOT NULL,
        purpose          TEXT NOT NULL,
        recorded_at      TEXT NOT NULL,
        recorded_by      TEXT NOT NULL REFERENCES users (id),
        second_user_id   TEXT REFERENCES users (id),
        second_signed_at TEXT,
        CHECK (second_user_id IS NULL OR second_user_id <> recorded_by)
    )
    """,
    "CREATE INDEX legal_bases_screening ON legal_bases (screening_id, recipient)",
    f"""
    CREATE TABLE disclosures (
        id              TEXT PRIMARY KEY,
        screening_id    TEXT NOT NULL REFERENCES screenings (id),
        recipient       TEXT NOT NULL CHECK (recipient IN {_in(RECIPIENTS)}),
        document_kind   TEXT NOT NULL,
        purpose         TEXT NOT NULL,
        legal_basis_id  TEXT REFERENCES legal_bases (id),
        consent_id      TEXT REFERENCES consents (id),
        reprint_of      TEXT REFERENCES disclosures (id),
        file_sha256     TEXT,
        details         TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(details)),
        created_at      TEXT NOT NULL,
        created_by      TEXT NOT NULL REFERENCES users (id)
    )
    """,
    "CREATE INDEX disclosures_screening ON disclosures (screening_id)",
    "CREATE INDEX disclosures_sha256 ON disclosures (file_sha256)",
    # --- outbox: written in the same transaction as the change it carries ---
    """
    CREATE TABLE outbox (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        kind         TEXT NOT NULL,
        resource_id  TEXT NOT NULL,
        payload      TEXT NOT NULL CHECK (json_valid(payload)),
        created_at   TEXT NOT NULL
    )
    """,
    "CREATE INDEX outbox_resource ON outbox (kind, resource_id)",
    # --- audit: append-only, hash-chained (see audit.py) ---
    f"""
    CREATE TABLE audit (
        seq          INTEGER PRIMARY KEY,
        station_id   TEXT NOT NULL,
        at           TEXT NOT NULL,
        user_id      TEXT,
        event        TEXT NOT NULL CHECK (event IN {_in(AUDIT_EVENTS)}),
        subjects     TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(subjects)),
        details      TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(details)),
        values_hash  TEXT,
        prev_hash    TEXT NOT NULL,
        hash         TEXT NOT NULL
    )
    """,
    # Every index here is written on each autosave: keep them few.
    "CREATE INDEX audit_at ON audit (at)",
    """
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
    """,
    """
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
    """,
    # Old and new values of edits; the retention purge may delete them (the chain keeps a hash).
    """
    CREATE TABLE audit_values (
        seq   INTEGER PRIMARY KEY REFERENCES audit (seq),
        salt  TEXT NOT NULL,
        old   TEXT CHECK (old IS NULL OR json_valid(old)),
        new   TEXT CHECK (new IS NULL OR json_valid(new))
    )
    """,
    """
    CREATE TRIGGER audit_values_no_update BEFORE UPDATE ON audit_values
    BEGIN SELECT RAISE(ABORT, 'audit values are never changed, only purged'); END
    """,
    # --- settings: key -> JSON value ---
    """
    CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL CHECK (json_valid(value))
    )
    """,
)


SCHEMA_2: tuple[str, ...] = (
    # --- finalisation and sign-off are separate acts ---
    # The author finalises (with their passphrase); a supervisor may later sign off. Schema 1 had
    # only ``signed_off_by``; a finalised row's finaliser was its author, so that is the backfill.
    "ALTER TABLE screenings ADD COLUMN finalised_by TEXT REFERENCES users (id)",
    "UPDATE screenings SET finalised_by = author_id WHERE status = 'finalised'",
    "DROP TRIGGER screenings_finalised_immutable",
    # A finalised revision is immutable; the sign-off may be added once and then never changes.
    """
    CREATE TRIGGER screenings_finalised_immutable BEFORE UPDATE ON screenings
    WHEN OLD.status = 'finalised' AND (
        NEW.id IS NOT OLD.id OR NEW.person_id IS NOT OLD.person_id
        OR NEW.form_id IS NOT OLD.form_id OR NEW.form_version IS NOT OLD.form_version
        OR NEW.registry_version IS NOT OLD.registry_version OR NEW.status IS NOT OLD.status
        OR NEW.author_id IS NOT OLD.author_id OR NEW.started_by IS NOT OLD.started_by
        OR NEW.started_at IS NOT OLD.started_at OR NEW.screening_date IS NOT OLD.screening_date
        OR NEW.completed_at IS NOT OLD.completed_at OR NEW.finalised_at IS NOT OLD.finalised_at
        OR NEW.finalised_by IS NOT OLD.finalised_by
        OR NEW.revision IS NOT OLD.revision OR NEW.replaces_id IS NOT OLD.replaces_id
        OR NEW.amend_reason IS NOT OLD.amend_reason OR NEW.scores IS NOT OLD.scores
        OR (OLD.signed_off_by IS NOT NULL AND (
            NEW.signed_off_by IS NOT OLD.signed_off_by OR NEW.signed_off_at IS NOT OLD.signed_off_at
            OR NEW.signoff_note IS NOT OLD.signoff_note)))
    BEGIN SELECT RAISE(ABORT, 'a finalised screening cannot be changed; amend it'); END
    """,
    """
    CREATE TRIGGER screenings_signoff_only_finalised BEFORE UPDATE OF signed_off_by ON screenings
    WHEN NEW.signed_off_by IS NOT NULL AND (NEW.status <> 'finalised'
        OR NEW.signed_off_by IS NEW.finalised_by)
    BEGIN SELECT RAISE(ABORT, 'only a finalised screening is signed off, by someone else'); END
    """,
    "CREATE INDEX screenings_updated ON screenings (updated_at)",
    "CREATE INDEX flags_level ON flags (level, screening_id)",
    # --- person search: one row per normalised word of every name (see services/names.py) ---
    """
    CREATE TABLE person_name_tokens (
        token      TEXT NOT NULL,
        person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        PRIMARY KEY (token, person_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX person_name_tokens_person ON person_name_tokens (person_id)",
    # --- outbox: who wrote each row (signed inside the sealed envelope), versions, sealing ---
    "ALTER TABLE outbox ADD COLUMN resource_version INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE outbox ADD COLUMN base_version INTEGER",
    "ALTER TABLE outbox ADD COLUMN author_id TEXT",
    "ALTER TABLE outbox ADD COLUMN author_role TEXT",
    # Set by the sealer once the envelope is written (rows from before enrolment stay NULL).
    "ALTER TABLE outbox ADD COLUMN sealed_at TEXT",
    """
    CREATE TRIGGER outbox_content_fixed BEFORE UPDATE OF kind, resource_id, resource_version,
        base_version, payload, author_id, author_role, created_at ON outbox
    BEGIN SELECT RAISE(ABORT, 'an outbox row never changes; write a new one'); END
    """,
    # What this station has queued for the centre, and what the centre has acknowledged (the
    # retention purge deletes only acknowledged records). One row per resource, kept after the
    # outbox row is gone.
    """
    CREATE TABLE sync_resources (
        kind                  TEXT NOT NULL,
        resource_id           TEXT NOT NULL,
        enqueued_version      INTEGER NOT NULL CHECK (enqueued_version >= 1),
        acknowledged_version  INTEGER CHECK (acknowledged_version >= 1),
        acknowledged_at       TEXT,
        PRIMARY KEY (kind, resource_id),
        CHECK ((acknowledged_version IS NULL) = (acknowledged_at IS NULL))
    ) WITHOUT ROWID
    """,
    # --- audit rows with old/new values, by the record they concern (for the retention purge) ---
    """
    CREATE INDEX audit_values_screening ON audit (json_extract(subjects, '$.screening'))
    WHERE values_hash IS NOT NULL
    """,
    """
    CREATE INDEX audit_values_person ON audit (json_extract(subjects, '$.person'))
    WHERE values_hash IS NOT NULL
    """,
)


SCHEMA_3: tuple[str, ...] = (
    # --- where a draft was left, so it reopens exactly there ---
    # A wizard page (a section id of the form, or '#intro' / '#review') and the code of the
    # question that last had focus: names from the form, never an answer or anything typed, which
    # the checks enforce (letters, digits, '_', '-' and a leading '#' only).
    """
    ALTER TABLE screenings ADD COLUMN resume_page TEXT CHECK (resume_page IS NULL OR (
        length(resume_page) BETWEEN 1 AND 64
        AND substr(resume_page, 1 + (resume_page GLOB '#?*')) NOT GLOB '*[^A-Za-z0-9_-]*'))
    """,
    """
    ALTER TABLE screenings ADD COLUMN resume_item TEXT CHECK (resume_item IS NULL OR (
        length(resume_item) BETWEEN 1 AND 64 AND resume_item NOT GLOB '*[^A-Za-z0-9_-]*'))
    """,
)
