"""Media: press coverage gathered from news feeds, reviewed and linked to plan activities."""
