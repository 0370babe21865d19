// The print.* configuration keys of the labels, named once so that errors name the key to change
// and the configuration table can refer to the same names.
#pragma once

namespace racesync::print_key {

inline constexpr const char* kFormat = "print.format";                     // sheetFormat()
inline constexpr const char* kTopMargin = "print.top_margin_mm";           // SheetAdjustments
inline constexpr const char* kLeftMargin = "print.left_margin_mm";         // SheetAdjustments
inline constexpr const char* kColumnGap = "print.column_gap_mm";           // SheetAdjustments
inline constexpr const char* kRowGap = "print.row_gap_mm";                 // SheetAdjustments
inline constexpr const char* kLabelWidth = "print.label_width_mm";         // SheetAdjustments
inline constexpr const char* kLabelHeight = "print.label_height_mm";       // SheetAdjustments
inline constexpr const char* kErrorCorrection = "print.error_correction";  // LabelStyle
inline constexpr const char* kPadding = "print.padding_mm";                // SheetAdjustments
inline constexpr const char* kQuietZone = "print.quiet_zone";              // LabelStyle
inline constexpr const char* kMinTextPt = "print.min_text_pt";             // LabelStyle
inline constexpr const char* kPerRace = "print.per_race";  // writeLabelsPdfs(perRace)

}  // namespace racesync::print_key
