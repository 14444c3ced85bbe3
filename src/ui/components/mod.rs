//! Thin components: each draws one part of the page from the state it is given.

pub mod console;
pub mod controls;
pub mod diagram;
pub mod editor;
pub mod embed_dialog;
pub mod export;
pub mod header;
pub mod problems;
pub mod share;
pub mod stats;
pub mod timelines;

/// CSS class of a task's colour.
pub fn task_colour(task: u32) -> String {
    format!("task-c{}", task % crate::ui::model::paint::TASK_COLOURS)
}
