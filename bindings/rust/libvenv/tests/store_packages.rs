//! The store (list, remove, copy, move) and the packages (read, freeze)
//! through the safe API.
mod support;

use libvenv::{CreateOptions, ErrorCode, FreezeOptions, Packages, RelocateOptions};
use support::{python, run_python, Scratch};

#[test]
fn store_list_remove_copy_move() {
    let scratch = Scratch::new("store");
    let home = scratch.join("workon");
    let options = CreateOptions::new().python(python()).with_pip(false);
    options.create(home.join("web")).unwrap();
    options.create(home.join("api")).unwrap();
    std::fs::write(home.join("web/.project"), format!("{}\n", scratch.join("web-project").display())).unwrap();
    std::fs::create_dir(home.join("not-an-env")).unwrap();

    let entries = libvenv::store_list(Some(&home)).expect("list");
    let names: Vec<_> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["api", "web"], "sorted by name, only environments");
    let version = run_python(&python(), "import sys; print('%d.%d.%d' % sys.version_info[:3])").remove(0);
    assert_eq!(entries[1].path, home.join("web"));
    assert_eq!(entries[1].version.as_deref(), Some(version.as_str()));
    assert_eq!(entries[1].project.as_deref(), Some(scratch.join("web-project").as_path()));
    assert_eq!(entries[0].project, None);
    assert_eq!(entries[0].problem, None);
    let json = support::json::parse(&libvenv::store_list_json(Some(&home)).unwrap());
    assert!(matches!(json, support::json::Json::Array(ref items) if items.len() == 2), "{json:?}");
    assert!(libvenv::store_list(Some(&scratch.join("no-store"))).unwrap().is_empty(), "a missing store is empty");

    // copy: a second environment that resolves to itself; the source untouched.
    libvenv::copy_env(home.join("web"), home.join("web2"), &RelocateOptions::default()).expect("copy");
    assert_eq!(libvenv::resolve(home.join("web2")).unwrap().prefix, home.join("web2"));
    assert_eq!(libvenv::resolve(home.join("web")).unwrap().prefix, home.join("web"));
    let error = libvenv::copy_env(home.join("web"), home.join("web2"), &RelocateOptions::default()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Exists, "{error}");
    libvenv::copy_env(home.join("web"), home.join("web2"), &RelocateOptions { replace: true }).expect("replace");

    // move: the source is gone, the destination's python runs from there.
    libvenv::move_env(home.join("api"), home.join("api-moved"), &RelocateOptions::default()).expect("move");
    assert!(!home.join("api").exists());
    let printed = run_python(&home.join("api-moved/bin/python"), "import sys; print(sys.prefix)");
    assert_eq!(printed[0], home.join("api-moved").to_str().unwrap());
    let error = libvenv::move_env(home.join("not-an-env"), home.join("x"), &RelocateOptions::default()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::NotAVenv, "{error}");

    // remove: only an environment.
    libvenv::remove_env(home.join("web2")).expect("remove");
    assert!(!home.join("web2").exists());
    let error = libvenv::remove_env(home.join("not-an-env")).unwrap_err();
    assert_eq!(error.code(), ErrorCode::NotAVenv, "{error}");
    assert!(home.join("not-an-env").exists(), "a directory that is no environment is kept");
    let names: Vec<_> = libvenv::store_list(Some(&home)).unwrap().into_iter().map(|e| e.name).collect();
    assert_eq!(names, ["api-moved", "web"]);
}

#[test]
fn packages_are_what_pip_reports() {
    let scratch = Scratch::new("packages");
    let env = scratch.join("env");
    CreateOptions::new().python(python()).create(&env).expect("create with pip");
    let packages = Packages::read(&env).expect("read");
    let distributions = packages.distributions();
    let pip_version = run_python(&env.join("bin/python"), "import pip; print(pip.__version__)").remove(0);
    let pip = distributions.iter().find(|d| d.normalized_name == "pip").expect("pip is installed");
    assert_eq!(pip.name, "pip");
    assert_eq!(pip.version, pip_version);
    assert!(pip.location.starts_with(&env), "{}", pip.location.display());
    assert!(!pip.editable && pip.editable_project_location.is_none());
    assert!(packages.notes().is_empty(), "{:?}", packages.notes());

    // freeze is pip freeze's output, byte for byte.
    let frozen = packages.freeze(&FreezeOptions { all: true, ..Default::default() }).unwrap();
    let output = std::process::Command::new(env.join("bin/python"))
        .args(["-m", "pip", "freeze", "--all", "--disable-pip-version-check"])
        .output()
        .unwrap();
    assert_eq!(frozen, String::from_utf8(output.stdout).unwrap());
    let without_pip =
        packages.freeze(&FreezeOptions { all: true, exclude: vec!["pip".into()], ..Default::default() }).unwrap();
    assert!(!without_pip.contains("pip=="), "{without_pip}");
    let listed = support::json::parse(&packages.to_json().unwrap());
    assert!(matches!(listed, support::json::Json::Array(ref items) if items.len() == distributions.len()));

    let error = Packages::read(scratch.join("nothing")).err().expect("no environment there");
    assert!(matches!(error.code(), ErrorCode::NotAVenv | ErrorCode::NoPython), "{error:?}");
}

#[test]
fn install_wheels_installs_what_pip_would_list() {
    let scratch = Scratch::new("wheels");
    let env = scratch.join("env");
    CreateOptions::new().python(python()).with_pip(false).create(&env).unwrap();
    // A small pure wheel with a module and a console script, made here.
    let wheel = scratch.join("demo_tool-1.2-py3-none-any.whl");
    run_python(
        &python(),
        &format!(
            "import zipfile\n\
             files = {{'demo_tool.py': 'def main():\\n    print(42)\\n',\n\
              'demo_tool-1.2.dist-info/METADATA': 'Metadata-Version: 2.1\\nName: demo-tool\\nVersion: 1.2\\n',\n\
              'demo_tool-1.2.dist-info/WHEEL': 'Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n',\n\
              'demo_tool-1.2.dist-info/entry_points.txt': '[console_scripts]\\ndemo-tool = demo_tool:main\\n'}}\n\
             record = ''.join(n + ',,\\n' for n in files) + 'demo_tool-1.2.dist-info/RECORD,,\\n'\n\
             with zipfile.ZipFile({:?}, 'w') as z:\n\
             \x20   [z.writestr(n, t) for n, t in files.items()]\n\
             \x20   z.writestr('demo_tool-1.2.dist-info/RECORD', record)\n\
             print('made')",
            wheel.display().to_string()
        ),
    );
    libvenv::install_wheels(&env, &[&wheel]).expect("install the wheel");
    let packages = Packages::read(&env).unwrap();
    let demo = packages.distributions().into_iter().find(|d| d.normalized_name == "demo-tool").expect("listed");
    assert_eq!(demo.version, "1.2");
    let out = std::process::Command::new(env.join("bin/demo-tool")).output().expect("the console script runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "42");
    let again = libvenv::install_wheels(&env, &[&wheel]).unwrap_err();
    assert_eq!(again.code(), ErrorCode::Exists, "{again}");
    let not_a_wheel = scratch.join("notes.txt");
    std::fs::write(&not_a_wheel, "not a wheel\n").unwrap();
    assert_eq!(libvenv::install_wheels(&env, &[&not_a_wheel]).unwrap_err().code(), ErrorCode::Invalid);
    assert_eq!(libvenv::install_wheels(&env, &[] as &[&str]).unwrap_err().code(), ErrorCode::Invalid);
}
