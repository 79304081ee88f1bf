"""Structure: split a document into questions, answers and service-area sections."""
