//! Every colour pair of the stylesheet meets WCAG 2.1 AA in the light and the dark theme:
//! 4.5:1 for text (body text, muted text, code colours, the primary buttons' text on the
//! accent), 3:1 for the marks that carry state (pod borders, bars, the accent, revision
//! fills). The dark theme is written twice (the picker's `data-theme` and the system's
//! preference) and both copies must agree.

use std::collections::BTreeMap;

const STYLESHEET: &str = include_str!("../style/main.css");

/// The custom properties declared in the block that opens with `selector`.
fn palette(selector: &str) -> BTreeMap<String, String> {
    let start = STYLESHEET
        .find(selector)
        .unwrap_or_else(|| panic!("{selector} in style/main.css"));
    let body = &STYLESHEET[start + selector.len()..];
    let body = &body[..body.find('}').expect("a closing brace")];
    body.split(';')
        .filter_map(|declaration| {
            let (name, value) = declaration.split_once(':')?;
            let name = name.trim();
            name.starts_with("--")
                .then(|| (name.to_string(), value.trim().to_string()))
        })
        .collect()
}

fn channel(hex: &str, index: usize) -> f64 {
    let value = u8::from_str_radix(&hex[index..index + 2], 16).expect("hex colour") as f64 / 255.0;
    if value <= 0.04045 {
        value / 12.92
    } else {
        ((value + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG relative luminance of `#rrggbb` or `#rgb`.
fn luminance(colour: &str) -> f64 {
    let hex = colour.trim_start_matches('#');
    let hex = if hex.len() == 3 {
        hex.chars().flat_map(|c| [c, c]).collect::<String>()
    } else {
        hex.to_string()
    };
    0.2126 * channel(&hex, 0) + 0.7152 * channel(&hex, 2) + 0.0722 * channel(&hex, 4)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

const TEXT: [(&str, &str); 14] = [
    ("--ink", "--bg"),
    ("--ink", "--panel"),
    ("--muted", "--bg"),
    ("--muted", "--panel"),
    ("--hl-key", "--panel"),
    ("--hl-string", "--panel"),
    ("--hl-literal", "--panel"),
    ("--hl-meta", "--panel"),
    ("--accent", "--panel"),
    ("--gone", "--panel"),
    ("--starting", "--panel"),
    ("--ready", "--panel"),
    ("--pending", "--panel"),
    ("--v2", "--panel"),
];

const MARKS: [(&str, &str); 6] = [
    ("--ready", "--bg"),
    ("--starting", "--bg"),
    ("--pending", "--bg"),
    ("--gone", "--bg"),
    ("--v1", "--panel"),
    ("--v3", "--panel"),
];

#[test]
fn every_pair_meets_wcag_aa_in_both_themes() {
    let light = palette(":root {");
    let dark = palette(":root[data-theme=\"dark\"] {");
    let mut failures = Vec::new();
    for (theme, colours) in [("light", &light), ("dark", &dark)] {
        let value = |name: &str| {
            colours
                .get(name)
                .unwrap_or_else(|| panic!("{name} in the {theme} theme"))
                .clone()
        };
        for (pairs, minimum) in [(&TEXT[..], 4.5), (&MARKS[..], 3.0)] {
            for (foreground, background) in pairs {
                let ratio = contrast(&value(foreground), &value(background));
                if ratio < minimum {
                    failures.push(format!(
                        "{theme}: {foreground} on {background} is {ratio:.2}:1, needs {minimum}:1"
                    ));
                }
            }
        }
        // The primary buttons write --on-accent on the accent.
        let on_accent = contrast(&value("--on-accent"), &value("--accent"));
        if on_accent < 4.5 {
            failures.push(format!(
                "{theme}: --on-accent on --accent is {on_accent:.2}:1"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_system_dark_theme_is_the_pickers_dark_theme() {
    let picked = palette(":root[data-theme=\"dark\"] {");
    let system = palette(":root:not([data-theme=\"light\"]) {");
    assert_eq!(picked, system);
}

#[test]
fn the_contrast_formula_matches_wcag_examples() {
    assert!((contrast("#000", "#fff") - 21.0).abs() < 1e-9);
    assert!((contrast("#767676", "#ffffff") - 4.54).abs() < 0.01);
}
