"""The benchmark's workloads: each one's GraphQL for LODE and for PostGraphile (the same fields and rows;
PostGraphile applies no access rules, so its conditions spell out the ones LODE applies to an anonymous
visitor), the data sets it runs on, and the requests it sends, every one with its own parameters."""

import json
import random
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

Q1_LODE = """query Q1($from: DateTime!) {
  events(filter: {status: [PUBLISHED], startsFrom: $from}, orderBy: {field: STARTS_AT, direction: ASC}, first: 20) {
    nodes { slug title startsAt pilotCase { title } valueDomain { name } }
  }
}"""
Q1_POSTGRAPHILE = """query Q1($from: Datetime!) {
  allCoCreationEvents(condition: {status: "PUBLISHED"}, filter: {startsAt: {greaterThanOrEqualTo: $from}},
                      orderBy: [STARTS_AT_ASC, PRIMARY_KEY_ASC], first: 20) {
    nodes { slug title startsAt pilotCaseByPilotCaseId { title } valueDomainByValueDomainId { name } }
  }
}"""
Q2_LODE = """query Q2($slug: String!) {
  partner(slug: $slug) { slug name interests { name } }
}"""
Q2_POSTGRAPHILE = """query Q2($slug: String!) {
  partnerBySlug(slug: $slug) {
    slug name partnerInterestsByPartnerId { nodes { valueDomainByValueDomainId { name } } }
  }
}"""
Q3_LODE = """query Q3($type: StakeholderType!) {
  partners(filter: {stakeholderType: [$type]}, orderBy: {field: NAME, direction: ASC}, first: 50) {
    nodes { slug name stakeholderType homeCity }
  }
}"""
Q3_POSTGRAPHILE = """query Q3($type: String!) {
  allPartners(condition: {stakeholderType: $type, status: "APPROVED"}, orderBy: [NAME_ASC, PRIMARY_KEY_ASC], first: 50) {
    nodes { slug name stakeholderType homeCity }
  }
}"""
Q4_LODE = """query Q4($slug: String!) {
  pilotCase(slug: $slug) {
    slug title
    members { role partner { name } }
    events { slug title startsAt }
  }
}"""
Q4_POSTGRAPHILE = """query Q4($slug: String!) {
  pilotCaseBySlug(slug: $slug) {
    slug title
    pilotCaseMembersByPilotCaseId(condition: {status: "ACCEPTED"}) { nodes { role partnerByPartnerId { name } } }
    coCreationEventsByPilotCaseId(filter: {status: {notEqualTo: "DRAFT"}}) { nodes { slug title startsAt } }
  }
}"""
SEARCH = """query Search($query: String!, $city: City!, $type: StakeholderType!) {
  search(query: $query, filter: {cities: [$city], stakeholderTypes: [$type]}, first: 10) {
    totalCount
    edges { kind node { ... on Partner { slug name } ... on CoCreationEvent { slug title } ... on PilotCase { slug title } } }
  }
}"""
SIGN_UP = """mutation SignUp($event: ID!) {
  registerForEvent(input: {eventId: $event}) { registration { status } }
}"""
MATCH = """query Match($case: ID!) {
  matchPartners(pilotCaseId: $case, first: 10) { score partner { slug name } }
}"""
TEAM = """query Team($case: ID!) {
  suggestTeam(pilotCaseId: $case, size: 6) { coverage members { score partner { slug name } } }
}"""


@dataclass(frozen=True)
class Workload:
    """One kind of request, and where it runs."""

    name: str
    title: str
    lode: str
    postgraphile: str | None
    data_sets: tuple[str, ...]
    variables: Callable[[random.Random, dict], dict]
    auth: str = "-"
    single: bool = False
    pgbench: bool = False


def starts_from(rng: random.Random, fixtures: dict) -> dict:
    """A moment between the first published event's start and 30 days before the last's: a page of 20 follows it."""
    first, last = fixtures["published_starts"]
    moment = rng.randint(first, last - 30 * 86400)
    return {"from": datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}


def typo(rng: random.Random, fixtures: dict) -> str:
    """The longest word of a tag, of six letters or more, with one letter in its middle changed: one edit away."""
    word = rng.choice([w for w in (max(tag.split(), key=len) for tag in fixtures["tags"]) if len(w) >= 6])
    middle = len(word) // 2
    return word[:middle] + ("a" if word[middle] != "a" else "e") + word[middle + 1:]


WORKLOADS = [
    Workload("q1", "Q1 a page of 20 published events by start, with case title and domain name",
             Q1_LODE, Q1_POSTGRAPHILE, ("10k",), starts_from, pgbench=True),
    Workload("q2", "Q2 one partner by slug with its interests", Q2_LODE, Q2_POSTGRAPHILE, ("10k",),
             lambda rng, f: {"slug": rng.choice(f["partner_slugs"])}, pgbench=True),
    Workload("q3", "Q3 50 partners of one stakeholder type by name", Q3_LODE, Q3_POSTGRAPHILE,
             ("1k", "10k", "100k"), lambda rng, f: {"type": rng.choice(f["stakeholder_types"])}, pgbench=True),
    Workload("q4", "Q4 a case with its members' partner names and its events", Q4_LODE, Q4_POSTGRAPHILE,
             ("10k",), lambda rng, f: {"slug": rng.choice(f["case_slugs"])}, pgbench=True),
    Workload("search", "search with a typo, by city and stakeholder type", SEARCH, None, ("10k",),
             lambda rng, f: {"query": typo(rng, f), "city": rng.choice(["GENT", "BRUGGE"]),
                             "type": rng.choice(f["stakeholder_types"])}),
    Workload("signups", "sign-ups for events of few seats, each by another partner's member", SIGN_UP, None,
             ("10k",), lambda rng, f: {}),
    Workload("match", "matchPartners(first: 10), one client", MATCH, None, ("10k", "100k"),
             lambda rng, f: {"case": rng.choice(f["case_ids"])}, auth="admin", single=True),
    Workload("team", "suggestTeam(size: 6), one client", TEAM, None, ("10k", "100k"),
             lambda rng, f: {"case": rng.choice(f["case_ids"])}, auth="admin", single=True),
]


def request_lines(workload: Workload, system: str, fixtures: dict, count: int, start: int = 0) -> list[str]:
    """`count` requests of a workload for `bench/wrk/requests.lua`: a token (or "-"), a tab, the body.

    Sign-ups take the (event, member) pairs from number `start` on, events first, so that no pair repeats
    until all were sent; every other workload draws its parameters at random (seeded)."""
    query = workload.postgraphile if system == "postgraphile" else workload.lode
    if workload.name == "signups":
        events, members = fixtures["sign_up_event_ids"], fixtures["members"]
        pairs = ((n % len(events), n // len(events) % len(members)) for n in range(start, start + count))
        return [f"{members[m]['token']}\t{json.dumps({'query': query, 'variables': {'event': events[e]}})}"
                for e, m in pairs]
    rng = random.Random(f"{workload.name}-{start}")
    token = fixtures["admin_token"] if workload.auth == "admin" else "-"
    return [f"{token}\t{json.dumps({'query': query, 'variables': workload.variables(rng, fixtures)})}"
            for _ in range(count)]
