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

use std::sync::LazyLock;

use regex::bytes::{RegexSet, RegexSetBuilder};
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
    set: RegexSet,
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
        let set = RegexSetBuilder::new(file.feature.iter().map(|f| f.pattern.as_str()))
            .unicode(false)
            .size_limit(64 << 20)
            .dfa_size_limit(32 << 20)
            .build()
            .map_err(|e| Error::new(ErrorKind::Config, format!("opp115 cues: {e}")))?;
        let weights = file
            .feature
            .iter()
            .map(|f| array12(&f.weights, &f.pattern))
            .collect::<Result<Vec<_>>>()?;
        Ok(Classifier {
            set,
            weights,
            bias: array12(&file.bias, "bias")?,
            threshold: array12(&file.threshold, "threshold")?,
        })
    }

    /// Scores minus thresholds, per category (≥ 0 means the label applies).
    pub fn margins(&self, text: &str) -> [f32; 12] {
        let folded = fold(text);
        let mut s = self.bias;
        for i in &self.set.matches(folded.as_bytes()) {
            for (k, w) in self.weights[i].iter().enumerate() {
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
    fn bad_tables_are_config_errors() {
        let e = Classifier::from_toml("categories = []\nbias = []\nthreshold = []\n").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        let e = Classifier::from_toml("nonsense = ").unwrap_err();
        assert!(e.line().is_some());
    }
}
