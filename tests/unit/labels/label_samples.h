// Label data for the labels tests: names in many scripts, several races, bibs out of order.
#pragma once

#include <string>
#include <vector>

#include "core/labels/label_data.h"
#include "core/links/redeem_link.h"

namespace racesync::test {

// Names of registrants as they come from registration forms, one per script the labels support.
inline const std::vector<std::string>& namesInManyScripts() {
  static const std::vector<std::string> names = {
      "Zoë Ångström-Łukasiewicz",  // Latin with diacritics
      "Νικόλαος Παπαδόπουλος",     // Greek
      "Анна Иванова",              // Cyrillic
      "محمد عبد الله",             // Arabic
      "דוד כהן",                   // Hebrew
      "王小明",                    // Chinese
      "山田 さくら",               // Japanese
      "김민준",                    // Korean
      "अर्जुन शर्मा",                 // Devanagari
      "สมชาย ใจดี",                 // Thai
      "Maria Dolores Fernández de Córdoba y Álvarez de las Asturias-Borbón",  // long
  };
  return names;
}

// `count` registrants over three races, bibs shuffled, names cycling through the scripts, each
// with a distinct key and the redeem link that carries it.
inline std::vector<LabelData> sampleLabels(int count) {
  static const char* const kRaces[] = {"10 km", "Halbmarathon", "5 km"};
  static const char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const std::vector<std::string>& names = namesInManyScripts();
  std::vector<LabelData> labels;
  for (int i = 0; i < count; ++i) {
    LabelData label;
    label.registrationId = "R" + std::to_string(i + 1);
    label.bib = std::to_string((i * 37) % (count + 11) + 1);
    label.name = names[static_cast<size_t>(i) % names.size()];
    label.race = kRaces[i % 3];
    for (int n = 0, v = i * 7919 + 12345; n < 6; ++n, v /= 32) label.key += kAlphabet[v % 32];
    label.link = redeemLink(kDefaultLinkBase, label.key, label.bib, label.name);
    labels.push_back(label);
  }
  return labels;
}

}  // namespace racesync::test
