#include "core/mail/outbox_mailer.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>

#include "core/base/errors.h"
#include "core/mail/mail_message.h"

namespace racesync {

OutboxMailer::OutboxMailer(std::string folder) : folder_(std::move(folder)) {
  try {
    Poco::File(folder_).createDirectories();
  } catch (const Poco::Exception& e) {
    throw ConfigurationError(folder_ + ": cannot create the outbox folder: " + e.displayText() +
                             ": check mail.outbox and the folder's permissions");
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

MailDelivery OutboxMailer::send(const Envelope& envelope, const Poco::Net::MailMessage& message,
                                const HandOver& handOver) {
  std::string path = fileFor(envelope.name);
  handOver();
  try {
    Poco::FileOutputStream out(path, std::ios::binary | std::ios::trunc);
    std::string text = messageText(message);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) throw Poco::WriteFileException(path, "short write (is the disk full?)");
  } catch (const Poco::Exception& e) {
    throw ConfigurationError(path + ": cannot write the message: " + e.displayText() +
                             ": check mail.outbox and the free disk space");
  }
  return {MailDelivery::Result::kAccepted, path};
}

}  // namespace racesync
