//! Sentence-level extraction of practices from segmented text.
//!
//! Input: the policy's sections and sentences (spans into `source`).
//! Output: statements in the `Policy`, each with sentence evidence.

mod metadata;

use crate::lexicon::Lexicon;
use crate::model::{Evidence, Policy, Section, Sentence};

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
    }
}

/// Fill `policy`'s practice lists from its sections.
pub(crate) fn extract(policy: &mut Policy, source: &str, lexicon: &Lexicon) {
    metadata::extract(policy, source);
    let _ = lexicon;
}
