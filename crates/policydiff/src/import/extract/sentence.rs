//! Sentence analysis: words, lexicon hits, clauses, negation scope, actors
//! and conditions.
//!
//! The analysis is lexical and cheap (one Aho-Corasick pass over the folded
//! sentence plus a word scan), but it gets right what bare keyword matching
//! gets wrong:
//!
//! * **negation scope**: "we do not sell or rent" negates both verbs; a
//!   negator only reaches the verbs of its own clause;
//! * **exceptions**: "... except with service providers" starts a clause in
//!   which the negated practice holds;
//! * **conditions**: "if you contact us, ..." is recorded, and the verbs
//!   inside the condition are not practices;
//! * **actors**: "advertisers may collect ..." is a third party acting.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::lexicon::{Hit, Lexicon, Term, fold_punctuation, only_case_folds};
use crate::model::{DataCategory, Purpose};
use crate::namehash::NameHashBuild;

/// What a verb says is done with data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verb {
    /// collect, gather, obtain, record, ...
    Collect,
    /// use, process, analyse.
    Use,
    /// provide / submit / enter (the user gives data).
    Provide,
    /// receive (who receives decides the practice).
    Receive,
    /// share, disclose, transfer, release, pass, send, make available.
    Share,
    /// sell, rent, lease, trade.
    Sell,
    /// retain, keep, store, hold, delete, destroy.
    Retain,
}

/// The verbs the extractors use, by class (folded words).
#[rustfmt::skip]
const VERB_CLASSES: &[(Verb, &[&str])] = &[
    (Verb::Collect, &[
        "collect", "collects", "collected", "collecting", "gather", "gathers", "gathered",
        "gathering", "obtain", "obtains", "obtained", "obtaining", "record", "records", "recorded",
        "recording", "log", "logs", "logged", "capture", "captures", "captured", "acquire",
        "acquires", "request", "requests", "requested", "require", "requires", "required", "ask",
        "asks", "asked", "track", "tracks", "tracked", "monitor", "monitors", "monitored",
        "compile", "compiles", "detect", "access", "accesses", "accessed",
    ]),
    (Verb::Use, &[
        "use", "uses", "used", "using", "utilize", "utilizes", "utilise", "utilises", "process",
        "processes", "processed", "processing", "analyze", "analyzes", "analyse", "analyses",
        "analyzed", "analysed", "employ", "employs",
    ]),
    (Verb::Provide, &[
        "provide", "provides", "provided", "providing", "submit", "submits", "submitted", "enter",
        "enters", "entered", "supply", "supplies", "supplied", "give", "gives", "given", "giving",
        "send", "sends", "sent",
    ]),
    // With the misspelling common in real policies ("recieve").
    (Verb::Receive, &[
        "receive", "receives", "received", "receiving", "recieve", "recieves", "recieved",
        "recieving",
    ]),
    (Verb::Share, &[
        "share", "shares", "shared", "sharing", "disclose", "discloses", "disclosed", "disclosing",
        "transfer", "transfers", "transferred", "transferring", "release", "releases", "released",
        "pass", "passes", "passed", "distribute", "distributes", "distributed", "reveal",
        "reveals", "revealed", "exchange", "exchanged", "available", "forward", "forwarded",
    ]),
    (Verb::Sell, &[
        "sell", "sells", "sold", "selling", "rent", "rents", "rented", "renting", "lease",
        "leases", "leased", "trade", "trades", "traded",
    ]),
    (Verb::Retain, &[
        "retain", "retains", "retained", "retaining", "keep", "keeps", "kept", "store", "stores",
        "stored", "storing", "hold", "holds", "held", "delete", "deletes", "deleted", "destroy",
        "destroys", "destroyed", "discard", "discarded", "erase", "erased", "purge", "purged",
        "retention",
    ]),
];

/// The class of a (folded) word, if it is one of the verbs the extractors use
/// (one hash lookup: this runs on every word of every sentence, and a `match`
/// over the words compares them one by one).
pub(crate) fn verb_class(w: &str) -> Option<Verb> {
    // Which (first letter, length) pairs some verb has: most words are
    // turned away by one table lookup, before any hashing.
    static SHAPES: LazyLock<[u32; 26]> = LazyLock::new(|| {
        let mut t = [0u32; 26];
        for w in VERB_CLASSES.iter().flat_map(|(_, words)| words.iter()) {
            t[usize::from(w.as_bytes()[0] - b'a')] |= 1 << w.len();
        }
        t
    });
    let b = w.as_bytes();
    match b.first() {
        Some(&c) if c.is_ascii_lowercase() && b.len() < 32 => {
            if SHAPES[usize::from(c - b'a')] & (1 << b.len()) == 0 {
                return None;
            }
        }
        _ => return None,
    }
    static BY_WORD: LazyLock<HashMap<&'static str, Verb, NameHashBuild>> = LazyLock::new(|| {
        VERB_CLASSES
            .iter()
            .flat_map(|(v, words)| words.iter().map(move |w| (*w, *v)))
            .collect()
    });
    BY_WORD.get(w).copied()
}

fn is_negator(w: &str) -> bool {
    matches!(
        w,
        "not" | "never" | "no" | "neither" | "nor" | "none" | "cannot" | "nothing"
    ) || (w.ends_with("n't") && w.len() > 3)
}

fn is_first_person(w: &str) -> bool {
    matches!(w, "we" | "us" | "our" | "i")
}

/// How a clause relates to the rest of its sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ClauseKind {
    /// An ordinary clause.
    Main,
    /// "except ...", "other than ...", "with the exception of ...":
    /// what the previous clause negates holds here.
    Exception,
    /// "if ...", "when ...", "unless ...": a condition, not a practice.
    Condition,
}

/// A clause: a byte range of the folded sentence.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clause {
    pub start: usize,
    pub end: usize,
    pub kind: ClauseKind,
}

/// A word of the folded sentence.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    /// Index of the clause the word is in.
    pub clause: usize,
}

/// One analysed sentence.
#[derive(Debug)]
pub(crate) struct Analysis<'a> {
    /// The sentence as normalised (not folded).
    pub text: &'a str,
    /// Folded for matching (same byte length as `cased`).
    pub folded: &'a str,
    /// Quotes and dashes folded like `folded`, case kept (same offsets).
    pub cased: &'a str,
    /// Lexicon hits, sorted by start (offsets into `folded`).
    pub hits: Vec<Hit>,
    /// Words.
    pub words: Vec<Word>,
    /// Clauses, in order.
    pub clauses: Vec<Clause>,
    /// Condition phrases ("if you contact us").
    pub conditions: Vec<String>,
    /// The verbs (computed once).
    verbs: Vec<(usize, Verb)>,
    /// Keyword classes present ([`kw`] bits), for cheap early exits.
    pub kw: u32,
}

/// Keyword classes of a sentence's words: extractors return early when
/// their class is absent, so most sentences cost one pass.
pub(crate) mod kw {
    pub const CHANGE: u32 = 1;
    pub const CHOICE: u32 = 1 << 1;
    pub const CONTACT: u32 = 1 << 2;
    pub const TRANSFER: u32 = 1 << 3;
    pub const DNT: u32 = 1 << 4;
    pub const RETAIN: u32 = 1 << 5;
    pub const SECURITY: u32 = 1 << 6;
    pub const CHILD: u32 = 1 << 7;
}

/// Word prefixes that put a sentence in a keyword class.
const KEYWORD_PREFIXES: &[(&str, u32)] = &[
    ("chang", kw::CHANGE | kw::CHOICE),
    ("updat", kw::CHANGE),
    ("modif", kw::CHANGE),
    ("revis", kw::CHANGE),
    ("amend", kw::CHANGE),
    ("post", kw::CHANGE),
    ("notif", kw::CHANGE),
    ("notice", kw::CHANGE),
    ("opt", kw::CHOICE),
    ("unsubscri", kw::CHOICE),
    ("remov", kw::CHOICE),
    ("disabl", kw::CHOICE),
    ("block", kw::CHOICE),
    ("refus", kw::CHOICE),
    ("reject", kw::CHOICE),
    ("prevent", kw::CHOICE),
    ("turn", kw::CHOICE),
    ("stop", kw::CHOICE),
    ("declin", kw::CHOICE),
    ("withdraw", kw::CHOICE),
    ("choos", kw::CHOICE),
    ("choice", kw::CHOICE),
    ("consent", kw::CHOICE),
    ("set", kw::CHOICE),
    ("not", kw::CHOICE),
    ("continu", kw::CHOICE),
    ("instruction", kw::CHOICE),
    ("contact", kw::CONTACT),
    ("question", kw::CONTACT),
    ("write", kw::CONTACT),
    ("reach", kw::CONTACT),
    ("email", kw::CONTACT),
    ("e-mail", kw::CONTACT),
    ("call", kw::CONTACT),
    ("dpo", kw::CONTACT),
    ("officer", kw::CONTACT),
    ("transfer", kw::TRANSFER),
    ("stored", kw::TRANSFER),
    ("processed", kw::TRANSFER),
    ("hosted", kw::TRANSFER),
    ("server", kw::TRANSFER),
    ("located", kw::TRANSFER),
    ("accessed", kw::TRANSFER),
    ("outside", kw::TRANSFER),
    ("countr", kw::TRANSFER),
    ("cross-border", kw::TRANSFER),
    ("border", kw::TRANSFER),
    ("file", kw::RETAIN),
    ("retention", kw::RETAIN),
    ("kept", kw::RETAIN),
    ("period", kw::RETAIN),
    ("encrypt", kw::SECURITY),
    ("hash", kw::SECURITY),
    ("secur", kw::SECURITY),
    ("protect", kw::SECURITY),
    ("child", kw::CHILD),
    ("kid", kw::CHILD),
    ("minor", kw::CHILD),
    ("parent", kw::CHILD),
    ("coppa", kw::CHILD),
    ("teen", kw::CHILD),
    ("age", kw::CHILD),
];

/// [`KEYWORD_PREFIXES`] by first letter, so a word is checked only against
/// the prefixes that can match it.
static PREFIXES_BY_LETTER: std::sync::LazyLock<[Vec<(&'static str, u32)>; 26]> =
    std::sync::LazyLock::new(|| {
        let mut t: [Vec<(&'static str, u32)>; 26] = Default::default();
        for &(p, bits) in KEYWORD_PREFIXES {
            t[usize::from(p.as_bytes()[0] - b'a')].push((p, bits));
        }
        t
    });

fn word_bits(w: &str) -> u32 {
    let Some(&first) = w.as_bytes().first() else {
        return 0;
    };
    if !first.is_ascii_lowercase() {
        return 0;
    }
    let mut b = 0;
    for &(p, bits) in &PREFIXES_BY_LETTER[usize::from(first - b'a')] {
        if w.starts_with(p) {
            b |= bits;
        }
    }
    if w == "track" || w == "dnt" || w == "do-not-track" {
        b |= kw::DNT;
    }
    b
}

/// Append `s` to `folded` lowercased, with quotes, dashes and NBSP folded
/// (as [`crate::lexicon::fold`]), and to `cased` with the same folds but
/// case kept: both grow by the same number of bytes.
fn fold_into(s: &str, folded: &mut String, cased: &mut String) {
    if only_case_folds(s) {
        let at = folded.len();
        folded.push_str(s);
        if let Some(tail) = folded.get_mut(at..) {
            tail.make_ascii_lowercase();
        }
        cased.push_str(s);
        return;
    }
    for c in s.chars().map(fold_punctuation) {
        folded.push(c.to_ascii_lowercase());
        cased.push(c);
    }
}

/// The sentences of a document folded into one buffer (separated by NUL,
/// which no lexicon phrase contains) and searched with the lexicon in one
/// pass: running the automata once per document instead of once per
/// sentence keeps them warm in the cache and saves a search set-up per
/// sentence. Hits never cross a separator, and the word-boundary checks
/// treat NUL as a non-word byte as they treat a sentence's ends, so each
/// sentence gets exactly the hits a search of that sentence alone finds.
pub(crate) struct Sentences {
    folded: String,
    cased: String,
    /// Byte range of each sentence in `folded` / `cased`.
    bounds: Vec<(usize, usize)>,
    /// All hits, sorted by (start, end).
    hits: Vec<Hit>,
}

impl Sentences {
    /// Fold and search `sentences` (in order).
    pub(crate) fn new<'s>(
        sentences: impl Iterator<Item = &'s str>,
        lexicon: &Lexicon,
    ) -> Sentences {
        let mut folded = String::new();
        let mut cased = String::new();
        let mut bounds = Vec::new();
        for s in sentences {
            let at = folded.len();
            fold_into(s, &mut folded, &mut cased);
            bounds.push((at, folded.len()));
            folded.push('\0');
            cased.push('\0');
        }
        let mut hits = if lexicon.nul_free() {
            lexicon.find(&folded, &cased)
        } else {
            // A user phrase with a NUL could match across sentences:
            // search sentence by sentence.
            let mut hits = Vec::new();
            for &(a, b) in &bounds {
                hits.extend(
                    lexicon
                        .find(&folded[a..b], &cased[a..b])
                        .into_iter()
                        .map(|h| Hit {
                            start: h.start + a,
                            end: h.end + a,
                            ..h
                        }),
                );
            }
            hits
        };
        hits.sort_by_key(|h| (h.start, h.end));
        drop_hits_in_company_names(&cased, &mut hits);
        Sentences {
            folded,
            cased,
            bounds,
            hits,
        }
    }

    /// The analysis of sentence `i` (whose normalised text is `text`).
    pub(crate) fn analysis<'a>(&'a self, i: usize, text: &'a str) -> Analysis<'a> {
        let (a, b) = self.bounds[i];
        let from = self.hits.partition_point(|h| h.start < a);
        let to = self.hits.partition_point(|h| h.start < b);
        Analysis::from_parts(
            text,
            &self.folded[a..b],
            &self.cased[a..b],
            self.hits[from..to].iter().map(|h| Hit {
                start: h.start - a,
                end: h.end - a,
                ..*h
            }),
        )
    }
}

/// [`super::LEGAL_FORMS`], found in one pass.
static LEGAL_FORM: LazyLock<aho_corasick::AhoCorasick> =
    LazyLock::new(|| super::any_of(super::LEGAL_FORMS));

/// Drop the lexicon phrases found inside a company's name: in "Wolfram
/// Research Asia Limited may obtain email addresses" or "Acme Data
/// Services, LLC", "research" and "data" are words of a name, not a purpose
/// or a kind of data. A name is one to six capitalised words before a
/// legal form ([`super::LEGAL_FORMS`], a whole word, after a space or ", "), not
/// counting a "X-based" before them. Company hits (the lexicon's named
/// recipients) are kept.
fn drop_hits_in_company_names(cased: &str, hits: &mut Vec<Hit>) {
    let b = cased.as_bytes();
    hits.retain(|h| matches!(h.term, Term::Company(_)) || !in_company_name(b, h.start, h.end));
}

/// Bytes of the words of a company name.
fn name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'&' | b'\'' | b'-' | b'.')
}

/// Whether bytes `start..end` lie in a company name (see
/// [`drop_hits_in_company_names`]). Only the words after the phrase are
/// read: a name's words are capitalised and single-spaced, so the legal
/// form that ends it is at most six words on.
fn in_company_name(b: &[u8], start: usize, end: usize) -> bool {
    let mut ws = start;
    while ws > 0 && name_byte(b[ws - 1]) {
        ws -= 1;
    }
    if !b.get(ws).is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let mut i = ws;
    for _ in 0..7 {
        while i < b.len() && name_byte(b[i]) {
            i += 1;
        }
        let p = match (b.get(i), b.get(i + 1)) {
            (Some(b' '), _) => i + 1,
            (Some(b','), Some(b' ')) => i + 2,
            _ => return false,
        };
        if end <= p && legal_form_at(b, p) && name_start(b, p).is_some_and(|s| s <= start) {
            return true;
        }
        if b[i] == b',' {
            return false;
        }
        i = p;
    }
    false
}

/// Whether a legal form ([`super::LEGAL_FORMS`]) starts at `p` (after a
/// space) as a whole word: the match an Aho-Corasick search of the text
/// reports there, which is the one that ends first.
fn legal_form_at(b: &[u8], p: usize) -> bool {
    // Longer than the longest form, so the match that ends first is found.
    let window = &b[p..b.len().min(p + 12)];
    LEGAL_FORM.find(window).is_some_and(|m| {
        m.start() == 0 && !b.get(p + m.end()).is_some_and(u8::is_ascii_alphanumeric)
    })
}

/// Where the name that a legal form at `p` ends starts: up to six
/// capitalised words before it, separated by single spaces (and a comma
/// before the form), not counting a "X-based" before them.
fn name_start(b: &[u8], p: usize) -> Option<usize> {
    if p == 0 || b[p - 1] != b' ' {
        return None;
    }
    let mut i = p - 1;
    if i > 0 && b[i - 1] == b',' {
        i -= 1;
    }
    let mut start = None;
    for _ in 0..6 {
        let mut s = i;
        while s > 0 && name_byte(b[s - 1]) {
            s -= 1;
        }
        // "Switzerland-based Evernote GmbH": the place is not the name.
        if s == i || !b[s].is_ascii_uppercase() || b[s..i].ends_with(b"-based") {
            break;
        }
        start = Some(s);
        if s == 0 || b[s - 1] != b' ' {
            break;
        }
        i = s - 1;
    }
    start
}

/// Whether a hit on the bare word "name" names a thing, not a person: "our
/// brand name", "the service name listed", "the name of the third party".
fn name_of_a_thing(folded: &str, h: &Hit) -> bool {
    if h.term != Term::Data(DataCategory::IdentityName)
        || !matches!(folded.get(h.start..h.end), Some("name" | "names"))
    {
        return false;
    }
    let prev = folded[..h.start]
        .rsplit(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| !w.is_empty());
    let mut next = folded[h.end..]
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    matches!(
        prev,
        Some(
            "brand"
                | "entity"
                | "service"
                | "product"
                | "trade"
                | "file"
                | "app"
                | "website"
                | "site"
                | "domain"
                | "project"
                | "feature"
                | "program"
                | "event"
                | "group"
        )
    ) || prev == Some("the")
        && next.next() == Some("of")
        && matches!(
            next.next(),
            Some("the" | "a" | "an" | "our" | "this" | "that" | "any" | "such" | "each" | "every")
        )
        // "the name of a participant" is a person's.
        && !next.next().is_some_and(|w| {
            let w = w.strip_suffix('s').unwrap_or(w);
            matches!(
                w,
                "participant" | "user" | "member" | "person" | "individual" | "customer"
                    | "contact" | "child" | "employee" | "sender" | "recipient" | "friend"
                    | "patient" | "parent" | "guardian" | "cardholder" | "holder" | "student"
            )
        })
}

/// Whether a hit on the bare word "address" is no postal address of the
/// user: the verb ("to address your concerns", "we will address it"), the
/// company's own ("write to us at the following address"), or another kind
/// of address ("device address", "phone address book").
fn address_not_postal(folded: &str, h: &Hit) -> bool {
    if h.term != Term::Data(DataCategory::ContactPostalAddress)
        || !matches!(folded.get(h.start..h.end), Some("address" | "addresses"))
    {
        return false;
    }
    let prev = folded[..h.start]
        .rsplit(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| !w.is_empty());
    let next = folded[h.end..]
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| !w.is_empty());
    matches!(
        prev,
        Some(
            "to" | "otherwise"
                | "help"
                | "will"
                | "may"
                | "can"
                | "must"
                | "we"
                | "following"
                | "our"
                | "below"
                | "above"
                | "device"
                | "protocol"
                | "bluetooth"
                | "wallet"
                | "web"
                | "website"
                | "url"
                | "internet"
                | "network"
                | "phone"
        )
    ) || matches!(
        next,
        Some(
            "the"
                | "any"
                | "your"
                | "our"
                | "these"
                | "this"
                | "such"
                | "concerns"
                | "issues"
                | "questions"
                | "them"
                | "it"
                | "requests"
                | "complaints"
                | "book"
                | "books"
                | "below"
        )
    )
}

/// Whether a hit on the bare word "contacts" is the verb ("a user contacts
/// us", "the app periodically contacts our servers"), not the address book.
fn contacts_as_verb(folded: &str, h: &Hit) -> bool {
    if h.term != Term::Data(DataCategory::SocialContacts)
        || folded.get(h.start..h.end) != Some("contacts")
    {
        return false;
    }
    let next = folded[h.end..]
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| !w.is_empty());
    let prev = folded[..h.start]
        .rsplit(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| !w.is_empty());
    matches!(
        next,
        Some("us" | "our" | "you" | "them" | "him" | "google" | "customer" | "support")
    ) && !matches!(
        prev,
        Some("your" | "their" | "my" | "our" | "his" | "her" | "of" | "and" | "or" | "device's")
    )
}

/// Whether the text before a data phrase takes the data out of the
/// practice: "non-personal information", "not personal", and the
/// alternative not chosen ("collect the member ID number rather than a
/// Social Security number", "instead of your name").
pub(crate) fn not_this_data(before: &str) -> bool {
    if non_data(before) {
        return true;
    }
    let mut b = before.trim_end();
    for article in ["a", "an", "the", "your", "their", "his", "her", "any"] {
        if let Some(rest) = b.strip_suffix(article)
            && rest.ends_with(' ')
        {
            b = rest.trim_end();
            break;
        }
    }
    // Whether `b` ends with the words `w` (not with the end of a longer word).
    let ends_with_words = |w: &str| {
        b.strip_suffix(w)
            .is_some_and(|rest| !rest.bytes().next_back().is_some_and(is_word_char))
    };
    // "give your member ID number -- not your Social Security number".
    (ends_with_words("not") && b.len() < before.trim_end().len())
        || ends_with_words("rather than")
        || ends_with_words("instead of")
}

/// Whether the text just before a data phrase negates it ("non-personal",
/// "not personal").
pub(crate) fn non_data(before: &str) -> bool {
    before.ends_with("non-") || before.ends_with("non ") || before.ends_with("not ")
}

/// Bytes of words: ASCII letters and digits, the apostrophe, and every byte
/// of a non-ASCII character (a table: this runs on every byte of every
/// sentence).
const WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'\'' || b >= 0x80;
        i += 1;
    }
    t
};

fn is_word_char(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

impl<'a> Analysis<'a> {
    /// Analyse a sentence: `text` as normalised, `folded` and `cased` as
    /// [`fold_into`] makes them, and its lexicon hits sorted by (start, end).
    fn from_parts(
        text: &'a str,
        folded: &'a str,
        cased: &'a str,
        hits: impl ExactSizeIterator<Item = Hit>,
    ) -> Analysis<'a> {
        // Drop a hit contained in another (company names overlap phrases).
        let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
        for h in hits {
            if let Some(last) = kept.last() {
                if h.start < last.end && h.end <= last.end {
                    continue;
                }
                if h.start == last.start && h.end > last.end {
                    kept.pop();
                }
            }
            kept.push(h);
        }
        kept.retain(|h| {
            !contacts_as_verb(folded, h)
                && !name_of_a_thing(folded, h)
                && !address_not_postal(folded, h)
        });
        let fb = folded.as_bytes();
        // About one word per six bytes of English prose.
        let mut words = Vec::with_capacity(fb.len() / 6 + 1);
        let mut i = 0;
        while i < fb.len() {
            if is_word_char(fb[i]) && fb[i] != b'\'' {
                let s = i;
                while i < fb.len()
                    && (is_word_char(fb[i])
                        || (fb[i] == b'-' && i + 1 < fb.len() && fb[i + 1].is_ascii_alphabetic()))
                {
                    i += 1;
                }
                let mut e = i;
                while e > s && fb[e - 1] == b'\'' {
                    e -= 1;
                }
                words.push(Word {
                    start: s,
                    end: e,
                    clause: 0,
                });
            } else {
                i += 1;
            }
        }
        let mut a = Analysis {
            text,
            folded,
            cased,
            hits: kept,
            words,
            clauses: Vec::new(),
            conditions: Vec::new(),
            verbs: Vec::new(),
            kw: 0,
        };
        a.split_clauses();
        a.verbs = a.find_verbs();
        a.kw = (0..a.words.len()).fold(0, |b, i| b | word_bits(a.word(i)));
        a
    }

    /// The verbs of the sentence (see [`Analysis::find_verbs`]).
    pub(crate) fn verbs(&self) -> Vec<(usize, Verb)> {
        self.verbs.clone()
    }

    /// Whether there are verbs.
    pub(crate) fn has_verbs(&self) -> bool {
        !self.verbs.is_empty()
    }

    /// The folded text of word `i`.
    pub(crate) fn word(&self, i: usize) -> &str {
        let w = self.words[i];
        &self.folded[w.start..w.end]
    }

    fn inside_hit(&self, pos: usize) -> Option<&Hit> {
        // Hits are sorted by start and do not overlap.
        let i = self.hits.partition_point(|h| h.start <= pos);
        i.checked_sub(1)
            .map(|i| &self.hits[i])
            .filter(|h| pos < h.end)
    }

    fn split_clauses(&mut self) {
        let n = self.words.len();
        let mut clauses = Vec::new();
        let mut start = 0usize;
        let mut kind = ClauseKind::Main;
        // A condition clause ends at the next comma.
        let mut cond_until_comma = false;
        let mut i = 0;
        while i < n {
            let w = self.word(i);
            let ws = self.words[i].start;
            let prev_end = if i > 0 { self.words[i - 1].end } else { 0 };
            let gap = &self.folded[prev_end..ws];
            let mut boundary: Option<ClauseKind> = None;
            if i > 0 && (gap.contains(';') || gap.contains(':'))
                || cond_until_comma && gap.contains(',')
            {
                boundary = Some(ClauseKind::Main);
            }
            // Neighbours are looked up only by the arms that need them, and
            // the lexicon hits only for a word that starts a clause: most
            // words are none of these.
            let word_at = |j: usize| if j < n { self.word(j) } else { "" };
            let prev = || if i > 0 { self.word(i - 1) } else { "" };
            let starts = match w {
                "except" | "excepting" | "apart" => Some(ClauseKind::Exception),
                "other" if word_at(i + 1) == "than" => Some(ClauseKind::Exception),
                "with" if word_at(i + 1) == "the" && word_at(i + 2) == "exception" => {
                    Some(ClauseKind::Exception)
                }
                "outside" if word_at(i + 1) == "of" => Some(ClauseKind::Exception),
                "but" | "however" | "although" | "though" | "whereas" | "while" if i > 0 => {
                    Some(ClauseKind::Main)
                }
                "if" | "unless" | "whenever"
                    if prev() != "as"
                        && !matches!(
                            word_at(i + 1),
                            "any"
                                | "applicable"
                                | "necessary"
                                | "possible"
                                | "appropriate"
                                | "required"
                        ) =>
                {
                    Some(ClauseKind::Condition)
                }
                "when" | "once" | "where" | "until" if i == 0 || gap.contains(',') => {
                    Some(ClauseKind::Condition)
                }
                "should" if i == 0 => Some(ClauseKind::Condition),
                _ => None,
            };
            if starts.is_some() && self.inside_hit(ws).is_none_or(|h| h.start >= ws) {
                boundary = starts;
            }
            if let Some(k) = boundary {
                if i > start || k != kind {
                    let end = if i > 0 { self.words[i - 1].end } else { 0 };
                    if i > start {
                        clauses.push(Clause {
                            start: self.words[start].start,
                            end,
                            kind,
                        });
                    }
                    start = i;
                }
                kind = k;
                cond_until_comma = k == ClauseKind::Condition;
            }
            i += 1;
        }
        if start < n {
            clauses.push(Clause {
                start: self.words[start].start,
                end: self.folded.len(),
                kind,
            });
        }
        if clauses.is_empty() {
            clauses.push(Clause {
                start: 0,
                end: self.folded.len(),
                kind: ClauseKind::Main,
            });
        }
        // Renumber words by clause ranges (robust against the bookkeeping
        // above); words and clauses are both in text order.
        let mut c = 0;
        for w in &mut self.words {
            while c + 1 < clauses.len() && clauses[c + 1].start <= w.start {
                c += 1;
            }
            w.clause = if clauses[c].start <= w.start { c } else { 0 };
        }
        for c in &clauses {
            if c.kind == ClauseKind::Condition {
                let t = self
                    .text_of(c.start, c.end)
                    .trim_matches(|ch: char| ch == ',' || ch.is_whitespace());
                if !t.is_empty() && t.len() <= 160 {
                    self.conditions.push(t.to_owned());
                }
            }
        }
        // "without your consent" / "with your consent" are conditions too
        // (searched for only when one of their last words is present).
        let cond_words = (0..n).any(|i| matches!(self.word(i), "consent" | "permission" | "law"));
        for pat in [
            "without your consent",
            "with your consent",
            "with your permission",
            "without your permission",
            "with your explicit consent",
            "as required by law",
            "if required by law",
        ] {
            if !cond_words {
                break;
            }
            if let Some(p) = self.folded.find(pat) {
                let t = self.text_of(p, p + pat.len());
                if !self.conditions.iter().any(|c| c.contains(t)) {
                    self.conditions.push(t.to_owned());
                }
            }
        }
        self.clauses = clauses;
    }

    /// The original text for a folded byte range (same offsets when the
    /// fold kept lengths, which it does for everything but exotic input).
    pub(crate) fn text_of(&self, start: usize, end: usize) -> &str {
        self.cased.get(start..end).unwrap_or_default()
    }

    /// Index of the clause containing byte `pos`.
    pub(crate) fn clause_of(&self, pos: usize) -> usize {
        self.clauses
            .iter()
            .rposition(|c| c.start <= pos)
            .unwrap_or(0)
    }

    /// Verbs of the sentence: (word index, class), skipping words inside
    /// lexicon phrases ("Do Not Sell My Personal Information") and "do not
    /// track".
    fn find_verbs(&self) -> Vec<(usize, Verb)> {
        let mut out = Vec::new();
        for i in 0..self.words.len() {
            let w = self.word(i);
            let Some(v) = verb_class(w) else { continue };
            let ws = self.words[i].start;
            if self.inside_hit(ws).is_some() {
                continue;
            }
            if v == Verb::Collect && w == "track" && i > 0 && self.word(i - 1) == "not" {
                continue;
            }
            // "available" is a share verb only in "make ... available".
            if w == "available"
                && !(i >= 1
                    && (0..i)
                        .rev()
                        .take(6)
                        .any(|j| matches!(self.word(j), "make" | "makes" | "made" | "making")))
            {
                continue;
            }
            // "payment records for seven years", "server logs and backups":
            // a verb reading needs an object after it.
            if matches!(w, "records" | "logs" | "record" | "log")
                && (i + 1 == self.words.len()
                    || matches!(
                        self.word(i + 1),
                        "for"
                            | "until"
                            | "and"
                            | "or"
                            | "of"
                            | "are"
                            | "is"
                            | "were"
                            | "was"
                            | "will"
                            | "may"
                            | "in"
                            | "on"
                            | "from"
                            | "to"
                            | "that"
                            | "which"
                            | "we"
                            | "you"
                            | "as"
                            | "at"
                            | "with"
                            | "such"
                    )
                    || self.folded[self.words[i].end..].starts_with(','))
            {
                continue;
            }
            // Nouns and adjectives that look like verbs.
            if matches!(
                w,
                "record"
                    | "records"
                    | "log"
                    | "logs"
                    | "access"
                    | "use"
                    | "request"
                    | "requests"
                    | "process"
                    | "processing"
                    | "sharing"
                    | "trade"
                    | "exchange"
                    | "hold"
                    | "store"
                    | "release"
                    | "transfer"
                    | "pass"
                    | "share"
                    | "lease"
                    | "rent"
            ) && i > 0
                && matches!(
                    self.word(i - 1),
                    "the"
                        | "a"
                        | "an"
                        | "your"
                        | "their"
                        | "its"
                        | "this"
                        | "that"
                        | "such"
                        | "of"
                        | "our"
                        | "any"
                        | "his"
                        | "her"
                        | "these"
                        | "those"
                        | "all"
                        | "associated"
                        | "related"
                        | "privacy"
                        | "consumer"
                        | "deletion"
                        | "rights"
                        | "data"
                )
            {
                continue;
            }
            out.push((i, v));
        }
        out
    }

    /// Whether the verb at word `i` is negated: a negator earlier in the same
    /// clause, at most eight words before, with no "only" in between.
    pub(crate) fn negated(&self, i: usize) -> bool {
        let clause = self.words[i].clause;
        let mut j = i;
        let mut steps = 0;
        while j > 0 && steps < 8 {
            j -= 1;
            steps += 1;
            if self.words[j].clause != clause {
                break;
            }
            let w = self.word(j);
            if is_negator(w) {
                // "no longer than", "no more than", "not only", "do not track".
                let next = self.word(j + 1);
                if matches!(
                    next,
                    "longer" | "more" | "less" | "later" | "only" | "matter" | "doubt" | "track"
                ) || (w == "no" && j + 1 < self.words.len() && self.word(j + 1) == "one")
                {
                    continue;
                }
                return true;
            }
        }
        false
    }

    /// Whether the verb at `i` is inside an indirect question or a
    /// description ("what information we collect", "how we share it"),
    /// which states no practice.
    pub(crate) fn reported(&self, i: usize) -> bool {
        let clause = self.words[i].clause;
        let mut j = i;
        let mut steps = 0;
        while j > 0 && steps < 6 {
            j -= 1;
            steps += 1;
            if self.words[j].clause != clause {
                break;
            }
            if matches!(
                self.word(j),
                "what" | "how" | "whether" | "circumstances" | "which" | "why"
            ) {
                return !matches!(self.word(j), "which") || steps <= 1;
            }
        }
        false
    }

    /// Whether the sentence's subject before word `i` (in its clause) is a
    /// third party: a recipient or company phrase and no first-person word.
    pub(crate) fn third_party_subject(&self, i: usize) -> bool {
        let clause = self.words[i].clause;
        let cstart = self.clauses[clause].start;
        let vpos = self.words[i].start;
        let mut first_person = false;
        for j in 0..i {
            if self.words[j].clause == clause
                && is_first_person(self.word(j))
                && self.word(j) != "our"
            {
                first_person = true;
            }
        }
        if first_person {
            return false;
        }
        self.hits.iter().any(|h| {
            h.start >= cstart
                && h.end <= vpos
                && matches!(h.term, Term::Recipient(_) | Term::Company(_))
        })
    }

    /// Whether the verb at `i` is passive ("is collected", "may be shared").
    pub(crate) fn passive(&self, i: usize) -> bool {
        i > 0
            && matches!(
                self.word(i - 1),
                "be" | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "been"
                    | "being"
                    | "not"
                    | "ever"
                    | "never"
                    | "also"
                    | "only"
            )
            && (i < 2
                || !matches!(self.word(i - 1), "not")
                || matches!(self.word(i - 2), "be" | "is" | "are" | "was" | "were"))
    }

    /// Whether the words before byte `pos` negate it as [`Analysis::negated`]
    /// negates a verb ("we do not engage in [profiling]").
    pub(crate) fn negated_at(&self, pos: usize) -> bool {
        let i = self.words.partition_point(|w| w.start < pos);
        i < self.words.len() && self.negated(i)
    }

    /// Whether the verb at word `i` is a participle that modifies the data
    /// phrase just before it ("personal data collected about you",
    /// "information obtained from cookies"), not a verb of its own.
    pub(crate) fn modifies_data(&self, i: usize) -> bool {
        let w = self.word(i);
        if !(w.ends_with("ed") || matches!(w, "held" | "kept" | "sent" | "given" | "sold")) {
            return false;
        }
        let ws = self.words[i].start;
        let before = self.folded[..ws].trim_end();
        self.hits
            .iter()
            .any(|h| h.end == before.len() && matches!(h.term, Term::Data(_)))
    }

    /// Whether the verb at word `i` is negated, where a participle that
    /// modifies data ("we do not sell or share personal data collected
    /// about you") takes the negation of the verb before it in its clause.
    pub(crate) fn negated_in_context(&self, i: usize, verbs: &[(usize, Verb)]) -> bool {
        if self.negated(i) {
            return true;
        }
        if !self.modifies_data(i) {
            return false;
        }
        let clause = self.words[i].clause;
        verbs
            .iter()
            .rev()
            .find(|&&(j, _)| j < i && self.words[j].clause == clause && !self.modifies_data(j))
            .is_some_and(|&(j, _)| self.negated(j))
    }

    /// Hits in the clause of word `i`, optionally only after the word.
    pub(crate) fn hits_in_clause(&self, clause: usize) -> impl Iterator<Item = &Hit> {
        let c = self.clauses[clause];
        self.hits
            .iter()
            .filter(move |h| h.start >= c.start && h.start < c.end)
    }

    /// Data categories in a clause; "non-personal"-style negated mentions
    /// are skipped.
    pub(crate) fn data_in(&self, clause: usize) -> Vec<(DataCategory, &str)> {
        let mut out = Vec::new();
        for h in self.hits_in_clause(clause) {
            if let Term::Data(d) = h.term {
                if not_this_data(&self.folded[..h.start]) {
                    continue;
                }
                out.push((d, self.text_of(h.start, h.end)));
            }
        }
        out
    }

    /// Data categories in the whole sentence with the byte offset of each
    /// mention (in `folded`), skipping what [`Analysis::data_in`] skips.
    pub(crate) fn data_at(&self) -> Vec<(DataCategory, usize)> {
        self.hits
            .iter()
            .filter_map(|h| match h.term {
                Term::Data(d) if !not_this_data(&self.folded[..h.start]) => Some((d, h.start)),
                _ => None,
            })
            .collect()
    }

    /// Data categories in the whole sentence.
    pub(crate) fn data_all(&self) -> Vec<(DataCategory, &str)> {
        (0..self.clauses.len())
            .flat_map(|c| self.data_in(c))
            .collect()
    }

    /// Purposes in the sentence.
    pub(crate) fn purposes(&self) -> Vec<Purpose> {
        let mut v: Vec<Purpose> = self
            .hits
            .iter()
            .filter_map(|h| match h.term {
                Term::Purpose(p) => Some(p),
                _ => None,
            })
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Whether the folded sentence contains `pat`.
    pub(crate) fn has(&self, pat: &str) -> bool {
        self.folded.contains(pat)
    }

    /// Whether any word equals one of `ws`.
    pub(crate) fn has_word(&self, ws: &[&str]) -> bool {
        (0..self.words.len()).any(|i| ws.contains(&self.word(i)))
    }

    /// Whether the sentence mentions information generically ("this
    /// information", "your data").
    ///
    /// "data" that names a role, a place or an activity ("the data
    /// controller", "our data centers", "the data protection officer", "this
    /// data transfer", "data subjects") is not information.
    pub(crate) fn generic_information(&self, clause: usize) -> bool {
        let c = self.clauses[clause];
        (0..self.words.len()).any(|i| {
            self.words[i].start >= c.start
                && self.words[i].start < c.end
                && match self.word(i) {
                    "information" | "details" | "info" => true,
                    "data" => !matches!(
                        self.words.get(i + 1).map(|_| self.word(i + 1)),
                        Some(
                            "controller"
                                | "controllers"
                                | "processor"
                                | "processors"
                                | "protection"
                                | "center"
                                | "centers"
                                | "centre"
                                | "centres"
                                | "transfer"
                                | "transfers"
                                | "processing"
                                | "breach"
                                | "breaches"
                                | "retention"
                                | "minimisation"
                                | "minimization"
                                | "subject"
                                | "subjects"
                        )
                    ),
                    _ => false,
                }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verb_table_has_each_word_once() {
        let mut seen = std::collections::BTreeSet::new();
        for (v, words) in VERB_CLASSES {
            for w in *words {
                assert!(seen.insert(*w), "`{w}` is in two verb classes");
                assert_eq!(verb_class(w), Some(*v), "{w}");
            }
        }
        for w in ["collection", "users", "", "Collect", "sharing's"] {
            assert_eq!(verb_class(w), None, "{w}");
        }
    }

    /// Analyse one sentence (the folded buffer is leaked: tests only).
    fn an(s: &'static str) -> Analysis<'static> {
        let f: &'static Sentences = Box::leak(Box::new(Sentences::new(
            std::iter::once(s),
            Lexicon::builtin(),
        )));
        f.analysis(0, s)
    }

    #[test]
    fn one_pass_per_document_gives_each_sentence_its_own_hits() {
        let lex = Lexicon::builtin();
        let sentences = [
            "We collect your email address.",
            "Google Analytics and PayPal receive your IP address.",
            "",
            "We don’t sell your phone number—ever.",
        ];
        let doc = Sentences::new(sentences.iter().copied(), lex);
        for (i, s) in sentences.iter().enumerate() {
            let alone = Sentences::new(std::iter::once(*s), lex);
            let (a, b) = (doc.analysis(i, s), alone.analysis(0, s));
            assert_eq!(a.folded, b.folded);
            assert_eq!(a.hits, b.hits, "sentence {i}");
        }
        assert!(!doc.analysis(1, sentences[1]).hits.is_empty());
    }

    fn verb_neg(a: &Analysis<'_>, w: &str) -> bool {
        let i = (0..a.words.len()).find(|&i| a.word(i) == w).unwrap();
        a.negated(i)
    }

    #[test]
    fn negation_reaches_coordinated_verbs_of_its_clause_only() {
        let a = an(
            "We do not sell or rent your personal information, but we share it with service providers.",
        );
        assert!(verb_neg(&a, "sell"));
        assert!(verb_neg(&a, "rent"));
        assert!(!verb_neg(&a, "share"));
    }

    #[test]
    fn records_and_logs_as_nouns_are_not_verbs() {
        let verbs = |s: &'static str| -> Vec<String> {
            let a = an(s);
            a.verbs()
                .iter()
                .map(|&(i, _)| a.word(i).to_owned())
                .collect()
        };
        assert_eq!(
            verbs("We keep payment records for seven years."),
            vec!["keep"]
        );
        assert_eq!(
            verbs("Our server logs, backups and caches are kept."),
            vec!["kept"]
        );
        assert_eq!(verbs("The app records your location."), vec!["records"]);
        // "requests" after a qualifier is the noun.
        assert!(
            verbs("Information about consumer health data and associated requests is here.")
                .is_empty()
        );
        assert!(
            verbs("We answer all requests within 30 days.")
                .iter()
                .all(|w| w != "requests")
        );
        assert_eq!(verbs("The app requests your location."), vec!["requests"]);
    }

    #[test]
    fn bounds_are_not_negations() {
        let a = an("We keep it for no longer than 60 days.");
        assert!(!verb_neg(&a, "keep"));
        let a = an("Please use the Do Not Track setting; we collect your email.");
        assert!(!verb_neg(&a, "collect"));
    }

    #[test]
    fn exceptions_and_conditions_are_clauses() {
        let a = an("We never share your data except with our payment processor.");
        assert_eq!(a.clauses.len(), 2);
        assert_eq!(a.clauses[1].kind, ClauseKind::Exception);
        let a = an("If you contact us, we will record your email address.");
        assert_eq!(a.clauses[0].kind, ClauseKind::Condition);
        assert_eq!(a.conditions, vec!["If you contact us".to_owned()]);
        assert!(
            a.data_in(1)
                .iter()
                .any(|(d, _)| *d == DataCategory::ContactEmail)
        );
    }

    #[test]
    fn third_party_subject() {
        let a = an("Advertisers may collect your IP address.");
        let i = (0..a.words.len())
            .find(|&i| a.word(i) == "collect")
            .unwrap();
        assert!(a.third_party_subject(i));
        let a = an("We collect your IP address.");
        let i = (0..a.words.len())
            .find(|&i| a.word(i) == "collect")
            .unwrap();
        assert!(!a.third_party_subject(i));
    }

    #[test]
    fn lists_give_every_item() {
        let a = an("We collect your name, email address, and phone number.");
        let d: Vec<_> = a.data_all().into_iter().map(|(d, _)| d).collect();
        assert_eq!(
            d,
            vec![
                DataCategory::IdentityName,
                DataCategory::ContactEmail,
                DataCategory::ContactPhone
            ]
        );
    }

    #[test]
    fn words_of_a_company_name_are_not_phrases() {
        let purposes = |text: &str| -> Vec<Purpose> {
            crate::import_text(text)
                .unwrap()
                .purposes
                .iter()
                .map(|p| p.purpose)
                .collect()
        };
        // "Research" names the company, in either place before the legal form.
        for text in [
            "Acme Research Asia Limited may obtain your email address.",
            "Acme Research, Inc. may obtain your email address.",
        ] {
            assert!(!purposes(text).contains(&Purpose::Research), "{text}");
        }
        // The same word outside a name, or after the legal form, is a purpose.
        assert!(purposes("We use your email address for research.").contains(&Purpose::Research));
        assert!(
            purposes("Acme Inc. uses your email address for research.")
                .contains(&Purpose::Research)
        );
        // The hits themselves: "data" inside "Acme Data Services, LLC" goes,
        // the one after it stays; a lower-case word ends the name.
        let lex = Lexicon::builtin();
        let s = Sentences::new(
            ["Acme Data Services, LLC and our data partners"].into_iter(),
            lex,
        );
        let a = s.analysis(0, "Acme Data Services, LLC and our data partners");
        let starts: Vec<usize> = a
            .hits
            .iter()
            .filter(|h| !matches!(h.term, Term::Company(_)))
            .map(|h| h.start)
            .collect();
        assert!(!starts.contains(&5), "{starts:?}");
        assert!(!starts.is_empty(), "the data after the name is still a hit");
    }

    #[test]
    fn the_name_of_a_thing_is_no_personal_name() {
        let names = |t: &str| {
            crate::import_text(t)
                .unwrap()
                .collection
                .iter()
                .filter(|c| c.category == DataCategory::IdentityName)
                .count()
        };
        for t in [
            "Acme is the brand name of the products that Acme Labs provides.",
            "We collect the names of the files you upload and the app name.",
            "We collect the name of the website that referred you.",
        ] {
            assert_eq!(names(t), 0, "{t}");
        }
        for t in [
            "We collect your name and email address.",
            "We record the name of each participant who joins a call.",
        ] {
            assert_eq!(names(t), 1, "{t}");
        }
    }

    #[test]
    fn household_purposes_are_no_household_data() {
        let demographic = |t: &str| {
            crate::import_text(t)
                .unwrap()
                .collection
                .iter()
                .any(|c| c.category == DataCategory::Demographic)
        };
        assert!(!demographic(
            "Customers who provided personal information for personal, family or household purposes may ask us for a list of recipients."
        ));
        assert!(demographic(
            "We collect your household income and marital status."
        ));
    }

    #[test]
    fn an_address_to_answer_or_of_the_company_is_no_postal_address() {
        let categories = |t: &str| -> Vec<DataCategory> {
            crate::import_text(t)
                .unwrap()
                .collection
                .iter()
                .map(|c| c.category)
                .collect()
        };
        for t in [
            "We use the information you provide to address your questions and complaints.",
            "We use your data to detect, prevent or otherwise address fraud and abuse.",
            "Acme Ltd (address below) provides the service to you and is the data controller.",
        ] {
            assert!(
                !categories(t).contains(&DataCategory::ContactPostalAddress),
                "{t}: {:?}",
                categories(t)
            );
        }
        // "This data transfer" is an activity, not a reference to data.
        let p = crate::import_text(
            "We collect your postal address for deliveries. The legal basis for this data transfer and processing is our contract with you.",
        )
        .unwrap();
        assert_eq!(p.collection.len(), 1, "{:?}", p.collection);
        assert_eq!(p.collection[0].evidence.len(), 1);
        // "The data controller" is a role, not data collected.
        assert!(
            categories(
                "Acme Ltd (address below) provides the service to you and is the data controller."
            )
            .is_empty()
        );
        assert_eq!(
            categories("We collect your name and address when you order."),
            vec![
                DataCategory::IdentityName,
                DataCategory::ContactPostalAddress
            ]
        );
    }
}
