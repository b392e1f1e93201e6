# One image for the web, the workers, the scheduler and migrations (docker-compose.yml picks the command).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md gunicorn.conf.py ./
COPY locks ./locks
COPY moderation ./moderation
COPY classifiers ./classifiers
COPY workers ./workers
# torch is needed only to build the encoder's ONNX model: the CPU wheel, not the CUDA one. Every
# other package at the version in the lockfile, so that two builds of the image run the same code.
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu \
    && pip install --no-cache-dir -r locks/service.txt \
    && pip install --no-cache-dir --no-deps . && useradd --create-home --uid 10001 moderation
USER moderation
# The encoder's quantised ONNX model, built into the image so no worker builds it at start.
RUN python -m classifiers build-encoder
EXPOSE 8000
# gunicorn.conf.py: /metrics adds up the counts of every gunicorn worker.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000", "moderation:create_app()"]
