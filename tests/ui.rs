//! UI tests without a window: each screen rendered with dioxus-ssr on a VirtualDom holding test state (an
//! in-memory journal), and simulated taps for the routine filters.

use std::any::Any;
use std::rc::Rc;

use chrono::DateTime;
use dioxus::prelude::*;
use dioxus_core::{ElementId, Mutation, NoOpMutations, ScopeId, VirtualDom};
use dioxus_history::{History, MemoryHistory};
use unknot::content::Library;
use unknot::journal::{keys, Journal, Note};
use unknot::platform::JournalBoot;
use unknot::session::{Mono, Plan, Session, SessionSettings, Side};
use unknot::ui::runner::ShownCue;
use unknot::ui::views::SessionScreen;
use unknot::ui::{icons, App, AppState};

struct Harness {
    dom: VirtualDom,
}

/// The whole app at `path`, evening (19:00), with a journal prepared by `setup`.
fn app_at(path: &str, safety_seen: bool, setup: impl FnOnce(&mut Journal)) -> Harness {
    let mut journal = Journal::open_in_memory().unwrap();
    if safety_seen {
        journal.set_setting(keys::SAFETY_ACKNOWLEDGED, "1").unwrap();
    }
    setup(&mut journal);
    let dom = VirtualDom::new(App);
    let boot = JournalBoot { journal: Some(journal), notice: None, location: "memory".into(), safety_marker: unknot::platform::SafetyMarker::None };
    let evening = DateTime::parse_from_rfc3339("2026-11-20T19:00:00+01:00").unwrap();
    let state = dom.in_scope(ScopeId::ROOT, || AppState::new(boot, evening));
    dom.provide_root_context(state);
    dom.provide_root_context(Rc::new(MemoryHistory::with_initial_path(path)) as Rc<dyn History>);
    Harness { dom }
}

impl Harness {
    fn html(&mut self) -> String {
        self.dom.rebuild_in_place();
        dioxus_ssr::render(&self.dom)
    }
}

fn render(path: &str) -> String {
    app_at(path, true, |_| {}).html()
}

/// Text as dioxus-ssr escapes it.
fn esc(s: &str) -> String {
    s.replace('&', "&#38;").replace('<', "&#60;").replace('>', "&#62;").replace('\'', "&#39;").replace('"', "&#34;")
}

fn lib() -> Library {
    Library::bundled().unwrap()
}

fn note(id: &str, day: u32, calves: u8, text: &str) -> Note {
    let at = DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T18:30:00+01:00")).unwrap();
    Note {
        id: id.into(),
        created_at: at,
        updated_at: at,
        session_id: None,
        feel: 4,
        rpe: Some(6),
        text: text.into(),
        soreness: [("calves".to_string(), calves)].into_iter().collect(),
    }
}

#[test]
fn first_start_shows_the_safety_notes_until_acknowledged() {
    let html = app_at("/", false, |_| {}).html();
    assert!(html.contains("Before you start"), "{html}");
    assert!(html.contains("I understand"));
    let html = app_at("/", true, |_| {}).html();
    assert!(!html.contains("Before you start"));
}

/// A first visit in a browser: the safety notes are drawn before the journal is open; an acknowledgement
/// given in that moment waits for the journal ("Opening your journal…", never a journal screen without it)
/// and is kept in the journal once it is attached.
#[test]
fn the_safety_notes_come_first_while_the_journal_opens_and_the_acknowledgement_reaches_it() {
    let dom = VirtualDom::new(App);
    let evening = DateTime::parse_from_rfc3339("2026-11-20T19:00:00+01:00").unwrap();
    let state = dom.in_scope(ScopeId::ROOT, || AppState::opening(unknot::platform::SafetyMarker::None, evening));
    dom.provide_root_context(state.clone());
    dom.provide_root_context(Rc::new(MemoryHistory::with_initial_path("/")) as Rc<dyn History>);
    let mut h = Harness { dom };
    let html = h.html();
    assert!(html.contains("Before you start") && html.contains("I understand"), "{html}");
    assert!(!state.journal_ready());

    let understood = *click_targets(&mut h).last().expect("the I understand button");
    let html = click(&mut h, understood);
    assert!(html.contains("Opening your journal"), "{html}");
    assert!(!html.contains("Before you start") && !html.contains("Log how you feel"), "{html}");

    let boot = JournalBoot {
        journal: Some(Journal::open_in_memory().unwrap()),
        notice: None,
        location: "memory".into(),
        safety_marker: unknot::platform::SafetyMarker::None,
    };
    h.dom.in_scope(ScopeId::ROOT, || state.attach(boot));
    h.dom.render_immediate(&mut NoOpMutations);
    let html = dioxus_ssr::render(&h.dom);
    assert!(state.journal_ready());
    assert!(!html.contains("Opening your journal") && !html.contains("Before you start"), "{html}");
    assert!(html.contains("Unknot"), "{html}");
    assert_eq!(state.read(|j| j.setting(keys::SAFETY_ACKNOWLEDGED)).unwrap().as_deref(), Some("1"));
}

/// The same on a first visit where the acknowledgement had to go to the fallback marker while the journal was
/// opening (the web page's own "I understand", tapped before the app had loaded, takes this path): once the
/// journal is there, it holds the acknowledgement too, not only the marker.
#[test]
fn an_acknowledgement_kept_by_the_marker_while_the_journal_opened_reaches_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let marker = unknot::platform::SafetyMarker::File(dir.path().join("safety-acknowledged"));
    let dom = VirtualDom::new(App);
    let evening = DateTime::parse_from_rfc3339("2026-11-20T19:00:00+01:00").unwrap();
    let state = dom.in_scope(ScopeId::ROOT, || AppState::opening(marker.clone(), evening));
    dom.provide_root_context(state.clone());
    dom.provide_root_context(Rc::new(MemoryHistory::with_initial_path("/")) as Rc<dyn History>);
    let mut h = Harness { dom };
    h.html();
    let understood = *click_targets(&mut h).last().expect("the I understand button");
    click(&mut h, understood);
    assert!(marker.is_set(), "with no journal yet, the marker keeps the acknowledgement");

    let boot = JournalBoot { journal: Some(Journal::open_in_memory().unwrap()), notice: None, location: "memory".into(), safety_marker: marker };
    h.dom.in_scope(ScopeId::ROOT, || state.attach(boot));
    h.dom.render_immediate(&mut NoOpMutations);
    assert!(state.safety_acknowledged());
    assert_eq!(state.read(|j| j.setting(keys::SAFETY_ACKNOWLEDGED)).unwrap().as_deref(), Some("1"));
}

#[test]
fn home_suggests_a_post_run_routine_in_the_evening_and_lists_areas() {
    let html = render("/");
    assert!(html.contains("Suggested now"));
    let lib = lib();
    let suggested = unknot::content::suggest(&lib, 19, &[]).unwrap().routine;
    assert!(html.contains(&esc(&suggested.name)), "suggestion {} missing", suggested.name);
    // After a run with nothing logged, the calves and feet come first (the seed article's order).
    assert_eq!(suggested.areas[..2], ["calves".to_string(), "feet".to_string()]);
    for area in lib.areas.all() {
        assert!(html.contains(&esc(&area.name)), "area {} missing", area.name);
    }
    // Tab bar with five labelled tabs, each icon drawn (an SVG hidden from screen readers), not a character
    // that some phones would take from an emoji font: the bar's text is the five labels and nothing else.
    let start = html.find(r#"<nav class="tabbar""#).expect("tab bar");
    let bar = &html[start..start + html[start..].find("</nav>").unwrap()];
    let mut text = String::new();
    let mut in_tag = false;
    for c in bar.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    assert_eq!(text, "HomeRoutinesLibraryJournalSettings", "{bar}");
    assert_eq!(bar.matches(r#"<svg class="icon" viewBox="0 0 24 24" aria-hidden="true""#).count(), 5, "{bar}");
}

#[test]
fn home_follows_the_latest_soreness() {
    let html = app_at("/", true, |j| {
        let mut n = note("n1", 19, 0, "");
        n.soreness.insert("quads".into(), 8);
        j.save_note(&n).unwrap();
    })
    .html();
    // The suggestion says why, in words the runner can check against the note (logged the day before).
    assert!(html.contains("Quads 8/10 in yesterday&#39;s note."), "{html}");
    // The body map draws it: a number on the quads and the list's words.
    assert!(html.contains(r#"data-area="quads""#) && html.contains("Quads 8/10, strong this week. Show routines"), "{html}");
}

#[test]
fn every_body_area_is_on_the_map_and_in_the_list() {
    let html = render("/");
    for area in lib().areas.all() {
        assert!(html.contains(&format!(r#"data-area="{}""#, area.id)), "{} missing from the map", area.id);
        assert!(html.contains(&esc(&format!("{}, not logged this week. Show routines", area.name))), "{} missing from the list", area.name);
    }
}

#[test]
fn log_run_and_area_trend_render() {
    let html = app_at("/journal/runs/new", true, |_| {}).html();
    for text in ["Log a run", "Import a run file (GPX or FIT)", "Easy", "Long", "Workout", "Race", "Save run"] {
        assert!(html.contains(text), "{text} missing");
    }
    let html = app_at("/journal/areas/calves", true, |j| {
        let mut n = note("n1", 19, 0, "");
        n.soreness.insert("calves".into(), 6);
        j.save_note(&n).unwrap();
    })
    .html();
    assert!(html.contains("Soreness beside weekly distance") && html.contains("6/10"), "{html}");
}

#[test]
fn load_overview_shows_the_distance_row_and_a_row_per_logged_area() {
    use unknot::journal::{Run, RunKind};
    let html = app_at("/journal/load", true, |j| {
        // Calves 6 on Thursday the 19th, quads 3 on the 10th; hamstrings only in June (no reading in these weeks).
        j.save_note(&note("n1", 19, 6, "")).unwrap();
        let mut n = note("n2", 10, 0, "");
        n.soreness = [("quads".to_string(), 3)].into_iter().collect();
        j.save_note(&n).unwrap();
        let mut n = note("n3", 1, 0, "");
        n.created_at = DateTime::parse_from_rfc3339("2026-06-01T08:00:00+02:00").unwrap();
        n.updated_at = n.created_at;
        n.soreness = [("hamstrings".to_string(), 5)].into_iter().collect();
        j.save_note(&n).unwrap();
        for (id, day, km) in [("r1", 17, 8.0), ("r2", 19, 12.5), ("r3", 3, 21.1)] {
            let at = DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T07:00:00+01:00")).unwrap();
            let run = Run { id: id.into(), started_at: at, kind: RunKind::Easy, distance_m: (km * 1000.0) as u32, duration_secs: 3000, effort: None, note: String::new(), source: None };
            j.save_run(&run).unwrap();
        }
    })
    .html();
    // The chooser, 8 weeks by default.
    for (label, pressed) in [("4 weeks", false), ("8 weeks", true), ("12 weeks", false)] {
        assert!(html.contains(&format!("aria-pressed=\"{pressed}\">{label}</button>")), "{label} not aria-pressed={pressed}: {html}");
    }
    // The distance row on top, with its numbers (20.5 km this week, 21.1 km the week of 2 November).
    assert!(html.contains("Distance, km") && html.contains("Runs"), "{html}");
    assert!(html.contains(">21</span>") && html.contains(">20</span>"), "{html}");
    // One row per area with readings, in every block, aligned to the same weeks; the screen-reader table too.
    assert!(html.contains(">Calves</p>") && html.contains(">Quads</p>"), "{html}");
    assert!(!html.contains(">Hamstrings</p>"), "{html}");
    assert!(html.contains("No soreness logged in these weeks for: Hamstrings."), "{html}");
    assert!(html.contains("Calves soreness</th>") && html.contains("6 out of 10") && html.contains("3 out of 10"), "{html}");
    assert!(html.contains("<td>20.5 km</td>") && html.contains("<td>21.1 km</td>") && html.contains("<td>0.0 km</td>"), "{html}");
    assert_eq!(html.matches("<tr").count(), 1 + 8, "a header and a row per week: {html}");
    // Linked from the Journal tab and from one area's page.
    assert!(render("/journal").contains("Soreness and training load"));
    assert!(render("/journal/areas/calves").contains("All areas beside your training load"));
    // An empty journal says what to do.
    let html = render("/journal/load");
    assert!(html.contains("No runs in these weeks.") && html.contains("No soreness logged yet."), "{html}");
}

#[test]
fn library_lists_everything_and_each_detail_page_renders() {
    let lib = lib();
    let html = render("/library");
    for b in lib.benefits.all() {
        assert!(html.contains(&b.title), "benefit {} missing", b.title);
        let page = render(&format!("/library/benefits/{}", b.id));
        assert!(page.contains("What the evidence says"));
        assert!(page.contains(&esc(&b.evidence)), "{} evidence missing", b.id);
    }
    for t in lib.techniques.all() {
        assert!(html.contains(&t.name));
        let page = render(&format!("/library/techniques/{}", t.id));
        for heading in ["What it is", "How it feels", "Why runners use it", "Where on a runner", "Cautions"] {
            assert!(page.contains(heading), "{} page lacks {heading}", t.id);
        }
    }
    for m in lib.methods.all() {
        let page = render(&format!("/library/methods/{}", m.id));
        assert!(page.contains("Pressure") && page.contains("Pace") && page.contains("Guided routines"));
    }
    let safety = render("/library/safety");
    for s in lib.safety.all() {
        assert!(safety.contains(&s.title), "safety {} missing", s.title);
    }
}

#[test]
fn petrissage_page_says_what_it_is() {
    let lib = lib();
    let t = lib.techniques.get("petrissage").unwrap();
    let page = render("/library/techniques/petrissage");
    assert!(page.contains("<h1>Petrissage</h1>"), "{page}");
    assert!(page.contains(&t.what[..30]));
}

#[test]
fn every_routine_is_listed_and_its_page_shows_steps_time_needs_and_cautions() {
    let lib = lib();
    let list = render("/routines");
    for r in lib.routines.all() {
        assert!(list.contains(&esc(&r.name)), "routine {} missing from the list", r.name);
        let page = render(&format!("/routines/{}", r.id));
        assert!(page.contains("What you need") && page.contains("Steps") && page.contains("Start"));
        let total = Plan::build(r, &SessionSettings::default()).total_ms / 1000;
        assert!(page.contains(&format!("Total {}", unknot_duration(total))), "{} total missing", r.id);
        for s in &r.steps {
            assert!(page.contains(&esc(&s.title)), "step {} missing", s.title);
        }
    }
    let calves = render("/routines/calves-roller");
    assert!(calves.contains("calf") && calves.contains("Cautions"));
    let clot = lib.safety.get("calf-clot-warning").unwrap();
    assert!(calves.contains(&clot.title), "calf routine lacks the clot warning");
}

fn unknot_duration(secs: u64) -> String {
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// Every element with a click listener, from a fresh render.
fn click_targets(h: &mut Harness) -> Vec<ElementId> {
    h.dom
        .rebuild_to_vec()
        .edits
        .into_iter()
        .filter_map(|m| match m {
            Mutation::NewEventListener { name, id } if name == "click" => Some(id),
            _ => None,
        })
        .collect()
}

fn click(h: &mut Harness, id: ElementId) -> String {
    // Set here, not only by some other test: a test run on its own must not depend on the order tests run in.
    dioxus::html::set_event_converter(Box::new(dioxus::html::SerializedHtmlEventConverter));
    let event = Event::new(
        Rc::new(PlatformEventData::new(Box::<SerializedMouseData>::default())) as Rc<dyn Any>,
        true,
    );
    h.dom.runtime().handle_event("click", event, id);
    h.dom.process_events();
    h.dom.render_immediate(&mut NoOpMutations);
    dioxus_ssr::render(&h.dom)
}

/// The app at `path` after the one tap that makes it show what `shown` looks for (each element with a click
/// listener is tried on a fresh copy of the app), and what it shows then.
fn tap_until(path: &str, setup: impl Fn(&mut Journal), shown: impl Fn(&str) -> bool) -> Option<(Harness, String)> {
    let count = click_targets(&mut app_at(path, true, &setup)).len();
    (0..count).find_map(|i| {
        let mut h = app_at(path, true, &setup);
        let id = click_targets(&mut h)[i];
        let html = click(&mut h, id);
        shown(&html).then_some((h, html))
    })
}

/// The app at `path` (a routine's page, a session's address) after the tap on its Start button, and what it
/// shows then. The session's timers are tokio's on this platform: call it inside a runtime.
fn tap_start(path: &str, setup: impl Fn(&mut Journal)) -> (Harness, String) {
    tap_until(path, setup, |html| html.contains(r#"role="timer""#)).unwrap_or_else(|| panic!("no Start button on {path}"))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap()
}

#[test]
fn tapping_a_tool_filter_lists_only_that_tools_routines() {
    dioxus::html::set_event_converter(Box::new(dioxus::html::SerializedHtmlEventConverter));
    let lib = lib();
    let ball_names: Vec<&str> = lib.routines.all().iter().filter(|r| r.tool == "tennis-ball").map(|r| r.name.as_str()).collect();
    let other_names: Vec<&str> = lib.routines.all().iter().filter(|r| r.tool != "tennis-ball").map(|r| r.name.as_str()).collect();
    let count = click_targets(&mut app_at("/routines", true, |_| {})).len();
    let mut found = 0;
    for i in 0..count {
        let mut h = app_at("/routines", true, |_| {});
        let id = click_targets(&mut h)[i];
        let html = click(&mut h, id);
        if html.contains(r#"aria-pressed="true">Tennis ball</button>"#) {
            found += 1;
            for name in &ball_names {
                assert!(html.contains(&esc(name)), "{name} missing after filtering");
            }
            for name in &other_names {
                assert!(!html.contains(&format!(">{}</span>", esc(name))), "{name} still listed");
            }
            assert!(html.contains(&format!("{} routines", ball_names.len())));
        }
    }
    assert_eq!(found, 1, "exactly one button should select the tennis-ball filter");
}

#[test]
fn tapping_pre_run_filters_out_post_run_routines() {
    dioxus::html::set_event_converter(Box::new(dioxus::html::SerializedHtmlEventConverter));
    let lib = lib();
    let count = click_targets(&mut app_at("/routines", true, |_| {})).len();
    let mut found = false;
    for i in 0..count {
        let mut h = app_at("/routines", true, |_| {});
        let id = click_targets(&mut h)[i];
        let html = click(&mut h, id);
        if html.contains(r#"aria-pressed="true">Pre-run</button>"#) {
            found = true;
            for r in lib.routines.all() {
                let listed = html.contains(&format!(">{}</span>", esc(&r.name)));
                assert_eq!(listed, r.timing != unknot::content::Timing::PostRun, "{}", r.name);
            }
        }
    }
    assert!(found, "no button selected the pre-run filter");
}

#[test]
fn journal_shows_history_by_day_and_the_trend_chart() {
    let html = app_at("/journal", true, |j| {
        j.save_note(&note("a", 18, 6, "Tight after intervals")).unwrap();
        j.save_note(&note("b", 19, 3, "<script>alert('x')</script> 🦵 שלום")).unwrap();
    })
    .html();
    assert!(html.contains("Wednesday 18 November 2026") && html.contains("Thursday 19 November 2026"), "{html}");
    assert!(html.contains("Tight after intervals"));
    // Shown exactly as typed, escaped.
    assert!(html.contains(&esc("<script>alert('x')</script> 🦵 שלום")), "{html}");
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("<polyline"), "no trend line");
    assert!(html.contains("Sessions per week"));
}

#[test]
fn empty_journal_explains_itself() {
    let html = render("/journal");
    assert!(html.contains("No notes yet"));
    assert!(html.contains("Log soreness to see a trend"));
}

#[test]
fn note_detail_and_edit_render() {
    let setup = |j: &mut Journal| j.save_note(&note("n1", 19, 7, "Calves grumpy")).unwrap();
    let detail = app_at("/journal/notes/n1", true, setup).html();
    assert!(detail.contains("Calves grumpy") && detail.contains("7/10") && detail.contains("Delete") && detail.contains("Edit"));
    let edit = app_at("/journal/notes/n1/edit", true, setup).html();
    assert!(edit.contains("Save note") && edit.contains("Calves grumpy") && edit.contains(r#"value="7""#), "{edit}");
}

#[test]
fn log_form_after_a_session_lists_the_routines_areas() {
    let html = app_at("/journal/log/s1", true, |j| {
        let at = DateTime::parse_from_rfc3339("2026-11-20T18:00:00+01:00").unwrap();
        j.record_session(&unknot::journal::SessionRecord {
            id: "s1".into(),
            routine_id: "hamstrings-roller".into(),
            started_at: at,
            ended_at: at,
            completed: 1.0,
            worked_secs: None,
            held_secs: 0,
            skipped_steps: Vec::new(),
        })
        .unwrap();
    })
    .html();
    assert!(html.contains("How do you feel?"));
    assert!(html.contains("Hamstrings soreness, 0 to 10"), "{html}");
    assert!(html.contains("Overall feel") && html.contains("RPE") && html.contains("Save note"));
    // Each area's remove button is a drawn cross, not the character ✕.
    assert!(html.contains(&format!(r#"<path d="{}""#, icons::CROSS)) && !html.contains('✕'), "{html}");
}

#[test]
fn settings_show_cue_channels_timing_and_data() {
    let html = render("/settings");
    for text in ["Vibration", "Sound", "Screen flash", "Spoken guidance", "Pace cue", "Get-ready time", "Switch-sides time", "Export JSON", "Export CSV", "Import", "Delete all journal data", "no network code"] {
        assert!(html.contains(text), "settings lack {text}");
    }
    // The desktop build says it has no vibration motor.
    assert!(html.contains(unknot::platform::HAPTICS.describe()));
    assert!(html.contains(r#"role="switch""#));
    assert!(html.contains("0 notes, stored at memory."), "{html}");
    // A target of a button's size, not a line of link text (21 px high: under WCAG 2.5.8's 24 px).
    assert!(html.contains(r#"<a href="/library/safety" class="btn secondary">Read the safety notes again</a>"#), "{html}");
    let one = app_at("/settings", true, |j| j.save_note(&note("a", 19, 3, "Tight")).unwrap()).html();
    assert!(one.contains("1 note, stored at memory."), "{one}");
}

#[test]
fn the_player_starts_with_get_ready() {
    let runtime = runtime();
    let _in_runtime = runtime.enter();
    let (_, html) = tap_start("/routines/calves-roller", |_| {});
    assert!(html.contains("Get ready"), "{html}");
    assert!(html.contains(r#"role="timer""#));
    assert!(html.contains("Step 1 of"));
    assert!(html.contains("aria-label=\"Pause\""));
    // The overlay the cue bridge draws each flash on, at rest: nothing flashes until the bridge says so.
    let overlay = format!(
        r#"<div id="{}" class="flash-overlay" aria-hidden="true"><div class="flash"></div><p class="flash-word"></p></div>"#,
        unknot::ui::views::FLASH_OVERLAY_ID
    );
    assert!(html.contains(&overlay), "{html}");
    assert!(!html.contains("data-beat") && !html.contains("data-cue"), "a flash drawn by the render: {html}");
}

#[test]
fn the_cue_bridge_draws_on_the_players_overlay() {
    // The bridge finds the overlay by the player's id, and starts a flash by its beat (app.css shows nothing
    // at rest and fades each beat); every flashing cue's name reaches it from the cue table.
    let bridge = unknot::platform::CUE_BRIDGE_JS;
    let id = unknot::ui::views::FLASH_OVERLAY_ID;
    assert!(bridge.contains(&format!(r#"getElementById("{id}")"#)), "the bridge looks for another overlay");
    assert!(bridge.contains(r#"setAttribute("data-beat""#) && bridge.contains(r#"setAttribute("data-cue""#));
    let css = include_str!("../assets/app.css");
    for beat in ["a", "b"] {
        assert!(css.contains(&format!(r#".flash-overlay[data-beat="{beat}"] > .flash {{ animation: flash-{beat} "#)), "beat {beat}");
    }
    assert!(css.contains("mix-blend-mode: difference"));
    assert!(css.contains(r#".flash-overlay[data-cue="switch"] > .flash"#) && css.contains(r#".flash-overlay[data-cue="done"] > .flash"#));
}

#[test]
fn the_cue_tones_fit_the_audio_rate_the_bridge_asks_for() {
    // The desktop asks for a low sample rate (fewer wake-ups of WebKit's audio threads): every tone must stay
    // far below half of it, so it sounds the same.
    let rate = unknot::platform::AUDIO_SAMPLE_RATE;
    assert!(unknot::platform::cue_bridge_js().contains(&format!("sampleRate: {rate} ")));
    if rate == 0 {
        return;
    }
    for kind in unknot::session::CueKind::ALL {
        for tone in kind.spec().tones {
            assert!(tone.hz * 5 <= rate, "{kind:?}: a {} Hz tone in a {rate} Hz context", tone.hz);
        }
    }
}

/// A one-route router around the player's screen, so its links have a router, with the snapshot in context.
#[derive(Routable, Clone, PartialEq, Debug)]
enum Only {
    #[route("/")]
    Snapshot {},
}

#[component]
fn Snapshot() -> Element {
    let (session, now, shown) = use_context::<(Session, Mono, Option<ShownCue>)>();
    rsx! {
        SessionScreen { session, now, shown, announcement: String::new(), record_id: Some("s1".to_string()), on_action: move |_| {} }
    }
}

fn snapshot_root() -> Element {
    rsx! { Router::<Only> {} }
}

fn screen_at(session: &Session, now: Mono) -> String {
    screen_showing(session, now, None)
}

fn screen_showing(session: &Session, now: Mono, shown: Option<ShownCue>) -> String {
    let mut dom = VirtualDom::new(snapshot_root);
    dom.provide_root_context((session.clone(), now, shown));
    dom.provide_root_context(Rc::new(MemoryHistory::with_initial_path("/")) as Rc<dyn History>);
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn the_player_renders_every_kind_of_segment() {
    let lib = lib();
    let routine = lib.routines.get("calves-roller").unwrap();
    let settings = SessionSettings::default();
    let plan = Plan::build(routine, &settings);
    let mut session = Session::new(plan.clone());
    session.start(Mono(0));
    let mut seen = std::collections::HashSet::new();
    for seg in &plan.segments {
        let mid = Mono(seg.start_ms + seg.duration_ms / 2);
        let html = screen_at(&session, mid);
        let remaining = (seg.end_ms() - mid.0).div_ceil(1000);
        assert!(html.contains(&format!("{remaining} seconds left")), "segment {:?}: {html}", seg.kind);
        let expected = match seg.kind {
            unknot::session::SegmentKind::GetReady => "Get ready",
            unknot::session::SegmentKind::Switch { .. } => "Switch sides",
            unknot::session::SegmentKind::Rest { .. } => "Rest",
            unknot::session::SegmentKind::Work { step, .. } => plan.steps[step].title.as_str(),
        };
        assert!(html.contains(expected), "segment {:?} lacks {expected}", seg.kind);
        seen.insert(std::mem::discriminant(&seg.kind));
        if let unknot::session::SegmentKind::Work { side, .. } = seg.kind {
            assert!(html.contains(side.label()));
        }
    }
    assert_eq!(seen.len(), 4, "the plan should have all four kinds of segment");
    // Paused shows the badge and a Resume control.
    session.pause(Mono(plan.segments[1].start_ms + 1000));
    let html = screen_at(&session, Mono(plan.segments[1].start_ms + 600_000));
    assert!(html.contains("Paused") && html.contains("aria-label=\"Resume\""));
    // Done screen leads to the log.
    let mut done = Session::new(plan.clone());
    done.start(Mono(0));
    done.handle_timeout(Mono(plan.total_ms));
    let html = screen_at(&done, Mono(plan.total_ms));
    assert!(html.contains("<h1>Done</h1>") && html.contains("Log how you feel") && html.contains("/journal/log/s1"), "{html}");
}

/// The marks that were characters (★ ☆ ✓ ■, and ✕ ↑ ↓) are drawn as SVG: a character comes from whichever font has it, on
/// some phones a colour emoji, and costs the desktop's WebKit a font lookup of its own.
#[test]
fn stars_and_the_done_mark_are_drawn_not_characters() {
    let glyphs = ['★', '☆', '✓', '■', '✕', '↑', '↓'];
    let starred = "calves-roller".to_string();
    let now = DateTime::parse_from_rfc3339("2026-11-20T18:00:00+01:00").unwrap();
    let with_star = |path: &str| {
        let id = starred.clone();
        app_at(path, true, move |j| j.set_favourite(&id, true, now).unwrap()).html()
    };
    let home = with_star("/");
    let list = with_star("/routines");
    let on = with_star(&format!("/routines/{starred}"));
    let off = render(&format!("/routines/{starred}"));
    for (what, html) in [("Home", &home), ("Routines", &list), ("a starred routine", &on), ("a routine", &off)] {
        assert!(!html.contains(glyphs), "{what} shows a mark as a character");
    }
    let star = format!(r#"<path d="{}""#, icons::STAR);
    let outline = format!(r#"<path d="{}""#, icons::STAR_OUTLINE);
    assert!(home.contains(&star) && list.contains(&star) && list.contains(", a favourite"), "{list}");
    assert!(on.contains(&star) && on.contains(r#"aria-pressed="true""#) && !on.contains(&outline));
    assert!(off.contains(&outline) && off.contains(r#"aria-pressed="false""#) && !off.contains(&star));

    let plan = Plan::build(lib().routines.get(&starred).unwrap(), &SessionSettings::default());
    let mut done = Session::new(plan.clone());
    done.start(Mono(0));
    done.handle_timeout(Mono(plan.total_ms));
    // The builder's arrows (the log form's cross: log_form_after_a_session_lists_the_routines_areas).
    let builder = render(&format!("/builder/copy/{starred}"));
    for icon in [icons::ARROW_UP, icons::ARROW_DOWN] {
        assert!(builder.contains(&format!(r#"<path d="{icon}""#)) && !builder.contains(glyphs), "{builder}");
    }
    let finished = screen_at(&done, Mono(plan.total_ms));
    assert!(finished.contains(&format!(r#"<path d="{}""#, icons::CHECK)) && !finished.contains(glyphs), "{finished}");
}

#[test]
fn unknown_paths_say_so() {
    let html = render("/nowhere/at/all");
    assert!(html.contains("Nothing here"));
}

#[test]
fn settings_offer_journal_files_from_the_exports_folder() {
    // Phones cannot read a picked file in Dioxus 0.7.10, so Settings lists what is in the exports folder.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("exports")).unwrap();
    std::fs::write(dir.path().join("exports/unknot-journal-old.json"), "{}").unwrap();
    std::fs::write(dir.path().join("exports/notes.txt"), "not a journal").unwrap();
    std::env::set_var("UNKNOT_DATA_DIR", dir.path());
    let (folder, files) = unknot::platform::import_files();
    assert_eq!(folder.unwrap(), dir.path().join("exports").display().to_string());
    assert_eq!(files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["unknot-journal-old.json"]);
    let html = render("/settings");
    assert!(html.contains("Import unknot-journal-old.json"), "{html}");
    assert!(!html.contains("notes.txt"));
}

#[test]
fn each_cue_shows_on_screen_as_its_table_says() {
    use unknot::session::{CueKind, Screen};
    let plan = Plan::build(lib().routines.get("calves-roller").unwrap(), &SessionSettings::default());
    let mut session = Session::new(plan.clone());
    session.start(Mono(0));
    let during = Mono(plan.segments[1].start_ms + 1000);
    for kind in CueKind::ALL {
        let html = screen_showing(&session, during, Some(ShownCue { kind, seq: 1 }));
        // The screen never draws a flash itself: the cue bridge draws it on the player's overlay.
        assert!(!html.contains("class=\"flash"), "{kind:?} flashed by the render: {html}");
        match kind.spec().screen {
            Screen::Pulse => assert!(html.contains("countdown pulse-1"), "{kind:?} does not pulse"),
            Screen::Flash { .. } | Screen::Still => assert!(!html.contains("countdown pulse-"), "{kind:?} pulses"),
        }
    }
    // Nor over the done screen.
    let mut done = Session::new(plan.clone());
    done.start(Mono(0));
    done.handle_timeout(Mono(plan.total_ms));
    let html = screen_showing(&done, Mono(plan.total_ms), Some(ShownCue { kind: CueKind::Done, seq: 9 }));
    assert!(html.contains("<h1>Done</h1>") && !html.contains("class=\"flash"), "{html}");
}

/// The whole app at `path` with the journal as the platform found it.
fn app_with(path: &str, boot: JournalBoot) -> Harness {
    let dom = VirtualDom::new(App);
    let evening = DateTime::parse_from_rfc3339("2026-11-20T19:00:00+01:00").unwrap();
    let state = dom.in_scope(ScopeId::ROOT, || AppState::new(boot, evening));
    dom.provide_root_context(state);
    dom.provide_root_context(Rc::new(MemoryHistory::with_initial_path(path)) as Rc<dyn History>);
    Harness { dom }
}

const SQLITE_DETAIL: &str = "Tree 7 page 22: btreeInitPage() returns error code 11";

#[test]
fn a_notice_comes_first_even_over_the_safety_notes_in_plain_words_with_details_behind_a_control() {
    let notice = format!("your journal file could not be read, so a new, empty journal was started.{}{SQLITE_DETAIL}", unknot::journal::DETAILS_MARK);
    let boot = JournalBoot {
        journal: Some(Journal::open_in_memory().unwrap()),
        notice: Some(notice),
        location: "memory".into(),
        safety_marker: unknot::platform::SafetyMarker::None,
    };
    let html = app_with("/", boot).html();
    let notice_at = html.find(r#"id="notice""#).expect("the notice is shown");
    let safety_at = html.find("Before you start").expect("the safety notes are shown");
    assert!(notice_at < safety_at, "the notice must come before (above) the safety notes");
    assert!(html.contains("Your journal file could not be read"), "starts with a capital letter: {html}");
    // The SQLite text is only behind "Details".
    let details_at = html.find("<summary>Details</summary>").expect("a Details control");
    let sqlite_at = html.find("btreeInitPage").unwrap();
    assert!(sqlite_at > details_at && html[notice_at..details_at].find("btreeInitPage").is_none());
}

#[test]
fn opening_a_session_address_on_a_first_start_shows_the_safety_notes_first() {
    let html = app_at("/session/calves-roller", false, |_| {}).html();
    assert!(html.contains("Before you start") && html.contains("I understand"), "{html}");
    assert!(!html.contains("Get ready"), "the session must not start behind the safety notes");
    // After acknowledging, it is the player, waiting for its own Start tap (none led here).
    let html = app_at("/session/calves-roller", true, |_| {}).html();
    assert!(html.contains("Start Calves on the foam roller") && !html.contains("Before you start"), "{html}");
}

/// A session starts only from a Start tap, which also unlocks sound: a session's address reached any other way
/// (a reload of the Done screen, Back or Forward, a phone restoring the app) shows its Start button instead of
/// starting by itself (it started again, silently on a phone, from a reload of the Done screen).
#[test]
fn a_session_address_opened_without_a_start_tap_waits_for_one() {
    let html = render("/session/calves-roller");
    assert!(html.contains("Start Calves on the foam roller") && !html.contains(r#"role="timer""#) && !html.contains("Get ready"), "{html}");
    assert!(html.contains(r#"aria-label="Back to Calves on the foam roller""#), "a way back: {html}");
    let runtime = runtime();
    let _in_runtime = runtime.enter();
    let (_, html) = tap_start("/session/calves-roller", |_| {});
    assert!(html.contains("Get ready"), "{html}");
}

#[test]
fn the_safety_acknowledgement_survives_a_journal_that_cannot_be_written() {
    dioxus::html::set_event_converter(Box::new(dioxus::html::SerializedHtmlEventConverter));
    let dir = tempfile::tempdir().unwrap();
    let marker = unknot::platform::SafetyMarker::File(dir.path().join("safety-acknowledged"));
    let unwritable = || JournalBoot {
        journal: None,
        notice: Some("This journal was written by a newer version of Unknot.".into()),
        location: "nowhere".into(),
        safety_marker: marker.clone(),
    };
    let mut h = app_with("/", unwritable());
    assert!(h.html().contains("Before you start"));
    let targets = click_targets(&mut h);
    let mut acknowledged = false;
    for id in targets {
        let html = click(&mut h, id);
        if !html.contains("Before you start") {
            acknowledged = true;
            break;
        }
    }
    assert!(acknowledged, "no button acknowledged the safety notes");
    assert!(marker.is_set(), "the acknowledgement was not kept beside the journal");
    // The next start: no safety dialog, though the journal still cannot be written.
    let html = app_with("/", unwritable()).html();
    assert!(!html.contains("Before you start"), "{html}");
    assert!(html.contains("newer version of Unknot"));
}

#[test]
fn damaged_entries_are_listed_in_the_journal_not_fatal_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite3");
    let (mut journal, _) = Journal::open(&path, unknot::journal::Durability::NATIVE).unwrap();
    journal.set_setting(keys::SAFETY_ACKNOWLEDGED, "1").unwrap();
    journal.save_note(&note("fine", 19, 3, "A readable note")).unwrap();
    drop(journal);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO notes (id, created_at, created_ms, updated_at, feel, text) VALUES ('x', '+10000-01-01T00:00:00+00:00', 0, '+10000-01-01T00:00:00+00:00', 3, '')",
        [],
    )
    .unwrap();
    drop(conn);
    let boot = || {
        let (journal, _) = Journal::open(&path, unknot::journal::Durability::NATIVE).unwrap();
        JournalBoot { journal: Some(journal), notice: None, location: "file".into(), safety_marker: unknot::platform::SafetyMarker::None }
    };
    let html = app_with("/journal", boot()).html();
    assert!(html.contains("A readable note"), "{html}");
    assert!(html.contains("Damaged entries (1)") && html.contains("+10000-01-01T00:00:00+00:00") && html.contains("Delete this entry"), "{html}");
    // Its own address says so in plain words, the reason behind Details.
    let html = app_with("/journal/notes/x", boot()).html();
    let plain = html.find("This note is damaged and cannot be shown").expect("plain words");
    let details = html.find("<summary>Details</summary>").expect("a Details control");
    assert!(plain < details && html[details..].contains("created_at"), "{html}");
}

/// The plan the player builds: sides named by their area.
fn player_plan(id: &str) -> Plan {
    Plan::build(lib().routines.get(id).unwrap(), &SessionSettings::default()).name_sides(unknot_side_word)
}

fn unknot_side_word(area: &str) -> Option<&'static str> {
    static LIB: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    LIB.get_or_init(|| Library::bundled().unwrap()).side_word(area)
}

#[test]
fn the_player_names_sides_as_the_area_does_and_has_a_heading_on_every_screen() {
    use unknot::session::SegmentKind;
    // The words a runner must see somewhere in each routine (from areas.toml), and never the wrong one.
    for (id, must, never) in [
        ("calves-roller", "Right leg next", "Right side next"),
        ("upper-back-roller", "Right side next", "Right leg next"),
        ("feet-ball", "Left foot", "Left side"),
    ] {
        let plan = player_plan(id);
        let mut session = Session::new(plan.clone());
        session.start(Mono(0));
        let mut seen = false;
        for seg in &plan.segments {
            let html = screen_at(&session, Mono(seg.start_ms + 500));
            assert!(html.contains("<h1 class=\"segment-label\"><span>"), "{id} {:?}: no h1", seg.kind);
            seen |= html.contains(must);
            assert!(!html.contains(never), "{id}: says \"{never}\": {html}");
            let word = unknot_side_word(&plan.steps[seg.kind.step()].area).unwrap();
            match seg.kind {
                SegmentKind::Switch { .. } => assert!(html.contains(&format!("your right {word}")), "{id}: {html}"),
                SegmentKind::Work { side: Side::Left, .. } => assert!(html.contains(&format!("Left {word}")), "{id}: {html}"),
                _ => {}
            }
            let hold = html.contains("Hold here +20 s");
            assert_eq!(hold, seg.kind.is_work(), "{id} {:?}: Hold here only while working", seg.kind);
        }
        assert!(seen, "{id} never says \"{must}\"");
        // Paused: still a heading.
        let mut paused = session.clone();
        paused.pause(Mono(plan.segments[1].start_ms + 1000));
        assert!(screen_at(&paused, Mono(plan.segments[1].start_ms + 5000)).contains("<h1 class=\"segment-label\"><span>"));
    }
}

#[test]
fn the_countdown_says_second_or_seconds() {
    let plan = player_plan("calves-roller");
    let mut session = Session::new(plan.clone());
    session.start(Mono(0));
    let end = plan.segments[1].end_ms();
    assert!(screen_at(&session, Mono(end - 500)).contains("aria-label=\"1 second left\""));
    assert!(screen_at(&session, Mono(end - 1500)).contains("aria-label=\"2 seconds left\""));
}

#[test]
fn the_done_screen_counts_only_what_ran_and_names_what_was_skipped() {
    let plan = player_plan("post-run-calves-feet");
    let mut session = Session::new(plan.clone());
    session.start(Mono(0));
    // Work the first side fully, then skip everything after it.
    let mut now = plan.segments[1].end_ms();
    session.handle_timeout(Mono(now));
    while session.phase() == unknot::session::Phase::Running {
        session.skip(Mono(now));
        now += 1;
        session.handle_timeout(Mono(now));
    }
    let html = screen_at(&session, Mono(now));
    // Whatever the routine worked (the upper back too), the question is how you feel.
    assert!(html.contains("How do you feel?") && !html.contains("legs"), "{html}");
    let first_side = plan.segments[1].duration_ms / 1000;
    assert!(html.contains(&format!("{} of massage.", unknot_duration(first_side))), "{html}");
    assert!(!html.contains("100% of the routine"), "{html}");
    assert!(html.contains("Skipped: "), "{html}");
    for step in &plan.steps[1..] {
        assert!(html.contains(&esc(&step.title)), "{} not listed as skipped: {html}", step.title);
    }
    // One main landmark, not a status: the live region is inside it.
    assert!(html.contains("<main class=\"done-screen\">") && html.contains("role=\"status\""), "{html}");
}

/// Issue #17: a drawing of each position, small beside every step on the routine page and large while
/// getting into position in the player (get ready, and resting before the next step), never while working.
#[test]
fn the_routine_page_and_the_get_ready_screen_show_the_drawing_of_the_position() {
    let lib = lib();
    for r in lib.routines.all() {
        let html = render(&format!("/routines/{}", r.id));
        for (i, step) in r.steps.iter().enumerate() {
            let id = step.position.as_deref().unwrap();
            let p = lib.positions.get(id).unwrap();
            assert!(html.contains(&format!(r#"data-position="{id}""#)), "{}: step {i} has no drawing of {id}", r.id);
            let label = format!("Position: {}{}", p.title[..1].to_lowercase(), &p.title[1..]);
            assert!(html.contains(&format!("aria-label=\"{}\"", esc(&label))), "{}: no label {label}", r.id);
        }
        assert_eq!(html.matches(r#"class="position step-drawing""#).count(), r.steps.len(), "{}", r.id);
        assert!(html.contains("<svg aria-hidden=\"true\" focusable=\"false\""), "the drawing is inline, hidden inside its label");
        assert!(html.contains("currentColor"));
    }

    let routine = lib.routines.get("glutes-ball").unwrap();
    let plan = Plan::build(routine, &SessionSettings::default());
    let mut session = Session::new(plan.clone());
    session.start(Mono(0));
    for seg in &plan.segments {
        let html = screen_at(&session, Mono(seg.start_ms + seg.duration_ms / 2));
        let drawn = html.contains(r#"class="position player-drawing""#);
        match seg.kind {
            unknot::session::SegmentKind::GetReady => {
                assert!(drawn && html.contains(r#"data-position="ball-glute""#), "get ready: {html}");
                assert!(html.contains(r#"role="img" aria-label="Position: sitting on the ball under one buttock"#), "{html}");
            }
            unknot::session::SegmentKind::Rest { next_step } => {
                let next = plan.steps[next_step].position.as_deref().unwrap();
                assert!(drawn && html.contains(&format!(r#"data-position="{next}""#)), "rest before step {next_step}");
            }
            _ => assert!(!drawn, "{:?} shows the drawing", seg.kind),
        }
    }
}

fn run_on(day: u32, kind: unknot::journal::RunKind, source: Option<&str>) -> unknot::journal::Run {
    unknot::journal::Run {
        id: format!("run-{day}"),
        started_at: DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T08:00:37+01:00")).unwrap(),
        kind,
        distance_m: 19_234,
        duration_secs: 6336,
        effort: None,
        note: "Hilly".into(),
        source: source.map(String::from),
    }
}

#[test]
fn each_run_in_the_journal_opens_its_page() {
    let html = app_at("/journal", true, |j| j.save_run(&run_on(19, unknot::journal::RunKind::Long, None)).unwrap()).html();
    assert!(html.contains(r#"href="/journal/runs/run-19""#), "{html}");
}

#[test]
fn the_run_page_shows_the_run_to_correct_and_a_way_to_delete_it() {
    use unknot::journal::RunKind;
    let html = app_at("/journal/runs/run-19", true, |j| j.save_run(&run_on(19, RunKind::Long, Some("thursday.gpx"))).unwrap()).html();
    for text in ["Thu 19 Nov 2026, 08:00", "Read from thursday.gpx", "Type of run", "Save run", "Delete this run", "Run note"] {
        assert!(html.contains(text), "{text} missing: {html}");
    }
    // The run's own values, to the metre, in uncontrolled fields; its type pressed.
    for value in ["value=\"19.234\"", "value=\"1:45:36\"", "value=\"2026-11-19T08:00\""] {
        assert!(html.contains(value), "{value} missing: {html}");
    }
    assert!(html.contains("Hilly"));
    assert!(html.contains(r#"aria-pressed="true">Long"#) || html.contains(r#"class="chip on" aria-pressed="true">Long"#), "{html}");
    assert!(!html.contains("alertdialog"), "no dialog before Delete is tapped");
    assert!(!html.contains("field-error"), "no problem before Save is tapped");
}

#[test]
fn a_run_page_for_a_run_that_is_gone_says_so() {
    let html = render("/journal/runs/run-404");
    assert!(html.contains("This run is not in your journal"), "{html}");
    assert!(!html.contains("Save run"));
}

#[test]
fn the_page_head_puts_the_platforms_rules_after_the_stylesheet() {
    let head = unknot::ui::page_head();
    let css = head.find(unknot::ui::APP_CSS).expect("the stylesheet in the head") + unknot::ui::APP_CSS.len();
    // Later in the page, so a rule of the platform's wins over app.css's rule of the same weight.
    assert!(head[css..].starts_with(unknot::platform::PLATFORM_CSS), "{}", &head[css..]);
    // WebKitGTK: the body font is fontconfig's sans family, not system-ui (see PLATFORM_CSS).
    #[cfg(target_os = "linux")]
    assert!(unknot::platform::PLATFORM_CSS.contains("font-family: sans-serif"));
}

/// A routine of the runner's own named `name`: one step, the calves on a ball.
fn my_routine(id: &str, name: &str) -> unknot::journal::UserRoutine {
    let lib = lib();
    let mut draft = unknot::content::RoutineDraft::blank(unknot::content::user_routine_id(id));
    draft.name = name.into();
    draft.add(lib.step_templates().iter().find(|t| t.routine.id == "calves-ball").unwrap());
    unknot::journal::UserRoutine { routine: draft.to_routine(&lib), updated_at: DateTime::parse_from_rfc3339("2026-11-20T08:00:00+01:00").unwrap() }
}

/// Moves the mounted app to `to` as the router does for a link or Back (the screen on show stays mounted
/// while it changes), then renders what changed.
fn navigate(h: &mut Harness, to: unknot::ui::Route) -> String {
    h.dom.in_scope(ScopeId::ROOT, || dioxus::router::root_router().expect("the app's router").push(to));
    h.dom.process_events();
    h.dom.render_immediate(&mut NoOpMutations);
    dioxus_ssr::render(&h.dom)
}

/// A screen for one thing (a run, a note, a routine of one's own) reached straight from the same screen for
/// another is that thing's screen: its form starts from the new thing's values, never from what the previous
/// one showed or had typed (which Save would then write over the new one). Before the screens were keyed by
/// their address (`Shell`), the note and the routine here kept the first one's values.
#[test]
fn a_screen_for_one_thing_reached_from_the_same_screen_for_another_shows_the_new_one() {
    use unknot::journal::RunKind;
    use unknot::ui::Route;
    let (first, second) = (my_routine("first", "Morning calves"), my_routine("second", "Evening calves"));
    let (first_id, second_id) = (first.routine.id.clone(), second.routine.id.clone());
    let mut h = app_at("/journal/runs/run-19", true, |j| {
        j.save_run(&run_on(19, RunKind::Long, None)).unwrap();
        j.save_run(&run_on(20, RunKind::Easy, None)).unwrap();
        j.save_note(&note("n1", 18, 3, "Tight after the hills")).unwrap();
        j.save_note(&note("n2", 19, 6, "Sore on the stairs")).unwrap();
        j.save_routine(&first).unwrap();
        j.save_routine(&second).unwrap();
    });
    let html = h.html();
    assert!(html.contains(r#"value="2026-11-19T08:00""#), "{html}");
    let html = navigate(&mut h, Route::RunPage { id: "run-20".into() });
    assert!(html.contains(r#"value="2026-11-20T08:00""#) && !html.contains(r#"value="2026-11-19T08:00""#), "{html}");

    // The calves' soreness: 3 in the first note, 6 in the second.
    let html = navigate(&mut h, Route::NoteEdit { id: "n1".into() });
    assert!(html.contains("Tight after the hills") && html.contains(r#"soreness, 0 to 10" value="3""#), "{html}");
    let html = navigate(&mut h, Route::NoteEdit { id: "n2".into() });
    assert!(html.contains("Sore on the stairs") && !html.contains("Tight after the hills"), "{html}");
    assert!(html.contains(r#"soreness, 0 to 10" value="6""#), "{html}");

    let html = navigate(&mut h, Route::RoutineEdit { id: first_id });
    assert!(html.contains(r#"value="Morning calves""#), "{html}");
    let html = navigate(&mut h, Route::RoutineEdit { id: second_id });
    assert!(html.contains(r#"value="Evening calves""#) && !html.contains("Morning calves"), "{html}");
}

/// The player looks its routine up once, when the session starts (it re-renders every second, and a routine of
/// the runner's own is a journal read): a session whose routine is deleted meanwhile runs on to its end, and
/// an address with no routine says so.
#[test]
fn a_session_runs_on_when_its_routine_is_deleted_meanwhile() {
    let routine = my_routine("mine", "Morning calves");
    let id = routine.routine.id.clone();
    let runtime = runtime();
    let _in_runtime = runtime.enter();
    let (mut h, html) = tap_start(&format!("/routines/{id}"), |j| j.save_routine(&routine).unwrap());
    assert!(html.contains("Get ready"));
    let state = h.dom.in_scope(ScopeId::ROOT, consume_context::<AppState>);
    assert!(state.write(|j| j.delete_routine(&id)).unwrap().is_some());
    // The write re-renders whatever read the journal.
    h.dom.process_events();
    h.dom.render_immediate(&mut NoOpMutations);
    let html = dioxus_ssr::render(&h.dom);
    assert!(html.contains("Get ready") && !html.contains("Routine not found"), "{html}");

    assert!(render("/session/no-such-routine").contains("Routine not found"));
}

/// The soreness chart ends on the day of the latest write: a note logged after midnight, with the app open since
/// the evening before, is on it (it ended on the day the app was opened, and the new note fell off its right
/// edge).
#[test]
fn a_note_logged_after_midnight_is_on_the_chart() {
    let mut h = app_at("/journal", true, |j| j.save_note(&note("a", 20, 3, "Evening")).unwrap());
    let html = h.html();
    assert!(html.contains(">20 Nov</text>") && !html.contains(">21 Nov</text>"), "{html}");
    // A write at 00:10: the note, and the time of the write (which `AppState::write` takes from the clock).
    let state = h.dom.in_scope(ScopeId::ROOT, consume_context::<AppState>);
    let mut as_of = state.as_of;
    let mut late = note("b", 21, 7, "Woke up stiff");
    late.created_at = DateTime::parse_from_rfc3339("2026-11-21T00:05:00+01:00").unwrap();
    late.updated_at = late.created_at;
    state.write(|j| j.save_note(&late)).unwrap();
    as_of.set(DateTime::parse_from_rfc3339("2026-11-21T00:10:00+01:00").unwrap());
    h.dom.process_events();
    h.dom.render_immediate(&mut NoOpMutations);
    let html = dioxus_ssr::render(&h.dom);
    assert!(html.contains(">21 Nov</text>"), "the chart does not reach the new day: {html}");
    // Every point of the trend line lies inside the chart.
    let chart_w: f64 = 256.0;
    for points in html.split("points=\"").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]) {
        for x in points.split_whitespace().map(|p| p.split(',').next().unwrap().parse::<f64>().unwrap()) {
            assert!(x <= chart_w, "a point at x = {x}: {points}");
        }
    }
}

/// Undo after deleting a note or a routine is offered on the screen the delete leads to, until the runner
/// leaves it (it stayed for as long as the app ran, so Undo could bring back a note deleted long before).
#[test]
fn undo_after_a_delete_lasts_until_its_screen_is_left() {
    use unknot::ui::Route;
    let routine = my_routine("mine", "Morning calves");
    let id = routine.routine.id.clone();
    let mut h = app_at("/journal/notes/a", true, |j| {
        j.save_note(&note("a", 19, 3, "Tight")).unwrap();
        j.save_routine(&routine).unwrap();
    });
    h.html();
    let state = h.dom.in_scope(ScopeId::ROOT, consume_context::<AppState>);
    let (mut deleted_note, mut deleted_routine) = (state.deleted, state.deleted_routine);
    // What the note's Delete does, then the screen it leads to.
    deleted_note.set(state.write(|j| j.delete_note("a")).unwrap());
    assert!(navigate(&mut h, Route::Journal {}).contains("Note deleted."));
    navigate(&mut h, Route::Home {});
    assert!(!navigate(&mut h, Route::Journal {}).contains("Note deleted."), "Undo still offered after leaving the journal");

    deleted_routine.set(state.write(|j| j.delete_routine(&id)).unwrap());
    assert!(navigate(&mut h, Route::Routines {}).contains("Deleted Morning calves."));
    navigate(&mut h, Route::Settings {});
    assert!(!navigate(&mut h, Route::Routines {}).contains("Deleted Morning calves."), "Undo still offered after leaving the list");
}

/// Save on a new routine with nothing in it names the one thing to do, in the builder's words: not the rules'
/// problems with what the builder derives from the steps (areas, needs), nor the content files' "[[step]]".
#[test]
fn saving_an_empty_routine_asks_for_a_step_in_plain_words() {
    let (_, html) = tap_until("/builder/new", |_| {}, |html| html.contains("to fix before saving")).expect("Save shows the problems");
    let html = &html;
    assert!(html.contains("2 problems to fix before saving"), "the name and the steps: {html}");
    assert!(html.contains("Steps: add at least one, under Add a step below"), "{html}");
    for internal in ["[[step]]", "must list at least one item", "areas:", "needs:"] {
        assert!(!html.contains(internal), "{internal} shown: {html}");
    }
}

/// "Copy and change" of a bundled routine starts from the rest Settings give it, so the copy's total is the one the
/// routine's page showed (it started at 5 s whatever Settings said); a new routine starts from it too.
#[test]
fn a_copy_starts_with_the_rest_settings_give_its_routine() {
    use unknot::session::SessionSettings;
    let settings = SessionSettings { rest_secs: 30, ..SessionSettings::default() };
    let json = serde_json::to_string(&settings).unwrap();
    let with_rest = |j: &mut Journal| j.set_setting(keys::SESSION_SETTINGS, &json).unwrap();
    let page = app_at("/routines/quads-roller", true, with_rest).html();
    let plan = Plan::build(lib().routines.get("quads-roller").unwrap(), &settings);
    let total = unknot_duration(plan.total_ms / 1000);
    assert!(page.contains(&format!("Total {total}")), "{total}: {page}");
    let copy = app_at("/builder/copy/quads-roller", true, with_rest).html();
    assert!(copy.contains(&format!("Total {total}")), "the copy's total is not the page's {total}: {copy}");
    assert!(copy.contains(r#"aria-label="Rest between steps""#) && copy.contains(">30 s<"), "{copy}");
    let new = app_at("/builder/new", true, with_rest).html();
    assert!(new.contains(">30 s<"), "{new}");
}

/// Picking a sore spot lists its routines first, then the area's safety notes (each routine's page shows them
/// too): the notes came first, and on a phone the routines were screens below them.
#[test]
fn a_sore_spot_lists_its_routines_before_its_safety_notes() {
    let mut h = app_at("/", true, |_| {});
    h.html();
    let state = h.dom.in_scope(ScopeId::ROOT, consume_context::<AppState>);
    let mut filter = state.filter;
    filter.set(unknot::content::RoutineFilter { area: Some("calves".into()), ..Default::default() });
    let html = navigate(&mut h, unknot::ui::Route::Routines {});
    let first_routine = html.find(r#"class="routine-card""#).expect("a routine for the calves");
    let safety = lib().safety_for_area("calves").iter().map(|s| html.find(&esc(&s.title)).expect("each safety note is shown")).min().unwrap();
    assert!(first_routine < safety, "the safety notes come before the routines");
}

/// A second "Copy and change" of the same routine is numbered, so the runner can tell the two apart.
#[test]
fn a_second_copy_of_a_routine_is_numbered() {
    let first = my_routine("first", "My quads on the foam roller");
    let html = app_at("/builder/copy/quads-roller", true, |j| j.save_routine(&first).unwrap()).html();
    assert!(html.contains(r#"value="My quads on the foam roller (2)""#), "{html}");
}

/// The trail of screens follows the history as the router moves through it: a link adds an entry after the one
/// shown (dropping any ahead), Back and Forward move along it, and a replace takes the shown entry's place; what
/// is behind is where Back goes, which Save and Delete use to leave no second copy of a screen behind.
#[test]
fn the_trail_of_screens_follows_links_back_forward_and_replace() {
    use unknot::ui::{Route, Trail};
    let note = |id: &str| Route::NoteDetail { id: id.into() };
    let edit = |id: &str| Route::NoteEdit { id: id.into() };
    let mut t = Trail::default();
    for r in [Route::Home {}, Route::Journal {}, note("a"), edit("a")] {
        t.arrive(r);
    }
    assert_eq!(t.behind(), Some(&note("a")), "the edit form is in front of its note");
    t.arrive(note("a")); // Back (what Save does when the note is behind)
    assert_eq!(t.behind(), Some(&Route::Journal {}));
    t.arrive(edit("a")); // Forward
    assert_eq!(t.behind(), Some(&note("a")));
    t.arrive(note("a")); // Back again, then a replace (a Delete that leaves for the journal)
    t.replace(Route::Journal {});
    t.arrive(Route::Journal {});
    assert_eq!(t.behind(), Some(&Route::Journal {}), "as the history holds it: the journal twice");
    t.arrive(Route::Settings {}); // a link: anything ahead (the edit form) is dropped
    assert_eq!(t.behind(), Some(&Route::Journal {}));
    t.arrive(edit("a")); // not one step away: a new entry, not Forward
    assert_eq!(t.behind(), Some(&Route::Settings {}));
    t.arrive(Route::Settings {}); // Back
    assert_eq!(t.behind(), Some(&Route::Journal {}));
    // A long day of taps keeps a bounded trail.
    for i in 0..1000 {
        t.arrive(note(&i.to_string()));
    }
    assert_eq!(t.behind(), Some(&note("998")));
}
