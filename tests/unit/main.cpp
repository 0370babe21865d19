#define BOOST_TEST_MODULE racesync unit tests
#include <boost/test/unit_test.hpp>
