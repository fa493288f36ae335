fn main() {
    leptos::mount::mount_to_body(dvc_frontend::App);
}
