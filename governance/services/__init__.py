"""Actions on motions, by job: `lifecycle` (notice, opening, consensus, calling a vote, closing,
withdrawing), `ballots`, `effects` (what a decided motion does), `sweeper` (deadlines) and `drafting`."""
