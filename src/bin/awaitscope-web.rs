//! The browser entry point, built by Trunk (`index.html` names this binary).

#[cfg(target_arch = "wasm32")]
fn main() {
    awaitscope::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "awaitscope-web is the browser build: run `trunk serve` (or scripts/serve.sh) \
         and open http://127.0.0.1:8080"
    );
}
