//! Property tests: import never panics, is deterministic (across runs and
//! across thread counts in batch mode), and its JSON round-trips exactly; a
//! policy compared with itself has no change; the text diff's edits turn the
//! old text into the new. (P3P export/import: `p3p_roundtrip.rs`.)

use std::path::PathBuf;

use policydiff::batch::{Input, import_many};
use policydiff::{Action, Format, ImportOptions, Policy, diff, import_bytes};
use proptest::prelude::*;

fn policy_like_text() -> impl Strategy<Value = String> {
    let sentence = prop::sample::select(vec![
        "We collect your email address and phone number.",
        "We do not sell your personal information.",
        "We share data with service providers such as PayPal.",
        "We keep logs for no more than 60 days.",
        "We use cookies and web beacons.",
        "You may request access to or deletion of your data.",
        "We do not knowingly collect data from children under 13.",
        "Last updated: March 1, 2020",
        "Weâ€™ll notify you by email of material changes.",
        "e.g. Inc. U.S. No. 5",
    ]);
    let piece = prop_oneof![
        sentence.prop_map(str::to_owned),
        "[A-Za-z ,.;:!?()'\"\u{a0}\u{2019}-]{0,80}",
        Just("\n\n## Heading\n\n".to_owned()),
        Just("\n- item one\n- item two\n".to_owned()),
        Just("\n| a | b |\n| --- | --- |\n| c | d |\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("**Bold heading**\n\n".to_owned()),
    ];
    prop::collection::vec(piece, 1..40).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        for format in [Format::Auto, Format::Text, Format::Markdown, Format::Html, Format::P3p, Format::P3pCompact] {
            let _ = import_bytes(&bytes, &ImportOptions::new().format(format));
        }
    }

    #[test]
    fn import_is_deterministic_and_json_round_trips(text in policy_like_text()) {
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let opts = ImportOptions::new().format(format);
            let a = import_bytes(text.as_bytes(), &opts);
            let b = import_bytes(text.as_bytes(), &opts);
            match (a, b) {
                (Ok(a), Ok(b)) => {
                    prop_assert_eq!(a.to_json(), b.to_json());
                    let back = Policy::from_json(&a.to_json()).unwrap();
                    prop_assert_eq!(&back, &a);
                    prop_assert_eq!(back.to_json(), a.to_json());
                    // Sentence spans are ordered and inside the input (text formats).
                    if format != Format::Html {
                        let mut last = 0;
                        for s in a.sections.iter().flat_map(|s| &s.sentences) {
                            prop_assert!(s.span.start >= last && s.span.end <= text.len());
                            last = s.span.end;
                        }
                    }
                }
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                _ => prop_assert!(false, "non-deterministic success/failure"),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn a_policy_compared_with_itself_has_no_change(text in policy_like_text()) {
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let Ok(a) = import_bytes(text.as_bytes(), &ImportOptions::new().format(format)) else {
                continue;
            };
            // The same object, and an independent import of the same bytes.
            let b = import_bytes(text.as_bytes(), &ImportOptions::new().format(format)).unwrap();
            for report in [diff(&a, &a), diff(&a, &b)] {
                prop_assert!(report.changes.is_empty(), "{:?}", report.changes);
                prop_assert_eq!(report.action, Action::None);
                let td = report.text_diff.expect("the text diff is on by default");
                prop_assert!(td.identical && !td.has_edits(), "{td:?}");
                prop_assert!(td.sections.iter().all(|s| s.edits.is_empty()));
            }
        }
    }

    #[test]
    fn text_diff_edits_turn_the_old_text_into_the_new(
        old in doc(),
        ops in prop::collection::vec(any::<u8>(), 0..48),
    ) {
        let new = mutate(&old, &ops);
        let (old_text, new_text) = (render(&old), render(&new));
        let opts = ImportOptions::new().format(Format::Markdown);
        let a = import_bytes(old_text.as_bytes(), &opts).unwrap();
        let b = import_bytes(new_text.as_bytes(), &opts).unwrap();
        let td = diff(&a, &b).text_diff.expect("the text diff is on by default");
        check_rebuild(&a, &b, &td).map_err(|e| {
            TestCaseError::fail(format!("{e}\nold:\n{old_text}\nnew:\n{new_text}"))
        })?;
    }
}

// ── Text diff rebuild ──────────────────────────────────────────────────────
//
// Documents are built from sentences that normalise to distinct texts (no
// dates, no case or punctuation variants), so every difference between two
// documents is a real edit and the edits must account for all of it.

const SENTENCES: [&str; 12] = [
    "We collect your email address.",
    "We share data with service providers.",
    "We do not sell your personal information.",
    "We keep server logs for sixty days.",
    "We use cookies for analytics.",
    "You may ask us to delete your data.",
    "We protect data with encryption.",
    "Children under thirteen may not use the service.",
    "We transfer data to other countries.",
    "You can opt out of marketing emails.",
    "We may update this policy.",
    "Contact us with any questions.",
];
const HEADINGS: [&str; 6] = [
    "Collection",
    "Sharing",
    "Cookies",
    "Your rights",
    "Security",
    "Children",
];

/// Sections of (heading, sentence indices); the first has no heading.
type Doc = Vec<(Option<usize>, Vec<usize>)>;

fn doc() -> impl Strategy<Value = Doc> {
    let sentences = prop::collection::vec(0..SENTENCES.len(), 0..6);
    (
        sentences.clone(),
        prop::collection::vec((0..HEADINGS.len(), sentences), 0..5),
    )
        .prop_map(|(pre, rest)| {
            let mut d = vec![(None, pre)];
            d.extend(rest.into_iter().map(|(h, s)| (Some(h), s)));
            d
        })
}

/// Apply edits chosen by `ops`: insert, delete or replace a sentence, add,
/// drop or swap a section, rename a heading.
fn mutate(d: &Doc, ops: &[u8]) -> Doc {
    let mut d = d.clone();
    for pair in ops.chunks(2) {
        let (op, arg) = (pair[0], usize::from(*pair.get(1).unwrap_or(&0)));
        let k = arg % d.len();
        let len = d[k].1.len();
        match op % 7 {
            0 => d[k].1.insert(arg % (len + 1), arg % SENTENCES.len()),
            1 if len > 0 => {
                d[k].1.remove(arg % len);
            }
            2 if len > 0 => d[k].1[arg % len] = (arg / 3) % SENTENCES.len(),
            3 => d.push((Some(arg % HEADINGS.len()), vec![arg % SENTENCES.len()])),
            4 if k > 0 => {
                d.remove(k);
            }
            5 if k > 0 && k + 1 < d.len() => d.swap(k, k + 1),
            6 if k > 0 => d[k].0 = Some((arg / 5) % HEADINGS.len()),
            _ => {}
        }
    }
    d
}

fn render(d: &Doc) -> String {
    let mut out = String::from("# Privacy policy\n\n");
    for (h, sentences) in d {
        if let Some(h) = h {
            out.push_str("## ");
            out.push_str(HEADINGS[*h]);
            out.push_str("\n\n");
        }
        // Alternate paragraphs and lines so sentences share lines too. A
        // sentence appears once per section, so that an edit names the
        // sentence it touches unambiguously.
        let mut seen = Vec::new();
        for (i, s) in sentences.iter().enumerate() {
            if seen.contains(s) {
                continue;
            }
            seen.push(*s);
            out.push_str(SENTENCES[*s]);
            out.push_str(if i % 3 == 2 { "\n\n" } else { " " });
        }
        out.push_str("\n\n");
    }
    out
}

/// Remove `sub` from `seq` as an in-order subsequence; what is left.
fn without<'a>(seq: &[&'a str], sub: &[&str]) -> Result<Vec<&'a str>, String> {
    let mut rest = Vec::new();
    let mut it = sub.iter().peekable();
    for s in seq {
        if it.peek().is_some_and(|x| *x == s) {
            it.next();
        } else {
            rest.push(*s);
        }
    }
    match it.next() {
        None => Ok(rest),
        Some(missing) => Err(format!("edit side {missing:?} is not in {seq:?} in order")),
    }
}

/// Every section of both versions appears once; in each, deleting the old
/// sides of the edits from the old sentences and the new sides from the new
/// sentences leaves the same sentences, in the same order: applying the
/// edits to the old text gives the new one. Moved sentences leave as many
/// times as they arrive.
fn check_rebuild(a: &Policy, b: &Policy, td: &policydiff::TextDiff) -> Result<(), String> {
    let texts = |p: &Policy, i: Option<usize>| -> Vec<String> {
        i.map(|i| {
            p.sections[i]
                .sentences
                .iter()
                .map(|s| s.text.clone())
                .collect()
        })
        .unwrap_or_default()
    };
    let mut seen_old = vec![0; a.sections.len()];
    let mut seen_new = vec![0; b.sections.len()];
    let (mut moved_out, mut moved_in) = (Vec::new(), Vec::new());
    for sd in &td.sections {
        if let Some(j) = sd.old_index {
            seen_old[j] += 1;
        }
        if let Some(i) = sd.new_index {
            seen_new[i] += 1;
        }
        let (o, n) = (texts(a, sd.old_index), texts(b, sd.new_index));
        let o: Vec<&str> = o.iter().map(String::as_str).collect();
        let n: Vec<&str> = n.iter().map(String::as_str).collect();
        let olds: Vec<&str> = sd.edits.iter().filter_map(|e| e.old.as_deref()).collect();
        let news: Vec<&str> = sd.edits.iter().filter_map(|e| e.new.as_deref()).collect();
        let kept_old = without(&o, &olds)?;
        let kept_new = without(&n, &news)?;
        if kept_old != kept_new {
            return Err(format!(
                "section {:?} -> {:?}: kept {kept_old:?} != {kept_new:?} (edits {:?})",
                sd.old_heading, sd.new_heading, sd.edits
            ));
        }
        for e in &sd.edits {
            if e.op == policydiff::EditOp::Moved {
                match (&e.old, &e.new) {
                    (Some(t), None) => moved_out.push(t.clone()),
                    (None, Some(t)) => moved_in.push(t.clone()),
                    _ => return Err(format!("a move with both or no sides: {e:?}")),
                }
            }
        }
    }
    if seen_old.iter().chain(&seen_new).any(|&n| n != 1) {
        return Err(format!(
            "sections not covered once: {seen_old:?} {seen_new:?}"
        ));
    }
    moved_out.sort();
    moved_in.sort();
    if moved_out != moved_in {
        return Err(format!("moves out {moved_out:?} != moves in {moved_in:?}"));
    }
    Ok(())
}

// ── Batch determinism ──────────────────────────────────────────────────────

fn corpus_inputs() -> Vec<Input> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if !p.ends_with("README.md") && !p.to_string_lossy().ends_with(".json") {
                files.push(p);
            }
        }
    }
    files.sort();
    files.into_iter().map(Input::Path).collect()
}

#[test]
fn batch_import_is_byte_identical_across_thread_counts_and_runs() {
    let inputs = corpus_inputs();
    assert!(inputs.len() >= 60, "corpus/ is missing files");
    let json = |jobs: usize| -> Vec<String> {
        import_many(&inputs, &ImportOptions::new(), Some(jobs))
            .into_iter()
            .map(|r| match r {
                Ok(p) => p.to_json(),
                Err(e) => format!("error: {e}"),
            })
            .collect()
    };
    let one = json(1);
    assert!(one.iter().filter(|j| !j.starts_with("error")).count() >= 50);
    for jobs in [2, 4, 1] {
        let other = json(jobs);
        for (k, (x, y)) in one.iter().zip(&other).enumerate() {
            assert!(
                x == y,
                "{:?}: output differs with {jobs} threads",
                inputs[k]
            );
        }
    }
}
