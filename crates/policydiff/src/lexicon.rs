//! Lexicons: the phrases that name data categories, purposes, recipients,
//! companies, rights, security measures and more.
//!
//! The built-in lexicon is data (`lexicon/*.toml` in the crate), compiled
//! once into Aho-Corasick automata. Users extend it with their own TOML in
//! the same format:
//!
//! ```
//! use policydiff::Lexicon;
//! let extra = r#"
//! [[data]]
//! value = "health.fitness"
//! phrases = ["step count", "resting heart rate"]
//!
//! [[company]]
//! name = "Stridewell Payments"
//! kind = "payment_processor"
//! "#;
//! let lexicon = Lexicon::builtin().extended(extra).unwrap();
//! assert!(lexicon.len() > Lexicon::builtin().len());
//! ```

use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind, PatternID};
use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    AudienceKind, ChoiceMechanism, DataCategory, Law, Purpose, RecipientKind, Right,
    SecurityMeasure, TrackingTechnology, TransferMechanism,
};

const BUILTIN: &[(&str, &str)] = &[
    ("data.toml", include_str!("../lexicon/data.toml")),
    ("purposes.toml", include_str!("../lexicon/purposes.toml")),
    (
        "recipients.toml",
        include_str!("../lexicon/recipients.toml"),
    ),
    ("companies.toml", include_str!("../lexicon/companies.toml")),
    ("practices.toml", include_str!("../lexicon/practices.toml")),
];

/// One group of phrases naming the same value.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Group<T> {
    value: T,
    phrases: Vec<String>,
}

/// A named company and the kind of recipient it is.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    /// Canonical name ("PayPal").
    pub name: String,
    /// The kind of recipient it usually is.
    pub kind: RecipientKind,
    /// Other spellings, matched case-sensitively (the name itself is always matched).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// The file format of lexicon files.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    data: Vec<Group<DataCategory>>,
    #[serde(default)]
    purpose: Vec<Group<Purpose>>,
    #[serde(default)]
    recipient: Vec<Group<RecipientKind>>,
    #[serde(default)]
    company: Vec<Company>,
    #[serde(default)]
    tracking: Vec<Group<TrackingTechnology>>,
    #[serde(default)]
    right: Vec<Group<Right>>,
    #[serde(default)]
    security: Vec<Group<SecurityMeasure>>,
    #[serde(default)]
    audience: Vec<Group<AudienceKind>>,
    #[serde(default)]
    law: Vec<Group<Law>>,
    #[serde(default)]
    transfer_mechanism: Vec<Group<TransferMechanism>>,
    #[serde(default)]
    choice_mechanism: Vec<Group<ChoiceMechanism>>,
}

/// What a phrase names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Term {
    /// A data category.
    Data(DataCategory),
    /// A purpose.
    Purpose(Purpose),
    /// A kind of recipient.
    Recipient(RecipientKind),
    /// A named company (index into [`Lexicon::companies`]).
    Company(usize),
    /// A tracking technology.
    Tracking(TrackingTechnology),
    /// A right.
    Right(Right),
    /// A security measure.
    Security(SecurityMeasure),
    /// An audience.
    Audience(AudienceKind),
    /// A law.
    Law(Law),
    /// A transfer safeguard.
    TransferMechanism(TransferMechanism),
    /// A way to exercise a choice.
    ChoiceMechanism(ChoiceMechanism),
}

/// A phrase found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// What it names.
    pub term: Term,
    /// Byte range in the searched (folded) text.
    pub start: usize,
    /// End of the range.
    pub end: usize,
}

/// A compiled lexicon.
pub struct Lexicon {
    phrases: Vec<(String, Term)>,
    companies: Vec<Company>,
    /// Case-insensitive automaton over folded text.
    terms: AhoCorasick,
    term_ids: Vec<Term>,
    /// Case-sensitive automaton for company names.
    names: AhoCorasick,
    name_ids: Vec<usize>,
    /// No phrase or name contains a NUL byte (so a search over NUL-separated
    /// sentences finds no match across a separator).
    nul_free: bool,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("phrases", &self.phrases.len())
            .field("companies", &self.companies.len())
            .finish_non_exhaustive()
    }
}

static BUILTIN_LEXICON: LazyLock<Arc<Lexicon>> = LazyLock::new(|| {
    let mut files = Vec::new();
    for (name, text) in BUILTIN {
        // The built-in files are checked by the tests; failing here is a build defect.
        let file: LexiconFile = toml::from_str(text)
            .unwrap_or_else(|e| panic!("built-in lexicon {name} is invalid: {e}"));
        files.push(file);
    }
    Arc::new(Lexicon::compile(files).expect("built-in lexicon compiles"))
});

/// The punctuation fold of one character, case kept: curly quotes, backticks
/// and acute accents become `'`, curly double quotes `"`, dashes and the
/// minus sign `-`, a no-break space a space.
pub(crate) fn fold_punctuation(c: char) -> char {
    match c {
        '’' | '‘' | '`' | '´' => '\'',
        '“' | '”' | '„' => '"',
        '–' | '—' | '‐' | '‑' | '−' => '-',
        '\u{a0}' => ' ',
        c => c,
    }
}

/// Whether [`fold_punctuation`] leaves every character of `s` as it is:
/// ASCII without a backtick (the common case), which folding only lowercases.
pub(crate) fn only_case_folds(s: &str) -> bool {
    s.is_ascii() && memchr::memchr(b'`', s.as_bytes()).is_none()
}

/// Fold text for matching: lowercase ASCII, straight quotes, plain hyphens.
pub fn fold(s: &str) -> String {
    if only_case_folds(s) {
        return s.to_ascii_lowercase();
    }
    s.chars()
        .map(|c| fold_punctuation(c).to_ascii_lowercase())
        .collect()
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

impl Lexicon {
    /// The built-in lexicon (compiled once, shared).
    pub fn builtin() -> &'static Arc<Lexicon> {
        &BUILTIN_LEXICON
    }

    /// Parse a lexicon from TOML in the lexicon file format (without the built-in entries).
    pub fn from_toml(text: &str) -> Result<Lexicon> {
        Lexicon::compile(vec![parse(text)?])
    }

    /// A new lexicon: this one plus the entries in `toml`.
    pub fn extended(&self, toml: &str) -> Result<Lexicon> {
        let extra = parse(toml)?;
        let mut base = LexiconFile::default();
        for (phrase, term) in &self.phrases {
            push_phrase(&mut base, phrase, *term);
        }
        base.company.clone_from(&self.companies);
        // Company phrases were regenerated from `companies`; drop duplicates.
        Lexicon::compile(vec![base, extra])
    }

    /// Number of phrases and company names.
    pub fn len(&self) -> usize {
        self.phrases.len() + self.name_ids.len()
    }

    /// Whether the lexicon is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The companies known.
    pub fn companies(&self) -> &[Company] {
        &self.companies
    }

    fn compile(files: Vec<LexiconFile>) -> Result<Lexicon> {
        let mut phrases: Vec<(String, Term)> = Vec::new();
        let mut companies: Vec<Company> = Vec::new();
        for f in files {
            macro_rules! add {
                ($field:ident, $variant:ident) => {
                    for g in f.$field {
                        for p in g.phrases {
                            let p = fold(p.trim());
                            if !p.is_empty() {
                                phrases.push((p, Term::$variant(g.value)));
                            }
                        }
                    }
                };
            }
            add!(data, Data);
            add!(purpose, Purpose);
            add!(recipient, Recipient);
            add!(tracking, Tracking);
            add!(right, Right);
            add!(security, Security);
            add!(audience, Audience);
            add!(law, Law);
            add!(transfer_mechanism, TransferMechanism);
            add!(choice_mechanism, ChoiceMechanism);
            for c in f.company {
                if let Some(existing) = companies.iter_mut().find(|e| e.name == c.name) {
                    existing.kind = c.kind;
                    existing.aliases.extend(c.aliases);
                } else {
                    companies.push(c);
                }
            }
        }
        phrases.sort();
        phrases.dedup();
        // A phrase may name only one thing: the later file wins.
        let mut seen = std::collections::BTreeMap::new();
        for (p, t) in &phrases {
            seen.insert(p.clone(), *t);
        }
        let phrases: Vec<(String, Term)> = seen.into_iter().collect();
        let terms = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(phrases.iter().map(|(p, _)| p.as_str()))
            .map_err(|e| Error::new(ErrorKind::Config, format!("lexicon: {e}")))?;
        let term_ids = phrases.iter().map(|(_, t)| *t).collect();
        let mut names = Vec::new();
        let mut name_ids = Vec::new();
        for (i, c) in companies.iter().enumerate() {
            for n in std::iter::once(&c.name).chain(c.aliases.iter()) {
                if !n.trim().is_empty() {
                    names.push(n.trim().to_owned());
                    name_ids.push(i);
                }
            }
        }
        let names_ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&names)
            .map_err(|e| Error::new(ErrorKind::Config, format!("lexicon: {e}")))?;
        let nul_free = !phrases.iter().any(|(p, _)| p.contains('\0'))
            && !names.iter().any(|n| n.contains('\0'));
        Ok(Lexicon {
            phrases,
            companies,
            terms,
            term_ids,
            names: names_ac,
            name_ids,
            nul_free,
        })
    }

    /// Whether no phrase or company name contains a NUL byte.
    pub(crate) fn nul_free(&self) -> bool {
        self.nul_free
    }

    /// Find lexicon phrases in `folded` (see [`fold`]) and company names in
    /// `original` (case-sensitive). Both must be the same sentence; company hit
    /// offsets refer to `original`. Matches must start and end at word
    /// boundaries; a trailing plural `s`/`es` is accepted.
    ///
    /// The hits are the leftmost-longest matches among those that respect
    /// the boundaries: a match the automaton finds inside a word does not
    /// hide one that starts at the next word (in "reusage data encryption",
    /// "usage data" is turned away and "data encryption" still found), and a
    /// match that runs into a word gives way to a shorter phrase at the same
    /// start.
    pub fn find(&self, folded: &str, original: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        on_boundaries(
            &self.terms,
            folded,
            is_word_byte,
            |e| phrase_end(folded, e),
            |p, start, end| {
                hits.push(Hit {
                    term: self.term_ids[p.as_usize()],
                    start,
                    end,
                });
            },
        );
        let ob = original.as_bytes();
        let alnum = |b: u8| b.is_ascii_alphanumeric();
        on_boundaries(
            &self.names,
            original,
            alnum,
            |e| (e >= ob.len() || !alnum(ob[e])).then_some(e),
            |p, start, end| {
                hits.push(Hit {
                    term: Term::Company(self.name_ids[p.as_usize()]),
                    start,
                    end,
                });
            },
        );
        hits
    }
}

/// Where a phrase match ending at `e` ends as a hit: at `e` when that is
/// a word boundary, after a plural `s`/`es` that ends the word, or not
/// at all.
fn phrase_end(folded: &str, e: usize) -> Option<usize> {
    let fb = folded.as_bytes();
    if e >= fb.len() || !is_word_byte(fb[e]) || !is_word_byte(fb[e - 1]) {
        return Some(e);
    }
    let rest = &folded[e..];
    let plural = if rest.starts_with("es") {
        2
    } else {
        usize::from(rest.starts_with('s'))
    };
    if plural == 0 || fb.get(e + plural).is_some_and(|&b| is_word_byte(b)) {
        return None;
    }
    Some(e + plural)
}

/// The leftmost-longest matches of `ac` in `hay` that start on a word
/// boundary and end where `accept_end` says (it returns the hit's end, which
/// may take in a plural ending), passed to `hit`.
///
/// A match that starts inside a word is skipped to the end of that word, so
/// a match starting at the next word, inside the skipped one's span, is
/// still found. A match whose end is turned away gives way to the longest
/// shorter one at the same start (searched for again, up to the start of the
/// word it ran into).
fn on_boundaries(
    ac: &AhoCorasick,
    hay: &str,
    is_word: impl Fn(u8) -> bool + Copy,
    accept_end: impl Fn(usize) -> Option<usize>,
    mut hit: impl FnMut(PatternID, usize, usize),
) {
    let b = hay.as_bytes();
    let mut pos = 0;
    while let Some(m) = ac.find(Input::new(hay).span(pos..b.len())) {
        let s = m.start();
        if s > 0 && is_word(b[s - 1]) && is_word(b[s]) {
            pos = word_end(b, s, is_word);
            continue;
        }
        let mut candidate = Some(m);
        let mut found = None;
        while let Some(c) = candidate.filter(|c| c.start() == s) {
            if let Some(e) = accept_end(c.end()) {
                found = Some((c.pattern(), e));
                break;
            }
            let before = word_start(b, c.end(), is_word);
            candidate = (before > s)
                .then(|| ac.find(Input::new(hay).span(s..before)))
                .flatten();
        }
        if let Some((pattern, e)) = found {
            hit(pattern, s, e);
            pos = e;
        } else {
            // Nothing at `s`; a phrase that starts with a non-word byte
            // moves on by one.
            pos = word_end(b, s, is_word).max(s + 1);
        }
    }
}

/// The end of the word that contains byte `i` (the first byte at or after
/// `i` that is not a word byte).
fn word_end(b: &[u8], i: usize, is_word: impl Fn(u8) -> bool) -> usize {
    let mut i = i.min(b.len());
    while i < b.len() && is_word(b[i]) {
        i += 1;
    }
    i
}

/// The start of the word that byte `i - 1` ends or lies in (`i` itself when
/// the byte before is not a word byte).
fn word_start(b: &[u8], i: usize, is_word: impl Fn(u8) -> bool) -> usize {
    let mut i = i.min(b.len());
    while i > 0 && is_word(b[i - 1]) {
        i -= 1;
    }
    i
}

fn parse(text: &str) -> Result<LexiconFile> {
    toml::from_str(text).map_err(|e| {
        let mut err = Error::new(ErrorKind::Config, format!("lexicon: {}", e.message()));
        if let Some(span) = e.span() {
            err = err.at(crate::error::Location::at_offset(
                text.as_bytes(),
                span.start,
            ));
        }
        err
    })
}

fn push_phrase(f: &mut LexiconFile, phrase: &str, term: Term) {
    let p = vec![phrase.to_owned()];
    match term {
        Term::Data(v) => f.data.push(Group {
            value: v,
            phrases: p,
        }),
        Term::Purpose(v) => f.purpose.push(Group {
            value: v,
            phrases: p,
        }),
        Term::Recipient(v) => f.recipient.push(Group {
            value: v,
            phrases: p,
        }),
        Term::Tracking(v) => f.tracking.push(Group {
            value: v,
            phrases: p,
        }),
        Term::Right(v) => f.right.push(Group {
            value: v,
            phrases: p,
        }),
        Term::Security(v) => f.security.push(Group {
            value: v,
            phrases: p,
        }),
        Term::Audience(v) => f.audience.push(Group {
            value: v,
            phrases: p,
        }),
        Term::Law(v) => f.law.push(Group {
            value: v,
            phrases: p,
        }),
        Term::TransferMechanism(v) => f.transfer_mechanism.push(Group {
            value: v,
            phrases: p,
        }),
        Term::ChoiceMechanism(v) => f.choice_mechanism.push(Group {
            value: v,
            phrases: p,
        }),
        Term::Company(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_files_parse_and_compile() {
        for (name, text) in BUILTIN {
            parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert!(!Lexicon::builtin().is_empty());
    }

    #[test]
    fn finds_with_boundaries_and_plurals() {
        let lex = Lexicon::builtin();
        let s = "We collect email addresses and emailing preferences via PayPal.";
        let hits = lex.find(&fold(s), s);
        assert!(
            hits.iter()
                .any(|h| h.term == Term::Data(DataCategory::ContactEmail))
        );
        assert!(
            hits.iter()
                .any(|h| matches!(h.term, Term::Company(i) if lex.companies()[i].name == "PayPal"))
        );
        let s = "Paypalish";
        assert!(lex.find(&fold(s), s).is_empty());
    }

    /// The text of each hit.
    fn spans<'a>(lex: &Lexicon, s: &'a str) -> Vec<&'a str> {
        lex.find(&fold(s), s)
            .iter()
            .map(|h| &s[h.start..h.end])
            .collect()
    }

    #[test]
    fn a_match_turned_away_hides_nothing() {
        let lex = Lexicon::from_toml(
            r#"
[[data]]
value = "contact.email"
phrases = ["email", "email address book"]
[[purpose]]
value = "analytics"
phrases = ["usage data"]
[[security]]
value = "hashing"
phrases = ["hashing", "salted hash"]
[[security]]
value = "encryption_at_rest"
phrases = ["data encryption"]
[[company]]
name = "Acme"
kind = "advertising_partner"
[[company]]
name = "Acme Ads"
kind = "advertising_partner"
"#,
        )
        .unwrap();
        // "usage data" starts inside "reusage": the automaton's leftmost-
        // longest match, turned away at the boundary, must not hide the
        // "data encryption" that starts inside its span.
        assert_eq!(spans(&lex, "reusage data encryption"), ["data encryption"]);
        assert_eq!(spans(&lex, "usage data"), ["usage data"]);
        // The longest phrase runs into a word: the shorter one at the same
        // start is the hit ("email" in "email address books" is a plural
        // and matches in full; "email address bookings" does not).
        assert_eq!(spans(&lex, "email address books"), ["email address books"]);
        assert_eq!(spans(&lex, "email address bookings"), ["email"]);
        // "salted hash" runs into "hashing": "hashing" is found at its start.
        assert_eq!(spans(&lex, "a salted hashing scheme"), ["hashing"]);
        // Company names: "Acme Ads" runs into "Adsense" and gives way to
        // "Acme"; "XAcme" hides no "Acme" after it.
        assert_eq!(spans(&lex, "Acme Adsense"), ["Acme"]);
        assert_eq!(spans(&lex, "XAcme and Acme"), ["Acme"]);
        assert_eq!(spans(&lex, "Acme Ads"), ["Acme Ads"]);
    }

    #[test]
    fn bad_user_lexicon_is_a_config_error_with_line() {
        let e = Lexicon::builtin()
            .extended("[[data]]\nvalue = \"no.such.category\"\nphrases = [\"x\"]\n")
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        assert!(e.line().is_some());
    }
}
