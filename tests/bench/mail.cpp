// The mail step's cost per message: N registrants in a store, each with a link and a real QR PNG.
// Composition alone (render the template, build the MIME text) in CPU time; the whole step to the
// outbox (mail.enabled = false: .eml files, recorded in the store) in CPU time per message; then
// the step over one plain SMTP connection to aiosmtpd on loopback (accepting without saving), in
// messages per second, to tell racesync's share from the server's.
// Run: scripts/bench mail [N ...] (default 200 and 1000).
#include <Poco/Data/Session.h>

#include <sys/resource.h>

#include <chrono>
#include <iostream>
#include <string>

#include "core/base/clock.h"
#include "core/config/settings.h"
#include "core/links/qr_renderer.h"
#include "core/links/redeem_link.h"
#include "core/mail/mail_step.h"
#include "core/mail/mail_template.h"
#include "core/net/http_transport.h"
#include "core/run/progress.h"
#include "core/store/state_store.h"
#include "jobs/wiring.h"
#include "tests/support/smtp_server.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

namespace {

class NoHttp : public HttpTransport {
 public:
  HttpResponse send(const HttpRequest&) override {
    throw TransportError(TransportFailure::kConnect, "no HTTP in the mail benchmark");
  }
};

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// User and system CPU seconds of this process so far (`system`: the system part alone).
double cpuSeconds(bool system = false) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return system ? seconds(usage.ru_stime) : seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

long long countOf(const StepResult& result, const std::string& name) {
  for (const auto& [counted, value] : result.counts) {
    if (counted == name) return value;
  }
  return 0;
}

StepResult runStep(StateStore& store, const Settings& settings) {
  SystemClock clock;
  NoHttp http;
  SilentProgress progress;
  RunContext context{settings, store, http, clock, progress, RunOptions{}, 1, Plan{}};
  MailStep step(realMailers());
  return step.run(context);
}

void run(int count) {
  test::TempDir dir;
  StateStore store(dir.file("racesync.db"));  // a file, as in a run: commits cost what they cost
  store.transact([&] {
    for (int i = 0; i < count; ++i) {
      std::string id = "R" + std::to_string(i), bib = std::to_string(i + 1);
      std::string first = "Jürgen", last = "Müller" + std::to_string(i), name = first + " " + last;
      std::string email = "runner" + std::to_string(i) + "@example.org", race = "10 km";
      std::string key = "K" + std::to_string(100000 + i);
      std::string link = redeemLink(kDefaultLinkBase, key, bib, name);
      std::string file = "qr/" + bib + ".png";
      test::writeFile(dir.file("out/" + file), renderQrPng(link));
      store.session() << "INSERT INTO registrants (id, first_name, last_name, name, email, bib, "
                         "race) VALUES (?, ?, ?, ?, ?, ?, ?)",
          use(id), use(first), use(last), use(name), use(email), use(bib), use(race), now;
      store.session() << "INSERT INTO links (registration_id, key, link, qr_file, qr_link) "
                         "VALUES (?, ?, ?, ?, ?)",
          use(id), use(key), use(link), use(file), use(link), now;
    }
  });

  // Composition alone: render the template and build the MIME text.
  MailTemplate mailTemplate = MailTemplate::load(test::sourceDir() + "/templates", "key-link");
  std::string png = renderQrPng(redeemLink(kDefaultLinkBase, "K84N2S", "42", "Jürgen Müller"));
  double composeStart = cpuSeconds();
  std::size_t bytes = 0;
  std::uint64_t seed = randomBoundarySeed();
  for (int i = 0; i < count; ++i) {
    MailHeaders headers{{"Stadtlauf Köln", "info@stadtlauf.de"},
                        {"Jürgen Müller", "runner@example.org"},
                        {},
                        messageIdFor("R" + std::to_string(i), "https://l", 0, "stadtlauf.de"),
                        0,
                        "R" + std::to_string(i)};
    MailFields fields{"Stadtlauf Köln",
                      "Jürgen",
                      "Müller",
                      "Jürgen Müller",
                      "42",
                      "10 km",
                      "K84N2S",
                      "https://racemap.app/redeem_key?key=K84N2S",
                      "cid:qr",
                      "42.png",
                      "Sunday, 14 June 2026",
                      "09:30",
                      "info@stadtlauf.de",
                      "https://apps.apple.com/search?term=RACEMAP",
                      "https://play.google.com/store/search?q=RACEMAP&c=apps",
                      "en"};
    MailBody body{mailTemplate.render(fields), png, "qr", "42.png"};
    bytes += composeMail(headers, body, seed).size();
  }
  double composeMs = (cpuSeconds() - composeStart) * 1000 / count;

  // The whole step to the outbox: read, plan, render, compose, write .eml files, record.
  Settings outboxSettings =
      Settings::fromString("[event]\nname = Stadtlauf Köln\n[out]\ndir = " + dir.file("out") +
                               "\n[mail]\nenabled = false\noutbox = " + dir.file("outbox") +
                               "\nfrom = Stadtlauf Köln <info@stadtlauf.de>\n",
                           {}, dir.path(), test::sourceDir() + "/templates");
  double outboxStart = cpuSeconds(), outboxSystemStart = cpuSeconds(true);
  long long written = countOf(runStep(store, outboxSettings), "written");
  double outboxMs = (cpuSeconds() - outboxStart) * 1000 / written;
  // Most of the system time is the file system creating and renaming the .eml files.
  double outboxSystemMs = (cpuSeconds(true) - outboxSystemStart) * 1000 / written;
  store.session() << "DELETE FROM mails", now;

  test::SmtpServerOptions options;
  options.save = false;
  test::SmtpServer server(dir.file("smtp"), options);
  Settings settings = Settings::fromString(
      "[event]\nname = Stadtlauf Köln\n[out]\ndir = " + dir.file("out") +
          "\n[mail]\nfrom = Stadtlauf Köln <info@stadtlauf.de>\n[mail.smtp]\nhost = 127.0.0.1\n"
          "tls = none\nport = " +
          std::to_string(server.port()) + "\n",
      {}, dir.path(), test::sourceDir() + "/templates");
  auto sendStart = std::chrono::steady_clock::now();
  long long sent = countOf(runStep(store, settings), "sent");
  double sendSeconds = secondsSince(sendStart);
  std::cout << count << " registrants: compose " << composeMs << " ms CPU per message ("
            << bytes / count << " bytes each); mail step to the outbox " << outboxMs
            << " ms CPU per message, " << outboxSystemMs << " ms of it system (" << written
            << " written); over SMTP " << sent << " sent in " << sendSeconds
            << " s = " << static_cast<long>(sent / sendSeconds) << " messages/s\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> counts;
  for (int i = 1; i < argc; ++i) counts.push_back(std::stoi(argv[i]));
  if (counts.empty()) counts = {200, 1000};
  for (int count : counts) run(count);
  return 0;
}
