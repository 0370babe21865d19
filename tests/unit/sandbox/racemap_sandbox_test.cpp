#include "sandbox/racemap_sandbox.h"

#include <boost/test/unit_test.hpp>

#include <set>

#include "sandbox/in_process_transport.h"

using namespace racesync;
using sandbox::RacemapSandbox;

namespace {

// The RACEMAP sandbox, reached in process.
struct Racemap {
  std::shared_ptr<RacemapSandbox> racemap = std::make_shared<RacemapSandbox>("tok", "me", 7);
  sandbox::InProcessTransport http;
  Racemap() {
    racemap->addEvent("evt", "Run");
    http.add(racemap);
  }
  HttpResponse send(const std::string& method, const std::string& path,
                    const std::string& token = "tok") {
    HttpRequest request;
    request.method = method;
    request.url = http.baseUrl() + path;
    if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
    request.timeoutMs = 5000;
    return http.send(request);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(racemap_sandbox_test)

BOOST_AUTO_TEST_CASE(answers_401_without_the_token) {
  Racemap r;
  BOOST_TEST(r.send("GET", "/api/inspect", "").status == 401);
  BOOST_TEST(r.send("GET", "/api/inspect", "other").status == 401);
  HttpResponse ok = r.send("GET", "/api/inspect");
  BOOST_TEST(ok.status == 200);
  BOOST_TEST(ok.body == "{\"userId\": \"me\"}");
}

BOOST_AUTO_TEST_CASE(answers_403_for_another_owners_event_and_404_for_none) {
  Racemap r;
  r.racemap->addEvent("theirs", "Other", "someone-else");
  BOOST_TEST(r.send("GET", "/api/events/theirs").status == 403);
  BOOST_TEST(r.send("GET", "/api/events/nope").status == 404);
  BOOST_TEST(r.send("GET", "/api/events/evt").status == 200);
}

BOOST_AUTO_TEST_CASE(generates_unique_six_character_keys) {
  Racemap r;
  BOOST_TEST(r.send("POST", "/api/events/evt/actions/generate_starter_keys?count=1000").status ==
             200);
  BOOST_TEST(r.send("GET", "/api/events/evt/actions/generate_starter_keys?count=5").status == 200);
  auto keys = r.racemap->keys("evt");
  BOOST_TEST(keys.size() == 1005u);
  BOOST_TEST(std::set<std::string>(keys.begin(), keys.end()).size() == 1005u);
  for (const auto& key : keys) {
    BOOST_TEST(key.size() == 6u);
    BOOST_TEST(key.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == std::string::npos);
  }
  BOOST_TEST(r.racemap->generateCalls("evt") == 2);
}

BOOST_AUTO_TEST_CASE(caps_count_at_1000_per_call) {
  Racemap r;
  HttpResponse response =
      r.send("POST", "/api/events/evt/actions/generate_starter_keys?count=1001");
  BOOST_TEST(response.status == 400);
  BOOST_TEST(r.send("POST", "/api/events/evt/actions/generate_starter_keys?count=0").status == 400);
  BOOST_TEST(r.racemap->keys("evt").empty());
}

BOOST_AUTO_TEST_CASE(lists_keys_in_either_shape_and_starters_with_their_keys) {
  Racemap r;
  r.racemap->addKeys("evt", {"AAAAA1"});
  r.racemap->addStarter("evt", {"s1", "Ana", "42", "BBBBB2", true, "R1"});
  BOOST_TEST(r.send("GET", "/api/events/evt/starter_keys?format=json").body ==
             "[\"AAAAA1\", \"BBBBB2\"]");
  r.racemap->setKeyListShape(RacemapSandbox::KeyListShape::kObjects);
  BOOST_TEST(
      r.send("GET", "/api/events/evt/starter_keys?format=json").body.find("{\"key\": \"AAAAA1\"") ==
      1u);
  BOOST_TEST(r.send("GET", "/api/events/evt/starters").body ==
             "[{\"id\": \"s1\", \"name\": \"Ana\", \"startNumber\": \"42\", \"key\": \"BBBBB2\", "
             "\"keyUsed\": true, \"integrations\": {\"importId\": \"R1\"}}]");
}

BOOST_AUTO_TEST_SUITE_END()
