"""Reading rendered pages in tests."""

import json
import re
from html import unescape


def html(response):
    return response.content.decode()


def text(response):
    """The page's visible text, tags removed and white space folded."""
    folded = " ".join(re.sub(r"<[^>]+>", " ", html(response)).split())
    return unescape(folded.replace(" ,", ",").replace(" .", "."))


def jsonld(response, kind):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html(response), re.S)
    return [data for data in map(json.loads, blocks) if data["@type"] == kind]
