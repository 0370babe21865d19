#include "core/mail/outbox_mailer.h"

#include <Poco/Path.h>

#include "core/base/atomic_file.h"
#include "core/base/errors.h"

namespace racesync {

OutboxMailer::OutboxMailer(std::string folder, const FileModes& modes)
    : folder_(std::move(folder)), modes_(modes) {
  try {
    createFolders(folder_, modes_);
  } catch (const StoreError& e) {
    throw ConfigurationError(e.message() + ": check mail.outbox");
  }
}

std::string OutboxMailer::fileFor(const std::string& name) const {
  std::string stem;
  for (char c : name) {
    bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_';
    stem += safe ? c : '_';
  }
  if (stem.empty()) stem = "mail";
  return Poco::Path(Poco::Path(folder_).makeDirectory(), stem + ".eml").toString();
}

MailDelivery OutboxMailer::send(const Envelope& envelope, const std::string& message,
                                const HandOver& handOver) {
  std::string path = fileFor(envelope.name);
  handOver();
  try {
    writeFileAtomically(path, message, false, modes_);
  } catch (const StoreError& e) {
    throw ConfigurationError(e.message() + ": check mail.outbox and the free disk space");
  }
  return {MailDelivery::Result::kAccepted, path};
}

}  // namespace racesync
