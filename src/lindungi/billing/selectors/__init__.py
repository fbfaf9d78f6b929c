"""Reading billing, within the reader's scope, by concept: `bills` (and runs), `payments` (and
statements), `accounts` (a sponsor's position), `arrears`, `tpp`."""
