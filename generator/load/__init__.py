"""Reading content files (YAML, Markdown with front matter) into plain data with source positions."""
