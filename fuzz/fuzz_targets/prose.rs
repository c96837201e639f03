//! Any text as a prose string: the guard refuses it or Tera renders it against a small context,
//! without panicking, overflowing the stack or running away.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if huibao::render::guard::check_prose(text).is_err() {
        return;
    }
    let mut tera = tera::Tera::default();
    huibao::render::filters::register(&mut tera);
    huibao::render::guard::register(&mut tera);
    let mut ctx = tera::Context::new();
    ctx.insert("years", &[2023, 2024, 2025]);
    ctx.insert("annexes", &[["甲", "乙"], ["丙", "丁"]]);
    ctx.insert("title", "浦东新区");
    let _ = tera.render_str(text, &ctx);
});
