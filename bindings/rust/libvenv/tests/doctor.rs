//! `doctor` through the safe API (issue 25): a healthy environment agrees
//! with its python; one whose base is gone says so with its replacements;
//! find's records carry the codes; a directory that is not an environment
//! is `NotAVenv`.
mod support;

use libvenv::{CreateOptions, DoctorOptions, ErrorCode, FindOptions};
use support::{python, run_python, Scratch};

#[test]
fn doctor_healthy_then_base_gone() {
    let scratch = Scratch::new("doctor");
    let envs = scratch.join("envs");
    let options = CreateOptions::new().python(python()).with_pip(false);
    options.create(envs.join("good")).unwrap();
    options.create(envs.join("gone")).unwrap();

    let good = libvenv::doctor(envs.join("good"), &DoctorOptions::default()).expect("doctor");
    let said = run_python(&envs.join("good/bin/python"), "import platform; print(platform.python_version())").remove(0);
    assert!(good.is_healthy() && good.codes().is_empty(), "{good:?}");
    assert_eq!(good.base_version.as_deref(), Some(said.as_str()));
    assert_eq!(good.environment, envs.join("good"));
    let json = support::json::parse(&libvenv::doctor_json(envs.join("good"), &DoctorOptions::default()).unwrap());
    assert!(format!("{json:?}").contains("healthy"), "{json:?}");

    // The base gone: pyvenv.cfg's home names a directory that does not exist.
    let cfg = envs.join("gone/pyvenv.cfg");
    let text = std::fs::read_to_string(&cfg).unwrap();
    let home = text.lines().find_map(|l| l.strip_prefix("home = ")).unwrap().to_owned();
    let removed = scratch.join("removed/bin");
    std::fs::write(&cfg, text.replace(&format!("home = {home}"), &format!("home = {}", removed.display()))).unwrap();
    let gone = libvenv::doctor(envs.join("gone"), &DoctorOptions::default()).expect("doctor");
    assert_eq!(gone.codes().first(), Some(&"base-missing"), "{gone:?}");
    assert_eq!(gone.problems[0].path, removed);
    assert!(gone.problems[0].remedy.starts_with("swift-venv "), "{gone:?}");
    let minor: Vec<&str> = said.split('.').take(2).collect();
    let first: Vec<&str> = gone.replacements[0].version.split('.').take(2).collect();
    assert_eq!(first, minor, "same minor version first: {:?}", gone.replacements);
    let without = libvenv::doctor(envs.join("gone"), &DoctorOptions { list_replacements: false }).unwrap();
    assert!(without.replacements.is_empty());

    let found = libvenv::find(&FindOptions::new().search_path(&envs)).unwrap();
    let record = found.iter().find(|p| p.prefix.as_deref() == Some(envs.join("gone").as_path())).unwrap();
    assert_eq!(record.problems(), gone.codes(), "{record:?}");

    let error = libvenv::doctor(&envs, &DoctorOptions::default()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::NotAVenv, "{error}");
}
