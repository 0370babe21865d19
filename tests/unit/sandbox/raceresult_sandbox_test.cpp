#include "sandbox/raceresult_sandbox.h"

#include <boost/test/unit_test.hpp>

#include "sandbox/in_process_transport.h"
#include "tests/support/test_support.h"

using namespace racesync;
using Participant = sandbox::RaceResultSandbox::Participant;

namespace {

// The RACE RESULT sandbox, reached in process.
struct Fixture {
  Fixture() : service(std::make_shared<sandbox::RaceResultSandbox>("secret-key", "77")) {
    http.add(service);
    service->addParticipant({{"ID", Poco::Int64(1)},
                             {"Sex", std::string("f")},
                             {"Contest", Poco::Int64(1)},
                             {"Contest.Name", std::string("10 km")}});
    service->addParticipant({{"ID", Poco::Int64(2)},
                             {"Sex", std::string("m")},
                             {"Contest", Poco::Int64(1)},
                             {"Contest.Name", std::string("10 km")}});
    service->addParticipant({{"ID", Poco::Int64(3)},
                             {"Sex", std::string("f")},
                             {"Contest", Poco::Int64(2)},
                             {"Contest.Name", std::string("5 km")}});
  }

  HttpResponse login(const std::string& body) {
    HttpRequest request;
    request.method = "POST";
    request.url = http.baseUrl() + "/api/public/login";
    request.contentType = "application/x-www-form-urlencoded";
    request.body = body;
    return http.send(request);
  }

  // The raw answer of data/list for `fields` (a JSON array) and `filter`, already URL-encoded.
  HttpResponse list(const std::string& session, const std::string& query,
                    const std::string& event = "77") {
    HttpRequest request;
    request.url = http.baseUrl() + "/_" + event + "/api/data/list?" + query;
    request.headers = {{"Authorization", "Bearer " + session}};
    return http.send(request);
  }

  std::shared_ptr<sandbox::RaceResultSandbox> service;
  sandbox::InProcessTransport http;
};

const std::string kIds = "fields=%5B%22ID%22%5D";

}  // namespace

BOOST_AUTO_TEST_SUITE(raceresult_sandbox_test)

BOOST_AUTO_TEST_CASE(a_wrong_key_answers_401_with_an_error_object) {
  Fixture f;
  HttpResponse response = f.login("apikey=other");
  BOOST_TEST(response.status == 401);
  BOOST_TEST(response.body == "{\"Error\":\"invalid API key\"}");
  BOOST_TEST(f.login("").status == 401);
  BOOST_TEST(f.service->logins() == 0);
}

BOOST_AUTO_TEST_CASE(a_session_works_until_logout_or_expiry) {
  Fixture f;
  std::string session = f.login("apikey=secret-key").body;
  BOOST_TEST(session.find("secret-key") == std::string::npos);
  BOOST_TEST(f.list(session, kIds).body == "[[1],[2],[3]]");
  f.service->expireSessions();
  HttpResponse expired = f.list(session, kIds);
  BOOST_TEST(expired.status == 401);
  BOOST_TEST(expired.body.find("\"Error\"") != std::string::npos);

  session = f.login("apikey=secret%2Dkey").body;
  HttpRequest logout;
  logout.url = f.http.baseUrl() + "/api/public/logout";
  logout.headers = {{"Authorization", "Bearer " + session}};
  BOOST_TEST(f.http.send(logout).status == 200);
  BOOST_TEST(f.list(session, kIds).status == 401);
  BOOST_TEST(f.service->openSessions() == 0);
}

BOOST_AUTO_TEST_CASE(filters_on_contest_by_number_or_name) {
  Fixture f;
  std::string session = f.login("apikey=secret-key").body;
  BOOST_TEST(f.list(session, kIds + "&filter=%5BContest%5D%3D2").body == "[[3]]");
  BOOST_TEST(f.list(session, kIds + "&filter=%5BContest.Name%5D%3D%2210%20km%22").body ==
             "[[1],[2]]");
  BOOST_TEST(f.list(session, kIds + "&filter=%5BContest%5D%3D1%20and%20%5BSex%5D%3D%22f%22").body ==
             "[[1]]");
  BOOST_TEST(f.list(session, kIds + "&filter=%5BSex%5D%3C%3E%22f%22").body == "[[2]]");
  HttpResponse unsupported = f.list(session, kIds + "&filter=%5BContest%5D%3E1");
  BOOST_TEST(unsupported.status == 400);
}

BOOST_AUTO_TEST_CASE(keeps_numbers_and_strings_as_seeded) {
  Fixture f;
  f.service->setParticipants({{{"ID", Poco::Int64(9)}, {"Bib", std::string("0")}}});
  std::string session = f.login("apikey=secret-key").body;
  BOOST_TEST(f.list(session, "fields=%5B%22ID%22%2C%22Bib%22%2C%22Club%22%5D").body ==
             "[[9,\"0\",\"\"]]");
}

BOOST_AUTO_TEST_CASE(answers_404_for_another_event_and_400_for_bad_fields) {
  Fixture f;
  std::string session = f.login("apikey=secret-key").body;
  BOOST_TEST(f.list(session, kIds, "78").status == 404);
  BOOST_TEST(f.list(session, "fields=ID").status == 400);
}

BOOST_AUTO_TEST_CASE(seeds_participants_from_a_registrations_csv) {
  test::TempDir dir;
  test::writeFile(dir.file("regs.csv"),
                  "Registration ID;First Name;Last Name;Bib;Race;Birth Date;Club\r\n"
                  "1001;Ann;\"Lee; Jr\";12;10 km;1990-05-01;Lauftreff\r\n"
                  "A-7;Bo;Berg;;5 km;;\r\n"
                  "1003;Cy;Dahl;3;10 km;1985-01-02;\r\n");
  auto participants = sandbox::participantsFromCsv(dir.file("regs.csv"));
  BOOST_REQUIRE(participants.size() == 3u);
  BOOST_TEST(participants[0]["ID"].isInteger());
  BOOST_TEST(participants[0]["ID"].convert<int>() == 1001);
  BOOST_TEST(participants[0]["LastName"].toString() == "Lee; Jr");
  BOOST_TEST(participants[0]["Contest.Name"].toString() == "10 km");
  BOOST_TEST(participants[0]["Contest"].convert<int>() == 1);
  BOOST_TEST(participants[0]["Club"].toString() == "Lauftreff");
  BOOST_TEST(participants[1]["ID"].toString() == "A-7");
  BOOST_TEST(participants[1]["Bib"].convert<int>() == 0);
  BOOST_TEST(participants[1]["Contest"].convert<int>() == 2);
  BOOST_TEST(participants[2]["Contest"].convert<int>() == 1);
  BOOST_TEST(participants[2]["DateOfBirth"].toString() == "1985-01-02");
}

BOOST_AUTO_TEST_SUITE_END()
