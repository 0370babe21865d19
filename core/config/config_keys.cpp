#include "core/config/config_keys.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>

#include "core/base/file_modes.h"

namespace racesync {

namespace {

ConfigKey declare(const char* name, ConfigKind kind, const char* defaultValue, const char* help) {
  ConfigKey key;
  key.name = name;
  key.kind = kind;
  key.defaultValue = defaultValue;
  key.help = help;
  return key;
}

ConfigKey text(const char* name, const char* defaultValue, const char* help) {
  return declare(name, ConfigKind::kText, defaultValue, help);
}

ConfigKey integer(const char* name, const char* defaultValue, long long min, long long max,
                  const char* help) {
  ConfigKey key = declare(name, ConfigKind::kInteger, defaultValue, help);
  key.min = min;
  key.max = max;
  return key;
}

ConfigKey number(const char* name, const char* defaultValue, long long min, long long max,
                 const char* help) {
  ConfigKey key = declare(name, ConfigKind::kNumber, defaultValue, help);
  key.min = min;
  key.max = max;
  return key;
}

ConfigKey flag(const char* name, const char* defaultValue, const char* help) {
  return declare(name, ConfigKind::kFlag, defaultValue, help);
}

ConfigKey list(const char* name, const char* help) {
  return declare(name, ConfigKind::kList, "", help);
}

ConfigKey path(const char* name, const char* defaultValue, const char* help) {
  return declare(name, ConfigKind::kPath, defaultValue, help);
}

ConfigKey url(const char* name, const char* defaultValue, const char* help) {
  return declare(name, ConfigKind::kUrl, defaultValue, help);
}

ConfigKey choice(const char* name, const char* defaultValue, std::vector<std::string> choices,
                 const char* help) {
  ConfigKey key = declare(name, ConfigKind::kChoice, defaultValue, help);
  key.choices = std::move(choices);
  return key;
}

// README.md shows more than the bare default.
ConfigKey shown(ConfigKey key, const char* shownDefault) {
  key.shownDefault = shownDefault;
  return key;
}

// The default is worked out where the key is read; README.md describes it.
ConfigKey computed(ConfigKey key, const char* shownDefault) {
  key.computedDefault = true;
  return shown(std::move(key), shownDefault);
}

// "a, b or c"
std::string alternatives(const std::vector<std::string>& items) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += i + 1 == items.size() ? " or " : ", ";
    text += items[i];
  }
  return text;
}

bool isHttpUrl(const std::string& value) {
  try {
    Poco::URI uri(value);
    return (uri.getScheme() == "http" || uri.getScheme() == "https") && !uri.getHost().empty();
  } catch (const Poco::Exception&) {
    return false;
  }
}

std::string integerProblem(const ConfigKey& key, const std::string& value) {
  Poco::Int64 number = 0;
  if (Poco::NumberParser::tryParse64(value, number) && number >= key.min && number <= key.max) {
    return "";
  }
  return "'" + value + "' is not a whole number from " + std::to_string(key.min) + " to " +
         std::to_string(key.max);
}

std::string numberProblem(const ConfigKey& key, const std::string& value) {
  double number = 0;
  if (Poco::NumberParser::tryParseFloat(value, number, '.', ',') && number >= key.min &&
      number <= key.max) {
    return "";
  }
  return "'" + value + "' is not a number from " + std::to_string(key.min) + " to " +
         std::to_string(key.max) + " (write decimals with a point, e.g. 0.5)";
}

std::string choiceProblem(const ConfigKey& key, const std::string& value) {
  bool allowed = std::any_of(key.choices.begin(), key.choices.end(),
                             [&](const std::string& c) { return Poco::icompare(c, value) == 0; });
  return allowed ? "" : "'" + value + "' is not allowed: write " + alternatives(key.choices);
}

}  // namespace

// A declarative table, one entry per key in README.md's order: longer than 60 lines on purpose.
const std::vector<ConfigKey>& configKeys() {
  static const std::vector<ConfigKey> kKeys = {
      text("event.name", "", "the event's display name (mails, report)"),
      text("event.date", "", "the race day, `YYYY-MM-DD`: the mails name it"),
      text("event.start_time", "", "the first start, `HH:MM`: the mails name it with the date"),
      path("out.dir", "out", "where `links.csv`, `qr/`, `racemap-import.*`, `report.html` go"),
      choice("out.csv_dialect", "standard", {"standard", "excel"},
             "`links.csv` as `standard` (UTF-8, `,`, CRLF) or `excel` (UTF-8 with BOM, the "
             "separator of `out.csv_locale`, CRLF: opens in columns in Excel)"),
      choice("out.csv_locale", "de",
             {"de", "fr", "es", "it", "nl", "pt", "pl", "da", "sv", "nb", "fi", "cs", "ru", "en",
              "ja", "zh", "ko", "he", "th"},
             "the language of the Excel that opens `links.csv` with `out.csv_dialect = excel`: "
             "`;` for `de, fr, es, it, nl, pt, pl, da, sv, nb, fi, cs, ru` (decimal comma), `,` "
             "for `en, ja, zh, ko, he, th`"),
      declare("out.mode", ConfigKind::kMode, "private",
              "who may read the outputs, which hold personal data: `private` (files 0600, folders "
              "0700), `group` (0640, 0750) or an octal file mode such as `0644`"),
      computed(
          path("state.path", "", "the SQLite state store; keep it: it holds who has which key"),
          "`<out.dir>/racesync.db`"),
      text("state.url", "",
           "`postgresql://user@host[:port]/db`: a PostgreSQL state shared by several hosts "
           "(password from `RACESYNC_DB_PASSWORD`, `PGPASSWORD` or `~/.pgpass`, never here); "
           "empty: the SQLite file at `state.path`; `RACESYNC_STATE_URL` overrides it"),
      computed(text("state.event", "",
                    "which event of a shared PostgreSQL state this configuration is (its own "
                    "schema there)"),
               "`racemap.event_id`, else `event.name`"),
      computed(path("templates.dir", "",
                    "mail and report templates (a folder of your own needs `report/` too)"),
               "the bundled `templates/`"),
      shown(text("report.timezone", "",
                 "the time zone of the times in the report, e.g. `Europe/Berlin` (a name from "
                 "`/usr/share/zoneinfo`)"),
            "the machine's (`/etc/localtime`)"),
      choice("registrations.source", "csv", {"csv", "raceresult"}, "`csv` or `raceresult`"),
      list("registrations.files", "one or more CSV exports, comma-separated"),
      text("registrations.columns.<field>", "",
           "the header of a field when the aliases do not find it; fields: `id, bib, first_name, "
           "last_name, name, email, race, gender, birth_date, age_group, team, country, language`"),
      list("registrations.skip_when",
           "race values that are not registrations (merchandise, a donation, a membership), "
           "comma-separated, e.g. `registrations.skip_when = T-Shirt, Donation`: such rows are "
           "skipped before duplicate ids are looked for"),
      list("registrations.skip_when.<header>",
           "leave out rows whose column has one of these values, e.g. "
           "`registrations.skip_when.Status = Refunded,Cancelled`"),
      choice("registrations.date_order", "dmy", {"dmy", "mdy"},
             "how to read an ambiguous `01/02/1990`: `dmy` or `mdy`"),
      list("registrations.races",
           "the known race names, comma-separated: another race is reported"),
      text("registrations.default_race", "",
           "the race of every row of an export without a race column (a single-race event)"),
      integer("registrations.max_withdraw_percent", "20", 0, 100,
              "an import that would withdraw more than this share of the active registrants "
              "stops (exit 65) before changing anything; `run --allow-shrink` lets one run "
              "past it, `100` turns the guard off"),
      url("racemap.base_url", "https://racemap.com", "the RACEMAP address"),
      flag("racemap.allow_plain_http", "false",
           "`true` lets `racemap.base_url` be plain `http://` on a host other than loopback (a lab "
           "network): the token then travels unencrypted"),
      text("racemap.event_id", "", "the RACEMAP event"),
      choice("racemap.generate_method", "POST", {"POST", "GET"},
             "`POST` or `GET` for `generate_starter_keys`"),
      url("racemap.link_base", "https://racemap.app/redeem_key",
          "the start of every redeem link, which the QR codes encode"),
      integer("racemap.max_keys_per_call", "1000", 1, 100000, "larger requests are split"),
      integer("racemap.timeout_ms", "30000", 100, 600000,
              "how long one RACEMAP call may take, in milliseconds"),
      shown(integer("racemap.pending_grace_ms", "900000", 0, 7LL * 24 * 3600 * 1000,
                    "how long keys asked for by a run that died may still arrive before racesync "
                    "believes they never will"),
            "`900000` (15 min)"),
      choice("qr.error_correction", "M", {"L", "M", "Q", "H"}, "`L`, `M`, `Q` or `H`"),
      integer("qr.module_px", "8", 1, 64, "pixels per QR module"),
      integer("qr.quiet_zone", "4", 0, 64, "modules of white border"),
      integer("qr.threads", "2", 1, 64, "threads rendering QR codes"),
      choice("print.format", "a4-3x8", {"a4-3x8", "a4-2x7", "letter-3x10", "roll-62mm"},
             "label sheets for `racesync labels`: `a4-3x8` (70 x 37 mm), `a4-2x7` (Avery L7163), "
             "`letter-3x10` (Avery 5160) or `roll-62mm` (one 62 x 100 mm label a page)"),
      computed(number("print.top_margin_mm", "", 0, 300, "page edge to the first row of labels"),
               "the format's"),
      computed(number("print.left_margin_mm", "", 0, 300, "page edge to the first column"),
               "the format's"),
      computed(number("print.column_gap_mm", "", 0, 100, "between two labels side by side"),
               "the format's"),
      computed(number("print.row_gap_mm", "", 0, 100, "between two labels one above the other"),
               "the format's"),
      computed(number("print.label_width_mm", "", 20, 300, "the width of one label"),
               "the format's"),
      computed(number("print.label_height_mm", "", 20, 300, "the height of one label"),
               "the format's"),
      computed(number("print.padding_mm", "", 0, 20,
                      "kept blank inside each label's edge (printers shift sheets a little)"),
               "`1.5` (`3` on a roll)"),
      choice("print.error_correction", "M", {"L", "M", "Q", "H"},
             "`L`, `M`, `Q` or `H` for the printed codes"),
      integer("print.quiet_zone", "4", 0, 16, "modules of white around a printed code"),
      number("print.min_text_pt", "6", 4, 24,
             "a name below this size wraps to two lines instead of shrinking further"),
      flag("print.per_race", "false", "`true`: one `labels-<race>.pdf` per race"),
      url("raceranger.base_url", "", "the API address that came with your key (no default host)"),
      flag("raceranger.allow_plain_http", "false",
           "`true` lets `raceranger.base_url` be plain `http://` on a host other than loopback (a "
           "lab network): the API key then travels unencrypted"),
      text("raceranger.event_id", "", "the RaceRanger event (`evt_...`)"),
      text("raceranger.races.<race name>", "",
           "the RaceRanger race id of a race as the export names it; without any, the error lists "
           "the event's races"),
      integer("raceranger.batch_size", "500", 1, 10000, "athletes per import call (halved on 413)"),
      integer("raceranger.per_minute", "120", 1, 100000,
              "requests a minute, below RaceRanger's limit (the answer headers win)"),
      integer("raceranger.per_hour", "1000", 1, 1000000,
              "requests an hour, below RaceRanger's limit (the answer headers win)"),
      integer("raceranger.max_tries", "6", 1, 50, "tries of one batch on 429, 5xx and timeouts"),
      integer("raceranger.retry_base_ms", "1000", 0, 60000,
              "the first backoff, doubled each try (at most 60 s), with jitter"),
      integer("raceranger.timeout_ms", "30000", 100, 600000,
              "how long one RaceRanger call may take, in milliseconds"),
      integer("raceranger.max_pages", "10000", 1, 1000000,
              "pages of one listing at most (a listing whose cursor never ends stops there)"),
      integer("raceranger.read_back_budget", "200", 0, 1000000,
              "requests a run spends reading back what the mapped races hold, oldest reading "
              "first; a race that does not fit is planned from racesync's records, and the run "
              "says so"),
      integer("raceranger.read_back_every_hours", "168", 0, 100000,
              "a race not read back for this long is read back whatever it costs (0: only within "
              "the budget)"),
      text("raceranger.paths.races", "/v1/events/{eventId}/races",
           "the path template of an event's races"),
      text("raceranger.paths.import", "/v1/events/{eventId}/races/{raceId}/athletes:import",
           "the path template of a race's athlete import"),
      text("raceranger.paths.athletes", "/v1/events/{eventId}/races/{raceId}/athletes",
           "the path template of a race's athlete listing (ASSUMED; scope `read:athletes`)"),
      text("raceranger.paths.delete", "/v1/events/{eventId}/races/{raceId}/athletes/{externalId}",
           "the path template that removes one athlete from a race (ASSUMED)"),
      flag("mail.enabled", "true",
           "`true` sends mail; `false` with `mail.outbox` writes `.eml` files instead (a later "
           "enabled run sends them)"),
      path("mail.outbox", "", "a folder for `.eml` files instead of sending"),
      text("mail.smtp.host", "", "the SMTP server"),
      computed(integer("mail.smtp.port", "", 1, 65535, "the SMTP server's port"),
               "`587`, `465` (implicit) or `25` (none)"),
      choice("mail.smtp.tls", "starttls", {"starttls", "implicit", "none"},
             "`starttls`, `implicit` or `none` (loopback only)"),
      text("mail.smtp.user", "", "the login; the password is `SMTP_PASSWORD`"),
      shown(path("mail.smtp.ca_file", "", "CA certificates to verify the server with"),
            "the system's"),
      integer("mail.smtp.timeout_ms", "30000", 100, 600000,
              "how long the SMTP server may take to answer, in milliseconds"),
      text("mail.from", "", "the sender, e.g. `Stadtlauf <info@stadtlauf.de>`"),
      text("mail.reply_to", "", "the reply address"),
      text("mail.template", "key-link",
           "a folder under `templates/`: `key-link` (English), `key-link-de` (German), or the "
           "path of a folder of your own"),
      shown(integer("mail.per_minute", "0", 0, 100000, "pace for providers that throttle"),
            "`0` (no limit)"),
      integer("mail.max_attempts", "3", 1, 100, "tries for a refused recipient, one per run"),
      text("mail.contact", "",
           "who to ask, e.g. `info@stadtlauf.de or +49 221 123456`: a contact line in every mail"),
      url("mail.app_store_url", "https://apps.apple.com/search?term=RACEMAP",
          "where the mails send iPhone users for the RACEMAP app"),
      url("mail.play_store_url", "https://play.google.com/store/search?q=RACEMAP&c=apps",
          "where the mails send Android users for the RACEMAP app"),
      url("raceresult.base_url", "https://events.raceresult.com", "the RACE RESULT address"),
      flag("raceresult.allow_plain_http", "false",
           "`true` lets `raceresult.base_url` be plain `http://` on a host other than loopback (a "
           "lab network): the API key then travels unencrypted"),
      text("raceresult.event_id", "", "the RACE RESULT event"),
      text("raceresult.fields.<field>", "",
           "the RACE RESULT field of a registrant field, e.g. `raceresult.fields.team = Club`"),
      list("raceresult.fields", "the complete field list to request, when you need to control it"),
      text("raceresult.filter", "", "a RACE RESULT filter, e.g. `[Contest]=1`"),
      integer("raceresult.timeout_ms", "30000", 1000, 600000,
              "how long one RACE RESULT call may take, in milliseconds"),
      text("raceresult.writeback.key_field", "",
           "the user-defined RACE RESULT field each registrant's key is written back into, e.g. "
           "`TrackingKey`; unset: nothing is written back"),
      text("raceresult.writeback.link_field", "",
           "the field the redeem link is written into, e.g. `RacemapLink`; unset: no link"),
      choice("raceresult.writeback.by", "pid", {"pid", "bib"},
             "`pid` (RACE RESULT's ID) or `bib`: how a write names the participant"),
      flag("raceresult.writeback.no_history", "false",
           "`true` writes without an entry in the participant's history in RACE RESULT"),
      integer("raceresult.writeback.batch_size", "500", 1, 10000,
              "participants per `savevaluearray` call (a refused call is halved to find whom "
              "RACE RESULT refuses)"),
      integer("raceresult.writeback.per_minute", "60", 1, 10000, "write calls a minute at most"),
  };
  return kKeys;
}

bool ConfigKey::matches(const std::string& key) const {
  if (!isPattern()) return Poco::icompare(name, key) == 0;
  const std::string prefix = patternPrefix();
  return key.size() > prefix.size() && Poco::icompare(key, 0, prefix.size(), prefix) == 0;
}

const ConfigKey* findConfigKey(const std::string& key) {
  for (const auto& declared : configKeys()) {
    if (declared.matches(key)) return &declared;
  }
  return nullptr;
}

bool parseConfigFlag(const std::string& text, bool& value) {
  const std::string word = Poco::toLower(Poco::trim(text));
  if (word == "true" || word == "yes" || word == "on" || word == "1") {
    value = true;
    return true;
  }
  if (word == "false" || word == "no" || word == "off" || word == "0") {
    value = false;
    return true;
  }
  return false;
}

std::string configValueProblem(const ConfigKey& key, const std::string& value) {
  if (value.empty() && key.kind != ConfigKind::kUrl) return "";
  bool unused = false;
  switch (key.kind) {
    case ConfigKind::kInteger:
      return integerProblem(key, value);
    case ConfigKind::kNumber:
      return numberProblem(key, value);
    case ConfigKind::kFlag:
      return parseConfigFlag(value, unused) ? ""
                                            : "'" + Poco::toLower(value) + "' is not true or false";
    case ConfigKind::kUrl:
      return isHttpUrl(value)
                 ? ""
                 : "'" + value + "' is not an http(s) URL: write it like https://host[:port]";
    case ConfigKind::kChoice:
      return choiceProblem(key, value);
    case ConfigKind::kMode: {
      FileModes modes;
      return FileModes::parse(value, modes)
                 ? ""
                 : "'" + value +
                       "' is not a mode: write private, group or an octal file mode that you may "
                       "read and write and nobody else may write, such as 0640";
    }
    default:
      return "";
  }
}

std::string documentedDefault(const ConfigKey& key) {
  if (!key.shownDefault.empty()) return key.shownDefault;
  return key.defaultValue.empty() ? "" : "`" + key.defaultValue + "`";
}

}  // namespace racesync
