//! P3P compact policies (`CP="..."`): any header gives a `Policy` or a typed
//! error; a policy's own compact form imports again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policydiff::{Format, ImportOptions, import_bytes, p3p};

fuzz_target!(|data: &[u8]| {
    let opts = ImportOptions::new().format(Format::P3pCompact);
    if let Ok(policy) = import_bytes(data, &opts) {
        let cp = p3p::to_compact_policy(&policy);
        let again = import_bytes(cp.as_bytes(), &opts);
        assert!(
            again.is_ok(),
            "compact form does not import again: {cp:?} {again:?}"
        );
    }
});
