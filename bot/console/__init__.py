"""The web console for project workers, served under /console by the bot's HTTP server.

`routes.mount` adds it to the aiohttp application when `console_url` is set; `links.issue`
makes the one-time sign-in link `/web` sends.
"""
