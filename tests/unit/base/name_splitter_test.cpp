#include "core/base/name_splitter.h"

#include <boost/test/unit_test.hpp>

using racesync::splitName;

namespace {

void expectSplit(const std::string& name, const std::string& first, const std::string& last) {
  auto split = splitName(name);
  BOOST_TEST(split.first == first, "'" << name << "' first name");
  BOOST_TEST(split.last == last, "'" << name << "' last name");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(name_splitter_test)

BOOST_AUTO_TEST_CASE(last_word_is_the_last_name) {
  expectSplit("Anna Schmidt", "Anna", "Schmidt");
  expectSplit("Mary Jane Watson", "Mary Jane", "Watson");
}

BOOST_AUTO_TEST_CASE(particles_belong_to_the_last_name) {
  expectSplit("Ludwig van Beethoven", "Ludwig", "van Beethoven");
  expectSplit("John von Neumann", "John", "von Neumann");
  expectSplit("Lucas da Silva", "Lucas", "da Silva");
  expectSplit("Angel di Maria", "Angel", "di Maria");
  expectSplit("Juan Martin del Potro", "Juan Martin", "del Potro");
  expectSplit("Jean de Florette", "Jean", "de Florette");
  expectSplit("Pierre du Pont", "Pierre", "du Pont");
  expectSplit("Marine le Pen", "Marine", "le Pen");
  expectSplit("Jean la Fontaine", "Jean", "la Fontaine");
  expectSplit("Joop den Uyl", "Joop", "den Uyl");
}

BOOST_AUTO_TEST_CASE(two_word_particles_belong_to_the_last_name) {
  expectSplit("Jan van der Berg", "Jan", "van der Berg");
  expectSplit("Maria de la Cruz", "Maria", "de la Cruz");
  expectSplit("Anna Maria van den Heuvel", "Anna Maria", "van den Heuvel");
}

BOOST_AUTO_TEST_CASE(particles_match_in_any_case) {
  expectSplit("Ludwig Van Beethoven", "Ludwig", "Van Beethoven");
  expectSplit("Jan VAN DER Berg", "Jan", "VAN DER Berg");
}

BOOST_AUTO_TEST_CASE(first_word_stays_the_first_name_even_when_it_looks_like_a_particle) {
  expectSplit("Van Morrison", "Van", "Morrison");
  expectSplit("De la Cruz", "De", "la Cruz");
}

BOOST_AUTO_TEST_CASE(a_particle_inside_a_word_is_not_a_particle) {
  expectSplit("Vanessa Delgado", "Vanessa", "Delgado");
  expectSplit("Leon Dupont", "Leon", "Dupont");
}

BOOST_AUTO_TEST_CASE(comma_means_last_name_first) {
  expectSplit("Beethoven, Ludwig van", "Ludwig van", "Beethoven");
  expectSplit("Schmidt,Anna", "Anna", "Schmidt");
}

BOOST_AUTO_TEST_CASE(one_word_is_a_last_name) { expectSplit("Madonna", "", "Madonna"); }

BOOST_AUTO_TEST_CASE(whitespace_is_trimmed_and_collapsed) {
  expectSplit("  Anna \t  Schmidt  ", "Anna", "Schmidt");
  expectSplit("", "", "");
  expectSplit("   ", "", "");
}

BOOST_AUTO_TEST_CASE(keeps_utf8_names_whole) {
  expectSplit("Zoë Ørsted", "Zoë", "Ørsted");
  expectSplit("José María de la Peña", "José María", "de la Peña");
}

BOOST_AUTO_TEST_SUITE_END()
