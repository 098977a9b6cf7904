//! One file per tab (plus the player). Each screen is a component named after its route.

mod builder;
mod home;
mod journal;
mod library;
mod load;
mod log;
mod player;
mod routines;
mod run_page;
mod runs;
mod settings;

pub use builder::{RoutineCopy, RoutineEdit, RoutineNew};
pub use home::Home;
pub use journal::{Journal, NoteDetail};
pub use library::{BenefitPage, Library, MethodPage, SafetyPage, TechniquePage};
pub use load::LoadOverviewPage;
pub use log::{LogAfterSession, LogNote, NoteEdit};
pub use player::{Action, FlashOverlay, Player, SessionScreen, FLASH_OVERLAY_ID};
pub use routines::{RoutineDetail, Routines};
pub use run_page::RunPage;
pub use runs::{AreaTrendPage, LogRun};
pub use settings::Settings;
