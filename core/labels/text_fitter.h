// Fitting one line of text into a box with pango: the largest size at which the whole text fits on
// one line, else on two, else (absurdly long text) on as many as the box holds. Never cut, never
// ellipsized. Sizes and extents are PDF points (1/72 in): the fitter's pango context runs at 72 dpi
// with unhinted metrics, so what it measures is what a PDF shows at any zoom.
#pragma once

#include <memory>
#include <string>

typedef struct _PangoContext PangoContext;
typedef struct _PangoFontMap PangoFontMap;
typedef struct _PangoLayout PangoLayout;

namespace racesync {

struct TextSpec {
  std::string font;  // pango family list, e.g. "Noto Sans"
  bool bold = false;
  double maxPt = 12;      // the size a text starts from
  double minPt = 6;       // below this, wrap to two lines rather than shrink on one
  bool centered = false;  // lines centred in the box (else at the start of the line)
};

// A text laid out at the size that fits. Extents are pango's logical extents, in points from the
// layout's origin.
struct FittedText {
  std::string text;  // what pango lays out: the input with line breaks and tabs made spaces
  double sizePt = 0;
  int lines = 0;
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
  // Inside the box; false only when even 2 pt on many lines does not fit, and then there is no
  // layout and no size (the text is not drawn rather than drawn cut).
  bool fits = false;
  bool belowMinimum = false;  // had to go under TextSpec::minPt
  int missingGlyphs = 0;      // characters no installed font has
  bool ellipsized = false;    // pango's own verdict; always false, checked by tests
  bool rightToLeft = false;   // the text starts with a right-to-left script (Arabic, Hebrew)
  std::shared_ptr<PangoLayout> layout;  // for pango_cairo_show_layout; null when !fits
};

// Owns a pango font map and context. Not thread-safe: one fitter per thread.
class TextFitter {
 public:
  // Throws RacesyncError when pango cannot start (out of memory).
  TextFitter();
  ~TextFitter();
  TextFitter(const TextFitter&) = delete;
  TextFitter& operator=(const TextFitter&) = delete;

  // Lays out `text` at the largest size, in steps of 0.25 pt from spec.maxPt, at which its logical
  // extents fit `widthPt` x `heightPt`: on one line down to spec.minPt; then wrapped (between
  // words, inside a word only when a word alone is too wide) on at most two lines down to
  // spec.minPt; then on any number of lines down to 2 pt. A text too long for all of that is
  // measured once, not laid out size after size.
  FittedText fit(const std::string& text, const TextSpec& spec, double widthPt,
                 double heightPt) const;

 private:
  PangoFontMap* fontMap_ = nullptr;
  PangoContext* context_ = nullptr;
};

}  // namespace racesync
