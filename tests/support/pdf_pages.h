// The independent check of a PDF of QR codes: its pages rasterised by pdftoppm (poppler-utils),
// every code on a page decoded by zbarimg (zbar-tools).
#pragma once

#include <string>
#include <vector>

namespace racesync::test {

// Rasterises every page of the PDF at `pdf` to a PNG of `dpi` dots per inch beside `prefix`
// (`prefix`-1.png, -2.png, ...; pdftoppm pads the numbers) and returns their paths in page order.
// Throws std::runtime_error with pdftoppm's message when it fails.
std::vector<std::string> rasterisePdf(const std::string& pdf, int dpi, const std::string& prefix);

// Every text zbarimg decodes from the PNG at `path`, one per QR code it finds, in zbarimg's order
// (empty when it finds none). Texts are read one per line, so they must not hold line breaks
// (redeem links do not).
std::vector<std::string> decodeAllQr(const std::string& path);

}  // namespace racesync::test
