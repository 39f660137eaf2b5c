"""What several test modules share: demo clients, credentials, UI pilots, tmux."""
