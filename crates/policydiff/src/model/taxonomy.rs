//! The closed vocabularies of the model.
//!
//! Each value serialises to a stable snake_case (or dotted, for the
//! hierarchical data taxonomy) identifier. What each value means in OPP-115,
//! W3C DPV 2.3 and P3P 1.0/1.1 is recorded in data, not here: see
//! `vocab/taxonomy.toml` and [`crate::vocab`].

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Defines a closed vocabulary enum with a stable string id per value.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = $id:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[doc = $doc])* #[serde(rename = $id)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The stable identifier used in JSON, lexicons and rule files.
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $id, )+ }
            }

            /// The vocabulary's name in `vocab/taxonomy.toml`.
            pub const VOCABULARY: &'static str = stringify!($name);
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = crate::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $( $id => Ok($name::$variant), )+
                    _ => Err(crate::Error::new(
                        crate::ErrorKind::Config,
                        format!("unknown {} value `{s}`", stringify!($name)),
                    )),
                }
            }
        }
    };
}

vocabulary! {
    /// Categories of personal data, hierarchical: `contact` is the parent of
    /// `contact.email`. A parent value means "this kind of data, unspecified".
    pub enum DataCategory {
        /// Personal information in general ("your personal information").
        Personal = "personal",
        /// Identity data in general.
        Identity = "identity",
        /// Name.
        IdentityName = "identity.name",
        /// Government identifiers: SSN, passport, driver's licence number.
        IdentityGovernmentId = "identity.government_id",
        /// Date of birth.
        IdentityDateOfBirth = "identity.date_of_birth",
        /// Contact information in general.
        Contact = "contact",
        /// Email address.
        ContactEmail = "contact.email",
        /// Telephone number.
        ContactPhone = "contact.phone",
        /// Postal or mailing address.
        ContactPostalAddress = "contact.postal_address",
        /// Account data in general (the user's account with the service).
        Account = "account",
        /// Username, password and other credentials.
        AccountCredentials = "account.credentials",
        /// Profile information the user provides (photo, bio, preferences set in a profile).
        AccountProfile = "account.profile",
        /// Financial data in general.
        Financial = "financial",
        /// Payment card number, expiry, CVV.
        FinancialCard = "financial.card",
        /// Bank account numbers.
        FinancialBankAccount = "financial.bank_account",
        /// Payment and billing information, unspecified.
        FinancialPayment = "financial.payment",
        /// Purchases and transaction history.
        FinancialTransactions = "financial.transactions",
        /// Credit history, credit score, income.
        FinancialCredit = "financial.credit",
        /// Device and computer data in general.
        Device = "device",
        /// IP address.
        DeviceIp = "device.ip",
        /// Device identifiers: advertising IDs, IMEI, MAC address, UDID.
        DeviceIdentifier = "device.identifier",
        /// Browser type, operating system, hardware, language settings.
        DeviceInfo = "device.info",
        /// Cookies, pixels and similar tracking identifiers.
        TrackingIdentifier = "tracking",
        /// Online activity in general.
        Activity = "activity",
        /// How the user uses the service: features used, clicks, logs.
        ActivityUsage = "activity.usage",
        /// Pages visited, referring URLs, clickstream, browsing history.
        ActivityBrowsing = "activity.browsing",
        /// Search queries.
        ActivitySearch = "activity.search",
        /// Location in general.
        Location = "location",
        /// Precise location (GPS, exact coordinates).
        LocationPrecise = "location.precise",
        /// Approximate location (city, region, postcode, from IP address).
        LocationApproximate = "location.approximate",
        /// Demographic data in general.
        Demographic = "demographic",
        /// Age or age range.
        DemographicAge = "demographic.age",
        /// Gender.
        DemographicGender = "demographic.gender",
        /// Employment and education history, job title, employer.
        Professional = "professional",
        /// Health data in general.
        Health = "health",
        /// Fitness and activity measurements (steps, heart rate, sleep).
        HealthFitness = "health.fitness",
        /// Medical records, conditions, prescriptions.
        HealthMedical = "health.medical",
        /// Biometric data: fingerprints, face geometry, voiceprints.
        Biometric = "biometric",
        /// Genetic data.
        Genetic = "genetic",
        /// Special-category data in general.
        Sensitive = "sensitive",
        /// Racial or ethnic origin.
        SensitiveRacialEthnic = "sensitive.racial_ethnic",
        /// Religious or philosophical beliefs.
        SensitiveReligion = "sensitive.religion",
        /// Sexual orientation or sex life.
        SensitiveSexualOrientation = "sensitive.sexual_orientation",
        /// Political opinions.
        SensitivePolitical = "sensitive.political",
        /// Criminal records.
        SensitiveCriminal = "sensitive.criminal",
        /// Data from social networks (profile, friends) in general.
        Social = "social",
        /// Contacts, address book, friend lists.
        SocialContacts = "social.contacts",
        /// Content the user creates: messages, posts, photos, files.
        Content = "content",
        /// Messages and communications content.
        ContentCommunications = "content.communications",
        /// Photos, videos and audio recordings.
        ContentMedia = "content.media",
        /// Survey and feedback answers.
        Survey = "survey",
        /// Preferences and interests.
        Preferences = "preferences",
        /// Inferences and profiles derived from other data.
        Inferences = "inferences",
        /// Vehicle and telematics data.
        Vehicle = "vehicle",
        /// Other personal data not covered above.
        Other = "other",
    }
}

impl DataCategory {
    /// The parent in the hierarchy (`contact.email` → `contact`), if any.
    pub fn parent(self) -> Option<DataCategory> {
        let id = self.as_str();
        let (parent, _) = id.rsplit_once('.')?;
        parent.parse().ok()
    }

    /// Whether `self` is `other` or a descendant of it.
    pub fn is_within(self, other: DataCategory) -> bool {
        let mut cur = Some(self);
        while let Some(c) = cur {
            if c == other {
                return true;
            }
            cur = c.parent();
        }
        false
    }

    /// Special categories (GDPR Art. 9) and similarly sensitive data.
    pub fn is_sensitive(self) -> bool {
        self.is_within(DataCategory::Sensitive)
            || self.is_within(DataCategory::Health)
            || matches!(
                self,
                DataCategory::Biometric
                    | DataCategory::Genetic
                    | DataCategory::LocationPrecise
                    | DataCategory::IdentityGovernmentId
                    | DataCategory::FinancialCard
                    | DataCategory::FinancialBankAccount
            )
    }
}

vocabulary! {
    /// Why data is processed. Covers P3P's 12 purposes, OPP-115's 11 values
    /// and modern purposes (profiling, AI training, sale).
    pub enum Purpose {
        /// Providing the service the user asked for.
        ServiceProvision = "service_provision",
        /// Additional, optional features.
        AdditionalFeatures = "additional_features",
        /// Creating and managing accounts.
        AccountManagement = "account_management",
        /// Processing payments and orders.
        Payment = "payment",
        /// Customer support.
        CustomerSupport = "customer_support",
        /// Service and transactional communications with the user.
        Communication = "communication",
        /// Technical support and administration of the site or system.
        Administration = "administration",
        /// Security of the service and its users.
        Security = "security",
        /// Detecting and preventing fraud and abuse.
        FraudPrevention = "fraud_prevention",
        /// Improving and developing the service.
        Improvement = "improvement",
        /// Analytics and statistics about use of the service (pseudonymous).
        Analytics = "analytics",
        /// Research.
        Research = "research",
        /// Personalising content and features.
        Personalization = "personalization",
        /// Decisions based on a pseudonymous profile (P3P pseudo-decision).
        PseudonymousProfiling = "pseudonymous_profiling",
        /// Analysing identified individuals, building profiles.
        Profiling = "profiling",
        /// Decisions about identified individuals, automated decision-making.
        AutomatedDecisions = "automated_decisions",
        /// Marketing the controller's own products (email, post).
        Marketing = "marketing",
        /// Marketing by telephone.
        Telemarketing = "telemarketing",
        /// Advertising in general.
        Advertising = "advertising",
        /// Targeted, interest-based or cross-context behavioural advertising.
        TargetedAdvertising = "targeted_advertising",
        /// Training machine-learning or AI models.
        AiTraining = "ai_training",
        /// Selling personal data.
        Sale = "sale",
        /// Complying with law, legal process and requests from authorities.
        LegalCompliance = "legal_compliance",
        /// Mergers, acquisitions and other business transfers.
        MergerAcquisition = "merger_acquisition",
        /// Archiving and historical preservation (P3P historical).
        Archiving = "archiving",
        /// Another purpose.
        Other = "other",
    }
}

vocabulary! {
    /// Kinds of recipient data is shared with or disclosed to.
    pub enum RecipientKind {
        /// Service providers and processors acting on the controller's behalf.
        ServiceProvider = "service_provider",
        /// Delivery services (P3P delivery).
        Delivery = "delivery",
        /// Payment processors.
        PaymentProcessor = "payment_processor",
        /// Analytics providers.
        AnalyticsProvider = "analytics_provider",
        /// Advertising networks, advertisers and ad-tech partners.
        AdvertisingPartner = "advertising_partner",
        /// Social networks.
        SocialNetwork = "social_network",
        /// Affiliates, subsidiaries and other companies of the same group.
        Affiliate = "affiliate",
        /// Business partners following their own practices (P3P other-recipient).
        BusinessPartner = "business_partner",
        /// Data brokers and buyers of data.
        DataBroker = "data_broker",
        /// A buyer or successor in a merger, acquisition or sale of assets.
        Acquirer = "acquirer",
        /// Law enforcement, courts, regulators and other public authorities.
        Authorities = "authorities",
        /// The public (public forums, profiles, P3P public).
        Public = "public",
        /// Other users of the service.
        OtherUsers = "other_users",
        /// Third parties not accountable to the controller (P3P unrelated).
        UnrelatedThirdParty = "unrelated_third_party",
        /// Third parties, unspecified.
        ThirdParty = "third_party",
    }
}

vocabulary! {
    /// How data is obtained.
    pub enum CollectionSource {
        /// The user provides it (forms, account, messages).
        Provided = "provided",
        /// Observed automatically (cookies, logs, sensors).
        Observed = "observed",
        /// Received from third parties or other services.
        ThirdParty = "third_party",
        /// Derived or inferred from other data.
        Inferred = "inferred",
    }
}

vocabulary! {
    /// Who performs a collection.
    pub enum Actor {
        /// The controller itself ("we").
        FirstParty = "first_party",
        /// A third party (advertisers, analytics providers on our site).
        ThirdParty = "third_party",
    }
}

vocabulary! {
    /// Whether providing data (or a use) is required.
    pub enum Requirement {
        /// Always required for the service (P3P `always`).
        Required = "required",
        /// Optional for the user.
        Optional = "optional",
        /// Only with the user's opt-in (P3P `opt-in`).
        OptIn = "opt_in",
        /// Unless the user opts out (P3P `opt-out`).
        OptOut = "opt_out",
    }
}

vocabulary! {
    /// How long data is kept.
    pub enum RetentionKind {
        /// Not retained beyond the interaction (P3P no-retention).
        NoRetention = "no_retention",
        /// As long as needed for the stated purpose (P3P stated-purpose).
        StatedPurpose = "stated_purpose",
        /// As long as the law requires (P3P legal-requirement).
        LegalRequirement = "legal_requirement",
        /// Under the controller's business practices (P3P business-practices).
        BusinessPractices = "business_practices",
        /// Indefinitely (P3P indefinitely).
        Indefinitely = "indefinitely",
        /// A stated period ("60 days", "five years").
        StatedPeriod = "stated_period",
        /// Until the account is closed or deleted.
        UntilAccountDeletion = "until_account_deletion",
        /// As long as necessary, without a period.
        AsLongAsNecessary = "as_long_as_necessary",
    }
}

vocabulary! {
    /// Tracking technologies.
    pub enum TrackingTechnology {
        /// HTTP cookies.
        Cookie = "cookie",
        /// Web beacons, pixels, clear GIFs, tags.
        WebBeacon = "web_beacon",
        /// Local storage, Flash cookies (LSOs) and similar browser storage.
        LocalStorage = "local_storage",
        /// Software development kits in apps.
        Sdk = "sdk",
        /// Device or browser fingerprinting.
        Fingerprinting = "fingerprinting",
        /// Server and access logs.
        ServerLogs = "server_logs",
        /// Session replay and similar recording scripts.
        SessionReplay = "session_replay",
        /// Another or unspecified technology.
        Other = "other",
    }
}

vocabulary! {
    /// Lifetime of a tracking technology.
    pub enum TrackingLifetime {
        /// Deleted when the browser closes.
        Session = "session",
        /// Kept across sessions.
        Persistent = "persistent",
    }
}

vocabulary! {
    /// Whose tracking technology it is.
    pub enum TrackingParty {
        /// Set by the controller.
        FirstParty = "first_party",
        /// Set by a third party.
        ThirdParty = "third_party",
    }
}

vocabulary! {
    /// The policy's stance on browser Do Not Track signals.
    pub enum DntStance {
        /// DNT signals are honoured.
        Honored = "honored",
        /// DNT signals are not honoured.
        NotHonored = "not_honored",
        /// DNT mentioned but unclear.
        Mentioned = "mentioned",
    }
}

vocabulary! {
    /// Kinds of user choice.
    pub enum ChoiceKind {
        /// Only with the user's prior consent.
        OptIn = "opt_in",
        /// The user can opt out.
        OptOut = "opt_out",
        /// The user's only choice is not to use the service or feature.
        DontUse = "dont_use",
    }
}

vocabulary! {
    /// How a choice or right is exercised.
    pub enum ChoiceMechanism {
        /// A link or unsubscribe link.
        Link = "link",
        /// Account or privacy settings in the service.
        Settings = "settings",
        /// Contacting the company (email, post, phone, form).
        ContactCompany = "contact_company",
        /// Browser or device settings.
        BrowserSettings = "browser_settings",
        /// Third-party tools (NAI/DAA opt-out pages, ad-network settings).
        ThirdPartyTool = "third_party_tool",
        /// Global Privacy Control or a similar browser signal.
        GlobalPrivacyControl = "global_privacy_control",
    }
}

vocabulary! {
    /// Rights of the user over their data.
    pub enum Right {
        /// Access a copy of the data / right to know.
        Access = "access",
        /// Correct or update the data.
        Correction = "correction",
        /// Delete the data or the account.
        Deletion = "deletion",
        /// Receive the data in a portable format.
        Portability = "portability",
        /// Restrict processing.
        Restriction = "restriction",
        /// Object to processing.
        Objection = "objection",
        /// Opt out of sale or sharing of personal information.
        OptOutOfSale = "opt_out_of_sale",
        /// Opt out of targeted advertising or profiling.
        OptOutOfTargeting = "opt_out_of_targeting",
        /// Not to be subject to solely automated decisions.
        AutomatedDecisions = "automated_decisions",
        /// Withdraw consent at any time.
        WithdrawConsent = "withdraw_consent",
        /// Lodge a complaint with a supervisory authority.
        Complaint = "complaint",
        /// Not to be discriminated against for exercising rights.
        NonDiscrimination = "non_discrimination",
        /// Appeal a refused request.
        Appeal = "appeal",
    }
}

vocabulary! {
    /// Security measures.
    pub enum SecurityMeasure {
        /// Security described in general terms ("reasonable measures").
        Generic = "generic",
        /// Encryption in transit (SSL/TLS, HTTPS).
        EncryptionInTransit = "encryption_in_transit",
        /// Encryption at rest, secure storage.
        EncryptionAtRest = "encryption_at_rest",
        /// Hashing of passwords or other data.
        Hashing = "hashing",
        /// Access limited to staff who need it.
        AccessControl = "access_control",
        /// Passwords, multi-factor authentication.
        Authentication = "authentication",
        /// Firewalls, intrusion detection, monitoring.
        NetworkSecurity = "network_security",
        /// Physical safeguards.
        Physical = "physical",
        /// Security or privacy programme, policies.
        Program = "program",
        /// Audits, assessments, penetration tests.
        Audit = "audit",
        /// Staff training.
        Training = "training",
        /// Anonymisation, pseudonymisation, aggregation.
        Deidentification = "deidentification",
        /// Certifications and standards (PCI DSS, ISO 27001, SOC 2).
        Certification = "certification",
        /// Breach notification commitments.
        BreachNotification = "breach_notification",
    }
}

vocabulary! {
    /// Audiences a policy addresses specially.
    pub enum AudienceKind {
        /// Children (with an age threshold, usually 13 or 16).
        Children = "children",
        /// Teenagers / minors above the children's threshold.
        Teens = "teens",
        /// California residents.
        California = "california",
        /// Residents of other US states with privacy laws.
        UsStates = "us_states",
        /// People in the EU/EEA.
        EuropeanUnion = "european_union",
        /// People in the United Kingdom.
        UnitedKingdom = "united_kingdom",
        /// People in Canada.
        Canada = "canada",
        /// People in other specific countries.
        OtherCountries = "other_countries",
    }
}

vocabulary! {
    /// Safeguards for international transfers.
    pub enum TransferMechanism {
        /// Standard contractual clauses.
        StandardContractualClauses = "standard_contractual_clauses",
        /// An adequacy decision.
        Adequacy = "adequacy",
        /// Binding corporate rules.
        BindingCorporateRules = "binding_corporate_rules",
        /// EU-US Privacy Shield (invalidated 2020).
        PrivacyShield = "privacy_shield",
        /// EU-US Data Privacy Framework.
        DataPrivacyFramework = "data_privacy_framework",
        /// The user's consent.
        Consent = "consent",
    }
}

vocabulary! {
    /// How users are told about changes to the policy.
    pub enum NoticeMethod {
        /// The new version is posted in place of the old.
        PostedPolicy = "posted_policy",
        /// A notice on the website or app.
        WebsiteNotice = "website_notice",
        /// A personal notice (email, message, in-app notification).
        PersonalNotice = "personal_notice",
        /// No notice.
        NoNotice = "no_notice",
    }
}

vocabulary! {
    /// Kinds of contact point.
    pub enum ContactKind {
        /// Email address.
        Email = "email",
        /// Postal address.
        Postal = "postal",
        /// Telephone number.
        Phone = "phone",
        /// Web form or page.
        Web = "web",
        /// Data protection officer.
        Dpo = "dpo",
    }
}

vocabulary! {
    /// Laws and frameworks a policy names.
    pub enum Law {
        /// EU General Data Protection Regulation.
        Gdpr = "gdpr",
        /// UK GDPR and Data Protection Act 2018.
        UkGdpr = "uk_gdpr",
        /// California Consumer Privacy Act.
        Ccpa = "ccpa",
        /// California Privacy Rights Act.
        Cpra = "cpra",
        /// California Online Privacy Protection Act.
        Caloppa = "caloppa",
        /// California "Shine the Light" law (Civ. Code 1798.83).
        ShineTheLight = "shine_the_light",
        /// Children's Online Privacy Protection Act.
        Coppa = "coppa",
        /// Virginia Consumer Data Protection Act.
        Vcdpa = "vcdpa",
        /// Colorado Privacy Act.
        Cpa = "cpa",
        /// Connecticut Data Privacy Act.
        Ctdpa = "ctdpa",
        /// Utah Consumer Privacy Act.
        Ucpa = "ucpa",
        /// Nevada's online privacy law (NRS 603A).
        NevadaPrivacy = "nevada_privacy",
        /// Health Insurance Portability and Accountability Act.
        Hipaa = "hipaa",
        /// Gramm-Leach-Bliley Act.
        Glba = "glba",
        /// Family Educational Rights and Privacy Act.
        Ferpa = "ferpa",
        /// CAN-SPAM Act.
        CanSpam = "can_spam",
        /// Canada's PIPEDA.
        Pipeda = "pipeda",
        /// Brazil's LGPD.
        Lgpd = "lgpd",
        /// ePrivacy Directive.
        Eprivacy = "eprivacy",
        /// Another law, named in the text.
        Other = "other",
    }
}

vocabulary! {
    /// P3P `ACCESS`: which identified data the user can access.
    pub enum AccessScope {
        /// No identified data is collected (P3P nonident).
        NonIdentified = "nonident",
        /// All identified data (P3P all).
        All = "all",
        /// Online and physical contact data and some other data (P3P contact-and-other).
        ContactAndOther = "contact_and_other",
        /// Contact data only (P3P ident-contact).
        IdentifiedContact = "ident_contact",
        /// Some other identified data (P3P other-ident).
        OtherIdentified = "other_ident",
        /// No access to identified data (P3P none).
        None = "none",
    }
}

vocabulary! {
    /// How disputes are resolved (P3P `DISPUTES resolution-type`).
    pub enum DisputeResolution {
        /// The company's customer service.
        CustomerService = "customer_service",
        /// An independent organisation (seal programme, ombudsman).
        Independent = "independent",
        /// Courts.
        Court = "court",
        /// Applicable law.
        Law = "law",
        /// Dispute resolution is offered but its type is not stated (a
        /// compact policy's `DSP`, or `DISPUTES` without `resolution-type`).
        Unspecified = "unspecified",
    }
}

vocabulary! {
    /// Remedies for a breach of the policy (P3P `REMEDIES`).
    pub enum Remedy {
        /// Errors will be corrected.
        Correct = "correct",
        /// Monetary compensation.
        Money = "money",
        /// Remedies as the law provides.
        Law = "law",
    }
}

vocabulary! {
    /// Units of a stated duration.
    pub enum DurationUnit {
        /// Hours.
        Hours = "hours",
        /// Days.
        Days = "days",
        /// Weeks.
        Weeks = "weeks",
        /// Months.
        Months = "months",
        /// Years.
        Years = "years",
    }
}

vocabulary! {
    /// Whether a statement says the practice happens or does not.
    pub enum Polarity {
        /// The policy says it does this.
        Does = "does",
        /// The policy says it does NOT do this ("we do not sell").
        DoesNot = "does_not",
    }
}

#[allow(clippy::derivable_impls)] // the enum is generated by a macro
impl Default for Polarity {
    fn default() -> Self {
        Polarity::Does
    }
}

impl Polarity {
    /// `true` for [`Polarity::Does`].
    pub fn is_does(self) -> bool {
        self == Polarity::Does
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        fn check<T: Copy + fmt::Display + FromStr + PartialEq + fmt::Debug>(all: &[T]) {
            let mut seen = std::collections::BTreeSet::new();
            for v in all {
                let s = v.to_string();
                assert!(seen.insert(s.clone()), "duplicate id {s}");
                assert_eq!(s.parse::<T>().ok(), Some(*v));
            }
        }
        check(DataCategory::ALL);
        check(Purpose::ALL);
        check(RecipientKind::ALL);
        check(Right::ALL);
        check(SecurityMeasure::ALL);
        check(Law::ALL);
    }

    #[test]
    fn data_hierarchy_parents_exist() {
        assert_eq!(
            DataCategory::ContactEmail.parent(),
            Some(DataCategory::Contact)
        );
        assert_eq!(DataCategory::Contact.parent(), None);
        for c in DataCategory::ALL {
            if c.as_str().contains('.') {
                assert!(c.parent().is_some(), "{c} has no parent value");
            }
        }
        assert!(DataCategory::ContactEmail.is_within(DataCategory::Contact));
        assert!(!DataCategory::ContactEmail.is_within(DataCategory::Financial));
        assert!(DataCategory::HealthFitness.is_sensitive());
    }
}
