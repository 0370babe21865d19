// A Mailer that sends nothing: it writes each message as an .eml file into a folder, for a race
// director to open in a mail client before anything goes out (dry run, mail.outbox).
#pragma once

#include <string>

#include "core/base/file_modes.h"
#include "core/mail/mailer.h"

namespace racesync {

class OutboxMailer : public Mailer {
 public:
  // Creates `folder` when it is missing. Messages (and a new folder) get `modes`: they hold
  // personal data. Throws ConfigurationError naming the folder when it cannot be created.
  explicit OutboxMailer(std::string folder, const FileModes& modes = FileModes{});

  // Calls `handOver`, then writes <folder>/<envelope.name, made file-safe>.eml (replacing an
  // older one of that name) and returns kAccepted. Throws ConfigurationError naming the file and
  // the cause when it cannot be written.
  MailDelivery send(const Envelope& envelope, const std::string& message,
                    const HandOver& handOver) override;

  // The file send() writes for `name`.
  std::string fileFor(const std::string& name) const;

 private:
  std::string folder_;
  FileModes modes_;
};

}  // namespace racesync
