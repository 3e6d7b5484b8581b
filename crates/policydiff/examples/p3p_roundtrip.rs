//! Print, for every P3P file in a folder, whether export is complete and
//! whether import → export → import gives the same model.
fn main() {
    let dir = std::env::args().nth(1).expect("folder");
    let mut files = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p)
            } else if p.extension().is_some_and(|x| x == "xml") {
                files.push(p)
            }
        }
    }
    files.sort();
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let Ok(p1) = policydiff::import_bytes(
            &bytes,
            &policydiff::ImportOptions::new().format(policydiff::Format::P3p),
        ) else {
            println!("ERR {}", f.display());
            continue;
        };
        let ex = policydiff::p3p::export_p3p(&p1);
        let p2 = policydiff::import_p3p(ex.xml.as_bytes()).unwrap();
        let s = |p: &policydiff::Policy| {
            let mut v = serde_json::to_value(p).unwrap();
            strip(&mut v);
            v["metadata"].as_object_mut().unwrap().remove("source");
            v.as_object_mut().unwrap().remove("diagnostics");
            if let Some(u) = v.get_mut("unrecognized").and_then(|u| u.as_array_mut()) {
                u.sort_by_key(|x| x.to_string());
            }
            v
        };
        let same = s(&p1) == s(&p2);
        println!(
            "{} unsupported={} same={} {}",
            if same { "OK " } else { "DIF" },
            ex.unsupported.len(),
            same,
            f.display()
        );
        for u in &ex.unsupported {
            println!("   - {}: {}", u.field, u.detail);
        }
        if !same && ex.unsupported.is_empty() {
            let a = serde_json::to_string_pretty(&s(&p1)).unwrap();
            let b = serde_json::to_string_pretty(&s(&p2)).unwrap();
            for d in similar::TextDiff::from_lines(&a, &b)
                .unified_diff()
                .context_radius(2)
                .iter_hunks()
                .take(3)
            {
                println!("{d}");
            }
        }
    }
}
fn strip(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("evidence");
            for x in m.values_mut() {
                strip(x)
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
        _ => {}
    }
}
