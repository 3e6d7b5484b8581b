//! Code the example programs share: reading the command line and a list of
//! files, the CPU-time readers of the benchmarks, and the OPP-115 CSV reader.
//! Each example pulls it in with
//!
//! ```text
//! #[path = "support/mod.rs"]
//! mod support;
//! ```
//!
//! Cargo does not build it as an example of its own: it is a folder without
//! a `main.rs`.

// Each example uses only some of these items; the rest would warn there.
#![allow(dead_code)]

use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

/// Run an example's body: on an error (a bad argument, an unreadable list of
/// files), print `NAME: error` on stderr and exit with status 2.
pub fn exit_2_on_error(name: &str, run: impl FnOnce() -> Result<(), String>) -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{name}: {e}");
            ExitCode::from(2)
        }
    }
}

/// The command-line arguments after the program's name, with the values of
/// flags read off one by one.
#[derive(Debug)]
pub struct Args(std::iter::Skip<std::env::Args>);

/// The command line of this process.
pub fn args() -> Args {
    Args(std::env::args().skip(1))
}

impl Iterator for Args {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        self.0.next()
    }
}

impl Args {
    /// The value after the flag `flag`.
    pub fn value(&mut self, flag: &str) -> Result<String, String> {
        self.next().ok_or_else(|| format!("{flag} needs a value"))
    }

    /// The value after the flag `flag`, parsed.
    pub fn parse<T>(&mut self, flag: &str) -> Result<T, String>
    where
        T: FromStr,
        T::Err: Display,
    {
        self.value(flag)?
            .parse()
            .map_err(|e| format!("{flag}: {e}"))
    }
}

/// The paths listed in the file `list`, one a line, blank lines skipped.
pub fn read_list(list: &Path) -> Result<Vec<PathBuf>, String> {
    let text = std::fs::read_to_string(list).map_err(|e| format!("{}: {e}", list.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(PathBuf::from)
        .collect())
}

/// Refuse an argument the example does not know: a message on stderr, exit
/// status 2.
pub fn unknown_argument(arg: &str) -> ! {
    eprintln!("unknown argument {arg}");
    std::process::exit(2);
}

/// CPU time this thread has run so far, in seconds: on a shared machine, the
/// time the work itself took. Linux only (`/proc/thread-self/schedstat`, in
/// nanoseconds); `None` elsewhere.
pub fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// CPU time (user + system) of this process so far, in seconds, all its
/// threads together. Linux only (`/proc/self/stat`, in clock ticks of
/// 1/100 s); `NaN` elsewhere.
pub fn process_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // Fields after the command name (which is in parentheses and may hold spaces).
    let Some(rest) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
        return f64::NAN;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 here.
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    match (ticks(11), ticks(12)) {
        (Some(u), Some(s)) => (u + s) / 100.0,
        _ => f64::NAN,
    }
}

/// The records of an RFC 4180 CSV file (quoted fields, doubled quotes,
/// embedded newlines), such as the OPP-115 splits' `text,label` files.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' => {}
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                c => field.push(c),
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}
