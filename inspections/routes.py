"""HTTP routes of the inspections slice (the calendar feed), served by `st.App`."""

ROUTES: list = []
