//! The app's icons: SVG paths in a 24 × 24 box, filled in the text colour, and [`Icon`], which draws one. Every
//! symbol the app shows beyond letters, digits and plain signs (+, −) is one of these, never a character such
//! as ⚙, ▶, ★ or ✕: a character comes from whichever font has it (on some phones a colour emoji) and costs the
//! desktop's WebKit a font lookup of its own. A hole is a subpath traced the other way round, so the default
//! nonzero fill leaves it empty.

use dioxus::prelude::*;

/// The play triangle: the player's Resume and the Routines tab.
pub const PLAY: &str = "M7 4v16l13-8z";
/// Two bars: the player's Pause.
pub const PAUSE: &str = "M6 4h4v16H6zM14 4h4v16h-4z";
/// A bar and a triangle pointing back: the player's Back (to the previous step).
pub const BACK: &str = "M6 5h2v14H6zM20 5v14L9 12z";
/// A triangle and a bar: the player's Skip (to the next step).
pub const SKIP: &str = "M16 5h2v14h-2zM4 5v14l11-7z";
/// The star's path, a macro so that [`STAR_OUTLINE`] can be built from it with `concat!` (not written twice).
macro_rules! star {
    () => {
        "M12 2.4 14.4 9.7 22 9.7 15.8 14.1 18.2 21.4 12 16.9 5.8 21.4 8.2 14.1 2 9.7 9.6 9.7z"
    };
}
/// A five-pointed star (outer radius 10.5, inner 0.382 of it): a favourite routine, and the pressed star button.
pub const STAR: &str = star!();
/// [`STAR`] with a hole: the same star shrunk about its centre until its edges lie 1.3 units inside. The star
/// button when not pressed.
pub const STAR_OUTLINE: &str =
    concat!(star!(), "M10.6 11 6 11 9.7 13.6 8.3 18 12 15.3 15.7 18 14.3 13.6 18 11 13.4 11 12 6.6z");
/// A tick: a finished session.
pub const CHECK: &str = "M2.5 12.5 4.6 10.4 9.5 15.3 19.4 5.4 21.5 7.5 9.5 19.5z";
/// A square: a session ended before its last step.
pub const STOP: &str = "M6 6h12v12H6z";
/// A cross of two bars: remove an area from the log form.
pub const CROSS: &str = "M5.4 4 4 5.4 10.6 12 4 18.6 5.4 20 12 13.4 18.6 20 20 18.6 13.4 12 20 5.4 18.6 4 12 10.6z";
/// Arrows: move a step up or down in the routine builder.
pub const ARROW_UP: &str = "M12 3 4 11 5.4 12.4 11 6.8V21h2V6.8l5.6 5.6L20 11z";
pub const ARROW_DOWN: &str = "M12 21 4 13 5.4 11.6 11 17.2V3h2v14.2l5.6-5.6L20 13z";
/// The tabs: a house, an open book, a pencil and a gear (the Routines tab has [`PLAY`]).
pub const HOME: &str = "M12 3 2 12h3v9h5v-6h4v6h5v-9h3z";
pub const LIBRARY: &str = "M2 5c3-1 7-1 9.2 1v14C9 18.5 5 18.5 2 19.5zM22 5c-3-1-7-1-9.2 1v14c2.2-1.5 6.2-1.5 9.2-.5z";
pub const JOURNAL: &str = "M3 21l1.2-5.2L15.5 4.5l4 4L8.2 19.8zM16.9 3.1l1.4-1.4 4 4-1.4 1.4z";
pub const SETTINGS: &str = "M9.8 4.9 10.4 1.6 13.6 1.6 14.2 4.9 15.5 5.5 18.2 3.5 20.5 5.8 18.5 8.5 19.1 9.8 22.4 10.4 \
     22.4 13.6 19.1 14.2 18.5 15.5 20.5 18.2 18.2 20.5 15.5 18.5 14.2 19.1 13.6 22.4 10.4 22.4 9.8 19.1 8.5 18.5 5.8 20.5 \
     3.5 18.2 5.5 15.5 4.9 14.2 1.6 13.6 1.6 10.4 4.9 9.8 5.5 8.5 3.5 5.8 5.8 3.5 8.5 5.5zM15.2 12a3.2 3.2 0 1 0-6.4 \
     0a3.2 3.2 0 1 0 6.4 0z";

/// One of the paths above, hidden from screen readers: the control or text beside it says what it means. Sized
/// by CSS (`.icon`: the size of the text around it, unless the tab bar or the player's controls size it).
#[component]
pub fn Icon(d: &'static str) -> Element {
    rsx! {
        svg { class: "icon", view_box: "0 0 24 24", "aria-hidden": "true", path { d } }
    }
}
