"""Where asc-tui keeps its files, and writing them so nobody sees half of one."""
