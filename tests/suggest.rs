//! Home's suggestions with reasons ([`unknot::content::rank`]): properties over random weeks of notes and runs,
//! and scenarios that read like a runner's week.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, FixedOffset};
use proptest::prelude::*;
use unknot::content::{bundled, rank, Catalog, MassageDone, Ranked, Recent, RoutineFilter, RunDone, SorenessReading};

/// Friday 20 November 2026, 18:00 in London: a runner home from work.
fn friday_evening() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-20T18:00:00+00:00").unwrap()
}

fn sore(now: DateTime<FixedOffset>, hours_ago: i64, area: &str, level: u8) -> SorenessReading {
    SorenessReading { at: now - Duration::hours(hours_ago), area: area.into(), level }
}

fn run(now: DateTime<FixedOffset>, hours_ago: i64, noun: &str, km: u32, factor: f64) -> RunDone {
    RunDone { at: now - Duration::hours(hours_ago), noun: noun.into(), distance_m: km * 1000, load_factor: factor }
}

fn ranked<'a>(catalog: &Catalog<'a>, now: DateTime<FixedOffset>, soreness: &[SorenessReading], runs: &[RunDone], massages: &[MassageDone]) -> Vec<Ranked<'a>> {
    rank(catalog, &Recent { now, soreness, runs, massages })
}

/// The place of the first offered routine that works `area`.
fn place_of(list: &[Ranked], area: &str) -> Option<usize> {
    list.iter().position(|r| r.area.as_deref() == Some(area))
}

fn areas_with_routines() -> Vec<String> {
    let lib = bundled();
    lib.areas
        .all()
        .iter()
        .filter(|a| !Catalog::bundled(lib).routines_matching(&RoutineFilter { area: Some(a.id.clone()), ..Default::default() }).is_empty())
        .map(|a| a.id.clone())
        .collect()
}

#[test]
fn sunday_long_run_then_sore_calves_two_days_running() {
    let lib = bundled();
    let catalog = Catalog::bundled(lib);
    // Sunday morning: 24 km. Monday and Tuesday evening the calves were 5 then 6.
    let tuesday = DateTime::parse_from_rfc3339("2026-11-17T20:00:00+00:00").unwrap();
    let monday = DateTime::parse_from_rfc3339("2026-11-16T20:00:00+00:00").unwrap();
    let sunday = DateTime::parse_from_rfc3339("2026-11-15T08:00:00+00:00").unwrap();
    let now = tuesday + Duration::hours(1);
    let soreness = [
        SorenessReading { at: monday, area: "calves".into(), level: 5 },
        SorenessReading { at: tuesday, area: "calves".into(), level: 6 },
    ];
    let runs = [RunDone { at: sunday, noun: "long run".into(), distance_m: 24_000, load_factor: 1.3 }];
    let list = ranked(&catalog, now, &soreness, &runs, &[]);
    assert_eq!(list[0].area.as_deref(), Some("calves"));
    assert_eq!(list[0].reason, "Calves 6/10 two days running after Sunday's long run.");
}

#[test]
fn after_a_run_with_nothing_logged_calves_and_feet_come_first() {
    let now = friday_evening();
    let catalog = Catalog::bundled(bundled());
    let list = ranked(&catalog, now, &[], &[run(now, 2, "easy run", 8, 1.0)], &[]);
    assert_eq!(list[0].area.as_deref(), Some("calves"));
    assert_eq!(list[0].routine.areas.first().map(String::as_str), Some("calves"));
    assert_eq!(list[0].reason, "Calves took the most load in today's easy run (8.0 km).");
    let feet = place_of(&list, "feet");
    let quads = place_of(&list, "quads");
    assert!(feet.is_none() || quads.is_none() || feet < quads, "{list:#?}");
}

#[test]
fn hamstrings_not_rolled_since_tuesdays_workout() {
    // Thursday evening: Tuesday evening's workout; calves were rolled since, hamstrings were not.
    let now = DateTime::parse_from_rfc3339("2026-11-19T19:00:00+00:00").unwrap();
    let catalog = Catalog::bundled(bundled());
    let runs = [run(now, 49, "workout", 10, 1.5)];
    let massages = [MassageDone { at: now - Duration::hours(20), areas: vec!["calves".into(), "feet".into()] }];
    let list = ranked(&catalog, now, &[], &runs, &massages);
    let hamstrings = list.iter().find(|r| r.area.as_deref() == Some("hamstrings")).expect("hamstrings offered");
    assert_eq!(hamstrings.reason, "You have not rolled your hamstrings since Tuesday's workout (10.0 km).");
    assert!(place_of(&list, "hamstrings") < place_of(&list, "calves"), "rolled calves give way: {list:#?}");
}

#[test]
fn shins_without_routines_give_way_to_the_next_sore_area() {
    let now = friday_evening();
    let catalog = Catalog::bundled(bundled());
    let list = ranked(&catalog, now, &[sore(now, 3, "shins", 8), sore(now, 3, "quads", 5)], &[], &[]);
    assert_eq!(list[0].area.as_deref(), Some("quads"));
    assert!(list[0].reason.starts_with("Quads 5/10"), "{}", list[0].reason);
    assert!(list.iter().all(|r| r.area.as_deref() != Some("shins")));
}

#[test]
fn a_starred_routine_that_fits_comes_first() {
    let lib = bundled();
    let now = friday_evening();
    let fits = Catalog::bundled(lib).routines_matching(&RoutineFilter { area: Some("quads".into()), ..Default::default() });
    let starred = fits.last().unwrap().id.clone();
    let favourites: BTreeSet<String> = [starred.clone()].into();
    let catalog = Catalog { library: lib, yours: &[], favourites: &favourites };
    let list = ranked(&catalog, now, &[sore(now, 3, "quads", 6)], &[], &[]);
    assert_eq!(list[0].routine.id, starred);
}

#[test]
fn nothing_logged_in_the_morning_offers_a_pre_run_routine() {
    let morning = DateTime::parse_from_rfc3339("2026-11-20T07:30:00+00:00").unwrap();
    let list = ranked(&Catalog::bundled(bundled()), morning, &[], &[], &[]);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].routine.timing, unknot::content::Timing::PreRun);
}

#[test]
fn soreness_older_than_a_week_and_future_readings_do_not_count() {
    let now = friday_evening();
    let list = ranked(&Catalog::bundled(bundled()), now, &[sore(now, 8 * 24, "quads", 9), sore(now, -5, "glutes", 9)], &[], &[]);
    assert!(list.iter().all(|r| r.area.is_none()), "{list:#?}");
}

fn reading() -> impl Strategy<Value = (usize, i64, u8)> {
    (0..10usize, 0..(7 * 24i64), 0..=10u8)
}

proptest! {
    /// A sore area in the notes is never ranked below an area that is not in them (runs or no runs).
    #[test]
    fn a_sore_area_is_never_ranked_below_one_that_is_not(
        readings in proptest::collection::vec(reading(), 1..8),
        runs in proptest::collection::vec((0..72i64, 1..40u32), 0..3),
    ) {
        let now = friday_evening();
        let areas = areas_with_routines();
        let soreness: Vec<SorenessReading> =
            readings.iter().map(|&(a, h, l)| sore(now, h, &areas[a % areas.len()], l)).collect();
        let runs: Vec<RunDone> = runs.iter().map(|&(h, km)| run(now, h, "long run", km, 1.3)).collect();
        let catalog = Catalog::bundled(bundled());
        let list = ranked(&catalog, now, &soreness, &runs, &[]);
        let is_sore = |area: &str| soreness.iter().any(|r| r.area == area && r.level > 0);
        let last_sore = list.iter().rposition(|r| r.area.as_deref().is_some_and(is_sore));
        let first_other = list.iter().position(|r| !r.area.as_deref().is_some_and(is_sore));
        if let (Some(s), Some(o)) = (last_sore, first_other) {
            prop_assert!(s < o, "{list:#?}");
        }
        // Every sore area with a routine of its own is offered, or its best routine already is.
        for area in soreness.iter().filter(|r| r.level > 0).map(|r| r.area.as_str()) {
            let fits = catalog.routines_matching(&RoutineFilter { area: Some(area.into()), ..Default::default() });
            prop_assert!(list.iter().any(|r| fits.iter().any(|f| f.id == r.routine.id)), "{area}: {list:#?}");
        }
    }

    /// Of two areas as sore as each other, the one logged more recently comes first.
    #[test]
    fn more_recent_soreness_weighs_more(level in 1..=10u8, a in 0..10usize, b in 0..10usize, newer in 0..80i64, gap in 1..80i64) {
        let areas = areas_with_routines();
        let (a, b) = (&areas[a % areas.len()], &areas[b % areas.len()]);
        prop_assume!(a != b);
        let now = friday_evening();
        let catalog = Catalog::bundled(bundled());
        let list = ranked(&catalog, now, &[sore(now, newer + gap, b, level), sore(now, newer, a, level)], &[], &[]);
        let (pa, pb) = (place_of(&list, a), place_of(&list, b));
        prop_assert!(pa.is_some(), "{list:#?}");
        if let Some(pb) = pb {
            prop_assert!(pa.unwrap() < pb, "{list:#?}");
        }
    }

    /// Every suggestion has a reason, and no routine is offered twice.
    #[test]
    fn each_routine_once_with_a_reason(readings in proptest::collection::vec(reading(), 0..6), hours in 0..72i64) {
        let now = friday_evening();
        let areas = areas_with_routines();
        let soreness: Vec<SorenessReading> =
            readings.iter().map(|&(a, h, l)| sore(now, h, &areas[a % areas.len()], l)).collect();
        let runs = [run(now, hours, "workout", 12, 1.5)];
        let list = ranked(&Catalog::bundled(bundled()), now, &soreness, &runs, &[]);
        prop_assert!(!list.is_empty());
        let ids: BTreeSet<&str> = list.iter().map(|r| r.routine.id.as_str()).collect();
        prop_assert_eq!(ids.len(), list.len());
        prop_assert!(list.iter().all(|r| !r.reason.is_empty() && r.reason.ends_with('.')));
    }
}
