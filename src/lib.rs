//! isnad: a static site generator for source-annotated dossiers.
pub mod anchor;
pub mod config;
pub mod diagnostic;
pub mod fold;
pub mod load;
pub mod render;
pub mod yaml;
