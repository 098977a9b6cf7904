use dioxus::prelude::*;

use crate::session::{Mono, Phase, Plan, Screen, SegmentKind, Session, Side};
use crate::ui::components::{format_duration, ConfirmDialog};
use crate::ui::runner::{Runner, ShownCue};
use crate::ui::{library, AppState, Route};

/// Long-press this long on the lock screen to unlock.
const UNLOCK_HOLD_MS: u64 = 800;

/// The guided session: starts on arrival (the Start tap that led here unlocked audio), runs by itself.
#[component]
pub fn Player(id: String) -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    let Some(routine) = lib.routines.get(&id) else {
        return rsx! { div { class: "app", main { class: "screen", h1 { "Routine not found" } Link { to: Route::Routines {}, class: "btn primary", "Routines" } } } };
    };
    let runner = use_hook(|| {
        let plan = Plan::build(routine, &state.settings.read());
        let runner = Runner::new(plan, state.clone());
        runner.start();
        runner
    });
    use_drop(move || runner.dispose());
    // Coming back from the background (web and webviews fire visibilitychange): land on the right second.
    // The script removes its listener and ends when told the player is gone, so nothing outlives a session.
    let watch = use_hook(move || {
        let mut watch = document::eval(
            "const wake = () => { if (document.visibilityState === 'visible') dioxus.send(1); };
             document.addEventListener('visibilitychange', wake);
             await dioxus.recv();
             document.removeEventListener('visibilitychange', wake);",
        );
        spawn(async move {
            while watch.recv::<i32>().await.is_ok() {
                runner.resync();
            }
        });
        watch
    });
    use_drop(move || {
        let _ = watch.send(());
    });
    crate::platform::use_app_resumed(move || runner.resync());

    rsx! {
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
            },
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
}

/// The player's screen for one snapshot of a session: a pure function of its props, so every kind of
/// segment can be rendered in tests without a clock.
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
    let plan = session.plan();
    // The full-screen flash, with its word (from the cue table), when the flash channel is on.
    let flash = shown.filter(|c| c.flash).and_then(|c| match c.kind.spec().screen {
        Screen::Flash { word } => Some((c, word)),
        Screen::Pulse | Screen::Still => None,
    });
    let flash_layer = rsx! {
        if let Some((cue, word)) = flash {
            div { key: "{cue.seq}", class: "flash flash-{cue.kind.name()}", "aria-hidden": "true",
                if let Some(word) = word { span { "{word}" } }
            }
        }
    };

    if matches!(view.phase, Phase::Finished | Phase::Ended) {
        let finished = view.phase == Phase::Finished;
        let worked = (session.completed_fraction(now) * plan.work_ms as f64 / 1000.0).round() as u64;
        let record = record_id.clone();
        return rsx! {
            div { class: "player done", "data-theme": "dark",
                main { class: "done-screen", role: "status",
                    p { class: "done-mark", "aria-hidden": "true", if finished { "✓" } else { "■" } }
                    h1 { if finished { "Done" } else { "Session ended" } }
                    p { class: "lead", "{plan.routine_name}: {format_duration(worked)} of massage." }
                    p { "How do your legs feel? A quick note now makes the trend useful later." }
                    if let Some(session_id) = record {
                        Link { class: "btn primary big wide", to: Route::LogAfterSession { session_id }, "Log how you feel" }
                    } else {
                        Link { class: "btn primary big wide", to: Route::LogNote {}, "Log how you feel" }
                    }
                    Link { class: "btn secondary wide", to: Route::Home {}, "Back to home" }
                }
                // The done cue's flash fades over the done screen.
                {flash_layer}
            }
        };
    }

    let step = &plan.steps[view.step];
    let (heading, side_label) = match view.kind {
        SegmentKind::GetReady => ("Get ready".to_string(), format!("First: {}", step.title)),
        SegmentKind::Rest { .. } => ("Rest".to_string(), format!("Next: {}", step.title)),
        SegmentKind::Switch { .. } => ("Switch sides".to_string(), "Change legs now".to_string()),
        SegmentKind::Work { side, .. } => (step.title.clone(), side.label().to_string()),
    };
    let instruction = match view.kind {
        SegmentKind::Work { .. } => step.instruction.clone(),
        SegmentKind::Switch { .. } => "Move the roller or ball to the other leg and settle in.".to_string(),
        _ => format!("Get into position for {}: {}", step.title.to_lowercase(), step.instruction),
    };
    let next_up = view.next_up.map(|k| match k {
        SegmentKind::Work { step: i, side } if i == view.step && side == Side::Right => "Right side".to_string(),
        SegmentKind::Work { step: i, side } => {
            let s = &plan.steps[i];
            if side == Side::Both { s.title.clone() } else { format!("{} ({})", s.title, side.label().to_lowercase()) }
        }
        _ => String::new(),
    });
        let countdown = if view.remaining_secs >= 60 {
        format!("{}:{:02}", view.remaining_secs / 60, view.remaining_secs % 60)
    } else {
        view.remaining_secs.to_string()
    };
    let pulse = match shown {
        Some(c) if c.kind.spec().screen == Screen::Pulse => format!("pulse-{}", c.seq % 2),
        _ => String::new(),
    };
    let paused = view.phase == Phase::Paused;
    let area = lib.area_name(&step.area).to_string();

    rsx! {
        div { class: "player", "data-theme": "dark", "data-segment": segment_kind_name(view.kind),
            header { class: "player-top",
                button { class: "btn ghost", "aria-label": "End session", onclick: move |_| confirm_end.set(true), "End" }
                span { class: "player-title", "{plan.routine_name}" }
                button { class: "btn ghost", "aria-label": "Lock the screen against touches", onclick: move |_| locked.set(true), "Lock" }
            }
            main { class: "player-main",
                p { class: "segment-label", "{heading}" }
                p { class: "segment-sub", if matches!(view.kind, SegmentKind::Work { .. }) { "{area} · {side_label}" } else { "{side_label}" } }
                div { class: "countdown {pulse}", role: "timer", "aria-label": "{view.remaining_secs} seconds left", "{countdown}" }
                if paused { p { class: "paused-badge", "Paused" } }
                p { class: "instruction", "{instruction}" }
                if let SegmentKind::Work { .. } = view.kind {
                    p { class: "tempo", "{step.tempo}" }
                }
                div { class: "progress",
                    p { class: "progress-text", "Step {view.step + 1} of {view.step_count} · {format_duration(view.total_remaining_secs())} left" }
                    div { class: "bar", role: "progressbar", "aria-label": "Session progress",
                        "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "{(view.progress() * 100.0).round()}",
                        div { class: "bar-fill", style: "width: {view.progress() * 100.0:.1}%" }
                    }
                }
                if let Some(next) = next_up.filter(|n| !n.is_empty()) {
                    p { class: "next-up", span { class: "meta", "Next up: " } "{next}" }
                }
            }
            footer { class: "player-controls",
                button { class: "control", "aria-label": "Back", onclick: move |_| on_action.call(Action::Back), Icon { d: "M6 5h2v14H6zM20 5v14L9 12z" } }
                if paused {
                    button { class: "control main", "aria-label": "Resume", onclick: move |_| on_action.call(Action::Resume), Icon { d: "M7 4v16l13-8z" } }
                } else {
                    button { class: "control main", "aria-label": "Pause", onclick: move |_| on_action.call(Action::Pause), Icon { d: "M6 4h4v16H6zM14 4h4v16h-4z" } }
                }
                button { class: "control", "aria-label": "Skip", onclick: move |_| on_action.call(Action::Skip), Icon { d: "M16 5h2v14h-2zM4 5v14l11-7z" } }
            }
            div { class: "sr-only", "aria-live": "assertive", "{announcement}" }
            {flash_layer}
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
        div { class: "lock-overlay", role: "dialog", "aria-modal": "true", "aria-label": "Screen locked",
            p { "Screen locked" }
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

/// A control glyph drawn as SVG, so it looks the same whatever fonts the device has.
#[component]
fn Icon(d: &'static str) -> Element {
    rsx! {
        svg { class: "icon", view_box: "0 0 24 24", "aria-hidden": "true", path { d } }
    }
}
