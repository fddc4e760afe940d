"""One spider per source, named by source."""
