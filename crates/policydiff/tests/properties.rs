//! Property tests: import never panics, is deterministic, and its JSON
//! round-trips exactly.

use policydiff::{Format, ImportOptions, Policy, import_bytes};
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
