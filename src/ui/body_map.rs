//! The body map on Home: a runner seen from the front and from the back, drawn for Unknot as inline SVG (no
//! files, no network), with each body area of `content/areas.toml` as a shape — one per side where the area
//! has sides — coloured and numbered by the highest soreness logged this week.
//!
//! Invariants: every area of the library is on the map (tested) and in the list under it, where each area is a
//! labelled button that says its level in words; the map itself is a picture for pointers (hidden from screen
//! readers, whose list says the same); the numbers and words carry the levels, colour only repeats them.
//! Every shape also has an invisible hit shape behind the drawing ([`AreaShape::hit`]), at least [`MIN_HIT`]
//! units each way: at 320 px wide that is more than 24 × 24 CSS px (WCAG 2.5.8), checked by journey (n). The
//! drawn shapes are painted over every hit shape, so a tap on a drawn area always opens that area; the hit
//! shapes catch the taps around the narrow ones (an inner-thigh strip is about 6 px wide on such a phone).

use std::collections::BTreeMap;

use dioxus::prelude::*;

use crate::content::RoutineFilter;
use crate::ui::{library, AppState, Route};

/// Which side of the body a figure shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Front,
    Back,
}

/// One shape on the map: an area (or one side of it) as a rounded rectangle in the figure's 100 × 224 box.
#[derive(Debug, Clone, Copy)]
pub struct AreaShape {
    pub area: &'static str,
    pub view: View,
    /// "left", "right" or "" for an area without sides (the runner's own left, as the figure stands).
    pub side: &'static str,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

const fn shape(area: &'static str, view: View, side: &'static str, x: f32, y: f32, w: f32, h: f32) -> AreaShape {
    AreaShape { area, view, side, x, y, w, h }
}

/// The map. Front view: the runner faces you, so their left is on your right; back view: their left is on
/// your left.
pub const SHAPES: &[AreaShape] = &[
    // Front.
    shape("hip-flexors", View::Front, "right", 36.0, 94.0, 13.0, 14.0),
    shape("hip-flexors", View::Front, "left", 51.0, 94.0, 13.0, 14.0),
    shape("lateral-thigh", View::Front, "right", 29.0, 110.0, 6.0, 48.0),
    shape("lateral-thigh", View::Front, "left", 65.0, 110.0, 6.0, 48.0),
    shape("quads", View::Front, "right", 36.0, 110.0, 8.0, 48.0),
    shape("quads", View::Front, "left", 56.0, 110.0, 8.0, 48.0),
    shape("adductors", View::Front, "right", 45.0, 112.0, 4.0, 36.0),
    shape("adductors", View::Front, "left", 51.0, 112.0, 4.0, 36.0),
    shape("shins", View::Front, "right", 35.0, 166.0, 11.0, 38.0),
    shape("shins", View::Front, "left", 54.0, 166.0, 11.0, 38.0),
    // Back.
    shape("upper-back", View::Back, "left", 33.0, 38.0, 16.0, 32.0),
    shape("upper-back", View::Back, "right", 51.0, 38.0, 16.0, 32.0),
    shape("glutes", View::Back, "left", 34.0, 92.0, 15.0, 18.0),
    shape("glutes", View::Back, "right", 51.0, 92.0, 15.0, 18.0),
    shape("hamstrings", View::Back, "left", 33.0, 112.0, 15.0, 46.0),
    shape("hamstrings", View::Back, "right", 52.0, 112.0, 15.0, 46.0),
    shape("calves", View::Back, "left", 34.0, 166.0, 12.0, 36.0),
    shape("calves", View::Back, "right", 54.0, 166.0, 12.0, 36.0),
    shape("feet", View::Back, "left", 32.0, 206.0, 15.0, 12.0),
    shape("feet", View::Back, "right", 53.0, 206.0, 15.0, 12.0),
];

/// The smallest hit shape, in the figure's units each way. The figure shows [`VIEW_WIDTH`] units across half
/// the map, which at 320 px wide is about 137 px (app.css lets the map use the card's padding there), so 16
/// units are about 26 px: over 24 with a margin for rounding and the 8 px between the figures.
pub const MIN_HIT: f32 = 16.0;
/// How much of the figure's 100-unit box each view shows across: the outline spans 12–88, so the 8 units
/// either side are kept for the stroke and the hit shapes that reach past the outermost areas.
pub const VIEW_WIDTH: f32 = 84.0;

impl AreaShape {
    /// The shape's invisible hit area `(x, y, w, h)`: the drawn rectangle grown about its centre to at least
    /// [`MIN_HIT`] each way, kept inside the view.
    pub fn hit(&self) -> (f32, f32, f32, f32) {
        let grow = |start: f32, len: f32, lo: f32, hi: f32| {
            let len2 = len.max(MIN_HIT);
            let start2 = (start - (len2 - len) / 2.0).clamp(lo, hi - len2);
            (start2, len2)
        };
        let margin = (100.0 - VIEW_WIDTH) / 2.0;
        let (x, w) = grow(self.x, self.w, margin, 100.0 - margin);
        let (y, h) = grow(self.y, self.h, 0.0, 224.0);
        (x, y, w, h)
    }
}

/// Soreness in words, for the list and the legend: what the colour also says.
pub fn level_word(level: Option<u8>) -> &'static str {
    match level {
        None => "not logged",
        Some(0) => "none",
        Some(1..=3) => "mild",
        Some(4..=6) => "moderate",
        Some(_) => "strong",
    }
}

/// A list button's accessible name: its visible text first ("Quads 7/10"), then the level in words.
pub fn area_label(name: &str, level: Option<u8>) -> String {
    match level {
        Some(l) => format!("{name} {l}/10, {} this week. Show routines", level_word(level)),
        None => format!("{name}, {} this week. Show routines", level_word(level)),
    }
}

fn level_class(level: Option<u8>) -> &'static str {
    match level {
        None | Some(0) => "area-shape",
        Some(1..=3) => "area-shape mild",
        Some(4..=6) => "area-shape moderate",
        Some(_) => "area-shape strong",
    }
}

/// The shapes of one view with their index, biggest drawn area first (the paint order of the hit shapes).
fn hit_order(view: View) -> Vec<(usize, &'static AreaShape)> {
    let mut shapes: Vec<(usize, &AreaShape)> = SHAPES.iter().enumerate().filter(|(_, s)| s.view == view).collect();
    crate::sort::sort_by(&mut shapes, |a, b| (b.1.w * b.1.h).total_cmp(&(a.1.w * a.1.h)));
    shapes
}

/// The outline of a runner standing, in the 100 × 224 box (the same for both views).
const OUTLINE: &str = "M50 4 a12 12 0 1 0 0.1 0 M44 28 L44 33 L28 36 L18 44 L12 92 M56 28 L56 33 L72 36 L82 44 L88 92 \
     M28 36 L31 88 L28 112 L30 160 L33 164 L32 204 L30 218 L48 218 L47 204 L48 164 L49 112 L50 106 \
     M72 36 L69 88 L72 112 L70 160 L67 164 L68 204 L70 218 L52 218 L53 204 L52 164 L51 112 L50 106";

/// Home's "Where are you sore?": the map, a legend, and the list of areas as buttons. Tapping an area (on the
/// map or in the list) shows its routines, best fit first; a sore area's "trend" link shows its history.
#[component]
pub fn BodyMap(highest: BTreeMap<String, u8>) -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    let nav = use_navigator();
    let open = move |area: String| {
        let mut filter = state.filter;
        filter.set(RoutineFilter { area: Some(area), ..Default::default() });
        nav.push(Route::Routines {});
    };
    rsx! {
        div { class: "body-map",
            for (view, label, dx) in [(View::Front, "Front", 0.0f32), (View::Back, "Back", 110.0)] {
                svg { key: "{label}", class: "map-figure", view_box: "{dx + (100.0 - VIEW_WIDTH) / 2.0} 0 {VIEW_WIDTH} 236", "aria-hidden": "true", "focusable": "false",
                    // Hit shapes first, so every drawn shape is painted (and tapped) over them; the biggest
                    // first, so where two hit shapes overlap the narrower area's wins.
                    for (i, s) in hit_order(view) {
                        rect { key: "hit-{i}", class: "map-hit", "data-area": "{s.area}", "data-side": "{s.side}",
                            x: "{dx + s.hit().0}", y: "{s.hit().1}", width: "{s.hit().2}", height: "{s.hit().3}",
                            onclick: { let area = s.area.to_string(); move |_| open(area.clone()) } }
                    }
                    path { class: "map-outline", d: "{OUTLINE}", transform: "translate({dx} 0)" }
                    for (i, s) in SHAPES.iter().enumerate().filter(|(_, s)| s.view == view) {
                        g { key: "{i}", class: "map-area", "data-area": "{s.area}", "data-side": "{s.side}",
                            onclick: { let area = s.area.to_string(); move |_| open(area.clone()) },
                            rect { class: level_class(highest.get(s.area).copied()), x: "{dx + s.x}", y: "{s.y}", width: "{s.w}", height: "{s.h}", rx: "3" }
                            if let Some(level) = highest.get(s.area).filter(|l| **l > 0) {
                                // One number per shape that is wide enough to hold it.
                                if s.w >= 8.0 {
                                    text { class: "map-level", x: "{dx + s.x + s.w / 2.0}", y: "{s.y + s.h / 2.0 + 4.0}", "text-anchor": "middle", "{level}" }
                                }
                            }
                        }
                    }
                    text { class: "map-caption", x: "{dx + 50.0}", y: "233", "text-anchor": "middle", "{label}" }
                }
            }
        }
        p { class: "map-legend meta",
            span { class: "swatch" } " none  "
            span { class: "swatch mild" } " 1–3 mild  "
            span { class: "swatch moderate" } " 4–6 moderate  "
            span { class: "swatch strong" } " 7–10 strong"
            br {}
            "Numbers are the highest soreness you logged in the last 7 days."
        }
        ul { class: "area-list",
            for area in lib.areas.all().iter() {
                li { key: "{area.id}",
                    button {
                        class: "chip area-button",
                        // Begins with the visible text (name and number), then says the level in words.
                        "aria-label": "{area_label(&area.name, highest.get(&area.id).copied())}",
                        onclick: { let id = area.id.clone(); move |_| open(id.clone()) },
                        span { "{area.name}" }
                        if let Some(level) = highest.get(&area.id) {
                            span { class: "area-level", " {level}/10" }
                        }
                    }
                    if highest.contains_key(&area.id) {
                        Link { class: "trend-link", to: Route::AreaTrendPage { id: area.id.clone() }, "aria-label": "{area.name} trend", "Trend" }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::OUTLINE;

    /// The centre of an SVG arc with equal radii and no rotation, by the specification's endpoint-to-centre
    /// conversion (SVG 1.1, appendix F.6.5): of the two circles through both ends, the centre is on the
    /// positive side of the chord when the large-arc and sweep flags differ, on the negative side when equal.
    fn arc_centre(from: (f64, f64), to: (f64, f64), r: f64, large_arc: bool, sweep: bool) -> (f64, f64) {
        let (x1, y1) = ((from.0 - to.0) / 2.0, (from.1 - to.1) / 2.0);
        let half_chord2 = x1 * x1 + y1 * y1;
        let sign = if large_arc != sweep { 1.0 } else { -1.0 };
        let k = sign * ((r * r - half_chord2) / half_chord2).max(0.0).sqrt();
        (k * y1 + (from.0 + to.0) / 2.0, -k * x1 + (from.1 + to.1) / 2.0)
    }

    /// The head is the outline's first subpath, a circle drawn as one relative arc: it must lie inside the
    /// figure's box and sit on the neck, where the second subpath starts. (Its sweep flag once put the circle
    /// above the box: the map showed only the bottom of a chin, floating over the shoulders.)
    #[test]
    fn the_head_is_inside_the_figure_and_sits_on_the_neck() {
        let mut subpaths = OUTLINE.split(" M");
        let head: Vec<f64> = subpaths.next().unwrap().trim_start_matches('M').replace('a', " ")
            .split_whitespace().map(|n| n.parse().unwrap()).collect();
        let [x, y, r, ry, rotation, large_arc, sweep, dx, dy] = head[..] else { panic!("not one arc: {head:?}") };
        assert_eq!((r, rotation), (ry, 0.0), "a circle");
        let (cx, cy) = arc_centre((x, y), (x + dx, y + dy), r, large_arc == 1.0, sweep == 1.0);
        assert!(cy - r >= 0.0 && cy + r <= 224.0, "the head (centre {cx},{cy}) is outside the figure's box");
        let neck_top: f64 = subpaths.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
        assert!((cy + r - neck_top).abs() < 0.5, "the head ends at {} but the neck starts at {neck_top}", cy + r);
    }
}
