//! A fast hash for the crate's compiled-in lookup tables.

use std::hash::{BuildHasherDefault, Hasher};

/// Hasher for maps keyed by short names from compiled-in tables (P3P schema
/// names such as `user.home-info.online.email`, verbs): eight bytes per
/// multiplication, and a final mix so that both the bucket bits and the tag
/// bits of the hash depend on every byte. Much cheaper than SipHash (and
/// than byte-wise FNV) on such keys; the tables never grow from input, so
/// there is nothing to flood.
#[derive(Default)]
pub(crate) struct NameHasher(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl NameHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for NameHasher {
    #[inline]
    fn finish(&self) -> u64 {
        // The 64-bit finaliser of MurmurHash3.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            // The length keeps "ab" and "ab\0" apart.
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
}

/// `BuildHasher` for [`NameHasher`].
pub(crate) type NameHashBuild = BuildHasherDefault<NameHasher>;

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    use super::*;

    fn hash(s: &str) -> u64 {
        NameHashBuild::default().hash_one(s)
    }

    #[test]
    fn distinct_names_hash_apart() {
        // Names that differ in one byte, in length only, or by a trailing
        // NUL; and the low bits (a table's bucket) spread.
        let mut names: Vec<String> =
            vec!["ab".into(), "ab\0".into(), "ab\0\0".into(), String::new()];
        for i in 0..2000 {
            names.push(format!("user.home-info.online.e{i}"));
            names.push(format!("{i}"));
        }
        let hashes: HashSet<u64> = names.iter().map(|n| hash(n)).collect();
        assert_eq!(hashes.len(), names.len());
        let buckets: HashSet<u64> = names.iter().map(|n| hash(n) & 1023).collect();
        assert!(
            buckets.len() > 900,
            "{} of 1024 buckets used",
            buckets.len()
        );
        let tags: HashSet<u64> = names.iter().map(|n| hash(n) >> 57).collect();
        assert_eq!(tags.len(), 128);
        assert_eq!(hash("user.name"), hash("user.name"));
    }
}
