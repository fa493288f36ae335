pub mod app;
mod card;
pub mod console;
mod feedback;
mod my_tickets;
mod reply;
mod ticket_form;
