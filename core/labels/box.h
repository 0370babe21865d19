// A rectangle on a page, in millimetres from the page's (or a label's) top-left corner: the unit
// every layout function of the labels works in.
#pragma once

namespace racesync {

struct Box {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;

  double right() const { return x + width; }
  double bottom() const { return y + height; }
};

// True when `inner` lies inside `outer`, allowing `slack` mm of rounding on each edge.
inline bool contains(const Box& outer, const Box& inner, double slack = 1e-9) {
  return inner.x >= outer.x - slack && inner.y >= outer.y - slack &&
         inner.right() <= outer.right() + slack && inner.bottom() <= outer.bottom() + slack;
}

// True when `a` and `b` share some area (touching edges do not count).
inline bool overlaps(const Box& a, const Box& b, double slack = 1e-9) {
  return a.x < b.right() - slack && b.x < a.right() - slack && a.y < b.bottom() - slack &&
         b.y < a.bottom() - slack;
}

}  // namespace racesync
