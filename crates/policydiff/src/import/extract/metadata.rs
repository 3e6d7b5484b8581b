//! Title, effective and last-updated dates.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Policy;

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(last\s+(?:updated|modified|revised|changed)|updated|revised|effective(?:\s+date)?|effective\s+as\s+of|date\s+of\s+last\s+revision)\b[\s:,-]*(?:on\s+|as\s+of\s+|date\s*:?\s*)?([A-Za-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}\.\d{1,2}\.\d{4})",
    )
    .expect("static regex")
});

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parse a written date to ISO 8601, if it is unambiguous enough.
pub(crate) fn parse_date(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches('.');
    let iso = |y: u32, m: u32, d: u32| {
        ((1..=12).contains(&m) && (1..=31).contains(&d) && (1990..=2100).contains(&y))
            .then(|| format!("{y:04}-{m:02}-{d:02}"))
    };
    if let Some((y, rest)) = s.split_once('-') {
        let (m, d) = rest.split_once('-')?;
        return iso(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    if s.contains('/') {
        // US style M/D/Y.
        let parts: Vec<&str> = s.split('/').collect();
        if parts.len() == 3 {
            let mut y: u32 = parts[2].parse().ok()?;
            if y < 100 {
                y += 2000;
            }
            return iso(y, parts[0].parse().ok()?, parts[1].parse().ok()?);
        }
        return None;
    }
    if s.matches('.').count() == 2 && s.chars().next()?.is_ascii_digit() {
        let parts: Vec<&str> = s.split('.').collect();
        return iso(
            parts[2].parse().ok()?,
            parts[1].parse().ok()?,
            parts[0].parse().ok()?,
        );
    }
    let words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_ascii_lowercase())
        .collect();
    if words.len() != 3 {
        return None;
    }
    let month_of = |w: &str| {
        MONTHS
            .iter()
            .position(|m| w.starts_with(m))
            .map(|i| i as u32 + 1)
    };
    let day_of = |w: &str| {
        w.trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u32>()
            .ok()
    };
    let year: u32 = words[2].parse().ok()?;
    if let Some(m) = month_of(&words[0]) {
        return iso(year, m, day_of(&words[1])?);
    }
    iso(year, month_of(&words[1])?, day_of(&words[0])?)
}

pub(crate) fn extract(policy: &mut Policy, _source: &str) {
    if policy.metadata.title.is_none() {
        policy.metadata.title = policy
            .sections
            .iter()
            .find(|s| s.level == 1)
            .or_else(|| policy.sections.iter().find(|s| s.heading.is_some()))
            .and_then(|s| s.heading.clone());
    }
    let texts = policy
        .sections
        .iter()
        .flat_map(|s| s.heading.iter().chain(s.sentences.iter().map(|x| &x.text)))
        .take(400);
    for t in texts {
        for cap in DATE_LINE.captures_iter(t) {
            let label = cap[1].to_ascii_lowercase();
            let Some(date) = parse_date(&cap[2]) else {
                continue;
            };
            if label.starts_with("effective") {
                policy.metadata.effective_date.get_or_insert(date);
            } else {
                policy.metadata.last_updated.get_or_insert(date);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("December 15, 2022").as_deref(),
            Some("2022-12-15")
        );
        assert_eq!(
            parse_date("15 December 2022").as_deref(),
            Some("2022-12-15")
        );
        assert_eq!(parse_date("Sept. 3rd, 2019").as_deref(), Some("2019-09-03"));
        assert_eq!(parse_date("2021-02-15").as_deref(), Some("2021-02-15"));
        assert_eq!(parse_date("3/7/2018").as_deref(), Some("2018-03-07"));
        assert_eq!(parse_date("Smarch 40, 2022"), None);
    }

    #[test]
    fn finds_dates_in_policy() {
        let p = crate::import_text(
            "# Privacy\n\nLast updated: March 1, 2020\n\nEffective date: 2020-04-01\n",
        )
        .unwrap();
        assert_eq!(p.metadata.title.as_deref(), Some("Privacy"));
        assert_eq!(p.metadata.last_updated.as_deref(), Some("2020-03-01"));
        assert_eq!(p.metadata.effective_date.as_deref(), Some("2020-04-01"));
    }
}
