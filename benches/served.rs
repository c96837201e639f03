//! A `huibao serve` started in a project folder with the address it printed, stopped when
//! dropped: for the serve test (`tests/it/serve.rs`) and benchmark (`benches/serve.rs`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running `huibao serve`.
pub struct Served {
    child: Child,
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
}

impl Served {
    /// Starts `huibao serve ARGS` in `dir` and waits for its address; what it prints after is
    /// read and dropped, so it never blocks on a full pipe.
    pub fn start(dir: &Path, args: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_huibao"))
            .arg("serve")
            .args(args)
            .current_dir(dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("huibao starts");
        let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("serve printed its address")
                .expect("its output is text");
            if let Some(at) = line.find("http://127.0.0.1:") {
                break line[at..]
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '（')
                    .collect();
            }
        };
        std::thread::spawn(move || for _ in lines {});
        Served { child, url }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
