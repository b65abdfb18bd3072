"""Central reporting: anonymised figures that triangulate ethnicity, need and stage of the justice
journey, with small numbers suppressed, for analysts; a pseudonymised single-case extract for
approved researchers.

How the parts fit:

* :mod:`.schema`: the reporting store (PostgreSQL schema ``reporting``; on SQLite a database file
  of its own, attached as ``reporting``). Keyed hashes, codes, age bands, months; nothing that
  names anyone.
* :mod:`.pseudonym`: the HMAC-SHA256 key (a 0600 file beside the centre's keys, never in the
  database), person keys, and the per-person secret day shift that keeps intervals, not dates.
* :mod:`.facts`: what is read from a synced QuestionnaireResponse, Patient or Flag (codes only).
* :mod:`.builder`: the store is brought up to date after each push (a background task once the
  push has committed and answered), swept every few minutes for anything a failed update
  missed, and rebuilt from scratch by ``screening-central report rebuild``.
* :mod:`.disclosure` and :mod:`.aggregates`: every table the service can publish, protected
  together and cached by the store's data version; rates per 100 screenings; the follow-through
  from custody to Liaison & Diversion or probation.
* :mod:`.auth`, :mod:`.web`, :mod:`.charts`, :mod:`.extract`: central accounts (Argon2id,
  session cookies; OIDC described as the production option in :mod:`.auth`), the ``/reports``
  pages and API, the server-drawn charts, the researchers' extract.
* :mod:`.commands`: ``screening-central report`` and ``screening-central user``.

Operating it: after upgrading a centre that already holds synced records, run
``screening-central report rebuild`` once (pushes only bring in what they carry). Replacing the
pseudonymisation key means a rebuild too (the store refuses to mix keys).
"""
