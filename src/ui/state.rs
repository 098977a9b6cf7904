//! Shared UI state, provided once at the root. The journal sits behind `Rc<RefCell<..>>` (one UI thread);
//! `rev` is bumped after every write so that every view that read the journal re-renders.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use chrono::{DateTime, FixedOffset};
use dioxus::prelude::*;

use crate::content::{Library, MassageDone, Recent, Routine, RoutineFilter, RunDone, SorenessReading};
use crate::journal::{keys, DeletedRoutine, Journal, JournalError, Note, Run};
use crate::platform::{JournalBoot, SafetyMarker};
use crate::session::SessionSettings;
use crate::ui::Route;

/// The bundled library, loaded and indexed once. The bundle is validated by `tests/content.rs`. For a
/// routine by id use [`AppState::routine`], which also knows the runner's own.
pub fn library() -> &'static Library {
    crate::content::bundled()
}

#[derive(Clone)]
pub struct AppState {
    journal: Rc<RefCell<Option<Journal>>>,
    /// False while the journal is still being opened after the first screen ([`AppState::opening`]).
    journal_ready: Signal<bool>,
    /// Where the journal lives, in words.
    pub journal_location: Signal<Rc<str>>,
    /// Why the journal is unavailable, if it is.
    pub journal_unavailable: Signal<Option<Rc<str>>>,
    pub rev: Signal<u64>,
    pub settings: Signal<SessionSettings>,
    safety_ack: Signal<bool>,
    /// Keeps the safety acknowledgement when the journal cannot.
    safety_marker: SafetyMarker,
    /// A message the user must see once (e.g. a damaged journal was set aside).
    pub notice: Signal<Option<String>>,
    /// The Routines tab's filter; kept here so it survives visiting a routine and coming back.
    pub filter: Signal<RoutineFilter>,
    /// The last deleted note, for Undo.
    pub deleted: Signal<Option<Note>>,
    /// The last deleted routine of the runner's own, for Undo.
    pub deleted_routine: Signal<Option<DeletedRoutine>>,
    /// The routine whose Start was just tapped ([`AppState::start`]): the player starts it at once, the tap having
    /// unlocked sound. A player reached any other way (a reload, Back or Forward, a phone restoring the app)
    /// asks for a tap of its own, so a session never starts by itself, nor without sound.
    start_tapped: Signal<Option<String>>,
    /// The screens the app has shown, as the history holds them (kept by [`crate::ui::use_trail`]), for
    /// [`AppState::leave_to`].
    pub trail: Signal<Trail<Route>>,
    /// Local time of the last write to the journal (or of the start): what Home's suggestions count back
    /// from, so a run or note just logged is never "in the future", and the day the charts end on. Set by the
    /// shell in [`AppState::write`].
    pub as_of: Signal<DateTime<FixedOffset>>,
}

/// The history of screens as the app has seen it go by: its entries and the one shown. The router does not say
/// whether an address came by a link or by Back or Forward, so the entry just behind or just ahead of the one
/// shown is taken as Back or Forward; any other address is a new entry after the one shown, as a link makes
/// (and a link to the screen just behind, rare, is read as Back: either way that screen is behind the new one).
/// [`AppState::leave_to`] asks it whether the screen a Save returns to is the one behind.
#[derive(Debug, Clone, PartialEq)]
pub struct Trail<R> {
    entries: Vec<R>,
    at: usize,
}

impl<R> Default for Trail<R> {
    fn default() -> Self {
        Trail { entries: Vec::new(), at: 0 }
    }
}

impl<R: PartialEq> Trail<R> {
    /// Entries kept: far more than anyone goes back through.
    const KEPT: usize = 64;

    /// `route` is shown.
    pub fn arrive(&mut self, route: R) {
        if self.entries.get(self.at) == Some(&route) {
            return;
        }
        if self.behind() == Some(&route) {
            self.at -= 1;
        } else if self.entries.get(self.at + 1) == Some(&route) {
            self.at += 1;
        } else {
            self.entries.truncate(self.at + 1);
            self.entries.push(route);
            if self.entries.len() > Self::KEPT {
                self.entries.remove(0);
            }
            self.at = self.entries.len() - 1;
        }
    }

    /// The screen behind the one shown, where Back goes.
    pub fn behind(&self) -> Option<&R> {
        self.at.checked_sub(1).and_then(|i| self.entries.get(i))
    }

    /// The screen shown gives its place to `route`, as the router's replace does.
    pub fn replace(&mut self, route: R) {
        match self.entries.get_mut(self.at) {
            Some(shown) => *shown = route,
            None => self.arrive(route),
        }
    }
}

impl AppState {
    /// Must run inside a Dioxus scope (it creates signals).
    pub fn new(boot: JournalBoot, local_now: DateTime<FixedOffset>) -> AppState {
        let opened = Opened::from(boot);
        AppState::build(opened.safety_marker.clone(), local_now, Some(opened))
    }

    /// The state before the journal is open: what the first screen of a first visit needs (the safety notes,
    /// which read nothing from the journal), so that screen is not held back by opening it. [`AppState::attach`]
    /// brings the journal in. Must run inside a Dioxus scope.
    pub fn opening(safety_marker: SafetyMarker, local_now: DateTime<FixedOffset>) -> AppState {
        AppState::build(safety_marker, local_now, None)
    }

    fn build(safety_marker: SafetyMarker, local_now: DateTime<FixedOffset>, opened: Option<Opened>) -> AppState {
        let ready = opened.is_some();
        let acknowledged = opened.as_ref().map_or_else(|| safety_marker.is_set(), |o| o.acknowledged);
        let (journal, location, unavailable, notice, settings) = match opened {
            Some(o) => (o.journal, o.location, o.unavailable, o.notice, o.settings),
            None => (None, Rc::from(""), None, None, SessionSettings::default().clamped()),
        };
        AppState {
            journal: Rc::new(RefCell::new(journal)),
            journal_ready: Signal::new(ready),
            journal_location: Signal::new(location),
            journal_unavailable: Signal::new(unavailable),
            rev: Signal::new(0),
            settings: Signal::new(settings),
            safety_ack: Signal::new(acknowledged),
            safety_marker,
            notice: Signal::new(notice),
            filter: Signal::new(RoutineFilter::default()),
            deleted: Signal::new(None),
            deleted_routine: Signal::new(None),
            start_tapped: Signal::new(None),
            trail: Signal::new(Trail::default()),
            as_of: Signal::new(local_now),
        }
    }

    /// Takes in the journal opened after the first screen (or why it could not be opened): its settings, its
    /// safety acknowledgement and the notice the user must see. An acknowledgement given while it was
    /// opening is written into it.
    pub fn attach(&self, boot: JournalBoot) {
        let acknowledged_meanwhile = *self.safety_ack.peek();
        let opened = Opened::from(boot);
        *self.journal.borrow_mut() = opened.journal;
        let (mut location, mut unavailable, mut settings) = (self.journal_location, self.journal_unavailable, self.settings);
        location.set(opened.location);
        unavailable.set(opened.unavailable);
        settings.set(opened.settings);
        let mut notice = self.notice;
        notice.set(opened.notice);
        if acknowledged_meanwhile {
            // Into the journal, even though the fallback marker kept it meanwhile (and `opened` read that).
            self.acknowledge_safety();
        } else if opened.acknowledged {
            let mut ack = self.safety_ack;
            ack.set(true);
        }
        let mut ready = self.journal_ready;
        ready.set(true);
        let mut rev = self.rev;
        rev += 1;
    }

    /// Whether the journal has been opened (or found unavailable): until then only the safety notes show.
    pub fn journal_ready(&self) -> bool {
        *self.journal_ready.read()
    }

    /// Reads from the journal and subscribes the calling component to later writes.
    pub fn read<R>(&self, f: impl FnOnce(&Journal) -> Result<R, JournalError>) -> Result<R, String> {
        let _ = self.rev.read();
        match self.journal.borrow().as_ref() {
            Some(j) => f(j).map_err(|e| e.to_string()),
            None => Err(self.unavailable_message()),
        }
    }

    /// The Start tap: unlocks sound (a browser or webview plays it only after a tap) and opens the player, which
    /// starts the session at once.
    pub fn start(&self, nav: dioxus::router::Navigator, routine_id: &str) {
        crate::platform::unlock_audio();
        let mut tapped = self.start_tapped;
        tapped.set(Some(routine_id.to_string()));
        nav.push(Route::Player { id: routine_id.to_string() });
    }

    /// Whether the player for `routine_id` was opened by its Start tap ([`AppState::start`]); the answer is
    /// given once.
    pub fn take_start(&self, routine_id: &str) -> bool {
        let mut tapped = self.start_tapped;
        let yes = tapped.peek().as_deref() == Some(routine_id);
        if yes {
            tapped.set(None);
        }
        yes
    }

    /// Leaves the current screen (a Save or a Delete) for `to`: one step back in the history when `to` is the
    /// screen behind (as the trail knows it), else in place of the current screen. Either way `to` is not left
    /// twice in a row in the history: replacing the edit form by the screen that opened it did that, so Back
    /// showed the same screen again.
    pub fn leave_to(&self, nav: dioxus::router::Navigator, to: Route) {
        let mut trail = self.trail;
        if trail.peek().behind() == Some(&to) {
            nav.go_back();
        } else {
            trail.write().replace(to.clone());
            nav.replace(to);
        }
    }

    /// Writes to the journal; every view that read it re-renders.
    pub fn write<R>(&self, f: impl FnOnce(&mut Journal) -> Result<R, JournalError>) -> Result<R, String> {
        let out = match self.journal.borrow_mut().as_mut() {
            Some(j) => f(j).map_err(|e| e.to_string()),
            None => Err(self.unavailable_message()),
        };
        let mut rev = self.rev;
        rev += 1;
        let mut as_of = self.as_of;
        let now = crate::platform::local_now();
        if now > *as_of.peek() {
            as_of.set(now);
        }
        out
    }

    /// What Home's suggestions read: the soreness, runs and guided sessions of the last
    /// [`crate::content::RECENT_DAYS`] before [`AppState::as_of`].
    pub fn recent(&self) -> RecentJournal {
        let now = *self.as_of.read();
        let since = now - chrono::Duration::days(crate::content::RECENT_DAYS);
        let notes = self.read(|j| j.latest_notes(500)).unwrap_or_default();
        let soreness = crate::content::readings(
            notes.iter().filter(|n| n.created_at >= since).map(|n| (n.created_at, &n.soreness)),
        );
        let runs = self.read(|j| j.runs_since(since)).unwrap_or_default();
        let massages = self
            .read(|j| j.sessions())
            .unwrap_or_default()
            .into_iter()
            .filter(|s| s.ended_at >= since)
            .filter_map(|s| {
                let routine = self.session_routine(&s.id)?;
                let mut areas: Vec<String> = routine.steps.iter().map(|st| st.area.clone()).collect();
                areas.dedup();
                Some(MassageDone { at: s.ended_at, areas })
            })
            .collect();
        RecentJournal { now, soreness, runs, massages }
    }

    /// The runner's own routines, by name (subscribes to writes); none when the journal is unavailable.
    pub fn user_routines(&self) -> Vec<Routine> {
        self.read(|j| j.routines()).map(|all| all.into_iter().map(|r| r.routine).collect()).unwrap_or_default()
    }

    /// Ids of the starred routines.
    pub fn favourites(&self) -> BTreeSet<String> {
        self.read(|j| j.favourites()).unwrap_or_default()
    }

    /// The routine with this id, bundled or the runner's own: the one lookup the player, the log and the
    /// journal use (lists use [`crate::content::Catalog`] over the same two sources).
    pub fn routine(&self, id: &str) -> Option<Routine> {
        library().routines.get(id).cloned().or_else(|| self.read(|j| j.routine(id)).ok().flatten().map(|r| r.routine))
    }

    /// The routine a past session ran: as it was then (its snapshot), else as it is now, if it still exists.
    pub fn session_routine(&self, session_id: &str) -> Option<Routine> {
        if let Some(r) = self.read(|j| j.session_routine(session_id)).ok().flatten() {
            return Some(r);
        }
        let routine_id = self.read(|j| j.sessions()).ok()?.into_iter().find(|s| s.id == session_id)?.routine_id;
        self.routine(&routine_id)
    }

    /// Stars or unstars a routine; a failure is shown as the notice.
    pub fn set_favourite(&self, routine_id: &str, on: bool) {
        let now = crate::platform::local_now();
        if let Err(e) = self.write(|j| j.set_favourite(routine_id, on, now)) {
            let mut notice = self.notice;
            notice.set(Some(format!("The star could not be saved. {e}")));
        }
    }

    fn unavailable_message(&self) -> String {
        self.journal_unavailable.peek().as_deref().unwrap_or("The journal is unavailable.").to_string()
    }

    pub fn safety_acknowledged(&self) -> bool {
        *self.safety_ack.read()
    }

    /// Remembers (across restarts) that the safety notes were read: in the journal, or, when the journal
    /// cannot be written, in the platform's marker beside it.
    pub fn acknowledge_safety(&self) {
        let mut ack = self.safety_ack;
        ack.set(true);
        if self.write(|j| j.set_setting(keys::SAFETY_ACKNOWLEDGED, "1")).is_err() {
            let _ = self.safety_marker.set();
        }
    }

    pub fn save_settings(&self, settings: SessionSettings) {
        let settings = settings.clamped();
        let mut s = self.settings;
        s.set(settings);
        let json = serde_json::to_string(&settings).expect("settings serialise");
        if let Err(e) = self.write(|j| j.set_setting(keys::SESSION_SETTINGS, &json)) {
            let mut notice = self.notice;
            notice.set(Some(format!("Settings apply now but could not be saved: {e}")));
        }
    }
}

/// What an opened journal (or the reason it could not be opened) brings to the state.
struct Opened {
    journal: Option<Journal>,
    location: Rc<str>,
    unavailable: Option<Rc<str>>,
    notice: Option<String>,
    settings: SessionSettings,
    /// The safety notes were acknowledged: in the journal, or in the platform's marker beside it.
    acknowledged: bool,
    safety_marker: SafetyMarker,
}

impl From<JournalBoot> for Opened {
    fn from(boot: JournalBoot) -> Opened {
        let journal = boot.journal;
        let setting = |key| journal.as_ref().and_then(|j| j.setting(key).ok().flatten());
        let settings = setting(keys::SESSION_SETTINGS)
            .and_then(|json| serde_json::from_str::<SessionSettings>(&json).ok())
            .unwrap_or_default()
            .clamped();
        let acknowledged = setting(keys::SAFETY_ACKNOWLEDGED).is_some_and(|v| v == "1") || boot.safety_marker.is_set();
        let unavailable = if journal.is_none() { boot.notice.clone().map(Rc::from) } else { None };
        Opened { journal, location: boot.location.into(), unavailable, notice: boot.notice, settings, acknowledged, safety_marker: boot.safety_marker }
    }
}

/// The journal's last week, read once for Home: the inputs of [`crate::content::rank`] and the body map.
#[derive(Debug, Clone, PartialEq)]
pub struct RecentJournal {
    pub now: DateTime<FixedOffset>,
    pub soreness: Vec<SorenessReading>,
    pub runs: Vec<Run>,
    pub massages: Vec<MassageDone>,
}

impl RecentJournal {
    pub fn runs_done(&self) -> Vec<RunDone> {
        self.runs
            .iter()
            .map(|r| RunDone { at: r.started_at, noun: r.kind.noun().to_string(), distance_m: r.distance_m, load_factor: r.kind.load_factor() })
            .collect()
    }

    /// Calls `f` with the [`Recent`] view of this week.
    pub fn with_recent<R>(&self, f: impl FnOnce(&Recent) -> R) -> R {
        let runs = self.runs_done();
        f(&Recent { now: self.now, soreness: &self.soreness, runs: &runs, massages: &self.massages })
    }

    /// The highest soreness of each area this week.
    pub fn highest(&self) -> std::collections::BTreeMap<String, u8> {
        let mut out = std::collections::BTreeMap::new();
        for r in &self.soreness {
            let level = out.entry(r.area.clone()).or_insert(0u8);
            *level = (*level).max(r.level);
        }
        out
    }
}
