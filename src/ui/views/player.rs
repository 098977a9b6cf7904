//! The player: the guided session's screen (countdown, controls, lock mode, the done screen) and the
//! overlay the cue bridge draws each cue's full-screen flash on.
//!
//! The flash is not rendered by Dioxus: the conductor hands it ahead on its own channel and the bridge's
//! timer (`assets/cues.js`, `flashAt`) draws it at the cue's instant on [`FlashOverlay`], which the player
//! keeps for the whole session (the done screen included), so the app's wake-up and re-render are not between
//! the instant and the frame it is painted in. The overlay's markup is fixed; only the bridge changes it
//! (its `data-cue`, `data-beat` and the word), so a re-render never undoes or replays a flash.

use dioxus::prelude::*;

use crate::session::{Mono, Phase, Plan, Screen, SegmentKind, Session, Side, HOLD_MS};
use crate::text::plural;
use crate::ui::components::{format_duration, ConfirmDialog, PositionDrawing};
use crate::ui::icons::{self, Icon};
use crate::ui::runner::{Runner, ShownCue};
use crate::ui::{library, AppState, Route};

/// Long-press this long on the lock screen to unlock.
const UNLOCK_HOLD_MS: u64 = 800;

/// The guided session: starts on arrival after its Start tap (which unlocked sound), runs by itself. Reached
/// any other way (a reload, Back or Forward, a phone restoring the app), it waits for a tap of its own.
#[component]
pub fn Player(id: String) -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    let nav = use_navigator();
    crate::ui::use_trail(use_route::<Route>());
    // The routine is looked up once, when the player opens: it re-renders every second, and a routine of the
    // runner's own is a journal read. Bundled or the runner's own: the player never asks which. The hooks below
    // run on every render whether it was found or not (Dioxus needs the same hooks each time).
    let runner = use_hook(|| {
        let tapped = state.take_start(&id);
        state.routine(&id).map(|routine| {
            let plan = Plan::build(&routine, &state.settings.read()).name_sides(|area| lib.side_word(area));
            let runner = Runner::new(plan, state.clone());
            if tapped {
                runner.start();
            }
            runner
        })
    });
    use_drop(move || if let Some(r) = runner.filter(|r| r.started()) { r.dispose() });
    // Coming back from the background (web and webviews fire visibilitychange): land on the right second.
    // The listener goes with the player, so nothing outlives a session.
    crate::platform::use_page_visible(move || if let Some(r) = runner.filter(|r| r.started()) { r.resync() });
    crate::platform::use_app_resumed(move || if let Some(r) = runner.filter(|r| r.started()) { r.resync() });
    let Some(runner) = runner else {
        return rsx! { div { class: "app", main { class: "screen", h1 { "Routine not found" } Link { to: Route::Routines {}, class: "btn primary", "Routines" } } } };
    };
    if !runner.started() {
        let session = runner.session();
        let plan = session.plan();
        return rsx! {
            div { class: "player", "data-theme": "dark", "data-segment": "get-ready",
                header { class: "player-top",
                    // In place of the session's address, as the Done screen's ways out are: Back from the
                    // routine's page must not return here.
                    button {
                        class: "btn ghost",
                        "aria-label": "Back to {plan.routine_name}",
                        onclick: move |_| { nav.replace(Route::RoutineDetail { id: id.clone() }); },
                        "Back"
                    }
                }
                main { class: "player-main start-gate",
                    h1 { class: "segment-label", span { "{plan.routine_name}" } }
                    p { class: "segment-sub", "{format_duration(plan.total_ms / 1000)}" }
                    button {
                        class: "btn primary big",
                        "aria-label": "Start {plan.routine_name}",
                        onclick: move |_| {
                            crate::platform::unlock_audio();
                            runner.start();
                        },
                        "Start"
                    }
                }
            }
        };
    }

    rsx! {
        // Kept across every segment and the done screen: the bridge draws on it.
        FlashOverlay {}
        SessionScreen {
            session: runner.session(),
            now: *runner.now.read(),
            shown: *runner.shown.read(),
            announcement: runner.announcement.read().clone(),
            record_id: runner.record_id.read().clone(),
            on_action: move |action: Action| match action {
                Action::Pause => runner.pause(),
                Action::Resume => runner.resume(),
                Action::Skip => runner.skip(),
                Action::Back => runner.back(),
                Action::End => runner.end(),
                Action::Hold => runner.hold(),
            },
        }
    }
}

/// The id the cue bridge finds the flash overlay by (`assets/cues.js`).
pub const FLASH_OVERLAY_ID: &str = "unknot-flash";

/// The surface each full-screen flash is drawn on, by the cue bridge at the cue's instant: a layer that
/// inverts what is under it (difference blend, so the digits stay readable through it) and the cue's word in
/// the top bar, clear of the digits (app.css, "Flash"). At rest (no `data-beat`) both are hidden; the bridge
/// sets `data-cue` (the cue's name, for its colour) and alternates `data-beat` between "a" and "b", which
/// restarts the fade. Hidden from screen readers: the cue is announced at its step boundary instead.
#[component]
pub fn FlashOverlay() -> Element {
    rsx! {
        div { id: FLASH_OVERLAY_ID, class: "flash-overlay", "aria-hidden": "true",
            div { class: "flash" }
            p { class: "flash-word" }
        }
    }
}

/// What the player's controls ask the runner to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Pause,
    Resume,
    Skip,
    Back,
    End,
    Hold,
}

/// The player's screen for one snapshot of a session: a pure function of its props, so every kind of
/// segment can be rendered in tests without a clock.
///
/// Layout (app.css, "Player"): the top bar, the countdown block and the controls always fit the screen
/// without scrolling, from 320×568 to a tablet and in landscape; only the instructions shrink and scroll.
/// The countdown keeps its place for the whole session: the heading and the line under it have slots of a
/// fixed height above it, and what changes below it (the instructions, then the drawing of the position
/// while getting into it) is laid out from the top down, with the progress held at the bottom. Centred
/// content moved the digits by up to 85 px at each change of segment.
/// Lock mode dims the controls and leaves the countdown at full brightness. A cue's full-screen flash is not
/// drawn here but on [`FlashOverlay`], which the [`Player`] keeps beside this screen.
#[component]
pub fn SessionScreen(
    session: Session,
    now: Mono,
    shown: Option<ShownCue>,
    announcement: String,
    record_id: Option<String>,
    on_action: EventHandler<Action>,
) -> Element {
    let lib = library();
    let mut locked = use_signal(|| false);
    let mut confirm_end = use_signal(|| false);
    let view = session.view(now);
    crate::platform::trace(|| format!("player render at {now:?}"));
    let plan = session.plan();
    if matches!(view.phase, Phase::Finished | Phase::Ended) {
        return rsx! {
            DoneScreen { session: session.clone(), now, record_id: record_id.clone() }
        };
    }

    let step = &plan.steps[view.step];
    let side_words = |side: Side| side.words(&step.side_word);
    let area = lib.area_name(&step.area).to_string();
    let (heading, sub) = match view.kind {
        SegmentKind::GetReady => ("Get ready".to_string(), format!("First: {}", step.title)),
        SegmentKind::Rest { .. } => ("Rest".to_string(), format!("Next: {}", step.title)),
        SegmentKind::Switch { .. } => ("Switch sides".to_string(), format!("Right {} next", step.side_word)),
        SegmentKind::Work { side, .. } => (
            step.title.clone(),
            match side_words(side) {
                Some(side) => format!("{side} · {area}"),
                None => area.clone(),
            },
        ),
    };
    let instruction = match view.kind {
        SegmentKind::Work { .. } => step.instruction.clone(),
        SegmentKind::Switch { .. } => format!("Move to your right {} and settle in.", step.side_word),
        _ => format!("Get into position for {}: {}", crate::text::lowercase(&step.title), step.instruction),
    };
    let next_up = view.next_up.map(|k| match k {
        SegmentKind::Work { step: i, side } if i == view.step && side == Side::Right => {
            format!("Right {}", step.side_word)
        }
        SegmentKind::Work { step: i, side } => {
            let s = &plan.steps[i];
            match side.words(&s.side_word) {
                Some(side) => format!("{} ({})", s.title, crate::text::lowercase(&side)),
                None => s.title.clone(),
            }
        }
        _ => String::new(),
    });
    let countdown = if view.remaining_secs >= 60 {
        format!("{}:{:02}", view.remaining_secs / 60, view.remaining_secs % 60)
    } else {
        view.remaining_secs.to_string()
    };
    let seconds_left = plural(u64::from(view.remaining_secs), "second", "seconds");
    let pulse = match shown {
        Some(c) if c.kind.spec().screen == Screen::Pulse => format!("pulse-{}", c.seq % 2),
        _ => String::new(),
    };
    let paused = view.phase == Phase::Paused;
    let can_hold = session.can_hold(now);
    let is_work = matches!(view.kind, SegmentKind::Work { .. });
    let hold_secs = HOLD_MS / 1000;
    // Getting into position (before the first step, or resting before the next): the drawing, large.
    let show_drawing = matches!(view.kind, SegmentKind::GetReady | SegmentKind::Rest { .. });

    rsx! {
        div {
            class: if locked() { "player locked" } else { "player" },
            "data-theme": "dark",
            "data-segment": segment_kind_name(view.kind),
            header { class: "player-top", "aria-hidden": if locked() { "true" } else { "false" },
                button { class: "btn ghost", "aria-label": "End session", onclick: move |_| confirm_end.set(true), "End" }
                span { class: "player-title", "{plan.routine_name}" }
                button { class: "btn ghost", "aria-label": "Lock the screen against touches", onclick: move |_| locked.set(true), "Lock" }
            }
            main { class: "player-main",
                // A slot two lines high, the text at its foot, next to the line under it.
                h1 { class: "segment-label", span { "{heading}" } }
                p { class: "segment-sub", "{sub}" }
                div { class: "countdown {pulse}", role: "timer", "aria-label": "{seconds_left} left", "{countdown}" }
                if paused { p { class: "paused-badge", "Paused" } }
                // It scrolls when the instructions are longer than the room left (a small phone, or the drawing
                // while getting into position): a keyboard must be able to reach and scroll it too.
                div { class: "instruction-box", tabindex: "0", role: "region", "aria-label": "Instructions",
                    p { class: "instruction", "{instruction}" }
                    if is_work {
                        p { class: "tempo", "{step.tempo}" }
                    }
                }
                if show_drawing {
                    PositionDrawing { position: step.position.clone(), class: "player-drawing" }
                }
                div { class: "progress",
                    p { class: "progress-text", "Step {view.step + 1} of {view.step_count} · {format_duration(view.total_remaining_secs())} left" }
                    div { class: "bar", role: "progressbar", "aria-label": "Session progress",
                        "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "{(view.progress() * 100.0).round()}",
                        div { class: "bar-fill", style: "width: {view.progress() * 100.0:.1}%" }
                    }
                }
                // Always there (empty after the last step), so the progress above it never moves.
                p { class: "next-up",
                    if let Some(next) = next_up.filter(|n| !n.is_empty()) {
                        span { class: "meta", "Next up: " }
                        "{next}"
                    }
                }
            }
            footer { class: "player-controls", "aria-hidden": if locked() { "true" } else { "false" },
                div { class: "hold-row",
                    if is_work {
                        button {
                            class: "btn secondary hold",
                            disabled: !can_hold,
                            "aria-label": "Hold here +{hold_secs} s: more time on this spot",
                            onclick: move |_| on_action.call(Action::Hold),
                            "Hold here +{hold_secs} s"
                        }
                    }
                }
                div { class: "control-row",
                    button { class: "control", "aria-label": "Back", onclick: move |_| on_action.call(Action::Back), Icon { d: icons::BACK } }
                    if paused {
                        button { class: "control main", "aria-label": "Resume", onclick: move |_| on_action.call(Action::Resume), Icon { d: icons::PLAY } }
                    } else {
                        button { class: "control main", "aria-label": "Pause", onclick: move |_| on_action.call(Action::Pause), Icon { d: icons::PAUSE } }
                    }
                    button { class: "control", "aria-label": "Skip", onclick: move |_| on_action.call(Action::Skip), Icon { d: icons::SKIP } }
                }
            }
            div { class: "sr-only", "aria-live": "assertive", "{announcement}" }
            if locked() { LockOverlay { on_unlock: move |_| locked.set(false) } }
            if confirm_end() {
                ConfirmDialog {
                    title: "End this session?",
                    body: "What you did so far is saved to your journal.",
                    cancel_label: "Keep going",
                    confirm_label: "End session",
                    on_cancel: move |_| confirm_end.set(false),
                    on_confirm: move |_| { confirm_end.set(false); on_action.call(Action::End); },
                }
            }
        }
    }
}

/// The end of a session: what actually ran (skipped time does not count), what was skipped, and the way to
/// the note.
#[component]
fn DoneScreen(session: Session, now: Mono, record_id: Option<String>) -> Element {
    let plan = session.plan();
    let finished = session.phase() == Phase::Finished;
    let report = session.report(now);
    let worked = (report.worked_ms + 500) / 1000;
    let skipped: Vec<&str> = report.skipped_steps().into_iter().map(|i| plan.steps[i].title.as_str()).collect();
    let percent = (report.completed * 100.0).round();
    // Both ways out replace the session in the history rather than add to it: Back (a phone's button, the
    // browser's) must not return to a finished session's address, which opens the player again.
    let nav = use_navigator();
    // With the session's id when it was saved, so the note is tied to it.
    let log_route = match record_id {
        Some(session_id) => Route::LogAfterSession { session_id },
        None => Route::LogNote {},
    };
    rsx! {
        div { class: "player done", "data-theme": "dark",
            main { class: "done-screen",
                p { class: "done-mark", Icon { d: if finished { icons::CHECK } else { icons::STOP } } }
                h1 { if finished { "Done" } else { "Session ended" } }
                div { role: "status",
                    p { class: "lead", "{plan.routine_name}: {format_duration(worked)} of massage." }
                    p { class: "meta", "{percent}% of the routine done" }
                    if report.held_ms > 0 {
                        p { class: "meta", "Including {format_duration(report.held_ms / 1000)} held on tender spots." }
                    }
                    if !skipped.is_empty() {
                        p { class: "skipped", "Skipped: {skipped.join(\", \")}." }
                    }
                }
                p { "How do you feel? A quick note now makes the trend useful later." }
                Link {
                    class: "btn primary big wide",
                    to: log_route.clone(),
                    onclick_only: true,
                    onclick: move |_| { nav.replace(log_route.clone()); },
                    "Log how you feel"
                }
                Link {
                    class: "btn secondary wide",
                    to: Route::Home {},
                    onclick_only: true,
                    onclick: move |_| { nav.replace(Route::Home {}); },
                    "Back to home"
                }
            }
        }
    }
}

fn segment_kind_name(kind: SegmentKind) -> &'static str {
    match kind {
        SegmentKind::GetReady => "get-ready",
        SegmentKind::Work { .. } => "work",
        SegmentKind::Switch { .. } => "switch",
        SegmentKind::Rest { .. } => "rest",
    }
}

/// Covers the player so a pocket or a knee cannot press anything; a long press on the handle unlocks.
#[component]
fn LockOverlay(on_unlock: EventHandler<()>) -> Element {
    let mut holding = use_signal(|| 0u64);
    let mut press = move || {
        let seq = holding() + 1;
        holding.set(seq);
        spawn(async move {
            crate::platform::sleep_until(crate::platform::now().plus(UNLOCK_HOLD_MS)).await;
            if holding() == seq {
                holding.set(0);
                on_unlock.call(());
            }
        });
    };
    let mut release = move || {
        if holding() != 0 {
            holding.set(0);
        }
    };
    rsx! {
        // Not a modal dialog: the countdown under it must stay readable, to eyes and to screen readers.
        div { class: "lock-overlay", role: "region", "aria-label": "Screen locked",
            p { class: "lock-label", "Screen locked" }
            button {
                class: if holding() != 0 { "unlock holding" } else { "unlock" },
                "aria-label": "Hold to unlock",
                onpointerdown: move |_| press(),
                onpointerup: move |_| release(),
                onpointerleave: move |_| release(),
                onpointercancel: move |_| release(),
                onkeydown: move |e| if e.key() == Key::Enter || e.key() == Key::Character(" ".into()) { on_unlock.call(()) },
                "Hold to unlock"
            }
        }
    }
}
