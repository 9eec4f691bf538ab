//! The browser entry point: Trunk builds this for wasm32 and mounts the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(kubestep::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "kubestep-web is the browser app: build it with `trunk build --release` (see README.md)."
    );
}
