//! The session runner: the executor of the [`Conductor`]'s commands. It tells the conductor what the user did
//! and what time it is, then carries out what comes back — cues to the platform's channels, the screen's
//! signals, the journal — and sleeps until the instant the conductor asked to be woken at. It decides
//! nothing about cues itself: which cue plays where, when, and what is handed ahead is the conductor's call
//! (`src/session/conductor.rs`), tested there with a simulated clock.
//!
//! On phones a session is also seen and steered from outside the app (issue #15): the runner keeps the
//! platform's session alive from start to end (Android's foreground service, iOS's audio session), tells it
//! what to show at each change of segment or phase, and takes the taps on its notification (Pause, Resume,
//! End) as if they were made in the player — so the player shows the same state when the app is reopened.

use chrono::{DateTime, FixedOffset};
use dioxus::core::Task;
use dioxus::prelude::*;

use super::AppState;
use crate::journal::SessionRecord;
use crate::platform;
use crate::session::{now_playing, Channel, Command, Conductor, CueKind, Mono, NowPlaying, Outcome, Plan, RemoteAction, Session};

/// How often taps on the session's notification are looked for: well under a human's patience, and a cheap
/// call (one JNI call that reads a queue).
const REMOTE_POLL_MS: u64 = 400;

/// A cue the countdown pulses for ([`crate::session::Screen::Pulse`]). The full-screen flash is not here: the
/// cue bridge draws it on the player's overlay ([`crate::ui::views::FlashOverlay`]) at its instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShownCue {
    pub kind: CueKind,
    /// Changes with every cue, so the same kind twice restarts the animation.
    pub seq: u64,
}

#[derive(Clone, Copy)]
pub struct Runner {
    conductor: Signal<Conductor>,
    /// The instant the screen was last computed at; set only by the runner, and only when what the screen
    /// shows changes (see [`Runner::step`]).
    pub now: Signal<Mono>,
    /// What the screen showed when `now` was last set.
    shown_view: Signal<Option<ShownView>>,
    pub shown: Signal<Option<ShownCue>>,
    /// Announced to screen readers at step boundaries (not every second).
    pub announcement: Signal<String>,
    /// The journal id of this session once it has ended and been recorded.
    pub record_id: Signal<Option<String>>,
    started_at: Signal<Option<DateTime<FixedOffset>>>,
    /// When the conductor wants to be woken next (None: not while paused or over).
    wake: Signal<Option<Mono>>,
    task: Signal<Option<Task>>,
    state: Signal<Option<AppState>>,
    /// What the platform's notification last showed.
    playing: Signal<Option<NowPlaying>>,
    /// Takes taps on the notification while the session lasts (phones).
    remote: Signal<Option<Task>>,
}

impl Runner {
    pub fn new(plan: Plan, state: AppState) -> Runner {
        let settings = *state.settings.read();
        Runner {
            // Native players (phones) get a long window ahead; webview channels the usual lookahead.
            conductor: Signal::new(Conductor::new(plan, &settings, platform::CUES).handing_ahead(platform::CUE_WINDOW_MS)),
            now: Signal::new(platform::now()),
            shown_view: Signal::new(None),
            shown: Signal::new(None),
            announcement: Signal::new(String::new()),
            record_id: Signal::new(None),
            started_at: Signal::new(None),
            wake: Signal::new(None),
            task: Signal::new(None),
            state: Signal::new(Some(state)),
            playing: Signal::new(None),
            remote: Signal::new(None),
        }
    }

    /// The session as of the last step (cloned for the screen). Peeked, not read: the screen re-renders when
    /// `now` (or a cue's pulse, or an announcement) changes, not at every wake-up of the conductor.
    pub fn session(&self) -> Session {
        self.conductor.peek().session().clone()
    }

    /// Whether [`Runner::start`] has been called.
    pub fn started(&self) -> bool {
        self.started_at.read().is_some()
    }

    pub fn start(mut self) {
        self.started_at.set(Some(platform::local_now()));
        self.act(Conductor::start);
    }

    pub fn pause(self) {
        self.act(Conductor::pause);
    }

    pub fn resume(self) {
        self.act(Conductor::resume);
    }

    pub fn skip(self) {
        self.act(Conductor::skip);
    }

    pub fn back(self) {
        self.act(Conductor::back);
    }

    pub fn end(self) {
        self.act(Conductor::end);
    }

    pub fn hold(self) {
        self.act(Conductor::hold);
    }

    /// After the app or tab comes back to the foreground: land on the right second; the engine drops stale
    /// cues.
    pub fn resync(self) {
        self.act(Conductor::handle_timeout);
    }

    /// Leaving the player (Back): silence what was queued, release the screen, stop waking, and keep what was
    /// done ([`Conductor::leave`]).
    pub fn dispose(self) {
        self.act(Conductor::leave);
    }

    /// A user action (or a return to the foreground): tell the conductor, carry out its answer, and restart
    /// the wake-up loop from the new schedule.
    fn act(mut self, verb: fn(&mut Conductor, Mono)) {
        if let Some(task) = self.task.write().take() {
            task.cancel();
        }
        self.step(verb, true);
        // Read first: the new task may be polled at once, and it writes `wake`.
        let running = self.wake.peek().is_some();
        if running {
            let task = spawn(async move { self.run().await });
            self.task.set(Some(task));
        }
    }

    async fn run(self) {
        loop {
            // Copied out: a guard held across the step would collide with the step's own write.
            let next = *self.wake.peek();
            let Some(at) = next else { return };
            platform::sleep_until(at).await;
            // A cue due now first; then, if the bridge drew a flash for it, the frame that paints it goes out
            // before this step's work (a segment's re-render; at the end the journal's write and the Done
            // screen), which would otherwise delay that frame. Cues further ahead are already handed over.
            platform::play_due_cues();
            platform::flash_painted().await;
            self.step(Conductor::handle_timeout, false);
        }
    }

    /// `redraw`: a user's action, whose answer is always shown. A timed wake-up re-renders the screen only if
    /// what it shows has changed: the conductor also wakes to hand cues ahead, between two changes of the
    /// countdown, and each render makes the webview draw frames (on the desktop, WebKitGTK keeps its display
    /// link running for a burst of frames after every edit, issue #16).
    fn step(mut self, verb: fn(&mut Conductor, Mono), redraw: bool) {
        // Before any work of ours: a vibration or flash due now must not wait for it.
        platform::play_due_cues();
        let now = platform::now();
        platform::trace(|| format!("runner step at {now:?}"));
        verb(&mut self.conductor.write(), now);
        let view = ShownView::of(self.conductor.peek().session(), now);
        if redraw || *self.shown_view.peek() != Some(view) {
            self.shown_view.set(Some(view));
            self.now.set(now);
        }
        self.execute(now);
        self.publish(now);
    }

    /// Carries out every command the conductor has for us, in order.
    fn execute(mut self, now: Mono) {
        let mut wake = None;
        loop {
            let Some(command) = self.conductor.write().poll() else { break };
            match command {
                Command::Schedule { channel: Channel::Haptic, cue, at } => platform::schedule_haptic(now, cue.kind, at),
                Command::Schedule { channel: Channel::Sound, cue, at } => platform::schedule_sound(cue.kind, now, at),
                Command::Schedule { channel: Channel::Flash, cue, at } => platform::schedule_flash(now, cue.kind, at),
                // Speech is not scheduled ahead; the conductor sends `Speak` when a spoken cue is due.
                Command::Schedule { channel: Channel::Voice, .. } => {}
                Command::Cancel(Channel::Haptic) => platform::cancel_haptics(),
                Command::Cancel(Channel::Sound) => platform::cancel_sounds(),
                Command::Cancel(Channel::Flash) => platform::cancel_flashes(),
                Command::Cancel(Channel::Voice) => platform::stop_speaking(),
                Command::Show { kind } => {
                    let seq = self.shown.peek().map_or(0, |s| s.seq + 1);
                    self.shown.set(Some(ShownCue { kind, seq }));
                }
                Command::Announce(text) => self.announcement.set(text),
                Command::Speak(text) => platform::say(&text),
                Command::KeepAwake(on) => {
                    platform::keep_awake(on);
                    // Sent once at the start (the Start tap, or the player's first render right after it) and
                    // once at the end: the session's span.
                    self.session_active(on);
                }
                Command::Record(outcome) => self.record(outcome),
                Command::WakeAt(at) => wake = Some(at),
            }
        }
        self.wake.set(wake);
    }

    /// The platform's session (foreground service, audio session) and the notification's taps, from start to
    /// end.
    fn session_active(mut self, on: bool) {
        platform::session_active(on);
        if let Some(task) = self.remote.write().take() {
            task.cancel();
        }
        self.playing.set(None);
        if on && platform::REMOTE_CONTROL {
            let task = spawn(async move {
                loop {
                    platform::sleep_until(platform::now().plus(REMOTE_POLL_MS)).await;
                    while let Some(action) = platform::take_remote_action() {
                        match action {
                            RemoteAction::Pause => self.pause(),
                            RemoteAction::Resume => self.resume(),
                            RemoteAction::End => self.end(),
                        }
                    }
                }
            });
            self.remote.set(Some(task));
        }
    }

    /// Tells the platform what its notification shows, when that changes (not every second: the
    /// notification counts down by itself).
    fn publish(mut self, now: Mono) {
        let next = now_playing(self.conductor.peek().session(), now);
        let changed = match (&*self.playing.peek(), &next) {
            (Some(old), Some(new)) => old.differs(new),
            (None, Some(_)) => true,
            (_, None) => false,
        };
        if changed {
            if let Some(playing) = &next {
                platform::show_now_playing(playing);
            }
        }
        if changed || next.is_none() {
            self.playing.set(next);
        }
    }

    /// Writes the session to the journal.
    fn record(mut self, outcome: Outcome) {
        let ended_at = platform::local_now();
        let record = {
            let conductor = self.conductor.peek();
            let plan = conductor.session().plan();
            let report = &outcome.report;
            SessionRecord {
                id: platform::new_id(),
                routine_id: plan.routine_id.clone(),
                started_at: self.started_at.peek().unwrap_or(ended_at),
                ended_at,
                completed: report.completed,
                worked_secs: Some(secs(report.worked_ms)),
                held_secs: secs(report.held_ms),
                skipped_steps: report.skipped_steps().into_iter().map(|i| plan.steps[i].title.clone()).collect(),
            }
        };
        let id = record.id.clone();
        if let Some(state) = self.state.peek().clone() {
            // The routine is kept with the session, so its history reads the same after an edit or delete.
            let routine = state.routine(&record.routine_id);
            let saved = match &routine {
                Some(r) => state.write(|j| j.record_session_with_routine(&record, r)),
                None => state.write(|j| j.record_session(&record)),
            };
            match saved {
                Ok(()) => self.record_id.set(Some(id)),
                Err(e) => {
                    let mut notice = state.notice;
                    notice.set(Some(format!("The session could not be saved to your journal. {e}")));
                }
            }
        }
    }
}

/// What the player's screen shows of a session at one instant, beyond the cues' pulses and announcements
/// (their own signals): when this is unchanged, a render would change nothing the runner can see. The
/// progress bar is drawn as of the last change, so it moves with the countdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ShownView {
    phase: crate::session::Phase,
    segment: usize,
    remaining_secs: u32,
    total_remaining_secs: u64,
    can_hold: bool,
}

impl ShownView {
    fn of(session: &Session, now: Mono) -> ShownView {
        let view = session.view(now);
        ShownView {
            phase: view.phase,
            segment: view.segment,
            remaining_secs: view.remaining_secs,
            total_remaining_secs: view.total_remaining_secs(),
            can_hold: session.can_hold(now),
        }
    }
}

/// Whole seconds, rounded to the nearest.
fn secs(ms: u64) -> u32 {
    u32::try_from((ms + 500) / 1000).unwrap_or(u32::MAX)
}
