#include "tests/support/pdf_pages.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Path.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "tests/support/test_support.h"

namespace racesync::test {

std::vector<std::string> rasterisePdf(const std::string& pdf, int dpi, const std::string& prefix) {
  ProcessResult result =
      runProcess("/usr/bin/pdftoppm", {"-r", std::to_string(dpi), "-png", pdf, prefix});
  if (result.exitCode != 0) {
    throw std::runtime_error("pdftoppm " + pdf + ": exit " + std::to_string(result.exitCode) +
                             ": " + result.err);
  }
  // pdftoppm pads page numbers to the width of the last one (-01, -02 ... -50), so the names sort
  // in page order.
  const Poco::Path base(prefix);
  const std::string stem = base.getFileName() + "-";
  std::vector<std::string> pages;
  for (Poco::DirectoryIterator it(base.parent()), end; it != end; ++it) {
    const std::string name = it.name();
    if (name.compare(0, stem.size(), stem) == 0 && Poco::Path(name).getExtension() == "png") {
      pages.push_back(it->path());
    }
  }
  std::sort(pages.begin(), pages.end());
  return pages;
}

std::vector<std::string> decodeAllQr(const std::string& path) {
  ProcessResult result =
      runProcess("/usr/bin/zbarimg", {"--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path});
  std::vector<std::string> texts;
  if (result.exitCode != 0) return texts;
  std::istringstream lines(result.out);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) texts.push_back(line);
  }
  return texts;
}

}  // namespace racesync::test
