#include "core/labels/label_painter.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <vector>

#include "core/base/errors.h"
#include "core/labels/print_keys.h"
#include "core/labels/qr_matrix.h"
#include "core/labels/text_fitter.h"

namespace racesync {
namespace {

// Caps on the starting sizes: the bib takes all its box allows, the others stay below it.
constexpr double kMaxNamePt = 18;
constexpr double kMaxRacePt = 12;
constexpr double kMaxKeyPt = 12;
// How much of a module each row of dark modules reaches into the rows above and below, in total.
constexpr double kRowOverlap = 0.3;

Box toPoints(const Box& at, const Box& part) {
  return {(at.x + part.x) * kPointsPerMm, (at.y + part.y) * kPointsPerMm, part.width * kPointsPerMm,
          part.height * kPointsPerMm};
}

std::string placeOf(const LabelData& label) {
  std::string place = "label " + label.registrationId;
  if (!label.bib.empty()) place += " (bib " + label.bib + ")";
  return place;
}

// The code in `box` (points): `quietZone` white modules around the matrix, each run of dark
// modules a line one module thick, all in one path stroked once (no seams between them). A line
// is two points in the PDF where a filled rectangle is four: labels.pdf comes out 40% smaller and
// faster to write (printing and compressing coordinates is most of the time). Butt caps end each
// line exactly at its run's edges. Lines are a little thicker than a module (kRowOverlap): PDF
// rasterisers (poppler's stroke adjustment, printer RIPs) snap a stroke's width and position to
// whole pixels, which left a white seam between some rows of a code exactly one module apart, and
// zbarimg missed 40 of the demo's 376 codes on A4 3x8 pages at 300 dpi (4 to 8 with the overlap).
void paintQr(cairo_t* cr, const Box& box, const QrMatrix& matrix, int quietZone) {
  const double module = box.width / (matrix.size + 2 * quietZone);
  cairo_save(cr);
  cairo_translate(cr, box.x + quietZone * module, box.y + (quietZone + 0.5) * module);
  cairo_scale(cr, module, module);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 1 + kRowOverlap);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  cairo_new_path(cr);
  for (const ModuleRun& run : darkRuns(matrix)) {
    cairo_move_to(cr, run.x, run.y);
    cairo_line_to(cr, run.x + run.length, run.y);
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

// Draws `fitted` in `box` (points): centred vertically; horizontally centred, or at the start of
// the line (the right edge for right-to-left text).
void paintText(cairo_t* cr, const Box& box, const FittedText& fitted, bool centered) {
  double offset = 0;
  if (centered) {
    offset = (box.width - fitted.width) / 2;
  } else if (fitted.rightToLeft) {
    offset = box.width - fitted.width;
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_move_to(cr, box.x + offset - fitted.x, box.y + (box.height - fitted.height) / 2 - fitted.y);
  pango_cairo_show_layout(cr, fitted.layout.get());
}

class TextPart {
 public:
  TextPart(cairo_t* cr, const TextFitter& fitter, const std::string& place,
           std::vector<std::string>& problems)
      : cr_(cr), fitter_(fitter), place_(place), problems_(problems) {}

  void paint(const std::string& what, const std::string& text, const Box& box, TextSpec spec) {
    if (text.empty()) return;
    spec.maxPt = std::min(spec.maxPt, box.height);
    spec.minPt = std::min(spec.minPt, spec.maxPt);
    const FittedText fitted = fitter_.fit(text, spec, box.width, box.height);
    if (!fitted.fits) {
      problems_.push_back(place_ + ": the " + what +
                          " does not fit on the label even at 2 pt, so it is left out: shorten "
                          "it, or use larger labels (" +
                          print_key::kLabelWidth + ", " + print_key::kLabelHeight + ")");
      return;
    }
    if (fitted.missingGlyphs > 0) {
      const bool one = fitted.missingGlyphs == 1;
      problems_.push_back(place_ + ": " + std::to_string(fitted.missingGlyphs) +
                          (one ? " character of the " : " characters of the ") + what +
                          (one ? " has" : " have") +
                          " no installed font: install fonts-noto-core and fonts-noto-cjk "
                          "(scripts/setup)");
    }
    paintText(cr_, box, fitted, spec.centered);
  }

 private:
  cairo_t* cr_;
  const TextFitter& fitter_;
  const std::string& place_;
  std::vector<std::string>& problems_;
};

}  // namespace

std::vector<std::string> paintLabel(cairo_t* cr, const Box& at, const LabelLayout& layout,
                                    const LabelData& label, const LabelStyle& style,
                                    const TextFitter& fitter) {
  std::vector<std::string> problems;
  const std::string place = placeOf(label);
  if (label.link.empty()) {
    problems.push_back(place + ": no link for the QR code: the registrant needs a key first");
  } else {
    try {
      paintQr(cr, toPoints(at, layout.qr), encodeQrMatrix(label.link, style.errorCorrection, place),
              style.quietZone);
    } catch (const InputError& e) {
      problems.push_back(e.message());
    }
  }
  const bool centered = layout.align == TextAlign::kCenter;
  TextPart text(cr, fitter, place, problems);
  text.paint("key", label.key, toPoints(at, layout.key),
             {style.keyFont, false, kMaxKeyPt, style.minTextPt, true});
  text.paint("bib", label.bib, toPoints(at, layout.bib),
             {style.font, true, 1000, style.minTextPt, centered});
  text.paint("name", label.name, toPoints(at, layout.name),
             {style.font, false, kMaxNamePt, style.minTextPt, centered});
  text.paint("race", label.race, toPoints(at, layout.race),
             {style.font, false, kMaxRacePt, style.minTextPt, centered});
  return problems;
}

}  // namespace racesync
