"""The real app in tmux."""
