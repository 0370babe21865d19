#include "jobs/help_text.h"

namespace racesync {

namespace {

const char* kOverview = R"(usage: racesync run -c CONFIG [--dry-run] [--steps LIST] [--no-mail]
                    [--release-withdrawn] [--allow-shrink]
                    [--resend BIB|ID|EMAIL|all|in-doubt [--to ADDRESS]] [-q | -v]
       racesync status -c CONFIG [--json]
       racesync inspect -c CONFIG
       racesync labels -c CONFIG [--since-last-print] [--per-race] [--dry-run]
       racesync lookup -c CONFIG TEXT
       racesync state export -c CONFIG --to STORE [--replace] [--dry-run]
       racesync state import -c CONFIG --from STORE [--replace] [--dry-run]
       racesync demo [--out DIR] [--source csv|raceresult] [--seed N]
       racesync sandbox [--port N] [-c CONFIG] [--seed N]
       racesync --help | --version

Turns race registration exports into RACEMAP starter keys, redeem links and QR codes, the RACEMAP
participant import, RaceRanger athletes, and one email per registrant. Safe to run every night:
an unchanged input makes no remote write and sends no mail.

commands:
  run       the job: import, keys, links, racemap, raceranger, raceresult, mail (in order)
  status    counts from the state store, for people or (--json) for monitoring
  inspect   how each export is read: encoding, rows, which header gives which field
  labels    labels.pdf: one printable label per registrant (QR code, bib, name, race, key)
  lookup    one registrant by bib, id, email or name: key, link, QR code, mail, RaceRanger
  state     export or import the whole state: to or from another SQLite file or PostgreSQL
  demo      the whole job on the bundled samples against simulated services, in seconds
  sandbox   simulated RACEMAP, RaceRanger and RACE RESULT on loopback, for rehearsing

'racesync COMMAND --help' tells more about one command.

Secrets come from the environment, never from the configuration or the command line:
  RACEMAP_TOKEN, RACERANGER_API_KEY (rr_o_..., scopes write:athletes, read:athletes),
  SMTP_PASSWORD, RACERESULT_API_KEY.

exit status: 0 done (row-level problems are listed in the report, not fatal), 64 bad usage,
65 the input cannot be read, 69 a service cannot be reached or refuses the credentials,
75 a temporary failure that a later run will finish, 78 bad configuration.
)";

const char* kRun = R"(usage: racesync run -c CONFIG [options]

Runs the steps in order: import, keys, links, racemap, raceranger, raceresult, mail. A step that
fails stops the steps that need it (keys failing stops links, raceresult and mail, not the
RaceRanger push); the others still run. Row-level problems never stop a run: they are listed in out.dir/report.html.

options:
  -c, --config CONFIG     the configuration file (.ini or .properties)
  -n, --dry-run           read everything, write nothing remote, send nothing, write no file;
                          print the plan: keys to request, athletes to push, mails to send
  --steps LIST            only these steps, comma-separated (import,keys,links,racemap,
                          raceranger,raceresult,mail)
  --no-mail               skip the mail step
  --release-withdrawn     free the keys of withdrawn registrants that were never used
  --allow-shrink          let this import withdraw more than registrations.max_withdraw_percent
                          of the registrants, or everyone of an export without rows (the
                          shrink guard otherwise stops it with exit 65, changing nothing)
  --resend WHO            mail this registrant again: a bib, a registration id or an email
                          (every registrant with that address), all, or in-doubt; repeatable.
                          One that names nobody exits 64 and lists the nearest registrants.
                          A mail is in doubt when a run stopped (killed, connection lost,
                          disk full) after handing it to the server and before recording its
                          answer: it may have arrived, so it is never resent unasked
  --to ADDRESS            with one --resend: send that mail to ADDRESS instead, this once (the
                          registrant's own address stays as the export has it)
  -q, --quiet             errors only
  -v, --verbose           every remote call: method, URL path, status, milliseconds
)";

const char* kStatus = R"(usage: racesync status -c CONFIG [--json]

Prints the counts of the state store: registrants, withdrawn, problems, keys in the pool and
assigned, QR codes written, athletes pushed and rejected, mails sent, failed and in doubt, the
last run.

options:
  -c, --config CONFIG     the configuration file
  --json                  one JSON object, for monitoring
)";

const char* kInspect = R"(usage: racesync inspect -c CONFIG

Reads each file of registrations.files as the import would, and prints its encoding, delimiter
and rows, each field with the header it comes from (or "not found" and up to three nearest
headers), the headers no field took, and a hint for a column that looks like an email, bib or
name column but was not recognised.
Changes nothing: no state store, no remote call. The top of 'run --dry-run' prints the same.

options:
  -c, --config CONFIG     the configuration file
)";

const char* kLabels =
    R"(usage: racesync labels -c CONFIG [--since-last-print] [--per-race] [--dry-run]

Writes out.dir/labels.pdf: one label per active registrant with a link, sorted by race, then bib:
the QR code of the redeem link, the bib in large type, the name, the race and the key in text.
Sheets by print.format: a4-3x8 (default), a4-2x7, letter-3x10, roll-62mm (one label a page);
print.* moves margins, gaps and sizes. Each printed label is recorded in the state store.

options:
  -c, --config CONFIG     the configuration file
  --since-last-print      only labels that are new or changed (bib, name, race, key or link)
                          since they were last printed: a late registrant without a reprint
  --per-race              one labels-<race>.pdf per race (or print.per_race = true)
  -n, --dry-run           print which labels would be printed; write nothing
)";

const char* kLookup = R"(usage: racesync lookup -c CONFIG TEXT

Finds registrants by bib, registration id, email (any case) or name (case and accents ignored,
words in any order: 'muller zoe' finds Zoë Müller) and prints for each the key, the link, the QR
code file, what became of the mail and of the RaceRanger push, and the problems stored with it.
Nobody found: exit 64 with the nearest registrants.

options:
  -c, --config CONFIG     the configuration file
)";

const char* kState = R"(usage: racesync state export -c CONFIG --to STORE [--replace] [--dry-run]
       racesync state import -c CONFIG --from STORE [--replace] [--dry-run]

Copies the whole state of CONFIG's store (state.path) to another store, or another store's into
it: every registrant, key, link, mail, push and problem, row by row in one transaction. STORE is
an SQLite file or a postgresql://USER@HOST[:PORT]/DB URL (there: CONFIG's event, state.event;
the password from RACESYNC_DB_PASSWORD). Both stores are locked against runs
meanwhile, and the copy is committed only when the target holds exactly the rows of the source
(every table, and the keys in each state): nothing is lost, whatever happens. The source is left
as it was.

options:
  -c, --config CONFIG     the configuration file
  --to STORE              export: where the state goes (created when it does not exist)
  --from STORE            import: where the state comes from (must exist)
  --replace               a target that already holds registrants or keys is refused (exit 65)
                          unless --replace: then its rows are replaced by the source's
  -n, --dry-run           print what would be copied; change nothing
)";

const char* kDemo = R"(usage: racesync demo [--out DIR] [--source csv|raceresult] [--seed N]

Runs the whole job on samples/ against simulated RACEMAP, RaceRanger and RACE RESULT services
started inside the process; mails go to DIR/outbox as .eml files. Then runs it a second time to
show that nothing is written or sent twice. Look at DIR/report.html afterwards.

options:
  -o, --out DIR           where the outputs go (default ./racesync-demo; an earlier demo there
                          is replaced, any other non-empty folder is refused)
  --source SRC            csv (default): the sample export; raceresult: the same registrants
                          fetched from the simulated RACE RESULT API
  --seed N                the simulated RACEMAP generates the same keys for the same N, so two
                          demos compare byte for byte but for times (default: random keys)
)";

const char* kSandbox = R"(usage: racesync sandbox [--port N] [-c CONFIG] [--seed N]

Starts simulated RACEMAP, RaceRanger and RACE RESULT services on 127.0.0.1 and keeps them up
until Ctrl-C. With -c, the events and races of that configuration exist in the sandbox, so a
real configuration can be rehearsed by pointing its base URLs at the sandbox. It prints the URL
and the credentials it accepts: fixed ones that start with sandbox- and look like no real
RACEMAP, RaceRanger or RACE RESULT credential. It listens on loopback only: no other machine
can reach it, whatever the port.

options:
  -p, --port N            the port (default 0: any free port)
  -c, --config CONFIG     seed the sandbox from this configuration (default samples/racesync.ini)
  --seed N                the simulated RACEMAP generates the same keys for the same N
                          (default: random keys)
)";

}  // namespace

std::string helpText(const std::string& command) {
  if (command == "run") return kRun;
  if (command == "status") return kStatus;
  if (command == "inspect") return kInspect;
  if (command == "labels") return kLabels;
  if (command == "lookup") return kLookup;
  if (command == "state") return kState;
  if (command == "demo") return kDemo;
  if (command == "sandbox") return kSandbox;
  return kOverview;
}

}  // namespace racesync
