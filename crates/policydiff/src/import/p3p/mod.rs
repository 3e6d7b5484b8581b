//! W3C P3P 1.0/1.1: policies, policy reference files and compact policies.
//!
//! (Being written in its own issue; until then P3P input is refused with a
//! clear error rather than misread.)

use crate::error::{Error, ErrorKind, Result};
use crate::import::ImportOptions;
use crate::model::Policy;

pub(crate) fn import(_bytes: &[u8], _opts: &ImportOptions) -> Result<Policy> {
    Err(Error::new(
        ErrorKind::Format,
        "P3P import is not available in this build yet",
    ))
}

pub(crate) fn import_compact(
    _text: &str,
    _sha256: String,
    _opts: &ImportOptions,
) -> Result<Policy> {
    Err(Error::new(
        ErrorKind::Format,
        "P3P compact policy import is not available in this build yet",
    ))
}
