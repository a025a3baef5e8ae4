//! Unit tests of the brief on small made-up stories.
