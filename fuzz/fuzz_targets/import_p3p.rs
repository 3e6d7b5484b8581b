//! P3P XML: import, one-policy-per-POLICY import, reference files and
//! validation never panic; what imports also exports, and the export
//! imports again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policydiff::{Format, ImportOptions, import_bytes, p3p};

fuzz_target!(|data: &[u8]| {
    // Tight limits so the fuzzer also reaches the limit paths.
    let opts = ImportOptions::new()
        .format(Format::P3p)
        .max_depth(64)
        .max_elements(20_000);
    let imported = import_bytes(data, &opts);
    let _ = p3p::import_each(data, &opts);
    let _ = p3p::read_reference(data, &opts);
    let _ = p3p::validate(data, &opts);
    if let Ok(policy) = imported {
        let exported = p3p::export_p3p(&policy);
        let again = import_bytes(
            exported.xml.as_bytes(),
            &ImportOptions::new().format(Format::P3p),
        );
        assert!(
            again.is_ok(),
            "export does not import again: {again:?}\n{}",
            exported.xml
        );
        let _ = p3p::to_compact_policy(&policy);
    }
});
