//! Small pieces shared by several screens.

use dioxus::prelude::*;

use super::{library, AppState, Route};
use crate::content::SafetySection;
use crate::session::{Scale, SessionSettings};
use crate::journal::split_details;

/// The message with its first letter in capitals (messages are sometimes built from lower-case parts).
pub fn sentence(text: &str) -> String {
    crate::text::uppercase_first(text)
}

/// A message in plain words, with any technical detail (after `journal::DETAILS_MARK`) behind "Details".
#[component]
pub fn Message(text: String) -> Element {
    let (plain, detail) = split_details(&text);
    rsx! {
        p { class: "message", "{sentence(plain)}" }
        if let Some(detail) = detail {
            details { class: "message-details",
                summary { "Details" }
                p { class: "detail", "{detail}" }
            }
        }
    }
}

/// Focuses the element `id` once the next frame is drawn (after the render that made it): where focus goes when
/// the control that had it is gone, or to problems just shown.
pub fn focus_next_frame(id: &str) {
    let _ = document::eval(&format!("requestAnimationFrame(() => document.getElementById({id:?})?.focus())"));
}

/// The one message the user must see (a damaged journal set aside, a journal that cannot be opened, a session
/// that could not be saved): first on the page and in view, above the first-start safety notes too.
#[component]
pub fn NoticeBox() -> Element {
    let state = use_context::<AppState>();
    let text = state.notice.read().clone();
    // In view when it appears, also after the safety dialog (which may have left the page scrolled), and
    // focused so a screen reader reads it. (Hooks run on every render, so this comes before any return.)
    let shown = text.is_some();
    use_effect(use_reactive!(|shown| {
        if shown {
            let _ = document::eval(
                "requestAnimationFrame(() => { window.scrollTo(0, 0); const n = document.getElementById('notice'); if (n) n.focus({ preventScroll: true }); })",
            );
        }
    }));
    let Some(text) = text else { return rsx! {} };
    rsx! {
        div { class: "notice", id: "notice", role: "alert", tabindex: "-1",
            div { class: "notice-body", Message { text } }
            button {
                class: "btn secondary",
                "aria-label": "Dismiss this message",
                onclick: { let mut notice = state.notice; move |_| notice.set(None) },
                "OK"
            }
        }
    }
}

/// "4 min 30 s", "45 s", "16 min".
pub fn format_duration(secs: u64) -> String {
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// A screen's title with a way back to its parent screen.
#[component]
pub fn PageHeader(title: String, back: Option<Route>, back_label: Option<String>) -> Element {
    rsx! {
        header { class: "page-header",
            if let Some(to) = back {
                Link { to, class: "back", "aria-label": back_label.clone().unwrap_or_else(|| "Back".into()),
                    span { "aria-hidden": "true", "‹ " }
                    "{back_label.clone().unwrap_or_else(|| \"Back\".into())}"
                }
            }
            h1 { "{title}" }
        }
    }
}

/// A toggle chip for filters: a real button with `aria-pressed`.
#[component]
pub fn Chip(label: String, pressed: bool, onclick: EventHandler<MouseEvent>) -> Element {
    rsx! {
        button {
            class: if pressed { "chip on" } else { "chip" },
            "aria-pressed": if pressed { "true" } else { "false" },
            onclick: move |e| onclick.call(e),
            "{label}"
        }
    }
}

/// Quick / Standard / Thorough, chosen where the runner starts a routine. The choice is saved as the
/// session settings' length (so it is remembered, and Settings shows the same default).
#[component]
pub fn LengthChooser() -> Element {
    let state = use_context::<AppState>();
    let settings = *state.settings.read();
    rsx! {
        div { class: "chip-row length", role: "group", "aria-label": "Length",
            for scale in Scale::ALL {
                Chip {
                    label: scale.label(),
                    pressed: settings.scale == scale,
                    onclick: {
                        let state = state.clone();
                        move |_| state.save_settings(SessionSettings { scale, ..settings })
                    },
                }
            }
        }
    }
}

/// A number with large − and + buttons.
#[component]
pub fn Stepper(label: String, value: u32, min: u32, max: u32, step: u32, unit: String, onchange: EventHandler<u32>) -> Element {
    rsx! {
        div { class: "stepper", role: "group", "aria-label": "{label}",
            span { class: "stepper-label", "{label}" }
            button {
                class: "round",
                "aria-label": "Less {label}",
                disabled: value <= min,
                onclick: move |_| onchange.call(value.saturating_sub(step).max(min)),
                "−"
            }
            output { class: "stepper-value", "aria-live": "polite", "{value} {unit}" }
            button {
                class: "round",
                "aria-label": "More {label}",
                disabled: value >= max,
                onclick: move |_| onchange.call((value + step).min(max)),
                "+"
            }
        }
    }
}

/// A safety section as a titled list.
#[component]
pub fn SafetyBlock(section: SafetySection) -> Element {
    rsx! {
        section { class: "card safety", "aria-labelledby": "safety-{section.id}",
            h2 { id: "safety-{section.id}", "{section.title}" }
            ul {
                for item in section.items.iter() {
                    li { "{item}" }
                }
            }
        }
    }
}

/// Shown on first start, whatever address the app opens at, until the safety notes are acknowledged
/// (remembered in the journal, or beside it when the journal cannot be written). Any notice comes first in it.
#[component]
pub fn SafetyGate() -> Element {
    let state = use_context::<AppState>();
    let lib = library();
    rsx! {
        div { class: "modal-backdrop",
            div { class: "modal", role: "dialog", "aria-modal": "true", "aria-labelledby": "safety-title",
                NoticeBox {}
                h1 { id: "safety-title", "Before you start" }
                p { class: "lead",
                    "Self-massage is safe for most runners, but not always. Please read these once; they are also in Library › Safety."
                }
                for section in lib.safety.all().iter().filter(|s| s.areas.is_empty()) {
                    SafetyBlock { section: section.clone() }
                }
                button {
                    class: "btn primary wide",
                    onclick: move |_| state.acknowledge_safety(),
                    "I understand"
                }
            }
        }
    }
}

/// The field's problems, in words, next to it; `id` is what the field's `aria-describedby` points to.
#[component]
pub fn FieldError(id: String, problems: Vec<String>) -> Element {
    if problems.is_empty() {
        return rsx! {};
    }
    rsx! {
        p { class: "field-error", id: "{id}",
            for p in problems { span { "{sentence(&p)}. " } }
        }
    }
}

/// A confirmation for something that cannot be taken back: a dialog with a safe and a destructive choice.
/// Focus moves to the safe choice when it opens and goes back to what had it (the button that opened it)
/// when it closes; Escape is the safe choice; Tab stays inside while it is open.
#[component]
pub fn ConfirmDialog(
    title: String,
    body: String,
    cancel_label: String,
    confirm_label: String,
    on_cancel: EventHandler<()>,
    on_confirm: EventHandler<()>,
) -> Element {
    use_hook(|| {
        let _ = document::eval(
            "window.__unknotFocusReturn = document.activeElement; \
             requestAnimationFrame(() => document.getElementById('confirm-cancel')?.focus());",
        );
    });
    let close = |then: EventHandler<()>| {
        move |_: ()| {
            // Before the dialog goes: the element to go back to is still where it was.
            let _ = document::eval(
                "const el = window.__unknotFocusReturn; window.__unknotFocusReturn = null; \
                 requestAnimationFrame(() => { if (el && el.isConnected) el.focus(); });",
            );
            then.call(());
        }
    };
    let cancel = close(on_cancel);
    let confirm = close(on_confirm);
    rsx! {
        div { class: "modal-backdrop",
            div { class: "modal", role: "alertdialog", "aria-modal": "true", "aria-labelledby": "confirm-title",
                "aria-describedby": "confirm-body",
                onkeydown: move |e: KeyboardEvent| {
                    if e.key() == Key::Escape {
                        cancel(());
                    } else if e.key() == Key::Tab {
                        // Two buttons: Tab and Shift+Tab alternate between them and never leave the dialog.
                        e.prevent_default();
                        let _ = document::eval(
                            "const ids = ['confirm-cancel', 'confirm-ok']; \
                             const next = document.activeElement?.id === ids[0] ? ids[1] : ids[0]; \
                             document.getElementById(next)?.focus();",
                        );
                    }
                },
                h2 { id: "confirm-title", "{title}" }
                p { id: "confirm-body", "{body}" }
                div { class: "actions",
                    button { id: "confirm-cancel", class: "btn secondary", onclick: move |_| cancel(()), "{cancel_label}" }
                    button { id: "confirm-ok", class: "btn danger", onclick: move |_| confirm(()), "{confirm_label}" }
                }
            }
        }
    }
}

/// The line drawing of a step's body position on its tool (`content/positions/<id>.svg`), drawn in the text
/// colour. It sits next to the step's words, which say the same: one short label for a screen reader
/// ("Position: sitting with the roller under one calf…"), the SVG inside it hidden. Nothing for a step
/// without a drawing (a routine saved before drawings existed).
#[component]
pub fn PositionDrawing(position: Option<String>, class: String) -> Element {
    let lib = library();
    let Some(p) = position.as_deref().and_then(|id| lib.positions.get(id)) else { return rsx! {} };
    let label = format!("Position: {}", crate::text::lowercase_first(&p.title));
    // The file's own <title> would show as a tooltip and be read twice: the wrapper carries the label.
    let svg = p.svg.replacen("<svg ", "<svg aria-hidden=\"true\" focusable=\"false\" ", 1);
    rsx! {
        div { class: "position {class}", "data-position": "{p.id}", role: "img", "aria-label": "{label}", dangerous_inner_html: "{svg}" }
    }
}
