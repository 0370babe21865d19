// The Debian package: `cpack -G DEB` from this build, unpacked with `dpkg -x` into a scratch root,
// where the installed racesync runs the demo on the templates and samples it was shipped with.
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>

#include <boost/test/unit_test.hpp>

#include "tests/support/test_support.h"

using namespace racesync;

namespace {

// The one file in `dir` whose name ends with `suffix` ("" when there is not exactly one).
std::string onlyFile(const std::string& dir, const std::string& suffix) {
  std::string found;
  int count = 0;
  for (Poco::DirectoryIterator it(dir), end; it != end; ++it) {
    const std::string& name = it.name();
    if (name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      found = it.path().toString();
      ++count;
    }
  }
  return count == 1 ? found : "";
}

int countFiles(const std::string& dir) {
  int count = 0;
  for (Poco::DirectoryIterator it(dir), end; it != end; ++it) count += it->isFile() ? 1 : 0;
  return count;
}

// The value of `field` in `dpkg-deb -I` output ("" when it has none).
std::string controlField(const std::string& info, const std::string& field) {
  std::string key = " " + field + ": ";
  auto start = info.find(key);
  if (start == std::string::npos) return "";
  start += key.size();
  return info.substr(start, info.find('\n', start) - start);
}

// Builds the package from this build into `dir`; returns the .deb's path.
std::string buildPackage(const std::string& dir) {
  auto result = test::runProcess(
      test::cpackCommand(),
      {"--config", test::buildDir() + "/CPackConfig.cmake", "-G", "DEB", "-B", dir}, {},
      test::buildDir());
  BOOST_TEST_REQUIRE(result.exitCode == 0, result.out << result.err);
  std::string deb = onlyFile(dir, ".deb");
  BOOST_TEST_REQUIRE(!deb.empty(), "no single .deb in " << dir << ":\n" << result.out);
  return deb;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(package_test)

BOOST_AUTO_TEST_CASE(installed_deb_runs_the_demo_on_its_own_templates_and_samples) {
  test::TempDir dir;
  std::string deb = buildPackage(dir.file("package"));

  auto info = test::runProcess("/usr/bin/dpkg-deb", {"-I", deb});
  BOOST_TEST_REQUIRE(info.exitCode == 0, info.err);
  BOOST_TEST(controlField(info.out, "Package") == "racesync");
  BOOST_TEST(controlField(info.out, "Version") == RACESYNC_VERSION);
  // dpkg-shlibdeps computed the libraries; the certificates TLS needs and the fonts the labels are
  // drawn with are declared by hand.
  std::string depends = controlField(info.out, "Depends");
  for (const char* dependency :
       {"libc6", "libpocofoundation80", "libpoconetssl80", "libpocodatasqlite80", "libqrencode4",
        "libpng16-16", "ca-certificates", "fonts-noto-core", "fonts-noto-mono", "fonts-noto-cjk",
        "libcairo2", "libpango-1.0-0"}) {
    BOOST_TEST(depends.find(dependency) != std::string::npos, dependency << " in " << depends);
  }

  std::string root = dir.file("root");
  auto unpacked = test::runProcess("/usr/bin/dpkg", {"-x", deb, root});
  BOOST_TEST_REQUIRE(unpacked.exitCode == 0, unpacked.err);
  std::string data = root + "/usr/share/racesync";
  for (const std::string& file :
       {root + "/usr/bin/racesync", data + "/templates/report/report.html.mustache",
        data + "/templates/key-link-de/body.html", data + "/samples/racesync.ini",
        data + "/systemd/racesync.service", data + "/systemd/racesync.timer",
        root + "/usr/share/doc/racesync/README.md", root + "/usr/share/doc/racesync/CONTRACT.md"}) {
    BOOST_TEST(Poco::File(file).exists(), file);
  }

  // No path of this machine's source or build tree is compiled into the installed program...
  // (except in the sanitizer build, whose instrumentation names the source file of every global
  // it guards: that build is for tests and never packaged for users).
  std::string binary = test::readFile(root + "/usr/bin/racesync");
#ifndef RACESYNC_SANITIZED
  BOOST_TEST(binary.find(test::sourceDir()) == std::string::npos);
  BOOST_TEST(binary.find(test::buildDir()) == std::string::npos);
#else
  BOOST_TEST_MESSAGE("sanitizer build: source paths in the program are expected, not checked");
#endif
  // ...and what it reads is the scratch root's: a marker put into the installed report template
  // must reach the report, and the registrations must come from the installed samples.
  const std::string marker = "<!-- read from the scratch root -->";
  std::string reportTemplate = data + "/templates/report/report.html.mustache";
  test::writeFile(reportTemplate, test::readFile(reportTemplate) + marker + "\n");

  std::string out = dir.file("demo");
  auto demo = test::runProcess(root + "/usr/bin/racesync", {"demo", "--out", out}, {}, dir.path());
  BOOST_TEST_REQUIRE(demo.exitCode == 0, demo.out << demo.err);
  BOOST_TEST(demo.out.find("demo: csv registrations from " + data +
                           "/samples/registrations.csv\n") != std::string::npos,
             demo.out);
  BOOST_TEST(demo.out.find("second run (as cron would do it tomorrow): exit 0, 0 remote "
                           "writes, 0 new mails") != std::string::npos);
  BOOST_TEST(test::readFile(out + "/report.html").find(marker) != std::string::npos);
  std::string links = test::readFile(out + "/links.csv");
  BOOST_TEST(links.rfind("registration_id,bib,first_name,last_name,email,race,key,link,qr_file,"
                         "status",
                         0) == 0u);
  BOOST_TEST(countFiles(out + "/qr") == 376);
  BOOST_TEST(countFiles(out + "/outbox") == 375);
}

BOOST_AUTO_TEST_CASE(a_binary_without_its_data_folder_says_the_samples_are_missing) {
  test::TempDir dir;
  std::string lone = dir.file("bin/racesync");
  Poco::File(dir.file("bin")).createDirectories();
  Poco::File(test::racesyncBinary()).copyTo(lone);
  auto demo = test::runProcess(lone, {"demo", "--out", dir.file("demo")}, {}, dir.path());
  BOOST_TEST(demo.exitCode == 78);
  BOOST_TEST(demo.err == "racesync: " + dir.path() +
                             "/share/racesync/samples: the samples that come with racesync are "
                             "missing: reinstall racesync (they belong in share/racesync/ beside "
                             "its bin/)\n");
}

BOOST_AUTO_TEST_SUITE_END()
