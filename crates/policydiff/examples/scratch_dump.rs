fn main() {
    let path = std::env::args().nth(1).unwrap();
    let p = policydiff::import_file(&path, &policydiff::ImportOptions::new()).unwrap();
    let mut p2 = p.clone();
    p2.sections.clear();
    let mut v: serde_json::Value = serde_json::from_str(&p2.to_json()).unwrap();
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("evidence");
                for (_, x) in m.iter_mut() {
                    strip(x);
                }
            }
            serde_json::Value::Array(a) => {
                for x in a {
                    strip(x)
                }
            }
            _ => {}
        }
    }
    if std::env::args().nth(2).is_none() {
        strip(&mut v);
    }
    println!(
        "{}",
        serde_json::to_string(&v).unwrap().replace("},{", "},\n{")
    );
    println!(
        "{}",
        serde_json::to_string_pretty(&policydiff::opp115::labels(&p))
            .unwrap()
            .len()
    );
}
