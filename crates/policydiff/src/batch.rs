//! Batch import: many inputs at once, in parallel, results in input order.
//!
//! Each call builds its own [`rayon`] thread pool sized by `jobs` (the
//! global pool is left alone, so a host application keeps control of its
//! threads). One failing input never aborts the batch: every input gets its
//! own `Result`, at the same index as the input.
//!
//! ```
//! use policydiff::{batch::{import_many, Input}, ImportOptions};
//! let inputs = vec![
//!     Input::Text("We collect your email address.".into()),
//!     Input::Bytes(b"ok\n\xc3\x28 not UTF-8".to_vec()),
//!     Input::Path("no/such/file.md".into()),
//! ];
//! let results = import_many(&inputs, &ImportOptions::new(), Some(2));
//! assert_eq!(results.len(), 3);
//! assert!(results[0].is_ok());
//! assert!(results[1].is_err());
//! assert_eq!(results[2].as_ref().unwrap_err().kind(), policydiff::ErrorKind::Io);
//! ```

use std::num::NonZeroUsize;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::error::{Error, ErrorKind, Result};
use crate::import::{ImportOptions, import_bytes, import_file};
use crate::model::Policy;

/// One input of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Input {
    /// Policy text (any format; detected unless the options fix one).
    Text(String),
    /// Raw bytes of a policy (decoded and detected like a file's content).
    Bytes(Vec<u8>),
    /// A file to read; its name helps format detection.
    Path(PathBuf),
}

impl Input {
    /// Size of the input in bytes (for a path: the file's size, or 0 when it
    /// cannot be read).
    pub fn len_hint(&self) -> u64 {
        match self {
            Input::Text(s) => s.len() as u64,
            Input::Bytes(b) => b.len() as u64,
            Input::Path(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
        }
    }

    /// Import this one input.
    pub fn import(&self, opts: &ImportOptions) -> Result<Policy> {
        match self {
            Input::Text(s) => import_bytes(s.as_bytes(), opts),
            Input::Bytes(b) => import_bytes(b, opts),
            Input::Path(p) => import_file(p, opts),
        }
    }
}

impl From<String> for Input {
    fn from(s: String) -> Input {
        Input::Text(s)
    }
}

impl From<&str> for Input {
    fn from(s: &str) -> Input {
        Input::Text(s.to_owned())
    }
}

impl From<Vec<u8>> for Input {
    fn from(b: Vec<u8>) -> Input {
        Input::Bytes(b)
    }
}

impl From<PathBuf> for Input {
    fn from(p: PathBuf) -> Input {
        Input::Path(p)
    }
}

impl From<&std::path::Path> for Input {
    fn from(p: &std::path::Path) -> Input {
        Input::Path(p.to_path_buf())
    }
}

/// The number of worker threads for `jobs`: `None` or `Some(0)` means the
/// machine's available parallelism.
pub fn effective_jobs(jobs: Option<usize>) -> usize {
    match jobs {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
    }
}

/// Run `f` over `items` on `jobs` threads, results in input order.
///
/// With one job (or at most one item) everything runs on the calling thread:
/// no pool is built. A pool that cannot be built (the OS refused threads)
/// is reported as an error for every item rather than a panic.
pub fn map_ordered<T, R, F>(items: &[T], jobs: Option<usize>, f: F) -> Vec<Result<R>>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> Result<R> + Sync + Send,
{
    let jobs = effective_jobs(jobs).min(items.len().max(1));
    if jobs <= 1 {
        return items.iter().map(&f).collect();
    }
    match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("policydiff-{i}"))
        .build()
    {
        Ok(pool) => pool.install(|| {
            // One item per task: policies differ in size by orders of
            // magnitude, so work stealing must see each one.
            items.par_iter().with_max_len(1).map(&f).collect()
        }),
        Err(e) => items
            .iter()
            .map(|_| {
                Err(Error::new(
                    ErrorKind::Internal,
                    format!("could not start {jobs} worker threads: {e}"),
                ))
            })
            .collect(),
    }
}

/// Run `f` inside a local pool of `jobs` threads, so that the parallel work
/// it does (e.g. [`History::from_versions`](crate::History::from_versions))
/// uses exactly those threads and not the global pool.
pub fn with_jobs<R: Send>(jobs: Option<usize>, f: impl FnOnce() -> R + Send) -> Result<R> {
    let jobs = effective_jobs(jobs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("policydiff-{i}"))
        .build()
        .map_err(|e| {
            Error::new(
                ErrorKind::Internal,
                format!("could not start {jobs} worker threads: {e}"),
            )
        })?;
    Ok(pool.install(f))
}

/// Import every input on `jobs` threads (`None`: one per CPU). The result at
/// index `i` belongs to `inputs[i]`; output does not depend on `jobs`.
pub fn import_many(
    inputs: &[Input],
    opts: &ImportOptions,
    jobs: Option<usize>,
) -> Vec<Result<Policy>> {
    map_ordered(inputs, jobs, |input| input.import(opts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus_files() -> Vec<PathBuf> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/versions");
        let mut files = Vec::new();
        for org in std::fs::read_dir(&root).into_iter().flatten().flatten() {
            for f in std::fs::read_dir(org.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                files.push(f.path());
            }
        }
        files.sort();
        files
    }

    #[test]
    fn order_and_errors_are_per_item() {
        let mut inputs: Vec<Input> = corpus_files().into_iter().map(Input::Path).collect();
        assert!(inputs.len() >= 10, "corpus/versions is missing");
        inputs.insert(3, Input::Text(String::new()));
        inputs.insert(5, Input::Path("/definitely/not/here.md".into()));
        let one = import_many(&inputs, &ImportOptions::new(), Some(1));
        let three = import_many(&inputs, &ImportOptions::new(), Some(3));
        assert_eq!(one.len(), inputs.len());
        let shown = |rs: &[Result<Policy>]| -> Vec<std::result::Result<Policy, String>> {
            rs.iter()
                .map(|r| r.as_ref().cloned().map_err(ToString::to_string))
                .collect()
        };
        assert_eq!(shown(&one), shown(&three));
        assert_eq!(one[3].as_ref().unwrap_err().kind(), ErrorKind::Empty);
        assert_eq!(one[5].as_ref().unwrap_err().kind(), ErrorKind::Io);
        for (input, result) in inputs.iter().zip(&one) {
            if let Input::Path(p) = input
                && p.exists()
            {
                let alone = import_file(p, &ImportOptions::new()).unwrap();
                assert_eq!(result.as_ref().unwrap(), &alone, "{}", p.display());
            }
        }
    }

    #[test]
    fn empty_batch_and_zero_jobs() {
        assert!(import_many(&[], &ImportOptions::new(), Some(0)).is_empty());
        assert!(effective_jobs(Some(0)) >= 1);
        assert_eq!(effective_jobs(Some(5)), 5);
        let r = import_many(&["x".into()], &ImportOptions::new().max_bytes(0), None);
        assert_eq!(r[0].as_ref().unwrap_err().kind(), ErrorKind::Limit);
    }
}
