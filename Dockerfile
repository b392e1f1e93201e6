# One image for the web, the workers, the scheduler and migrations (docker-compose.yml picks the command).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY moderation ./moderation
COPY classifiers ./classifiers
COPY workers ./workers
RUN pip install --no-cache-dir . && useradd --create-home --uid 10001 moderation
USER moderation
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "moderation:create_app()"]
