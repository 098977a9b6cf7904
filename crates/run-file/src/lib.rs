//! The facts of a run read from a file a watch wrote — when it started, how far, how long — from GPX (the
//! `gpx` crate) or FIT (the `fitparser` crate), told apart by content, never by file name.
//!
//! Invariant: [`read`] is pure (bytes in, facts or an error in plain words out: "the GPX file has no track
//! points with times"), reads a file whole or not at all, and writes nothing anywhere. Whether the facts make
//! a run the journal accepts (distance and time in range) is the app's rule, checked by the app.
//!
//! Why a crate of its own: the FIT profile alone is more than half a megabyte of wasm. The app's web build
//! carries only [`RunFileFacts`] and loads this crate's parsers as a separate module ([`web`]) the first
//! time a runner imports a file; desktop and phones link the parsers in.

use serde::{Deserialize, Serialize};

/// Largest run file read, in bytes: a 24-hour GPX with a point a second is about 10 MB.
pub const MAX_RUN_FILE_BYTES: usize = 25 * 1024 * 1024;

/// Which kind of file the facts came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunFileFormat {
    Gpx,
    Fit,
}

impl RunFileFormat {
    /// The name a runner knows the format by.
    pub fn name(self) -> &'static str {
        match self {
            RunFileFormat::Gpx => "GPX",
            RunFileFormat::Fit => "FIT",
        }
    }
}

/// What a run file says about its run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunFileFacts {
    pub format: RunFileFormat,
    /// The start, in milliseconds since the Unix epoch (UTC).
    pub started_at_ms: i64,
    /// Metres, rounded.
    pub distance_m: u32,
    /// Seconds moving (FIT's timer time) or from the first to the last timed point (GPX), rounded.
    pub duration_secs: u32,
}

/// Why a file of `len` bytes is not read, if it is too large to be a run file.
pub fn too_large(len: usize) -> Option<String> {
    (len > MAX_RUN_FILE_BYTES).then(|| format!("the file is {} MB; a run file is at most {} MB", len / 1_048_576, MAX_RUN_FILE_BYTES / 1_048_576))
}

/// Reads a GPX or FIT file's run.
#[cfg(feature = "parse")]
pub fn read(bytes: &[u8]) -> Result<RunFileFacts, String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    if let Some(problem) = too_large(bytes.len()) {
        return Err(problem);
    }
    // A FIT file says ".FIT" at bytes 8–11 of its header.
    if bytes.len() >= 12 && &bytes[8..12] == b".FIT" {
        if let Some(problem) = fit_framing_problem(bytes) {
            return Err(problem);
        }
        return parse::fit(bytes);
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| "the file is neither a FIT file nor GPX text (it is not UTF-8)".to_string())?;
    if !text.trim_start().starts_with('<') {
        return Err("the file is neither a FIT file nor GPX (XML) text".into());
    }
    parse::gpx(text)
}

/// Why a FIT file's framing is broken, if it is, checked by the FIT protocol's rules before the parser sees
/// the file: `fitparser` 0.11 trusts a header's size byte and panics on one larger than the file (found by
/// the damaged-file property test) or smaller than two, and a panic aborts the app. A FIT file is one or more
/// parts back to back ("chained"), each a header — its size (at least 12 bytes), protocol and profile
/// versions, the size of its records, ".FIT", and from 14 bytes on a CRC —, its records, and a 2-byte CRC.
/// Every part must fit in what is left, and the last must end where the file does.
#[cfg(feature = "parse")]
fn fit_framing_problem(bytes: &[u8]) -> Option<String> {
    let mut at = 0;
    while at < bytes.len() {
        let part = &bytes[at..];
        if part.len() < 12 || &part[8..12] != b".FIT" {
            return Some("the FIT file cannot be read: it has bytes after its end that are not another FIT part".into());
        }
        let header = usize::from(part[0]);
        let records = u32::from_le_bytes([part[4], part[5], part[6], part[7]]) as usize;
        if header < 12 {
            return Some(format!("the FIT file cannot be read: its header says it is {header} bytes long, and a FIT header is at least 12"));
        }
        let needed = header.saturating_add(records).saturating_add(2);
        if needed > part.len() {
            return Some(format!("the FIT file cannot be read: it is cut short (it says {needed} bytes, and {} are there)", part.len()));
        }
        at += needed;
    }
    None
}

/// Great-circle distance in metres between two points given as (latitude, longitude) in degrees.
pub fn haversine_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_008.8;
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

#[cfg(feature = "parse")]
mod parse {
    use chrono::{DateTime, FixedOffset};

    use super::{haversine_m, RunFileFacts, RunFileFormat};

    /// A figure rounded into `u32`, saturating (a file's figures are checked against the journal's rules later).
    fn rounded(x: f64) -> u32 {
        x.round().clamp(0.0, f64::from(u32::MAX)) as u32
    }

    pub(super) fn gpx(text: &str) -> Result<RunFileFacts, String> {
        let gpx = gpx::read(text.as_bytes()).map_err(|e| format!("the GPX file cannot be read: {e}"))?;
        let mut distance = 0.0;
        let (mut first, mut last) = (None::<DateTime<FixedOffset>>, None::<DateTime<FixedOffset>>);
        let mut points = 0usize;
        for segment in gpx.tracks.iter().flat_map(|t| t.segments.iter()) {
            let mut previous: Option<(f64, f64)> = None;
            for p in &segment.points {
                let point = p.point();
                let (lat, lon) = (point.y(), point.x());
                if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                    return Err(format!("the GPX file has a point at latitude {lat}, longitude {lon}, which is not on Earth"));
                }
                if let Some(prev) = previous {
                    distance += haversine_m(prev, (lat, lon));
                }
                previous = Some((lat, lon));
                points += 1;
                if let Some(at) = p.time.as_ref().and_then(|t| t.format().ok()).and_then(|s| DateTime::parse_from_rfc3339(&s).ok()) {
                    if first.is_none_or(|f| at < f) {
                        first = Some(at);
                    }
                    if last.is_none_or(|l| at > l) {
                        last = Some(at);
                    }
                }
            }
        }
        if points < 2 {
            return Err("the GPX file has no track with at least two points".into());
        }
        let (Some(first), Some(last)) = (first, last) else {
            return Err("the GPX file has no track points with times, so its run has no start or duration".into());
        };
        Ok(RunFileFacts {
            format: RunFileFormat::Gpx,
            started_at_ms: first.timestamp_millis(),
            distance_m: rounded(distance),
            duration_secs: u32::try_from((last - first).num_seconds()).unwrap_or(u32::MAX),
        })
    }

    pub(super) fn fit(bytes: &[u8]) -> Result<RunFileFacts, String> {
        use fitparser::profile::MesgNum;
        use fitparser::Value;
        let records = fitparser::from_bytes(bytes).map_err(|e| format!("the FIT file cannot be read: {e}"))?;
        let number = |v: &Value| -> Option<f64> {
            match v {
                Value::Float64(x) => Some(*x),
                Value::Float32(x) => Some(f64::from(*x)),
                Value::UInt32(x) => Some(f64::from(*x)),
                Value::UInt16(x) => Some(f64::from(*x)),
                Value::UInt8(x) => Some(f64::from(*x)),
                _ => None,
            }
        };
        let (mut start, mut distance, mut secs) = (None, None, None);
        for r in records.iter().filter(|r| r.kind() == MesgNum::Session) {
            for f in r.fields() {
                match (f.name(), f.value()) {
                    ("start_time", Value::Timestamp(t)) => start = start.or(Some(t.timestamp_millis())),
                    ("total_distance", v) => distance = distance.or(number(v)),
                    ("total_timer_time", v) => secs = secs.or(number(v)),
                    ("total_elapsed_time", v) if secs.is_none() => secs = number(v),
                    _ => {}
                }
            }
        }
        let started_at_ms = start.ok_or("the FIT file has no session with a start time (is it an activity file?)")?;
        let distance = distance.ok_or("the FIT file's session has no total distance")?;
        let secs = secs.ok_or("the FIT file's session has no total time")?;
        if !distance.is_finite() || !secs.is_finite() {
            return Err("the FIT file's session has a distance or time that is not a number".into());
        }
        Ok(RunFileFacts { format: RunFileFormat::Fit, started_at_ms, distance_m: rounded(distance), duration_secs: rounded(secs) })
    }
}

/// The module the web build loads on demand: one function, bytes in, the postcard encoding of
/// `Result<RunFileFacts, String>` out (the app decodes it with the same types, so nothing is restated).
#[cfg(feature = "web")]
pub mod web {
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen]
    pub fn read_run_file(bytes: &[u8]) -> Vec<u8> {
        // Encoding these two plain types into a Vec cannot fail.
        postcard::to_allocvec(&super::read(bytes)).unwrap_or_default()
    }
}
