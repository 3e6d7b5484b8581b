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

/// Declares [`W`], one variant per word, and [`TOPIC_WORDS`], the words in
/// the same order: one list, so a variant's number is its word's index.
macro_rules! topic_words {
    ($($variant:ident => $word:literal,)*) => {
        /// A word of [`TOPIC_WORDS`], by name.
        #[derive(Clone, Copy)]
        #[repr(u8)]
        enum W {
            $($variant,)*
        }

        /// The words and phrases [`Topics::of`] looks for in a heading.
        const TOPIC_WORDS: &[&str] = &[$($word,)*];
    };
}

topic_words! {
    Collect => "collect",
    InformationWe => "information we",
    WhatInformation => "what information",
    DataWe => "data we",
    WhatWeGather => "what we gather",
    TypesOfInformation => "types of information",
    PersonalInformationWe => "personal information we",
    Use => "use",
    Information => "information",
    Data => "data",
    WhyWe => "why we",
    Purpose => "purpose",
    HowWeUse => "how we use",
    Shar => "shar",
    Disclos => "disclos",
    ThirdPart => "third part",
    Recipient => "recipient",
    OutsidePart => "outside part",
    WhoMayUse => "who may use",
    WhoWe => "who we",
    Cookie => "cookie",
    Tracking => "tracking",
    Beacon => "beacon",
    Analytics => "analytics",
    Secur => "secur",
    ProtectYour => "protect your",
    Safeguard => "safeguard",
    Child => "child",
    Coppa => "coppa",
    Minor => "minor",
    Kids => "kids",
    Retention => "retention",
    Retain => "retain",
    HowLong => "how long",
    KeepYour => "keep your",
    Storage => "storage",
    Change => "change",
    Update => "update",
    Amendment => "amendment",
    Revision => "revision",
    Contact => "contact",
    Questions => "questions",
    HowToReach => "how to reach",
    Right => "right",
    Access => "access",
    Correct => "correct",
    Delet => "delet",
    Choice => "choice",
    Opt => "opt",
    Unsubscribe => "unsubscribe",
    Control => "control",
    Transfer => "transfer",
    International => "international",
    WhereWe => "where we",
    California => "california",
    Europe => "europe",
    Eea => "eea",
    Gdpr => "gdpr",
    Ccpa => "ccpa",
    Residents => "residents",
    Purchase => "purchase",
    Order => "order",
    Payment => "payment",
    Ecommerce => "ecommerce",
    Billing => "billing",
}

/// Which of [`TOPIC_WORDS`] a folded heading contains (bit `i` for entry
/// `i`), in one pass: the same answers as one `contains` per entry.
fn topic_words(h: &str) -> u128 {
    static AC: LazyLock<AhoCorasick> = LazyLock::new(|| any_of(TOPIC_WORDS));
    AC.find_overlapping_iter(h)
        .fold(0, |bits, m| bits | 1u128 << m.pattern().as_u32())
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
            let present = topic_words(&fold(h));
            let mut this = 0;
            let has = |w: W| present & (1u128 << w as u32) != 0;
            if has(W::Collect)
                || has(W::InformationWe)
                || has(W::WhatInformation)
                || has(W::DataWe)
                || has(W::WhatWeGather)
                || has(W::TypesOfInformation)
                || has(W::PersonalInformationWe)
            {
                this |= Self::COLLECTION;
            }
            if has(W::Use) && (has(W::Information) || has(W::Data))
                || has(W::WhyWe)
                || has(W::Purpose)
                || has(W::HowWeUse)
            {
                this |= Self::USE;
            }
            if has(W::Shar)
                || has(W::Disclos)
                || has(W::ThirdPart)
                || has(W::Recipient)
                || has(W::OutsidePart)
                || has(W::WhoMayUse)
                || has(W::WhoWe)
            {
                this |= Self::SHARING;
            }
            if has(W::Cookie) || has(W::Tracking) || has(W::Beacon) || has(W::Analytics) {
                this |= Self::TRACKING;
            }
            if has(W::Secur) || has(W::ProtectYour) || has(W::Safeguard) {
                this |= Self::SECURITY;
            }
            if has(W::Child) || has(W::Coppa) || has(W::Minor) || has(W::Kids) {
                this |= Self::CHILDREN;
            }
            if has(W::Retention)
                || has(W::Retain)
                || has(W::HowLong)
                || has(W::KeepYour)
                || has(W::Storage)
            {
                this |= Self::RETENTION;
            }
            if has(W::Change) || has(W::Update) || has(W::Amendment) || has(W::Revision) {
                this |= Self::CHANGE;
            }
            if has(W::Contact) || has(W::Questions) || has(W::HowToReach) {
                this |= Self::CONTACT;
            }
            if has(W::Right) || has(W::Access) || has(W::Correct) || has(W::Delet) {
                this |= Self::RIGHTS;
            }
            if has(W::Choice) || has(W::Opt) || has(W::Unsubscribe) || has(W::Control) {
                this |= Self::CHOICE;
            }
            if has(W::Transfer) || has(W::International) || has(W::WhereWe) {
                this |= Self::TRANSFER;
            }
            if has(W::California)
                || has(W::Europe)
                || has(W::Eea)
                || has(W::Gdpr)
                || has(W::Ccpa)
                || has(W::Residents)
            {
                this |= Self::REGION;
            }
            if has(W::Purchase)
                || has(W::Order)
                || has(W::Payment)
                || has(W::Ecommerce)
                || has(W::Billing)
            {
                this |= Self::PURCHASE;
            }
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

    /// The one-pass search says of each word what `contains` says (the
    /// topic conditions read these bits as they read one `contains` per
    /// word before): for each word alone, in pairs, with other text around
    /// it, and for every heading of the project's corpus.
    #[test]
    fn topic_words_are_found_as_contains_finds_them() {
        assert!(TOPIC_WORDS.len() <= 128, "one bit per word in a u128");
        assert_eq!(TOPIC_WORDS[W::Collect as usize], "collect");
        assert_eq!(TOPIC_WORDS[W::Billing as usize], "billing");
        let mut headings: Vec<String> = vec![String::new()];
        for a in TOPIC_WORDS {
            headings.push(fold(&format!("How We {a}")));
            for b in TOPIC_WORDS {
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
        for h in &headings {
            let bits = topic_words(h);
            for (i, w) in TOPIC_WORDS.iter().enumerate() {
                assert_eq!(bits & (1u128 << i) != 0, h.contains(w), "{w:?} in {h:?}");
            }
        }
    }
}
