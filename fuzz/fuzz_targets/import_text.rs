//! Plain text and Markdown import: any bytes give a `Policy` or a typed
//! error, never a panic; an imported policy survives a JSON round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policydiff::{Format, ImportOptions, Policy, import_bytes};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the dialect so both share one corpus.
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let format = if pick & 1 == 0 {
        Format::Text
    } else {
        Format::Markdown
    };
    if let Ok(policy) = import_bytes(body, &ImportOptions::new().format(format)) {
        let json = policy.to_json();
        let back = Policy::from_json(&json).expect("an imported policy reads back");
        assert_eq!(back.to_json(), json, "JSON round trip changed the policy");
    }
});
