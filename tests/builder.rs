//! Routines of the runner's own (issue #14), without a screen: whatever the builder lets a runner do, the
//! routine it saves keeps the bundled routines' rules and builds a sound plan; what it must refuse is
//! refused with the field named, in the same words as a bad content file.

use proptest::prelude::*;
use unknot::content::{
    bundled, suggest_from, user_routine_id, Catalog, ContentError, RoutineDraft, RoutineFilter, Shelf, Sides, Timing,
    REST_SECONDS, STEP_SECONDS, USER_ROUTINE_FILE,
};
use unknot::session::{Pace, Plan, Scale, SegmentKind, SessionSettings};

/// One thing a runner can do in the builder.
#[derive(Debug, Clone)]
enum Edit {
    Add(usize),
    Seconds(usize, u32),
    Sides(usize, bool),
    Up(usize),
    Down(usize),
    Remove(usize),
    Rest(u32),
    Rename(usize, String),
    Timing(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => any::<usize>().prop_map(Edit::Add),
        // The stepper offers 10–300 s; anything typed beyond is clamped by the draft.
        2 => (any::<usize>(), 0u32..400).prop_map(|(i, s)| Edit::Seconds(i, s)),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(i, b)| Edit::Sides(i, b)),
        1 => any::<usize>().prop_map(Edit::Up),
        1 => any::<usize>().prop_map(Edit::Down),
        1 => any::<usize>().prop_map(Edit::Remove),
        1 => (0u32..60).prop_map(Edit::Rest),
        1 => (any::<usize>(), "[A-Za-z0-9é🏃][A-Za-z0-9 ’'é🏃-]{0,39}").prop_map(|(i, t)| Edit::Rename(i, t)),
        1 => (0usize..3).prop_map(Edit::Timing),
    ]
}

fn apply(draft: &mut RoutineDraft, e: &Edit) {
    let lib = bundled();
    let templates = lib.step_templates();
    let n = draft.steps.len().max(1);
    match e {
        Edit::Add(i) => draft.add(&templates[i % templates.len()]),
        Edit::Seconds(i, s) => draft.set_seconds(i % n, *s),
        Edit::Sides(i, each) => draft.set_sides(i % n, if *each { Sides::Each } else { Sides::None }),
        Edit::Up(i) => {
            draft.move_up(i % n);
        }
        Edit::Down(i) => {
            draft.move_down(i % n);
        }
        Edit::Remove(i) => {
            draft.remove(i % n);
        }
        Edit::Rest(s) => draft.set_rest(*s),
        Edit::Rename(i, t) => {
            if let Some(s) = draft.steps.get_mut(i % n) {
                s.title = t.clone();
            }
        }
        Edit::Timing(i) => draft.timing = Timing::ALL[*i],
    }
}

fn settings() -> impl Strategy<Value = SessionSettings> {
    (0usize..3, 3u32..=30, 3u32..=15, 0u32..=30, any::<bool>()).prop_map(|(scale, prep, switch, rest, pace)| SessionSettings {
        scale: Scale::ALL[scale],
        prep_secs: prep,
        switch_secs: switch,
        rest_secs: rest,
        pace: if pace { Pace::Both } else { Pace::Off },
        ..SessionSettings::default()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any routine the builder can save (a name and at least one step) keeps the rules and builds a plan
    /// whose timeline is whole: segments back to back from 0 to the total, each step's work where it should
    /// be, the routine's own rest between steps, cues in order inside the plan and Done last.
    #[test]
    fn any_routine_the_builder_can_save_builds_a_valid_plan(
        random in "[a-f0-9-]{1,36}",
        copy_from in proptest::option::of(0usize..100),
        edits in proptest::collection::vec(edit(), 1..30),
        settings in settings(),
    ) {
        let lib = bundled();
        let id = user_routine_id(&random);
        let mut draft = match copy_from {
            Some(i) => RoutineDraft::copy_of(&lib.routines.all()[i % lib.routines.len()], id),
            None => RoutineDraft::blank(id),
        };
        draft.name = "My calves".into();
        for e in &edits {
            apply(&mut draft, e);
        }
        prop_assume!(!draft.steps.is_empty());
        let routine = draft.to_routine(lib);
        prop_assert!(lib.check_user_routine(&routine).is_ok(), "{:?}", lib.check_user_routine(&routine));

        let plan = Plan::build(&routine, &settings);
        let mut at = 0;
        for seg in &plan.segments {
            prop_assert_eq!(seg.start_ms, at);
            prop_assert!(seg.duration_ms > 0);
            at = seg.end_ms();
        }
        prop_assert_eq!(at, plan.total_ms);
        let rests: Vec<_> = plan.segments.iter().filter(|s| matches!(s.kind, SegmentKind::Rest { .. })).collect();
        let rest = u64::from(draft.rest_secs) * 1000;
        prop_assert_eq!(rests.len(), if rest > 0 { routine.steps.len() - 1 } else { 0 });
        prop_assert!(rests.iter().all(|s| s.duration_ms == rest));
        for (i, step) in routine.steps.iter().enumerate() {
            let sides = plan.segments.iter().filter(|s| matches!(s.kind, SegmentKind::Work { step, .. } if step == i)).count();
            prop_assert_eq!(sides, if step.sides == Sides::Each { 2 } else { 1 });
            prop_assert!(STEP_SECONDS.contains(&step.seconds));
        }
        let work: u64 = plan.segments.iter().filter(|s| s.kind.is_work()).map(|s| s.duration_ms).sum();
        prop_assert_eq!(work, plan.work_ms);
        prop_assert!(plan.cues.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
        prop_assert!(plan.cues.iter().all(|c| c.at_ms <= plan.total_ms));
        prop_assert_eq!(plan.cues.last().map(|c| c.at_ms), Some(plan.total_ms));
        // Stored and read back as JSON (the journal and exports), it is the same routine.
        let json = serde_json::to_string(&routine).unwrap();
        prop_assert_eq!(serde_json::from_str::<unknot::content::Routine>(&json).unwrap(), routine);
    }
}

fn fields(errors: &[ContentError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn a_routine_of_your_own_is_checked_by_the_bundled_rules_with_the_field_named() {
    let lib = bundled();
    let mut draft = RoutineDraft::copy_of(lib.routines.get("calves-roller").unwrap(), user_routine_id("abc"));
    let mut routine = draft.to_routine(lib);
    assert_eq!(lib.check_user_routine(&routine), Ok(()));

    routine.steps[1].seconds = 400;
    routine.steps[0].area = "elbows".into();
    routine.steps[2].technique = Some("cupping".into());
    routine.steps[2].tool = Some("massage-gun".into());
    routine.name = " ".into();
    routine.rest_secs = Some(45);
    routine.summary = "Rolling breaks up fascia.".into();
    let errors = lib.check_user_routine(&routine).unwrap_err().0;
    assert_eq!(
        fields(&errors),
        ["name", "summary", "rest_secs", "step[0].area", "step[1].seconds", "step[2].technique", "step[2].tool"]
    );
    assert!(errors.iter().all(|e| e.file == USER_ROUTINE_FILE));
    assert_eq!(errors[4].to_string(), "your routine: step[1].seconds: 400 is outside 10–300");

    draft.steps.clear();
    draft.name = "x".repeat(61);
    let errors = lib.check_user_routine(&draft.to_routine(lib)).unwrap_err().0;
    assert_eq!(fields(&errors), ["name", "areas", "needs", "step"], "{errors:?}");
    assert!(errors[0].problem.contains("limit is 60"));

    // A routine of your own can never take a bundled routine's id.
    let mut clash = RoutineDraft::copy_of(lib.routines.get("feet-ball").unwrap(), "feet-ball".into()).to_routine(lib);
    assert_eq!(fields(&lib.check_user_routine(&clash).unwrap_err().0), ["id"]);
    clash.id = "Not Kebab".into();
    assert_eq!(fields(&lib.check_user_routine(&clash).unwrap_err().0), ["id"]);
}

#[test]
fn the_builder_keeps_values_in_range_and_derives_tool_areas_and_needs() {
    let lib = bundled();
    let templates = lib.step_templates();
    assert_eq!(templates.len(), lib.routines.all().iter().map(|r| r.steps.len()).sum::<usize>());
    let ball = templates.iter().find(|t| t.routine.id == "feet-ball").unwrap();
    let roller = templates.iter().find(|t| t.routine.id == "glutes-roller").unwrap();
    let mut draft = RoutineDraft::blank(user_routine_id("4F2A-77"));
    assert_eq!(draft.id, "my-4f2a77");
    draft.name = "Feet then glutes".into();
    draft.add(ball);
    draft.add(roller);
    draft.set_seconds(0, 5);
    assert_eq!(draft.steps[0].seconds, *STEP_SECONDS.start());
    draft.set_seconds(1, 1000);
    assert_eq!(draft.steps[1].seconds, *STEP_SECONDS.end());
    draft.set_rest(99);
    assert_eq!(draft.rest_secs, *REST_SECONDS.end());
    assert!(!draft.move_up(0));
    assert!(draft.move_down(0));
    assert_eq!(draft.steps[0].title, roller.step.title);
    let routine = draft.to_routine(lib);
    assert_eq!(routine.tool, "foam-roller", "most of the work is on the roller");
    assert_eq!(routine.tools(), ["foam-roller", "tennis-ball"]);
    assert_eq!(routine.needs, ["Foam roller", "Tennis ball"]);
    assert_eq!(routine.areas, ["glutes", "feet"]);
    assert_eq!(lib.check_user_routine(&routine), Ok(()));
    // Filtering by tool finds a routine that uses it for any step.
    let yours = [routine.clone()];
    let favourites = Default::default();
    let catalog = Catalog { library: lib, yours: &yours, favourites: &favourites };
    let balls = catalog.routines_matching(&RoutineFilter { tool: Some("tennis-ball".into()), ..Default::default() });
    assert!(balls.iter().any(|r| r.id == routine.id));
}

#[test]
fn one_lookup_finds_bundled_and_your_routines_and_favourites_come_first() {
    let lib = bundled();
    let mut draft = RoutineDraft::blank(user_routine_id("mine"));
    draft.name = "Quads my way".into();
    draft.add(lib.step_templates().iter().find(|t| t.step.area == "quads").unwrap());
    let mine = draft.to_routine(lib);
    let yours = [mine.clone()];
    let mut favourites = std::collections::BTreeSet::new();
    let catalog = Catalog { library: lib, yours: &yours, favourites: &favourites };
    assert_eq!(catalog.routine(&mine.id), Some(&mine));
    assert_eq!(catalog.routine("calves-roller").map(|r| r.id.as_str()), Some("calves-roller"));
    assert_eq!(catalog.routines_matching(&RoutineFilter { shelf: Shelf::Yours, ..Default::default() }), [&mine]);
    assert!(catalog.routines_matching(&RoutineFilter { shelf: Shelf::Favourites, ..Default::default() }).is_empty());
    assert_eq!(catalog.routines_matching(&RoutineFilter::default()).len(), lib.routines.len() + 1);

    // Sore quads: the best fit, until the runner stars another routine that fits.
    let sore = [("quads".to_string(), 7)];
    let fits = catalog.routines_matching(&RoutineFilter { area: Some("quads".into()), ..Default::default() });
    let (best, starred) = (fits[0].id.clone(), fits.last().unwrap().id.clone());
    assert_ne!(best, starred);
    assert_eq!(suggest_from(&catalog, 19, &sore).unwrap().routine.id, best);
    favourites.insert(starred.clone());
    favourites.insert(mine.id.clone());
    let catalog = Catalog { library: lib, yours: &yours, favourites: &favourites };
    let suggested = suggest_from(&catalog, 19, &sore).unwrap().routine.id.clone();
    assert!(catalog.is_favourite(&suggested), "{suggested} is not a favourite");
    favourites.remove(&mine.id);
    favourites.insert("calves-roller".into());
    let catalog = Catalog { library: lib, yours: &yours, favourites: &favourites };
    assert_eq!(suggest_from(&catalog, 19, &sore).unwrap().routine.id, starred);
    let names: Vec<&str> = catalog.favourite_routines().iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"Calves on the foam roller"));
}

#[test]
fn a_routines_own_rest_replaces_the_setting() {
    let lib = bundled();
    let mut draft = RoutineDraft::copy_of(lib.routines.get("calves-roller").unwrap(), user_routine_id("r"));
    draft.set_rest(0);
    let plan = Plan::build(&draft.to_routine(lib), &SessionSettings::default());
    assert!(!plan.segments.iter().any(|s| matches!(s.kind, SegmentKind::Rest { .. })));
    draft.set_rest(20);
    let plan = Plan::build(&draft.to_routine(lib), &SessionSettings::default());
    assert!(plan.segments.iter().filter(|s| matches!(s.kind, SegmentKind::Rest { .. })).all(|s| s.duration_ms == 20_000));
}

/// "Copy and change" of a routine of your own keeps every step and setting under a new id, named "… (copy)"
/// (not "My my …"), and even a name at the length limit leaves a copy that keeps the rules.
#[test]
fn a_routine_of_your_own_can_be_copied_and_the_copy_keeps_the_rules() {
    let lib = bundled();
    let mut mine = RoutineDraft::copy_of(lib.routines.get("calves-roller").unwrap(), user_routine_id("mine")).to_routine(lib);
    mine.rest_secs = Some(20);
    let copy = RoutineDraft::duplicate_of(&mine, user_routine_id("copy")).to_routine(lib);
    assert!(mine.name.starts_with("My "), "{}", mine.name);
    assert_eq!(copy.name, format!("{} (copy)", mine.name));
    assert_ne!(copy.id, mine.id);
    assert_eq!((copy.steps.clone(), copy.rest_secs, copy.timing), (mine.steps.clone(), mine.rest_secs, mine.timing));
    assert_eq!(lib.check_user_routine(&copy), Ok(()));

    mine.name = "x".repeat(unknot::content::NAME_CHARS);
    let copy = RoutineDraft::duplicate_of(&mine, user_routine_id("long")).to_routine(lib);
    assert!(copy.name.ends_with(" (copy)") && copy.name.chars().count() <= unknot::content::NAME_CHARS, "{}", copy.name);
    assert_eq!(lib.check_user_routine(&copy), Ok(()));
}

/// A second and a third copy of the same routine are numbered, so the runner can tell them apart in lists; a
/// name at the length limit keeps within it.
#[test]
fn copies_of_the_same_routine_get_names_of_their_own() {
    let lib = bundled();
    let quads = lib.routines.get("quads-roller").unwrap();
    let first = RoutineDraft::copy_of(quads, user_routine_id("a")).named_apart_from(&[]);
    let second = RoutineDraft::copy_of(quads, user_routine_id("b")).named_apart_from(&[first.name.as_str()]);
    let third = RoutineDraft::copy_of(quads, user_routine_id("c")).named_apart_from(&[first.name.as_str(), second.name.as_str()]);
    assert_eq!(second.name, format!("{} (2)", first.name));
    assert_eq!(third.name, format!("{} (3)", first.name));
    let long = "x".repeat(unknot::content::NAME_CHARS);
    let mut draft = RoutineDraft::blank(user_routine_id("d"));
    draft.name = long.clone();
    let apart = draft.named_apart_from(&[long.as_str()]);
    assert!(apart.name.ends_with(" (2)") && apart.name.chars().count() == unknot::content::NAME_CHARS, "{}", apart.name);
}
