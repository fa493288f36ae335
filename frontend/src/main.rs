fn main() {
    let path = leptos::prelude::window().location().pathname().unwrap_or_default();
    if path.starts_with("/console") {
        leptos::mount::mount_to_body(dvc_frontend::ConsoleApp);
    } else {
        leptos::mount::mount_to_body(dvc_frontend::App);
    }
}
