//! A policy's history: consecutive versions, the verdict of each step, and
//! reverts (a version whose noise-free text equals an earlier, non-adjacent
//! version's).
//!
//! ```
//! use policydiff::{DiffOptions, history::History};
//! let v = |t: &str| policydiff::import_text(t).unwrap();
//! let h = History::from_versions(
//!     &[
//!         ("2020-01-01".into(), v("We collect your email address.")),
//!         ("2021-01-01".into(), v("We collect your email address. We use cookies.")),
//!         ("2021-02-01".into(), v("We collect your email address.")),
//!     ],
//!     &DiffOptions::new(),
//! );
//! assert_eq!(h.steps.len(), 2);
//! assert_eq!(h.steps[1].revert_of.as_deref(), Some("2020-01-01"));
//! assert_eq!(h.summary.reverts, 1);
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diff::text::{Norm, NormData, fingerprint_of, norm_data, norm_views};

/// SHA-256 of a policy's noise-free text (headings and sentences, with
/// whitespace, quotes, dashes, case and date lines normalised): equal for two
/// versions that differ only by noise. `history` uses it to find reverts; it
/// also de-duplicates a corpus.
pub use crate::diff::text::normalized_fingerprint as text_fingerprint;
use crate::diff::{Action, Change, DiffOptions, DiffReport};
use crate::error::{Error, ErrorKind, Result};
use crate::import::{ImportOptions, import_file};
use crate::model::{Polarity, Policy, RecipientKind, SourceFormat};

/// File names `history` reads: `YYYY-MM-DD*.{md,markdown,txt,html,htm,xml}`,
/// including Open Terms Archive's `YYYY-MM-DDTHH-MM-SSZ.md`.
static VERSION_FILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(\d{4}-\d{2}-\d{2})(T\d{2}-\d{2}-\d{2}Z)?[^/\\]*\.(md|markdown|txt|html?|xml)$",
    )
    .expect("static regex")
});

/// One version of the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// The version's label (its file name's date, or as given).
    pub label: String,
    /// The file it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Input format.
    pub format: SourceFormat,
    /// SHA-256 of the input bytes.
    pub sha256: String,
    /// SHA-256 of the noise-free text (equal for versions that differ only by noise).
    pub text_fingerprint: String,
    /// The label of the earlier, non-adjacent version this one reverts to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revert_of: Option<String>,
}

/// One step: a version compared with the one before it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Label of the older version.
    pub old: String,
    /// Label of the newer version.
    pub new: String,
    /// The verdict of the step.
    pub action: Action,
    /// `action == consent`.
    pub reconsent_required: bool,
    /// The new version restores this earlier, non-adjacent version's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revert_of: Option<String>,
    /// The texts are byte-identical.
    pub identical: bool,
    /// The texts differ only by noise.
    pub noise_only: bool,
    /// The step's changes (evidence included, text diff left out).
    pub changes: Vec<Change>,
}

/// Counts over the steps.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistorySummary {
    /// Number of versions.
    pub versions: usize,
    /// Number of steps (versions − 1).
    pub steps: usize,
    /// Steps by action (`none`, `notice`, `consent`).
    pub by_action: BTreeMap<String, usize>,
    /// Steps that revert to an earlier version.
    pub reverts: usize,
}

/// A timeline of versions with the verdict of each step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct History {
    /// Version of the report format.
    pub schema_version: String,
    /// The profile the rules were applied under.
    pub profile: String,
    /// Counts.
    pub summary: HistorySummary,
    /// The versions, oldest first.
    pub versions: Vec<Version>,
    /// The steps, oldest first.
    pub steps: Vec<Step>,
}

/// The dated version files of a folder, sorted by date.
pub fn version_files(dir: impl AsRef<Path>) -> Result<Vec<(String, PathBuf)>> {
    let dir = dir.as_ref();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::new(ErrorKind::Io, format!("{}: {e}", dir.display())))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|e| Error::new(ErrorKind::Io, format!("{}: {e}", dir.display())))?;
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if let Some(c) = VERSION_FILE.captures(name) {
            let label = match c.get(2) {
                Some(t) => format!("{}{}", &c[1], t.as_str()),
                None => c[1].to_owned(),
            };
            files.push((label, name.to_owned(), path));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    Ok(files.into_iter().map(|(l, _, p)| (l, p)).collect())
}

/// One imported version of a folder (see [`import_versions`]).
#[derive(Clone, Debug)]
pub struct ImportedVersion {
    /// The label: the file name's date.
    pub label: String,
    /// The file name.
    pub file: String,
    /// The imported policy.
    pub policy: Policy,
}

/// Import every dated version in `dir` (see [`version_files`]), oldest
/// first, in parallel. Errors name the file.
pub fn import_versions(
    dir: impl AsRef<Path>,
    import: &ImportOptions,
) -> Result<Vec<ImportedVersion>> {
    let dir = dir.as_ref();
    let files = version_files(dir)?;
    if files.is_empty() {
        return Err(Error::new(
            ErrorKind::Io,
            format!(
                "{}: no dated versions found (expected files named YYYY-MM-DD.md, .txt, .html or .xml)",
                dir.display()
            ),
        ));
    }
    files
        .par_iter()
        .map(|(label, path)| {
            let policy = import_file(path, import).map_err(|e| {
                let msg = format!("{}: {}", path.display(), e.message());
                match e.location() {
                    Some(loc) => Error::new(e.kind(), msg).at(loc.clone()),
                    None => Error::new(e.kind(), msg),
                }
            })?;
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(ImportedVersion {
                label: label.clone(),
                file,
                policy,
            })
        })
        .collect()
}

/// How many distinct practices a version discloses: what the timeline chart
/// of `policydiff history --format html` plots.
///
/// Only affirmative statements count ("we do not sell" adds nothing):
/// `data_categories` are the categories collected; `purposes` the purposes
/// stated, alone or attached to collection or sharing; `recipients` the
/// distinct recipients shared with, a named recipient counting once by name
/// and an unnamed one once per recipient kind.
///
/// ```
/// use policydiff::history::PracticeCounts;
/// let p = policydiff::import_text(
///     "We collect your email address and your phone number. We share your email address with PayPal.",
/// ).unwrap();
/// let c = PracticeCounts::of(&p);
/// assert_eq!(c.data_categories, 2);
/// assert_eq!(c.recipients, 1);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PracticeCounts {
    /// Distinct data categories collected.
    pub data_categories: usize,
    /// Distinct purposes of processing.
    pub purposes: usize,
    /// Distinct recipients (named, or by kind when unnamed).
    pub recipients: usize,
}

impl PracticeCounts {
    /// Count a policy's affirmative practices.
    pub fn of(p: &Policy) -> PracticeCounts {
        use std::collections::BTreeSet;
        let does = |x: Polarity| x == Polarity::Does;
        let data: BTreeSet<_> = p
            .collection
            .iter()
            .filter(|c| does(c.polarity))
            .map(|c| c.category)
            .collect();
        let mut purposes: BTreeSet<_> = p
            .purposes
            .iter()
            .filter(|s| does(s.polarity))
            .map(|s| s.purpose)
            .collect();
        for c in p.collection.iter().filter(|c| does(c.polarity)) {
            purposes.extend(c.purposes.iter().copied());
        }
        let mut recipients: BTreeSet<(Option<RecipientKind>, Option<String>)> = BTreeSet::new();
        for s in p.sharing.iter().filter(|s| does(s.polarity)) {
            purposes.extend(s.purposes.iter().copied());
            match &s.name {
                Some(n) => recipients.insert((None, Some(n.trim().to_lowercase()))),
                None => recipients.insert((Some(s.recipient), None)),
            };
        }
        PracticeCounts {
            data_categories: data.len(),
            purposes: purposes.len(),
            recipients: recipients.len(),
        }
    }
}

impl History {
    /// Read every dated version in `dir` (see [`version_files`]) and compare
    /// each with the one before. Files are imported and steps compared in
    /// parallel; the result does not depend on the number of threads.
    pub fn from_dir(
        dir: impl AsRef<Path>,
        import: &ImportOptions,
        opts: &DiffOptions,
    ) -> Result<History> {
        Ok(History::from_imported(&import_versions(dir, import)?, opts))
    }

    /// Compare consecutive imported versions (see [`import_versions`]),
    /// keeping their file names.
    pub fn from_imported(versions: &[ImportedVersion], opts: &DiffOptions) -> History {
        let refs: Vec<(&str, &Policy)> = versions
            .iter()
            .map(|v| (v.label.as_str(), &v.policy))
            .collect();
        let mut h = History::build(&refs, opts);
        for (v, iv) in h.versions.iter_mut().zip(versions) {
            v.file = Some(iv.file.clone());
        }
        h
    }

    /// Compare consecutive versions, given oldest first.
    pub fn from_versions(versions: &[(String, Policy)], opts: &DiffOptions) -> History {
        let refs: Vec<(&str, &Policy)> = versions.iter().map(|(l, p)| (l.as_str(), p)).collect();
        History::build(&refs, opts)
    }

    fn build(versions: &[(&str, &Policy)], opts: &DiffOptions) -> History {
        let opts = opts.clone().text_diff(false);
        // Noise-free sections once per version: for reverts and for the diffs.
        let data: Vec<Vec<NormData>> = versions.par_iter().map(|(_, p)| norm_data(p)).collect();
        let norms: Vec<Vec<Norm<'_>>> = versions
            .iter()
            .zip(&data)
            .map(|((_, p), d)| norm_views(p, d))
            .collect();
        let fingerprints: Vec<String> = norms.par_iter().map(|n| fingerprint_of(n)).collect();
        let mut infos: Vec<Version> = Vec::with_capacity(versions.len());
        for (k, (label, p)) in versions.iter().enumerate() {
            // The latest earlier, non-adjacent version with the same text.
            let revert_of = (0..k.saturating_sub(1))
                .rev()
                .find(|&i| {
                    fingerprints[i] == fingerprints[k] && fingerprints[k - 1] != fingerprints[k]
                })
                .map(|i| versions[i].0.to_owned());
            infos.push(Version {
                label: (*label).to_owned(),
                file: None,
                format: p.metadata.source.format,
                sha256: p.metadata.source.sha256.clone(),
                text_fingerprint: fingerprints[k].clone(),
                revert_of,
            });
        }
        let reports: Vec<DiffReport> = (1..versions.len())
            .into_par_iter()
            .map(|k| {
                crate::diff::build_prepared(
                    versions[k - 1].1,
                    &norms[k - 1],
                    versions[k].1,
                    &norms[k],
                    &opts,
                )
            })
            .collect();
        let mut summary = HistorySummary {
            versions: versions.len(),
            steps: reports.len(),
            ..HistorySummary::default()
        };
        for a in Action::ALL {
            summary.by_action.insert(a.as_str().into(), 0);
        }
        let mut steps = Vec::with_capacity(reports.len());
        for (k, r) in (1..versions.len()).zip(reports) {
            let revert_of = infos[k].revert_of.clone();
            if revert_of.is_some() {
                summary.reverts += 1;
            }
            *summary
                .by_action
                .entry(r.action.as_str().into())
                .or_default() += 1;
            let identical = r.old.sha256 == r.new.sha256 && !r.old.sha256.is_empty();
            let noise_only = !identical && fingerprints[k - 1] == fingerprints[k];
            steps.push(Step {
                old: versions[k - 1].0.to_owned(),
                new: versions[k].0.to_owned(),
                action: r.action,
                reconsent_required: r.reconsent_required,
                revert_of,
                identical,
                noise_only,
                changes: r.changes,
            });
        }
        History {
            schema_version: crate::diff::REPORT_SCHEMA_VERSION.into(),
            profile: opts.rules.profile().as_str().into(),
            summary,
            versions: infos,
            steps,
        }
    }

    /// Pretty, deterministic JSON.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}
