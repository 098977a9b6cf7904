//! Unknot: an offline self-massage and recovery companion for runners.
//!
//! The design is a functional core under a thin imperative shell. [`content`] (the bundled library),
//! [`session`] (plans and the guided-session state machine) and the notes model in [`journal`] are pure:
//! no I/O, no clock, no UI — time is passed in. The shell is [`journal`]'s SQLite store, [`platform`] (the
//! only place with `cfg(target_os)`: clock, haptics, sound, keep-awake, data directory) and [`ui`] (Dioxus
//! views that read state from context and call into the core).

pub mod content;
pub mod sort;
pub mod text;
pub mod session;
pub mod journal;
pub mod platform;
pub mod ui;
