"""Full-text search over the archive's pages: Whoosh with Thai, Burmese and CJK analysis."""
