"""The pedagogy rules behind ``studio check``: objectives, budgets, quizzes, sequencing."""
