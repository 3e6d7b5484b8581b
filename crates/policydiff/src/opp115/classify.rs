//! Segment classification into the 12-label OPP-115 scheme.
//!
//! The classifier is a table of hand-written regular-expression cues
//! (`lexicon/opp115.toml`), each with one weight per category. A segment's
//! score for a category is the category's bias plus the weights of the cues
//! that match the folded segment; it gets every category whose score reaches
//! the category's threshold, or, if none does, the one closest to its
//! threshold (every OPP-115 segment has at least one label). The weights and
//! thresholds were fitted on the Majority train and validation splits only
//! (see `docs/EVALUATION.md`); the cues themselves are rules, readable and
//! editable like any lexicon.
//!
//! Matching: most cues are words and phrases, which one regex set matches in
//! a single pass of its lazy DFA. A few cues count characters (`^.{0,40}`,
//! `[^.]{0,80}`); inside the set such counters multiply the DFA's states
//! until the engine gives up on the DFA and falls back to a far slower one,
//! so each of those cues is compiled on its own, where its DFA stays small
//! (anchored cues stop after their window, the others are prefiltered on
//! their literal words). Each cue matches exactly as it would in one set;
//! only the speed differs.

use std::sync::LazyLock;

use regex::bytes::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::hir::{Hir, HirKind};
use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};
use crate::lexicon::fold;

/// The 12 labels, in the order used by Polisis / PrivacyGLUE reports.
pub const CATEGORIES: [&str; 12] = [
    "First Party Collection/Use",
    "Third Party Sharing/Collection",
    "User Choice/Control",
    "User Access, Edit and Deletion",
    "Data Retention",
    "Data Security",
    "Policy Change",
    "Do Not Track",
    "International and Specific Audiences",
    "Introductory/Generic",
    "Practice not covered",
    "Privacy contact information",
];

const BUILTIN: &str = include_str!("../../lexicon/opp115.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Feature {
    pattern: String,
    weights: Vec<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueFile {
    categories: Vec<String>,
    bias: Vec<f32>,
    threshold: Vec<f32>,
    #[serde(default)]
    feature: Vec<Feature>,
}

/// A compiled segment classifier.
#[derive(Debug)]
pub struct Classifier {
    /// The cues without long counted repetitions, matched together.
    set: RegexSet,
    /// The index in the cue table of each pattern of `set`, ascending.
    set_cues: Vec<usize>,
    /// The cues with a long counted repetition (see [`costly`]), each with its
    /// index in the cue table.
    single: Vec<(usize, Regex)>,
    weights: Vec<[f32; 12]>,
    bias: [f32; 12],
    threshold: [f32; 12],
}

fn array12(v: &[f32], what: &str) -> Result<[f32; 12]> {
    <[f32; 12]>::try_from(v).map_err(|_| {
        Error::new(
            ErrorKind::Config,
            format!(
                "opp115 cues: `{what}` must have 12 numbers, one per category, got {}",
                v.len()
            ),
        )
    })
}

/// Counted repetitions longer than this (`.{0,40}`) are kept out of the
/// shared regex set; short ones (`\\d{3}`) cost it little.
const LONG_REPEAT: u32 = 8;

/// Whether a cue holds a counted repetition longer than [`LONG_REPEAT`],
/// which would swell the shared set's DFA. A pattern that does not parse is
/// left to the set, whose build reports the error.
fn costly(pattern: &str) -> bool {
    fn walk(h: &Hir) -> bool {
        match h.kind() {
            HirKind::Repetition(r) => {
                r.min > LONG_REPEAT || r.max.is_some_and(|m| m > LONG_REPEAT) || walk(&r.sub)
            }
            HirKind::Capture(c) => walk(&c.sub),
            HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().any(walk),
            HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => false,
        }
    }
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .is_ok_and(|h| walk(&h))
}

static BUILTIN_CLASSIFIER: LazyLock<Classifier> = LazyLock::new(|| {
    Classifier::from_toml(BUILTIN).expect("built-in lexicon/opp115.toml is valid")
});

impl Classifier {
    /// The built-in classifier.
    pub fn builtin() -> &'static Classifier {
        &BUILTIN_CLASSIFIER
    }

    /// A classifier from a cue table in the format of `lexicon/opp115.toml`.
    pub fn from_toml(text: &str) -> Result<Classifier> {
        let file: CueFile = toml::from_str(text).map_err(|e| {
            let mut err = Error::new(ErrorKind::Config, format!("opp115 cues: {}", e.message()));
            if let Some(span) = e.span() {
                err = err.at(crate::error::Location::at_offset(
                    text.as_bytes(),
                    span.start,
                ));
            }
            err
        })?;
        if file.categories.len() != 12
            || file.categories.iter().zip(CATEGORIES).any(|(a, b)| a != b)
        {
            return Err(Error::new(
                ErrorKind::Config,
                format!(
                    "opp115 cues: `categories` must list the 12 labels in this order: {}",
                    CATEGORIES.join(", ")
                ),
            ));
        }
        // ASCII semantics (`\b`, `\d`, `.` = one byte) keep the lazy DFA
        // usable on any input and match the fitting script, which runs
        // Python `re` over the UTF-8 bytes of the folded segment.
        let (slow, fast): (Vec<_>, Vec<_>) = file
            .feature
            .iter()
            .enumerate()
            .partition(|(_, f)| costly(&f.pattern));
        let config_error =
            |e: regex::Error| Error::new(ErrorKind::Config, format!("opp115 cues: {e}"));
        let set = RegexSetBuilder::new(fast.iter().map(|(_, f)| f.pattern.as_str()))
            .unicode(false)
            .size_limit(64 << 20)
            .dfa_size_limit(32 << 20)
            .build()
            .map_err(config_error)?;
        let set_cues = fast.iter().map(|&(i, _)| i).collect();
        let single = slow
            .iter()
            .map(|&(i, f)| {
                RegexBuilder::new(&f.pattern)
                    .unicode(false)
                    .size_limit(64 << 20)
                    .dfa_size_limit(32 << 20)
                    .build()
                    .map(|r| (i, r))
                    .map_err(config_error)
            })
            .collect::<Result<Vec<_>>>()?;
        let weights = file
            .feature
            .iter()
            .map(|f| array12(&f.weights, &f.pattern))
            .collect::<Result<Vec<_>>>()?;
        Ok(Classifier {
            set,
            set_cues,
            single,
            weights,
            bias: array12(&file.bias, "bias")?,
            threshold: array12(&file.threshold, "threshold")?,
        })
    }

    /// Which cues match the folded segment `hay`, in cue-table order.
    fn cue_hits(&self, hay: &[u8]) -> Vec<bool> {
        let mut hit = vec![false; self.weights.len()];
        for i in &self.set.matches(hay) {
            hit[self.set_cues[i]] = true;
        }
        for (i, r) in &self.single {
            hit[*i] = r.is_match(hay);
        }
        hit
    }

    /// Scores minus thresholds, per category (≥ 0 means the label applies).
    pub fn margins(&self, text: &str) -> [f32; 12] {
        let hit = self.cue_hits(fold(text).as_bytes());
        // Weights are added in cue-table order, as one set would give them,
        // so the sums are the same to the last bit.
        let mut s = self.bias;
        for (w, _) in self.weights.iter().zip(&hit).filter(|(_, h)| **h) {
            for (k, w) in w.iter().enumerate() {
                s[k] += w;
            }
        }
        for (k, t) in self.threshold.iter().enumerate() {
            s[k] -= t;
        }
        s
    }

    /// The categories of one segment (never empty).
    pub fn classify(&self, text: &str) -> Vec<&'static str> {
        let m = self.margins(text);
        let mut out: Vec<&'static str> = (0..12)
            .filter(|&k| m[k] >= 0.0)
            .map(|k| CATEGORIES[k])
            .collect();
        if out.is_empty() {
            let mut best = 0;
            for k in 1..12 {
                if m[k] > m[best] {
                    best = k;
                }
            }
            out.push(CATEGORIES[best]);
        }
        out
    }
}

/// Classify one policy segment into the 12-label OPP-115 scheme.
///
/// ```
/// let c = policydiff::opp115::classify_segment(
///     "If you have questions about this policy, email us at privacy@example.com.",
/// );
/// assert!(c.contains(&"Privacy contact information"));
/// ```
pub fn classify_segment(text: &str) -> Vec<&'static str> {
    Classifier::builtin().classify(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_compiles_and_labels_typical_segments() {
        let c = classify_segment("We do not respond to Do Not Track signals from your browser.");
        assert!(c.contains(&"Do Not Track"), "{c:?}");
        let c = classify_segment(
            "We may share your personal information with third-party service providers who process payments on our behalf.",
        );
        assert!(c.contains(&"Third Party Sharing/Collection"), "{c:?}");
        let c = classify_segment(
            "We do not knowingly collect personal information from children under the age of 13.",
        );
        assert!(c.contains(&"International and Specific Audiences"), "{c:?}");
        let c = classify_segment(
            "We use industry-standard SSL encryption to protect your data in transit.",
        );
        assert!(c.contains(&"Data Security"), "{c:?}");
    }

    #[test]
    fn cues_for_the_less_frequent_labels() {
        let cases = [
            (
                "How long we keep your data: account records are retained while your account is active and for 90 days afterwards.",
                "Data Retention",
            ),
            (
                "Our website contains links to sites run by other organisations, whose privacy practices we do not control; we encourage you to read their privacy policies.",
                "Practice not covered",
            ),
            (
                "This privacy notice explains how Quillpost Ltd collects, uses and shares information about you when you use our apps.",
                "Introductory/Generic",
            ),
            (
                "You can review and correct your profile information at any time by logging in to your account settings.",
                "User Access, Edit and Deletion",
            ),
            (
                "To stop receiving our newsletter, click the unsubscribe link at the bottom of any email we send you.",
                "User Choice/Control",
            ),
            (
                "If you have questions about this notice, write to our privacy team at privacy@example.org.",
                "Privacy contact information",
            ),
            (
                "We may change this policy from time to time; the new version will be posted on this page with a new effective date.",
                "Policy Change",
            ),
        ];
        for (text, want) in cases {
            let c = classify_segment(text);
            assert!(c.contains(&want), "{text:?} -> {c:?}, wanted {want}");
        }
    }

    #[test]
    fn non_ascii_input_is_classified_and_never_empty() {
        // Byte-level ASCII cues still see the ASCII words around other scripts.
        let c = classify_segment(
            "Wir geben Ihre Daten nicht weiter. We do not sell your personal information to third parties — ever.",
        );
        assert!(c.contains(&"Third Party Sharing/Collection"), "{c:?}");
        assert!(!classify_segment("\u{1F600} \u{00E9}\u{00E8}").is_empty());
        assert!(!classify_segment("").is_empty());
    }

    #[test]
    fn costly_cues_are_the_long_counted_repetitions() {
        assert!(costly("^.{0,40}\\blinks?\\b"));
        assert!(costly("^.{400,}$"));
        assert!(costly("\\bkeep\\b[^.]{0,80}\\bdays\\b"));
        assert!(costly("(?:a (?:b[a-z ]{0,30})?)c"));
        assert!(!costly("\\d{3}[-. )]+\\d{3}[-. ]\\d{4}"));
        assert!(!costly("\\b(?:we|us|our)\\b"));
        assert!(!costly("^\\s*(?:privacy policy|overview)\\b"));
        assert!(!costly("(unclosed"));
        let c = Classifier::builtin();
        assert!(!c.single.is_empty() && c.set_cues.len() > c.single.len());
        assert_eq!(c.set_cues.len() + c.single.len(), c.weights.len());
    }

    /// The split matching (one set plus single regexes) finds exactly the
    /// cues that one regex set of the whole table finds.
    #[test]
    fn split_matching_equals_one_set() {
        let file: CueFile = toml::from_str(BUILTIN).unwrap();
        let reference = RegexSetBuilder::new(file.feature.iter().map(|f| f.pattern.as_str()))
            .unicode(false)
            .size_limit(64 << 20)
            .dfa_size_limit(32 << 20)
            .build()
            .unwrap();
        let mut texts: Vec<String> = Vec::new();
        // Around the bounds of the counted cues: lengths 60/150/400, a
        // heading word at byte 40/50, 60/80 bytes between two words, dots
        // and newlines inside the window, bytes outside ASCII.
        for n in [
            0, 1, 38, 39, 40, 41, 49, 50, 51, 59, 60, 61, 79, 80, 81, 149, 150, 151,
        ] {
            let pad = "x".repeat(n);
            let spaced = "a ".repeat(n / 2);
            texts.push(pad.clone());
            texts.push(format!("{pad} retention of records"));
            texts.push(format!("{spaced}links to other sites"));
            texts.push(format!("{spaced}introduction"));
            texts.push(format!("we keep{pad} days"));
            texts.push(format!("we keep {spaced}days"));
            texts.push(format!("we keep {spaced}. until"));
            texts.push(format!("deleted {spaced}within 30 days"));
            texts.push(format!("we use cookies and {spaced}to remember you"));
            texts.push(format!("{spaced}\nchanges to this policy"));
            texts.push(format!("{spaced}\u{e9}\u{2014} sharing of data"));
        }
        for n in [398, 399, 400, 401, 2000] {
            let long = "b".repeat(n);
            texts.push(long.clone());
            texts.push(format!("{long}\n"));
            texts.push(format!("\n{long}"));
            texts.push(format!("we retain{}years", " ".repeat(n)));
        }
        // Lines of the project's own corpus.
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/versions");
        let mut dirs = vec![corpus];
        while let Some(d) = dirs.pop() {
            let mut entries: Vec<_> = std::fs::read_dir(&d)
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            for p in entries {
                if p.is_dir() {
                    dirs.push(p);
                } else if let Ok(text) = std::fs::read_to_string(&p) {
                    texts.extend(
                        text.lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .map(str::to_owned),
                    );
                    texts.push(text);
                }
            }
        }
        assert!(
            texts.len() > 1000,
            "corpus/versions is missing: {}",
            texts.len()
        );
        let c = Classifier::builtin();
        for t in &texts {
            let hay = fold(t);
            let want: Vec<bool> = {
                let m = reference.matches(hay.as_bytes());
                (0..reference.len()).map(|i| m.matched(i)).collect()
            };
            assert_eq!(c.cue_hits(hay.as_bytes()), want, "{t:?}");
        }
    }

    #[test]
    fn bad_tables_are_config_errors() {
        let e = Classifier::from_toml("categories = []\nbias = []\nthreshold = []\n").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        let e = Classifier::from_toml("nonsense = ").unwrap_err();
        assert!(e.line().is_some());
    }
}
