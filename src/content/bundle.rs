//! The content as the app carries it: every kind as a plain list, in the order the library shows it.
//! `build.rs` fills it from the TOML files (`source.rs`) and writes it in postcard's compact form; the app
//! decodes that (`Library::bundled`). Any field added to the model flows through the serde derives: there is no
//! generator to update.

use serde::{Deserialize, Serialize};

use super::model::{Area, Benefit, Method, Position, Routine, SafetySection, Technique};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Content {
    pub areas: Vec<Area>,
    pub benefits: Vec<Benefit>,
    pub techniques: Vec<Technique>,
    pub methods: Vec<Method>,
    pub safety: Vec<SafetySection>,
    /// By name.
    pub routines: Vec<Routine>,
    /// The drawings steps name, by file name.
    pub positions: Vec<Position>,
}

