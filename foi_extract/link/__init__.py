"""Link: tie found names to reference data (councils, systems, suppliers)."""
