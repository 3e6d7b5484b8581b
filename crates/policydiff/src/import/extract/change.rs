//! Promises about how changes to the policy are made known.

use std::sync::LazyLock;

use regex::Regex;

use super::sentence::kw;
use super::{Ctx, Topics};
use crate::model::{ChangeNotice, ChoiceKind, NoticeMethod, Policy};

static ADVANCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,3}|seven|ten|fourteen|fifteen|thirty|sixty|ninety)\s+days?\s*(?:'|\()?.{0,20}?\b(?:before|in advance|prior|notice|ahead)")
        .expect("static regex")
});

pub(super) fn extract(ctx: &Ctx<'_>, policy: &mut Policy) {
    let an = ctx.an;
    let f = &an.folded;
    if an.kw & kw::CHANGE == 0 && !ctx.topics.any(Topics::CHANGE) {
        return;
    }
    let about_change = ctx.topics.any(Topics::CHANGE)
        || [
            "this policy",
            "privacy policy",
            "this statement",
            "privacy statement",
            "this notice",
            "privacy notice",
            "our policy",
            "the policy",
            "policy from time to time",
        ]
        .iter()
        .any(|p| f.contains(p))
            && ["chang", "updat", "modif", "revis", "amend"]
                .iter()
                .any(|p| f.contains(p))
            && !f.contains("last updated")
            && !f.contains("last revised");
    if !about_change {
        return;
    }
    let mut methods: Vec<NoticeMethod> = Vec::new();
    let posted = [
        "post",
        "publish",
        "updated date",
        "last updated",
        "revision date",
        "effective date",
    ]
    .iter()
    .any(|p| f.contains(p));
    if posted {
        if [
            "homepage",
            "home page",
            "our website",
            "our site",
            "on the site",
            "on our web",
            "prominent notice",
            "notice on",
            "banner",
            "in the app",
        ]
        .iter()
        .any(|p| f.contains(p))
        {
            methods.push(NoticeMethod::WebsiteNotice);
        } else {
            methods.push(NoticeMethod::PostedPolicy);
        }
    }
    if [
        "by email",
        "by e-mail",
        "way of an email",
        "way of an e-mail",
        "send you",
        "notify you directly",
        "notify users",
        "email you",
        "e-mail you",
        "notify you by",
        "personal notice",
        "in-app notification",
        "push notification",
        "contact you",
        "an email",
        "directly notify",
    ]
    .iter()
    .any(|p| f.contains(p))
    {
        methods.push(NoticeMethod::PersonalNotice);
    }
    if [
        "without notice",
        "without prior notice",
        "without further notice",
        "without notifying",
    ]
    .iter()
    .any(|p| f.contains(p))
    {
        methods.push(NoticeMethod::NoNotice);
    }
    let choice = if ["consent", "opt in", "opt-in", "choice whether"]
        .iter()
        .any(|p| f.contains(p))
        && !f.contains("you consent to")
        && !f.contains("constitutes")
        && !f.contains("deemed")
    {
        Some(ChoiceKind::OptIn)
    } else if f.contains("opt out") || f.contains("opt-out") {
        Some(ChoiceKind::OptOut)
    } else if f.contains("continued use")
        || f.contains("continuing to use")
        || f.contains("continue to use")
    {
        Some(ChoiceKind::DontUse)
    } else {
        None
    };
    let advance_days = ADVANCE
        .captures(f)
        .and_then(|c| c.get(1))
        .and_then(|m| super::retention::number(m.as_str()));
    if methods.is_empty()
        && (choice == Some(ChoiceKind::OptIn) || advance_days.is_some())
        && ctx.topics.any(Topics::CHANGE)
    {
        methods.push(NoticeMethod::PersonalNotice);
    }
    if methods.is_empty() && choice.is_some() && ctx.topics.any(Topics::CHANGE) {
        methods.push(NoticeMethod::PostedPolicy);
    }
    for method in methods {
        policy.change_policy.push(ChangeNotice {
            method,
            choice: if method == NoticeMethod::NoNotice {
                None
            } else {
                choice
            },
            advance_days: if method == NoticeMethod::PersonalNotice {
                advance_days
            } else {
                None
            },
            evidence: vec![ctx.evidence()],
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{ChoiceKind, NoticeMethod};

    #[test]
    fn notices() {
        let pol = crate::import_text(
            "If we decide to change our privacy policy, we will post those changes on this page.",
        )
        .unwrap();
        assert_eq!(pol.change_policy[0].method, NoticeMethod::PostedPolicy);
        let pol = crate::import_text("If a change to this policy is material, we will notify you by email at least 30 days before it takes effect and ask for your consent.").unwrap();
        let n = pol
            .change_policy
            .iter()
            .find(|c| c.method == NoticeMethod::PersonalNotice)
            .unwrap();
        assert_eq!(n.advance_days, Some(30));
        assert_eq!(n.choice, Some(ChoiceKind::OptIn));
    }
}
