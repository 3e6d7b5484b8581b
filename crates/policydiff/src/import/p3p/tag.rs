//! The P3P element names, as a small enum the tree stores for every element
//! when it is read: validation and mapping then dispatch on a byte instead of
//! comparing names again and again.

/// A P3P element (by local name; the namespace is checked separately), or
/// [`Tag::Other`] for every other name (vocabulary values such as `current`
/// or `physical`, extensions' content, unknown elements).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Tag {
    Other,
    Meta,
    PolicyReferences,
    PolicyRef,
    Include,
    Exclude,
    CookieInclude,
    CookieExclude,
    Method,
    Hint,
    Expiry,
    Policies,
    Dataschema,
    DataDef,
    DataStruct,
    Policy,
    Test,
    Entity,
    Access,
    DisputesGroup,
    Disputes,
    LongDescription,
    Consequence,
    Img,
    Remedies,
    Statement,
    NonIdentifiable,
    Purpose,
    Recipient,
    Retention,
    DataGroup,
    Data,
    Categories,
    Extension,
}

/// Every tag but [`Tag::Other`], with its name.
pub(crate) const NAMED: [(Tag, &str); 33] = [
    (Tag::Meta, "META"),
    (Tag::PolicyReferences, "POLICY-REFERENCES"),
    (Tag::PolicyRef, "POLICY-REF"),
    (Tag::Include, "INCLUDE"),
    (Tag::Exclude, "EXCLUDE"),
    (Tag::CookieInclude, "COOKIE-INCLUDE"),
    (Tag::CookieExclude, "COOKIE-EXCLUDE"),
    (Tag::Method, "METHOD"),
    (Tag::Hint, "HINT"),
    (Tag::Expiry, "EXPIRY"),
    (Tag::Policies, "POLICIES"),
    (Tag::Dataschema, "DATASCHEMA"),
    (Tag::DataDef, "DATA-DEF"),
    (Tag::DataStruct, "DATA-STRUCT"),
    (Tag::Policy, "POLICY"),
    (Tag::Test, "TEST"),
    (Tag::Entity, "ENTITY"),
    (Tag::Access, "ACCESS"),
    (Tag::DisputesGroup, "DISPUTES-GROUP"),
    (Tag::Disputes, "DISPUTES"),
    (Tag::LongDescription, "LONG-DESCRIPTION"),
    (Tag::Consequence, "CONSEQUENCE"),
    (Tag::Img, "IMG"),
    (Tag::Remedies, "REMEDIES"),
    (Tag::Statement, "STATEMENT"),
    (Tag::NonIdentifiable, "NON-IDENTIFIABLE"),
    (Tag::Purpose, "PURPOSE"),
    (Tag::Recipient, "RECIPIENT"),
    (Tag::Retention, "RETENTION"),
    (Tag::DataGroup, "DATA-GROUP"),
    (Tag::Data, "DATA"),
    (Tag::Categories, "CATEGORIES"),
    (Tag::Extension, "EXTENSION"),
];

impl Tag {
    /// The tag of a local element name. P3P's element names are upper case
    /// and its values lower case, so one byte decides most names before
    /// any comparison.
    ///
    /// The names are spelled here a second time (as in [`NAMED`]): a scan
    /// of `NAMED` cost 3% more instructions per P3P import than the match
    /// the compiler builds. `names_and_tags_agree` keeps the two equal.
    #[inline]
    pub fn of(name: &str) -> Tag {
        let b = name.as_bytes();
        if b.first().is_none_or(|c| !c.is_ascii_uppercase()) {
            return Tag::Other;
        }
        match name {
            "META" => Tag::Meta,
            "POLICY-REFERENCES" => Tag::PolicyReferences,
            "POLICY-REF" => Tag::PolicyRef,
            "INCLUDE" => Tag::Include,
            "EXCLUDE" => Tag::Exclude,
            "COOKIE-INCLUDE" => Tag::CookieInclude,
            "COOKIE-EXCLUDE" => Tag::CookieExclude,
            "METHOD" => Tag::Method,
            "HINT" => Tag::Hint,
            "EXPIRY" => Tag::Expiry,
            "POLICIES" => Tag::Policies,
            "DATASCHEMA" => Tag::Dataschema,
            "DATA-DEF" => Tag::DataDef,
            "DATA-STRUCT" => Tag::DataStruct,
            "POLICY" => Tag::Policy,
            "TEST" => Tag::Test,
            "ENTITY" => Tag::Entity,
            "ACCESS" => Tag::Access,
            "DISPUTES-GROUP" => Tag::DisputesGroup,
            "DISPUTES" => Tag::Disputes,
            "LONG-DESCRIPTION" => Tag::LongDescription,
            "CONSEQUENCE" => Tag::Consequence,
            "IMG" => Tag::Img,
            "REMEDIES" => Tag::Remedies,
            "STATEMENT" => Tag::Statement,
            "NON-IDENTIFIABLE" => Tag::NonIdentifiable,
            "PURPOSE" => Tag::Purpose,
            "RECIPIENT" => Tag::Recipient,
            "RETENTION" => Tag::Retention,
            "DATA-GROUP" => Tag::DataGroup,
            "DATA" => Tag::Data,
            "CATEGORIES" => Tag::Categories,
            "EXTENSION" => Tag::Extension,
            _ => Tag::Other,
        }
    }

    /// The element name (`""` for [`Tag::Other`]).
    pub fn name(self) -> &'static str {
        NAMED
            .iter()
            .find(|(t, _)| *t == self)
            .map_or("", |(_, n)| n)
    }

    /// A bit for sets of tags ([`Tags`]).
    #[inline]
    pub const fn bit(self) -> u64 {
        1 << (self as u8)
    }

    /// Elements whose paths always carry an index (they may repeat among
    /// siblings).
    #[inline]
    pub fn repeatable(self) -> bool {
        REPEATABLE.has(self)
    }
}

/// A set of tags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tags(u64);

impl Tags {
    pub const fn of(tags: &[Tag]) -> Tags {
        let mut bits = 0;
        let mut i = 0;
        while i < tags.len() {
            bits |= tags[i].bit();
            i += 1;
        }
        Tags(bits)
    }

    #[inline]
    pub const fn has(self, t: Tag) -> bool {
        self.0 & t.bit() != 0
    }
}

const REPEATABLE: Tags = Tags::of(&[
    Tag::Policy,
    Tag::Statement,
    Tag::DataGroup,
    Tag::Data,
    Tag::Disputes,
    Tag::Extension,
    Tag::PolicyRef,
    Tag::Include,
    Tag::Exclude,
    Tag::CookieInclude,
    Tag::CookieExclude,
    Tag::Method,
    Tag::DataDef,
    Tag::DataStruct,
    Tag::Policies,
]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_tags_agree() {
        for (t, n) in NAMED {
            assert_eq!(Tag::of(n), t, "{n}");
            assert_eq!(t.name(), n);
        }
        // Every variant is named once (the enum's discriminants are 0..=33).
        let mut seen = [false; NAMED.len() + 1];
        for (t, _) in NAMED {
            assert!(!seen[t as usize], "{t:?} named twice");
            seen[t as usize] = true;
        }
        assert!(!seen[Tag::Other as usize]);
        assert!(seen[1..].iter().all(|&s| s));
    }

    #[test]
    fn other_names() {
        for n in [
            "",
            "current",
            "Policy",
            "policy",
            "DATA ",
            "STATEMENTS",
            "x:DATA",
            "É",
        ] {
            assert_eq!(Tag::of(n), Tag::Other, "{n}");
        }
        assert_eq!(Tag::Other.name(), "");
    }

    #[test]
    fn sets() {
        let s = Tags::of(&[Tag::Data, Tag::Extension]);
        assert!(s.has(Tag::Data) && s.has(Tag::Extension));
        assert!(!s.has(Tag::DataGroup) && !s.has(Tag::Other));
        assert!(Tag::Statement.repeatable() && !Tag::Entity.repeatable());
    }
}
