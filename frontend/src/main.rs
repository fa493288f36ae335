//! The citizen widget bundle (`/widget/`, in the portal's iframe).

fn main() {
    leptos::mount::mount_to_body(dvc_frontend::App);
}
