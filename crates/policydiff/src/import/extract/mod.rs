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
