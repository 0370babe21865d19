#define BOOST_TEST_MODULE racesync integration tests
#include <boost/test/unit_test.hpp>
