//! `Policy` from JSON: any bytes give a policy or a typed error; what reads
//! writes back and reads again to the same bytes, and every public function
//! that takes a policy accepts one read from JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policydiff::{Policy, diff, p3p};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(policy) = Policy::from_json(text) else {
        return;
    };
    let json = policy.to_json();
    let back = Policy::from_json(&json).expect("written JSON reads back");
    assert_eq!(back, policy, "JSON round trip changed the policy");
    assert_eq!(back.to_json(), json, "JSON round trip is not stable");
    let mut canonical = policy.clone();
    canonical.canonicalize();
    let _ = diff(&policy, &canonical);
    let _ = p3p::export_p3p(&policy);
    let _ = p3p::to_compact_policy(&policy);
});
