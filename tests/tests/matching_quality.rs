//! Matching quality against a labelled set (tests/fixtures/matching.json): the partners a person would pick
//! for each case, with grades. Reports NDCG@5 and recall@10 and fails below 0.8 NDCG@5.

use entities::values::{City, StakeholderType};
use lode_api::domain::matching::normalize::terms;
use lode_api::domain::matching::{CaseProfile, Need, PartnerProfile, rank};
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

fn stakeholder(name: &str) -> StakeholderType {
    serde_json::from_value(Value::String(name.to_owned())).expect("a stakeholder type")
}

fn city(value: &Value) -> Option<City> {
    value
        .as_str()
        .map(|c| serde_json::from_value(Value::String(c.to_owned())).expect("a city"))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("text").to_owned())
        .collect()
}

#[test]
fn the_ranking_agrees_with_the_people_who_know_the_cases() {
    let fixture: Value = serde_json::from_str(include_str!("../fixtures/matching.json"))
        .expect("the fixture parses");
    let domain = |key: &str| {
        Uuid::parse_str(fixture["domains"][key].as_str().expect("a domain")).expect("a uuid")
    };
    let mut keys = HashMap::new();
    let partners: Vec<PartnerProfile> = fixture["partners"]
        .as_array()
        .expect("partners")
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let id = Uuid::from_u128(i as u128 + 1);
            keys.insert(id, p["key"].as_str().expect("a key").to_owned());
            let tagged = |field: &str| {
                strings(&p[field])
                    .into_iter()
                    .map(|t| (t.clone(), terms(&t)))
                    .collect()
            };
            PartnerProfile {
                id,
                stakeholder_type: stakeholder(p["type"].as_str().expect("a type")),
                home_city: city(&p["city"]),
                capabilities: strings(&p["capabilities"])
                    .iter()
                    .map(|c| terms(c))
                    .collect(),
                data_offered: tagged("offers"),
                data_needed: tagged("needs"),
                interests: strings(&p["interests"]).iter().map(|d| domain(d)).collect(),
                events_attended: p["attended"].as_u64().expect("a count") as u32,
            }
        })
        .collect();

    let mut ndcg_sum = 0.0;
    let mut recall_sum = 0.0;
    let cases = fixture["cases"].as_array().expect("cases");
    for case in cases {
        let datasets: Vec<Need> = strings(&case["datasets"])
            .iter()
            .map(|d| Need::new(d, 1))
            .collect();
        let profile = CaseProfile {
            id: Uuid::nil(),
            capabilities: case["capabilities"]
                .as_array()
                .expect("capabilities")
                .iter()
                .map(|c| {
                    Need::new(
                        c[0].as_str().expect("a name"),
                        c[1].as_u64().expect("a weight") as u32,
                    )
                })
                .collect(),
            data_needed: datasets.clone(),
            data_produced: datasets,
            value_domain_id: domain(case["domain"].as_str().expect("a domain")),
            value_domain_name: case["domain"].as_str().expect("a domain").to_owned(),
            cities: case["cities"]
                .as_array()
                .expect("cities")
                .iter()
                .filter_map(city)
                .collect(),
            wanted_types: strings(&case["wanted"])
                .iter()
                .map(|t| stakeholder(t))
                .collect(),
            present_types: strings(&case["present"])
                .iter()
                .map(|t| stakeholder(t))
                .collect(),
        };
        let grades: HashMap<String, f64> = case["picks"]
            .as_array()
            .expect("picks")
            .iter()
            .map(|p| {
                (
                    p[0].as_str().expect("a key").to_owned(),
                    p[1].as_f64().expect("a grade"),
                )
            })
            .collect();
        let ranked: Vec<String> = rank(&profile, &partners, 10)
            .iter()
            .map(|m| keys[&m.partner_id].clone())
            .collect();

        let gain = |grade: f64| 2f64.powf(grade) - 1.0;
        let dcg: f64 = ranked
            .iter()
            .take(5)
            .enumerate()
            .map(|(i, k)| gain(grades.get(k).copied().unwrap_or(0.0)) / (i as f64 + 2.0).log2())
            .sum();
        let mut ideal: Vec<f64> = grades.values().copied().collect();
        ideal.sort_by(|a, b| b.total_cmp(a));
        let idcg: f64 = ideal
            .iter()
            .take(5)
            .enumerate()
            .map(|(i, g)| gain(*g) / (i as f64 + 2.0).log2())
            .sum();
        let relevant: Vec<&String> = grades
            .iter()
            .filter(|(_, g)| **g >= 2.0)
            .map(|(k, _)| k)
            .collect();
        let recall =
            relevant.iter().filter(|k| ranked.contains(k)).count() as f64 / relevant.len() as f64;
        println!(
            "{}: NDCG@5 {:.3}, recall@10 {:.3}, top 5 {:?}",
            case["name"].as_str().unwrap_or("?"),
            dcg / idcg,
            recall,
            &ranked[..5]
        );
        ndcg_sum += dcg / idcg;
        recall_sum += recall;
    }
    let ndcg = ndcg_sum / cases.len() as f64;
    let recall = recall_sum / cases.len() as f64;
    println!("mean NDCG@5 {ndcg:.3}, mean recall@10 {recall:.3}");
    assert!(ndcg >= 0.8, "NDCG@5 is {ndcg:.3}, below 0.8");
}
