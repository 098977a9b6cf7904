//! The Android release manifest against the one dx 0.7.10 would generate.
//!
//! dx copies `mobile/android/AndroidManifest.xml` verbatim instead of rendering its own template, so nothing
//! dx relies on reaches the app unless our file spells it out. Losing something from the template is how
//! this app once had no INTERNET permission (a crash at launch: Dioxus's UI edit channel is a loopback
//! socket) and no network security config (a blank screen: the WebView's ws:// to 127.0.0.1 is cleartext).
//!
//! The template is kept in `mobile/android/dx-0.7.10/AndroidManifest.xml.hbs` (origin in its header;
//! `scripts/check-mobile.sh` checks it is unmodified). It is rendered here as dx renders it for an empty
//! Dioxus.toml (every optional block left out, `lib_name` = `main`), and every element and attribute it has
//! must be in ours with the same value, unless [`DELIBERATE`] lists it with a reason.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

const OURS: &str = include_str!("../mobile/android/AndroidManifest.xml");
const TEMPLATE: &str = include_str!("../mobile/android/dx-0.7.10/AndroidManifest.xml.hbs");
const NETWORK_SECURITY_CONFIG: &str = include_str!("../mobile/android/dx-0.7.10/network_security_config.xml");
const ANDROID_NS: &str = "http://schemas.android.com/apk/res/android";

/// Differences from dx's template made on purpose: (element path, attribute, why). An attribute of the
/// template listed here may differ from or be missing in ours; one that is listed but no longer differs
/// fails the test too, so this list stays true.
const DELIBERATE: &[(&str, &str, &str)] = &[
    (
        "manifest/application",
        "theme",
        "AppCompat DayNight instead of dx's AppTheme (Theme.AppCompat.Light.NoActionBar): with targetSdk 33+ \
         the WebView's prefers-color-scheme follows the theme's isLightTheme, so dark mode needs a DayNight theme",
    ),
    (
        "manifest/application/activity[dev.dioxus.main.MainActivity]",
        "configChanges",
        "widened (a superset of dx's list, checked by config_changes_cover_what_a_person_can_change): any \
         configuration change that recreates the activity ends the app",
    ),
];

/// Every configuration change a person can cause mid-routine. Android recreates an activity for a change
/// it does not handle; tao then releases its context and dioxus ends the process.
const CONFIG_CHANGES: &[&str] = &[
    "orientation",
    "screenLayout",
    "screenSize",
    "keyboardHidden",
    "uiMode",
    "smallestScreenSize",
    "density",
    "fontScale",
    "locale",
    "layoutDirection",
    "keyboard",
    "navigation",
];

/// Renders the template as dx 0.7.10 does for a Dioxus.toml with no [android] extras: `{{#each}}` and
/// `{{#if}}` blocks without an `{{else}}` vanish, an `{{else}}` branch is taken, `{{{ raw_manifest }}}` is
/// empty and `{{ lib_name }}` is `main` (dx's default, and ours: libmain.so). Handlebars comments go.
fn render_template(hbs: &str) -> String {
    let mut s = hbs.to_string();
    // Comments: {{!-- ... --}}
    while let Some(start) = s.find("{{!--") {
        let end = s[start..].find("--}}").expect("unclosed {{!-- comment") + start + 4;
        s.replace_range(start..end, "");
    }
    // The XML declaration must come first: drop what the header comment left before it.
    s = s.trim_start().to_string();
    for block in ["each", "if"] {
        let open = format!("{{{{#{block} ");
        let close = format!("{{{{/{block}}}}}");
        while let Some(start) = s.find(&open) {
            let end = s[start..].find(&close).unwrap_or_else(|| panic!("unclosed {open}")) + start;
            let body_start = s[start..].find("}}").unwrap() + start + 2;
            let body = &s[body_start..end];
            assert!(!body.contains(&open), "nested {open} blocks are not handled");
            let kept = body.split_once("{{else}}").map(|(_, otherwise)| otherwise.to_string()).unwrap_or_default();
            s.replace_range(start..end + close.len(), &kept);
        }
    }
    s = s.replace("{{{ raw_manifest }}}", "").replace("{{ lib_name }}", "main");
    assert!(!s.contains("{{"), "template has a placeholder this test does not know:\n{s}");
    s
}

/// An element's path: tag names from the root, each with its `android:name` when it has one, so
/// `uses-permission[android.permission.INTERNET]` and the two `meta-data` entries are told apart.
fn path_of(node: roxmltree::Node) -> String {
    let mut parts: Vec<String> = node
        .ancestors()
        .filter(|n| n.is_element())
        .map(|n| {
            let tag = n.tag_name().name().to_string();
            match n.attribute((ANDROID_NS, "name")) {
                Some(name) => format!("{tag}[{name}]"),
                None => tag,
            }
        })
        .collect();
    parts.reverse();
    parts.join("/")
}

/// Element path -> its attributes (local name -> value), for every element of the document.
fn elements(xml: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{xml}"));
    let mut out = BTreeMap::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let attrs = node.attributes().map(|a| (a.name().to_string(), a.value().to_string())).collect();
        let previous = out.insert(path_of(node), attrs);
        assert!(previous.is_none(), "two elements at {}", path_of(node));
    }
    out
}

fn deliberate(path: &str, attr: &str) -> bool {
    DELIBERATE.iter().any(|(p, a, _)| *p == path && *a == attr)
}

const ACTIVITY: &str = "manifest/application/activity[dev.dioxus.main.MainActivity]";

#[test]
fn keeps_everything_from_dx_template_unless_listed() {
    let template = elements(&render_template(TEMPLATE));
    let ours = elements(OURS);
    let mut lost = Vec::new();
    for (path, attrs) in &template {
        let Some(our_attrs) = ours.get(path) else {
            lost.push(format!("element {path} (dx's template has it, ours does not)"));
            continue;
        };
        for (attr, value) in attrs {
            if deliberate(path, attr) {
                continue;
            }
            match our_attrs.get(attr) {
                None => lost.push(format!("{path} @{attr}=\"{value}\" is missing")),
                Some(v) if v != value => lost.push(format!("{path} @{attr}: dx has \"{value}\", ours \"{v}\"")),
                Some(_) => {}
            }
        }
    }
    assert!(
        lost.is_empty(),
        "mobile/android/AndroidManifest.xml lost what dx's template has (list it in DELIBERATE with a reason if \
         it is on purpose):\n  {}",
        lost.join("\n  ")
    );
}

#[test]
fn every_deliberate_change_is_still_a_change() {
    let template = elements(&render_template(TEMPLATE));
    let ours = elements(OURS);
    for (path, attr, why) in DELIBERATE {
        assert!(!why.trim().is_empty(), "{path} @{attr}: no reason given");
        let theirs = template.get(*path).and_then(|a| a.get(*attr));
        assert!(theirs.is_some(), "DELIBERATE lists {path} @{attr}, which dx's template does not have");
        let mine = ours.get(*path).and_then(|a| a.get(*attr));
        assert_ne!(theirs, mine, "DELIBERATE lists {path} @{attr}, but ours is the same as dx's: drop the entry");
    }
}

#[test]
fn internet_is_requested_for_the_loopback_edit_channel() {
    let ours = elements(OURS);
    for permission in ["android.permission.INTERNET", "android.permission.VIBRATE"] {
        assert!(
            ours.contains_key(&format!("manifest/uses-permission[{permission}]")),
            "{permission} is missing (INTERNET: Dioxus's UI edit channel is a socket on 127.0.0.1; without it the \
             app panics at launch)"
        );
    }
    // Nothing that would only be wanted for the network beyond loopback.
    for unwanted in ["ACCESS_NETWORK_STATE", "ACCESS_WIFI_STATE", "CHANGE_NETWORK_STATE"] {
        assert!(
            !ours.keys().any(|p| p.contains(unwanted)),
            "android.permission.{unwanted}: Unknot never uses the network beyond loopback"
        );
    }
}

#[test]
fn cleartext_goes_to_loopback_only() {
    let ours = elements(OURS);
    let app = &ours["manifest/application"];
    assert_eq!(
        app.get("networkSecurityConfig").map(String::as_str),
        Some("@xml/network_security_config"),
        "dx writes res/xml/network_security_config.xml (cleartext to 127.0.0.1); without it the WebView cannot \
         reach ws://127.0.0.1 (blank screen)"
    );
    assert_ne!(
        app.get("usesCleartextTraffic").map(String::as_str),
        Some("true"),
        "usesCleartextTraffic=true would allow cleartext to every host"
    );
    // What dx writes as that file: cleartext allowed for 127.0.0.1 and nothing else.
    let doc = roxmltree::Document::parse(NETWORK_SECURITY_CONFIG).unwrap();
    let domains: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("domain")).filter_map(|n| n.text()).collect();
    assert_eq!(domains, ["127.0.0.1"]);
    assert!(!doc.descendants().any(|n| n.has_tag_name("base-config")), "no base-config widening cleartext");
}

#[test]
fn config_changes_cover_what_a_person_can_change() {
    let ours = elements(OURS);
    let template = elements(&render_template(TEMPLATE));
    let listed: Vec<&str> = ours[ACTIVITY]["configChanges"].split('|').collect();
    let mut missing: Vec<&str> = CONFIG_CHANGES.iter().copied().filter(|c| !listed.contains(c)).collect();
    // dx's own list must stay in, whatever it becomes in a later template.
    missing.extend(template[ACTIVITY]["configChanges"].split('|').filter(|c| !listed.contains(c)));
    assert!(
        missing.is_empty(),
        "configChanges lacks {missing:?}: Android would recreate the activity on that change and the app would exit"
    );
}

#[test]
fn theme_follows_dark_mode() {
    let ours = elements(OURS);
    let theme = &ours["manifest/application"]["theme"];
    // WryActivity extends AppCompatActivity, which needs an AppCompat theme; androidx.appcompat is a
    // dependency of dx's generated app/build.gradle.kts.
    assert!(
        theme.starts_with("@style/Theme.AppCompat.DayNight"),
        "theme {theme}: must be an AppCompat DayNight theme (the WebView's prefers-color-scheme follows isLightTheme)"
    );
    assert!(theme.ends_with("NoActionBar"), "theme {theme}: the app draws its own header");
}

#[test]
fn template_renders_like_dx_does() {
    // Guards the little renderer above: what it produces is what dx 0.7.10 writes for an empty config.
    let rendered = elements(&render_template(TEMPLATE));
    assert_eq!(rendered["manifest/application"]["theme"], "@style/AppTheme");
    assert_eq!(rendered["manifest/application"]["supportsRtl"], "true");
    assert_eq!(rendered[&format!("{ACTIVITY}/meta-data[android.app.lib_name]")]["value"], "main");
    assert!(rendered.contains_key("manifest/uses-permission[android.permission.INTERNET]"));
    assert!(!rendered.keys().any(|p| p.contains("service")), "optional blocks are left out");
}

/// Cues with the screen off (issue #15): the session's foreground service is declared by its full class name
/// (a relative name would resolve against the app id, not `dev.dioxus.main` where dx puts MainActivity.kt's
/// classes), with type mediaPlayback, not exported, with every permission it needs on Android 13-14+.
#[test]
fn the_session_service_and_its_permissions_are_declared() {
    let all = elements(OURS);
    let service = all
        .get("manifest/application/service[dev.dioxus.main.CueService]")
        .unwrap_or_else(|| panic!("no <service android:name=\"dev.dioxus.main.CueService\">; elements: {:?}", all.keys()));
    let types = service.get("foregroundServiceType").map(String::as_str).unwrap_or("");
    assert!(types.split('|').any(|t| t == "mediaPlayback"), "foregroundServiceType is {types:?}, not mediaPlayback");
    assert_eq!(service.get("exported").map(String::as_str), Some("false"), "only the app starts its service");
    for permission in ["FOREGROUND_SERVICE", "FOREGROUND_SERVICE_MEDIA_PLAYBACK", "POST_NOTIFICATIONS", "WAKE_LOCK", "VIBRATE"] {
        let key = format!("manifest/uses-permission[android.permission.{permission}]");
        assert!(all.contains_key(&key), "{permission} is not requested");
    }
    // The class it names exists in the Kotlin dx copies, as a Service.
    let kotlin = include_str!("../mobile/android/MainActivity.kt");
    assert!(kotlin.starts_with("package dev.dioxus.main"), "MainActivity.kt is not in package dev.dioxus.main");
    assert!(kotlin.contains("\nclass CueService : Service()"), "MainActivity.kt has no class CueService : Service()");
}
