//! The five seed policies against `../shared/eval/seed-labels.json`
//! (skipped when ../shared is absent).

mod support;

#[test]
fn seeds_micro_f1_and_facts() {
    let Some(shared) = support::seeds::shared_dir() else {
        eprintln!("skipping: ../shared/eval/seed-labels.json not found (set POLICYDIFF_SHARED)");
        return;
    };
    let scores = support::seeds::score_seeds(&shared);
    assert_eq!(scores.len(), 5);
    for s in &scores {
        eprintln!(
            "{}: tp {} fp {} fn {}\n  missing {:?}\n  spurious {:?}",
            s.id, s.tp, s.fp, s.fn_, s.missing, s.spurious
        );
        for (k, ok, found) in &s.facts {
            eprintln!("  fact {k}: {ok} ({found})");
        }
    }
    let f1 = support::seeds::micro_f1(&scores);
    eprintln!("seed policy-level micro-F1 = {f1:.3}");
    assert!(f1 >= 0.85, "micro-F1 {f1:.3} < 0.85");
    for s in &scores {
        for (k, ok, found) in &s.facts {
            assert!(ok, "{}: fact `{k}` not recovered (found {found})", s.id);
        }
    }
}
