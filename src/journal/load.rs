//! Soreness against training load: for each of the last few weeks (Monday to Sunday, local dates), the
//! distance run and the number of runs, and for each logged area its highest soreness that week.
//!
//! [`load_overview`] is pure (the caller passes today; no clock reads, no I/O); [`Journal::load_overview`]
//! reads what it needs from the store and hands it over. A week's soreness is the worst day's average, as on
//! one area's page, so the two screens always show the same number for the same week.

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::params;

use super::run::Run;
use super::store::Journal;
use super::JournalError;

/// The most weeks an overview spans (a year).
pub const MAX_WEEKS: u32 = 53;

/// One week's training load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekLoad {
    /// The Monday the week starts on.
    pub monday: NaiveDate,
    /// Metres run that week (0 for a week with no runs).
    pub metres: u32,
    /// Runs that week.
    pub runs: u32,
}

/// One area's highest soreness (0–10, a day's average) in each week of the overview, `None` where no note
/// that week rated it.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaWeeks {
    pub area: String,
    pub soreness: Vec<Option<f64>>,
}

impl AreaWeeks {
    /// Whether any week of the overview has a reading for this area.
    pub fn has_readings(&self) -> bool {
        self.soreness.iter().any(Option::is_some)
    }
}

/// Weeks oldest first; each area's `soreness` has one entry per week, in the same order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LoadOverview {
    pub weeks: Vec<WeekLoad>,
    pub areas: Vec<AreaWeeks>,
}

/// Monday of the week holding `day`.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// The Monday of the first of `weeks` weeks ending with the one holding `today`.
pub fn first_monday(today: NaiveDate, weeks: u32) -> NaiveDate {
    monday_of(today) - Days::new(7 * u64::from(weeks.clamp(1, MAX_WEEKS) - 1))
}

/// Distance and runs per week, and each of `areas` (in the order given) with its highest daily soreness per
/// week, over `weeks` weeks (1 to [`MAX_WEEKS`]) ending with the one holding `today`. `soreness` holds
/// `(area, day, that day's average)`; readings of areas not in `areas`, and runs or readings outside the
/// weeks, are left out.
pub fn load_overview(runs: &[Run], soreness: &[(String, NaiveDate, f64)], areas: &[String], today: NaiveDate, weeks: u32) -> LoadOverview {
    let weeks = weeks.clamp(1, MAX_WEEKS);
    let first = first_monday(today, weeks);
    let week_of = |d: NaiveDate| usize::try_from((d - first).num_days()).ok().map(|n| n / 7).filter(|&w| w < weeks as usize);
    let mut load: Vec<WeekLoad> =
        (0..weeks).map(|i| WeekLoad { monday: first + Days::new(7 * u64::from(i)), metres: 0, runs: 0 }).collect();
    for run in runs {
        if let Some(w) = week_of(run.started_at.date_naive()) {
            load[w].metres = load[w].metres.saturating_add(run.distance_m);
            load[w].runs += 1;
        }
    }
    let areas = areas
        .iter()
        .map(|area| {
            let mut worst = vec![None::<f64>; weeks as usize];
            for (_, day, level) in soreness.iter().filter(|(a, _, _)| a == area) {
                if let Some(w) = week_of(*day) {
                    worst[w] = Some(worst[w].map_or(*level, |m: f64| m.max(*level)));
                }
            }
            AreaWeeks { area: area.clone(), soreness: worst }
        })
        .collect();
    LoadOverview { weeks: load, areas }
}

impl Journal {
    /// Daily average soreness of every area from `since` (a local date) on, as `(area, day, average)`, by area
    /// then day.
    pub fn soreness_by_area_and_day(&self, since: NaiveDate) -> Result<Vec<(String, NaiveDate, f64)>, JournalError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.area, substr(n.created_at, 1, 10) AS day, avg(s.level) FROM soreness s JOIN notes n ON n.id = s.note_id
             WHERE day >= ?1 GROUP BY s.area, day ORDER BY s.area, day",
        )?;
        let rows = stmt.query_map(params![since.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, f64>(2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (area, day, avg) = row?;
            if let Ok(d) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
                out.push((area, d, avg));
            }
        }
        Ok(out)
    }

    /// [`load_overview`] of the journal: every logged area (most logged first), over `weeks` weeks ending
    /// with the one holding `today`.
    pub fn load_overview(&self, today: NaiveDate, weeks: u32) -> Result<LoadOverview, JournalError> {
        let since = first_monday(today, weeks);
        let soreness = self.soreness_by_area_and_day(since)?;
        let runs = self.runs()?;
        let areas = self.logged_areas()?;
        Ok(load_overview(&runs, &soreness, &areas, today, weeks))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::DateTime;

    use super::*;
    use crate::journal::{Note, RunKind};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn run(id: &str, at: &str, km: f64) -> Run {
        Run {
            id: id.into(),
            started_at: DateTime::parse_from_rfc3339(at).unwrap(),
            kind: RunKind::Easy,
            distance_m: (km * 1000.0) as u32,
            duration_secs: 3000,
            effort: None,
            note: String::new(),
            source: None,
        }
    }

    fn sore(area: &str, d: &str, level: f64) -> (String, NaiveDate, f64) {
        (area.into(), day(d), level)
    }

    // Friday 20 November 2026: its week starts on Monday the 16th.
    const TODAY: &str = "2026-11-20";

    #[test]
    fn weeks_run_monday_to_sunday_oldest_first_ending_with_todays() {
        let o = load_overview(&[], &[], &[], day(TODAY), 4);
        let mondays: Vec<String> = o.weeks.iter().map(|w| w.monday.to_string()).collect();
        assert_eq!(mondays, ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"]);
        // On a Monday and on a Sunday the last week is still the one holding today.
        assert_eq!(load_overview(&[], &[], &[], day("2026-11-16"), 1).weeks[0].monday, day("2026-11-16"));
        assert_eq!(load_overview(&[], &[], &[], day("2026-11-22"), 1).weeks[0].monday, day("2026-11-16"));
        // 0 weeks means one; more than a year means a year.
        assert_eq!(load_overview(&[], &[], &[], day(TODAY), 0).weeks.len(), 1);
        assert_eq!(load_overview(&[], &[], &[], day(TODAY), 500).weeks.len(), MAX_WEEKS as usize);
    }

    #[test]
    fn distance_and_runs_are_summed_per_week_and_weeks_without_runs_are_zero() {
        let runs = [
            run("a", "2026-11-17T07:00:00+01:00", 8.0),
            run("b", "2026-11-19T18:00:00+01:00", 12.5),
            // Sunday night and the next Monday morning fall in different weeks.
            run("c", "2026-11-08T23:30:00+01:00", 19.0),
            run("d", "2026-11-09T06:00:00+01:00", 5.0),
            // Before the weeks shown: left out.
            run("e", "2026-10-25T09:00:00+01:00", 30.0),
        ];
        let o = load_overview(&runs, &[], &[], day(TODAY), 4);
        let load: Vec<(u32, u32)> = o.weeks.iter().map(|w| (w.metres, w.runs)).collect();
        assert_eq!(load, [(0, 0), (19_000, 1), (5_000, 1), (20_500, 2)]);
    }

    #[test]
    fn each_area_has_its_worst_day_per_week_and_nothing_where_no_note_rated_it() {
        let soreness = [
            sore("calves", "2026-11-16", 3.0),
            sore("calves", "2026-11-18", 6.5),
            sore("calves", "2026-11-03", 2.0),
            sore("quads", "2026-11-20", 4.0),
            // An area not asked for, and a reading before the weeks shown: left out.
            sore("feet", "2026-11-20", 9.0),
            sore("calves", "2026-10-01", 10.0),
        ];
        let areas = ["calves".to_string(), "quads".to_string(), "hamstrings".to_string()];
        let o = load_overview(&[], &soreness, &areas, day(TODAY), 4);
        let got: Vec<(&str, Vec<Option<f64>>)> = o.areas.iter().map(|a| (a.area.as_str(), a.soreness.clone())).collect();
        assert_eq!(
            got,
            [
                ("calves", vec![None, Some(2.0), None, Some(6.5)]),
                ("quads", vec![None, None, None, Some(4.0)]),
                ("hamstrings", vec![None, None, None, None]),
            ]
        );
        assert!(o.areas[0].has_readings() && !o.areas[2].has_readings());
        // Every area has one entry per week, in the weeks' order.
        assert!(o.areas.iter().all(|a| a.soreness.len() == o.weeks.len()));
    }

    #[test]
    fn an_empty_journal_gives_empty_weeks_and_no_areas() {
        let journal = Journal::open_in_memory().unwrap();
        let o = journal.load_overview(day(TODAY), 8).unwrap();
        assert_eq!(o.weeks.len(), 8);
        assert!(o.weeks.iter().all(|w| w.metres == 0 && w.runs == 0));
        assert!(o.areas.is_empty());
    }

    #[test]
    fn the_store_query_matches_the_area_page_average_per_day() {
        let mut journal = Journal::open_in_memory().unwrap();
        let note = |id: &str, at: &str, levels: &[(&str, u8)]| {
            let at = DateTime::parse_from_rfc3339(at).unwrap();
            Note {
                id: id.into(),
                created_at: at,
                updated_at: at,
                session_id: None,
                feel: 3,
                rpe: None,
                text: String::new(),
                soreness: levels.iter().map(|(a, l)| (a.to_string(), *l)).collect::<BTreeMap<_, _>>(),
            }
        };
        // Two notes on Wednesday (calves 4 and 8: the day's average is 6), one on Friday (calves 5).
        journal.save_note(&note("n1", "2026-11-18T08:00:00+01:00", &[("calves", 4), ("quads", 2)])).unwrap();
        journal.save_note(&note("n2", "2026-11-18T20:00:00+01:00", &[("calves", 8)])).unwrap();
        journal.save_note(&note("n3", "2026-11-20T08:00:00+01:00", &[("calves", 5)])).unwrap();
        // Hamstrings logged long ago: still an area of the journal, with no reading in these weeks.
        journal.save_note(&note("n4", "2026-06-01T08:00:00+01:00", &[("hamstrings", 7)])).unwrap();
        journal.save_run(&run("r1", "2026-11-15T09:00:00+01:00", 21.1)).unwrap();
        journal.save_run(&run("r2", "2026-11-17T07:00:00+01:00", 6.0)).unwrap();

        let o = journal.load_overview(day(TODAY), 4).unwrap();
        let load: Vec<(u32, u32)> = o.weeks.iter().map(|w| (w.metres, w.runs)).collect();
        assert_eq!(load, [(0, 0), (0, 0), (21_100, 1), (6_000, 1)]);
        let by_area: BTreeMap<&str, &Vec<Option<f64>>> = o.areas.iter().map(|a| (a.area.as_str(), &a.soreness)).collect();
        assert_eq!(by_area["calves"], &vec![None, None, None, Some(6.0)]);
        assert_eq!(by_area["quads"], &vec![None, None, None, Some(2.0)]);
        assert_eq!(by_area["hamstrings"], &vec![None, None, None, None]);
        // Calves were logged most, so they come first.
        assert_eq!(o.areas[0].area, "calves");
        let page: Vec<(NaiveDate, f64)> = journal.soreness_by_day("calves", first_monday(day(TODAY), 4)).unwrap();
        assert_eq!(page.iter().map(|(_, v)| *v).fold(0.0, f64::max), 6.0);
    }
}
