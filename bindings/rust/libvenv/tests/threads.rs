//! Every function may be called from any thread (venv.h): creations,
//! resolutions and failures from several threads at once, each failure
//! carrying its own thread's error.
mod support;

use std::sync::{Arc, Barrier};

use libvenv::{CreateOptions, ErrorCode};
use support::{python, Scratch};

const THREADS: usize = 8;

#[test]
fn create_and_resolve_from_several_threads() {
    let scratch = Arc::new(Scratch::new("threads"));
    let python = Arc::new(python());
    let barrier = Arc::new(Barrier::new(THREADS));
    let threads: Vec<_> = (0..THREADS)
        .map(|id| {
            let (scratch, python, barrier) = (scratch.clone(), python.clone(), barrier.clone());
            std::thread::spawn(move || {
                let options = CreateOptions::new().python(&*python).with_pip(false);
                barrier.wait();
                for round in 0..3 {
                    // Half of them in one shared directory.
                    let env = if round % 2 == 0 {
                        scratch.join(&format!("shared/env-{id}-{round}"))
                    } else {
                        scratch.join(&format!("t{id}/env-{round}"))
                    };
                    options.create(&env).unwrap_or_else(|e| panic!("thread {id} create {}: {e}", env.display()));
                    let info = libvenv::resolve(&env).expect("resolve");
                    assert_eq!(info.prefix, env);
                    assert!(info.site_packages[0].starts_with(&env));
                }
                // Each thread fails on its own path while the others fail on theirs.
                barrier.wait();
                let own = scratch.join(&format!("thread-{id}:colon"));
                let error = options.create(&own).unwrap_err();
                assert_eq!(error.code(), ErrorCode::Invalid);
                assert_eq!(error.path(), Some(own.as_path()), "thread {id} reads its own error");
                assert!(error.message().contains(&format!("thread-{id}:colon")), "{error}");
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("a thread failed");
    }
}

#[test]
fn the_same_environment_from_several_threads() {
    // venv.h: creating the same environment from two threads at once gives
    // one of them an error or a complete environment, never a mix.
    let scratch = Arc::new(Scratch::new("same"));
    let python = Arc::new(python());
    let barrier = Arc::new(Barrier::new(4));
    let env = scratch.join("one");
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (python, barrier, env) = (python.clone(), barrier.clone(), env.clone());
            std::thread::spawn(move || {
                barrier.wait();
                CreateOptions::new().python(&*python).with_pip(false).create(&env)
            })
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(results.iter().any(|r| r.is_ok()), "{results:?}");
    let info = libvenv::resolve(&env).expect("a complete environment");
    assert_eq!(info.prefix, env);
    assert!(env.join("bin/python").exists() && env.join("bin/activate").exists());
}
