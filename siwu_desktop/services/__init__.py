"""Services the CLI and the window share: core's rules applied to stored returns (no Qt)."""
