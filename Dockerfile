# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
#
# The bot as a GitHub App: one image for `commons bot serve`, `worker` and `sweep`
# (docs/github-app.md; deploy/compose.yaml runs them with Redis).
#   docker build -t open-commons-bot .
#   docker run --env-file bot.env -p 127.0.0.1:8080:8080 open-commons-bot            # the server
#   docker run --env-file bot.env open-commons-bot worker --threads 2                  # a worker
FROM python:3.12-slim

# git: the workers fetch the repositories and lease worktrees; nothing else is needed at run time
RUN apt-get update \
 && apt-get install -y --no-install-recommends git \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /var/lib/open-commons --shell /usr/sbin/nologin bot

COPY . /src
RUN pip install --no-cache-dir '/src[redis]' && rm -rf /src

USER bot
WORKDIR /var/lib/open-commons
ENV OPEN_COMMONS_QUEUE=sqlite:////var/lib/open-commons/queue.sqlite \
    XDG_CACHE_HOME=/var/lib/open-commons/cache \
    PYTHONUNBUFFERED=1
VOLUME ["/var/lib/open-commons"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)" || exit 1
STOPSIGNAL SIGINT
ENTRYPOINT ["commons", "bot"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
