//! `policydiff diff`, `policydiff check` and `policydiff history`.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::ValueEnum;
use policydiff::history::PracticeCounts;
use policydiff::report::{self, CiPaths, TextOptions};
use policydiff::{DiffOptions, FailOn, History, Policy, Profile, RuleSet};

use super::ImportArgs;

/// Output formats of reports.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ReportFormat {
    /// Terminal text (colour unless NO_COLOR is set or stdout is not a terminal).
    Text,
    /// JSON (schemas/diff-report.v1.schema.json, schemas/history.v1.schema.json).
    Json,
    /// Markdown, ready to paste as a pull-request comment.
    Markdown,
    /// One self-contained HTML page (verdict, change cards, side-by-side text).
    Html,
    /// GitHub Actions workflow commands: an annotation per change at the new file's line.
    Github,
    /// SARIF 2.1.0 (for code-scanning tools), one result per change.
    Sarif,
}

/// Materiality profiles.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ProfileArg {
    /// Strictest union of every profile (for CI).
    Default,
    /// EU GDPR.
    Gdpr,
    /// US FTC Act section 5 practice.
    Ftc,
    /// California CCPA/CPRA.
    Ccpa,
    /// US COPPA.
    Coppa,
}

impl ProfileArg {
    fn profile(self) -> Profile {
        match self {
            ProfileArg::Default => Profile::Default,
            ProfileArg::Gdpr => Profile::Gdpr,
            ProfileArg::Ftc => Profile::Ftc,
            ProfileArg::Ccpa => Profile::Ccpa,
            ProfileArg::Coppa => Profile::Coppa,
        }
    }
}

/// Options shared by the commands that compare policies.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// Materiality profile.
    #[arg(long, value_enum, default_value = "default")]
    pub profile: ProfileArg,
    /// A rule file (TOML, the format of the built-in rules) replacing the built-in rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Time budget of the text diff in milliseconds (0: none); when it runs
    /// out, sections are aligned coarsely and the report says `timed out`.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub diff_deadline_ms: u64,
}

impl DiffArgs {
    fn options(&self) -> Result<DiffOptions> {
        let deadline = (self.diff_deadline_ms > 0)
            .then(|| std::time::Duration::from_millis(self.diff_deadline_ms));
        let mut opts = DiffOptions::new()
            .profile(self.profile.profile())
            .deadline(deadline);
        if let Some(path) = &self.rules {
            let rules = RuleSet::from_file(path)
                .with_context(|| path.display().to_string())?
                .with_profile(self.profile.profile());
            opts = opts.rules(rules);
        }
        Ok(opts)
    }
}

fn text_options(color: bool, text_diff: bool, editorial: bool) -> TextOptions {
    let mut o = TextOptions::default();
    o.color = color;
    o.text_diff = text_diff;
    o.editorial = editorial;
    o
}

fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old version (`-` for standard input).
    pub old: PathBuf,
    /// The new version.
    pub new: PathBuf,
    #[command(flatten)]
    pub import: ImportArgs,
    #[command(flatten)]
    pub diff: DiffArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Leave the section-aligned text diff out of the report.
    #[arg(long)]
    pub no_text_diff: bool,
}

/// A comparison, with what the HTML and CI renderers need besides the report.
struct Compared {
    report: policydiff::DiffReport,
    old: Policy,
    new: Policy,
    rules: RuleSet,
}

fn compare(args: &Args) -> Result<Compared> {
    if args.old.as_os_str() == "-" && args.new.as_os_str() == "-" {
        anyhow::bail!("only one of OLD and NEW can be standard input");
    }
    let old = super::import_path(&args.old, &args.import)?;
    let new = super::import_path(&args.new, &args.import)?;
    let opts = args.diff.options()?.text_diff(!args.no_text_diff);
    let report = policydiff::diff_with(&old, &new, &opts)?;
    Ok(Compared {
        report,
        old,
        new,
        rules: opts.rules,
    })
}

/// How a path is named in CI annotations: as given, `/`-separated, without
/// a leading `./` (GitHub matches annotations against repository paths).
fn ci_path(path: &Path) -> String {
    let s = super::display(path).replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_owned()
}

/// Render a comparison (shared by diff and check; `text` sets what the
/// terminal text shows).
fn render(c: &Compared, args: &Args, text: &TextOptions) -> Result<String> {
    let paths = || CiPaths::new(ci_path(&args.old), ci_path(&args.new));
    Ok(match args.format {
        ReportFormat::Text => report::render_text(&c.report, text),
        ReportFormat::Json => report::render_json(&c.report),
        ReportFormat::Markdown => report::render_markdown(&c.report),
        ReportFormat::Html => report::render_html(&c.report, Some((&c.old, &c.new)))?,
        ReportFormat::Github => report::render_github(&c.report, &paths()),
        ReportFormat::Sarif => report::render_sarif(&c.report, &c.rules, &paths()),
    })
}

/// `policydiff diff OLD NEW`.
pub fn run_diff(args: &Args) -> Result<ExitCode> {
    let c = compare(args)?;
    let out = render(
        &c,
        args,
        &text_options(use_color(), !args.no_text_diff, true),
    )?;
    crate::io::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FailOnArg {
    /// Fail when re-consent is required.
    Consent,
    /// Fail when notice (or more) is required.
    Notice,
    /// Fail on any change, editorial included.
    Any,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub compare: Args,
    /// The threshold: exit 1 when the verdict is at or above it.
    #[arg(long, value_enum, default_value = "consent")]
    pub fail_on: FailOnArg,
    /// Print nothing on stdout, only the one-line reason on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `policydiff check OLD NEW`: exit 0 below the threshold, 1 at or above, 2 on error.
pub fn run_check(args: &CheckArgs) -> Result<ExitCode> {
    let c = compare(&args.compare)?;
    let report = &c.report;
    let fail_on = match args.fail_on {
        FailOnArg::Consent => FailOn::Consent,
        FailOnArg::Notice => FailOn::Notice,
        FailOnArg::Any => FailOn::Any,
    };
    let outcome = policydiff::check(report, fail_on);
    if !args.quiet {
        let out = render(&c, &args.compare, &text_options(use_color(), false, false))?;
        crate::io::write_stdout(&out)?;
    }
    let verdict = if outcome.failed { "FAIL" } else { "ok" };
    eprintln!("policydiff check: {verdict}: {}", outcome.reason);
    Ok(if outcome.failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// A folder of dated versions (`YYYY-MM-DD.md`, `.txt`, `.html`, `.xml`).
    pub dir: PathBuf,
    #[command(flatten)]
    pub import: ImportArgs,
    #[command(flatten)]
    pub diff: DiffArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
}

/// `policydiff history DIR`: the timeline with each step's verdict and reverts.
pub fn run_history(args: &HistoryArgs) -> Result<ExitCode> {
    let import = args.import.options()?;
    let opts = args.diff.options()?;
    let versions = policydiff::history::import_versions(&args.dir, &import)
        .with_context(|| args.dir.display().to_string())?;
    let history = History::from_imported(&versions, &opts);
    let out = match args.format {
        ReportFormat::Text => {
            report::render_history_text(&history, &text_options(use_color(), true, true))
        }
        ReportFormat::Json => report::render_history_json(&history),
        ReportFormat::Markdown => report::render_history_markdown(&history),
        ReportFormat::Html => {
            let counts: Vec<PracticeCounts> = versions
                .iter()
                .map(|v| PracticeCounts::of(&v.policy))
                .collect();
            report::render_history_html(&history, &counts)?
        }
        ReportFormat::Github | ReportFormat::Sarif => anyhow::bail!(
            "history has no --format github or sarif (they annotate one change of one file: use `policydiff check OLD NEW`); use text, json, markdown or html"
        ),
    };
    crate::io::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
