//! Snapshot of what is extracted from every file of the project's own
//! fixtures corpus (`corpus/`, written for this project): one line per
//! statement, without sentences or evidence, plus the OPP-115 labels.
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use policydiff::{ImportOptions, Policy, opp115};

fn ids<T: std::fmt::Display>(v: &[T]) -> String {
    v.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn summary(p: &Policy) -> String {
    let mut s = String::new();
    let m = &p.metadata;
    let _ = writeln!(s, "title: {:?}", m.title);
    let _ = writeln!(
        s,
        "controller: {:?}",
        m.controller.as_ref().map(|c| &c.name)
    );
    let _ = writeln!(
        s,
        "dates: effective {:?}, updated {:?}",
        m.effective_date, m.last_updated
    );
    for c in &p.collection {
        let _ = writeln!(
            s,
            "collection {} {} {} src[{}] purposes[{}] terms[{}] cond[{}]",
            c.category,
            c.polarity,
            c.actor,
            ids(&c.sources),
            ids(&c.purposes),
            c.terms.join("|"),
            c.conditions.join("|")
        );
    }
    for x in &p.purposes {
        let _ = writeln!(
            s,
            "purpose {} {} data[{}]",
            x.purpose,
            x.polarity,
            ids(&x.data)
        );
    }
    for x in &p.sharing {
        let _ = writeln!(
            s,
            "sharing {} {:?} {} data[{}] purposes[{}]",
            x.recipient,
            x.name,
            x.polarity,
            ids(&x.data),
            ids(&x.purposes)
        );
    }
    for x in &p.sale {
        let _ = writeln!(
            s,
            "sale {} data[{}] to[{}]",
            x.polarity,
            ids(&x.data),
            ids(&x.recipients)
        );
    }
    for x in &p.retention {
        let _ = writeln!(
            s,
            "retention {} {:?} {:?} data[{}]",
            x.kind,
            x.duration.map(|d| (d.value, d.unit.as_str())),
            x.bound,
            ids(&x.data)
        );
    }
    for x in &p.tracking {
        let _ = writeln!(
            s,
            "tracking {} {:?} {} life[{}] providers[{}] uses[{}]",
            x.technology,
            x.party.map(policydiff::model::TrackingParty::as_str),
            x.polarity,
            ids(&x.lifetimes),
            x.providers.join("|"),
            x.uses.join("|")
        );
    }
    for x in &p.do_not_track {
        let _ = writeln!(s, "dnt {}", x.stance);
    }
    for x in &p.choices {
        let _ = writeln!(
            s,
            "choice {} mech[{}] purposes[{}]",
            x.kind,
            ids(&x.mechanisms),
            ids(&x.purposes)
        );
    }
    for x in &p.rights {
        let _ = writeln!(
            s,
            "right {} {} mech[{}] aud[{}]",
            x.right,
            x.polarity,
            ids(&x.mechanisms),
            ids(&x.audiences)
        );
    }
    for x in &p.security {
        let _ = writeln!(s, "security {} {}", x.measure, x.polarity);
    }
    for x in &p.audiences {
        let _ = writeln!(
            s,
            "audience {} {:?} {} parental:{}",
            x.audience, x.age, x.polarity, x.parental_consent
        );
    }
    for x in &p.transfers {
        let _ = writeln!(
            s,
            "transfer {:?} {} mech[{}]",
            x.destination,
            x.polarity,
            ids(&x.mechanisms)
        );
    }
    for x in &p.change_policy {
        let _ = writeln!(
            s,
            "change {} {:?} {:?}",
            x.method,
            x.choice.map(policydiff::model::ChoiceKind::as_str),
            x.advance_days
        );
    }
    for x in &p.contacts {
        let _ = writeln!(s, "contact {} {}", x.kind, x.value);
    }
    for x in &p.laws {
        let _ = writeln!(s, "law {} {:?}", x.law, x.name);
    }
    let l = opp115::labels(p);
    let _ = writeln!(s, "opp115 categories: {}", l.categories.join(" / "));
    for x in &l.labels {
        let _ = writeln!(s, "opp115 + {} | {} | {}", x.category, x.attribute, x.value);
    }
    for x in &l.does_not {
        let _ = writeln!(s, "opp115 - {} | {} | {}", x.category, x.attribute, x.value);
    }
    s
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            // Hostile inputs and P3P files have their own tests (hostile.rs, p3p_fixtures.rs).
            if p.file_name().is_some_and(|n| n != "hostile" && n != "p3p") {
                walk(&p, out);
            }
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("md" | "txt" | "html")
        ) && p.file_name().is_some_and(|n| n != "README.md")
        {
            out.push(p);
        }
    }
}

#[test]
fn corpus_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    assert!(
        files.len() >= 40,
        "project corpus missing at {}",
        root.display()
    );
    for f in files {
        let rel = f
            .strip_prefix(&root)
            .unwrap_or(&f)
            .to_string_lossy()
            .replace(['/', '\\'], "__");
        let policy = policydiff::import_file(&f, &ImportOptions::new())
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        // Evidence must quote the source exactly (rendered text for HTML).
        for (_, ev) in policy.evidence() {
            assert!(
                ev.quote().is_none_or(|q| !q.is_empty()),
                "{}: empty quote",
                f.display()
            );
        }
        insta::assert_snapshot!(rel, summary(&policy));
    }
}
