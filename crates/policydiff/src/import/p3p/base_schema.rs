//! The P3P 1.0 base data schema, read from `vocab/p3p-base-schema.toml`.
//!
//! Every node of the schema (`user.home-info.online.email`, but also the
//! structures `user.home-info` and `user.bdate.ymd`) is expanded once into a
//! table that gives its fixed P3P categories and its place in the model's
//! [`DataCategory`] taxonomy.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

use crate::model::{CollectionSource, DataCategory};
use crate::namehash::NameHashBuild;

const TABLE: &str = include_str!("../../../vocab/p3p-base-schema.toml");

/// The 17 values of P3P `CATEGORIES`.
pub(crate) const CATEGORIES: [&str; 17] = [
    "physical",
    "online",
    "uniqueid",
    "purchase",
    "financial",
    "computer",
    "navigation",
    "interactive",
    "demographic",
    "content",
    "state",
    "political",
    "health",
    "preference",
    "location",
    "government",
    "other-category",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    categories: BTreeMap<String, String>,
    structures: BTreeMap<String, Structure>,
    elements: BTreeMap<String, ElementDef>,
    overrides: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Structure {
    fields: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Cats {
    Fixed(Vec<String>),
    /// Always `"variable"`.
    Variable(#[allow(dead_code)] String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ElementDef {
    #[serde(default)]
    structure: Option<String>,
    categories: Cats,
    model: String,
    #[serde(default)]
    source: Option<String>,
}

/// One node of the base data schema.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// Fixed P3P categories (empty for variable-category elements).
    pub categories: Vec<&'static str>,
    /// The element must be given `CATEGORIES` in a policy.
    pub variable: bool,
    /// Where it lands in the model's taxonomy.
    pub model: DataCategory,
    /// How such data reaches the site.
    pub source: Option<CollectionSource>,
}

pub(crate) struct Schema {
    nodes: BTreeMap<String, Node>,
    /// The same nodes, for lookups by name.
    by_name: HashMap<String, Node, NameHashBuild>,
    /// Every name that has fields below it (`user`, `user.bdate`, ...).
    structures: HashSet<String, NameHashBuild>,
    categories: BTreeMap<&'static str, DataCategory>,
}

fn leak(s: &str) -> &'static str {
    CATEGORIES
        .iter()
        .find(|c| **c == s)
        .copied()
        .unwrap_or("other-category")
}

fn parse_category(id: &str) -> DataCategory {
    // The table is compiled in and checked by tests; an unknown id is a build defect.
    id.parse().unwrap_or(DataCategory::Other)
}

static SCHEMA: LazyLock<Schema> = LazyLock::new(|| {
    let file: File = toml::from_str(TABLE).expect("vocab/p3p-base-schema.toml is valid");
    let mut nodes = BTreeMap::new();
    for (name, def) in &file.elements {
        let (categories, variable) = match &def.categories {
            Cats::Fixed(v) => (v.iter().map(|c| leak(c)).collect::<Vec<_>>(), false),
            Cats::Variable(_) => (Vec::new(), true),
        };
        let source = match def.source.as_deref() {
            Some("provided") => Some(CollectionSource::Provided),
            Some("observed") => Some(CollectionSource::Observed),
            _ => None,
        };
        let node = Node {
            categories,
            variable,
            model: parse_category(&def.model),
            source,
        };
        if let Some(s) = &def.structure {
            expand(&file, name, s, &node, &mut nodes, 0);
        }
        nodes.insert(name.clone(), node);
    }
    for (set, model) in [
        ("user", DataCategory::Personal),
        ("thirdparty", DataCategory::Personal),
        ("business", DataCategory::Other),
        ("dynamic", DataCategory::Activity),
    ] {
        nodes.insert(
            set.to_owned(),
            Node {
                categories: Vec::new(),
                variable: false,
                model,
                source: None,
            },
        );
    }
    // Overrides apply to a node and everything below it.
    let mut overrides: Vec<(&String, &String)> = file.overrides.iter().collect();
    overrides.sort_by_key(|(k, _)| k.len());
    for (prefix, model) in overrides {
        let cat = parse_category(model);
        let dotted = format!("{prefix}.");
        for (name, node) in &mut nodes {
            if name == prefix || name.starts_with(&dotted) {
                node.model = cat;
            }
        }
    }
    let categories = file
        .categories
        .iter()
        .map(|(k, v)| (leak(k), parse_category(v)))
        .collect();
    let by_name = nodes.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let structures = nodes
        .keys()
        .flat_map(|k| k.match_indices('.').map(|(i, _)| k[..i].to_owned()))
        .collect();
    Schema {
        nodes,
        by_name,
        structures,
        categories,
    }
});

fn expand(
    file: &File,
    prefix: &str,
    structure: &str,
    parent: &Node,
    out: &mut BTreeMap<String, Node>,
    depth: u8,
) {
    let Some(s) = file.structures.get(structure) else {
        return;
    };
    if depth > 8 {
        return;
    }
    for (field, sub) in &s.fields {
        let full = format!("{prefix}.{field}");
        // Intermediate nodes of dotted fields (`ymd` of `ymd.year`).
        let mut acc = prefix.to_owned();
        for part in field.split('.') {
            acc.push('.');
            acc.push_str(part);
            out.entry(acc.clone()).or_insert_with(|| parent.clone());
        }
        if !sub.is_empty() {
            expand(file, &full, sub, parent, out, depth + 1);
        }
    }
}

/// The base data schema.
pub(crate) fn schema() -> &'static Schema {
    &SCHEMA
}

impl Schema {
    /// The node for a reference like `#user.name.given` or `user.name`.
    pub fn get(&self, reference: &str) -> Option<&Node> {
        self.by_name
            .get(reference.strip_prefix('#').unwrap_or(reference))
    }

    /// Whether the node has fields (is a structure, not a leaf): whether
    /// some name in the schema starts with `reference.`.
    pub fn is_structure(&self, reference: &str) -> bool {
        let bare = reference.strip_prefix('#').unwrap_or(reference);
        self.structures.contains(bare)
    }

    /// The nearest known ancestor of an unknown reference.
    pub fn nearest_ancestor(&self, reference: &str) -> Option<(&str, &Node)> {
        let mut r = reference.strip_prefix('#').unwrap_or(reference);
        while let Some((parent, _)) = r.rsplit_once('.') {
            if let Some((k, n)) = self.by_name.get_key_value(parent) {
                return Some((k.as_str(), n));
            }
            r = parent;
        }
        None
    }

    /// The model category for a P3P `CATEGORIES` value.
    pub fn category(&self, token: &str) -> Option<DataCategory> {
        // Seventeen short names: a scan with an inline comparison beats
        // the tree's `memcmp` calls.
        self.categories
            .iter()
            .find(|(k, _)| super::xml::same(k, token))
            .map(|(_, c)| *c)
    }

    /// The P3P `CATEGORIES` value that maps exactly to `cat`, if any.
    pub fn category_token(&self, cat: DataCategory) -> Option<&'static str> {
        self.categories
            .iter()
            .find(|(_, c)| **c == cat)
            .map(|(k, _)| *k)
    }

    /// The shortest base-schema reference (not a set, not variable) whose
    /// model category is `cat`, for writing a model category back as P3P.
    pub fn reference_for(&self, cat: DataCategory) -> Option<&str> {
        self.nodes
            .iter()
            .filter(|(k, n)| {
                n.model == cat && !n.variable && k.contains('.') && !k.starts_with("business.")
            })
            .min_by_key(|(k, _)| (k.len(), k.as_str()))
            .map(|(k, _)| k.as_str())
    }

    /// Every node, for tests and docs.
    #[cfg(test)]
    pub fn nodes(&self) -> &BTreeMap<String, Node> {
        &self.nodes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_complete() {
        let s = schema();
        let file: File = toml::from_str(TABLE).unwrap();
        for (_, model) in file.categories.iter().chain(file.overrides.iter()) {
            assert!(model.parse::<DataCategory>().is_ok(), "{model}");
        }
        for def in file.elements.values() {
            assert!(def.model.parse::<DataCategory>().is_ok(), "{}", def.model);
        }
        for c in CATEGORIES {
            assert!(s.category(c).is_some(), "category {c} unmapped");
        }
        assert_eq!(
            s.get("#user.home-info.online.email").unwrap().model,
            DataCategory::ContactEmail
        );
        assert_eq!(
            s.get("user.bdate.ymd.year").unwrap().model,
            DataCategory::IdentityDateOfBirth
        );
        assert_eq!(
            s.get("#user.bdate.ymd").unwrap().model,
            DataCategory::IdentityDateOfBirth
        );
        assert_eq!(
            s.get("#user.home-info.postal.name.given").unwrap().model,
            DataCategory::IdentityName
        );
        assert_eq!(
            s.get("#thirdparty.business-info.telecom.mobile.number")
                .unwrap()
                .model,
            DataCategory::ContactPhone
        );
        assert_eq!(
            s.get("#dynamic.clickstream.clientip.fullip").unwrap().model,
            DataCategory::DeviceIp
        );
        assert!(s.get("#dynamic.cookies").unwrap().variable);
        assert!(s.get("#user.hobby").is_none());
        assert_eq!(s.nearest_ancestor("#user.hobby").unwrap().0, "user");
        // The 17 categories map to 17 different model categories (so they can be written back).
        let mut seen = std::collections::BTreeSet::new();
        for c in CATEGORIES {
            assert!(seen.insert(s.category(c).unwrap()));
            assert_eq!(s.category_token(s.category(c).unwrap()), Some(c));
        }
        assert_eq!(
            s.reference_for(DataCategory::ContactEmail),
            Some("user.home-info.online.email")
        );
        assert!(s.nodes().len() > 300, "{}", s.nodes().len());
        // The structure set agrees with a scan of the names.
        for name in s
            .nodes()
            .keys()
            .map(String::as_str)
            .chain(["user.hobby", "x", ""])
        {
            let prefix = format!("{name}.");
            let scan = s.nodes().keys().any(|k| k.starts_with(&prefix));
            assert_eq!(s.is_structure(name), scan, "{name}");
            assert_eq!(s.is_structure(&format!("#{name}")), scan, "#{name}");
        }
        assert!(s.is_structure("#user.bdate") && !s.is_structure("#user.bdate.ymd.year"));
    }
}
