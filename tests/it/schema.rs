//! `huibao schema`, and the schemas agreeing with the loader: what one accepts the other
//! accepts, an unknown key or a wrong type is refused by both.

use crate::common::{Fixture, YONGAN1, assert_ok, run_in, seed_with_departments, tree};

/// A YAML file as the JSON a YAML language server validates (keys as strings).
fn yaml_as_json(text: &str) -> serde_json::Value {
    fn convert(v: serde_yaml::Value) -> serde_json::Value {
        match v {
            serde_yaml::Value::Mapping(m) => serde_json::Value::Object(
                m.into_iter()
                    .map(|(k, v)| {
                        let key = match k {
                            serde_yaml::Value::String(s) => s,
                            other => serde_yaml::to_string(&other).unwrap().trim().to_string(),
                        };
                        (key, convert(v))
                    })
                    .collect(),
            ),
            serde_yaml::Value::Sequence(s) => {
                serde_json::Value::Array(s.into_iter().map(convert).collect())
            }
            other => serde_json::to_value(other).unwrap(),
        }
    }
    convert(serde_yaml::from_str(text).unwrap())
}

/// The schema `huibao schema KIND` prints, compiled.
fn validator(f: &Fixture, kind: &str) -> jsonschema::Validator {
    let out = f.run(&["schema", kind]);
    assert_ok(&out);
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn kind_of(path: &str) -> &'static str {
    if path.ends_with("meeting.yaml") {
        "meeting"
    } else if path.ends_with("_annex.yaml") {
        "annex"
    } else {
        "item"
    }
}

#[test]
fn every_seed_file_is_valid_against_its_schema() {
    let f = Fixture::seed();
    let files = tree(&f.path("content"));
    assert_eq!(files.len(), 15);
    for (path, bytes) in files {
        let value = yaml_as_json(std::str::from_utf8(&bytes).unwrap());
        let errors: Vec<String> = validator(&f, kind_of(&path))
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
    }
}

#[test]
fn an_unknown_key_or_a_wrong_type_is_refused_by_schema_and_loader_alike() {
    let item = validator(&Fixture::seed(), "item");
    for (from, to) in [
        ("    lead_dept: 环保处", "    lead_dep: 环保处"),
        ("seq: 1", "seq: 一"),
        ("      2023-2025:", "      明年:"),
        ("title: 加强生态环境保护", "title: [加强, 保护]"),
    ] {
        let f = Fixture::seed();
        f.edit(YONGAN1, from, to);
        let value = yaml_as_json(&f.read(YONGAN1));
        assert!(!item.is_valid(&value), "schema accepted {to}");
        let (ok, _, err) = f.check();
        assert!(!ok, "loader accepted {to}");
        assert!(err.contains(YONGAN1), "{err}");
    }
    // What the loader accepts beyond the obvious, the schema accepts too: a list of lead
    // departments, blank optional fields, an empty list.
    let f = Fixture::seed();
    f.edit(
        YONGAN1,
        "    lead_dept: 环保处",
        "    lead_dept: [环保处, 监测站]\n    due:",
    );
    assert!(item.is_valid(&yaml_as_json(&f.read(YONGAN1))));
    let (ok, _, err) = f.check();
    assert!(ok, "{err}");
}

#[test]
fn fields_carry_their_chinese_labels() {
    let f = Fixture::seed();
    let out = f.run(&["schema", "item"]);
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["properties"]["seq"]["title"], "序号");
    assert_eq!(schema["properties"]["title"]["title"], "事项");
    let row = &schema["definitions"]["Row"]["properties"];
    assert_eq!(row["lead_dept"]["title"], "牵头部门");
    assert_eq!(row["progress"]["title"], "事项推进情况");
    assert!(
        row["progress"]["description"]
            .as_str()
            .unwrap()
            .contains("事项推进情况")
    );
}

#[test]
fn init_and_new_point_editors_at_the_schemas() {
    let f = Fixture::seed();
    assert_ok(&f.run(&["init", "fresh"]));
    let project = f.path("fresh");
    let schemas: Vec<String> = tree(&project.join("schema"))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(
        schemas,
        [
            "annex.schema.json",
            "item.schema.json",
            "meeting.schema.json"
        ]
    );
    // Equal to what `huibao schema --out` writes.
    assert_ok(&run_in(&project, &["schema", "--out", "again"]));
    assert_eq!(tree(&project.join("schema")), tree(&project.join("again")));
    let first_line = |rel: &str| {
        std::fs::read_to_string(project.join(rel))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        first_line("content/meeting.yaml"),
        "# yaml-language-server: $schema=../schema/meeting.schema.json"
    );
    assert_eq!(
        first_line("content/yongan/_annex.yaml"),
        "# yaml-language-server: $schema=../../schema/annex.schema.json"
    );
    assert_eq!(
        first_line("content/yongan/01-加强生态环境保护.yaml"),
        "# yaml-language-server: $schema=../../schema/item.schema.json"
    );
    // The schema line is a comment: the content still checks.
    assert_ok(&run_in(&project, &["check"]));
    assert_ok(&run_in(&project, &["new", "yongan", "环保宣传"]));
    assert_eq!(
        first_line("content/yongan/04-环保宣传.yaml"),
        "# yaml-language-server: $schema=../../schema/item.schema.json"
    );
    // The schema path resolves from the file.
    assert!(
        project
            .join("content/yongan/../../schema/item.schema.json")
            .is_file()
    );
}

#[test]
fn the_project_schema_and_huibao_agree_on_every_case() {
    // (the line, what is typed, whether huibao accepts it)
    let cases: &[(&str, &str, bool)] = &[
        ("      2023-2025:", "      2030:", false),
        ("      2023-2025:", "      2024-2025:", true),
        ("      2023-2025:", "      2022-2025:", false),
        ("seq: 1", "seq: 0", false),
        (
            "  - content: 强化生态环境技术交流，做好污染防治技术的指导，帮助永安市辖区空气监测网格整合提升",
            "  - content: \"  \"",
            false,
        ),
        ("    lead_dept: 环保处", "    lead_dept: \"\"", false),
        ("    lead_dept: 环保处", "    lead_dept: 检测站", false),
        (
            "    lead_dept: 环保处",
            "    lead_dept: [环保处, 监测站]",
            true,
        ),
        (
            "    support_depts: [监测站]",
            "    support_depts: [检测站]",
            false,
        ),
        (
            "    support_depts: [监测站]",
            "    support_depts: [无]",
            true,
        ),
        ("    support_depts: [监测站]", "    support_depts: []", true),
        ("    lead_leader: 沈敏", "    lead_leader: 2", true),
        (
            "    lead_leader: 沈敏",
            "    lead_leader: 沈敏\n    due: 2024.6",
            true,
        ),
        (
            "    lead_leader: 沈敏",
            "    lead_leader: 沈敏\n    due: 2024",
            true,
        ),
        ("title: 加强生态环境保护", "title: \"\"", false),
        ("title: 加强生态环境保护", "title: 2024", true),
        ("    lead_dept: 环保处", "    lead_dep: 环保处", false),
    ];
    let schema_of = |f: &Fixture| validator(f, "item");
    let item = schema_of(&seed_with_departments());
    for (from, to, accepted) in cases {
        let f = seed_with_departments();
        f.edit(YONGAN1, from, to);
        let (ok, _, err) = f.check();
        assert_eq!(ok, *accepted, "huibao on {to:?}: {err}");
        let value = yaml_as_json(&f.read(YONGAN1));
        assert_eq!(item.is_valid(&value), *accepted, "the schema on {to:?}");
    }
    // An item without rows: refused by both.
    let f = seed_with_departments();
    f.write(YONGAN1, "seq: 1\ntitle: 加强生态环境保护\nrows: []\n");
    assert!(!f.check().0);
    assert!(!item.is_valid(&yaml_as_json(&f.read(YONGAN1))));
}

#[test]
fn the_project_schema_completes_its_years_and_departments_in_chinese() {
    let f = seed_with_departments();
    let out = f.run(&["schema", "item"]);
    assert_ok(&out);
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let plans = &schema["definitions"]["Plans"];
    let years: Vec<&String> = plans["properties"].as_object().unwrap().keys().collect();
    assert_eq!(years, ["2023", "2024", "2025"]);
    let row = &schema["definitions"]["Row"]["properties"];
    let names = &row["support_depts"]["items"]["enum"];
    assert!(
        names.as_array().unwrap().contains(&"环保处".into()),
        "{names}"
    );
    assert_eq!(row["progress"]["description"], "事项推进情况。");
    assert_eq!(schema["properties"]["seq"]["minimum"], 1);
}
