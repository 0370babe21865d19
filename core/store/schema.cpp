#include "core/store/schema.h"

namespace racesync {

// Version 1 has not been released: until it is, features change their own tables here. After a
// release, a change is a new migration appended at the end, never an edit of an old one.
const std::vector<std::vector<std::string>>& migrations() {
  static const std::vector<std::vector<std::string>> kMigrations = {
      {
          // One row per run of `racesync run`.
          "CREATE TABLE runs ("
          "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
          "  started_at TEXT NOT NULL,"
          "  finished_at TEXT,"
          "  steps TEXT NOT NULL DEFAULT '',"
          "  exit_code INTEGER,"
          "  summary TEXT NOT NULL DEFAULT '{}')",

          // Every registrant ever imported, keyed by the stable registration id. Withdrawn
          // registrants stay (status 'withdrawn') so that their key is not lost.
          "CREATE TABLE registrants ("
          "  id TEXT PRIMARY KEY,"
          "  bib TEXT NOT NULL DEFAULT '',"
          "  first_name TEXT NOT NULL DEFAULT '',"
          "  last_name TEXT NOT NULL DEFAULT '',"
          "  name TEXT NOT NULL DEFAULT '',"  // display name
          "  email TEXT NOT NULL DEFAULT '',"
          "  race TEXT NOT NULL DEFAULT '',"
          "  gender TEXT NOT NULL DEFAULT '',"      // female | male | other | ''
          "  birth_date TEXT NOT NULL DEFAULT '',"  // YYYY-MM-DD, or YYYY alone
          "  age_group TEXT NOT NULL DEFAULT '',"
          "  team TEXT NOT NULL DEFAULT '',"
          "  country TEXT NOT NULL DEFAULT '',"
          "  source TEXT NOT NULL DEFAULT '',"  // file (or 'raceresult:<event>') of the last import
          "  line INTEGER NOT NULL DEFAULT 0,"  // line in that file (0 when none)
          "  import_hash TEXT NOT NULL DEFAULT '',"   // hash of the imported values
          "  status TEXT NOT NULL DEFAULT 'active',"  // active | withdrawn
          "  first_run INTEGER,"
          "  last_run INTEGER,"
          "  updated_at TEXT NOT NULL DEFAULT '')",
          "CREATE INDEX registrants_status ON registrants(status)",

          // Row-level problems of the latest run of each step: replaced when the step runs again.
          "CREATE TABLE problems ("
          "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
          "  run_id INTEGER,"
          "  step TEXT NOT NULL,"  // import | keys | ... | raceresult | mail: a step's name
          "  source TEXT NOT NULL DEFAULT '',"
          "  line INTEGER NOT NULL DEFAULT 0,"
          "  registration_id TEXT NOT NULL DEFAULT '',"
          "  code TEXT NOT NULL,"              // machine-readable, e.g. duplicate_bib
          "  message TEXT NOT NULL,"           // "registrations.csv:12: column 'Email' is empty"
          "  hint TEXT NOT NULL DEFAULT '')",  // what to do about it
          "CREATE INDEX problems_step ON problems(step)",

          // The starter keys racesync knows of. state: free (ours to hand out), assigned (to
          // registration_id, for good), foreign (held by a starter racesync did not create),
          // released (freed by --release-withdrawn; free again). A key that does not look like a
          // key (six letters or digits) is never stored: it is reported as a problem.
          "CREATE TABLE keys ("
          "  key TEXT PRIMARY KEY,"
          "  state TEXT NOT NULL DEFAULT 'free',"
          "  registration_id TEXT UNIQUE,"
          "  adopted_at TEXT NOT NULL DEFAULT '',"
          "  assigned_at TEXT NOT NULL DEFAULT '',"
          "  request_id INTEGER,"
          "  released_from TEXT NOT NULL DEFAULT '')",  // registrant a released key was taken from

          // Each generate_starter_keys call, recorded before it is made. A row still 'pending'
          // at start-up means a run died mid-call: reconcile with the key list, never re-ask.
          "CREATE TABLE key_requests ("
          "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
          "  run_id INTEGER,"
          "  count INTEGER NOT NULL,"
          "  keys_before INTEGER NOT NULL,"
          "  state TEXT NOT NULL DEFAULT 'pending',"  // pending | reconciled
          "  outcome TEXT NOT NULL DEFAULT '',"
          "  adopted INTEGER NOT NULL DEFAULT 0,"
          "  created_at TEXT NOT NULL,"
          "  reconciled_at TEXT NOT NULL DEFAULT '')",

          // The redeem link of each registrant and the QR file rendered from it.
          "CREATE TABLE links ("
          "  registration_id TEXT PRIMARY KEY,"
          "  key TEXT NOT NULL,"
          "  link TEXT NOT NULL,"
          "  qr_file TEXT NOT NULL DEFAULT '',"  // relative to out.dir, e.g. qr/42.png
          "  qr_link TEXT NOT NULL DEFAULT '',"  // the link the file on disk encodes
          "  updated_at TEXT NOT NULL DEFAULT '')",

          // What was last pushed to RaceRanger for each registrant, and how it ended.
          "CREATE TABLE athletes ("
          "  registration_id TEXT PRIMARY KEY,"
          "  race_id TEXT NOT NULL DEFAULT '',"
          "  content_hash TEXT NOT NULL DEFAULT '',"  // hash of the athlete as pushed
          "  outcome TEXT NOT NULL DEFAULT '',"       // created | updated | unchanged | rejected
          "  code TEXT NOT NULL DEFAULT '',"
          "  message TEXT NOT NULL DEFAULT '',"
          "  pushed_at TEXT NOT NULL DEFAULT '')",

          // Per RaceRanger race: the last status seen and whether pushing stopped (race_started).
          "CREATE TABLE races ("
          "  race_id TEXT PRIMARY KEY,"
          "  name TEXT NOT NULL DEFAULT '',"
          "  status TEXT NOT NULL DEFAULT '',"  // scheduled | active | ended | started (409)
          "  checked_at TEXT NOT NULL DEFAULT '',"
          "  note TEXT NOT NULL DEFAULT '')",  // why its athletes were not pushed, '' if they were

          // One row per (registrant, link): a mail is sent at most once for each, and a row is
          // 'sent' only after the SMTP server accepted the message. 'failed' rows are retried
          // until attempts reaches mail.max_attempts; 'outbox' rows were written as .eml files
          // (mail.enabled = false) and are still sent by a later enabled run.
          "CREATE TABLE mails ("
          "  registration_id TEXT NOT NULL,"
          "  link TEXT NOT NULL,"
          "  message_id TEXT NOT NULL DEFAULT '',"
          "  email TEXT NOT NULL DEFAULT '',"         // the address of the last attempt
          "  state TEXT NOT NULL DEFAULT 'pending',"  // sent | failed | outbox | sending (v2)
          "  attempts INTEGER NOT NULL DEFAULT 0,"    // failed attempts to this email
          "  sends INTEGER NOT NULL DEFAULT 0,"       // times accepted (more than 1 after --resend)
          "  last_error TEXT NOT NULL DEFAULT '',"
          "  sent_at TEXT NOT NULL DEFAULT '',"
          "  updated_at TEXT NOT NULL DEFAULT '',"
          "  PRIMARY KEY (registration_id, link))",

          // Small facts that belong to the store as a whole (event id, last push of a race, ...).
          "CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL DEFAULT '')",
      },
      {
          // What the raceresult step last wrote into RACE RESULT for each registrant, so that a
          // re-run writes only what changed. A refused row is tried again by the next run.
          "CREATE TABLE writebacks ("
          "  registration_id TEXT PRIMARY KEY,"
          "  named_by TEXT NOT NULL DEFAULT 'pid',"  // pid | bib: how the participant was named
          "  target TEXT NOT NULL DEFAULT '',"       // the PID or bib written to
          "  key_field TEXT NOT NULL DEFAULT '',"
          "  key TEXT NOT NULL DEFAULT '',"
          "  link_field TEXT NOT NULL DEFAULT '',"  // '' when no link was written
          "  link TEXT NOT NULL DEFAULT '',"
          "  outcome TEXT NOT NULL DEFAULT 'written',"  // written | refused
          "  message TEXT NOT NULL DEFAULT '',"         // RACE RESULT's words when refused
          "  written_at TEXT NOT NULL DEFAULT '')",
          // Which header of which file the last import took each field from, and the headers
          // it left unused (field ''): what `inspect`, a dry run and the report show.
          "CREATE TABLE column_mapping ("
          "  source TEXT NOT NULL,"
          "  seq INTEGER NOT NULL,"             // order within the source
          "  field TEXT NOT NULL DEFAULT '',"   // id, bib, ...; '' for an unused header
          "  header TEXT NOT NULL DEFAULT '',"  // '' when the field was not found
          "  format TEXT NOT NULL DEFAULT '',"  // "utf-8, ';' separated"
          "  PRIMARY KEY (source, seq))",

          // Registrants without an id column whose derived id changed with a corrected typo and
          // who were matched to their first id (same bib, or same email and birth date): the
          // new derived id (alias) is read as the first one (id) from then on.
          "CREATE TABLE id_aliases (alias TEXT PRIMARY KEY, id TEXT NOT NULL)",
          // Version 2: exactly once under kill -9. A mail is recorded 'sending' in a committed
          // transaction before its DATA; a row still 'sending' on the next run is in doubt
          // (never resent unless --resend in-doubt). The index keeps that count cheap.
          "CREATE INDEX mails_state ON mails(state)",
          // What RaceRanger itself held of each race after the last push (its listing plus what
          // that push created and deleted); -1 when never listed.
          "ALTER TABLE races ADD COLUMN held INTEGER NOT NULL DEFAULT -1",
          // The labels last printed by `racesync labels`, one row per registrant: what the label
          // showed (a hash of bib, name, race, key and link), so that --since-last-print prints
          // only the new and changed ones.
          "CREATE TABLE printed_labels ("
          "  registration_id TEXT PRIMARY KEY,"
          "  content_hash TEXT NOT NULL,"
          "  file TEXT NOT NULL DEFAULT '',"  // the PDF it went into, relative to out.dir
          "  printed_at TEXT NOT NULL DEFAULT '')",
      },
      {
          // The language a registrant's mail is written in ('' for mail.template's): ISO 639-1.
          "ALTER TABLE registrants ADD COLUMN language TEXT NOT NULL DEFAULT ''",
      },
  };
  return kMigrations;
}

}  // namespace racesync
