"""The course source: ``course.yaml`` read with line-aware errors, and written back."""
