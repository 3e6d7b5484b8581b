//! Input, output and error reporting shared by the commands.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

/// Exit code for errors.
pub const EXIT_ERROR: u8 = 2;

/// Read a file, or stdin for `-`.
pub fn read_input(path: &Path, max_bytes: usize) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .take(max_bytes as u64 + 1)
            .read_to_end(&mut buf)
            .context("reading standard input")?;
        return Ok(buf);
    }
    let meta = std::fs::metadata(path).with_context(|| format!("{}", path.display()))?;
    if meta.is_dir() {
        anyhow::bail!("{} is a directory, not a file", path.display());
    }
    if meta.len() > max_bytes as u64 {
        anyhow::bail!(
            "{}: {} bytes is over the limit of {max_bytes} bytes (raise it with --max-bytes)",
            path.display(),
            meta.len()
        );
    }
    std::fs::read(path).with_context(|| format!("{}", path.display()))
}

/// The file name to pass as a format hint (none for stdin).
pub fn file_name(path: &Path) -> Option<String> {
    if path.as_os_str() == "-" {
        return None;
    }
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}

/// Write to stdout; a closed pipe (`| head`) ends the program quietly.
pub fn write_stdout(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let res = out.write_all(s.as_bytes()).and_then(|()| {
        if !s.ends_with('\n') {
            out.write_all(b"\n")?;
        }
        out.flush()
    });
    match res {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(e).context("writing to standard output"),
    }
}

/// Print an error as one line on stderr and return exit code 2.
pub fn report_error(e: &anyhow::Error) -> ExitCode {
    let mut msg = format!("{e}");
    // Add context chain on the same line.
    for cause in e.chain().skip(1) {
        msg.push_str(": ");
        msg.push_str(&cause.to_string());
    }
    let msg = msg.replace('\n', " ");
    let _ = writeln!(std::io::stderr(), "error: {msg}");
    ExitCode::from(EXIT_ERROR)
}

/// Internal errors (panics) are reported as one line with exit code 2; set
/// `RUST_BACKTRACE=1` for a backtrace.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::env::var_os("RUST_BACKTRACE").is_some() {
            default(info);
        }
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let loc = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "error: internal error (please report it): {msg}{loc}"
        );
        std::process::exit(i32::from(EXIT_ERROR));
    }));
}
