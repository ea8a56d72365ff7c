//! Edit ops, expressions and validation on the model.

mod agreement;
mod expr;
mod items;
mod ops;
mod props;
