"""A Mastodon.py bot as people write them: instance and token from the environment, nothing else.

Run by `fedivault run`; prints one JSON line with what it saw. A refused post (a read-only run
key) is reported rather than raised.
"""
import json
import os

from mastodon import Mastodon, MastodonAPIError, StreamListener

api = Mastodon(
    api_base_url=os.environ["MASTODON_API_BASE_URL"],
    access_token=os.environ["MASTODON_ACCESS_TOKEN"],
)
report = {"me": api.account_verify_credentials()["username"]}
try:
    report["posted"] = api.status_post("posted by a Mastodon.py bot")["content"]
except MastodonAPIError as error:
    report["post_error"] = str(error)

pages = []
page = api.timeline_home(limit=20)
while page:
    pages.append(len(page))
    page = api.fetch_next(page)
report["pages"] = pages


class Collect(StreamListener):
    def __init__(self):
        self.updates = []

    def on_update(self, status):
        self.updates.append(status["id"])


listener = Collect()
api.stream_user(listener)
report["streamed"] = listener.updates
print(json.dumps(report))
