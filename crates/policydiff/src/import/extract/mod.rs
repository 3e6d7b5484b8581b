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

/// The words and phrases [`Topics::of`] looks for in a heading, in the
/// order of [`W`].
const TOPIC_WORDS: [&str; 65] = [
    "collect",
    "information we",
    "what information",
    "data we",
    "what we gather",
    "types of information",
    "personal information we",
    "use",
    "information",
    "data",
    "why we",
    "purpose",
    "how we use",
    "shar",
    "disclos",
    "third part",
    "recipient",
    "outside part",
    "who may use",
    "who we",
    "cookie",
    "tracking",
    "beacon",
    "analytics",
    "secur",
    "protect your",
    "safeguard",
    "child",
    "coppa",
    "minor",
    "kids",
    "retention",
    "retain",
    "how long",
    "keep your",
    "storage",
    "change",
    "update",
    "amendment",
    "revision",
    "contact",
    "questions",
    "how to reach",
    "right",
    "access",
    "correct",
    "delet",
    "choice",
    "opt",
    "unsubscribe",
    "control",
    "transfer",
    "international",
    "where we",
    "california",
    "europe",
    "eea",
    "gdpr",
    "ccpa",
    "residents",
    "purchase",
    "order",
    "payment",
    "ecommerce",
    "billing",
];

/// Index of each entry of [`TOPIC_WORDS`].
#[derive(Clone, Copy)]
#[repr(u8)]
enum W {
    Collect,
    InformationWe,
    WhatInformation,
    DataWe,
    WhatWeGather,
    TypesOfInformation,
    PersonalInformationWe,
    Use,
    Information,
    Data,
    WhyWe,
    Purpose,
    HowWeUse,
    Shar,
    Disclos,
    ThirdPart,
    Recipient,
    OutsidePart,
    WhoMayUse,
    WhoWe,
    Cookie,
    Tracking,
    Beacon,
    Analytics,
    Secur,
    ProtectYour,
    Safeguard,
    Child,
    Coppa,
    Minor,
    Kids,
    Retention,
    Retain,
    HowLong,
    KeepYour,
    Storage,
    Change,
    Update,
    Amendment,
    Revision,
    Contact,
    Questions,
    HowToReach,
    Right,
    Access,
    Correct,
    Delet,
    Choice,
    Opt,
    Unsubscribe,
    Control,
    Transfer,
    International,
    WhereWe,
    California,
    Europe,
    Eea,
    Gdpr,
    Ccpa,
    Residents,
    Purchase,
    Order,
    Payment,
    Ecommerce,
    Billing,
}

/// Which of [`TOPIC_WORDS`] a folded heading contains (bit `i` for entry
/// `i`), in one pass: the same answers as one `contains` per entry.
fn topic_words(h: &str) -> u128 {
    static AC: LazyLock<AhoCorasick> = LazyLock::new(|| any_of(&TOPIC_WORDS));
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

    /// [`Topics::of`] as it was written first: one `contains` per word.
    #[cfg(test)]
    fn of_reference(path: &[String]) -> Topics {
        let mut t = 0;
        // The innermost heading decides; outer ones only add context for
        // generic inner headings.
        for (depth, h) in path.iter().rev().enumerate() {
            let h = fold(h);
            let mut this = 0;
            let has = |s: &str| h.contains(s);
            if has("collect")
                || has("information we")
                || has("what information")
                || has("data we")
                || has("what we gather")
                || has("types of information")
                || has("personal information we")
            {
                this |= Self::COLLECTION;
            }
            if has("use") && (has("information") || has("data"))
                || has("why we")
                || has("purpose")
                || has("how we use")
            {
                this |= Self::USE;
            }
            if has("shar")
                || has("disclos")
                || has("third part")
                || has("recipient")
                || has("outside part")
                || has("who may use")
                || has("who we")
            {
                this |= Self::SHARING;
            }
            if has("cookie") || has("tracking") || has("beacon") || has("analytics") {
                this |= Self::TRACKING;
            }
            if has("secur") || has("protect your") || has("safeguard") {
                this |= Self::SECURITY;
            }
            if has("child") || has("coppa") || has("minor") || has("kids") {
                this |= Self::CHILDREN;
            }
            if has("retention")
                || has("retain")
                || has("how long")
                || has("keep your")
                || has("storage")
            {
                this |= Self::RETENTION;
            }
            if has("change") || has("update") || has("amendment") || has("revision") {
                this |= Self::CHANGE;
            }
            if has("contact") || has("questions") || has("how to reach") {
                this |= Self::CONTACT;
            }
            if has("right") || has("access") || has("correct") || has("delet") {
                this |= Self::RIGHTS;
            }
            if has("choice") || has("opt") || has("unsubscribe") || has("control") {
                this |= Self::CHOICE;
            }
            if has("transfer") || has("international") || has("where we") {
                this |= Self::TRANSFER;
            }
            if has("california")
                || has("europe")
                || has("eea")
                || has("gdpr")
                || has("ccpa")
                || has("residents")
            {
                this |= Self::REGION;
            }
            if has("purchase")
                || has("order")
                || has("payment")
                || has("ecommerce")
                || has("billing")
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

    /// The one-pass word search gives the topics one `contains` per word
    /// gave: for each word alone, in pairs, under a parent heading, and for
    /// every heading path of the project's corpus.
    #[test]
    fn topics_are_those_of_one_search_per_word() {
        let mut paths: Vec<Vec<String>> = Vec::new();
        for a in TOPIC_WORDS {
            paths.push(vec![format!("How We {a}")]);
            paths.push(vec![a.to_uppercase(), "Overview".into()]);
            for b in TOPIC_WORDS {
                paths.push(vec![format!("{a} and {b}")]);
                paths.push(vec![format!("About {a}"), format!("{b}")]);
            }
        }
        paths.push(vec![String::new()]);
        paths.push(Vec::new());
        let synthetic = paths.len();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let mut stack = vec![root];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(policy) = crate::import_file(&p, &crate::ImportOptions::new()) {
                    paths.extend(policy.sections.iter().map(|s| s.path.clone()));
                }
            }
        }
        assert!(
            paths.len() - synthetic > 100,
            "{} heading paths in corpus/",
            paths.len() - synthetic
        );
        for p in &paths {
            assert_eq!(Topics::of(p), Topics::of_reference(p), "{p:?}");
        }
    }
}
