"""Analysis: the market view across documents (council_systems) and the HTML report."""
