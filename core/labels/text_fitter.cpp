#include "core/labels/text_fitter.h"

#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>

#include "core/base/errors.h"

namespace racesync {
namespace {

constexpr double kStepPt = 0.25;
constexpr double kFloorPt = 2;  // the last resort: smaller is no longer print
constexpr int kAnyLines = 1 << 20;

struct LayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};

struct FontDescriptionDeleter {
  void operator()(PangoFontDescription* description) const {
    pango_font_description_free(description);
  }
};

// One measurement of a layout at its current size and width.
struct Extents {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
  int lines = 0;
};

Extents measure(PangoLayout* layout) {
  PangoRectangle logical{};
  pango_layout_get_extents(layout, nullptr, &logical);
  const double scale = PANGO_SCALE;
  return {logical.x / scale, logical.y / scale, logical.width / scale, logical.height / scale,
          pango_layout_get_line_count(layout)};
}

bool inside(const Extents& e, double widthPt, double heightPt, int maxLines) {
  return e.lines <= maxLines && e.width <= widthPt && e.height <= heightPt;
}

// `size` rounded down to the step.
double stepFloor(double size) { return std::floor(size / kStepPt) * kStepPt; }

// Line breaks, tabs and other control characters would start lines of their own: a name is one
// line of words.
std::string oneLine(const std::string& text) {
  std::string line = text;
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return line;
}

class Sizer {
 public:
  Sizer(PangoLayout* layout, const TextSpec& spec) : layout_(layout) {
    description_.reset(pango_font_description_from_string(spec.font.c_str()));
    if (spec.bold) pango_font_description_set_weight(description_.get(), PANGO_WEIGHT_BOLD);
  }

  Extents at(double sizePt) {
    pango_font_description_set_size(description_.get(),
                                    static_cast<gint>(std::lround(sizePt * PANGO_SCALE)));
    pango_layout_set_font_description(layout_, description_.get());
    return measure(layout_);
  }

  // Steps down from `start` to `stop` until the layout fits; the size found, or 0.
  double firstFit(double start, double stop, double widthPt, double heightPt, int maxLines) {
    for (double size = stepFloor(start); size >= stop - 1e-9; size -= kStepPt) {
      if (inside(at(size), widthPt, heightPt, maxLines)) return size;
    }
    return 0;
  }

 private:
  PangoLayout* layout_;
  std::unique_ptr<PangoFontDescription, FontDescriptionDeleter> description_;
};

}  // namespace

TextFitter::TextFitter() {
  fontMap_ = pango_cairo_font_map_new();
  if (fontMap_ == nullptr) throw RacesyncError("labels: pango could not start (out of memory)");
  // Points as the unit: a 10 pt font is 10 units high, as on the PDF page.
  pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fontMap_), 72);
  context_ = pango_font_map_create_context(fontMap_);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context_, options);
  cairo_font_options_destroy(options);
  pango_context_set_round_glyph_positions(context_, FALSE);
}

TextFitter::~TextFitter() {
  g_object_unref(context_);
  g_object_unref(fontMap_);
}

FittedText TextFitter::fit(const std::string& text, const TextSpec& spec, double widthPt,
                           double heightPt) const {
  std::unique_ptr<PangoLayout, LayoutDeleter> owned(pango_layout_new(context_));
  PangoLayout* layout = owned.get();
  FittedText fitted;
  fitted.text = oneLine(text);
  pango_layout_set_text(layout, fitted.text.c_str(), static_cast<int>(fitted.text.size()));
  pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_alignment(layout, spec.centered ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
  Sizer sizer(layout, spec);

  // One line: unhinted widths grow in proportion to the size, so the first try is close. The facts
  // that do not depend on the size come from this layout: wrapping a huge text is slow.
  const Extents full = sizer.at(spec.maxPt);
  fitted.missingGlyphs = pango_layout_get_unknown_glyphs_count(layout);
  fitted.rightToLeft = pango_layout_get_direction(layout, 0) == PANGO_DIRECTION_RTL;
  double start = spec.maxPt;
  if (full.width > widthPt || full.height > heightPt) {
    start = spec.maxPt * std::min(widthPt / full.width, heightPt / full.height);
  }
  double size = sizer.firstFit(std::min(start, spec.maxPt), spec.minPt, widthPt, heightPt, 1);
  int maxLines = 1;
  if (size == 0) {
    // Two lines, each at most the box wide, starting where two lines of that size could fit.
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_width(layout, static_cast<int>(widthPt * PANGO_SCALE));
    const double byHeight = spec.maxPt * heightPt / (2 * full.height);
    const double byWidth = spec.maxPt * 2 * widthPt / full.width;
    maxLines = 2;
    size = sizer.firstFit(std::min({spec.maxPt, byHeight, byWidth}), spec.minPt, widthPt, heightPt,
                          maxLines);
  }
  if (size == 0) {
    // Any number of lines. The text's area at a size (its one-line width times its height) cannot
    // exceed the box's: that bounds the size without laying out a huge text again and again (the
    // 10% allow for the spaces that line breaks drop).
    const double byArea =
        1.1 * spec.maxPt * std::sqrt(widthPt * heightPt / (full.width * full.height));
    maxLines = kAnyLines;
    size = sizer.firstFit(std::min(spec.minPt - kStepPt, byArea), kFloorPt, widthPt, heightPt,
                          maxLines);
    fitted.belowMinimum = true;
  }
  fitted.fits = size > 0;
  if (!fitted.fits) return fitted;  // no layout: nothing to draw
  fitted.sizePt = size;
  const Extents final = sizer.at(size);
  fitted.x = final.x;
  fitted.y = final.y;
  fitted.width = final.width;
  fitted.height = final.height;
  fitted.lines = final.lines;
  fitted.ellipsized = pango_layout_is_ellipsized(layout);
  fitted.layout = std::shared_ptr<PangoLayout>(owned.release(), LayoutDeleter());
  return fitted;
}

}  // namespace racesync
