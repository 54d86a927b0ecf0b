"""Plans: the annual communication plan, themes, activities, progress and evidence."""
