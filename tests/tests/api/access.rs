//! Who may do what: every mutation tried as each role, and what each role sees of drafts, pending partners,
//! registrations, contacts and accounts.

use entities::values::{City, Role};
use lode_api::domain::account_tokens::{self, Purpose};
use lode_tests::{TestApp, code_of, db_tests, id_of, uuid_of};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// The callers every mutation is tried as, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    PartnerA,
    PartnerB,
    CoordinatorGent,
    CoordinatorBrugge,
    Admin,
}

use Who::*;

const EVERYONE: &[Who] = &[
    Anonymous,
    PartnerA,
    PartnerB,
    CoordinatorGent,
    CoordinatorBrugge,
    Admin,
];
const SIGNED_IN: &[Who] = &[
    PartnerA,
    PartnerB,
    CoordinatorGent,
    CoordinatorBrugge,
    Admin,
];
const ADMIN: &[Who] = &[Admin];
/// The team of Ghent (the fixtures' cases, events and stories are Ghent's).
const GENT_TEAM: &[Who] = &[CoordinatorGent, Admin];
const TEAM: &[Who] = &[CoordinatorGent, CoordinatorBrugge, Admin];

/// Who may call each mutation. A mutation missing here fails the test: every mutation needs a rule.
const RULES: &[(&str, &[Who])] = &[
    ("createValueDomain", ADMIN),
    ("updateValueDomain", ADMIN),
    ("setValueDomainStatus", ADMIN),
    ("deleteValueDomain", ADMIN),
    ("createPilotCase", GENT_TEAM),
    ("updatePilotCase", GENT_TEAM),
    ("setPilotCasePhase", GENT_TEAM),
    ("deletePilotCase", GENT_TEAM),
    ("invitePartnerToCase", GENT_TEAM),
    ("updatePilotCaseMember", &[PartnerA, CoordinatorGent, Admin]),
    ("removePilotCaseMember", GENT_TEAM),
    ("withdrawInvitation", GENT_TEAM),
    ("createPartner", ADMIN),
    ("updatePartner", &[PartnerA, Admin]),
    ("setPartnerStatus", ADMIN),
    ("refusePartner", ADMIN),
    ("deletePartner", ADMIN),
    ("createEvent", GENT_TEAM),
    ("updateEvent", GENT_TEAM),
    ("setEventStatus", GENT_TEAM),
    ("registerForEvent", &[PartnerA, CoordinatorGent, Admin]),
    ("cancelRegistration", &[PartnerA, CoordinatorGent, Admin]),
    ("checkIn", GENT_TEAM),
    ("markNoShows", GENT_TEAM),
    ("setEventQuotas", GENT_TEAM),
    ("deleteEvent", GENT_TEAM),
    ("createSuccessStory", GENT_TEAM),
    ("submitSuccessStory", &[PartnerA, PartnerB]),
    ("updateSuccessStory", GENT_TEAM),
    ("setSuccessStoryStatus", GENT_TEAM),
    ("deleteSuccessStory", GENT_TEAM),
    ("createDataset", TEAM),
    ("updateDataset", TEAM),
    ("deleteDataset", TEAM),
    ("setCaseInterest", &[PartnerA, Admin]),
    ("signUp", EVERYONE),
    ("login", EVERYONE),
    ("logout", SIGNED_IN),
    ("createAccount", ADMIN),
    ("setTemporaryPassword", ADMIN),
    ("deactivateAccount", ADMIN),
    ("reactivateAccount", ADMIN),
    ("revokeSessions", SIGNED_IN),
    ("changePassword", SIGNED_IN),
    ("requestPasswordReset", EVERYONE),
    ("resetPassword", EVERYONE),
    ("confirmEmail", EVERYONE),
    ("setMailPreferences", SIGNED_IN),
    ("giveConsent", SIGNED_IN),
    ("withdrawConsent", SIGNED_IN),
    ("erasePartner", ADMIN),
    ("deleteMyAccount", SIGNED_IN),
    ("removePartnerMember", &[PartnerA, Admin]),
    ("invitePartnerMember", &[PartnerA]),
    ("acceptMemberInvitation", EVERYONE),
    ("withdrawMemberInvitation", &[PartnerA, Admin]),
    ("createSurvey", TEAM),
    ("updateSurvey", TEAM),
    ("setSurveyStatus", TEAM),
    ("copySurvey", TEAM),
    ("publishSurveyResults", TEAM),
    ("deleteSurvey", TEAM),
    ("answerSurvey", &[PartnerA, PartnerB]),
    (
        "answerSurveyByEmail",
        &[Anonymous, CoordinatorGent, CoordinatorBrugge, Admin],
    ),
    ("confirmSurveyAnswer", EVERYONE),
    ("applySurveyScores", ADMIN),
    ("eraseSurveyRespondent", ADMIN),
    ("inviteSurveyRespondents", GENT_TEAM),
];

/// The mutations whose audit entries are about a record of a city (a case, an event, a story, an event's
/// registration or a case's membership) that is still there: Ghent's coordinator reads them (the fixtures'
/// records are Ghent's). Every other entry, deletions included, is the admins' only.
const CITY_RECORD_ACTIONS: &[&str] = &[
    "createPilotCase",
    "updatePilotCase",
    "setPilotCasePhase",
    "invitePartnerToCase",
    "updatePilotCaseMember",
    "withdrawInvitation",
    "createEvent",
    "updateEvent",
    "setEventStatus",
    "registerForEvent",
    "cancelRegistration",
    "checkIn",
    "markNoShows",
    "setEventQuotas",
    "createSuccessStory",
    "submitSuccessStory",
    "updateSuccessStory",
    "setSuccessStoryStatus",
    "setCaseInterest",
];

/// Mutations that end the caller's session or account: each role calls them with an account of its own,
/// made for the purpose.
const ENDS_THE_SESSION: &[&str] = &[
    "logout",
    "revokeSessions",
    "changePassword",
    "deleteMyAccount",
];

/// The records the mutations act on.
struct World {
    domain: String,
    gent_case: String,
    partner_a: String,
    partner_b: String,
    open_event: String,
    tokens: Vec<(Who, Option<String>)>,
}

impl World {
    async fn build(app: &TestApp) -> World {
        let domain = app.value_domain("Luchtkwaliteit").await;
        let gent_case = app.pilot_case("Schoolstraten", &domain).await;
        let partner_a = app.approved_partner("Partner A", "COMPANY").await;
        let partner_b = app.approved_partner("Partner B", "CITIZEN").await;
        let open_event = app.open_event("Open sessie", 50).await;
        let mut world = World {
            domain,
            gent_case,
            partner_a,
            partner_b,
            open_event,
            tokens: Vec::new(),
        };
        for who in EVERYONE {
            let token = world.new_token(app, *who, "main").await;
            world.tokens.push((*who, token));
        }
        world
    }

    /// A new account for a role (none for the anonymous caller).
    async fn new_token(&self, app: &TestApp, who: Who, tag: &str) -> Option<String> {
        let email = format!("{who:?}-{tag}@lode.test").to_lowercase();
        Some(match who {
            Anonymous => return None,
            PartnerA => {
                app.account(&email, Role::Partner, &[], Some(&self.partner_a))
                    .await
            }
            PartnerB => {
                app.account(&email, Role::Partner, &[], Some(&self.partner_b))
                    .await
            }
            CoordinatorGent => {
                app.account(&email, Role::Coordinator, &[City::Gent], None)
                    .await
            }
            CoordinatorBrugge => {
                app.account(&email, Role::Coordinator, &[City::Brugge], None)
                    .await
            }
            Admin => app.account(&email, Role::Admin, &[], None).await,
        })
    }

    fn token(&self, who: Who) -> Option<&str> {
        self.tokens
            .iter()
            .find(|(w, _)| *w == who)
            .and_then(|(_, t)| t.as_deref())
    }
}

/// Signs a partner up for an event as the admin; returns the registration's id and code.
async fn registration(app: &TestApp, event: &str, partner: &str) -> (String, String) {
    let data = app
        .data(
            "mutation($e: ID!, $p: ID) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { id code } } }",
            json!({ "e": event, "p": partner }),
        )
        .await;
    let registration = &data["registerForEvent"]["registration"];
    (
        id_of(registration),
        registration["code"].as_str().expect("a code").to_owned(),
    )
}

/// A Ghent success story, created by the admin.
async fn story(app: &TestApp, title: &str) -> String {
    let data = app
        .data(
            "mutation($t: String!) { createSuccessStory(input: { title: $t, city: GENT }) { successStory { id } } }",
            json!({ "t": title }),
        )
        .await;
    id_of(&data["createSuccessStory"]["successStory"])
}

/// A dataset, created by the admin.
async fn dataset(app: &TestApp, title: &str) -> String {
    let data = app
        .data(
            "mutation($t: String!) { createDataset(input: { title: $t, publisher: \"Stad Gent\", url: \"https://data.example.org/d\", licence: \"CC0-1.0\", theme: ENVI }) { dataset { id } } }",
            json!({ "t": title }),
        )
        .await;
    id_of(&data["createDataset"]["dataset"])
}

/// An invitation of a partner to the Ghent case; returns the membership's id.
async fn invitation(app: &TestApp, world: &World, partner: &str) -> String {
    let data = app
        .data(
            "mutation($c: ID!, $p: ID!) { invitePartnerToCase(input: { pilotCaseId: $c, partnerId: $p, role: DEVELOPER }) { member { id } } }",
            json!({ "c": world.gent_case, "p": partner }),
        )
        .await;
    id_of(&data["invitePartnerToCase"]["member"])
}

/// The global id of a new Bruges coordinator's account, made for a mutation to act on.
async fn other_account(app: &TestApp, tag: &str) -> String {
    let token = app
        .account(
            &format!("{tag}@lode.test").to_lowercase(),
            Role::Coordinator,
            &[City::Brugge],
            None,
        )
        .await;
    id_of(&app.data_as(Some(&token), "{ me { id } }", json!({})).await["me"])
}

/// A one-time token for a new account, as a message would carry it.
async fn one_time_token(app: &TestApp, tag: &str, purpose: Purpose) -> String {
    let id = uuid_of(&other_account(app, tag).await);
    account_tokens::issue(&app.db, id, purpose)
        .await
        .expect("a token")
}

/// The global id of an invitation to partner A, made by one of its members.
async fn member_invitation(app: &TestApp, world: &World, email: &str) -> String {
    let invited = app
        .data_as(
            world.token(PartnerA),
            "mutation($p: ID!, $e: String!) { invitePartnerMember(input: { partnerId: $p, email: $e }) { account { id } } }",
            json!({ "p": world.partner_a, "e": email }),
        )
        .await;
    id_of(&invited["invitePartnerMember"]["account"])
}

/// The token of an invitation to partner A, as its message would carry it.
async fn invitation_token(app: &TestApp, world: &World) -> String {
    let id = uuid_of(&member_invitation(app, world, "uitgenodigd@partner-a.test").await);
    account_tokens::issue(&app.db, id, Purpose::Invitation)
        .await
        .expect("a token")
}

/// An open survey, made by the admin, with one question: how the world's value domain scores (at least one
/// answer suggests a score). Returns its id and the question's.
async fn survey(app: &TestApp, world: &World, title: &str) -> (String, String) {
    let made = app
        .data(
            "mutation($t: String!, $d: ID!) { createSurvey(input: { title: $t, minAnswers: 1, questions: [{ kind: VALUE_DOMAINS, prompt: \"Hoe waardevol?\", valueDomainIds: [$d] }] }) { survey { id questions { id } } } }",
            json!({ "t": title, "d": world.domain }),
        )
        .await;
    let survey = &made["createSurvey"]["survey"];
    let id = id_of(survey);
    app.data(
        "mutation($id: ID!) { setSurveyStatus(input: { id: $id, status: OPEN }) { survey { id } } }",
        json!({ "id": id }),
    )
    .await;
    let question = survey["questions"][0]["id"]
        .as_str()
        .expect("a question")
        .to_owned();
    (id, question)
}

/// The mutation that answers a survey's one question for the caller's partner, scoring the world's domain.
fn answer(world: &World, survey: &str, question: &str) -> (String, Value) {
    (
        "mutation($s: ID!, $q: ID!, $d: ID!) { answerSurvey(input: { surveyId: $s, language: NL, consentVersion: \"2026-12.1\", answers: [{ questionId: $q, domains: [{ valueDomainId: $d, economicValue: 4, societalValue: 5 }] }] }) { answer { updatedAt } } }".to_owned(),
        json!({ "s": survey, "q": question, "d": world.domain }),
    )
}

/// The operation that calls a mutation, on records made for it.
async fn operation(app: &TestApp, world: &World, mutation: &str) -> (String, Value) {
    let op = |query: &str, variables: Value| (query.to_owned(), variables);
    match mutation {
        "createValueDomain" => op(
            "mutation { createValueDomain(input: { name: \"Nieuw\", economicValue: 3, societalValue: 3, dataReadiness: 3 }) { valueDomain { id } } }",
            json!({}),
        ),
        "updateValueDomain" => op(
            "mutation($id: ID!) { updateValueDomain(input: { id: $id, description: \"Herzien\" }) { valueDomain { id } } }",
            json!({ "id": world.domain }),
        ),
        "setValueDomainStatus" => op(
            "mutation($id: ID!) { setValueDomainStatus(input: { id: $id, status: SELECTED }) { valueDomain { id } } }",
            json!({ "id": world.domain }),
        ),
        "deleteValueDomain" => op(
            "mutation($id: ID!) { deleteValueDomain(input: { id: $id }) { deletedId } }",
            json!({ "id": app.value_domain("Weg ermee").await }),
        ),
        "createPilotCase" => op(
            "mutation($d: ID!) { createPilotCase(input: { title: \"Nieuwe case\", valueDomainId: $d, cities: [GENT] }) { pilotCase { id } } }",
            json!({ "d": world.domain }),
        ),
        "updatePilotCase" => op(
            "mutation($id: ID!) { updatePilotCase(input: { id: $id, summary: \"Herzien\" }) { pilotCase { id } } }",
            json!({ "id": world.gent_case }),
        ),
        "setPilotCasePhase" => op(
            "mutation($id: ID!) { setPilotCasePhase(input: { id: $id, phase: PREPARING }) { pilotCase { id } } }",
            json!({ "id": app.pilot_case("Te verplaatsen", &world.domain).await }),
        ),
        "deletePilotCase" => op(
            "mutation($id: ID!) { deletePilotCase(input: { id: $id }) { deletedId } }",
            json!({ "id": app.pilot_case("Te schrappen", &world.domain).await }),
        ),
        "invitePartnerToCase" => op(
            "mutation($c: ID!, $p: ID!) { invitePartnerToCase(input: { pilotCaseId: $c, partnerId: $p, role: END_USER }) { member { id } } }",
            json!({ "c": world.gent_case, "p": world.partner_b }),
        ),
        "updatePilotCaseMember" => op(
            "mutation($id: ID!) { updatePilotCaseMember(input: { id: $id, status: ACCEPTED }) { member { id } } }",
            json!({ "id": invitation(app, world, &world.partner_a).await }),
        ),
        "removePilotCaseMember" => {
            let case = app.pilot_case("Met leden", &world.domain).await;
            let data = app
                .data(
                    "mutation($c: ID!, $p: ID!) { invitePartnerToCase(input: { pilotCaseId: $c, partnerId: $p, role: LEAD }) { member { id } } }",
                    json!({ "c": case, "p": world.partner_b }),
                )
                .await;
            op(
                "mutation($id: ID!) { removePilotCaseMember(input: { id: $id }) { deletedId } }",
                json!({ "id": id_of(&data["invitePartnerToCase"]["member"]) }),
            )
        }
        "withdrawInvitation" => {
            let case = app.pilot_case("Met uitnodiging", &world.domain).await;
            let data = app
                .data(
                    "mutation($c: ID!, $p: ID!) { invitePartnerToCase(input: { pilotCaseId: $c, partnerId: $p, role: DOMAIN_EXPERT }) { member { id } } }",
                    json!({ "c": case, "p": world.partner_b }),
                )
                .await;
            op(
                "mutation($id: ID!) { withdrawInvitation(input: { id: $id }) { member { id status } } }",
                json!({ "id": id_of(&data["invitePartnerToCase"]["member"]) }),
            )
        }
        "createPartner" => op(
            "mutation { createPartner(input: { name: \"Nieuwe partner\", stakeholderType: COMPANY }) { partner { id } } }",
            json!({}),
        ),
        "updatePartner" => op(
            "mutation($id: ID!) { updatePartner(input: { id: $id, description: \"Herzien\" }) { partner { id } } }",
            json!({ "id": world.partner_a }),
        ),
        "setPartnerStatus" => {
            let data = app
                .data(
                    "mutation { createPartner(input: { name: \"Wacht op goedkeuring\", stakeholderType: CITIZEN }) { partner { id } } }",
                    json!({}),
                )
                .await;
            op(
                "mutation($id: ID!) { setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id } } }",
                json!({ "id": id_of(&data["createPartner"]["partner"]) }),
            )
        }
        "refusePartner" => {
            let data = app
                .data(
                    "mutation { createPartner(input: { name: \"Wacht op een oordeel\", stakeholderType: CITIZEN }) { partner { id } } }",
                    json!({}),
                )
                .await;
            op(
                "mutation($id: ID!) { refusePartner(input: { id: $id, reason: \"Geen band met Gent of Brugge.\" }) { partner { id } } }",
                json!({ "id": id_of(&data["createPartner"]["partner"]) }),
            )
        }
        "deletePartner" => op(
            "mutation($id: ID!) { deletePartner(input: { id: $id }) { deletedId } }",
            json!({ "id": app.approved_partner("Te schrappen", "COMPANY").await }),
        ),
        "createEvent" => op(
            "mutation { createEvent(input: { title: \"Nieuw\", format: WORKSHOP, startsAt: \"2030-03-01T09:00:00Z\", endsAt: \"2030-03-01T11:00:00Z\", cities: [GENT] }) { event { id } } }",
            json!({}),
        ),
        "updateEvent" => op(
            "mutation($id: ID!) { updateEvent(input: { id: $id, description: \"Herzien\" }) { event { id } } }",
            json!({ "id": world.open_event }),
        ),
        "setEventStatus" => op(
            "mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }",
            json!({ "id": app.event("Te publiceren", "2030-03-02T09:00:00Z", "2030-03-02T11:00:00Z", json!({})).await }),
        ),
        "registerForEvent" => op(
            "mutation($e: ID!, $p: ID) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { id } } }",
            json!({ "e": world.open_event, "p": world.partner_a }),
        ),
        "cancelRegistration" => {
            let event = app.open_event("Om te annuleren", 50).await;
            let (id, _) = registration(app, &event, &world.partner_a).await;
            op(
                "mutation($id: ID!) { cancelRegistration(input: { id: $id }) { registration { id } } }",
                json!({ "id": id }),
            )
        }
        "checkIn" => {
            let event = app.open_event("Aan de deur", 50).await;
            let (_, code) = registration(app, &event, &world.partner_b).await;
            op(
                "mutation($e: ID!, $c: String!) { checkIn(input: { eventId: $e, code: $c }) { registration { id } } }",
                json!({ "e": event, "c": code }),
            )
        }
        "markNoShows" => op(
            "mutation($e: ID!) { markNoShows(input: { eventId: $e }) { marked } }",
            json!({ "e": app.event("Voorbij", "2026-01-05T09:00:00Z", "2026-01-05T11:00:00Z", json!({})).await }),
        ),
        "setEventQuotas" => op(
            "mutation($e: ID!) { setEventQuotas(input: { eventId: $e, quotas: [{ stakeholderType: COMPANY, maxSeats: 5 }] }) { event { id } } }",
            json!({ "e": world.open_event }),
        ),
        "deleteEvent" => op(
            "mutation($id: ID!) { deleteEvent(input: { id: $id }) { deletedId } }",
            json!({ "id": app.event("Te schrappen", "2030-03-03T09:00:00Z", "2030-03-03T11:00:00Z", json!({})).await }),
        ),
        "createSuccessStory" => op(
            "mutation { createSuccessStory(input: { title: \"Nieuw verhaal\", city: GENT }) { successStory { id } } }",
            json!({}),
        ),
        "submitSuccessStory" => op(
            "mutation { submitSuccessStory(input: { title: \"Ons verhaal\", city: GENT }) { successStory { id } } }",
            json!({}),
        ),
        "updateSuccessStory" => op(
            "mutation($id: ID!) { updateSuccessStory(input: { id: $id, summary: \"Herzien\" }) { successStory { id } } }",
            json!({ "id": story(app, "Te herzien").await }),
        ),
        "setSuccessStoryStatus" => op(
            "mutation($id: ID!) { setSuccessStoryStatus(input: { id: $id, status: IN_REVIEW }) { successStory { id } } }",
            json!({ "id": story(app, "Ter review").await }),
        ),
        "deleteSuccessStory" => op(
            "mutation($id: ID!) { deleteSuccessStory(input: { id: $id }) { deletedId } }",
            json!({ "id": story(app, "Te schrappen").await }),
        ),
        "createDataset" => op(
            "mutation { createDataset(input: { title: \"Nieuwe dataset\", publisher: \"Stad Gent\", url: \"https://data.example.org/n\", licence: \"CC0-1.0\", theme: ENVI }) { dataset { id } } }",
            json!({}),
        ),
        "updateDataset" => op(
            "mutation($id: ID!) { updateDataset(input: { id: $id, title: \"Herzien\" }) { dataset { id } } }",
            json!({ "id": dataset(app, "Te herzien").await }),
        ),
        "deleteDataset" => op(
            "mutation($id: ID!) { deleteDataset(input: { id: $id }) { deletedId } }",
            json!({ "id": dataset(app, "Te schrappen").await }),
        ),
        "setCaseInterest" => op(
            "mutation($c: ID!, $p: ID!) { setCaseInterest(input: { pilotCaseId: $c, partnerId: $p, interested: false }) { interested } }",
            json!({ "c": world.gent_case, "p": world.partner_a }),
        ),
        "signUp" => op(
            "mutation { signUp(input: { email: \"nieuw@partner.test\", password: \"een-lang-wachtwoord\", partnerName: \"Nieuwkomer\", stakeholderType: CITIZEN, contact: { name: \"Nele Nieuw\", email: \"nele@partner.test\" }, termsVersion: \"2026-11\" }) { message } }",
            json!({}),
        ),
        "login" => op(
            "mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { token } }",
            json!({ "e": "admin@lode.test", "p": lode_tests::TEST_PASSWORD }),
        ),
        "logout" => op("mutation { logout { ended } }", json!({})),
        "createAccount" => op(
            "mutation { createAccount(input: { email: \"nieuwe.coordinator@lode.test\", password: \"een-lang-wachtwoord\", role: COORDINATOR, cities: [BRUGGE] }) { account { id } } }",
            json!({}),
        ),
        "setTemporaryPassword" => op(
            "mutation($id: ID!) { setTemporaryPassword(input: { accountId: $id, password: \"tijdelijk-fietspad-42\" }) { account { id } } }",
            json!({ "id": other_account(app, mutation).await }),
        ),
        "deactivateAccount" => op(
            "mutation($id: ID!) { deactivateAccount(input: { accountId: $id }) { account { id } } }",
            json!({ "id": other_account(app, mutation).await }),
        ),
        "reactivateAccount" => {
            let id = other_account(app, mutation).await;
            app.data(
                "mutation($id: ID!) { deactivateAccount(input: { accountId: $id }) { account { id } } }",
                json!({ "id": id }),
            )
            .await;
            op(
                "mutation($id: ID!) { reactivateAccount(input: { accountId: $id }) { account { id } } }",
                json!({ "id": id }),
            )
        }
        "revokeSessions" => op(
            "mutation { revokeSessions(input: {}) { ended } }",
            json!({}),
        ),
        "changePassword" => op(
            "mutation($p: String!) { changePassword(input: { currentPassword: $p, newPassword: \"een-nieuw-lang-wachtwoord\" }) { changed } }",
            json!({ "p": lode_tests::TEST_PASSWORD }),
        ),
        "requestPasswordReset" => op(
            "mutation { requestPasswordReset(input: { email: \"admin@lode.test\" }) { message } }",
            json!({}),
        ),
        // A token such as a message carries, made as the message would make it; it works once, for
        // whoever sends it.
        "resetPassword" => op(
            "mutation($t: String!) { resetPassword(input: { token: $t, newPassword: \"een-nieuw-lang-wachtwoord\" }) { changed } }",
            json!({ "t": one_time_token(app, mutation, Purpose::PasswordReset).await }),
        ),
        "confirmEmail" => op(
            "mutation($t: String!) { confirmEmail(input: { token: $t }) { confirmed } }",
            json!({ "t": one_time_token(app, mutation, Purpose::AddressConfirmation).await }),
        ),
        "setMailPreferences" => op(
            "mutation { setMailPreferences(input: { language: EN }) { language } }",
            json!({}),
        ),
        "giveConsent" => op(
            "mutation { giveConsent(input: { purpose: NEWSLETTER, textVersion: \"2026-01\" }) { consents { active } } }",
            json!({}),
        ),
        "withdrawConsent" => op(
            "mutation { withdrawConsent(input: { purpose: NEWSLETTER }) { consents { active } } }",
            json!({}),
        ),
        "erasePartner" => op(
            "mutation($id: ID!) { erasePartner(input: { partnerId: $id }) { partner { id } } }",
            json!({ "id": app.approved_partner("Te wissen", "CITIZEN").await }),
        ),
        "deleteMyAccount" => op("mutation { deleteMyAccount { deletedId } }", json!({})),
        "invitePartnerMember" => op(
            "mutation($p: ID!) { invitePartnerMember(input: { partnerId: $p, email: \"collega@partner-a.test\" }) { account { id } } }",
            json!({ "p": world.partner_a }),
        ),
        "withdrawMemberInvitation" => op(
            "mutation($id: ID!) { withdrawMemberInvitation(input: { accountId: $id }) { deletedId } }",
            json!({ "id": member_invitation(app, world, "terug@partner-a.test").await }),
        ),
        "acceptMemberInvitation" => op(
            "mutation($t: String!) { acceptMemberInvitation(input: { token: $t, password: \"een-nieuw-lang-wachtwoord\", termsVersion: \"2026-11\" }) { accepted } }",
            json!({ "t": invitation_token(app, world).await }),
        ),
        "removePartnerMember" => {
            // A second member of partner A, so that partner A keeps its own caller's account.
            let token = app
                .account(
                    "tweede-lid@lode.test",
                    Role::Partner,
                    &[],
                    Some(&world.partner_a),
                )
                .await;
            let id = id_of(&app.data_as(Some(&token), "{ me { id } }", json!({})).await["me"]);
            op(
                "mutation($id: ID!) { removePartnerMember(input: { accountId: $id }) { deletedId } }",
                json!({ "id": id }),
            )
        }
        "createSurvey" => op(
            "mutation { createSurvey(input: { title: \"Bevraging 2027\" }) { survey { id } } }",
            json!({}),
        ),
        "updateSurvey" => op(
            "mutation($id: ID!) { updateSurvey(input: { id: $id, introduction: \"Herzien\" }) { survey { id } } }",
            json!({ "id": survey(app, world, "Bij te werken").await.0 }),
        ),
        "setSurveyStatus" => op(
            "mutation($id: ID!) { setSurveyStatus(input: { id: $id, status: CLOSED }) { survey { id } } }",
            json!({ "id": survey(app, world, "Te sluiten").await.0 }),
        ),
        "copySurvey" => op(
            "mutation($id: ID!) { copySurvey(input: { id: $id }) { survey { id } } }",
            json!({ "id": survey(app, world, "Te kopieren").await.0 }),
        ),
        "publishSurveyResults" => op(
            "mutation($id: ID!) { publishSurveyResults(input: { id: $id, published: true }) { survey { id } } }",
            json!({ "id": survey(app, world, "Te publiceren").await.0 }),
        ),
        "deleteSurvey" => op(
            "mutation($id: ID!) { deleteSurvey(input: { id: $id }) { deletedId } }",
            json!({ "id": survey(app, world, "Te schrappen").await.0 }),
        ),
        "answerSurvey" => {
            let (id, question) = survey(app, world, "Te beantwoorden").await;
            answer(world, &id, &question)
        }
        "answerSurveyByEmail" => {
            let (id, question) = survey(app, world, "Per e-mail").await;
            op(
                "mutation($s: ID!, $q: ID!, $d: ID!) { answerSurveyByEmail(input: { surveyId: $s, email: \"burger@example.org\", stakeholderType: CITIZEN, city: GENT, language: NL, consentVersion: \"2026-12.1\", answers: [{ questionId: $q, domains: [{ valueDomainId: $d, economicValue: 2 }] }] }) { confirmationSent } }",
                json!({ "s": id, "q": question, "d": world.domain }),
            )
        }
        "confirmSurveyAnswer" => {
            let (id, question) = survey(app, world, "Te bevestigen").await;
            app.data_as(
                None,
                "mutation($s: ID!, $q: ID!, $d: ID!) { answerSurveyByEmail(input: { surveyId: $s, email: \"bevestig@example.org\", stakeholderType: CITIZEN, language: NL, consentVersion: \"2026-12.1\", answers: [{ questionId: $q, domains: [{ valueDomainId: $d, economicValue: 2 }] }] }) { confirmationSent } }",
                json!({ "s": id, "q": question, "d": world.domain }),
            )
            .await;
            // The relay composes the message first, with a token of its own that the one below replaces.
            app.wait_for_mail(std::time::Duration::from_secs(30)).await;
            let response = entities::survey_response::Entity::find()
                .filter(entities::survey_response::Column::Email.eq("bevestig@example.org"))
                .one(&app.db)
                .await
                .expect("read")
                .expect("the answer");
            let token = lode_api::domain::survey_answers::issue_confirmation(&app.db, response.id)
                .await
                .expect("the answer is read")
                .expect("a token");
            op(
                "mutation($t: String!) { confirmSurveyAnswer(input: { token: $t }) { survey { id } } }",
                json!({ "t": token }),
            )
        }
        "applySurveyScores" => {
            let (id, question) = survey(app, world, "Toe te passen").await;
            let (query, variables) = answer(world, &id, &question);
            app.data_as(world.token(PartnerA), &query, variables).await;
            op(
                "mutation($id: ID!) { applySurveyScores(input: { surveyId: $id }) { valueDomains { id } } }",
                json!({ "id": id }),
            )
        }
        "inviteSurveyRespondents" => {
            let (id, question) = survey(app, world, "Om over te praten").await;
            let (_, mut variables) = answer(world, &id, &question);
            let answered = "mutation($s: ID!, $q: ID!, $d: ID!) { answerSurvey(input: { surveyId: $s, language: NL, consentVersion: \"2026-12.1\", mayContact: true, answers: [{ questionId: $q, domains: [{ valueDomainId: $d, economicValue: 4 }] }] }) { answer { updatedAt } } }";
            app.data_as(world.token(PartnerA), answered, variables.take())
                .await;
            let contacts = app
                .data(
                    "query($id: ID!) { survey(id: $id) { contacts { id } } }",
                    json!({ "id": id }),
                )
                .await;
            let respondent = contacts["survey"]["contacts"][0]["id"].clone();
            let event = app
                .event(
                    "Interview",
                    "2030-04-04T09:00:00Z",
                    "2030-04-04T10:00:00Z",
                    json!({ "format": "INTERVIEW" }),
                )
                .await;
            app.data(
                "mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }",
                json!({ "id": event }),
            )
            .await;
            op(
                "mutation($s: ID!, $e: ID!, $r: ID!) { inviteSurveyRespondents(input: { surveyId: $s, eventId: $e, respondentIds: [$r] }) { invited } }",
                json!({ "s": id, "e": event, "r": respondent }),
            )
        }
        "eraseSurveyRespondent" => op(
            "mutation { eraseSurveyRespondent(input: { email: \"iemand@example.org\" }) { answers } }",
            json!({}),
        ),
        other => panic!("no operation written for the mutation {other}"),
    }
}

/// The names of the schema's mutations.
fn mutations() -> Vec<String> {
    let sdl = lode_api::graphql::sdl();
    let block = sdl
        .split("type Mutation {")
        .nth(1)
        .and_then(|rest| rest.split("\n}").next())
        .expect("the schema has mutations");
    // Fields sit one tab in, their arguments further in; descriptions sit between `"""` lines.
    let mut in_description = false;
    let mut names = Vec::new();
    for line in block.lines() {
        if line.trim() == "\"\"\"" {
            in_description = !in_description;
            continue;
        }
        if in_description {
            continue;
        }
        if let Some(field) = line
            .strip_prefix('\t')
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        {
            names.extend(field.split(['(', ':']).next().map(str::to_owned));
        }
    }
    names
}

db_tests! {
    async fn every_mutation_has_a_rule_and_each_role_gets_exactly_what_it_allows(app) {
        let world = World::build(&app).await;
        let names = mutations();
        assert!(names.len() >= 40, "found the mutations: {names:?}");
        for name in &names {
            assert!(RULES.iter().any(|(rule, _)| rule == name), "the mutation {name} has no rule in the authorization table");
        }
        for (rule, _) in RULES {
            assert!(names.contains(&(*rule).to_owned()), "the table names {rule}, which is not a mutation");
        }
        for (name, allowed) in RULES {
            let (query, variables) = operation(&app, &world, name).await;
            let mut succeeded = false;
            // Those refused go first, while the record is as it was made (a delete leaves nothing to refuse).
            let order = EVERYONE.iter().filter(|w| !allowed.contains(w)).chain(EVERYONE.iter().filter(|w| allowed.contains(w)));
            for who in order {
                let token = if ENDS_THE_SESSION.contains(name) {
                    world.new_token(&app, *who, name).await
                } else {
                    world.token(*who).map(str::to_owned)
                };
                let answer = app.graphql_as(token.as_deref(), &query, variables.clone()).await;
                let code = answer["errors"][0]["extensions"]["code"].as_str();
                if allowed.contains(who) {
                    assert!(
                        !matches!(code, Some("FORBIDDEN" | "UNAUTHENTICATED")),
                        "{name} as {who:?} should be allowed: {answer:#}"
                    );
                    succeeded |= answer.get("errors").is_none();
                } else if *who == Anonymous {
                    assert_eq!(code, Some("UNAUTHENTICATED"), "{name} anonymously: {answer:#}");
                } else {
                    assert_eq!(code, Some("FORBIDDEN"), "{name} as {who:?}: {answer:#}");
                }
            }
            assert!(succeeded, "{name} succeeded for nobody allowed to call it");
            let logged = app
                .data(
                    "query($a: String!) { auditLog(filter: { action: $a }) { totalCount nodes { actorRole at } } }",
                    json!({ "a": name }),
                )
                .await;
            assert!(logged["auditLog"]["totalCount"].as_u64() >= Some(1), "{name} left no audit entry");
        }
        let count = "query($a: String!) { auditLog(filter: { action: $a }) { totalCount } }";
        for (name, _) in RULES {
            let all = app.data(count, json!({ "a": name })).await["auditLog"]["totalCount"].as_u64().expect("a count");
            let gent = app.data_as(world.token(CoordinatorGent), count, json!({ "a": name })).await["auditLog"]["totalCount"].as_u64().expect("a count");
            let brugge = app.data_as(world.token(CoordinatorBrugge), count, json!({ "a": name })).await["auditLog"]["totalCount"].as_u64().expect("a count");
            if CITY_RECORD_ACTIONS.contains(name) {
                assert!((1..=all).contains(&gent), "Ghent's coordinator reads {name} on Ghent's records: {gent} of {all}");
            } else {
                assert_eq!(gent, 0, "{name} is about no record of Ghent's: the admins' only");
            }
            assert_eq!(brugge, 0, "Bruges' coordinator reads nothing of Ghent's records ({name})");
        }
        let anonymous_log = app.graphql_as(None, "{ auditLog { totalCount } }", json!({})).await;
        assert_eq!(code_of(&anonymous_log["errors"][0]), "UNAUTHENTICATED");
        let partner_log = app.graphql_as(world.token(PartnerA), "{ auditLog { totalCount } }", json!({})).await;
        assert_eq!(code_of(&partner_log["errors"][0]), "FORBIDDEN", "the audit log is the team's");
    }

    async fn a_session_signed_in_with_a_temporary_password_may_call_no_mutation_but_its_way_out(app) {
        let world = World::build(&app).await;
        let id = other_account(&app, "tijdelijk").await;
        app.data(
            "mutation($id: ID!) { setTemporaryPassword(input: { accountId: $id, password: \"tijdelijk-fietspad-42\" }) { account { id } } }",
            json!({ "id": id }),
        )
        .await;
        let login = app
            .data_as(None, "mutation { login(input: { email: \"tijdelijk@lode.test\", password: \"tijdelijk-fietspad-42\" }) { token mustChangePassword } }", json!({}))
            .await;
        assert_eq!(login["login"]["mustChangePassword"], true);
        let token = login["login"]["token"].as_str().expect("a token").to_owned();
        for (name, _) in RULES {
            if ["changePassword", "logout"].contains(name) {
                continue;
            }
            let (query, variables) = operation(&app, &world, name).await;
            let answer = app.graphql_as(Some(&token), &query, variables).await;
            assert_eq!(code_of(&answer["errors"][0]), "PASSWORD_CHANGE_REQUIRED", "{name}: {answer:#}");
        }
        let logged = app.data("query($id: ID!) { auditLog(filter: { actorId: $id }) { nodes { action } } }", json!({ "id": id })).await;
        let actions = logged["auditLog"]["nodes"].as_array().expect("nodes");
        assert!(actions.iter().all(|n| n["action"] == "login"), "it changed nothing but its logins: {logged:#}");
        let out = app.data_as(Some(&token), "mutation { logout { ended } }", json!({})).await;
        assert_eq!(out["logout"]["ended"], true, "signing out is allowed");
    }

    async fn drafts_pending_partners_registrations_and_contacts_are_seen_only_by_those_allowed(app) {
        let world = World::build(&app).await;
        let draft = app.event("Geheime voorbereiding", "2030-04-01T09:00:00Z", "2030-04-01T11:00:00Z", json!({})).await;
        let pending = app
            .data(
                "mutation { createPartner(input: { name: \"Stille Vennoot\", stakeholderType: CITIZEN, contact: { name: \"Sam Stil\", email: \"sam.stil@private.test\", phone: \"+32 9 000 00 00\" } }) { partner { id } } }",
                json!({}),
            )
            .await;
        let pending = id_of(&pending["createPartner"]["partner"]);
        app.data(
            "mutation($id: ID!) { updatePartner(input: { id: $id, contact: { name: \"Anna A\", email: \"anna@a.test\" } }) { partner { id } } }",
            json!({ "id": world.partner_a }),
        )
        .await;
        let (registration, _) = registration(&app, &world.open_event, &world.partner_a).await;
        let submitted = app
            .data_as(world.token(PartnerB), "mutation { submitSuccessStory(input: { title: \"Ingezonden verhaal\" }) { successStory { id status } } }", json!({}))
            .await;
        assert_eq!(submitted["submitSuccessStory"]["successStory"]["status"], "IN_REVIEW");
        let submitted = id_of(&submitted["submitSuccessStory"]["successStory"]);
        app.wait_for_index(std::time::Duration::from_secs(30)).await;

        let lists = "{ events { totalCount nodes { id } } partners { totalCount nodes { id } } successStories { totalCount nodes { id } } }";
        let node = "query($id: ID!) { node(id: $id) { id } }";
        let contact = "query($id: ID!) { partner(id: $id) { contact { email } } }";
        let registrations = "query($id: ID!) { event(id: $id) { registrations { id code } } }";
        let search = "query($q: String!) { search(query: $q) { totalCount } }";
        for who in EVERYONE {
            let token = world.token(*who);
            let team = matches!(who, CoordinatorGent | CoordinatorBrugge | Admin);
            let seen = app.data_as(token, lists, json!({})).await;
            let ids = |list: &str| -> Vec<String> {
                seen[list]["nodes"].as_array().expect("nodes").iter().map(id_of).collect()
            };
            assert_eq!(ids("events").contains(&draft), team, "{who:?} and the draft event");
            assert_eq!(seen["events"]["totalCount"].as_u64(), Some(if team { 2 } else { 1 }), "{who:?}: counts follow what is seen");
            assert_eq!(ids("partners").contains(&pending), team, "{who:?} and the pending partner");
            assert_eq!(ids("successStories").contains(&submitted), team || *who == PartnerB, "{who:?} and a story in review");
            for (id, visible) in [(&draft, team), (&pending, team), (&registration, team || *who == PartnerA), (&submitted, team || *who == PartnerB)] {
                let found = app.data_as(token, node, json!({ "id": id })).await;
                assert_eq!(!found["node"].is_null(), visible, "{who:?}: node({id})");
            }
            let lookup = app.graphql_as(token, "query($id: ID!) { event(id: $id) { id } }", json!({ "id": draft })).await;
            if !team {
                assert_eq!(code_of(&lookup["errors"][0]), "NOT_FOUND", "{who:?}: a draft looks like nothing");
            }
            let a_contact = app.data_as(token, contact, json!({ "id": world.partner_a })).await;
            let reads_contact = team || *who == PartnerA;
            assert_eq!(a_contact["partner"]["contact"]["email"] == "anna@a.test", reads_contact, "{who:?} and partner A's contact");
            assert_eq!(a_contact["partner"]["contact"].is_null(), !reads_contact);
            // A partner's accounts and their addresses: its own members and admins, not the coordinators.
            let a_accounts = app.data_as(token, "query($id: ID!) { partner(id: $id) { accounts { email } } }", json!({ "id": world.partner_a })).await;
            let reads_accounts = matches!(who, PartnerA | Admin);
            assert_eq!(a_accounts["partner"]["accounts"].is_null(), !reads_accounts, "{who:?} and partner A's accounts");
            if reads_accounts {
                assert_eq!(a_accounts["partner"]["accounts"][0]["email"], "partnera-main@lode.test", "{who:?}");
            }
            let regs = app.data_as(token, registrations, json!({ "id": world.open_event })).await;
            let listed = regs["event"]["registrations"].as_array().expect("a list").len();
            assert_eq!(listed, usize::from(team || *who == PartnerA), "{who:?}: registrations of an event");
            // Search serves the public, whoever asks: drafts, pending partners and contacts are never indexed.
            for query in ["Geheime voorbereiding", "Stille Vennoot", "sam.stil@private.test"] {
                let hits = app.data_as(token, search, json!({ "q": query })).await;
                assert_eq!(hits["search"]["totalCount"], 0, "{who:?}: search for {query}");
            }
        }
    }

    async fn an_account_is_a_node_its_holder_reads_and_nobody_else(app) {
        let world = World::build(&app).await;
        let mut accounts = Vec::new();
        for who in SIGNED_IN {
            let me = app.data_as(world.token(*who), "{ me { id email } }", json!({})).await;
            accounts.push((*who, id_of(&me["me"]), me["me"]["email"].as_str().expect("an e-mail").to_owned()));
        }
        let node = "query($id: ID!) { node(id: $id) { __typename id ... on Account { email role consents { purpose } partner { id } } } }";
        let nodes = "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Account { email } } }";
        let ids: Vec<&String> = accounts.iter().map(|(_, id, _)| id).collect();
        for viewer in EVERYONE {
            let token = world.token(*viewer);
            let listed = app.data_as(token, nodes, json!({ "ids": ids })).await;
            for (i, (holder, id, email)) in accounts.iter().enumerate() {
                let sees = viewer == holder;
                // Answered as no record, like any record the viewer may not see: no error, nothing of it.
                let response = app.graphql_as(token, node, json!({ "id": id })).await;
                assert!(response.get("errors").is_none(), "{viewer:?} reading {holder:?}: {response:#}");
                let found = &response["data"]["node"];
                if sees {
                    assert_eq!(found["__typename"], "Account", "{viewer:?} reads {holder:?}");
                    assert_eq!((&found["id"], found["email"].as_str()), (&json!(id), Some(email.as_str())));
                    assert_eq!(found["partner"].is_null(), !matches!(holder, PartnerA | PartnerB), "{holder:?}'s partner");
                    assert_eq!(listed["nodes"][i]["email"].as_str(), Some(email.as_str()), "{viewer:?}: nodes");
                } else {
                    assert!(found.is_null(), "{viewer:?} may not read {holder:?}: {response:#}");
                    assert!(listed["nodes"][i].is_null(), "{viewer:?}: nodes({holder:?})");
                    assert!(!response.to_string().contains(email.as_str()) && !listed.to_string().contains(email.as_str()), "{viewer:?}: {holder:?}'s address leaked");
                }
            }
        }
    }

    async fn coordinators_read_the_audit_entries_of_their_own_cities_records_and_admins_all(app) {
        let domain = app.value_domain("Mobiliteit").await;
        let case = "mutation($d: ID!, $t: String!, $c: [City!]!) { createPilotCase(input: { title: $t, valueDomainId: $d, cities: $c }) { pilotCase { id } } }";
        let mut made: Vec<(&str, String)> = Vec::new();
        for (title, cities, city) in [("Gentse case", json!(["GENT"]), "GENT"), ("Brugse case", json!(["BRUGGE"]), "BRUGGE"), ("Gedeelde case", json!(["GENT", "BRUGGE"]), "BOTH")] {
            let created = app.data(case, json!({ "d": domain, "t": title, "c": cities })).await;
            made.push((city, id_of(&created["createPilotCase"]["pilotCase"])));
        }
        let mut brugge_event = String::new();
        for (title, city) in [("Gents evenement", "GENT"), ("Brugs evenement", "BRUGGE")] {
            let event = app.event(title, "2030-05-01T09:00:00Z", "2030-05-01T11:00:00Z", json!({ "cities": [city] })).await;
            app.data("mutation($id: ID!) { setEventStatus(input: { id: $id, status: PUBLISHED }) { event { id } } }", json!({ "id": event })).await;
            if city == "BRUGGE" {
                brugge_event.clone_from(&event);
            }
            made.push((city, event));
        }
        let story = "mutation($t: String!, $c: City) { createSuccessStory(input: { title: $t, city: $c }) { successStory { id } } }";
        for (title, city) in [("Gents verhaal", Some("GENT")), ("Brugs verhaal", Some("BRUGGE")), ("Verhaal van beide steden", None)] {
            let created = app.data(story, json!({ "t": title, "c": city })).await;
            made.push((city.unwrap_or("BOTH"), id_of(&created["createSuccessStory"]["successStory"])));
        }
        let partner = app.approved_partner("Fietsdata", "COMPANY").await;
        let registration = app.data("mutation($e: ID!, $p: ID) { registerForEvent(input: { eventId: $e, partnerId: $p }) { registration { id } } }", json!({ "e": brugge_event, "p": partner })).await;
        made.push(("BRUGGE", id_of(&registration["registerForEvent"]["registration"])));
        let no_city = [domain, partner];

        let gent = app.account("gent@lode.test", Role::Coordinator, &[City::Gent], None).await;
        let brugge = app.account("brugge@lode.test", Role::Coordinator, &[City::Brugge], None).await;
        let entries = "query($first: Int, $after: String) { auditLog(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { subjectId action } } }";
        // Every entry a caller reads, two at a time, so paging is checked too.
        let read_all = |token: Option<String>| {
            let app = &app;
            async move {
                let mut subjects = Vec::new();
                let mut after: Option<String> = None;
                loop {
                    let page = app.data_as(token.as_deref(), entries, json!({ "first": 2, "after": after })).await;
                    let log = &page["auditLog"];
                    subjects.extend(log["nodes"].as_array().expect("nodes").iter().map(|n| n["subjectId"].as_str().unwrap_or_default().to_owned()));
                    let total = log["totalCount"].as_u64().expect("a count") as usize;
                    if log["pageInfo"]["hasNextPage"] != true {
                        assert_eq!(subjects.len(), total, "the pages add up to totalCount");
                        return subjects;
                    }
                    after = log["pageInfo"]["endCursor"].as_str().map(str::to_owned);
                }
            }
        };
        let for_gent = read_all(Some(gent)).await;
        let for_brugge = read_all(Some(brugge)).await;
        let for_admin = read_all(Some(app.admin_token.clone())).await;
        let (mut gent_expected, mut brugge_expected) = (0, 0);
        for (city, id) in &made {
            let subject = lode_tests::uuid_of(id).to_string();
            let count = |seen: &Vec<String>| seen.iter().filter(|s| **s == subject).count();
            let all = count(&for_admin);
            assert!(all >= 1, "the admin reads every entry");
            let (gent_reads, brugge_reads) = (*city != "BRUGGE", *city != "GENT");
            assert_eq!(count(&for_gent), if gent_reads { all } else { 0 }, "Ghent's coordinator and a record of {city}");
            assert_eq!(count(&for_brugge), if brugge_reads { all } else { 0 }, "Bruges' coordinator and a record of {city}");
            gent_expected += if gent_reads { all } else { 0 };
            brugge_expected += if brugge_reads { all } else { 0 };
        }
        assert_eq!((for_gent.len(), for_brugge.len()), (gent_expected, brugge_expected), "nothing else, nothing twice");
        for id in &no_city {
            let subject = lode_tests::uuid_of(id).to_string();
            assert!(for_admin.contains(&subject));
            assert!(!for_gent.contains(&subject) && !for_brugge.contains(&subject), "a record of no city is the admins' only");
        }
        let partner_member = app.account("lid@fietsdata.test", Role::Partner, &[], Some(&no_city[1])).await;
        let refused = app.graphql_as(Some(&partner_member), "{ auditLog { totalCount } }", json!({})).await;
        assert_eq!(code_of(&refused["errors"][0]), "FORBIDDEN");
    }

    async fn the_audit_log_records_who_changed_what_and_nothing_that_failed(app) {
        let domain = app.value_domain("Mobiliteit").await;
        let gent = app.account("gent@lode.test", Role::Coordinator, &[City::Gent], None).await;
        let create = "mutation($d: ID!, $t: String!, $c: [City!]!) { createPilotCase(input: { title: $t, valueDomainId: $d, cities: $c }) { pilotCase { id } } }";
        let entries = "{ auditLog(filter: { action: \"createPilotCase\" }) { totalCount nodes { actorId actorRole subjectId at } } }";
        let refused = app.graphql_as(Some(&gent), create, json!({ "d": domain, "t": "Brugse case", "c": ["BRUGGE"] })).await;
        assert_eq!(code_of(&refused["errors"][0]), "FORBIDDEN");
        let invalid = app.graphql_as(Some(&gent), create, json!({ "d": domain, "t": " ", "c": ["GENT"] })).await;
        assert_eq!(code_of(&invalid["errors"][0]), "VALIDATION");
        assert_eq!(app.data(entries, json!({})).await["auditLog"]["totalCount"], 0, "what failed changed nothing and left no entry");

        let created = app.data_as(Some(&gent), create, json!({ "d": domain, "t": "Gentse case", "c": ["GENT"] })).await;
        let case = id_of(&created["createPilotCase"]["pilotCase"]);
        let me = app.data_as(Some(&gent), "{ me { id } }", json!({})).await;
        let log = app.data(entries, json!({})).await;
        assert_eq!(log["auditLog"]["totalCount"], 1);
        let entry = &log["auditLog"]["nodes"][0];
        assert_eq!(entry["actorRole"], "COORDINATOR");
        assert_eq!(entry["actorId"], me["me"]["id"]);
        assert_eq!(entry["subjectId"], lode_tests::uuid_of(&case).to_string());
    }

    async fn each_role_is_told_which_cases_it_may_change_and_where_they_may_move(app) {
        let domain = app.value_domain("Mobiliteit").await;
        let create = "mutation($d: ID!, $t: String!, $c: [City!]!) { createPilotCase(input: { title: $t, valueDomainId: $d, cities: $c }) { pilotCase { id } } }";
        let mut cases = Vec::new();
        for (title, cities) in [("Gentse case", json!(["GENT"])), ("Brugse case", json!(["BRUGGE"])), ("Gedeelde case", json!(["BRUGGE", "GENT"]))] {
            let created = app.data(create, json!({ "d": domain, "t": title, "c": cities })).await;
            cases.push(id_of(&created["createPilotCase"]["pilotCase"]));
        }
        let (gent_case, brugge_case, shared_case) = (&cases[0], &cases[1], &cases[2]);
        app.data("mutation($id: ID!) { setPilotCasePhase(input: { id: $id, phase: PREPARING }) { pilotCase { id } } }", json!({ "id": shared_case })).await;
        let partner = app.approved_partner("Fietsdata", "COMPANY").await;
        let tokens = [
            ("anonymous", None),
            ("partner", Some(app.account("lid@fietsdata.test", Role::Partner, &[], Some(&partner)).await)),
            ("Ghent", Some(app.account("gent@lode.test", Role::Coordinator, &[City::Gent], None).await)),
            ("Bruges", Some(app.account("brugge@lode.test", Role::Coordinator, &[City::Brugge], None).await)),
            ("both cities", Some(app.account("beide@lode.test", Role::Coordinator, &[City::Gent, City::Brugge], None).await)),
            ("admin", Some(app.admin_token.clone())),
        ];
        let rights = "query($id: ID!) { node(id: $id) { ... on PilotCase { viewerCanUpdate nextPhases } } }";
        let list = "query($mine: Boolean) { pilotCases(filter: { viewerCanUpdate: $mine }, first: 100) { totalCount nodes { id } } }";
        for (who, token) in &tokens {
            let may = |case: &String| match *who {
                "anonymous" | "partner" => false,
                "Ghent" => case != brugge_case,
                "Bruges" => case != gent_case,
                _ => true,
            };
            for case in &cases {
                let answer = app.data_as(token.as_deref(), rights, json!({ "id": case })).await;
                let expected_moves = match (may(case), case == shared_case) {
                    (false, _) => json!([]),
                    (true, false) => json!(["PREPARING", "STOPPED"]),
                    (true, true) => json!(["RUNNING", "STOPPED"]),
                };
                assert_eq!(answer["node"], json!({ "viewerCanUpdate": may(case), "nextPhases": expected_moves }), "{who} and case {case}");
                // What the answer says is what the API then allows.
                let update = app
                    .graphql_as(token.as_deref(), "mutation($id: ID!) { updatePilotCase(input: { id: $id, summary: \"Bijgewerkt\" }) { pilotCase { id } } }", json!({ "id": case }))
                    .await;
                assert_eq!(update.get("errors").is_none(), may(case), "{who} updating case {case}: {update:#}");
            }
            for (mine, expected) in [(true, cases.iter().filter(|c| may(c)).collect::<Vec<_>>()), (false, cases.iter().filter(|c| !may(c)).collect())] {
                let listed = app.data_as(token.as_deref(), list, json!({ "mine": mine })).await;
                let ids: Vec<&str> = listed["pilotCases"]["nodes"].as_array().expect("nodes").iter().map(|n| n["id"].as_str().unwrap_or_default()).collect();
                let expected: Vec<&str> = expected.iter().map(|c| c.as_str()).collect();
                assert_eq!(listed["pilotCases"]["totalCount"], ids.len(), "{who}, viewerCanUpdate: {mine}");
                let mut sorted = ids.clone();
                sorted.sort_unstable();
                let mut expected_sorted = expected.clone();
                expected_sorted.sort_unstable();
                assert_eq!(sorted, expected_sorted, "{who}, viewerCanUpdate: {mine}");
            }
        }
        let stopped = app.data("mutation($id: ID!) { setPilotCasePhase(input: { id: $id, phase: STOPPED }) { pilotCase { viewerCanUpdate nextPhases } } }", json!({ "id": gent_case })).await;
        assert_eq!(stopped["setPilotCasePhase"]["pilotCase"], json!({ "viewerCanUpdate": true, "nextPhases": [] }), "a stopped case moves nowhere");
    }
}
