//! FNV-1a hashing for the crate's compiled-in lookup tables.

use std::hash::{BuildHasherDefault, Hasher};

/// Hasher state for maps keyed by short names from compiled-in tables
/// (P3P schema names, verbs): much cheaper than SipHash on them, and the
/// tables never grow from input, so there is nothing to flood.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// `BuildHasher` for [`Fnv`].
pub(crate) type FnvBuild = BuildHasherDefault<Fnv>;
