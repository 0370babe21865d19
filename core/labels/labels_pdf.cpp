#include "core/labels/labels_pdf.h"

#include <Poco/Path.h>
#include <Poco/String.h>
#include <cairo-pdf.h>
#include <cairo.h>

#include <memory>
#include <set>

#include "core/base/atomic_file.h"
#include "core/base/errors.h"
#include "core/labels/label_layout.h"
#include "core/labels/label_painter.h"
#include "core/labels/text_fitter.h"
#include "core/links/qr_file_namer.h"

namespace racesync {
namespace {

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};

struct ContextDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

cairo_status_t appendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void checkStatus(cairo_status_t status) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw RacesyncError(std::string("labels.pdf: cairo failed: ") + cairo_status_to_string(status));
  }
}

// The file name of one race's labels, unique among those already `taken` (compared ignoring case).
std::string raceFileName(const std::string& race, std::set<std::string>& taken) {
  const std::string stem =
      "labels-" + (race.empty() ? std::string("no-race") : sanitizeFileStem(race));
  std::string name = stem + ".pdf";
  for (int n = 2; !taken.insert(Poco::toLower(name)).second; ++n) {
    name = stem + "-" + std::to_string(n) + ".pdf";
  }
  return name;
}

LabelsFile writeOne(const std::string& dir, const std::string& name, const std::string& race,
                    const std::vector<LabelData>& labels, const SheetFormat& format,
                    const LabelStyle& style, const FileModes& modes,
                    std::vector<std::string>& problems) {
  LabelsPdf pdf = renderLabelsPdf(labels, format, style);
  const std::string path = Poco::Path(dir).append(name).toString();
  writeFileAtomically(path, pdf.bytes, false, modes);
  problems.insert(problems.end(), pdf.problems.begin(), pdf.problems.end());
  return {path, race, pdf.labels, pdf.pages};
}

}  // namespace

LabelsPdf renderLabelsPdf(const std::vector<LabelData>& labels, const SheetFormat& format,
                          const LabelStyle& style) {
  checkSheetFormat(format);
  checkLabelStyle(style);
  LabelsPdf pdf;
  if (labels.empty()) return pdf;
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(cairo_pdf_surface_create_for_stream(
      appendToString, &pdf.bytes, format.pageWidth * kPointsPerMm,
      format.pageHeight * kPointsPerMm));
  checkStatus(cairo_surface_status(surface.get()));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, "racesync labels");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "racesync");
  std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
  checkStatus(cairo_status(cr.get()));

  const std::vector<Box> slots = labelBoxes(format);
  const LabelLayout layout = layoutLabel(format.labelWidth, format.labelHeight, format.padding);
  const TextFitter fitter;
  for (size_t i = 0; i < labels.size(); ++i) {
    const size_t slot = i % slots.size();
    if (slot == 0 && i > 0) cairo_show_page(cr.get());
    std::vector<std::string> problems =
        paintLabel(cr.get(), slots[slot], layout, labels[i], style, fitter);
    pdf.problems.insert(pdf.problems.end(), problems.begin(), problems.end());
  }
  pdf.labels = static_cast<int>(labels.size());
  pdf.pages = static_cast<int>((labels.size() + slots.size() - 1) / slots.size());
  checkStatus(cairo_status(cr.get()));
  cr.reset();
  cairo_surface_finish(surface.get());
  checkStatus(cairo_surface_status(surface.get()));
  return pdf;
}

LabelsOutput writeLabelsPdfs(const std::string& dir, std::vector<LabelData> labels,
                             const SheetFormat& format, const LabelStyle& style, bool perRace,
                             const FileModes& modes) {
  LabelsOutput output;
  if (labels.empty()) return output;
  const std::vector<LabelData> sorted = sortLabels(std::move(labels));
  if (!perRace) {
    output.files.push_back(
        writeOne(dir, "labels.pdf", "", sorted, format, style, modes, output.problems));
    return output;
  }
  std::set<std::string> taken;
  for (const std::vector<LabelData>& race : splitByRace(sorted)) {
    const std::string& name = race.front().race;
    output.files.push_back(writeOne(dir, raceFileName(name, taken), name, race, format, style,
                                    modes, output.problems));
  }
  return output;
}

}  // namespace racesync
