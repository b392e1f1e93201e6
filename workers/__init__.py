"""Celery workers: scoring comments and the periodic jobs, all through the service layer."""
