//! `openapi.yaml` documents what the service does, checked against the code's own
//! definitions: the error codes of `gleaner::Code`, and the choices of `gleaner::Choices`
//! (their names and values, as query parameters and as a JSON request's `options`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;

use clap::Args;
use yaml_serde::Value;

fn spec() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.yaml"))
        .expect("openapi.yaml is readable");
    yaml_serde::from_str(&text).expect("openapi.yaml is YAML")
}

/// `v` itself, or the component schema its `$ref` names.
fn resolve<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.trim_start_matches("#/components/schemas/");
            &spec["components"]["schemas"][name]
        }
        None => v,
    }
}

/// The values a schema allows: its enum, or true/false for a boolean.
fn values(spec: &Value, schema: &Value) -> BTreeSet<String> {
    let schema = resolve(spec, schema);
    match schema.get("enum").and_then(Value::as_sequence) {
        Some(e) => e.iter().map(|v| v.as_str().unwrap().to_string()).collect(),
        None => {
            assert_eq!(schema["type"].as_str(), Some("boolean"), "{schema:?}");
            ["true", "false"].map(String::from).into()
        }
    }
}

/// Each choice's name and values, from the clap definition of `Choices`.
fn choices() -> Vec<(String, BTreeSet<String>)> {
    let cmd = gleaner::Choices::augment_args(clap::Command::new("t"));
    cmd.get_arguments()
        .map(|a| {
            let vals = a
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect();
            (a.get_id().to_string(), vals)
        })
        .collect()
}

#[test]
fn problem_codes_are_exactly_the_http_codes() {
    let spec = spec();
    let documented: BTreeSet<String> = values(
        &spec,
        &spec["components"]["schemas"]["Problem"]["properties"]["code"],
    );
    let ours: BTreeSet<String> = gleaner::Code::ALL
        .iter()
        .filter(|c| c.is_http())
        .map(|c| c.as_str().to_string())
        .collect();
    assert_eq!(documented, ours);
}

#[test]
fn query_parameters_are_the_choices() {
    let spec = spec();
    let params = spec["paths"]["/v1/extract"]["post"]["parameters"]
        .as_sequence()
        .unwrap();
    let documented: Vec<(String, BTreeSet<String>)> = params
        .iter()
        .filter(|p| p["in"].as_str() == Some("query"))
        // The page's address, not a choice: JSON requests give it beside `options`.
        .filter(|p| p["name"].as_str() != Some("url"))
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                values(&spec, &p["schema"]),
            )
        })
        .collect();
    assert_eq!(documented, choices());
}

#[test]
fn json_options_are_the_choices() {
    let spec = spec();
    let props = resolve(
        &spec,
        &spec["components"]["schemas"]["ExtractRequest"]["properties"]["options"],
    )["properties"]
        .as_mapping()
        .unwrap();
    let documented: Vec<(String, BTreeSet<String>)> = props
        .iter()
        .map(|(k, v)| (k.as_str().unwrap().to_string(), values(&spec, v)))
        .collect();
    assert_eq!(documented, choices());
}
