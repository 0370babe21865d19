// Malformed answers for the tests that feed a client's parser what a broken or hostile server may
// send, so that they can assert only racesync's own exceptions come out.
#pragma once

#include <string>
#include <vector>

namespace racesync::test {

// Malformed variants of a service's answers, for tests that feed them to a client's parser: each
// sample cut short at many points, each of its values replaced by other JSON types, huge numbers
// and odd strings, each field left out, bytes of it flipped, and random bytes, all drawn from a
// generator with a fixed seed. A few hundred bodies per sample.
std::vector<std::string> fuzzedAnswers(const std::vector<std::string>& samples,
                                       unsigned seed = 20260101);

}  // namespace racesync::test
