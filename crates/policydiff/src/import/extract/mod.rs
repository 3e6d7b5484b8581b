//! Sentence-level extraction of practices from segmented text.
//!
//! Input: the policy's sections and sentences (spans into `source`).
//! Output: statements in the `Policy`, each with sentence evidence.
//!
//! Every sentence is analysed once ([`sentence::Analysis`]: one lexicon pass,
//! words, clauses, negation) and handed to the practice extractors, which
//! assert a practice only when the sentence states it: a verb and its
//! object, or, under a heading that names the practice ("Information we
//! share", "Cookies"), a list item that names its object.

mod audiences;
mod change;
mod collection;
mod contacts;
mod metadata;
mod retention;
mod rights;
mod security;
pub(crate) mod sentence;
mod sharing;
mod tracking;

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::lexicon::{Lexicon, fold};
use crate::model::{DataCategory, Evidence, Policy, Section, Sentence};

use sentence::{Analysis, Sentences};

/// Evidence for a sentence: its span, line, section path and exact quote.
#[allow(dead_code)] // used by the practice extractors
pub(crate) fn evidence(source: &str, section: &Section, sentence: &Sentence) -> Evidence {
    Evidence::Text {
        span: sentence.span,
        line: sentence.line,
        section: section.path.clone(),
        quote: source
            .get(sentence.span.start..sentence.span.end)
            .unwrap_or_default()
            .to_owned(),
        source_line: None,
    }
}

/// One automaton for a fixed list of phrases: `any_of(list).is_match(f)`
/// answers `list.iter().any(|p| f.contains(p))` in one pass over `f`
/// instead of one search per phrase (the extractors keep such automata in
/// statics, built on first use).
pub(crate) fn any_of(phrases: &[&str]) -> AhoCorasick {
    AhoCorasick::new(phrases).expect("a fixed list of short phrases compiles")
}

/// Legal-form words that end a company name ("Acme Research, Inc."): where
/// a name stops for the lexicon (`sentence`) and what a sentence must hold
/// before the controller pattern is tried (`contacts`).
pub(crate) const LEGAL_FORMS: &[&str] = &[
    "Inc",
    "LLC",
    "L.L.C",
    "Ltd",
    "Limited",
    "GmbH",
    "Corp",
    "Corporation",
    "plc",
    "PLC",
    "AG",
    "SAS",
    "S.A.",
    "B.V.",
    "Pte",
];

/// The words and phrases of a heading that name each topic: a heading
/// that contains any of them is about that topic. ("use" names the use of
/// data only together with "information" or "data": see [`heading_topics`].)
const TOPIC_WORDS: &[(u32, &[&str])] = &[
    (
        Topics::COLLECTION,
        &[
            "collect",
            "information we",
            "what information",
            "data we",
            "what we gather",
            "types of information",
            "personal information we",
        ],
    ),
    (Topics::USE, &["why we", "purpose", "how we use"]),
    (USE_WORD, &["use"]),
    (DATA_WORD, &["information", "data"]),
    (
        Topics::SHARING,
        &[
            "shar",
            "disclos",
            "third part",
            "recipient",
            "outside part",
            "who may use",
            "who we",
        ],
    ),
    (
        Topics::TRACKING,
        &["cookie", "tracking", "beacon", "analytics"],
    ),
    (Topics::SECURITY, &["secur", "protect your", "safeguard"]),
    (Topics::CHILDREN, &["child", "coppa", "minor", "kids"]),
    (
        Topics::RETENTION,
        &["retention", "retain", "how long", "keep your", "storage"],
    ),
    (
        Topics::CHANGE,
        &["change", "update", "amendment", "revision"],
    ),
    (Topics::CONTACT, &["contact", "questions", "how to reach"]),
    (Topics::RIGHTS, &["right", "access", "correct", "delet"]),
    (Topics::CHOICE, &["choice", "opt", "unsubscribe", "control"]),
    (Topics::TRANSFER, &["transfer", "international", "where we"]),
    (
        Topics::REGION,
        &["california", "europe", "eea", "gdpr", "ccpa", "residents"],
    ),
    (
        Topics::PURCHASE,
        &["purchase", "order", "payment", "ecommerce", "billing"],
    ),
];

/// Bits of [`TOPIC_WORDS`] that are not topics: "use", and "information"
/// or "data", which together name [`Topics::USE`].
const USE_WORD: u32 = 1 << 30;
const DATA_WORD: u32 = 1 << 31;

/// The topics a folded heading names, in one overlapping Aho-Corasick pass
/// over [`TOPIC_WORDS`] (the same answer as one `contains` per word).
fn heading_topics(h: &str) -> u32 {
    static AC: LazyLock<(AhoCorasick, Vec<u32>)> = LazyLock::new(|| {
        let (words, bits): (Vec<&str>, Vec<u32>) = TOPIC_WORDS
            .iter()
            .flat_map(|&(bit, words)| words.iter().map(move |&w| (w, bit)))
            .unzip();
        (any_of(&words), bits)
    });
    let (ac, bits) = &*AC;
    let found = ac
        .find_overlapping_iter(h)
        .fold(0, |t, m| t | bits[m.pattern().as_usize()]);
    let uses_data = found & USE_WORD != 0 && found & DATA_WORD != 0;
    (found & !(USE_WORD | DATA_WORD)) | if uses_data { Topics::USE } else { 0 }
}

/// What a section is about, from its headings (bit set).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Topics(u32);

impl Topics {
    pub const COLLECTION: u32 = 1;
    pub const USE: u32 = 1 << 1;
    pub const SHARING: u32 = 1 << 2;
    pub const TRACKING: u32 = 1 << 3;
    pub const SECURITY: u32 = 1 << 4;
    pub const CHILDREN: u32 = 1 << 5;
    pub const RETENTION: u32 = 1 << 6;
    pub const CHANGE: u32 = 1 << 7;
    pub const CONTACT: u32 = 1 << 8;
    pub const RIGHTS: u32 = 1 << 9;
    pub const CHOICE: u32 = 1 << 10;
    pub const TRANSFER: u32 = 1 << 11;
    pub const REGION: u32 = 1 << 12;
    pub const PURCHASE: u32 = 1 << 13;

    /// Topics of a heading path.
    pub(crate) fn of(path: &[String]) -> Topics {
        let mut t = 0;
        // The innermost heading decides; outer ones only add context for
        // generic inner headings.
        for (depth, h) in path.iter().rev().enumerate() {
            let this = heading_topics(&fold(h));
            if depth == 0 {
                t = this;
                if this != 0 {
                    break;
                }
            } else {
                t |= this;
            }
        }
        Topics(t)
    }

    /// Whether any of `bits` is set.
    pub(crate) fn any(self, bits: u32) -> bool {
        self.0 & bits != 0
    }
}

/// Everything an extractor needs about one sentence.
pub(crate) struct Ctx<'a> {
    pub source: &'a str,
    pub section: &'a Section,
    pub sentence: &'a Sentence,
    pub an: &'a Analysis<'a>,
    pub lexicon: &'a Lexicon,
    pub topics: Topics,
}

impl Ctx<'_> {
    /// Evidence for this sentence.
    pub(crate) fn evidence(&self) -> Evidence {
        evidence(self.source, self.section, self.sentence)
    }

    /// Whether the sentence is a short fragment (list item, label) rather
    /// than a full sentence.
    pub(crate) fn is_fragment(&self) -> bool {
        self.an.words.len() <= 12 && !self.an.has_verbs()
    }
}

/// State carried from sentence to sentence within a section.
#[derive(Debug, Default)]
pub(crate) struct Carry {
    /// Data named by the previous sentence ("this information").
    pub prev_data: Vec<DataCategory>,
    /// The previous sentence negated a sharing practice.
    pub prev_negated_sharing: bool,
    /// The previous sentence named recipients (a list of vendors follows).
    pub prev_recipients: bool,
    /// The sentence before introduced a list (ends with ':').
    pub list_intro: bool,
}

/// Fill `policy`'s practice lists from its sections.
pub(crate) fn extract(policy: &mut Policy, source: &str, lexicon: &Lexicon) {
    metadata::extract(policy, source);
    let sections = std::mem::take(&mut policy.sections);
    let analysed = Sentences::new(
        sections
            .iter()
            .flat_map(|s| &s.sentences)
            .map(|s| s.text.as_str()),
        lexicon,
    );
    let mut index = 0;
    for section in &sections {
        let topics = Topics::of(&section.path);
        let mut carry = Carry::default();
        for sentence in &section.sentences {
            let an = analysed.analysis(index, &sentence.text);
            index += 1;
            let ctx = Ctx {
                source,
                section,
                sentence,
                an: &an,
                lexicon,
                topics,
            };
            collection::extract(&ctx, &carry, policy);
            sharing::extract(&ctx, &mut carry, policy);
            retention::extract(&ctx, policy);
            tracking::extract(&ctx, policy);
            rights::extract(&ctx, policy);
            security::extract(&ctx, policy);
            audiences::extract(&ctx, policy);
            change::extract(&ctx, policy);
            contacts::extract(&ctx, policy);
            let data: Vec<DataCategory> = an.data_all().into_iter().map(|(d, _)| d).collect();
            if !data.is_empty() {
                carry.prev_data = data;
            }
            carry.list_intro = sentence.text.trim_end().ends_with(':');
        }
    }
    policy.sections = sections;
    contacts::controller(policy, source);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass search names the topics that one `contains` per word
    /// names: for each word alone, in pairs, with other text around it, and
    /// for every heading of the project's corpus.
    #[test]
    fn heading_topics_are_those_contains_finds() {
        let by_contains = |h: &str| -> u32 {
            let has = |bit: u32| {
                TOPIC_WORDS
                    .iter()
                    .filter(|(b, _)| *b == bit)
                    .any(|(_, words)| words.iter().any(|w| h.contains(w)))
            };
            let mut t = TOPIC_WORDS
                .iter()
                .filter(|(b, _)| *b != USE_WORD && *b != DATA_WORD)
                .filter(|(b, _)| has(*b))
                .fold(0, |t, (b, _)| t | b);
            if has(USE_WORD) && has(DATA_WORD) {
                t |= Topics::USE;
            }
            t
        };
        let words: Vec<&str> = TOPIC_WORDS
            .iter()
            .flat_map(|(_, w)| w.iter().copied())
            .collect();
        let mut headings: Vec<String> = vec![String::new()];
        for a in &words {
            headings.push(fold(&format!("How We {a}")));
            for b in &words {
                headings.push(format!("{a} and {b}"));
                headings.push(format!("{a}{b}"));
            }
        }
        let synthetic = headings.len();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let mut stack = vec![root];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(policy) = crate::import_file(&p, &crate::ImportOptions::new()) {
                    headings.extend(
                        policy
                            .sections
                            .iter()
                            .flat_map(|s| s.path.iter().map(|h| fold(h))),
                    );
                }
            }
        }
        assert!(
            headings.len() - synthetic > 100,
            "{} headings in corpus/",
            headings.len() - synthetic
        );
        // "use" with "data" is the use of data; either alone is not.
        assert_eq!(heading_topics("how we use data"), Topics::USE);
        assert_eq!(heading_topics("use"), 0);
        for h in &headings {
            assert_eq!(heading_topics(h), by_contains(h), "{h:?}");
        }
    }
}
