//! Upper and lower case, and counts in words, for the app's text (pure: no I/O, no clock, no UI).
//!
//! The same results as `str::to_lowercase` and `char::to_uppercase`. Text in ASCII, which is nearly all the
//! app shows, is mapped here; other text goes to the standard library, except in the web build, where the
//! browser maps it (`String.prototype.toLowerCase` / `toUpperCase`: the same Unicode case mappings, final
//! sigma included). Rust's own case tables are then never linked into the wasm: 20 KB of it (issue #16).

/// "1 second", "5 seconds".
pub fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 { format!("{n} {one}") } else { format!("{n} {many}") }
}

/// `s.to_lowercase()`.
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    #[cfg(target_arch = "wasm32")]
    return js_sys::JsString::from(s).to_lower_case().into();
    #[cfg(not(target_arch = "wasm32"))]
    s.to_lowercase()
}

/// `s` with its first character in lower case, the rest as it is.
pub fn lowercase_first(s: &str) -> String {
    map_first(s, lowercase)
}

/// `s` with its first character in capitals, the rest as it is.
pub fn uppercase_first(s: &str) -> String {
    map_first(s, uppercase)
}

/// The mapping of one character, as a string (a character may map to several: "ß" → "SS").
fn uppercase(c: &str) -> String {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    #[cfg(target_arch = "wasm32")]
    return js_sys::JsString::from(c).to_upper_case().into();
    #[cfg(not(target_arch = "wasm32"))]
    c.to_uppercase()
}

fn map_first(s: &str, map: fn(&str) -> String) -> String {
    match s.chars().next() {
        Some(first) => map(&s[..first.len_utf8()]) + &s[first.len_utf8()..],
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_the_standard_library() {
        let first = |s: &str, f: fn(char) -> String| {
            let mut chars = s.chars();
            chars.next().map_or(String::new(), |c| f(c) + chars.as_str())
        };
        for s in ["", "Calves", "ÉPAULE droite", "ΟΔΟΣ Σ", "İstanbul", "ǅemal", "\u{212A}elvin", "ßa", "ﬁne", "1 km"] {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s}");
            assert_eq!(uppercase_first(s), first(s, |c| c.to_uppercase().collect()), "{s}");
            assert_eq!(lowercase_first(s), first(s, |c| c.to_lowercase().collect()), "{s}");
        }
    }
}
