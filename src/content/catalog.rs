//! Every routine a runner can run, from wherever it comes: the bundled library and the runner's own (kept in
//! the journal, handed in by the caller). Player, log, history, suggestions and export reach a routine through
//! [`Catalog::routine`] and never ask where it came from.
//!
//! Invariant: ids never clash — a routine of the runner's own passes [`Library::check_user_routine`], which
//! refuses a bundled routine's id — so one id names one routine. Pure: the caller reads the journal.

use std::collections::BTreeSet;

use super::{matching, Library, Routine, RoutineFilter, Step};

/// What a routine of the runner's own is called in validation messages (in place of a content file's path).
pub const USER_ROUTINE_FILE: &str = "your routine";
/// How the ids of routines built in the app begin, so they can never be mistaken for a content file's.
pub const USER_ROUTINE_PREFIX: &str = "my-";

/// Which routines the Routines tab lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Shelf {
    #[default]
    All,
    /// Only the routines the runner built.
    Yours,
    /// Only the starred ones, bundled or the runner's own.
    Favourites,
}

impl Shelf {
    pub const ALL: [Shelf; 3] = [Shelf::All, Shelf::Yours, Shelf::Favourites];

    pub fn label(self) -> &'static str {
        match self {
            Shelf::All => "All routines",
            Shelf::Yours => "Yours",
            Shelf::Favourites => "Favourites",
        }
    }
}

/// A bundled step offered to the builder: every field of the step, and the tool of the routine it is from.
#[derive(Debug, Clone, Copy)]
pub struct StepTemplate<'a> {
    pub routine: &'a Routine,
    /// Its place in `routine.steps`.
    pub index: usize,
    pub step: &'a Step,
}

impl StepTemplate<'_> {
    /// The tool this step is done with.
    pub fn tool(&self) -> &str {
        self.step.tool.as_deref().unwrap_or(&self.routine.tool)
    }

    /// The step as a routine of the runner's own holds it: its tool written out, since that routine may mix
    /// steps from several.
    pub fn to_step(&self) -> Step {
        Step { tool: Some(self.tool().to_string()), ..self.step.clone() }
    }

    /// A key that names the template across renders (`routine-id#index`).
    pub fn key(&self) -> String {
        format!("{}#{}", self.routine.id, self.index)
    }
}

static NO_FAVOURITES: BTreeSet<String> = BTreeSet::new();

/// The bundled routines and the runner's own, with the runner's stars.
#[derive(Debug, Clone, Copy)]
pub struct Catalog<'a> {
    pub library: &'a Library,
    /// The runner's own routines (each valid by [`Library::check_user_routine`]).
    pub yours: &'a [Routine],
    /// Ids of starred routines, of either kind.
    pub favourites: &'a BTreeSet<String>,
}

impl<'a> Catalog<'a> {
    /// Only the bundled routines, nothing starred.
    pub fn bundled(library: &'a Library) -> Catalog<'a> {
        Catalog { library, yours: &[], favourites: &NO_FAVOURITES }
    }

    /// The routine with this id, bundled or the runner's own.
    pub fn routine(&self, id: &str) -> Option<&'a Routine> {
        self.library.routines.get(id).or_else(|| self.yours.iter().find(|r| r.id == id))
    }

    pub fn is_yours(&self, id: &str) -> bool {
        self.yours.iter().any(|r| r.id == id)
    }

    pub fn is_favourite(&self, id: &str) -> bool {
        self.favourites.contains(id)
    }

    /// Every routine: bundled, then the runner's own.
    pub fn all(&self) -> impl Iterator<Item = &'a Routine> + 'a {
        self.library.routines.all().iter().chain(self.yours.iter())
    }

    /// Routines on the filter's shelf that pass the rest of it: by fit with an area (see
    /// [`Library::routines_matching`]), otherwise by name.
    pub fn routines_matching(&self, filter: &RoutineFilter) -> Vec<&'a Routine> {
        let this = *self;
        let on_shelf = move |r: &&Routine| match filter.shelf {
            super::Shelf::All => true,
            super::Shelf::Yours => this.is_yours(&r.id),
            super::Shelf::Favourites => this.is_favourite(&r.id),
        };
        let mut found = matching(self.all().filter(on_shelf), filter);
        if filter.area.is_none() {
            crate::sort::sort_by(&mut found, |a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        }
        found
    }

    /// The starred routines that still exist, by name.
    pub fn favourite_routines(&self) -> Vec<&'a Routine> {
        self.routines_matching(&RoutineFilter { shelf: Shelf::Favourites, ..Default::default() })
    }
}
