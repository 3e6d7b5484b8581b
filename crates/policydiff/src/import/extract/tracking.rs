//! Cookies and other tracking technologies; Do Not Track.

use super::sentence::{ClauseKind, Verb, kw};
use super::{Ctx, Topics};
use crate::import::text::floor_char_boundary;
use crate::lexicon::{Term, fold};
use crate::model::{
    DntStance, DoNotTrack, Polarity, Policy, RecipientKind, Tracking, TrackingLifetime,
    TrackingParty, TrackingTechnology,
};

/// Phrases after which the cookie's uses are listed.
const USE_MARKERS: &[&str] = &[
    "features like ",
    "such as ",
    "like ",
    "including ",
    "to store ",
    "to remember ",
    "to detect ",
    "to identify ",
    "to implement ",
    "contains ",
    "to help us ",
    "used to ",
    "for ",
];

fn uses(an: &super::sentence::Analysis<'_>, from: usize) -> Vec<String> {
    let f = &an.folded;
    let mut out = Vec::new();
    for m in USE_MARKERS {
        let Some(p) = f[from..].find(m).map(|p| p + from + m.len()) else {
            continue;
        };
        if *m == "for " && !f[p..].starts_with("the purpose") {
            continue;
        }
        let rest = &f[p..];
        let end = rest
            .find(['.', ';', '(', ')'])
            .or_else(|| rest.find(" among "))
            .or_else(|| rest.find(" when "))
            .unwrap_or(rest.len());
        let end = [
            " among ",
            " when ",
            " if ",
            " and therefore",
            " so that",
            " which ",
        ]
        .iter()
        .filter_map(|s| rest[..end].find(s))
        .min()
        .unwrap_or(end);
        let list = an.text_of(p, p + end);
        for item in list
            .split([','])
            .flat_map(|s| s.split(" and "))
            .flat_map(|s| s.split(" or "))
        {
            let item = item
                .trim()
                .trim_start_matches("other ")
                .trim_start_matches("your ")
                .trim_start_matches("the ");
            let words = item.split_whitespace().count();
            if (1..=6).contains(&words) && !item.starts_with("etc") {
                out.push(item.to_owned());
            }
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

pub(super) fn extract(ctx: &Ctx<'_>, policy: &mut Policy) {
    let an = ctx.an;
    let f = &an.folded;
    if an.kw & kw::DNT == 0
        && !ctx.topics.any(Topics::TRACKING)
        && !an.hits.iter().any(|h| matches!(h.term, Term::Tracking(_)))
    {
        return;
    }
    // Do Not Track.
    if an.kw & kw::DNT != 0 && f.contains("do not track")
        || f.contains("do-not-track")
        || f.contains("dnt signal")
    {
        let not = [
            "do not respond",
            "does not respond",
            "don't respond",
            "not currently respond",
            "do not honor",
            "do not honour",
            "does not honor",
            "not honor",
            "not honour",
            "no uniform",
            "do not recognize",
            "does not recognize",
            "do not support",
            "does not support",
            "not able to respond",
            "not designed to respond",
            "ignore",
            "no effect",
            "not recognize",
            "not respond",
        ];
        let yes = [
            "we honor",
            "we honour",
            "we respect",
            "we respond to",
            "we recognize",
            "we will honor",
            "we treat",
            "we support",
            "will be honored",
            "are honored",
            "we comply",
        ];
        let stance = if not.iter().any(|p| f.contains(p)) {
            DntStance::NotHonored
        } else if yes.iter().any(|p| f.contains(p)) {
            DntStance::Honored
        } else {
            DntStance::Mentioned
        };
        policy.do_not_track.push(DoNotTrack {
            stance,
            evidence: vec![ctx.evidence()],
        });
    }

    let techs: Vec<(TrackingTechnology, usize, usize)> = an
        .hits
        .iter()
        .filter_map(|h| match h.term {
            Term::Tracking(t) => Some((t, h.start, h.end)),
            _ => None,
        })
        .collect();
    let mut techs = techs;
    if techs.is_empty() {
        // "The files are used to ..." under a "Cookies" heading refers to
        // the cookies the heading names.
        let heading_cookie = ctx
            .section
            .heading
            .as_deref()
            .is_some_and(|h| fold(h).contains("cookie"));
        let refers = an.has_word(&["they", "these", "files", "file", "it"])
            && (f.contains("features like")
                || f.contains("such as")
                || f.contains("used to")
                || f.contains("are used"));
        if heading_cookie
            && refers
            && (!an.has_word(&["you", "your"]) || f.contains("features like"))
        {
            techs.push((TrackingTechnology::Cookie, 0, 0));
        } else {
            return;
        }
    }
    let verbs = an.verbs();
    let use_verbs: Vec<usize> = verbs
        .iter()
        .filter(|(i, v)| {
            matches!(v, Verb::Use | Verb::Collect | Verb::Retain)
                || matches!(
                    an.word(*i),
                    "place" | "places" | "placed" | "set" | "sets" | "deploy" | "deployed"
                )
        })
        .map(|(i, _)| *i)
        .collect();
    let definitional = an.has_word(&["is", "are"])
        && (f.contains("cookie is")
            || f.contains("cookies are")
            || f.contains("beacons are")
            || f.contains("a cookie")
            || f.contains("cookies let")
            || f.contains("cookies work")
            || f.contains("cookies also"));
    let under_heading = ctx.topics.any(Topics::TRACKING);
    if use_verbs.is_empty()
        && !(under_heading && (definitional || ctx.is_fragment()))
        && !f.contains("cookie technology")
    {
        return;
    }
    // Polarity from the first use verb's clause; exceptions flip it back.
    let negated_clause = use_verbs
        .iter()
        .find(|&&i| an.negated(i))
        .map(|&i| an.words[i].clause);
    let choice_only = an.has_word(&[
        "disable", "block", "refuse", "reject", "prevent", "delete", "remove", "decline", "manage",
    ]) && !an.has_word(&["we"]);
    if choice_only && use_verbs.is_empty() {
        return;
    }
    let third = f.contains("third-party cookie")
        || f.contains("third party cookie")
        || an.hits.iter().any(|h| {
            matches!(
                h.term,
                Term::Recipient(
                    RecipientKind::AdvertisingPartner
                        | RecipientKind::AnalyticsProvider
                        | RecipientKind::ThirdParty
                        | RecipientKind::SocialNetwork
                )
            )
        }) && use_verbs.iter().any(|&i| an.third_party_subject(i));
    let party = if third {
        Some(TrackingParty::ThirdParty)
    } else if f.contains("first-party cookie")
        || f.contains("first party cookie")
        || f.contains("our own cookies")
    {
        Some(TrackingParty::FirstParty)
    } else {
        None
    };
    let providers: Vec<String> = an
        .hits
        .iter()
        .filter_map(|h| match h.term {
            Term::Company(c) => ctx.lexicon.companies().get(c).map(|co| co.name.clone()),
            _ => None,
        })
        .collect();
    let purposes = an.purposes();
    let mut seen: Vec<(TrackingTechnology, Polarity)> = Vec::new();
    for (tech, start, end) in techs {
        let clause = an.clause_of(start);
        let polarity = match negated_clause {
            Some(nc) if an.clauses[clause].kind == ClauseKind::Exception && clause > nc => {
                Polarity::Does
            }
            Some(nc) if clause == nc => Polarity::DoesNot,
            Some(_) => Polarity::Does,
            None => Polarity::Does,
        };
        if seen.contains(&(tech, polarity)) {
            // Merge lifetimes into the entry already made for this sentence.
        } else {
            seen.push((tech, polarity));
        }
        let phrase = &f[start..end];
        // Up to 30 bytes before the phrase, from a character boundary.
        let around = &f[floor_char_boundary(f, start.saturating_sub(30))..end];
        let mut lifetimes = Vec::new();
        if phrase.contains("session") || around.contains("session") || around.contains("temporary")
        {
            lifetimes.push(TrackingLifetime::Session);
        }
        if phrase.contains("persistent")
            || phrase.contains("permanent")
            || around.contains("persistent")
            || around.contains("permanent")
            || around.contains("persistant")
        {
            lifetimes.push(TrackingLifetime::Persistent);
        }
        policy.tracking.push(Tracking {
            technology: tech,
            party,
            polarity,
            lifetimes,
            purposes: if polarity.is_does() {
                purposes.clone()
            } else {
                Vec::new()
            },
            providers: providers.clone(),
            uses: if polarity.is_does() {
                uses(an, start)
            } else {
                Vec::new()
            },
            evidence: vec![ctx.evidence()],
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{DntStance, Polarity, TrackingLifetime, TrackingTechnology};

    #[test]
    fn cookies_with_uses_and_lifetimes() {
        let pol = crate::import_text("We also use a permanent personalisation cookie to store your greeting name when you revisit the site.").unwrap();
        let t = &pol.tracking[0];
        assert_eq!(t.technology, TrackingTechnology::Cookie);
        assert_eq!(t.lifetimes, vec![TrackingLifetime::Persistent]);
        assert_eq!(t.uses, vec!["greeting name".to_owned()]);
    }

    #[test]
    fn no_cookies_except_session_cookies() {
        let pol = crate::import_text(
            "This site does not use cookies, with the exception of anonymous session cookies.",
        )
        .unwrap();
        assert!(pol.tracking.iter().any(|t| t.polarity == Polarity::DoesNot));
        assert!(pol.tracking.iter().any(
            |t| t.polarity == Polarity::Does && t.lifetimes == vec![TrackingLifetime::Session]
        ));
    }

    #[test]
    fn lookback_before_a_phrase_stops_at_a_character_boundary() {
        // 30 bytes before "cookies" falls inside a three-byte character
        // (a cargo-fuzz finding: this sliced mid-character and panicked).
        let text = format!("{}a cookies are used to track you.", "爀".repeat(20));
        let pol = crate::import_text(&text).unwrap();
        assert_eq!(pol.tracking[0].technology, TrackingTechnology::Cookie);
        let text = format!("{}a b temporary cookies are used.", "爀".repeat(20));
        let pol = crate::import_text(&text).unwrap();
        assert_eq!(pol.tracking[0].lifetimes, vec![TrackingLifetime::Session]);
    }

    #[test]
    fn do_not_track() {
        let pol = crate::import_text("We do not respond to Do Not Track signals.").unwrap();
        assert_eq!(pol.do_not_track[0].stance, DntStance::NotHonored);
    }
}
