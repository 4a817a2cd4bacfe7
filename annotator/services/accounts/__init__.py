"""Users and tokens, projects and their schemas, who sees what, assignment and progress."""
