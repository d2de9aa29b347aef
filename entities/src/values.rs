//! Value types stored in columns: the programme's fixed vocabularies (as text) and small lists (as JSON).

use async_graphql::{Enum, InputObject, SimpleObject};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Declares a fixed vocabulary stored as its variant name in a text column, exposed as a GraphQL enum and
/// (de)serialised as that same name inside JSON lists.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum, Enum, Serialize, Deserialize)]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
        pub enum $name {
            $($(#[$vmeta])* #[sea_orm(string_value = $text)] #[serde(rename = $text)] $variant,)+
        }
    };
}

vocabulary! {
    /// A city taking part in LODE.
    City {
        /// Stad Gent.
        Gent = "GENT",
        /// Stad Brugge.
        Brugge = "BRUGGE",
    }
}

vocabulary! {
    /// An EU DCAT-AP data theme.
    Theme {
        /// Agriculture, fisheries, forestry and food.
        Agri = "AGRI",
        /// Economy and finance.
        Econ = "ECON",
        /// Education, culture and sport.
        Educ = "EDUC",
        /// Energy.
        Ener = "ENER",
        /// Environment.
        Envi = "ENVI",
        /// Government and public sector.
        Gove = "GOVE",
        /// Health.
        Heal = "HEAL",
        /// International issues.
        Intr = "INTR",
        /// Justice, legal system and public safety.
        Just = "JUST",
        /// Regions and cities.
        Regi = "REGI",
        /// Population and society.
        Soci = "SOCI",
        /// Science and technology.
        Tech = "TECH",
        /// Transport.
        Tran = "TRAN",
    }
}

vocabulary! {
    /// Where a value domain stands in the programme's choice of themes.
    ValueDomainStatus {
        /// Under consideration.
        Candidate = "CANDIDATE",
        /// Chosen as a value domain to work on.
        Selected = "SELECTED",
        /// No longer considered.
        Archived = "ARCHIVED",
    }
}

impl ValueDomainStatus {
    /// The statuses in which the public sees a value domain: all but archived ones.
    pub const PUBLIC: &'static [Self] = &[Self::Candidate, Self::Selected];

    /// Whether the public sees a value domain in this status.
    pub fn is_public(self) -> bool {
        Self::PUBLIC.contains(&self)
    }
}

vocabulary! {
    /// The phase of a pilot case, from proposal to completion.
    PilotCasePhase {
        /// Proposed, not yet being prepared.
        Proposed = "PROPOSED",
        /// Partners and data are being lined up.
        Preparing = "PREPARING",
        /// The case is being carried out.
        Running = "RUNNING",
        /// The results are being evaluated.
        Evaluating = "EVALUATING",
        /// Finished.
        Completed = "COMPLETED",
        /// Stopped before completion.
        Stopped = "STOPPED",
    }
}

vocabulary! {
    /// One of the kinds of stakeholder in the open-data community (the quadruple helix).
    StakeholderType {
        /// A citizen (burger).
        Citizen = "CITIZEN",
        /// A civic organisation, professional association or non-profit (vzw).
        CivicOrganisation = "CIVIC_ORGANISATION",
        /// A city or other government service.
        Government = "GOVERNMENT",
        /// A private company.
        Company = "COMPANY",
        /// An education or research institution.
        EducationResearch = "EDUCATION_RESEARCH",
    }
}

vocabulary! {
    /// Whether a partner's profile is approved by the project team.
    PartnerStatus {
        /// Signed up, awaiting approval.
        Pending = "PENDING",
        /// Approved by the project team.
        Approved = "APPROVED",
        /// Refused by the project team, with a reason the partner's members read.
        Refused = "REFUSED",
        /// No longer active.
        Archived = "ARCHIVED",
    }
}

impl PartnerStatus {
    /// The statuses in which the public sees a partner's profile: approved only.
    pub const PUBLIC: &'static [Self] = &[Self::Approved];

    /// Whether the public sees a partner's profile in this status.
    pub fn is_public(self) -> bool {
        Self::PUBLIC.contains(&self)
    }
}

vocabulary! {
    /// The role a partner plays in a pilot case.
    MemberRole {
        /// Leads the case.
        Lead = "LEAD",
        /// Provides data.
        DataProvider = "DATA_PROVIDER",
        /// Builds the solution.
        Developer = "DEVELOPER",
        /// Brings domain knowledge.
        DomainExpert = "DOMAIN_EXPERT",
        /// Uses the result.
        EndUser = "END_USER",
    }
}

vocabulary! {
    /// Whether a partner has accepted its place in a pilot case.
    MemberStatus {
        /// Invited by the project team, no answer yet.
        Invited = "INVITED",
        /// Accepted the invitation.
        Accepted = "ACCEPTED",
        /// Declined the invitation.
        Declined = "DECLINED",
        /// The project team withdrew the invitation before the partner answered.
        Withdrawn = "WITHDRAWN",
    }
}

impl MemberStatus {
    /// The statuses in which the public sees a partner's place in a pilot case (of a partner it sees):
    /// accepted only.
    pub const PUBLIC: &'static [Self] = &[Self::Accepted];

    /// Whether the public sees a place in a pilot case in this status (of a partner it sees).
    pub fn is_public(self) -> bool {
        Self::PUBLIC.contains(&self)
    }

    /// Whether the partner is on the case or asked to join it (invited or accepted): not once it declined
    /// or the invitation was withdrawn, after which it may be invited again.
    pub fn is_on_case(self) -> bool {
        matches!(self, Self::Invited | Self::Accepted)
    }
}

vocabulary! {
    /// The format of a co-creation event.
    EventFormat {
        /// A workshop.
        Workshop = "WORKSHOP",
        /// A hackathon.
        Hackathon = "HACKATHON",
        /// An interview.
        Interview = "INTERVIEW",
        /// A focus group.
        FocusGroup = "FOCUS_GROUP",
        /// An information session.
        InfoSession = "INFO_SESSION",
        /// An online webinar.
        Webinar = "WEBINAR",
        /// Any other format.
        Other = "OTHER",
    }
}

vocabulary! {
    /// Where a co-creation event stands.
    EventStatus {
        /// Being prepared, not public.
        Draft = "DRAFT",
        /// Public; partners can sign up inside the registration window.
        Published = "PUBLISHED",
        /// Called off.
        Cancelled = "CANCELLED",
        /// Took place.
        Completed = "COMPLETED",
    }
}

impl EventStatus {
    /// The statuses in which the public sees an event: all but drafts.
    pub const PUBLIC: &'static [Self] = &[Self::Published, Self::Cancelled, Self::Completed];

    /// Whether the public sees an event in this status.
    pub fn is_public(self) -> bool {
        Self::PUBLIC.contains(&self)
    }
}

vocabulary! {
    /// Where a partner's registration for an event stands.
    RegistrationStatus {
        /// Has a seat.
        Confirmed = "CONFIRMED",
        /// Waiting for a seat.
        Waitlisted = "WAITLISTED",
        /// Cancelled by the partner or the team.
        Cancelled = "CANCELLED",
        /// Came to the event.
        Attended = "ATTENDED",
        /// Had a seat but did not come.
        NoShow = "NO_SHOW",
    }
}

vocabulary! {
    /// How an event's waitlist gives freed seats to registrations of several people.
    WaitlistPolicy {
        /// Strictly in order: the first waiting registration is promoted only when all its people fit, and
        /// the others wait behind it.
        WholeParty = "WHOLE_PARTY",
        /// In order, every waiting registration whose people all fit is promoted; the others keep their
        /// place.
        FillFreeSeats = "FILL_FREE_SEATS",
    }
}

vocabulary! {
    /// Where a success story stands on its way to publication.
    StoryStatus {
        /// Being written.
        Draft = "DRAFT",
        /// Submitted for the project team's review.
        InReview = "IN_REVIEW",
        /// Public.
        Published = "PUBLISHED",
    }
}

impl StoryStatus {
    /// The statuses in which the public sees a success story: published only.
    pub const PUBLIC: &'static [Self] = &[Self::Published];

    /// Whether the public sees a success story in this status.
    pub fn is_public(self) -> bool {
        Self::PUBLIC.contains(&self)
    }
}

vocabulary! {
    /// What an account may do.
    Role {
        /// The project team: everything.
        Admin = "ADMIN",
        /// City staff: the pilot cases, events and stories of their own cities.
        Coordinator = "COORDINATOR",
        /// A member of one partner organisation: its own profile, registrations and invitations.
        Partner = "PARTNER",
    }
}

vocabulary! {
    /// What a person can agree to.
    ConsentPurpose {
        /// The terms of use and the privacy notice, agreed to at sign-up.
        Terms = "TERMS",
        /// The project team may share the contact with the other partners of the pilot cases this partner joins.
        ContactSharing = "CONTACT_SHARING",
        /// The programme's newsletter by e-mail.
        Newsletter = "NEWSLETTER",
        /// Photos taken at events may show this person.
        EventPhotos = "EVENT_PHOTOS",
    }
}

vocabulary! {
    /// A language LODE speaks.
    Language {
        /// Nederlands.
        Nl = "NL",
        /// English.
        En = "EN",
    }
}

vocabulary! {
    /// A kind of e-mail an account may turn off. Messages it needs to take part (a registration's door code,
    /// a password reset) have no topic and always go.
    MailTopic {
        /// A reminder before an event one is registered for.
        Reminders = "REMINDERS",
        /// An event one is registered for changed or was cancelled.
        EventUpdates = "EVENT_UPDATES",
        /// Invitations to pilot cases, and their answers.
        Cases = "CASES",
        /// One's success story was published.
        Stories = "STORIES",
        /// The team's daily digest.
        Digest = "DIGEST",
    }
}

vocabulary! {
    /// Where a survey (marktbevraging) stands.
    SurveyStatus {
        /// Being written by the team; nobody else sees it.
        Draft = "DRAFT",
        /// Published: anyone may read it, and answer it between its open and close times.
        Open = "OPEN",
        /// No longer answered; its results stay.
        Closed = "CLOSED",
    }
}

impl SurveyStatus {
    /// The statuses in which the public sees a survey: open and closed ones.
    pub const PUBLIC: &'static [Self] = &[Self::Open, Self::Closed];

    /// Whether the public sees a survey in this status.
    pub fn is_public(self) -> bool {
        Self::PUBLIC.contains(&self)
    }
}

vocabulary! {
    /// What kind of answer a survey question asks for.
    QuestionKind {
        /// One of the question's options.
        SingleChoice = "SINGLE_CHOICE",
        /// Any number of the question's options.
        MultipleChoice = "MULTIPLE_CHOICE",
        /// A number from 1 to 5.
        Scale = "SCALE",
        /// Free text.
        FreeText = "FREE_TEXT",
        /// For each of the question's value domains: its economic value, societal value and data
        /// readiness, each 1 to 5 or no opinion.
        ValueDomains = "VALUE_DOMAINS",
    }
}

vocabulary! {
    /// How a survey's suggested scores weigh its answers.
    SurveyWeighting {
        /// Each stakeholder type that answered counts equally, however many of its kind answered: the mean
        /// of the means per stakeholder type.
        EqualPerStakeholderType = "EQUAL_PER_STAKEHOLDER_TYPE",
        /// Each answer counts once: the plain mean.
        EqualPerAnswer = "EQUAL_PER_ANSWER",
    }
}

/// Declares a list stored as a JSON array in one column.
macro_rules! json_list {
    ($(#[$meta:meta])* $name:ident($item:ty)) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
        pub struct $name(pub Vec<$item>);
    };
}

json_list!(
    /// A set of cities.
    Cities(City)
);
json_list!(
    /// A set of DCAT-AP themes.
    Themes(Theme)
);
json_list!(
    /// A set of stakeholder types.
    StakeholderTypes(StakeholderType)
);
json_list!(
    /// Free-text tags or lines, in the order given.
    Texts(String)
);
json_list!(
    /// The capabilities a pilot case needs, with their weights.
    NeededCapabilities(NeededCapability)
);
json_list!(
    /// A success story's impact figures.
    ImpactFigures(ImpactFigure)
);
json_list!(
    /// A survey's questions, in the order they are asked.
    SurveyQuestions(SurveyQuestion)
);
json_list!(
    /// One respondent's answers, one per question answered.
    SurveyAnswers(SurveyAnswer)
);

/// A survey question. Its `id` is what answers refer to; once the first answer is in, the questions keep
/// their ids, kinds, options and value domains, and only their wording may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyQuestion {
    /// The question's id within its survey.
    pub id: Uuid,
    /// What kind of answer it asks for.
    pub kind: QuestionKind,
    /// The question, in Dutch.
    pub prompt: String,
    /// The question in English; empty when it has none (the Dutch is shown).
    pub prompt_en: String,
    /// The options of a choice question, in order; an answer names them by position.
    pub options: Vec<ChoiceOption>,
    /// The value domains a `VALUE_DOMAINS` question asks about, in order.
    pub value_domain_ids: Vec<Uuid>,
    /// Whether an answer must answer it.
    pub required: bool,
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    /// The option, in Dutch.
    pub label: String,
    /// The option in English; empty when it has none.
    pub label_en: String,
}

/// The answer to one question; only the part that fits the question's kind is filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswer {
    /// The question answered.
    pub question_id: Uuid,
    /// The positions of the options chosen (one for a single choice).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<u16>,
    /// The number given on a scale, 1 to 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<i16>,
    /// The text written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The scores given to each value domain asked about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<DomainScores>,
}

/// One respondent's scores for one value domain; `None` is "no opinion".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainScores {
    /// The value domain.
    pub value_domain_id: Uuid,
    /// Its economic value, 1 to 5.
    pub economic_value: Option<i16>,
    /// Its societal value, 1 to 5.
    pub societal_value: Option<i16>,
    /// How ready its data are, 1 to 5.
    pub data_readiness: Option<i16>,
}

/// A capability a pilot case needs, and how much it matters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, SimpleObject, InputObject)]
#[graphql(input_name = "NeededCapabilityInput")]
pub struct NeededCapability {
    /// The capability, as a free tag ("luchtkwaliteit", "IoT sensors").
    pub name: String,
    /// How much it matters to the case, from 1 (nice to have) to 5 (essential).
    pub weight: i32,
}

/// One measured result of a success story ("bezoekers per maand": "12.400").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, SimpleObject, InputObject)]
#[graphql(input_name = "ImpactFigureInput")]
pub struct ImpactFigure {
    /// What was measured.
    pub label: String,
    /// The figure, as written (with its unit).
    pub value: String,
}
