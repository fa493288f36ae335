//! The staff console bundle (`/console`): hotline queue, content editing, accounts. Built apart
//! from the citizen widget so citizens never download it.

fn main() {
    leptos::mount::mount_to_body(dvc_frontend::ConsoleApp);
}
