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

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
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
    pub fn find(&self, folded: &str, original: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let fb = folded.as_bytes();
        for m in self.terms.find_iter(folded) {
            let (s, mut e) = (m.start(), m.end());
            if s > 0 && is_word_byte(fb[s - 1]) && is_word_byte(fb[s]) {
                continue;
            }
            if e < fb.len() && is_word_byte(fb[e]) && is_word_byte(fb[e - 1]) {
                let rest = &folded[e..];
                let plural = if rest.starts_with("es") {
                    2
                } else {
                    usize::from(rest.starts_with('s'))
                };
                if plural == 0 || fb.get(e + plural).is_some_and(|&b| is_word_byte(b)) {
                    continue;
                }
                e += plural;
            }
            hits.push(Hit {
                term: self.term_ids[m.pattern().as_usize()],
                start: s,
                end: e,
            });
        }
        let ob = original.as_bytes();
        for m in self.names.find_iter(original) {
            let (s, e) = (m.start(), m.end());
            if (s > 0 && ob[s - 1].is_ascii_alphanumeric())
                || (e < ob.len() && ob[e].is_ascii_alphanumeric())
            {
                continue;
            }
            hits.push(Hit {
                term: Term::Company(self.name_ids[m.pattern().as_usize()]),
                start: s,
                end: e,
            });
        }
        hits
    }
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

    #[test]
    fn bad_user_lexicon_is_a_config_error_with_line() {
        let e = Lexicon::builtin()
            .extended("[[data]]\nvalue = \"no.such.category\"\nphrases = [\"x\"]\n")
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        assert!(e.line().is_some());
    }
}
