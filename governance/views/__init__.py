"""Governance pages, by job: `public`, `motion`, `drafting`, `voting` (what a seat does) and `chair`
(the acts that run a motion)."""
